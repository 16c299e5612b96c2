// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/client/pushclient.h"

#include "core/logging.h"
#include "core/protocol/action.h"

#include <QFile>
#include <QNetworkInformation>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cmath>
#include <utility>

#ifdef Q_OS_LINUX
#include <time.h>
#endif

namespace client {

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

/// Any logged-in user can send us frames (spec §6.6), so a flood of bad or unknown frames must not flood the log.
constexpr auto frameLogInterval = 10s;
/// The forum's limiter asks for seconds; a larger value is more likely a bug than a wish, so cap it.
constexpr milliseconds maxRetryAfter = 1h;
/// How much of an invalid frame the log shows (after the sid has been redacted from a longer piece).
constexpr qsizetype framePrefixLength = 40;
constexpr qsizetype redactWindow = 256;

/// The presence events. `msg` must never be in here: unsubscribing it would silence the user's web pages too
/// (the subscription state is per uid on the server, spec §8).
QStringList presenceEvents()
{
    return {QStringLiteral("online"), QStringLiteral("offline")};
}

/// 1008 reasons meaning "this sid will not work": retrying only hammers the forum (spec §2.1).
bool isAuthReason(QStringView reason)
{
    return reason.startsWith(u"sid not found") || reason.startsWith(u"can not get user uid");
}

/// `too many requests! retry after: N` (the forum's 429 relayed by the push server).
std::optional<milliseconds> retryAfter(const QString& reason)
{
    static const QRegularExpression pattern(QStringLiteral("^too many requests! retry after: *(\\d{1,9})"));
    const QRegularExpressionMatch match = pattern.match(reason);
    if (!match.hasMatch())
        return std::nullopt;
    return std::min<milliseconds>(std::chrono::seconds(match.captured(1).toLongLong()), maxRetryAfter);
}

/// min * 2^n, bounded by max (without overflowing for large n).
milliseconds exponential(milliseconds min, milliseconds max, int n)
{
    milliseconds delay = std::max(min, 0ms);
    for (int i = 0; i < n && delay < max; ++i)
        delay *= 2;
    return std::min(delay, max);
}

QString ms(milliseconds duration)
{
    return QStringLiteral("%1 ms").arg(duration.count());
}

qint64 monotonicNowMs()
{
    return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// A clock that keeps running while the machine is suspended. Only Linux has one in reach (CLOCK_BOOTTIME);
/// elsewhere the steady clock is used, which turns resume detection off rather than mistaking clock changes.
qint64 suspendAwareNowMs()
{
#ifdef Q_OS_LINUX
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) == 0)
        return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
#endif
    return monotonicNowMs();
}

} // namespace

bool systemBusMayExist()
{
#ifdef Q_OS_UNIX
    return qEnvironmentVariableIsSet("DBUS_SYSTEM_BUS_ADDRESS") ||
           QFile::exists(QStringLiteral("/run/dbus/system_bus_socket")) ||
           QFile::exists(QStringLiteral("/var/run/dbus/system_bus_socket"));
#else
    return false;
#endif
}

PushClient::PushClient(PushClientConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    setRandomSource({});

    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        // The keep-alive is the only timer of an idle connection: the resume check rides along.
        checkForWake();
        sendFrame(protocol::pingAction());
    });

    m_deadTimer.setSingleShot(true);
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        abortSocket(Failure::Timeout,
                    QStringLiteral("no traffic for %1: connection is dead").arg(ms(m_config.deadTimeout)));
    });

    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        abortSocket(Failure::Timeout,
                    QStringLiteral("no `connected` greeting within %1").arg(ms(m_config.connectTimeout)));
    });

    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &PushClient::openSocket);

    setWakeClocks({}, {});
    connect(&m_wakeTimer, &QTimer::timeout, this, &PushClient::checkForWake);

    m_stableTimer.setSingleShot(true);
    connect(&m_stableTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcClient) << "connection is stable: backoff reset";
        m_failedAttempts = 0;
    });
}

PushClient::~PushClient()
{
    tearDownSocket();
}

void PushClient::setConfig(const PushClientConfig& config)
{
    m_config = config;
    // Takes effect on the next connection; only the running ping follows at once.
    if (m_pingTimer.isActive())
        m_pingTimer.start(m_config.pingInterval);
}

void PushClient::setSid(const QString& sid)
{
    m_sid = sid.trimmed();
}

void PushClient::setRandomSource(std::function<double()> random)
{
    if (random)
        m_random = std::move(random);
    else
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

void PushClient::setWakeClocks(std::function<qint64()> monotonicMs, std::function<qint64()> suspendAwareMs)
{
    m_monotonicMs = monotonicMs ? std::move(monotonicMs) : monotonicNowMs;
    m_suspendAwareMs = suspendAwareMs ? std::move(suspendAwareMs) : suspendAwareNowMs;
    m_lastWakeCheck.reset();
}

void PushClient::checkForWake()
{
    const qint64 monotonic = m_monotonicMs();
    const qint64 suspendAware = m_suspendAwareMs();
    const auto last = std::exchange(m_lastWakeCheck, std::make_pair(monotonic, suspendAware));
    if (!last)
        return;
    // Only suspend time separates the two clocks. The wall clock is deliberately not consulted: NTP steps,
    // manual changes and time zone switches must not cause reconnects.
    const qint64 slept = (suspendAware - last->second) - (monotonic - last->first);
    if (slept >= m_config.wakeThreshold.count())
        onResumed(slept);
}

void PushClient::aboutToSleep()
{
    m_lastWakeCheck.reset();
    checkForWake(); // takes the sample only
}

void PushClient::resumedFromSleep()
{
    const qint64 monotonic = m_monotonicMs();
    const qint64 suspendAware = m_suspendAwareMs();
    const auto last = std::exchange(m_lastWakeCheck, std::make_pair(monotonic, suspendAware));
    const qint64 slept = last ? std::max<qint64>(0, (suspendAware - last->second) - (monotonic - last->first)) : 0;
    onResumed(slept);
}

void PushClient::updateWakeTimer()
{
    // While connected the ping timer runs the check; otherwise only a pending reconnect is worth shortening.
    if (m_state == State::Reconnecting && m_config.wakeCheckInterval > 0ms) {
        if (!m_wakeTimer.isActive())
            m_wakeTimer.start(m_config.wakeCheckInterval);
    } else {
        m_wakeTimer.stop();
    }
}

void PushClient::onResumed(qint64 sleptMs)
{
    qCInfo(lcClient) << "the system resumed after about" << sleptMs << "ms asleep";
    switch (m_state) {
    case State::Connected:
        // After a sleep the socket is most likely dead, and the dead timer would take minutes to notice.
        m_failedAttempts = 0;
        openSocket();
        break;
    case State::Reconnecting:
        m_failedAttempts = 0;
        reconnectNow();
        break;
    case State::Idle:
    case State::Connecting:
    case State::AuthRejected:
        break;
    }
    emit resumed(sleptMs);
}

void PushClient::setPresenceWanted(bool wanted, bool unsubscribeWhenUnwanted)
{
    const bool changed = wanted != m_presenceWanted || unsubscribeWhenUnwanted != m_unsubscribeWhenUnwanted;
    m_presenceWanted = wanted;
    m_unsubscribeWhenUnwanted = unsubscribeWhenUnwanted;
    if (changed && m_state == State::Connected)
        applySubscriptions();
}

qint64 PushClient::msUntilReconnect() const
{
    if (!m_reconnectTimer.isActive())
        return -1;
    return std::max<qint64>(0, m_reconnectDeadline.remainingTime());
}

bool PushClient::sendFrame(const QByteArray& frame)
{
    if (m_state != State::Connected || !m_socket)
        return false;
    m_socket->sendTextMessage(QString::fromUtf8(frame));
    return true;
}

void PushClient::start()
{
    m_reconnectTimer.stop();
    tearDownSocket();
    m_failedAttempts = 0;
    m_kicks = 0;
    m_lastFailure = Failure::None;
    if (!m_offlineSince.isValid())
        m_offlineSince = QDateTime::currentDateTimeUtc();
    m_lastWakeCheck.reset();
    checkForWake(); // the first sample

    if (m_sid.isEmpty()) {
        // The server would only answer `sid not found` after a pointless forum round trip.
        fail(Failure::AuthRejected, QStringLiteral("no session id: login needed"));
        setState(State::AuthRejected);
        emit authRejected();
        return;
    }
    openSocket();
}

void PushClient::stop()
{
    m_wakeTimer.stop();
    m_reconnectTimer.stop();
    m_connectTimer.stop();
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_stableTimer.stop();
    if (m_socket) {
        QWebSocket* socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        // Say goodbye politely when we can; the socket deletes itself once the close is done (or has failed).
        if (socket->state() == QAbstractSocket::ConnectedState) {
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(1s, socket, &QWebSocket::abort);
            socket->close(QWebSocketProtocol::CloseCodeNormal);
        } else {
            socket->abort();
            socket->deleteLater();
        }
    }
    setState(State::Idle);
}

void PushClient::reconnectNow()
{
    if (m_state != State::Reconnecting)
        return;
    m_reconnectTimer.stop();
    openSocket();
}

void PushClient::networkRestored()
{
    if (m_state != State::Reconnecting)
        return;
    qCInfo(lcClient) << "network is reachable again: reconnecting now";
    reconnectNow();
}

void PushClient::requestOnlineList()
{
    sendFrame(protocol::lsolAction());
}

void PushClient::openSocket()
{
    // Never two live sockets: the old one is aborted (its signals cut first) before the new one exists.
    tearDownSocket();
    Q_ASSERT(!m_socket);
    m_pendingFailure.reset();
    m_tlsProblem.reset();

    if (settings::isInsecurePushUrl(m_config.url) && !m_config.allowInsecure) {
        // The sid and every message would cross the network in clear text: only the user may choose that.
        m_reconnectTimer.stop();
        fail(Failure::Insecure,
             QStringLiteral("refusing the unencrypted push URL %1 (ws:// to a host that is not "
                            "this computer) without the user's explicit permission")
                 .arg(m_config.url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment)));
        setState(State::Idle);
        return;
    }

    auto* socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    socket->setMaxAllowedIncomingFrameSize(protocol::maxFrameSize);
    socket->setMaxAllowedIncomingMessageSize(protocol::maxFrameSize);
    // Every handler checks that the signal comes from the current socket: an old socket's late signals
    // (already queued, or emitted while it is being torn down) must not touch the new connection.
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        if (socket == m_socket)
            onSocketConnected(socket);
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError) { onSocketError(socket); });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString& frame) {
        if (socket == m_socket)
            onFrame(socket, frame.toUtf8());
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray& frame) {
        if (socket == m_socket)
            onFrame(socket, frame);
    });
    connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError>& errors) {
        // Never ignored: the handshake fails after this and disconnected() follows. Only recorded and reported.
        if (socket != m_socket)
            return;
        m_tlsProblem = settings::TlsProblem::from(m_config.url, errors, socket->sslConfiguration().peerCertificate());
        qCWarning(lcClient).noquote() << "certificate problem with" << m_tlsProblem->host << "-"
                                      << m_tlsProblem->errors.join(u"; ");
        emit tlsProblem(*m_tlsProblem);
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (socket == m_socket && m_state == State::Connected && m_config.deadTimeout > 0ms)
            m_deadTimer.start(m_config.deadTimeout);
    });

    QUrl url = m_config.url;
    QNetworkRequest request;
    if (m_config.sidTransport == SidTransport::Query) {
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("_sid"));
        query.addQueryItem(QStringLiteral("_sid"), m_sid);
        url.setQuery(query);
    } else {
        // x-sid is read by the server before the cookie; the cookie is a fallback for proxies that drop unknown
        // headers. No Origin header is sent, so the server does not ignore the cookie (spec §2).
        request.setRawHeader(QByteArrayLiteral("x-sid"), m_sid.toUtf8());
        request.setRawHeader(QByteArrayLiteral("Cookie"), QByteArrayLiteral("hu60_sid=") + m_sid.toUtf8());
    }
    request.setUrl(url);
    m_network.apply(socket, m_config.url);

    m_socket = socket;
    qCInfo(lcClient).noquote() << "connecting to"
                               << m_config.url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo |
                                                               QUrl::RemoveFragment);
    setState(State::Connecting);
    if (m_socket != socket)
        return; // a stateChanged() slot stopped us
    // Covers both the upgrade and the greeting: the server's forum check has no timeout (spec §2.1).
    if (m_config.connectTimeout > 0ms)
        m_connectTimer.start(m_config.connectTimeout);
    socket->open(request);

    // open() can fail synchronously (malformed URL, unsupported scheme) with an error but no disconnected().
    // Funnel that into the one failure path too; onSocketGone() ignores the socket if it was already handled.
    if (m_socket == socket && socket->state() == QAbstractSocket::UnconnectedState) {
        QPointer<QWebSocket> guard(socket);
        QMetaObject::invokeMethod(
            this,
            [this, guard] {
                if (guard && guard == m_socket)
                    onSocketGone(guard);
            },
            Qt::QueuedConnection);
    }
}

void PushClient::tearDownSocket()
{
    m_connectTimer.stop();
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_stableTimer.stop();
    if (!m_socket)
        return;
    QWebSocket* socket = m_socket;
    m_socket = nullptr;
    // Cut our connections first so abort()'s synchronous disconnected() cannot schedule a reconnect.
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void PushClient::abortSocket(Failure kind, const QString& description)
{
    if (!m_socket)
        return;
    QWebSocket* socket = m_socket;
    m_pendingFailure = std::make_pair(kind, description);
    // abort() emits disconnected() synchronously, which runs onSocketGone(); call it ourselves in case the
    // socket was in a state in which it emits nothing.
    socket->abort();
    if (m_socket == socket)
        onSocketGone(socket);
}

void PushClient::onSocketConnected(QWebSocket* /*socket*/)
{
    // Only the transport: the sid is checked after the upgrade (spec §2.1), so this is not "online" yet.
    qCDebug(lcClient) << "upgrade done, waiting for the connected greeting";
}

void PushClient::onSocketError(QWebSocket* socket)
{
    // Log only. Every error is followed by disconnected(), the single place that schedules a reconnect;
    // reconnecting here too would double the connections on every failure (spec §10).
    if (socket != m_socket)
        return;
    qCInfo(lcClient).noquote() << "socket error:" << redact(socket->errorString());
}

void PushClient::onSocketGone(QWebSocket* socket)
{
    if (socket != m_socket)
        return; // stale socket, or already handled
    m_socket = nullptr;
    socket->disconnect(this);
    socket->deleteLater();

    const State entryState = m_state;
    const bool wasConnected = entryState == State::Connected;
    const milliseconds upFor = wasConnected ? milliseconds(m_connectedFor.elapsed()) : 0ms;
    m_connectTimer.stop();
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_stableTimer.stop();

    Failure kind = Failure::Network;
    QString description;
    milliseconds minimumDelay = 0ms;
    if (m_pendingFailure) {
        std::tie(kind, description) = *m_pendingFailure;
        m_pendingFailure.reset();
    } else if (m_tlsProblem) {
        kind = Failure::Tls;
        description =
            QStringLiteral("the server's certificate was not accepted: %1").arg(m_tlsProblem->errors.join(u"; "));
        m_tlsProblem.reset();
    } else if (socket->closeCode() == QWebSocketProtocol::CloseCodePolicyViolated) {
        // Never pass the reason on verbatim: `can not get user uid. sid <sid> is not correct` echoes the sid.
        const QString reason = socket->closeReason();
        if (isAuthReason(reason)) {
            kind = Failure::AuthRejected;
            description = reason.startsWith(u"sid not found")
                              ? QStringLiteral("the server found no session id: login needed")
                              : QStringLiteral("the server rejected the session id: login needed");
        } else if (const auto after = retryAfter(reason)) {
            kind = Failure::ServerRejected;
            minimumDelay = *after;
            description = QStringLiteral("the forum is rate limiting: retry after %1").arg(ms(*after));
        } else {
            kind = Failure::ServerRejected;
            description = QStringLiteral("the server refused the connection: %1").arg(redact(reason).left(120));
        }
    } else if (socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
        // Usually the socket's own refusal of a frame over the limit set in openSocket(); the server may refuse
        // one of ours the same way.
        description = QStringLiteral("connection closed: a frame was too large (%1; this client accepts up to %2 "
                                     "bytes)")
                          .arg(redact(socket->closeReason()).left(120))
                          .arg(protocol::maxFrameSize);
    } else {
        description = wasConnected ? QStringLiteral("connection lost") : QStringLiteral("connection failed");
        if (socket->error() != QAbstractSocket::UnknownSocketError)
            description += QStringLiteral(": ") + redact(socket->errorString());
    }

    // A connection that survived two maximal kick delays was not in a kick loop: start the kick backoff over.
    if (upFor >= 2 * m_config.kickBackoffMax)
        m_kicks = 0;
    ++m_failedAttempts;

    fail(kind, description);
    if (m_state != entryState || m_socket || m_reconnectTimer.isActive())
        return; // a failure() slot already stopped or restarted us

    if (kind == Failure::AuthRejected) {
        // Retrying cannot help until the user logs in again; start() resumes.
        setState(State::AuthRejected);
        if (m_state == State::AuthRejected)
            emit authRejected();
        return;
    }
    scheduleReconnect(kind, minimumDelay);
}

void PushClient::scheduleReconnect(Failure kind, milliseconds minimumDelay)
{
    qint64 delay = 0;
    if (kind == Failure::Kicked) {
        // Two clients of one user can kick each other forever (spec §3.2): back off for minutes.
        ++m_kicks;
        delay = jittered(exponential(m_config.kickBackoffMin, m_config.kickBackoffMax, m_kicks - 1),
                         m_config.kickBackoffMax);
    } else {
        delay =
            jittered(exponential(m_config.backoffMin, m_config.backoffMax, m_failedAttempts - 1), m_config.backoffMax);
    }
    if (minimumDelay > 0ms) {
        // Honour the server's wish, with jitter only upwards so that many clients do not return at once.
        const double up = 1.0 + std::clamp(m_config.jitter, 0.0, 1.0) * std::clamp(m_random(), 0.0, 1.0);
        delay = std::max(delay, std::llround(static_cast<double>(minimumDelay.count()) * up));
    }

    m_reconnectTimer.start(milliseconds(delay));
    m_reconnectDeadline.setRemainingTime(delay);
    qCInfo(lcClient) << "reconnecting in" << delay << "ms, failed attempts:" << m_failedAttempts;
    setState(State::Reconnecting);
    if (m_state == State::Reconnecting)
        emit reconnectScheduled(delay);
}

qint64 PushClient::jittered(milliseconds base, milliseconds cap)
{
    // The cap is a promise (no client waits longer than backoffMax), so jitter never pushes past it.
    const double jitter = std::clamp(m_config.jitter, 0.0, 1.0);
    const double random = std::clamp(m_random(), 0.0, 1.0);
    const double factor = 1.0 + jitter * (2.0 * random - 1.0);
    return std::clamp<qint64>(std::llround(static_cast<double>(base.count()) * factor), 0, cap.count());
}

void PushClient::onFrame(QWebSocket* socket, QByteArrayView frame)
{
    Q_ASSERT(socket == m_socket);
    Q_UNUSED(socket);
    // Any traffic proves the connection alive, even a frame we then refuse.
    if (m_state == State::Connected && m_config.deadTimeout > 0ms)
        m_deadTimer.start(m_config.deadTimeout);

    if (frame.trimmed().isEmpty()) {
        // The real server sends one now and then under a burst, when its concurrent writes collide (spec §9 item 8):
        // a sign of lost pushes, not of an attack.
        if (m_state == State::Connected) {
            if (const std::optional<QString> suffix = m_emptyLog.pass())
                qCInfo(lcClient).nospace() << "empty frame: pushes may have been lost" << qUtf8Printable(*suffix);
            emit deliveryAnomaly(Anomaly::EmptyFrame);
        }
        return;
    }
    // parseEvent() refuses oversized frames itself; the socket's own limits normally stop them earlier.
    const protocol::Event event = protocol::parseEvent(frame);
    if (event.type == protocol::EventType::Invalid) {
        logInvalidFrame(event, frame);
        if (m_state == State::Connected)
            emit deliveryAnomaly(Anomaly::InvalidFrame);
        return;
    }
    if (event.type == protocol::EventType::Unknown) {
        // Unknown names do occur (spec §5) and are ignored; anyone can send them, hence the rate limit.
        if (const std::optional<QString> suffix = m_unknownLog.pass())
            qCInfo(lcClient).nospace() << "ignoring unknown event " << redact(event.name).left(framePrefixLength)
                                       << qUtf8Printable(*suffix);
        return;
    }
    handleEvent(event);
}

void PushClient::handleEvent(const protocol::Event& event)
{
    using protocol::EventType;
    if (event.type == EventType::Connected) {
        if (m_state == State::Connecting)
            onGreeting(event);
        else
            qCDebug(lcClient) << "ignoring a repeated connected greeting";
        return;
    }
    if (m_state != State::Connected) {
        // The server registers a connection for pushes only after the greeting (spec §3.1).
        qCDebug(lcClient) << "ignoring" << event.name.left(framePrefixLength) << "before the greeting";
        return;
    }

    switch (event.type) {
    case EventType::Msg:
        // Each push is written from its own goroutine (spec §9 item 8): a lower id than one before means the order
        // is scrambled, and a scrambled burst is one that may have lost frames too.
        if (event.msg.id < m_newestMsgId)
            emit deliveryAnomaly(Anomaly::OutOfOrder);
        m_newestMsgId = std::max(m_newestMsgId, event.msg.id);
        emit messageReceived(event.msg);
        break;
    case EventType::Online:
    case EventType::Offline:
        if (!m_presenceWanted)
            return; // presence is ignored locally rather than unsubscribed (spec §8)
        if (event.type == EventType::Online)
            emit robotOnline(event.presence);
        else
            emit robotOffline(event.presence);
        break;
    case EventType::Lsol:
        emit onlineListReceived(event.online);
        break;
    case EventType::Lsunsub:
        emit unsubscribedListReceived(event.names);
        break;
    case EventType::Error:
        qCInfo(lcClient).noquote() << "server error:" << redact(event.text).left(120);
        emit serverErrorReceived(redact(event.text));
        break;
    case EventType::Procinf:
        emit procinfReceived(event.startedMs);
        break;
    case EventType::Disconnecting:
        emit eventReceived(event);
        // The server drops the TCP connection right after (spec §3.2); do not wait for it.
        abortSocket(Failure::Kicked, QStringLiteral("another client of this account took the connection slot"));
        return;
    case EventType::Request:
        // Robot API calls addressed to us: we are not a robot, and anyone can send them (spec §6.6).
        qCDebug(lcClient) << "ignoring a robot API request";
        return;
    case EventType::RobotResponse:
        // Typed as a robot response even when it is named `msg` or `online`: never acted on as those.
        qCDebug(lcClient) << "robot response" << event.name.left(framePrefixLength) << "from" << event.call.uid;
        break;
    case EventType::Connected:
    case EventType::Ping:
    case EventType::Sub:
    case EventType::Unsub:
    case EventType::Ls:
    case EventType::Regapi:
    case EventType::Lsapi:
    case EventType::Ack:
    case EventType::Unknown:
    case EventType::Invalid:
        break;
    }
    emit eventReceived(event);
}

void PushClient::onGreeting(const protocol::Event& event)
{
    m_connectTimer.stop();
    m_connectedFor.start();
    if (m_config.pingInterval > 0ms)
        m_pingTimer.start(m_config.pingInterval);
    if (m_config.deadTimeout > 0ms)
        m_deadTimer.start(m_config.deadTimeout);
    m_stableTimer.start(m_config.stableAfter);
    m_newestMsgId = 0; // the order that matters is the one within a connection (a restarted server may count anew)
    qCInfo(lcClient) << "connected";
    setState(State::Connected);
    if (m_state != State::Connected)
        return;
    applySubscriptions();
    emit connected();
    emit eventReceived(event);
}

void PushClient::applySubscriptions()
{
    // The server forgets subscriptions when it restarts, silently, so they are re-applied on every connect.
    // `sub` gets no reply when this uid never unsubscribed anything: never wait for one (spec §8).
    if (m_presenceWanted) {
        sendFrame(protocol::subAction(presenceEvents()));
        sendFrame(protocol::lsolAction());
    } else if (m_unsubscribeWhenUnwanted) {
        sendFrame(protocol::unsubAction(presenceEvents()));
    }
}

std::optional<QString> PushClient::LogLimit::pass()
{
    if (last.isValid() && milliseconds(last.elapsed()) < frameLogInterval) {
        ++suppressed;
        return std::nullopt;
    }
    const QString suffix =
        suppressed > 0 ? QStringLiteral(" (%1 more since the last report)").arg(suppressed) : QString();
    last.start();
    suppressed = 0;
    return suffix;
}

void PushClient::logInvalidFrame(const protocol::Event& event, QByteArrayView frame)
{
    const std::optional<QString> suffix = m_invalidLog.pass();
    if (!suffix)
        return;
    // Redact a window longer than any sid before cutting the prefix, so no partial sid can slip through.
    const QString prefix =
        redact(QString::fromUtf8(frame.first(std::min(frame.size(), redactWindow)))).left(framePrefixLength);
    qCWarning(lcClient).nospace() << "ignoring invalid frame: " << redact(event.reason) << ", starting " << prefix
                                  << qUtf8Printable(*suffix);
}

void PushClient::setState(State state)
{
    if (state == m_state)
        return;
    if (m_state == State::Connected) {
        m_connectedSince = {};
        m_offlineSince = QDateTime::currentDateTimeUtc();
    }
    if (state == State::Connected) {
        m_connectedSince = QDateTime::currentDateTimeUtc();
        m_offlineSince = {};
    }
    m_state = state;
    updateWakeTimer();
    // Only once the first attempt is over: loading the backend must not delay the first connection.
    if (m_config.watchNetwork && (state == State::Connected || state == State::Reconnecting))
        startWatchingNetwork();
    emit stateChanged(state);
}

void PushClient::fail(Failure kind, const QString& description)
{
    const QString text = redact(description);
    m_lastFailure = kind;
    qCInfo(lcClient).noquote() << "failure:" << text;
    emit failure(kind, text);
}

void PushClient::startWatchingNetwork()
{
    if (m_networkWatched)
        return;
    m_networkWatched = true;
#ifdef Q_OS_LINUX
    // Qt's Linux backend asks NetworkManager over the system bus.
    if (!QNetworkInformation::instance() && !systemBusMayExist()) {
        qCInfo(lcClient) << "no system bus for network information: retrying on timers only";
        return;
    }
#endif
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadDefaultBackend() &&
        !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcClient) << "no network information backend: retrying on timers only";
        return;
    }
    const QNetworkInformation* info = QNetworkInformation::instance();
    if (!info || !info->supports(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcClient) << "the network information backend cannot report reachability";
        return;
    }
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability == QNetworkInformation::Reachability::Online)
                    networkRestored();
            });
}

QString PushClient::redact(QString text) const
{
    // Ours, and any sid-looking token in case it is not (or no longer) ours.
    return logging::redact(text, m_sid);
}

} // namespace client
