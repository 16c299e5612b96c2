// SPDX-License-Identifier: GPL-3.0-or-later
// The push server's hardening limits (PushServerLimits) against a real PushServer on 127.0.0.1, port 0: each
// limit with small values, floods of bad handshakes, garbage and half frames, clients that never read, and that
// every connection is gone afterwards (socketCount() back to its baseline).
#include "core/protocol/event.h"
#include "core/server/companion.h"
#include "core/server/pushserver.h"
#include "core/server/store.h"
#include "support/logcapture.h"
#include "support/serverprobe.h"
#include "support/servertestmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using server::Companion;

namespace {

const QByteArray pong = QByteArrayLiteral("{\"event\":\"ping\",\"data\":\"pong\"}\n");
const QByteArray pingAction = QByteArrayLiteral("{\"action\":\"ping\"}");

/// A client-to-server WebSocket frame (masked, as RFC 6455 requires of clients).
QByteArray clientFrame(quint8 opcode, const QByteArray& payload)
{
    QByteArray frame;
    frame.append(static_cast<char>(0x80 | opcode));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(static_cast<char>(0x80 | size));
    } else {
        frame.append(static_cast<char>(0x80 | 126));
        frame.append(static_cast<char>((size >> 8) & 0xff));
        frame.append(static_cast<char>(size & 0xff));
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < size; ++i)
        frame.append(static_cast<char>(payload.at(i) ^ mask[i % 4]));
    return frame;
}

QByteArray upgradeRequest(const QByteArray& sid, const QByteArray& extraHeaders = {})
{
    return "GET /v1/ws?_sid=" + sid +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
           extraHeaders + "\r\n";
}

} // namespace

class TestServerLimits : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Companion> m_companion;
    qint64 m_now = 0;

    server::PushServer* push() const { return m_companion->pushServer(); }

    void start(const server::PushServerLimits& limits)
    {
        m_companion = std::make_unique<Companion>();
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("test-token");
        options.pushLimits = limits;
        QString error;
        QVERIFY2(m_companion->start(options, &error), qPrintable(error));
        push()->setClock([this] { return m_now; });
    }

    QNetworkRequest request(const QString& sid) const
    {
        return QNetworkRequest(ServerProbe::withSid(m_companion->pushUrl(), sid));
    }

    std::unique_ptr<ServerProbe> connectGood()
    {
        auto probe = std::make_unique<ServerProbe>(request(Companion::demoSid()));
        if (!probe->waitConnected())
            return nullptr;
        return probe;
    }

    /// A raw TCP connection from `source` (any 127.x address: the whole range is loopback on Linux).
    std::unique_ptr<QTcpSocket> rawConnection(const QHostAddress& source = QHostAddress(QHostAddress::LocalHost))
    {
        auto socket = std::make_unique<QTcpSocket>();
        if (!socket->bind(source, 0))
            return nullptr;
        socket->connectToHost(QHostAddress::LocalHost, push()->serverPort());
        if (!socket->waitForConnected(5000))
            return nullptr;
        return socket;
    }

    /// A raw connection upgraded by hand and authenticated as the demo user.
    std::unique_ptr<QTcpSocket> rawWebSocket()
    {
        auto socket = rawConnection();
        if (!socket)
            return nullptr;
        socket->write(upgradeRequest(Companion::demoSid().toUtf8()));
        const bool greeted = QTest::qWaitFor(
            [&socket] {
                const QByteArray data = socket->peek(4096);
                return data.startsWith("HTTP/1.1 101") && data.contains("{\"event\": \"connected\"}");
            },
            5000);
        if (!greeted)
            return nullptr;
        socket->readAll();
        return socket;
    }

    static bool waitClosedByServer(QTcpSocket* socket, int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [socket] {
                socket->readAll();
                return socket->state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        m_now = 1000;
    }
    void cleanup() { m_companion.reset(); }

    void defaultsAreSane()
    {
        const server::PushServerLimits limits;
        QCOMPARE(limits.maxMessageBytes, qint64(1024 * 1024));
        QVERIFY(limits.maxUnauthenticatedPerAddress >= 4 && limits.maxUnauthenticatedPerAddress <= 64);
        QVERIFY(limits.handshakeTimeoutMs <= 10000);
        QVERIFY(limits.maxPendingOutputBytes <= 16 * 1024 * 1024);
        Companion companion;
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        QVERIFY(companion.start(options, nullptr));
        QCOMPARE(companion.pushServer()->limits().maxConnections, limits.maxConnections);
        QVERIFY(companion.pushServer()->serverAddress().isLoopback());
    }

    void oversizedMessageClosesWith1009()
    {
        server::PushServerLimits limits;
        limits.maxMessageBytes = 1024;
        start(limits);
        auto probe = connectGood();
        QVERIFY(probe);
        probe->send(QByteArray(R"({"action":"ping","data":")") + QByteArray(900, 'x') + "\"}");
        QCOMPARE(probe->next(), pong);
        probe->send(QByteArray(R"({"action":"ping","data":")") + QByteArray(2000, 'x') + "\"}");
        QVERIFY(probe->waitDisconnected());
        QCOMPARE(probe->closeCode, QWebSocketProtocol::CloseCodeTooMuchData);
        QVERIFY(!probe->closeReason.isEmpty());
        QTRY_COMPARE(push()->socketCount(), 0);
        QCOMPARE(push()->connectionCount(), 0);
    }

    void messageRateIsATokenBucket()
    {
        server::PushServerLimits limits;
        limits.messagesPerSecond = 2;
        limits.messageBurst = 5;
        start(limits);
        auto probe = connectGood();
        QVERIFY(probe);
        for (int i = 0; i < 5; ++i)
            probe->send(pingAction);
        QVERIFY(probe->waitFrames(5));
        m_now += 1000; // two more tokens
        probe->send(pingAction);
        probe->send(pingAction);
        QVERIFY(probe->waitFrames(7));
        QVERIFY(!probe->disconnected);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("limit hit: message rate from 127.0.0.1")));
        probe->send(pingAction);
        QVERIFY(probe->waitDisconnected());
        QCOMPARE(probe->closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(probe->closeReason, QString::fromUtf16(server::rateLimitReason));
        QCOMPARE(probe->frames.count(pong), 7);
        // Another connection has its own bucket; the limit hit is logged once a minute only.
        auto other = connectGood();
        QVERIFY(other);
        for (int i = 0; i < 6; ++i)
            other->send(pingAction);
        QVERIFY(other->waitDisconnected());
        QCOMPARE(other->closeReason, QString::fromUtf16(server::rateLimitReason));
        QTRY_COMPARE(push()->socketCount(), 0);
    }

    void unauthenticatedConnectionsPerAddressAreCapped()
    {
        server::PushServerLimits limits;
        limits.maxUnauthenticatedPerAddress = 3;
        start(limits);
        // Authenticated connections do not count.
        auto a = connectGood();
        auto b = connectGood();
        QVERIFY(a && b);
        QCOMPARE(push()->unauthenticatedCount(QHostAddress(QHostAddress::LocalHost)), 0);
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 3; ++i) {
            idle.push_back(rawConnection());
            QVERIFY(idle.back());
        }
        QTRY_COMPARE(push()->unauthenticatedCount(QHostAddress(QHostAddress::LocalHost)), 3);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: unauthenticated")));
        auto refused = rawConnection();
        QVERIFY(refused);
        QTRY_VERIFY(refused->peek(64).startsWith("HTTP/1.1 429 Too Many Requests\r\n"));
        QVERIFY(waitClosedByServer(refused.get()));
        // Another address is not affected.
        auto elsewhere = rawConnection(QHostAddress(QStringLiteral("127.0.0.2")));
        QVERIFY(elsewhere);
        QTRY_COMPARE(push()->unauthenticatedCount(QHostAddress(QStringLiteral("127.0.0.2"))), 1);
        QVERIFY(elsewhere->state() == QAbstractSocket::ConnectedState && elsewhere->bytesAvailable() == 0);
        // Once the idle ones are gone, a good client gets in again.
        idle.clear();
        QTRY_COMPARE(push()->unauthenticatedCount(QHostAddress(QHostAddress::LocalHost)), 0);
        QVERIFY(connectGood());
        QVERIFY(a->sync());
    }

    void totalConnectionsAreCapped()
    {
        server::PushServerLimits limits;
        limits.maxConnections = 2;
        start(limits);
        auto a = connectGood();
        auto b = connectGood();
        QVERIFY(a && b);
        QCOMPARE(push()->socketCount(), 2);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: total connections")));
        auto refused = rawConnection();
        QVERIFY(refused);
        QTRY_VERIFY(refused->peek(64).startsWith("HTTP/1.1 503 Service Unavailable\r\n"));
        QVERIFY(waitClosedByServer(refused.get()));
        QCOMPARE(push()->socketCount(), 2);
        b.reset();
        QTRY_COMPARE(push()->socketCount(), 1);
        QVERIFY(connectGood());
    }

    void slowAndSilentHandshakesTimeOut()
    {
        server::PushServerLimits limits;
        limits.handshakeTimeoutMs = 300;
        start(limits);
        auto silent = rawConnection();
        auto slowloris = rawConnection();
        QVERIFY(silent && slowloris);
        slowloris->write("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QTRY_COMPARE(push()->socketCount(), 2);
        // Dribbling more header lines does not extend the deadline.
        for (int i = 0; i < 5; ++i) {
            slowloris->write("X-Slow: 1\r\n");
            QTest::qWait(40);
        }
        QVERIFY(waitClosedByServer(silent.get(), 3000));
        QVERIFY(waitClosedByServer(slowloris.get(), 3000));
        QTRY_COMPARE(push()->socketCount(), 0);
        QCOMPARE(push()->unauthenticatedCount(QHostAddress(QHostAddress::LocalHost)), 0);
    }

    // 200 bad connections from 127.0.0.2 of every kind; a good client from 127.0.0.1 is served during the flood,
    // and afterwards nothing is left behind.
    void badHandshakeFloodLeavesServerResponsive()
    {
        server::PushServerLimits limits;
        limits.handshakeTimeoutMs = 500;
        limits.maxUnauthenticatedPerAddress = 1000; // let the flood reach the parser
        start(limits);
        auto good = connectGood();
        QVERIFY(good);
        const QHostAddress flooder(QStringLiteral("127.0.0.2"));
        const QList<QByteArray> kinds{
            QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), // a TLS ClientHello
            QByteArray("GET /v1/ws HTTP/1.1\r\nHost: x\r\n"),               // half a request
            QByteArray("GET /v1/ws HTTP/1.1\r\n") + QByteArray(20000, 'A'), // headers too large
            QByteArray("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"),            // wrong path
            QByteArray("POST /v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"),
            QByteArray("GET /v1/ws HTTP/1.1\r\nHost: x\r\n\r\n"), // no upgrade
            // An upgrade QWebSocketServer refuses (no key): must not leave its parsed headers behind.
            QByteArray("GET /v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n"),
            upgradeRequest("wrong-sid"), // upgraded, then closed 1008
            QByteArray("\r\n\r\n"),
            QByteArray(), // connects and says nothing
        };
        std::vector<std::unique_ptr<QTcpSocket>> flood;
        for (int i = 0; i < 200; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            QVERIFY(socket->bind(flooder, 0));
            socket->connectToHost(QHostAddress::LocalHost, push()->serverPort());
            socket->write(kinds.at(i % kinds.size()));
            flood.push_back(std::move(socket));
        }
        QTRY_VERIFY_WITH_TIMEOUT(push()->socketCount() > 50, 5000);
        // Served while the flood is open.
        QElapsedTimer latency;
        latency.start();
        auto second = connectGood();
        QVERIFY(second);
        QVERIFY(good->sync());
        // Responsive during the flood (a generous bound: CI machines are slow, sanitizers slower).
        QVERIFY2(latency.elapsed() < 10000, qPrintable(QString::number(latency.elapsed())));
        // Every flood connection ends (refused, closed or timed out) and nothing is left on the server.
        for (std::size_t i = 0; i < flood.size(); ++i)
            QVERIFY2(waitClosedByServer(flood[i].get(), 5000), qPrintable(QString::number(i % kinds.size())));
        QTRY_COMPARE(push()->socketCount(), 2);
        QCOMPARE(push()->pendingUpgradeCount(), 0);
        QCOMPARE(push()->unauthenticatedCount(flooder), 0);
        QCOMPARE(push()->liveConnections(Companion::demoUid()), 2);
        QVERIFY(second->sync());
    }

    void garbageFramesCloseOnlyThatConnection()
    {
        start({});
        auto good = connectGood();
        QVERIFY(good);
        auto raw = rawWebSocket();
        QVERIFY(raw);
        QCOMPARE(push()->liveConnections(Companion::demoUid()), 2);
        raw->write(clientFrame(0x1, pingAction));
        QTRY_VERIFY(raw->peek(64).contains("pong"));
        raw->readAll();
        raw->write(QByteArray("\x8f\x85garbage-with-a-reserved-opcode", 33));
        QVERIFY(waitClosedByServer(raw.get()));
        QTRY_COMPARE(push()->socketCount(), 1);
        QCOMPARE(push()->liveConnections(Companion::demoUid()), 1);
        QVERIFY(good->sync());
    }

    void midFrameDisconnectLeavesNothingBehind()
    {
        start({});
        auto good = connectGood();
        QVERIFY(good);
        for (int i = 0; i < 10; ++i) {
            auto raw = rawWebSocket();
            QVERIFY(raw);
            const QByteArray frame =
                clientFrame(0x1, QByteArray(R"({"action":"ping","data":")") + QByteArray(300, 'y') + "\"}");
            raw->write(frame.left(i == 0 ? 1 : frame.size() / 2)); // half a header, or half a payload
            QVERIFY(raw->waitForBytesWritten(1000) || raw->bytesToWrite() == 0);
            raw->abort();
        }
        QTRY_COMPARE(push()->socketCount(), 1);
        QCOMPARE(push()->liveConnections(Companion::demoUid()), 1);
        QCOMPARE(push()->connectionCount(), 1);
        QVERIFY(good->sync());
    }

    void clientThatNeverReadsIsDropped()
    {
        server::PushServerLimits limits;
        limits.maxPendingOutputBytes = 256 * 1024;
        start(limits);
        auto reader = connectGood();
        QVERIFY(reader);
        auto stalled = rawWebSocket();
        QVERIFY(stalled);
        stalled->setReadBufferSize(1); // Qt stops reading from the kernel: the stream backs up to the server
        QCOMPARE(push()->liveConnections(Companion::demoUid()), 2);
        server::Message message;
        message.touid = Companion::demoUid();
        message.byuid = 2;
        message.content = QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                 {QStringLiteral("value"), QString(16 * 1024, u'z')}}};
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: pending output")));
        bool dropped = false;
        for (int round = 0; round < 4000 && !dropped; ++round) {
            message.id = round + 1;
            push()->pushMessage(message);
            QCoreApplication::processEvents();
            reader->frames.clear();
            dropped = push()->liveConnections(Companion::demoUid()) == 1;
        }
        QVERIFY(dropped);
        QVERIFY(!reader->disconnected);
        QVERIFY(reader->sync());
        QTRY_COMPARE(push()->socketCount(), 1);
    }

    void badFramesAreLoggedOnceAMinutePerAddress()
    {
        start({});
        LogCapture log;
        auto probe = connectGood();
        QVERIFY(probe);
        // Malformed JSON, a wrong type and unknown actions: every one is answered, few are logged.
        const QList<QByteArray> bad{"not json", R"({"action":"ping","id":5})", "{", R"({"action":"nope"})",
                                    R"({"action":"nope2","id":"x"})"};
        for (int round = 0; round < 3; ++round) {
            for (const QByteArray& frame : bad)
                probe->send(frame);
        }
        QVERIFY(probe->waitFrames(3 * 6)); // one error each, plus an ack for the frame with a string id
        QVERIFY(probe->sync());
        QCOMPARE(log.matching(QStringLiteral("undecodable frame from 127.0.0.1")).size(), 1);
        QCOMPARE(log.matching(QStringLiteral("unsupported action \"nope\" from 127.0.0.1")).size(), 1);
        QCOMPARE(log.matching(QStringLiteral("unsupported action")).size(), 1);
        // A minute later: one more line of each.
        m_now += 61'000;
        probe->send("still not json");
        probe->send(R"({"action":"nope"})");
        QVERIFY(probe->waitFrames(3 * 6 + 2));
        QCOMPARE(log.matching(QStringLiteral("undecodable frame")).size(), 2);
        QCOMPARE(log.matching(QStringLiteral("unsupported action")).size(), 2);
        QVERIFY(!probe->disconnected);
    }

    void localFramesNeedNoSocket()
    {
        start({});
        const QList<QByteArray> replies =
            push()->handleLocalFrame(Companion::demoUid(), R"({"action":"ping","id":"1"})");
        QCOMPARE(replies, (QList<QByteArray>{protocol::encodeEvent(u"ack", QStringLiteral("1")), pong}));
        QCOMPARE(push()->handleLocalFrame(1, "{"),
                 (QList<QByteArray>{protocol::encodeEvent(u"error", QStringLiteral("unexpected EOF"))}));
        QCOMPARE(push()->socketCount(), 0);
    }

    void namesPerUserAreCapped()
    {
        server::PushServerLimits limits;
        limits.maxNamesPerUser = 3;
        start(limits);
        const qint64 robot = Companion::demoRobotUid();
        QCOMPARE(push()->handleLocalFrame(robot, R"({"action":"regapi","data":["a","b","c"]})"),
                 (QList<QByteArray>{protocol::encodeEvent(u"regapi", QStringLiteral("ok"))}));
        QCOMPARE(push()->handleLocalFrame(robot, R"({"action":"regapi","data":["d"]})"),
                 (QList<QByteArray>{protocol::encodeEvent(u"error", QStringLiteral("too many apis"))}));
        QCOMPARE(push()->handleLocalFrame(7, R"({"action":"unsub","data":["a","b","c","d"]})"),
                 (QList<QByteArray>{protocol::encodeEvent(u"error", QStringLiteral("too many names"))}));
    }

    void namesHaveASizeCapAndAreFreed()
    {
        server::PushServerLimits limits;
        limits.maxNameBytes = 8;
        limits.maxNameBytesPerUser = 20;
        start(limits);
        const qint64 uid = Companion::demoUid();
        auto a = connectGood();
        QVERIFY(a);
        a->send(R"({"action":"regapi","data":["123456789"]})");
        QCOMPARE(a->next(), protocol::encodeEvent(u"error", QStringLiteral("name too long (at most 8 bytes)")));
        a->send(R"({"action":"unsub","data":["aaaaaaaa","bbbbbbbb"]})");
        QCOMPARE(a->next(), protocol::encodeEvent(u"unsub", QStringLiteral("ok")));
        a->send(R"({"action":"regapi","data":["cccccccc"]})");
        QCOMPARE(a->next(),
                 protocol::encodeEvent(u"error", QStringLiteral("names too large (at most 20 bytes per user)")));
        QCOMPARE(push()->nameBytes(uid), qint64(16));
        // Gone with the user's last connection: nothing of it is kept for good.
        a.reset();
        QTRY_COMPARE(push()->liveConnections(uid), 0);
        QCOMPARE(push()->nameBytes(uid), qint64(0));
        auto b = connectGood();
        QVERIFY(b);
        b->send(R"({"action":"lsunsub"})");
        QCOMPARE(b->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":null}\n"));
    }

    void hostileNamesStayWithinTheBound()
    {
        start({});
        const server::PushServerLimits limits = push()->limits();
        const qint64 robot = Companion::demoRobotUid();
        // 64 names of 4 KiB (the issue's 256 × 1 MB, scaled down to fit one frame): none is kept.
        QJsonArray huge;
        for (int i = 0; i < 64; ++i)
            huge.append(QString(QString(4 * 1024, QChar(u'a' + i % 26)) + QString::number(i)));
        const QByteArray hugeFrame = QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("regapi")},
                                                               {QStringLiteral("data"), huge}})
                                         .toJson(QJsonDocument::Compact);
        const QList<QByteArray> refused = push()->handleLocalFrame(robot, hugeFrame);
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.first().contains("name too long"), refused.first().left(200).constData());
        QCOMPARE(push()->nameBytes(robot), qint64(0));
        // Many names of the largest allowed size, both kinds: held bytes never pass the per-user total.
        for (const char* action : {"regapi", "unsub"}) {
            for (int round = 0; round < 10; ++round) {
                QJsonArray names;
                for (int i = 0; i < 100; ++i)
                    names.append(QString::number(round * 100 + i).rightJustified(limits.maxNameBytes, u'x'));
                const QByteArray frame = QJsonDocument(QJsonObject{{QStringLiteral("action"), QLatin1String(action)},
                                                                   {QStringLiteral("data"), names}})
                                             .toJson(QJsonDocument::Compact);
                push()->handleLocalFrame(robot, frame);
                QVERIFY(push()->nameBytes(robot) <= limits.maxNameBytesPerUser);
            }
        }
        QVERIFY(push()->nameBytes(robot) > limits.maxNameBytesPerUser - limits.maxNameBytes);
        qInfo() << "worst case held for one user:" << push()->nameBytes(robot) << "bytes of names";
    }

    void dataBeforeAuthenticationIsCapped()
    {
        server::PushServerLimits limits;
        limits.maxPreAuthBytes = 1000;
        start(limits);
        // A sid check that never answers but for the demo user: frames wait for it.
        push()->setAuthenticator([](const QString& sid, const QString&, auto done) {
            if (sid == Companion::demoSid())
                done({Companion::demoUid(), {}});
        });
        ServerProbe probe(request(QStringLiteral("pending")));
        QTRY_COMPARE(probe.socket.state(), QAbstractSocket::ConnectedState);
        const QByteArray frame = QByteArray("{\"action\":\"ping\",\"pad\":\"") + QByteArray(270, 'p') + "\"}";
        for (int i = 0; i < 3; ++i)
            probe.send(frame);
        QTRY_COMPARE(push()->preAuthBytes(), 3 * frame.size());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: data before auth")));
        probe.send(frame);
        QVERIFY(probe.waitDisconnected());
        QCOMPARE(probe.closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(probe.closeReason, QString::fromUtf16(server::preAuthLimitReason));
        QTRY_COMPARE(push()->preAuthBytes(), 0);
        // One frame above the budget is not even buffered whole: 1009 from QWebSocket.
        ServerProbe big(request(QStringLiteral("pending")));
        QTRY_COMPARE(big.socket.state(), QAbstractSocket::ConnectedState);
        big.send(QByteArray("{\"action\":\"ping\",\"pad\":\"") + QByteArray(2000, 'p') + "\"}");
        QVERIFY(big.waitDisconnected());
        QCOMPARE(big.closeCode, QWebSocketProtocol::CloseCodeTooMuchData);
        // After authentication the full message size applies again.
        auto good = connectGood();
        QVERIFY(good);
        good->send(QByteArray("{\"action\":\"ping\",\"pad\":\"") + QByteArray(2000, 'p') + "\"}");
        QCOMPARE(good->next(), pong);
    }

    void halfOpenConnectionsAreCappedGlobally()
    {
        server::PushServerLimits limits;
        limits.maxHalfOpen = 3;
        start(limits);
        auto a = connectGood();
        QVERIFY(a);
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 2; i <= 4; ++i) {
            idle.push_back(rawConnection(QHostAddress(QStringLiteral("127.0.0.%1").arg(i))));
            QVERIFY(idle.back());
        }
        QTRY_COMPARE(push()->halfOpenCount(), 3);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: half-open")));
        auto refused = rawConnection(QHostAddress(QStringLiteral("127.0.0.5")));
        QVERIFY(refused);
        QTRY_VERIFY(refused->peek(64).startsWith("HTTP/1.1 503 Service Unavailable\r\n"));
        // Whoever is in keeps being served; once the half-open ones are gone others get in again.
        QVERIFY(a->sync());
        idle.clear();
        QTRY_COMPARE(push()->halfOpenCount(), 0);
        QVERIFY(connectGood());
    }

    void trustedProxyHeadersNameTheClient()
    {
        server::PushServerLimits limits;
        limits.maxUnauthenticatedPerAddress = 2;
        limits.trustedProxies = {QHostAddress(QHostAddress::LocalHost)};
        start(limits);
        QStringList checkedIps;
        push()->setAuthenticator(
            [&checkedIps](const QString&, const QString& clientIp, auto) { checkedIps.append(clientIp); });
        const auto behindProxy = [this](const QByteArray& headers, const QHostAddress& source) {
            auto socket = rawConnection(source);
            if (socket)
                socket->write(upgradeRequest("pending", headers));
            return socket;
        };
        const QHostAddress proxy(QHostAddress::LocalHost);
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        sockets.push_back(behindProxy("X-Real-IP: 203.0.113.7\r\n", proxy));
        sockets.push_back(behindProxy("X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n", proxy));
        for (const auto& socket : sockets)
            QTRY_VERIFY(socket->peek(32).startsWith("HTTP/1.1 101"));
        QCOMPARE(push()->unauthenticatedCount(QHostAddress(QStringLiteral("203.0.113.7"))), 2);
        QCOMPARE(push()->unauthenticatedCount(proxy), 0);
        QCOMPARE(checkedIps, (QStringList{QStringLiteral("203.0.113.7"), QStringLiteral("203.0.113.7")}));
        // That client is at its limit; others behind the same proxy are not.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: unauthenticated")));
        auto refused = behindProxy("X-Real-IP: 203.0.113.7\r\n", proxy);
        QTRY_VERIFY(refused->peek(64).startsWith("HTTP/1.1 429 Too Many Requests\r\n"));
        for (int i = 0; i < 4; ++i) {
            sockets.push_back(behindProxy("X-Real-IP: 192.0.2." + QByteArray::number(i) + "\r\n", proxy));
            QTRY_VERIFY(sockets.back()->peek(32).startsWith("HTTP/1.1 101"));
        }
        // From a peer that is not trusted the headers mean nothing.
        auto spoofer = behindProxy("X-Real-IP: 192.0.2.99\r\n", QHostAddress(QStringLiteral("127.0.0.2")));
        QTRY_VERIFY(spoofer->peek(32).startsWith("HTTP/1.1 101"));
        QCOMPARE(push()->unauthenticatedCount(QHostAddress(QStringLiteral("127.0.0.2"))), 1);
        QCOMPARE(push()->unauthenticatedCount(QHostAddress(QStringLiteral("192.0.2.99"))), 0);
        QCOMPARE(checkedIps.constLast(), QStringLiteral("127.0.0.2"));
        sockets.clear();
        spoofer.reset();
        refused.reset();
        QTRY_COMPARE(push()->halfOpenCount(), 0);
        push()->setAuthenticator({});
    }
};

HU60_SERVER_TEST_MAIN(TestServerLimits)
#include "tst_serverlimits.moc"
