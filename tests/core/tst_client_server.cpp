// SPDX-License-Identifier: GPL-3.0-or-later
// PushClient against the companion server: the client and server share core/protocol, and this proves they
// agree on the wire, across server restarts and with bad credentials.
#include "core/client/pushclient.h"
#include "core/server/companion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using client::PushClient;

class TestClientServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageArrivesTyped();
    void presenceAndResubscribeAfterRestart();
    void badSidStopsRetrying();
    void sidTransportHeaderAndQuery();

private:
    static client::PushClientConfig fastConfig(const QUrl& url)
    {
        client::PushClientConfig config;
        config.url = url;
        config.backoffMin = std::chrono::milliseconds(50);
        config.backoffMax = std::chrono::milliseconds(400);
        config.connectTimeout = std::chrono::milliseconds(3000);
        config.pingInterval = std::chrono::milliseconds(500);
        config.deadTimeout = std::chrono::milliseconds(3000);
        config.stableAfter = std::chrono::milliseconds(200);
        return config;
    }
    static server::CompanionOptions anyPorts()
    {
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("test-token");
        return options;
    }
};

void TestClientServer::messageArrivesTyped()
{
    server::Companion companion;
    QString error;
    QVERIFY2(companion.start(anyPorts(), &error), qPrintable(error));

    PushClient pushClient(fastConfig(companion.proxyPushUrl()));
    pushClient.setSid(server::Companion::demoSid());
    QSignalSpy connected(&pushClient, &PushClient::connected);
    QSignalSpy messages(&pushClient, &PushClient::messageReceived);
    pushClient.start();
    QVERIFY(connected.wait(5000));
    QCOMPARE(pushClient.state(), PushClient::State::Connected);

    const QJsonArray content =
        QJsonDocument::fromJson(R"([{"type":"text","value":"a<b & c"},{"type":"face","face":"滑稽"}])").array();
    const qint64 id = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content, &error);
    QVERIFY2(id > 0, qPrintable(error));
    QTRY_COMPARE(messages.count(), 1);
    const auto msg = messages.takeFirst().at(0).value<protocol::Msg>();
    QCOMPARE(msg.id, id);
    QCOMPARE(msg.touid, server::Companion::demoUid());
    QCOMPARE(msg.byuid, 2333);
    QCOMPARE(msg.type, 0);
    QCOMPARE(QJsonDocument::fromJson(msg.content.toUtf8()).array(), content);

    // A message for someone else never reaches this client.
    QVERIFY(companion.insertMessage(2333, server::Companion::demoUid(), 0, content) > 0);
    const qint64 mention = companion.insertMessage(
        server::Companion::demoUid(), 520, 1,
        QJsonDocument::fromJson(R"([{"type":"atMsg","uid":520,"pos":"p","url":"bbs.topic.1.{$BID}","msg":[]}])")
            .array());
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.takeFirst().at(0).value<protocol::Msg>().id, mention);
}

void TestClientServer::presenceAndResubscribeAfterRestart()
{
    server::Companion companion;
    QString error;
    server::CompanionOptions options = anyPorts();
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    const QUrl pushUrl = companion.pushUrl();

    PushClient pushClient(fastConfig(pushUrl));
    pushClient.setSid(server::Companion::demoSid());
    pushClient.setPresenceWanted(true);
    QSignalSpy connected(&pushClient, &PushClient::connected);
    QSignalSpy lists(&pushClient, &PushClient::onlineListReceived);
    QSignalSpy online(&pushClient, &PushClient::robotOnline);
    QSignalSpy offline(&pushClient, &PushClient::robotOffline);
    pushClient.start();
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(lists.count(), 1); // lsol on connect

    auto robot = std::make_unique<QWebSocket>();
    QNetworkRequest request(pushUrl);
    request.setRawHeader("x-sid", server::Companion::demoRobotSid().toLatin1());
    robot->open(request);
    QTRY_COMPARE(online.count(), 1);
    QCOMPARE(online.at(0).at(0).value<protocol::Presence>(),
             (protocol::Presence{server::Companion::demoRobotUid(), 1}));
    robot->close();
    QTRY_COMPARE(offline.count(), 1);
    QCOMPARE(offline.at(0).at(0).value<protocol::Presence>().count, 0);
    robot.reset();

    // The server restarts on the same ports: the client reconnects by itself and asks lsol again.
    options.pushPort = quint16(pushUrl.port());
    options.httpPort = quint16(companion.httpUrl().port());
    companion.stop();
    QTRY_VERIFY(pushClient.state() != PushClient::State::Connected);
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QTRY_COMPARE(lists.count(), 2);
}

void TestClientServer::badSidStopsRetrying()
{
    server::Companion companion;
    QString error;
    QVERIFY2(companion.start(anyPorts(), &error), qPrintable(error));

    const QString badSid = QStringLiteral("NoSuchSidNoSuchSidNoSuch01");
    PushClient pushClient(fastConfig(companion.pushUrl()));
    pushClient.setSid(badSid);
    QSignalSpy rejected(&pushClient, &PushClient::authRejected);
    QSignalSpy failures(&pushClient, &PushClient::failure);
    QSignalSpy scheduled(&pushClient, &PushClient::reconnectScheduled);
    pushClient.start();
    QVERIFY(rejected.wait(5000));
    QCOMPARE(pushClient.state(), PushClient::State::AuthRejected);
    QTest::qWait(600); // several backoff periods: no retry
    QCOMPARE(scheduled.count(), 0);
    for (const auto& failure : failures)
        QVERIFY(!failure.at(1).toString().contains(badSid));
}

void TestClientServer::sidTransportHeaderAndQuery()
{
    server::Companion companion;
    QString error;
    QVERIFY2(companion.start(anyPorts(), &error), qPrintable(error));
    for (const auto transport : {client::SidTransport::Headers, client::SidTransport::Query}) {
        client::PushClientConfig config = fastConfig(companion.pushUrl());
        config.sidTransport = transport;
        PushClient pushClient(config);
        pushClient.setSid(server::Companion::demoSid());
        QSignalSpy connected(&pushClient, &PushClient::connected);
        pushClient.start();
        QVERIFY(connected.wait(5000));
        pushClient.stop();
    }
}

QTEST_GUILESS_MAIN(TestClientServer)
#include "tst_client_server.moc"
