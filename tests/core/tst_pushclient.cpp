// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/client/pushclient.h"
#include "core/logging.h"
#include "core/protocol/action.h"
#include "core/protocol/event.h"
#include "support/logcapture.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace std::chrono_literals;
using client::PushClient;
using client::PushClientConfig;
using client::SidTransport;

namespace {

// Look like real sids (28 chars of [A-Za-z0-9_-]) so the redaction rules are exercised for real.
const QString goodSid = QStringLiteral("Ab3dEf6hIj9kLm2nOp5qRs8t_v1w");
const QString otherSid = QStringLiteral("Zz9yXx8wVv7uTt6sRr5qPp4o-n3m");

QLoggingCategory::CategoryFilter s_previousFilter = nullptr;

void enableClientDebug(QLoggingCategory* category)
{
    if (s_previousFilter)
        s_previousFilter(category);
    // By name: calling lcClient() here could deadlock while another category is being registered.
    if (qstrcmp(category->categoryName(), "hu60.core.client") == 0)
        category->setEnabled(QtDebugMsg, true);
}

QString actionName(const QByteArray& frame)
{
    const protocol::Action action = protocol::parseAction(frame);
    return action.ok ? action.name : QString();
}

QStringList actionNames(const QList<QByteArray>& frames)
{
    QStringList names;
    for (const QByteArray& frame : frames)
        names << actionName(frame);
    return names;
}

} // namespace

/// In-process stand-in for the hu60ws server on 127.0.0.1: checks the sid like the real one (query, then x-sid,
/// then cookie), greets or closes with 1008, answers pings, records requests and frames, and can misbehave on
/// demand. Counts simultaneously open connections to catch a client with two live sockets.
class FakePushServer : public QObject
{
    Q_OBJECT

public:
    enum class Greeting {
        Accept, ///< check the sid, then greet (or close 1008 with the real server's auth reasons)
        Manual, ///< check the sid, then wait for greet()
        Silent, ///< never greet: the forum check hangs
        Reject, ///< close with rejectCode / rejectReason after the upgrade
    };

    struct Connection
    {
        QPointer<QWebSocket> socket;
        QUrl url;
        QMap<QByteArray, QByteArray> headers; ///< lower-case names
        QList<QByteArray> frames;
        QElapsedTimer clock;
        qint64 greetedAt = -1;
        QList<qint64> pingTimes;
    };

    explicit FakePushServer(QObject* parent = nullptr)
        : QObject(parent)
        , m_server(QStringLiteral("fake hu60ws"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, &FakePushServer::onNewConnection);
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(m_server.serverPort())); }

    QString expectedSid = goodSid;
    Greeting greeting = Greeting::Accept;
    QWebSocketProtocol::CloseCode rejectCode = QWebSocketProtocol::CloseCodePolicyViolated;
    QString rejectReason;
    bool answerPings = true;

    std::vector<Connection> connections;
    int openNow = 0;
    int maxOpen = 0;

    int attempts() const { return static_cast<int>(connections.size()); }
    Connection& last() { return connections.back(); }

    void greet(int index) { send(index, protocol::encodeConnected()); }

    void send(int index, const QByteArray& frame)
    {
        if (QWebSocket* socket = connections.at(static_cast<size_t>(index)).socket) {
            socket->sendTextMessage(QString::fromUtf8(frame));
            socket->flush();
        }
    }
    void sendToLast(const QByteArray& frame) { send(attempts() - 1, frame); }

    /// Abrupt close, as after a crash or a dropped TCP connection (client sees 1006).
    void drop(int index)
    {
        if (QWebSocket* socket = connections.at(static_cast<size_t>(index)).socket)
            socket->abort();
    }
    /// The connection-limit kick of spec §3.2: `disconnecting`, then the TCP connection closes without a Close frame.
    void kickLast()
    {
        sendToLast(protocol::encodeEvent(u"disconnecting", QStringLiteral("reached the connections limit")));
        drop(attempts() - 1);
    }

Q_SIGNALS:
    void connectionOpened(int index);
    void frameReceived(int index, const QByteArray& frame);

private:
    void onNewConnection()
    {
        while (QWebSocket* socket = m_server.nextPendingConnection()) {
            const int index = attempts();
            Connection connection;
            connection.socket = socket;
            connection.clock.start();
            const QNetworkRequest request = socket->request();
            connection.url = request.url().isEmpty() ? socket->requestUrl() : request.url();
            for (const QByteArray& name : request.rawHeaderList())
                connection.headers.insert(name.toLower(), request.rawHeader(name));
            connections.push_back(connection);
            maxOpen = std::max(maxOpen, ++openNow);

            connect(socket, &QWebSocket::disconnected, this, [this, socket] {
                --openNow;
                socket->deleteLater();
            });
            connect(socket, &QWebSocket::textMessageReceived, this, [this, index](const QString& text) {
                Connection& c = connections.at(static_cast<size_t>(index));
                const QByteArray frame = text.toUtf8();
                c.frames << frame;
                if (actionName(frame) == QLatin1String("ping")) {
                    c.pingTimes << c.clock.elapsed();
                    if (answerPings)
                        send(index, protocol::encodeEvent(u"ping", QStringLiteral("pong")));
                }
                emit frameReceived(index, frame);
            });
            emit connectionOpened(index);
            authenticate(index);
        }
    }

    void authenticate(int index)
    {
        Connection& c = connections.at(static_cast<size_t>(index));
        if (greeting == Greeting::Silent)
            return;
        if (greeting == Greeting::Reject) {
            c.socket->close(rejectCode, rejectReason);
            return;
        }
        // First non-empty wins: query `_sid`, header `x-sid`, cookie `hu60_sid` (spec §2).
        QString sid = QUrlQuery(c.url).queryItemValue(QStringLiteral("_sid"));
        if (sid.isEmpty())
            sid = QString::fromUtf8(c.headers.value("x-sid"));
        if (sid.isEmpty()) {
            const QByteArray cookie = c.headers.value("cookie");
            if (cookie.startsWith("hu60_sid="))
                sid = QString::fromUtf8(cookie.mid(9));
        }
        if (sid.isEmpty()) {
            c.socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("sid not found"));
            return;
        }
        if (sid != expectedSid) {
            // The real server echoes the sid here; the client must never log or emit it.
            c.socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                            QStringLiteral("can not get user uid. sid %1 is not correct").arg(sid));
            return;
        }
        if (greeting == Greeting::Accept) {
            greet(index);
            c.greetedAt = c.clock.elapsed();
        }
    }

    QWebSocketServer m_server;
};

class TestPushClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void connectedOnlyAfterGreeting();
    void sidTravelsInHeadersByDefault();
    void sidInQueryOnlyWhenChosen();
    void pingSentAtInterval();
    void trafficKeepsConnectionAlive();
    void deadConnectionIsDetected();
    void connectTimeoutCoversGreeting();
    void singleReconnectPerDrop();
    void singleReconnectWhenRefused();
    void backoffGrowsAndIsCapped_data();
    void backoffGrowsAndIsCapped();
    void backoffResetsAfterStableConnection();
    void retryAfterIsHonoured();
    void authRejectionStopsRetrying_data();
    void authRejectionStopsRetrying();
    void emptySidIsRejectedLocally();
    void kickBacksOffForLong();
    void networkRestoredReconnectsAtOnce();
    void resumeCheckRidesOnKeepAlive();
    void resumeWhileWaitingToReconnect();
    void resumedFromSleepReconnectsAtOnce();
    void subscriptionsReappliedAfterReconnect();
    void presenceUnwantedIsIgnoredLocally();
    void presenceUnwantedUnsubscribesWhenAsked();
    void forgedFramesAreNotActedOn();
    void deliveryAnomaliesAreReported();
    void unknownEventsAreLoggedOnce();
    void oversizedFrameIsRefused();
    void sidNeverLogged_data();
    void sidNeverLogged();
    void neverTwoLiveSockets();
    void stopStopsRetrying();

private:
    PushClientConfig fastConfig() const;
    void makeClient(const PushClientConfig& config);
    void connectClient();
    void kickIntoLongBackoff(PushClientConfig config);

    std::unique_ptr<FakePushServer> m_server;
    std::unique_ptr<PushClient> m_client;
};

PushClientConfig TestPushClient::fastConfig() const
{
    // Tens of milliseconds for what the tests wait for; generous values for what they must not trip over
    // on a busy machine (dead and connect timeouts), which the dedicated tests shorten.
    PushClientConfig config;
    config.url = m_server->url();
    config.pingInterval = 50ms;
    config.deadTimeout = 2000ms;
    config.connectTimeout = 3000ms;
    config.backoffMin = 20ms;
    config.backoffMax = 160ms;
    config.kickBackoffMin = 300ms;
    config.kickBackoffMax = 600ms;
    config.stableAfter = 250ms;
    config.jitter = 0.25;
    config.watchNetwork = false;
    return config;
}

void TestPushClient::makeClient(const PushClientConfig& config)
{
    m_client = std::make_unique<PushClient>(config);
    m_client->setSid(goodSid);
    // 0.5 is the middle of the jitter range: delays come out exact.
    m_client->setRandomSource([] { return 0.5; });
}

void TestPushClient::connectClient()
{
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    m_client->start();
    QVERIFY(connected.wait());
}

/// Connected, then kicked (spec §3.2): waiting a minute or more for the next attempt.
void TestPushClient::kickIntoLongBackoff(PushClientConfig config)
{
    config.kickBackoffMin = 60s;
    config.kickBackoffMax = 600s;
    makeClient(config);
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    connectClient();
    m_server->kickLast();
    QVERIFY(scheduled.wait());
    QCOMPARE(m_client->state(), PushClient::State::Reconnecting);
}

void TestPushClient::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_server = std::make_unique<FakePushServer>();
    QVERIFY(m_server->listen());
    makeClient(fastConfig());
}

void TestPushClient::cleanup()
{
    m_client.reset();
    // Checked in every test: the client never had two sockets open at the server at once.
    QVERIFY2(m_server->maxOpen <= 1, qPrintable(QStringLiteral("max open: %1").arg(m_server->maxOpen)));
    m_server.reset();
}

void TestPushClient::connectedOnlyAfterGreeting()
{
    m_server->greeting = FakePushServer::Greeting::Manual;
    QSignalSpy states(m_client.get(), &PushClient::stateChanged);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    m_client->start();
    QCOMPARE(m_client->state(), PushClient::State::Connecting);
    QVERIFY(m_client->offlineSince().isValid());

    // The upgrade is done (the server has the socket) but the sid check has not answered yet.
    QTRY_COMPARE(m_server->attempts(), 1);
    QTest::qWait(100);
    QCOMPARE(m_client->state(), PushClient::State::Connecting);
    QCOMPARE(connected.count(), 0);

    m_server->greet(0);
    QVERIFY(connected.wait());
    QCOMPARE(m_client->state(), PushClient::State::Connected);
    QVERIFY(m_client->connectedSince().isValid());
    QVERIFY(!m_client->offlineSince().isValid());
    QCOMPARE(m_client->msUntilReconnect(), -1);
    QCOMPARE(states.count(), 2);
    QCOMPARE(states.at(0).at(0).value<PushClient::State>(), PushClient::State::Connecting);
    QCOMPARE(states.at(1).at(0).value<PushClient::State>(), PushClient::State::Connected);

    // A second greeting on a live connection is ignored.
    QSignalSpy errors(m_client.get(), &PushClient::serverErrorReceived);
    m_server->greet(0);
    m_server->sendToLast(protocol::encodeEvent(u"error", QStringLiteral("sentinel")));
    QVERIFY(errors.wait());
    QCOMPARE(connected.count(), 1);
    QCOMPARE(states.count(), 2);
}

void TestPushClient::sidTravelsInHeadersByDefault()
{
    connectClient();
    const FakePushServer::Connection& c = m_server->last();
    QVERIFY(!QUrlQuery(c.url).hasQueryItem(QStringLiteral("_sid")));
    QVERIFY(!c.url.toString().contains(goodSid));
    QCOMPARE(c.url.path(), QStringLiteral("/ws/msg"));
    QCOMPARE(c.headers.value("x-sid"), goodSid.toUtf8());
    QCOMPARE(c.headers.value("cookie"), QByteArray("hu60_sid=" + goodSid.toUtf8()));
    // Without an Origin header the server would also accept the cookie (spec §2).
    QVERIFY(!c.headers.contains("origin"));
}

void TestPushClient::sidInQueryOnlyWhenChosen()
{
    PushClientConfig config = fastConfig();
    config.sidTransport = SidTransport::Query;
    makeClient(config);
    connectClient();
    const FakePushServer::Connection& c = m_server->last();
    QCOMPARE(QUrlQuery(c.url).queryItemValue(QStringLiteral("_sid")), goodSid);
    QVERIFY(!c.headers.contains("x-sid"));
    QVERIFY(!c.headers.contains("cookie"));
}

void TestPushClient::pingSentAtInterval()
{
    connectClient();
    FakePushServer::Connection& c = m_server->last();
    QTRY_VERIFY(c.pingTimes.size() >= 4);
    // Not before the first interval has passed, and roughly one per interval after that (timers can only be
    // late, and on a busy machine quite late, so only the lower bound is tight).
    QVERIFY2(c.pingTimes.first() - c.greetedAt >= 40, qPrintable(QString::number(c.pingTimes.first())));
    const qint64 average = (c.pingTimes.at(3) - c.pingTimes.at(0)) / 3;
    QVERIFY2(average >= 40, qPrintable(QString::number(average)));
    QCOMPARE(m_server->attempts(), 1);
}

void TestPushClient::trafficKeepsConnectionAlive()
{
    PushClientConfig config = fastConfig();
    config.pingInterval = 40ms;
    config.deadTimeout = 300ms;
    makeClient(config);
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    connectClient();
    // Well past the dead timeout: the pongs keep the connection alive.
    QTest::qWait(600);
    QCOMPARE(m_client->state(), PushClient::State::Connected);
    QCOMPARE(failures.count(), 0);
    QCOMPARE(m_server->attempts(), 1);
}

void TestPushClient::deadConnectionIsDetected()
{
    PushClientConfig config = fastConfig();
    config.pingInterval = 40ms;
    config.deadTimeout = 150ms;
    makeClient(config);
    m_server->answerPings = false;
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QElapsedTimer clock;
    connectClient();
    clock.start();

    QVERIFY(failures.wait());
    QVERIFY2(clock.elapsed() >= 140, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(failures.at(0).at(0).value<PushClient::Failure>(), PushClient::Failure::Timeout);
    QCOMPARE(m_client->lastFailure(), PushClient::Failure::Timeout);
    QCOMPARE(scheduled.count(), 1);
    // The client aborted the silent socket, and then came back on a new one.
    QTRY_COMPARE(m_server->attempts(), 2);
    QVERIFY(m_server->connections.at(0).pingTimes.size() >= 2);
    QTRY_COMPARE(m_client->state(), PushClient::State::Connected);
}

void TestPushClient::connectTimeoutCoversGreeting()
{
    PushClientConfig config = fastConfig();
    config.connectTimeout = 150ms;
    makeClient(config);
    m_server->greeting = FakePushServer::Greeting::Silent;
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    m_client->start();
    QVERIFY(failures.wait());
    QCOMPARE(failures.at(0).at(0).value<PushClient::Failure>(), PushClient::Failure::Timeout);
    QTRY_COMPARE(m_server->attempts(), 2);
    QCOMPARE(connected.count(), 0);
}

void TestPushClient::singleReconnectPerDrop()
{
    // The server drops each of the first three connections abruptly once the client has subscribed: the
    // client sees an error *and* a close each time, and must come back exactly once per drop.
    connect(m_server.get(), &FakePushServer::frameReceived, this, [this](int index, const QByteArray& frame) {
        if (index < 3 && actionName(frame) == QLatin1String("lsol"))
            QTimer::singleShot(0, m_server.get(), [this, index] { m_server->drop(index); });
    });
    LogCapture log;
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    m_client->start();
    QTRY_COMPARE(connected.count(), 4);
    QCOMPARE(m_server->attempts(), 4);
    QCOMPARE(scheduled.count(), 3);

    // Several backoff periods later: still the same single connection.
    QTest::qWait(400);
    QCOMPARE(m_server->attempts(), 4);
    QCOMPARE(scheduled.count(), 3);
    QCOMPARE(m_client->state(), PushClient::State::Connected);
    QVERIFY2(log.lines.filter(QStringLiteral("socket error")).size() >= 3, qPrintable(log.lines.join(u'\n')));
}

void TestPushClient::singleReconnectWhenRefused()
{
    // A port nobody listens on: every attempt fails with "connection refused" (error, then disconnected).
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    PushClientConfig config = fastConfig();
    config.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(port));
    makeClient(config);

    QSignalSpy states(m_client.get(), &PushClient::stateChanged);
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    m_client->start();
    QTRY_VERIFY(scheduled.count() >= 4);
    m_client->stop();

    int attempts = 0;
    for (const QList<QVariant>& args : states)
        attempts += args.at(0).value<PushClient::State>() == PushClient::State::Connecting ? 1 : 0;
    QCOMPARE(failures.count(), scheduled.count());
    QVERIFY2(attempts == scheduled.count() || attempts == scheduled.count() + 1,
             qPrintable(QStringLiteral("%1 attempts, %2 reconnects").arg(attempts).arg(scheduled.count())));
    QCOMPARE(failures.at(0).at(0).value<PushClient::Failure>(), PushClient::Failure::Network);
    QCOMPARE(scheduled.at(0).at(0).toLongLong(), 20);
    QCOMPARE(scheduled.at(1).at(0).toLongLong(), 40);
    QCOMPARE(scheduled.at(2).at(0).toLongLong(), 80);
}

void TestPushClient::backoffGrowsAndIsCapped_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<double>("factor");
    QTest::newRow("middle") << 0.5 << 1.0;
    QTest::newRow("lowest") << 0.0 << 0.75;
    QTest::newRow("highest") << 1.0 << 1.25;
}

void TestPushClient::backoffGrowsAndIsCapped()
{
    QFETCH(double, random);
    QFETCH(double, factor);
    PushClientConfig config = fastConfig();
    config.backoffMin = 10ms;
    config.backoffMax = 80ms;
    makeClient(config);
    m_client->setRandomSource([random] { return random; });
    // A transient refusal (forum error relayed by the server): normal backoff.
    m_server->greeting = FakePushServer::Greeting::Reject;
    m_server->rejectReason = QStringLiteral("error, status code: 502, message: Bad Gateway");
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    m_client->start();
    QTRY_VERIFY(scheduled.count() >= 6);
    QCOMPARE(m_client->lastFailure(), PushClient::Failure::ServerRejected);
    QVERIFY(m_client->failedAttempts() >= 6);
    m_client->stop();

    const QList<qint64> base{10, 20, 40, 80, 80, 80};
    for (int i = 0; i < base.size(); ++i)
        // Jitter never pushes a delay past the cap.
        QCOMPARE(scheduled.at(i).at(0).toLongLong(),
                 qMin<qint64>(config.backoffMax.count(), qRound64(static_cast<double>(base.at(i)) * factor)));
}

void TestPushClient::backoffResetsAfterStableConnection()
{
    // Two refusals, then a connection dropped before it became stable, then a stable one that drops.
    m_server->greeting = FakePushServer::Greeting::Reject;
    m_server->rejectReason = QStringLiteral("invalid json format: <html>");
    connect(m_server.get(), &FakePushServer::connectionOpened, this, [this](int index) {
        if (index == 2)
            m_server->greeting = FakePushServer::Greeting::Accept;
    });
    connect(m_server.get(), &FakePushServer::frameReceived, this, [this](int index, const QByteArray& frame) {
        if (index == 2 && actionName(frame) == QLatin1String("lsol"))
            QTimer::singleShot(0, m_server.get(), [this, index] { m_server->drop(index); });
    });
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    m_client->start();
    QTRY_COMPARE(connected.count(), 2);
    QCOMPARE(scheduled.count(), 3);
    QCOMPARE(scheduled.at(0).at(0).toLongLong(), 20);
    QCOMPARE(scheduled.at(1).at(0).toLongLong(), 40);
    QCOMPARE(scheduled.at(2).at(0).toLongLong(), 80); // the short-lived connection did not reset the backoff

    QTRY_COMPARE(m_client->failedAttempts(), 0); // stable now
    m_server->drop(3);
    QTRY_COMPARE(scheduled.count(), 4);
    QCOMPARE(scheduled.at(3).at(0).toLongLong(), 20);
    QCOMPARE(m_client->lastFailure(), PushClient::Failure::Network);
    QTRY_COMPARE(connected.count(), 3);
}

void TestPushClient::retryAfterIsHonoured()
{
    m_server->greeting = FakePushServer::Greeting::Reject;
    m_server->rejectReason = QStringLiteral("too many requests! retry after: 1");
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    m_client->start();
    QVERIFY(scheduled.wait());
    const qint64 delay = scheduled.at(0).at(0).toLongLong();
    QVERIFY2(delay >= 1000 && delay <= 1250, qPrintable(QString::number(delay)));
    QCOMPARE(failures.at(0).at(0).value<PushClient::Failure>(), PushClient::Failure::ServerRejected);
    QCOMPARE(m_client->state(), PushClient::State::Reconnecting);
    const qint64 remaining = m_client->msUntilReconnect();
    QVERIFY2(remaining > 500 && remaining <= delay, qPrintable(QString::number(remaining)));
    QVERIFY(m_client->offlineSince().isValid());
    QCOMPARE(m_client->failedAttempts(), 1);
}

void TestPushClient::authRejectionStopsRetrying_data()
{
    QTest::addColumn<QString>("clientSid");
    QTest::addColumn<bool>("forceSidNotFound");
    QTest::newRow("unknown sid (reason echoes it)") << otherSid << false;
    QTest::newRow("sid not found") << goodSid << true;
}

void TestPushClient::authRejectionStopsRetrying()
{
    QFETCH(QString, clientSid);
    QFETCH(bool, forceSidNotFound);
    if (forceSidNotFound) {
        m_server->greeting = FakePushServer::Greeting::Reject;
        m_server->rejectReason = QStringLiteral("sid not found");
    }
    LogCapture log;
    m_client->setSid(clientSid);
    QSignalSpy rejected(m_client.get(), &PushClient::authRejected);
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    m_client->start();
    QVERIFY(rejected.wait());
    QCOMPARE(m_client->state(), PushClient::State::AuthRejected);
    QCOMPARE(m_client->lastFailure(), PushClient::Failure::AuthRejected);
    QCOMPARE(failures.count(), 1);
    QCOMPARE(failures.at(0).at(0).value<PushClient::Failure>(), PushClient::Failure::AuthRejected);

    // Several maximal backoff periods: no new attempt.
    QTest::qWait(3 * 160);
    QCOMPARE(m_server->attempts(), 1);
    QCOMPARE(scheduled.count(), 0);
    QCOMPARE(m_client->msUntilReconnect(), -1);

    // Neither the emitted description nor any log line carries the sid (the close reason echoed it).
    const QString description = failures.at(0).at(1).toString();
    QVERIFY(!description.contains(clientSid));
    QVERIFY(description.contains(QLatin1String("login")));
    for (const QString& line : std::as_const(log.lines))
        QVERIFY2(!line.contains(clientSid), qPrintable(line));

    // start() with a good sid resumes.
    m_server->greeting = FakePushServer::Greeting::Accept;
    m_client->setSid(goodSid);
    connectClient();
    QCOMPARE(m_server->attempts(), 2);
}

void TestPushClient::emptySidIsRejectedLocally()
{
    m_client->setSid(QString());
    QSignalSpy rejected(m_client.get(), &PushClient::authRejected);
    m_client->start();
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(m_client->state(), PushClient::State::AuthRejected);
    QTest::qWait(100);
    QCOMPARE(m_server->attempts(), 0);
}

void TestPushClient::kickBacksOffForLong()
{
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    connectClient();

    QElapsedTimer clock;
    clock.start();
    m_server->kickLast();
    QVERIFY(scheduled.wait());
    QCOMPARE(failures.last().at(0).value<PushClient::Failure>(), PushClient::Failure::Kicked);
    QCOMPARE(scheduled.at(0).at(0).toLongLong(), 300); // kickBackoffMin, not backoffMin (20)
    QVERIFY(m_client->msUntilReconnect() > 160);

    QVERIFY(connected.wait());
    QVERIFY2(clock.elapsed() >= 280, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(m_server->attempts(), 2);

    // A second kick in a row doubles the delay (the kick loop of spec §3.2 slows down).
    m_server->kickLast();
    QVERIFY(scheduled.wait());
    QCOMPARE(scheduled.at(1).at(0).toLongLong(), 600);
    m_client->stop();
}

void TestPushClient::networkRestoredReconnectsAtOnce()
{
    kickIntoLongBackoff(fastConfig());
    QSignalSpy connected(m_client.get(), &PushClient::connected);

    m_client->networkRestored();
    QCOMPARE(m_client->state(), PushClient::State::Connecting);
    QCOMPARE(m_client->msUntilReconnect(), -1);
    QVERIFY(connected.wait());
    QCOMPARE(m_server->attempts(), 2);

    // Not waiting for a reconnect: nothing to do.
    m_client->networkRestored();
    m_client->reconnectNow();
    QTest::qWait(50);
    QCOMPARE(m_server->attempts(), 2);
    QCOMPARE(m_client->state(), PushClient::State::Connected);
}

void TestPushClient::resumeCheckRidesOnKeepAlive()
{
    // A wake check interval far below the ping interval: if the check had a timer of its own while connected, it
    // would run about ten times per ping. It must run only with the keep-alive (the idle app's only timer).
    PushClientConfig config = fastConfig();
    config.pingInterval = 100ms;
    config.wakeCheckInterval = 10ms;
    makeClient(config);
    int checks = 0;
    qint64 monotonic = 1'000'000;
    qint64 boot = 5'000'000;
    m_client->setWakeClocks(
        [&] {
            ++checks;
            return monotonic;
        },
        [&] { return boot; });
    QSignalSpy resumed(m_client.get(), &PushClient::resumed);
    connectClient();
    QTRY_VERIFY(m_server->last().pingTimes.size() >= 4);
    const int pings = int(m_server->last().pingTimes.size());
    QVERIFY2(checks <= pings + 2, qPrintable(QStringLiteral("%1 checks, %2 pings").arg(checks).arg(pings)));
    QCOMPARE(resumed.count(), 0);
    QCOMPARE(m_server->attempts(), 1);

    // Two minutes of suspend: the next keep-alive tick notices and reconnects at once.
    boot += 120'000;
    QTRY_COMPARE(resumed.count(), 1);
    QVERIFY(resumed.first().at(0).toLongLong() >= 120'000);
    QTRY_COMPARE(m_server->attempts(), 2);
    QTRY_COMPARE(m_client->state(), PushClient::State::Connected);
}

void TestPushClient::resumeWhileWaitingToReconnect()
{
    // Waiting for a long backoff, there is no keep-alive: the wake check runs on its own timer then.
    PushClientConfig config = fastConfig();
    config.wakeCheckInterval = 20ms;
    kickIntoLongBackoff(config);
    qint64 monotonic = 1'000'000;
    qint64 boot = 5'000'000;
    m_client->setWakeClocks([&] { return monotonic; }, [&] { return boot; });
    QSignalSpy resumed(m_client.get(), &PushClient::resumed);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    QTest::qWait(60);
    QCOMPARE(resumed.count(), 0); // clocks running together are no resume

    boot += 45'000;
    QTRY_COMPARE(resumed.count(), 1);
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(m_server->attempts(), 2);
}

void TestPushClient::resumedFromSleepReconnectsAtOnce()
{
    qint64 monotonic = 1'000'000;
    qint64 boot = 5'000'000;
    m_client->setWakeClocks([&] { return monotonic; }, [&] { return boot; });
    QSignalSpy resumed(m_client.get(), &PushClient::resumed);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    connectClient();
    connected.clear();

    // The desktop says so (logind's PrepareForSleep): even a short sleep, below the clock threshold, reconnects.
    m_client->aboutToSleep();
    boot += 5'000;
    monotonic += 10;
    m_client->resumedFromSleep();
    QCOMPARE(resumed.count(), 1);
    QCOMPARE(resumed.first().at(0).toLongLong(), 5'000 - 10);
    QCOMPARE(m_client->state(), PushClient::State::Connecting);
    QVERIFY(connected.wait());
    QCOMPARE(m_server->attempts(), 2);

    // Not started: reported, nothing opened.
    m_client->stop();
    m_client->resumedFromSleep();
    QCOMPARE(resumed.count(), 2);
    QCOMPARE(m_client->state(), PushClient::State::Idle);
    QTest::qWait(50);
    QCOMPARE(m_server->attempts(), 2);
}

void TestPushClient::subscriptionsReappliedAfterReconnect()
{
    connect(m_server.get(), &FakePushServer::frameReceived, this, [this](int index, const QByteArray& frame) {
        if (index == 0 && actionName(frame) == QLatin1String("lsol"))
            QTimer::singleShot(0, m_server.get(), [this] { m_server->drop(0); });
    });
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    m_client->start();
    QTRY_COMPARE(connected.count(), 2);
    QTRY_VERIFY(actionNames(m_server->connections.at(1).frames).contains(QStringLiteral("lsol")));

    for (const FakePushServer::Connection& c : m_server->connections) {
        const QStringList names = actionNames(c.frames);
        QVERIFY2(names.contains(QStringLiteral("sub")), qPrintable(names.join(u',')));
        QVERIFY(names.indexOf(QStringLiteral("sub")) < names.indexOf(QStringLiteral("lsol")));
        for (const QByteArray& frame : c.frames) {
            const protocol::Action action = protocol::parseAction(frame);
            QVERIFY(action.ok);
            QVERIFY2(action.name != QLatin1String("unsub"), frame.constData());
            if (action.name == QLatin1String("sub"))
                QCOMPARE(action.data.toArray(), (QJsonArray{QStringLiteral("online"), QStringLiteral("offline")}));
        }
    }
}

void TestPushClient::presenceUnwantedIsIgnoredLocally()
{
    m_client->setPresenceWanted(false);
    QSignalSpy online(m_client.get(), &PushClient::robotOnline);
    QSignalSpy offline(m_client.get(), &PushClient::robotOffline);
    QSignalSpy events(m_client.get(), &PushClient::eventReceived);
    QSignalSpy errors(m_client.get(), &PushClient::serverErrorReceived);
    connectClient();

    m_server->sendToLast(protocol::encodePresence(protocol::EventType::Online, {-50, 1}));
    m_server->sendToLast(protocol::encodePresence(protocol::EventType::Offline, {-50, 0}));
    m_server->sendToLast(protocol::encodeEvent(u"error", QStringLiteral("sentinel")));
    QVERIFY(errors.wait());
    QCOMPARE(online.count(), 0);
    QCOMPARE(offline.count(), 0);
    for (const QList<QVariant>& args : std::as_const(events)) {
        const auto type = args.at(0).value<protocol::Event>().type;
        QVERIFY(type != protocol::EventType::Online && type != protocol::EventType::Offline);
    }
    // Ignored locally only: nothing was (un)subscribed and no list was asked for.
    const QStringList names = actionNames(m_server->last().frames);
    QVERIFY(!names.contains(QStringLiteral("unsub")));
    QVERIFY(!names.contains(QStringLiteral("sub")));
    QVERIFY(!names.contains(QStringLiteral("lsol")));

    // Wanted again while connected: applied at once.
    QSignalSpy lists(m_client.get(), &PushClient::onlineListReceived);
    connect(m_server.get(), &FakePushServer::frameReceived, this, [this](int, const QByteArray& frame) {
        if (actionName(frame) == QLatin1String("lsol"))
            m_server->sendToLast(protocol::encodeEvent(u"lsol", QJsonObject{{QStringLiteral("-50"), 1}}));
    });
    m_client->setPresenceWanted(true);
    QVERIFY(lists.wait());
    using OnlineMap = QMap<qint64, int>;
    QCOMPARE(lists.at(0).at(0).value<OnlineMap>(), (OnlineMap{{-50, 1}}));
    m_server->sendToLast(protocol::encodePresence(protocol::EventType::Online, {-56, 2}));
    QVERIFY(online.wait());
    QCOMPARE(online.at(0).at(0).value<protocol::Presence>(), (protocol::Presence{-56, 2}));
}

void TestPushClient::presenceUnwantedUnsubscribesWhenAsked()
{
    m_client->setPresenceWanted(false, true);
    connectClient();
    QTRY_VERIFY(actionNames(m_server->last().frames).contains(QStringLiteral("unsub")));
    for (const QByteArray& frame : std::as_const(m_server->last().frames)) {
        const protocol::Action action = protocol::parseAction(frame);
        if (action.name == QLatin1String("unsub"))
            QCOMPARE(action.data.toArray(), (QJsonArray{QStringLiteral("online"), QStringLiteral("offline")}));
    }
    QVERIFY(!actionNames(m_server->last().frames).contains(QStringLiteral("lsol")));

    m_client->setPresenceWanted(true, true);
    QTRY_VERIFY(actionNames(m_server->last().frames).contains(QStringLiteral("lsol")));
    QVERIFY(actionNames(m_server->last().frames).contains(QStringLiteral("sub")));
}

void TestPushClient::deliveryAnomaliesAreReported()
{
    // What the real server's concurrent writes do to a burst (spec §9 item 8): the Inbox reconciles on these.
    QSignalSpy messages(m_client.get(), &PushClient::messageReceived);
    QSignalSpy anomalies(m_client.get(), &PushClient::deliveryAnomaly);
    connectClient();
    protocol::Msg msg;
    msg.touid = 1;
    msg.byuid = 2;
    msg.content = QStringLiteral("[]");
    msg.ctime = QStringLiteral("0001-01-01T00:00:00Z");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^ignoring invalid frame")));
    for (const qint64 id : {10, 12, 11}) {
        msg.id = id;
        m_server->sendToLast(protocol::encodeMsg(msg));
    }
    m_server->sendToLast(QByteArray());
    m_server->sendToLast(R"({"event":"msg","data":{"id":13,"to)");
    msg.id = 14;
    m_server->sendToLast(protocol::encodeMsg(msg));
    QTRY_COMPARE(messages.count(), 4);
    QCOMPARE(anomalies.count(), 3);
    QCOMPARE(anomalies.at(0).at(0).value<PushClient::Anomaly>(), PushClient::Anomaly::OutOfOrder);
    QCOMPARE(anomalies.at(1).at(0).value<PushClient::Anomaly>(), PushClient::Anomaly::EmptyFrame);
    QCOMPARE(anomalies.at(2).at(0).value<PushClient::Anomaly>(), PushClient::Anomaly::InvalidFrame);
}

void TestPushClient::forgedFramesAreNotActedOn()
{
    QSignalSpy messages(m_client.get(), &PushClient::messageReceived);
    QSignalSpy online(m_client.get(), &PushClient::robotOnline);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    QSignalSpy events(m_client.get(), &PushClient::eventReceived);
    connectClient();
    QCOMPARE(connected.count(), 1);
    connected.clear();

    // Two invalid frames below, but the warning is rate-limited to one.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^ignoring invalid frame")));
    const QList<QByteArray> forged{
        // robot-API responses named like real events (spec §6.6)
        R"({"event":"msg","data":{"bot":2333,"data":"x"}})"
        "\n",
        R"({"event":"online","data":{"bot":-50,"data":{"uid":-50,"count":1}}})"
        "\n",
        R"({"event":"connected","data":{"bot":1,"data":null}})"
        "\n",
        // wrong member types
        R"({"event":"msg","data":{"id":"7","touid":1,"byuid":2,"type":0,"isread":0,"content":"[]","ctime":"x"}})"
        "\n",
        R"({"event":"msg","data":{"id":7,"touid":1,"byuid":2,"type":0,"isread":0,"content":[],"ctime":"x"}})"
        "\n",
        // unsolicited robot API call, garbage
        R"({"event":"req","data":{"uid":5,"action":"chat","data":"hi"}})"
        "\n",
        "not json",
        "[1,2]",
    };
    for (const QByteArray& frame : forged)
        m_server->sendToLast(frame);
    protocol::Msg real;
    real.id = 42;
    real.touid = 1;
    real.byuid = 2;
    real.content = QStringLiteral("[]");
    real.ctime = QStringLiteral("0001-01-01T00:00:00Z");
    m_server->sendToLast(protocol::encodeMsg(real));

    QVERIFY(messages.wait());
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.at(0).at(0).value<protocol::Msg>(), real);
    QCOMPARE(online.count(), 0);
    QCOMPARE(connected.count(), 0);
    QCOMPARE(m_client->state(), PushClient::State::Connected);
    int msgEvents = 0;
    for (const QList<QVariant>& args : std::as_const(events)) {
        const protocol::Event event = args.at(0).value<protocol::Event>();
        QVERIFY(event.type != protocol::EventType::Request);
        QVERIFY(event.type != protocol::EventType::Online);
        msgEvents += event.type == protocol::EventType::Msg ? 1 : 0;
    }
    QCOMPARE(msgEvents, 1);
}

void TestPushClient::unknownEventsAreLoggedOnce()
{
    QSignalSpy messages(m_client.get(), &PushClient::messageReceived);
    connectClient();
    LogCapture log;
    // Unknown names are legal (spec §5) but anyone can send them: one line per interval, not one per frame.
    for (int i = 0; i < 20; ++i)
        m_server->sendToLast(protocol::encodeEvent(QStringLiteral("brand-new-%1").arg(i), i));
    protocol::Msg real;
    real.id = 43;
    real.touid = 1;
    real.content = QStringLiteral("[]");
    m_server->sendToLast(protocol::encodeMsg(real));
    QVERIFY(messages.wait());
    QCOMPARE(log.matching(QStringLiteral("ignoring unknown event")).size(), 1);
    QVERIFY(log.matching(QStringLiteral("ignoring unknown event")).first().contains(u"brand-new-0"));
    QCOMPARE(m_client->state(), PushClient::State::Connected);
}

void TestPushClient::oversizedFrameIsRefused()
{
    QSignalSpy messages(m_client.get(), &PushClient::messageReceived);
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    QSignalSpy failures(m_client.get(), &PushClient::failure);
    connectClient();
    protocol::Msg huge;
    huge.id = 1;
    huge.content = QString(protocol::maxFrameSize, u'x');
    m_server->sendToLast(protocol::encodeMsg(huge));
    // The socket refuses the message and closes; the client comes back on a new connection.
    QTRY_COMPARE(m_server->attempts(), 2);
    QTRY_COMPARE(connected.count(), 2);
    QCOMPARE(messages.count(), 0);
    // With a clear reason, not a bare "connection lost".
    QCOMPARE(failures.count(), 1);
    QCOMPARE(failures.first().at(0).value<PushClient::Failure>(), PushClient::Failure::Network);
    const QString reason = failures.first().at(1).toString();
    QVERIFY2(reason.contains(u"too large") && reason.contains(QString::number(protocol::maxFrameSize)),
             qPrintable(reason));
}

void TestPushClient::sidNeverLogged_data()
{
    QTest::addColumn<SidTransport>("transport");
    QTest::newRow("headers") << SidTransport::Headers;
    QTest::newRow("query") << SidTransport::Query;
}

void TestPushClient::sidNeverLogged()
{
    QFETCH(SidTransport, transport);
    // Debug lines too, whatever QT_LOGGING_RULES says.
    s_previousFilter = QLoggingCategory::installFilter(enableClientDebug);
    auto restore = qScopeGuard([] { QLoggingCategory::installFilter(s_previousFilter); });

    LogCapture log;
    QStringList emitted;
    PushClientConfig config = fastConfig();
    config.sidTransport = transport;
    makeClient(config);
    connect(m_client.get(), &PushClient::failure, this,
            [&emitted](PushClient::Failure, const QString& text) { emitted << text; });
    connect(m_client.get(), &PushClient::serverErrorReceived, this,
            [&emitted](const QString& text) { emitted << text; });

    // A rejected sid (the close reason echoes it), then a session with the sid inside frames and errors.
    m_client->setSid(otherSid);
    QSignalSpy rejected(m_client.get(), &PushClient::authRejected);
    m_client->start();
    QVERIFY(rejected.wait());

    m_client->setSid(goodSid);
    connectClient();
    QSignalSpy errors(m_client.get(), &PushClient::serverErrorReceived);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^ignoring invalid frame")));
    m_server->sendToLast("{\"event\":\"msg\",\"data\":\"sid " + goodSid.toUtf8() + "\"}");
    m_server->sendToLast(protocol::encodeEvent(u"error", QStringLiteral("bad sid %1 here").arg(goodSid)));
    m_server->sendToLast(protocol::encodeEvent(goodSid, QStringLiteral("unknown")));
    QVERIFY(errors.wait());
    m_server->drop(1);
    QTRY_COMPARE(m_server->attempts(), 3);
    QTRY_COMPARE(m_client->state(), PushClient::State::Connected);
    m_client->stop();

    QVERIFY(!log.lines.isEmpty());
    for (const QString& line : std::as_const(log.lines)) {
        QVERIFY2(!line.contains(goodSid) && !line.contains(otherSid), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1String("_sid=")), qPrintable(line));
    }
    QVERIFY(!emitted.isEmpty());
    for (const QString& text : std::as_const(emitted))
        QVERIFY2(!text.contains(goodSid) && !text.contains(otherSid), qPrintable(text));
}

void TestPushClient::neverTwoLiveSockets()
{
    QSignalSpy connected(m_client.get(), &PushClient::connected);
    // Restarting while connecting and while connected, and "reconnect now" at every stage.
    m_client->start();
    m_client->reconnectNow();
    m_client->start();
    QVERIFY(connected.wait());
    m_client->reconnectNow();
    m_client->start();
    QTRY_COMPARE(connected.count(), 2);
    m_server->drop(m_server->attempts() - 1);
    m_client->reconnectNow(); // while Reconnecting: at once
    QTRY_COMPARE(connected.count(), 3);
    QCOMPARE(m_server->openNow, 1);
    QCOMPARE(m_client->state(), PushClient::State::Connected);
}

void TestPushClient::stopStopsRetrying()
{
    connectClient();
    m_client->stop();
    QCOMPARE(m_client->state(), PushClient::State::Idle);
    QTRY_COMPARE(m_server->openNow, 0);

    m_server->greeting = FakePushServer::Greeting::Reject;
    m_server->rejectReason = QStringLiteral("error, status code: 500, message: oops");
    QSignalSpy scheduled(m_client.get(), &PushClient::reconnectScheduled);
    m_client->start();
    QVERIFY(scheduled.wait());
    m_client->stop();
    QCOMPARE(m_client->msUntilReconnect(), -1);
    const int attempts = m_server->attempts();
    QTest::qWait(200);
    QCOMPARE(m_server->attempts(), attempts);
    QCOMPARE(m_client->state(), PushClient::State::Idle);
}

QTEST_GUILESS_MAIN(TestPushClient)
#include "tst_pushclient.moc"
