// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/action.h"
#include "core/protocol/event.h"
#include "core/protocol/jsonwriter.h"

#include "testconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace protocol;

class TestProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void fixturesParse();
    void msgFastPathAgrees();
    void jsonWriterMatchesQJsonDocument();
    void greeting();
    void msgEvent();
    void presenceEvents();
    void lsolAndLists();
    void forgedFrames();
    void invalidFrames_data();
    void invalidFrames();
    void hugeFrame();
    void goDuration();
    void encodeServerFrames();
    void encodeRoundTrip();
    void buildActions();
    void parseActionGoRules_data();
    void parseActionGoRules();
};

namespace {

QList<QByteArray> fixtureLines()
{
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(line);
    }
    return lines;
}

} // namespace

namespace {

void compareEvents(const Event& fast, const Event& reference, const QByteArray& frame)
{
    const QByteArray where = "frame: " + frame.toPercentEncoding(" {}[]\":,");
    QVERIFY2(fast.type == reference.type, where.constData());
    QVERIFY2(fast.name == reference.name, where.constData());
    QVERIFY2(fast.reason == reference.reason, where.constData());
    QVERIFY2(fast.msg == reference.msg, where.constData());
    QVERIFY2(fast.text == reference.text, where.constData());
    QVERIFY2(fast.call == reference.call, where.constData());
}

} // namespace

void TestProtocol::msgFastPathAgrees()
{
    // parseEvent() reads msg frames with a scanner of its own; whatever the frame, it must give exactly what the
    // general QJsonDocument path gives.
    QList<QByteArray> frames = fixtureLines();
    QList<QByteArray> msgs;
    for (const QByteArray& line : std::as_const(frames)) {
        if (line.contains("\"msg\""))
            msgs.append(line);
    }
    QVERIFY(msgs.size() >= 30);
    const QByteArray base = R"({"event":"msg","data":{"id":7,"touid":10086,"byuid":2333,"type":0,"isread":0,)"
                            R"("content":"[{\"type\":\"text\",\"value\":\"hi\"}]","ctime":"0001-01-01T00:00:00Z"}})";
    frames << base << base + '\n'
           << " \t\r\n" + base + " \n"
           << base + "\v"
           << "\v" + base << base + "x" << QByteArray(base).replace("\"id\":7", "\"id\":7.0")
           << QByteArray(base).replace("\"id\":7", "\"id\":7e0") << QByteArray(base).replace("\"id\":7", "\"id\":07")
           << QByteArray(base).replace("\"id\":7", "\"id\":-7") << QByteArray(base).replace("\"id\":7", "\"id\":0")
           << QByteArray(base).replace("\"id\":7", "\"id\":\"7\"")
           << QByteArray(base).replace("\"id\":7", "\"id\":1234567890123456789")
           << QByteArray(base).replace("\"id\":7", "\"id\":123456789012345")
           << QByteArray(base).replace("\"type\":0", "\"type\":2")
           << QByteArray(base).replace("\"type\":0", "\"type\":-0") << QByteArray(base).replace("\"isread\":0,", "")
           << QByteArray(base).replace("\"isread\":0", "\"isread\":null")
           << QByteArray(base).replace(",\"ctime\":\"0001-01-01T00:00:00Z\"", "")
           << QByteArray(base).replace("\"0001-01-01T00:00:00Z\"", "null")
           << QByteArray(base).replace("\"id\":7,", "\"id\":7,\"id\":8,")
           << QByteArray(base).replace("\"id\":7,", "\"id\":7,\"extra\":[1,{\"a\":null}],")
           << QByteArray(base).replace("{\"event\":\"msg\",", "{\"event\":\"msg\",\"event\":\"ping\",")
           << QByteArray(base).replace("\"event\":\"msg\"", "\"event\":\"m\\u0073g\"")
           << QByteArray(base).replace("hi", "\\u00e9\\u4e2d\\/\\b\\f\\n\\r\\t\\\\")
           << QByteArray(base).replace("hi", "\\ud83d\\ude00") << QByteArray(base).replace("hi", "\\ud83d")
           << QByteArray(base).replace("hi", "\\u0000") << QByteArray(base).replace("hi", "\\x")
           << QByteArray(base).replace("hi", "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80")
           << QByteArray(base).replace("hi", "\xc0\x80") << QByteArray(base).replace("hi", "\xed\xa0\x80")
           << QByteArray(base).replace("hi", "\xf4\x90\x80\x80") << QByteArray(base).replace("hi", "\xe4\xb8")
           << QByteArray(base).replace("hi", "a\tb") << QByteArray(base).replace("\"data\":{", "\"data\":{\"bot\":1,")
           << QByteArray(R"({"event":"msg","data":{"bot":2333,"data":{"id":1,"type":0,"content":"[]"}}})")
           << QByteArray(R"({"event":"msg","data":{}})") << QByteArray(R"({"event":"msg"})")
           << QByteArray("\xef\xbb\xbf") + base;
    // Random damage to real msg frames: replaced, dropped and inserted bytes that matter to a JSON scanner.
    const QByteArray interesting("\"\\{}[],: \t\n\v\x01\x7f\x80\xc3\xa9\xff"
                                 "0189-.eEu/ab");
    QRandomGenerator random(8);
    for (int round = 0; round < 4000; ++round) {
        QByteArray frame = msgs.at(int(random.bounded(qsizetype(msgs.size()))));
        const int edits = int(random.bounded(1, 4));
        for (int i = 0; i < edits && !frame.isEmpty(); ++i) {
            const qsizetype at = random.bounded(frame.size());
            const char c = interesting.at(random.bounded(interesting.size()));
            switch (random.bounded(3)) {
            case 0:
                frame[at] = c;
                break;
            case 1:
                frame.remove(at, 1);
                break;
            default:
                frame.insert(at, c);
            }
        }
        frames << frame;
    }
    int fast = 0;
    for (const QByteArray& frame : std::as_const(frames)) {
        const Event reference = parseEventWithQJson(frame);
        compareEvents(parseEvent(frame), reference, frame);
        if (QTest::currentTestFailed())
            return;
        fast += reference.type == EventType::Msg;
    }
    QVERIFY(fast > 1000); // many damaged frames are still valid msg frames, so both paths really were compared
}

void TestProtocol::fixturesParse()
{
    const QList<QByteArray> lines = fixtureLines();
    QVERIFY2(lines.size() >= 60, "fixtures not found");
    QMap<EventType, int> counts;
    for (const QByteArray& line : lines) {
        const Event event = parseEvent(line);
        const QJsonObject raw = QJsonDocument::fromJson(line).object();
        const QString name = raw.value(u"event").toString();
        ++counts[event.type];
        QCOMPARE(event.name, name);
        if (event.type == EventType::Msg) {
            QVERIFY(event.msg.id > 0);
            QCOMPARE(event.msg.id, raw.value(u"data").toObject().value(u"id").toInteger());
            QVERIFY(event.msg.type == 0 || event.msg.type == 1);
            QVERIFY(event.msg.content.startsWith(u'['));
        } else if (name == u"typing" || name == u"maintenance" || name == u"notice") {
            QCOMPARE(event.type, EventType::Unknown);
        } else if (name == u"chat") {
            QCOMPARE(event.type, EventType::RobotResponse);
            QCOMPARE(event.call.uid, -50);
        } else if (raw.value(u"data").toObject().contains(u"bot")) {
            // A forged "online" from a user through the robot-API relay (spec §6.6).
            QCOMPARE(event.type, EventType::RobotResponse);
        } else {
            QVERIFY2(event.isValid(), qPrintable(QString::fromUtf8(line) + u" -> " + event.reason));
            QCOMPARE(eventName(event.type), name);
        }
    }
    QVERIFY(counts.value(EventType::Msg) >= 20);
    QCOMPARE(counts.value(EventType::Connected), 1);
    QVERIFY(counts.value(EventType::Error) >= 5);
    QCOMPARE(counts.value(EventType::Disconnecting), 1);
}

void TestProtocol::greeting()
{
    const Event event = parseEvent("{\"event\": \"connected\"}");
    QCOMPARE(event.type, EventType::Connected);
    QCOMPARE(parseEvent(encodeConnected()).type, EventType::Connected);
    QCOMPARE(encodeConnected(), QByteArrayLiteral("{\"event\": \"connected\"}"));
    // A greeting that carries data was not sent by the server's greeting code.
    QCOMPARE(parseEvent(R"({"event":"connected","data":"x"})").type, EventType::Invalid);
}

void TestProtocol::msgEvent()
{
    const QByteArray frame = R"({"event":"msg","data":{"id":2000100,"touid":10086,"byuid":2333,"type":0,"isread":0,)"
                             R"("content":"[{\"type\":\"text\",\"value\":\"hi\"}]","ctime":"0001-01-01T00:00:00Z"}})"
                             "\n";
    const Event event = parseEvent(frame);
    QCOMPARE(event.type, EventType::Msg);
    QCOMPARE(event.msg.id, 2000100);
    QCOMPARE(event.msg.touid, 10086);
    QCOMPARE(event.msg.byuid, 2333);
    QCOMPARE(event.msg.type, 0);
    QCOMPARE(event.msg.content, QStringLiteral(R"([{"type":"text","value":"hi"}])"));
    QCOMPARE(event.msg.ctime, QStringLiteral("0001-01-01T00:00:00Z"));

    // Robot senders have negative uids.
    QCOMPARE(parseEvent(R"({"event":"msg","data":{"id":5,"touid":1,"byuid":-50,"type":1,"content":"[]"}})").msg.byuid,
             -50);
}

void TestProtocol::presenceEvents()
{
    Event event = parseEvent(R"({"event":"online","data":{"uid":-50,"count":2}})");
    QCOMPARE(event.type, EventType::Online);
    QCOMPARE(event.presence, (Presence{-50, 2}));
    event = parseEvent(R"({"event":"offline","data":{"uid":-56,"count":0}})");
    QCOMPARE(event.type, EventType::Offline);
    QCOMPARE(event.presence, (Presence{-56, 0}));
    // Presence is only ever broadcast for robots.
    QCOMPARE(parseEvent(R"({"event":"online","data":{"uid":10086,"count":1}})").type, EventType::Invalid);
    QCOMPARE(parseEvent(R"({"event":"online","data":{"uid":-5,"count":-1}})").type, EventType::Invalid);
}

void TestProtocol::lsolAndLists()
{
    Event event = parseEvent(R"({"event":"lsol","data":{"-150":1,"-50":2,"-56":1}})");
    QCOMPARE(event.type, EventType::Lsol);
    QCOMPARE(event.online.size(), 3);
    QCOMPARE(event.online.value(-50), 2);

    event = parseEvent(R"({"event":"lsunsub","data":null})");
    QCOMPARE(event.type, EventType::Lsunsub);
    QVERIFY(!event.names.has_value());
    event = parseEvent(R"({"event":"lsunsub","data":[]})");
    QVERIFY(event.names.has_value());
    QVERIFY(event.names->isEmpty());
    event = parseEvent(R"({"event":"lsunsub","data":["online","offline"]})");
    QCOMPARE(*event.names, (QStringList{QStringLiteral("online"), QStringLiteral("offline")}));

    event = parseEvent(R"({"event":"lsapi","data":{"-50":["chat","rmconvo"]}})");
    QCOMPARE(event.type, EventType::Lsapi);
    QCOMPARE(event.apis.value(-50).size(), 2);

    event = parseEvent(R"({"event":"procinf","data":{"started":"26h3m7.52s"}})");
    QCOMPARE(event.type, EventType::Procinf);
    QCOMPARE(event.startedMs, (26 * 3600 + 3 * 60 + 7) * 1000 + 520);

    event = parseEvent(R"({"event":"req","data":{"uid":10086,"action":"chat","data":"hi"}})");
    QCOMPARE(event.type, EventType::Request);
    QCOMPARE(event.call.uid, 10086);
    QCOMPARE(event.call.action, QStringLiteral("chat"));
}

void TestProtocol::forgedFrames()
{
    // Any user can make the server deliver {"bot":uid,"data":...} under any event name (spec §6.6).
    for (const char* name : {"msg", "online", "offline", "lsol", "connected", "ping"}) {
        const QByteArray frame = QByteArray(R"({"event":")") + name + R"(","data":{"bot":2333,"data":{"id":1}}})";
        const Event event = parseEvent(frame);
        QCOMPARE(event.type, EventType::RobotResponse);
        QCOMPARE(event.call.uid, 2333);
        QCOMPARE(event.call.action, QString::fromLatin1(name));
    }
    // msg shapes that a real server never sends.
    QCOMPARE(parseEvent(R"({"event":"msg","data":{"id":"1","touid":1,"byuid":2,"type":0,"content":"[]"}})").type,
             EventType::Invalid);
    QCOMPARE(parseEvent(R"({"event":"msg","data":{"id":1,"touid":1,"byuid":2,"type":7,"content":"[]"}})").type,
             EventType::Invalid);
    QCOMPARE(parseEvent(R"({"event":"msg","data":{"id":1,"touid":1,"byuid":2,"type":0,"content":[]}})").type,
             EventType::Invalid);
    QCOMPARE(parseEvent(R"({"event":"msg","data":{"id":1.5,"touid":1,"byuid":2,"type":0,"content":"[]"}})").type,
             EventType::Invalid);
    QCOMPARE(parseEvent(R"({"event":"msg","data":{"id":1e300,"touid":1,"byuid":2,"type":0,"content":"[]"}})").type,
             EventType::Invalid);
}

void TestProtocol::invalidFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("type");
    QTest::newRow("empty") << QByteArray() << int(EventType::Invalid);
    QTest::newRow("not json") << QByteArray("pong") << int(EventType::Invalid);
    QTest::newRow("array") << QByteArray("[1,2]") << int(EventType::Invalid);
    QTest::newRow("no event") << QByteArray(R"({"data":1})") << int(EventType::Invalid);
    QTest::newRow("event number") << QByteArray(R"({"event":5})") << int(EventType::Invalid);
    QTest::newRow("truncated") << QByteArray(R"({"event":"msg","data":{"id":)") << int(EventType::Invalid);
    QTest::newRow("ping number") << QByteArray(R"({"event":"ping","data":5})") << int(EventType::Invalid);
    QTest::newRow("lsol bad key") << QByteArray(R"({"event":"lsol","data":{"abc":1}})") << int(EventType::Invalid);
    QTest::newRow("lsol user") << QByteArray(R"({"event":"lsol","data":{"10086":1}})") << int(EventType::Invalid);
    QTest::newRow("ls not list") << QByteArray(R"({"event":"ls","data":"x"})") << int(EventType::Invalid);
    QTest::newRow("unknown") << QByteArray(R"({"event":"typing","data":{"uid":-50}})") << int(EventType::Unknown);
    QTest::newRow("binary junk") << QByteArray("\x00\xff\xfe{", 4) << int(EventType::Invalid);
    QTest::newRow("deep") << QByteArray(100000, '[') << int(EventType::Invalid);
}

void TestProtocol::invalidFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, type);
    const Event event = parseEvent(frame);
    QCOMPARE(int(event.type), type);
    QVERIFY(!event.isValid());
    QVERIFY(!event.reason.isEmpty());
}

void TestProtocol::hugeFrame()
{
    QByteArray frame = R"({"event":"error","data":")" + QByteArray(maxFrameSize, 'a') + "\"}";
    const Event event = parseEvent(frame);
    QCOMPARE(event.type, EventType::Invalid);
    QVERIFY(event.reason.contains(u"limit"));
}

void TestProtocol::goDuration()
{
    QCOMPARE(parseGoDuration(u"412h37m5.123456789s"), ((412 * 60 + 37) * 60 + 5) * 1000LL + 123);
    QCOMPARE(parseGoDuration(u"1.5s"), 1500);
    QCOMPARE(parseGoDuration(u"250ms"), 250);
    QCOMPARE(parseGoDuration(u"0s"), 0);
    QCOMPARE(parseGoDuration(u"3\u00b5s"), 0);
    QCOMPARE(parseGoDuration(u""), -1);
    QCOMPARE(parseGoDuration(u"12"), -1);
    QCOMPARE(parseGoDuration(u"5x"), -1);
    QCOMPARE(formatGoDuration(0), QStringLiteral("0s"));
    QCOMPARE(formatGoDuration(250), QStringLiteral("250ms"));
    QCOMPARE(formatGoDuration(1500), QStringLiteral("1.5s"));
    QCOMPARE(formatGoDuration(((26 * 60 + 3) * 60 + 7) * 1000LL + 520), QStringLiteral("26h3m7.52s"));
    QCOMPARE(formatGoDuration(60000), QStringLiteral("1m0s"));
    for (qint64 ms : {1LL, 999LL, 1000LL, 61001LL, 3600000LL, 123456789LL})
        QCOMPARE(parseGoDuration(formatGoDuration(ms)), ms);
}

void TestProtocol::encodeServerFrames()
{
    QCOMPARE(encodeEvent(u"ping", QStringLiteral("pong")),
             QByteArrayLiteral("{\"event\":\"ping\",\"data\":\"pong\"}\n"));
    QCOMPARE(encodeEvent(u"lsunsub", QJsonValue()), QByteArrayLiteral("{\"event\":\"lsunsub\",\"data\":null}\n"));
    // uid keys sorted as strings, like Go's map encoding.
    const QJsonObject online{{QStringLiteral("-50"), 2}, {QStringLiteral("-150"), 1}, {QStringLiteral("-56"), 1}};
    QCOMPARE(encodeEvent(u"lsol", online),
             QByteArrayLiteral("{\"event\":\"lsol\",\"data\":{\"-150\":1,\"-50\":2,\"-56\":1}}\n"));
    // Go escapes <, > and & and the JavaScript line separators.
    QCOMPARE(encodeEvent(u"error", QStringLiteral("a<b>&c\u2028")),
             QByteArrayLiteral("{\"event\":\"error\",\"data\":\"a\\u003cb\\u003e\\u0026c\\u2028\"}\n"));
    QCOMPARE(encodePresence(EventType::Offline, {-56, 0}),
             QByteArrayLiteral("{\"event\":\"offline\",\"data\":{\"uid\":-56,\"count\":0}}\n"));
    QCOMPARE(encodeRobotResponse(u"chat", -50, QStringLiteral("hi")),
             QByteArrayLiteral("{\"event\":\"chat\",\"data\":{\"bot\":-50,\"data\":\"hi\"}}\n"));
    QCOMPARE(encodeRequest(10086, u"chat", QStringLiteral("你好")),
             QByteArrayLiteral("{\"event\":\"req\",\"data\":{\"uid\":10086,\"action\":\"chat\",\"data\":\"") + "你好" +
                 QByteArrayLiteral("\"}}\n"));
}

void TestProtocol::encodeRoundTrip()
{
    // The msg fixture from the service document, byte for byte as the server sends it (plus its newline).
    const QList<QByteArray> lines = fixtureLines();
    int checked = 0;
    for (const QByteArray& line : lines) {
        const Event event = parseEvent(line);
        if (event.type != EventType::Msg)
            continue;
        QCOMPARE(encodeMsg(event.msg), line + '\n');
        ++checked;
    }
    QVERIFY(checked >= 20);
}

void TestProtocol::buildActions()
{
    QCOMPARE(pingAction(), QByteArrayLiteral("{\"action\":\"ping\"}"));
    QCOMPARE(lsolAction(u"q1"), QByteArrayLiteral("{\"action\":\"lsol\",\"id\":\"q1\"}"));
    QCOMPARE(unsubAction({QStringLiteral("online"), QStringLiteral("offline")}),
             QByteArrayLiteral("{\"action\":\"unsub\",\"data\":[\"online\",\"offline\"]}"));
    QCOMPARE(subAction({QStringLiteral("online")}), QByteArrayLiteral("{\"action\":\"sub\",\"data\":[\"online\"]}"));
    QCOMPARE(lsunsubAction(), QByteArrayLiteral("{\"action\":\"lsunsub\"}"));
    QCOMPARE(lsAction(), QByteArrayLiteral("{\"action\":\"ls\"}"));
    QCOMPARE(procinfAction(), QByteArrayLiteral("{\"action\":\"procinf\"}"));
    QCOMPARE(regapiAction({QStringLiteral("chat")}), QByteArrayLiteral("{\"action\":\"regapi\",\"data\":[\"chat\"]}"));
    QCOMPARE(lsapiAction(), QByteArrayLiteral("{\"action\":\"lsapi\"}"));
    QCOMPARE(respAction(10086, u"chat", QStringLiteral("ok")),
             QByteArrayLiteral("{\"action\":\"resp\",\"data\":{\"action\":\"chat\",\"data\":\"ok\",\"uid\":10086}}"));
    QCOMPARE(robotCallAction(u"chat", -50, QStringLiteral("hi"), u"c1"),
             QByteArrayLiteral("{\"action\":\"chat\",\"data\":{\"bot\":-50,\"data\":\"hi\"},\"id\":\"c1\"}"));

    // Every built action decodes on the server side to what was meant.
    const Action decoded = parseAction(robotCallAction(u"chat", -50, QStringLiteral("hi"), u"c1"));
    QVERIFY(decoded.ok);
    QCOMPARE(decoded.name, QStringLiteral("chat"));
    QCOMPARE(decoded.id, QStringLiteral("c1"));
    QCOMPARE(decoded.data.toObject().value(u"bot").toInteger(), -50);
    QCOMPARE(builtinActions().size(), 10);
}

void TestProtocol::parseActionGoRules_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("error");
    QTest::newRow("ping") << QByteArray(R"({"action":"ping"})") << true << "ping"
                          << ""
                          << "";
    QTest::newRow("case-insensitive") << QByteArray(R"({"Action":"lsol","ID":"7"})") << true << "lsol"
                                      << "7"
                                      << "";
    QTest::newRow("unknown members") << QByteArray(R"({"action":"ls","foo":1})") << true << "ls"
                                     << ""
                                     << "";
    QTest::newRow("trailing bytes") << QByteArray(R"({"action":"ping"} garbage)") << true << "ping"
                                    << ""
                                    << "";
    QTest::newRow("missing action") << QByteArray(R"({"data":1})") << true << ""
                                    << ""
                                    << "";
    QTest::newRow("null") << QByteArray("null") << true << ""
                          << ""
                          << "";
    QTest::newRow("empty") << QByteArray("") << false << ""
                           << ""
                           << "EOF";
    QTest::newRow("spaces") << QByteArray("  \n") << false << ""
                            << ""
                            << "EOF";
    QTest::newRow("not json") << QByteArray("ping") << false << ""
                              << ""
                              << "invalid character 'p' looking for beginning of value";
    QTest::newRow("numeric id") << QByteArray(R"({"action":"ping","id":5})") << false << ""
                                << ""
                                << "json: cannot unmarshal number into Go struct field BotCmd.id of type string";
    QTest::newRow("truncated") << QByteArray(R"({"action":"pi)") << false << ""
                               << ""
                               << "unexpected EOF";
}

void TestProtocol::parseActionGoRules()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, ok);
    QFETCH(QString, name);
    QFETCH(QString, id);
    QFETCH(QString, error);
    const Action action = parseAction(frame);
    QCOMPARE(action.ok, ok);
    QCOMPARE(action.name, name);
    QCOMPARE(action.id, id);
    QCOMPARE(action.error, error);
}

void TestProtocol::jsonWriterMatchesQJsonDocument()
{
    using namespace Qt::StringLiterals;
    // Strings: every class of UTF-16 unit the escaping treats differently, lone surrogates included.
    QStringList pieces =
        u"a|Zz09 ~|\"|\\|/|\b\f\n\r\t|\u00e9\u07ff|\u0800\u4e2d\uffff\ufffe|\u2028\u2029|<>&|\U0001F600"_s.split(u'|');
    for (char16_t unit : {0x00, 0x01, 0x1F, 0x7F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF})
        pieces.append(QString(QChar(unit)));
    QRandomGenerator random(9);
    for (int round = 0; round < 20000; ++round) {
        QString text;
        const int length = int(random.bounded(0, 10));
        for (int i = 0; i < length; ++i)
            text += pieces.at(int(random.bounded(qsizetype(pieces.size()))));
        QByteArray expected = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
        expected = expected.mid(1, expected.size() - 2);
        QByteArray written = "x";
        protocol::appendJsonString(written, text);
        QCOMPARE(written.mid(1), expected);
    }

    // A whole object, written in QJsonObject's (sorted) key order.
    const QJsonObject object{{u"a"_s, QJsonArray{u"x"_s, 1, -2}},
                             {u"b"_s, true},
                             {u"c"_s, QJsonValue::Null},
                             {u"d"_s, qint64(-9007199254740992)},
                             {u"e"_s, std::numeric_limits<qint64>::max()},
                             {u"f"_s, QJsonArray{}},
                             {u"g"_s, u"\u4e2d\""_s}};
    QByteArray written;
    protocol::JsonWriter out(written);
    out.beginObject();
    out.key("a"_L1);
    out.beginArray();
    out.string(u"x");
    out.integer(1);
    out.integer(-2);
    out.endArray();
    out.key("b"_L1);
    out.boolean(true);
    out.key("c"_L1);
    out.null();
    out.key("d"_L1);
    out.integer(-9007199254740992);
    out.key("e"_L1);
    out.integer(std::numeric_limits<qint64>::max());
    out.key("f"_L1);
    out.beginArray();
    out.endArray();
    out.key("g"_L1);
    out.raw("\"\xe4\xb8\xad\\\"\""); // already JSON (UTF-8 of U+4E2D and an escaped quote): as it is
    out.endObject();
    QCOMPARE(written, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
