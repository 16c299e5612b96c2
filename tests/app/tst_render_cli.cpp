// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of `hu60-notifier render`.
#include "testconfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class TestRenderCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixturesRender();
    void badLinesContinue();
    void siteOption();
    void hostileInput();
    void lineFraming();

private:
    struct Result
    {
        int exitCode = -1;
        QList<QJsonObject> lines;
        QByteArray stderrText;
    };
    static Result run(const QByteArray& input, const QStringList& extraArguments = {});
};

TestRenderCli::Result TestRenderCli::run(const QByteArray& input, const QStringList& extraArguments)
{
    QProcess process;
    process.start(QStringLiteral(HU60_NOTIFIER_BINARY), QStringList{QStringLiteral("render")} + extraArguments);
    Result result;
    if (!process.waitForStarted(10000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.stderrText = process.readAllStandardError();
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning("render printed a non-JSON line: %s", line.constData());
            result.lines.append(QJsonObject{{QStringLiteral("unparseable"), true}});
            continue;
        }
        result.lines.append(doc.object());
    }
    return result;
}

void TestRenderCli::fixturesRender()
{
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray input = file.readAll();
    const QList<QByteArray> inputLines = input.trimmed().split('\n');

    const Result result = run(input);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.lines.size(), inputLines.size());
    int msgs = 0;
    for (int i = 0; i < inputLines.size(); ++i) {
        const QJsonObject in = QJsonDocument::fromJson(inputLines.at(i)).object();
        const QJsonObject out = result.lines.at(i);
        QVERIFY2(!out.contains(u"error"), inputLines.at(i).constData());
        QCOMPARE(out.value(u"event").toString(), in.value(u"event").toString());
        const QJsonObject data = in.value(u"data").toObject();
        if (in.value(u"event").toString() == u"msg" && !data.contains(u"bot")) {
            ++msgs;
            QCOMPARE(out.value(u"id").toInteger(), data.value(u"id").toInteger());
            QCOMPARE(out.value(u"type").toInt(), data.value(u"type").toInt());
            QCOMPARE(out.value(u"byuid").toInteger(), data.value(u"byuid").toInteger());
            QVERIFY(!out.value(u"text").toString().isEmpty() || data.value(u"content").toString() == u"[]");
            QVERIFY(!out.value(u"html").toString().isEmpty() || data.value(u"content").toString() == u"[]");
            const QUrl url(out.value(u"url").toString());
            QCOMPARE(url.scheme(), QStringLiteral("https"));
            QCOMPARE(url.host(), QStringLiteral("hu60.cn"));
            QVERIFY(url.path().startsWith(u"/q.php/"));
            QVERIFY(!url.toString().contains(u"{$BID}"));
        }
    }
    QVERIFY(msgs >= 20);
}

void TestRenderCli::badLinesContinue()
{
    const QByteArray input = "not json\n"
                             "{\"event\":\"ping\",\"data\":\"pong\"}\n"
                             "[1,2,3]\n"
                             "{\"event\":\"msg\",\"data\":{\"id\":\"x\"}}\n"
                             "{\"event\":\"msg\",\"data\":{\"id\":7,\"touid\":1,\"byuid\":2,\"type\":0,\"isread\":0,"
                             "\"content\":\"[{\\\"type\\\":\\\"text\\\",\\\"value\\\":\\\"hi\\\"}]\"}}\n";
    const Result result = run(input);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.lines.size(), 5);
    QVERIFY(result.lines.at(0).value(u"error").isString());
    QCOMPARE(result.lines.at(1).value(u"event").toString(), QStringLiteral("ping"));
    QVERIFY(result.lines.at(2).value(u"error").isString());
    QVERIFY(result.lines.at(3).value(u"error").isString());
    QCOMPARE(result.lines.at(4).value(u"text").toString(), QStringLiteral("hi"));
    QCOMPARE(result.lines.at(4).value(u"url").toString(),
             QStringLiteral("https://hu60.cn/q.php/msg.index.view.7.html"));
}

void TestRenderCli::siteOption()
{
    const QByteArray input =
        R"({"event":"msg","data":{"id":9,"touid":1,"byuid":2,"type":1,"isread":0,)"
        R"("content":"[{\"type\":\"atMsg\",\"uid\":2,\"pos\":\"x\",\"url\":\"bbs.topic.1.{$BID}#0\",)"
        R"(\"msg\":[{\"type\":\"face\",\"face\":\"ok\"}]}]"}})"
        "\n";
    const Result result = run(input, {QStringLiteral("--site"), QStringLiteral("http://127.0.0.1:4861")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.lines.size(), 1);
    QCOMPARE(result.lines.at(0).value(u"url").toString(),
             QStringLiteral("http://127.0.0.1:4861/q.php/bbs.topic.1.html#0"));
    QVERIFY(result.lines.at(0).value(u"html").toString().contains(u"http://127.0.0.1:4861/img/face/6f6b.gif"));
    QVERIFY(!result.lines.at(0).value(u"html").toString().contains(u"hu60.cn"));
}

void TestRenderCli::hostileInput()
{
    const QByteArray input =
        R"({"event":"msg","data":{"id":10,"touid":1,"byuid":2,"type":0,"isread":0,"content":"[{\"type\":\"text\",)"
        R"(\"value\":\"<script>alert(1)</script><img src=x onerror=alert(1)>\"},{\"type\":\"url\",\"url\":)"
        R"(\"javascript:alert(1)\",\"title\":\"click\"},{\"type\":\"img\",\"src\":\"file:///etc/passwd\",\"alt\":\"p\"}]"}})"
        "\n" +
        QByteArray(3 * 1024 * 1024, 'x') + "\n";
    const Result result = run(input);
    QCOMPARE(result.exitCode, 2); // the 3 MB line is refused
    QCOMPARE(result.lines.size(), 2);
    const QString html = result.lines.at(0).value(u"html").toString();
    QVERIFY(!html.contains(u"<script", Qt::CaseInsensitive));
    // Event handler attributes may only appear as escaped text, never inside a tag.
    QVERIFY(!html.contains(
        QRegularExpression(QStringLiteral("<[^>]*\\son\\w+\\s*="), QRegularExpression::CaseInsensitiveOption)));
    QVERIFY(!html.contains(u"javascript:", Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"file:", Qt::CaseInsensitive));
    QVERIFY(result.lines.at(1).value(u"error").isString());
}

void TestRenderCli::lineFraming()
{
    // A line over the frame cap is consumed (not kept whole) and answered with its size; a blank one of any length
    // is skipped; CR LF line ends and a last line without a newline are read as frames.
    const QByteArray ping = R"({"event":"ping","data":"pong"})";
    const qsizetype big = 4 * 1024 * 1024 + 100;
    const QByteArray input = ping + "\r\n" + QByteArray(big, 'x') + "\n" + QByteArray(big, ' ') + "\n\n" + ping;
    const Result result = run(input);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.lines.size(), 3);
    QCOMPARE(result.lines.at(0).value(u"data").toString(), QStringLiteral("pong"));
    QCOMPARE(result.lines.at(1).value(u"error").toString(),
             QStringLiteral("frame of %1 bytes exceeds the 4194304 byte limit").arg(big + 1));
    QCOMPARE(result.lines.at(2).value(u"event").toString(), QStringLiteral("ping"));
}

QTEST_GUILESS_MAIN(TestRenderCli)
#include "tst_render_cli.moc"
