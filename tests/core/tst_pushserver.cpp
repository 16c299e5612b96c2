// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of the companion push server with plain QWebSockets (spec/push-protocol.md).
#include "core/logging.h"
#include "core/protocol/event.h"
#include "core/server/companion.h"
#include "core/server/forumauthenticator.h"
#include "core/server/pushserver.h"
#include "support/serverprobe.h"
#include "support/servertestmain.h"

#include <QAbstractEventDispatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using server::Companion;

class TestPushServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Companion> m_companion;

    void startCompanion(int wspu = 10, const QStringList& disabled = {})
    {
        m_companion = std::make_unique<Companion>();
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("test-token");
        options.connectionsPerUser = wspu;
        options.disabledActions = disabled;
        QString error;
        QVERIFY2(m_companion->start(options, &error), qPrintable(error));
    }

    QNetworkRequest request(const QString& sid, const QString& path = QStringLiteral("/v1/ws")) const
    {
        QUrl url = m_companion->pushUrl();
        url.setPath(path);
        return QNetworkRequest(sid.isEmpty() ? url : ServerProbe::withSid(url, sid));
    }

    std::unique_ptr<ServerProbe> connectAs(const QString& sid)
    {
        auto probe = std::make_unique<ServerProbe>(request(sid));
        if (!probe->waitConnected())
            return nullptr;
        return probe;
    }

    static QByteArray event(QStringView name, const QJsonValue& data) { return protocol::encodeEvent(name, data); }

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        startCompanion();
    }
    void cleanup() { m_companion.reset(); }

    void scalableEventDispatcherSwitch()
    {
        // What `hu60-notifier serve` calls before its QCoreApplication exists (Qt reads QT_NO_GLIB then).
        const bool wasSet = qEnvironmentVariableIsSet("QT_NO_GLIB");
        const QByteArray saved = qgetenv("QT_NO_GLIB");
        qunsetenv("QT_NO_GLIB");
        server::preferScalableEventDispatcher();
        QCOMPARE(qgetenv("QT_NO_GLIB"), QByteArray("1"));
        // A value the user set (even an empty one, which keeps GLib) is left alone.
        qputenv("QT_NO_GLIB", QByteArray());
        server::preferScalableEventDispatcher();
        QVERIFY(qEnvironmentVariableIsSet("QT_NO_GLIB"));
        QVERIFY(qEnvironmentVariableIsEmpty("QT_NO_GLIB"));
        if (wasSet)
            qputenv("QT_NO_GLIB", saved);
        else
            qunsetenv("QT_NO_GLIB");
    }

    void runsOnServeEventDispatcher()
    {
        // HU60_SERVER_TEST_MAIN installed what `serve` installs: epoll, unless Qt's was asked for.
        const bool epoll = QCoreApplication::eventDispatcher()->inherits("server::EpollEventDispatcher");
        QCOMPARE(epoll, qEnvironmentVariable("HU60_EVENT_DISPATCHER") != u"qt");
    }

    void framesLeaveWithoutNagleDelay()
    {
        // Like the real (Go) server, every accepted connection has TCP_NODELAY: a push is one small write.
        ServerProbe probe(request(Companion::demoSid()));
        QVERIFY(probe.waitFrames(1));
        const QList<QTcpSocket*> sockets = m_companion->pushServer()->findChildren<QTcpSocket*>();
        QVERIFY(!sockets.isEmpty());
        for (QTcpSocket* socket : sockets)
            QCOMPARE(socket->socketOption(QAbstractSocket::LowDelayOption).toInt(), 1);
    }

    void greetingIsByteExactAndOnlyAfterAuth()
    {
        ServerProbe probe(request(Companion::demoSid()));
        QVERIFY(probe.waitFrames(1));
        QCOMPARE(probe.frames.takeFirst(), QByteArray("{\"event\": \"connected\"}"));
        QVERIFY(probe.sync());
        QVERIFY(probe.frames.isEmpty());
        QCOMPARE(m_companion->pushServer()->liveConnections(Companion::demoUid()), 1);
    }

    void proxyPathWorks()
    {
        ServerProbe probe(request(Companion::demoSid(), QStringLiteral("/ws/msg")));
        QVERIFY(probe.waitConnected());
    }

    void otherPathsGetHttp404()
    {
        QTcpSocket tcp;
        tcp.connectToHost(QHostAddress::LocalHost, m_companion->pushServer()->serverPort());
        QVERIFY(tcp.waitForConnected(5000));
        tcp.write("GET /v2/ws?_sid=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_VERIFY(tcp.bytesAvailable() > 0 || tcp.state() != QAbstractSocket::ConnectedState);
        QTRY_VERIFY(tcp.peek(100).contains("404 page not found") || tcp.state() == QAbstractSocket::UnconnectedState);
        QVERIFY(tcp.readAll().startsWith("HTTP/1.1 404 Not Found\r\n"));

        ServerProbe probe(request(Companion::demoSid(), QStringLiteral("/")));
        QVERIFY(probe.waitDisconnected());
        QVERIFY(probe.frames.isEmpty());
    }

    void sidFromXSidHeader()
    {
        QNetworkRequest r = request({});
        r.setRawHeader("x-sid", Companion::demoSid().toUtf8());
        ServerProbe probe(r);
        QVERIFY(probe.waitConnected());
    }

    // Raw upgrade requests, so that Host and Origin can be anything: the cookie counts only when the Origin's
    // authority ("host[:port]" as written) equals the Host header, ASCII case-insensitively (push-protocol §2).
    void cookieOriginMatchesHostAndPort_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("same host and port")
            << QByteArray("127.0.0.1:4861") << QByteArray("http://127.0.0.1:4861") << true;
        QTest::newRow("other port") << QByteArray("127.0.0.1:4860") << QByteArray("http://127.0.0.1:4861") << false;
        QTest::newRow("nginx, default port") << QByteArray("HU60.cn") << QByteArray("https://hu60.CN") << true;
        QTest::newRow("explicit default port") << QByteArray("hu60.cn") << QByteArray("https://hu60.cn:443") << false;
        QTest::newRow("ipv6") << QByteArray("[::1]:4860") << QByteArray("http://[::1]:4860") << true;
        QTest::newRow("user info") << QByteArray("a.example:1") << QByteArray("http://u@a.example:1") << true;
        QTest::newRow("opaque origin") << QByteArray("a.example") << QByteArray("null") << false;
    }
    void cookieOriginMatchesHostAndPort()
    {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, origin);
        QFETCH(bool, accepted);
        QTcpSocket tcp;
        tcp.connectToHost(QHostAddress::LocalHost, m_companion->pushServer()->serverPort());
        QVERIFY(tcp.waitForConnected(5000));
        tcp.write("GET /v1/ws HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin +
                  "\r\nCookie: hu60_sid=" + Companion::demoSid().toUtf8() +
                  "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        const QByteArray expected = accepted ? QByteArray(R"({"event": "connected"})") : QByteArray("sid not found");
        QTRY_VERIFY2(tcp.peek(4096).contains(expected), tcp.peek(4096).constData());
        QVERIFY(tcp.readAll().startsWith("HTTP/1.1 101"));
    }

    void sidFromCookie_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<bool>("originQuery");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("no origin") << QString() << false << true;
        QTest::newRow("same origin") << QStringLiteral("http://127.0.0.1:%1") << false << true;
        QTest::newRow("cross origin") << QStringLiteral("https://evil.example") << false << false;
        QTest::newRow("_origin query") << QString() << true << false;
    }
    void sidFromCookie()
    {
        QFETCH(QString, origin);
        QFETCH(bool, originQuery);
        QFETCH(bool, accepted);
        if (origin.contains(u'%'))
            origin = origin.arg(m_companion->pushServer()->serverPort());
        QUrl url = m_companion->pushUrl();
        if (originQuery)
            url.setQuery(QStringLiteral("_origin=*"));
        QNetworkRequest r(url);
        r.setRawHeader("Cookie", "foo=bar; hu60_sid=" + Companion::demoSid().toUtf8());
        ServerProbe probe(r, origin);
        if (accepted) {
            QVERIFY(probe.waitConnected());
        } else {
            QVERIFY(probe.waitDisconnected());
            QCOMPARE(probe.closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
            QCOMPARE(probe.closeReason, QStringLiteral("sid not found"));
        }
    }

    void authFailureEchoesTheSidButNeverLogsIt()
    {
        static QStringList logged;
        logged.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext&, const QString& text) { logged.append(text); });
        const QString badSid = QStringLiteral("NotARealSidButLongEnough1234");
        ServerProbe probe(request(badSid));
        const bool closed = probe.waitDisconnected();
        // Longer than the 123 bytes a close reason can hold: dropped without a Close frame, as the real server.
        const QString longSid = QString(100, u'L');
        ServerProbe tooLong(request(longSid));
        QSignalSpy opened(&tooLong.socket, &QWebSocket::connected);
        const bool dropped = tooLong.waitDisconnected();
        qInstallMessageHandler(previous);
        QVERIFY(closed && dropped);
        QVERIFY(probe.frames.isEmpty());
        QCOMPARE(probe.closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(probe.closeReason,
                 QStringLiteral("can not get user uid. sid NotARealSidButLongEnough1234 is not correct"));
        QVERIFY(tooLong.frames.isEmpty());
        QCOMPARE(opened.count(), 1);            // the upgrade completed first (a browser fires open, then close 1006)
        QVERIFY(tooLong.closeReason.isEmpty()); // (QWebSocket reports no Close frame as code 1000)
        const QString log = logged.join(u'\n');
        if (lcServer().isInfoEnabled())
            QVERIFY2(log.contains(u"authentication failed"), qPrintable(log));
        QVERIFY2(!log.contains(badSid) && !log.contains(longSid), qPrintable(log));

        ServerProbe none(request({}));
        QVERIFY(none.waitDisconnected());
        QCOMPARE(none.closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(none.closeReason, QStringLiteral("sid not found"));
    }

    void unauthenticatedConnectionsAreDropped()
    {
        server::PushServer pushServer;
        pushServer.setAuthenticator([](const QString&, const QString&, auto) { /* never answers */ });
        pushServer.setAuthTimeout(200);
        QVERIFY(pushServer.listen(QHostAddress::LocalHost, 0, nullptr));
        QUrl url(QStringLiteral("ws://127.0.0.1/v1/ws?_sid=whatever"));
        url.setPort(pushServer.serverPort());
        ServerProbe probe{QNetworkRequest(url)};
        QVERIFY(probe.waitDisconnected(5000));
        QVERIFY(probe.frames.isEmpty());
    }

    void pingWithIdIsAcknowledgedFirst()
    {
        auto probe = connectAs(Companion::demoSid());
        QVERIFY(probe);
        probe->send(R"({"action":"ping","id":"req-1"})");
        QCOMPARE(probe->next(), QByteArray("{\"event\":\"ack\",\"data\":\"req-1\"}\n"));
        QCOMPARE(probe->next(), QByteArray("{\"event\":\"ping\",\"data\":\"pong\"}\n"));
        // Case-insensitive member names, unknown members ignored, first value only.
        probe->send(R"({"Action":"ping","extra":1} trailing)");
        QCOMPARE(probe->next(), QByteArray("{\"event\":\"ping\",\"data\":\"pong\"}\n"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QList<QByteArray>>("replies");
        QTest::newRow("not json") << QByteArray("ping")
                                  << QList<QByteArray>{
                                         event(u"error", QStringLiteral("invalid character 'p' looking for "
                                                                        "beginning of value"))};
        QTest::newRow("empty") << QByteArray() << QList<QByteArray>{event(u"error", QStringLiteral("EOF"))};
        QTest::newRow("numeric id")
            << QByteArray(R"({"action":"ping","id":5})")
            << QList<QByteArray>{event(u"error", QStringLiteral("json: cannot unmarshal number into Go struct field "
                                                                "BotCmd.id of type string"))};
        QTest::newRow("unknown") << QByteArray(R"({"action":"nope","id":"x"})")
                                 << QList<QByteArray>{event(u"ack", QStringLiteral("x")),
                                                      event(u"error", QStringLiteral("unsupported action: nope"))};
        QTest::newRow("escaping") << QByteArray(R"({"action":"<b>&"})")
                                  << QList<QByteArray>{QByteArray("{\"event\":\"error\",\"data\":\"unsupported action: "
                                                                  "\\u003cb\\u003e\\u0026\"}\n")};
        QTest::newRow("unsub not array") << QByteArray(R"({"action":"unsub","data":"msg"})")
                                         << QList<QByteArray>{event(u"error", QStringLiteral("invalid data format"))};
        QTest::newRow("regapi not array") << QByteArray(R"({"action":"regapi","data":{}})")
                                          << QList<QByteArray>{event(u"error", QStringLiteral("invalid data format"))};
    }
    void errors()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QList<QByteArray>, replies);
        auto probe = connectAs(Companion::demoSid());
        QVERIFY(probe);
        probe->send(frame);
        for (const QByteArray& reply : replies)
            QCOMPARE(probe->next(), reply);
        QVERIFY(probe->sync());
        QVERIFY(probe->frames.isEmpty());
        QVERIFY(!probe->disconnected);
    }

    void garbageAndOversizedFramesNeverCrash()
    {
        auto probe = connectAs(Companion::demoSid());
        QVERIFY(probe);
        probe->socket.sendBinaryMessage(QByteArray("\x00\xff\xfe{{{", 6));
        QVERIFY(probe->next().startsWith("{\"event\":\"error\",\"data\":\"invalid character"));
        probe->send(QByteArray(R"({"action":"ping","data":)") + QByteArray(100000, '['));
        QVERIFY(probe->next().startsWith("{\"event\":\"error\""));
        auto big = connectAs(Companion::demoSid());
        QVERIFY(big);
        big->socket.sendBinaryMessage(QByteArray(2 * 1024 * 1024, 'x'));
        QVERIFY(big->waitDisconnected(10000));
        QVERIFY(probe->sync()); // the server is still there
    }

    void disabledAction()
    {
        startCompanion(10, {QStringLiteral("procinf")});
        auto probe = connectAs(Companion::demoSid());
        QVERIFY(probe);
        probe->send(R"({"action":"procinf","id":"7"})");
        QCOMPARE(probe->next(), event(u"ack", QStringLiteral("7")));
        QCOMPARE(probe->next(), event(u"error", QStringLiteral("disabled action: procinf")));
        probe->send(R"({"action":"ls"})");
        const protocol::Event ls = protocol::parseEvent(probe->next());
        QCOMPARE(ls.type, protocol::EventType::Ls);
        QVERIFY(ls.names->contains(QStringLiteral("ping")));
        QVERIFY(!ls.names->contains(QStringLiteral("procinf")));
    }

    void procinfReportsUptime()
    {
        auto probe = connectAs(Companion::demoSid());
        QVERIFY(probe);
        probe->send(R"({"action":"procinf"})");
        const protocol::Event e = protocol::parseEvent(probe->next());
        QCOMPARE(e.type, protocol::EventType::Procinf);
        QVERIFY(e.startedMs >= 0);
        QVERIFY(e.startedMs < 60000);
    }

    void subscriptionsAreSharedPerUid()
    {
        auto a = connectAs(Companion::demoSid());
        auto b = connectAs(Companion::demoSid());
        QVERIFY(a && b);
        // sub before any unsub: silent no-op, no reply at all.
        a->send(R"({"action":"sub","data":["msg"]})");
        QVERIFY(a->sync());
        QVERIFY(a->frames.isEmpty());
        a->send(R"({"action":"lsunsub"})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":null}\n"));

        a->send(R"({"action":"unsub","data":["online","offline"]})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"unsub\",\"data\":\"ok\"}\n"));
        b->send(R"({"action":"lsunsub"})");
        QCOMPARE(b->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":[\"online\",\"offline\"]}\n"));

        // A robot going online is not delivered to either connection of this uid.
        auto robot = connectAs(Companion::demoRobotSid());
        QVERIFY(robot);
        QVERIFY(a->sync() && b->sync());
        QVERIFY(a->frames.isEmpty() && b->frames.isEmpty());

        b->send(R"({"action":"sub","data":["online"]})");
        QCOMPARE(b->next(), QByteArray("{\"event\":\"sub\",\"data\":\"ok\"}\n"));
        a->send(R"({"action":"lsunsub"})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":[\"offline\"]}\n"));

        // A non-string element: error, earlier names applied.
        a->send(R"({"action":"unsub","data":["foo",1,"bar"]})");
        QCOMPARE(a->next(), event(u"error", QStringLiteral("invalid data format")));
        a->send(R"({"action":"lsunsub"})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":[\"offline\",\"foo\"]}\n"));
        // sub with a bad element removes nothing.
        a->send(R"({"action":"sub","data":["foo",2]})");
        QCOMPARE(a->next(), event(u"error", QStringLiteral("invalid data format")));
        // Re-subscribing everything gives null again.
        a->send(R"({"action":"sub","data":["offline","foo"]})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"sub\",\"data\":\"ok\"}\n"));
        a->send(R"({"action":"lsunsub"})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":null}\n"));
        // unsub [] gives [].
        a->send(R"({"action":"unsub","data":[]})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"unsub\",\"data\":\"ok\"}\n"));
        a->send(R"({"action":"lsunsub"})");
        QCOMPARE(a->next(), QByteArray("{\"event\":\"lsunsub\",\"data\":[]}\n"));
    }

    void robotPresenceIsBroadcast()
    {
        auto user = connectAs(Companion::demoSid());
        QVERIFY(user);
        user->send(R"({"action":"lsol"})");
        QCOMPARE(user->next(), QByteArray("{\"event\":\"lsol\",\"data\":{}}\n"));

        auto robot = connectAs(Companion::demoRobotSid());
        QVERIFY(robot);
        QCOMPARE(user->next(), QByteArray("{\"event\":\"online\",\"data\":{\"uid\":-50,\"count\":1}}\n"));
        // The robot itself is a connected user too.
        QCOMPARE(robot->next(), QByteArray("{\"event\":\"online\",\"data\":{\"uid\":-50,\"count\":1}}\n"));
        auto robot2 = connectAs(Companion::demoRobotSid());
        QVERIFY(robot2);
        QCOMPARE(user->next(), QByteArray("{\"event\":\"online\",\"data\":{\"uid\":-50,\"count\":2}}\n"));
        user->send(R"({"action":"lsol"})");
        QCOMPARE(user->next(), QByteArray("{\"event\":\"lsol\",\"data\":{\"-50\":2}}\n"));

        robot2->socket.close();
        QCOMPARE(user->next(), QByteArray("{\"event\":\"offline\",\"data\":{\"uid\":-50,\"count\":1}}\n"));
        // lsol counts slots, including the now empty one.
        user->send(R"({"action":"lsol"})");
        QCOMPARE(user->next(), QByteArray("{\"event\":\"lsol\",\"data\":{\"-50\":2}}\n"));
        robot->socket.close();
        QCOMPARE(user->next(), QByteArray("{\"event\":\"offline\",\"data\":{\"uid\":-50,\"count\":0}}\n"));
        user->send(R"({"action":"lsol"})");
        QCOMPARE(user->next(), QByteArray("{\"event\":\"lsol\",\"data\":{}}\n"));
    }

    void connectionLimitKicksTheLastSlot()
    {
        startCompanion(2);
        auto first = connectAs(Companion::demoSid());
        auto second = connectAs(Companion::demoSid());
        QVERIFY(first && second);
        auto third = connectAs(Companion::demoSid()); // has received "connected"
        QVERIFY(third);
        QCOMPARE(second->next(),
                 QByteArray("{\"event\":\"disconnecting\",\"data\":\"reached the connections limit\"}\n"));
        QVERIFY(second->waitDisconnected());
        QVERIFY(second->closeReason.isEmpty()); // no Close frame (QWebSocket reports no code for that)
        QVERIFY(first->sync());
        QVERIFY(third->sync());
        QVERIFY(first->frames.isEmpty());
        QCOMPARE(m_companion->pushServer()->liveConnections(Companion::demoUid()), 2);

        // Empty slots count: close `first` (its slot stays, empty), then a new one kicks `third` (last slot).
        first->socket.close();
        QVERIFY(first->waitDisconnected());
        QTRY_COMPARE(m_companion->pushServer()->liveConnections(Companion::demoUid()), 1);
        auto fourth = connectAs(Companion::demoSid());
        QVERIFY(fourth);
        QCOMPARE(third->next(),
                 QByteArray("{\"event\":\"disconnecting\",\"data\":\"reached the connections limit\"}\n"));
        QVERIFY(third->waitDisconnected());
        QVERIFY(fourth->sync());
    }

    void robotApiRelay()
    {
        auto robot = connectAs(Companion::demoRobotSid());
        auto user = connectAs(Companion::demoSid());
        QVERIFY(robot && user);
        robot->frames.clear(); // its own online event
        robot->send(R"({"action":"regapi","data":["chat","ping","chat"]})");
        QCOMPARE(robot->next(), event(u"error", QStringLiteral("ping already exists. skiped")));
        QCOMPARE(robot->next(), event(u"regapi", QStringLiteral("ok")));
        user->send(R"({"action":"lsapi"})");
        QCOMPARE(user->next(), QByteArray("{\"event\":\"lsapi\",\"data\":{\"-50\":[\"chat\"]}}\n"));
        user->send(R"({"action":"ls"})");
        QVERIFY(protocol::parseEvent(user->next()).names->contains(QStringLiteral("chat")));

        user->send(R"({"action":"chat","data":{"bot":-50,"data":"你好 <b>"}})");
        QCOMPARE(robot->next(), QByteArray("{\"event\":\"req\",\"data\":{\"uid\":10086,\"action\":\"chat\",\"data\":"
                                           "\"你好 \\u003cb\\u003e\"}}\n"));
        robot->send(R"({"action":"resp","data":{"uid":10086,"action":"chat","data":{"text":"hi"}}})");
        QCOMPARE(user->next(), QByteArray("{\"event\":\"chat\",\"data\":{\"bot\":-50,\"data\":{\"text\":\"hi\"}}}\n"));
        // A call to an offline bot is dropped silently.
        user->send(R"({"action":"chat","data":{"bot":-51,"data":1}})");
        QVERIFY(user->sync());
        QVERIFY(user->frames.isEmpty());

        const QList<QPair<QByteArray, QString>> callErrors = {
            {R"({"action":"chat","data":"x"})", QStringLiteral("invalid data format")},
            {R"({"action":"chat","data":{}})", QStringLiteral("data.bot not found")},
            {R"({"action":"chat","data":{"bot":"-50"}})", QStringLiteral("invalid data.bot format")},
            {R"({"action":"resp","data":[]})", QStringLiteral("invalid data format")},
            {R"({"action":"resp","data":{"action":"a","data":1}})", QStringLiteral("data.uid not found")},
            {R"({"action":"resp","data":{"uid":1,"data":1}})", QStringLiteral("data.action not found")},
            {R"({"action":"resp","data":{"uid":1,"action":"a"}})", QStringLiteral("data.data not found")},
            {R"({"action":"resp","data":{"uid":"1","action":"a","data":1}})",
             QStringLiteral("invalid data.uid format")},
            {R"({"action":"resp","data":{"uid":1,"action":2,"data":1}})", QStringLiteral("invalid data.action format")},
        };
        for (const auto& [frame, text] : callErrors) {
            user->send(frame);
            QCOMPARE(user->next(), event(u"error", text));
        }
        // Responses are filtered by the caller's subscriptions, by event name.
        user->send(R"({"action":"unsub","data":["chat"]})");
        QCOMPARE(user->next(), event(u"unsub", QStringLiteral("ok")));
        robot->send(R"({"action":"resp","data":{"uid":10086,"action":"chat","data":2}})");
        QVERIFY(robot->sync());
        QVERIFY(user->sync());
        QVERIFY(user->frames.isEmpty());
    }

    void insertedMessagesArePushed()
    {
        auto a = connectAs(Companion::demoSid());
        auto b = connectAs(Companion::demoSid());
        QVERIFY(a && b);
        const QJsonArray content =
            QJsonDocument::fromJson(R"([{"type":"text","value":"a<b & c/d 你好\n"},{"type":"face","face":"滑稽"}])")
                .array();
        const qint64 id = m_companion->insertMessage(Companion::demoUid(), 2333, 0, content);
        QVERIFY(id > 0);
        for (ServerProbe* probe : {a.get(), b.get()}) {
            const QByteArray frame = probe->next();
            QVERIFY(frame.endsWith("\"ctime\":\"0001-01-01T00:00:00Z\"}}\n"));
            QVERIFY(frame.contains("\\u003c") && !frame.contains('<'));
            const QByteArray prefix = "{\"event\":\"msg\",\"data\":{\"id\":" + QByteArray::number(id) +
                                      ",\"touid\":10086,\"byuid\":2333,\"type\":0,\"isread\":0,\"content\":";
            QVERIFY(frame.startsWith(prefix));
            const protocol::Event e = protocol::parseEvent(frame);
            QCOMPARE(e.type, protocol::EventType::Msg);
            QCOMPARE(e.msg.content,
                     QStringLiteral(R"([{"type":"text","value":"a<b & c/d 你好\n"},{"type":"face","face":"滑稽"}])"));
        }
        a->send(R"({"action":"unsub","data":["msg"]})");
        QCOMPARE(a->next(), event(u"unsub", QStringLiteral("ok")));
        QVERIFY(m_companion->insertMessage(Companion::demoUid(), -50, 1, content) > 0);
        QVERIFY(a->sync() && b->sync());
        QVERIFY(a->frames.isEmpty() && b->frames.isEmpty());
        QCOMPARE(m_companion->insertMessage(424242, 1, 0, content), 0); // unknown recipient
    }

    void sidCookieSentToTheForumIsCleaned_data()
    {
        QTest::addColumn<QString>("sid");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("plain") << QStringLiteral("abc_DEF-123") << QByteArray("abc_DEF-123");
        QTest::newRow("header injection") << QStringLiteral("abc\r\nX-Evil: 1") << QByteArray("\"abcX-Evil: 1\"");
        QTest::newRow("second cookie") << QStringLiteral("abc; admin=1") << QByteArray("\"abc admin=1\"");
        QTest::newRow("quotes and backslash") << QStringLiteral("a\"b\\c") << QByteArray("abc");
        QTest::newRow("non-ASCII and DEL") << QStringLiteral("a\u00e9b\x7f") << QByteArray("ab");
        QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
    }

    void sidCookieSentToTheForumIsCleaned()
    {
        QFETCH(QString, sid);
        QFETCH(QByteArray, value);
        QCOMPARE(server::ForumAuthenticator::cookieValue(sid), value);
    }

    void forumApiAuthentication()
    {
        // A second companion checks sids against the first one's forum emulator, as the real server does.
        Companion checked;
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("t");
        options.forumApi = m_companion->httpUrl();
        QString error;
        QVERIFY2(checked.start(options, &error), qPrintable(error));
        QUrl url = checked.pushUrl();
        ServerProbe good(QNetworkRequest(ServerProbe::withSid(url, Companion::demoSid())));
        QVERIFY(good.waitConnected());
        ServerProbe bad(QNetworkRequest(ServerProbe::withSid(url, QStringLiteral("UnknownSidUnknownSid1234"))));
        QVERIFY(bad.waitDisconnected());
        QCOMPARE(bad.closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(bad.closeReason, QStringLiteral("can not get user uid. sid UnknownSidUnknownSid1234 is not correct"));
    }
};

HU60_SERVER_TEST_MAIN(TestPushServer)
#include "tst_pushserver.moc"
