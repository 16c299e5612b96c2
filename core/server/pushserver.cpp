// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/pushserver.h"

#include "core/logging.h"
#include "core/protocol/action.h"
#include "core/protocol/event.h"
#include "core/server/cookies.h"
#include "core/server/phpjson.h"
#ifdef Q_OS_LINUX
#include "core/server/epolldispatcher.h"
#endif
#include "core/server/store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace server {

namespace {

constexpr qsizetype maxHandshakeSize = 16 * 1024;
constexpr qsizetype maxPendingFrames = 64;
constexpr int refusedLingerMs = 1000;
constexpr qsizetype maxCloseReasonBytes = 123;

QString peerKey(const QHostAddress& address, quint16 port)
{
    return address.toString() + u'|' + QString::number(port);
}

QString plainAddress(const QHostAddress& address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

QByteArray httpError(int status, const QByteArray& reason, const QByteArray& body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
           "\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

QString badSidReason(const QString& sid)
{
    return QStringLiteral("can not get user uid. sid ") + sid + QStringLiteral(" is not correct");
}

void preferScalableEventDispatcher()
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
}

QString installServerEventDispatcher()
{
    const QString wanted = qEnvironmentVariable("HU60_EVENT_DISPATCHER");
#ifdef Q_OS_LINUX
    if (wanted != u"qt") {
        if (!wanted.isEmpty() && wanted != u"epoll")
            qWarning("HU60_EVENT_DISPATCHER=%s is neither epoll nor qt; using epoll", qPrintable(wanted));
        auto dispatcher = std::make_unique<EpollEventDispatcher>();
        if (dispatcher->isValid()) {
            QCoreApplication::setEventDispatcher(dispatcher.release());
            return QStringLiteral("epoll");
        }
    }
#endif
    preferScalableEventDispatcher();
    return QStringLiteral("qt");
}

/// The parts of the upgrade request the sid lookup needs.
struct PushServer::Handshake
{
    QPointer<QObject> tcp; ///< the accepted socket, a key of m_peers; QWebSocket uses but does not own it
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }

    QString queryValue(const QString& key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }

    QString cookie(QByteArrayView name) const { return cookieValue(headers, name); }

    // Spec §2: cookies count only for same-origin requests without an _origin value.
    bool cookiesAllowed() const
    {
        if (!queryValue(QStringLiteral("_origin")).isEmpty() || !header("x-origin").isEmpty())
            return false;
        const QByteArray origin = header("origin");
        if (origin.isEmpty())
            return true;
        const QUrl url = QUrl::fromEncoded(origin, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return false;
        // As Go's url.URL.Host: the authority as written, "host[:port]" ("[v6]:port"), without user info. So the
        // ports must match too (hu60.cn behind nginx: Origin https://hu60.cn, Host hu60.cn).
        QByteArray authority = origin.mid(origin.indexOf("//") + 2);
        for (const char end : {'/', '?', '#'}) {
            if (const qsizetype at = authority.indexOf(end); at >= 0)
                authority.truncate(at);
        }
        authority = authority.mid(authority.lastIndexOf('@') + 1);
        return authority.compare(header("host"), Qt::CaseInsensitive) == 0;
    }

    QString sid() const
    {
        QString sid = queryValue(QStringLiteral("_sid"));
        if (sid.isEmpty())
            sid = QString::fromUtf8(header("x-sid"));
        if (sid.isEmpty() && cookiesAllowed())
            sid = cookie("hu60_sid");
        return sid;
    }
};

/// One upgraded WebSocket, before and after authentication.
struct PushServer::Connection
{
    QWebSocket* socket = nullptr;
    Handshake handshake;
    QTimer authTimer;
    QList<QByteArray> pending;         ///< frames received before authentication finished
    qint64 pendingBytes = 0;           ///< their size (PushServerLimits::maxPreAuthBytes)
    QList<QByteArray>* sink = nullptr; ///< handleLocalFrame(): frames collected here instead of a socket
    QString address;                   ///< plain peer address, for limits and logs
    QString sidBeingChecked;           ///< until authenticated(): to keep it out of the log line of a refusal
    QList<QByteArray> burst;           ///< faulty pushes of this event loop turn (PushFaults)
    qint64 greetedMs = 0;              ///< when `connected` was sent
    double tokens = 0;                 ///< message rate token bucket
    qint64 refilledMs = 0;
    qint64 uid = 0;
    bool authenticated = false;
    bool closing = false;
};

PushServer::PushServer(QObject* parent)
    : QObject(parent)
    , m_tcpServer(new QTcpServer(this))
    , m_webSocketServer(new QWebSocketServer(QStringLiteral("hu60ws"), QWebSocketServer::NonSecureMode, this))
{
    m_started.start();
    m_webSocketServer->setHandshakeTimeout(m_limits.handshakeTimeoutMs);
    connect(m_tcpServer, &QTcpServer::newConnection, this, &PushServer::onTcpConnection);
    connect(m_webSocketServer, &QWebSocketServer::newConnection, this, &PushServer::onWebSocketConnection);
}

PushServer::~PushServer()
{
    close();
}

void PushServer::setAuthenticator(Authenticator authenticator)
{
    m_authenticator = std::move(authenticator);
}

void PushServer::setConnectionsPerUser(int limit)
{
    m_connectionsPerUser = std::max(1, limit);
}

void PushServer::setDisabledActions(const QStringList& names)
{
    m_disabled = names;
}

void PushServer::setAuthTimeout(int ms)
{
    m_limits.authTimeoutMs = ms;
}

void PushServer::setLimits(const PushServerLimits& limits)
{
    m_limits = limits;
    m_limits.messageBurst = std::max(1, m_limits.messageBurst);
    m_limits.maxConnections = std::max(1, m_limits.maxConnections);
    m_limits.maxUnauthenticatedPerAddress = std::max(1, m_limits.maxUnauthenticatedPerAddress);
    m_limits.maxNamesPerUser = std::max(1, m_limits.maxNamesPerUser);
    m_limits.maxHalfOpen = std::max(1, m_limits.maxHalfOpen);
    m_limits.maxPreAuthBytes = std::max<qint64>(1, m_limits.maxPreAuthBytes);
    m_webSocketServer->setHandshakeTimeout(m_limits.handshakeTimeoutMs);
}

PushServerLimits PushServer::limits() const
{
    return m_limits;
}

void PushServer::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

void PushServer::setFaults(const PushFaults& faults)
{
    m_faults = faults;
    m_faultRandom.seed(faults.seed);
    if (faults.any())
        qCInfo(lcServer).noquote() << "push faults on, as the real server's:" << faults.describe() << "seed"
                                   << faults.seed;
}

qint64 PushServer::now() const
{
    return m_clock ? m_clock() : m_started.elapsed();
}

bool PushServer::listen(const QHostAddress& address, quint16 port, QString* error)
{
    // A flood of connects must reach accept() rather than die in a short kernel queue unseen.
    m_tcpServer->setListenBacklogSize(1024);
    if (!m_tcpServer->listen(address, port)) {
        if (error)
            *error = m_tcpServer->errorString();
        return false;
    }
    qCInfo(lcServer) << "push server listening on" << address.toString() << m_tcpServer->serverPort();
    return true;
}

QHostAddress PushServer::serverAddress() const
{
    return m_tcpServer->serverAddress();
}

quint16 PushServer::serverPort() const
{
    return m_tcpServer->serverPort();
}

void PushServer::close()
{
    m_tcpServer->close();
    const auto connections = m_connections;
    for (Connection* connection : connections) {
        connection->socket->disconnect(this);
        connection->socket->abort();
        connection->socket->deleteLater();
        delete connection;
    }
    m_connections.clear();
    m_bursting.clear();
    m_slots.clear();
    qDeleteAll(m_handshakes);
    m_handshakes.clear();
}

void PushServer::onTcpConnection()
{
    while (QTcpSocket* socket = m_tcpServer->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        const QString address = plainAddress(socket->peerAddress());
        // Refused before anything is parsed: a flood costs one short write per connection.
        if (m_peers.size() >= m_limits.maxConnections) {
            refuse(socket, 503, "Service Unavailable", QStringLiteral("total connections"), address);
            continue;
        }
        // Everything behind a reverse proxy comes from its address: that limit waits for the client address in
        // the proxy's headers (onHandshakeData()). The global cap keeps the memory of half-open ones bounded.
        if (m_halfOpen >= m_limits.maxHalfOpen) {
            refuse(socket, 503, "Service Unavailable", QStringLiteral("half-open connections"), address);
            continue;
        }
        if (!isTrustedProxy(socket->peerAddress()) &&
            m_unauthenticated.value(address) >= m_limits.maxUnauthenticatedPerAddress) {
            refuse(socket, 429, "Too Many Requests", QStringLiteral("unauthenticated connections"), address);
            continue;
        }
        // Every frame is one small write that should leave at once, as from the real server (Go sets TCP_NODELAY on
        // every connection): no waiting for the previous frame's delayed ACK (Nagle).
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_peers.insert(socket, {address, peerKey(socket->peerAddress(), socket->peerPort()), false});
        ++m_unauthenticated[address];
        ++m_halfOpen;
        // The QTcpSocket lives on inside the QWebSocket after the upgrade and dies with it, so its destruction
        // ends the connection in every state.
        connect(socket, &QObject::destroyed, this, &PushServer::forgetPeer);
        auto* timer = new QTimer(socket);
        timer->setObjectName(QStringLiteral("handshakeTimer"));
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, &QTcpSocket::abort);
        timer->start(m_limits.handshakeTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onHandshakeData(socket); });
    }
}

void PushServer::refuse(QTcpSocket* socket, int status, const QByteArray& statusText, const QString& limit,
                        const QString& address)
{
    limitHit(limit, address);
    socket->write(httpError(status, statusText, "too many connections\n"));
    socket->flush();
    socket->disconnectFromHost();
    // A peer that never reads keeps the socket in Closing; do not wait for it.
    QTimer::singleShot(refusedLingerMs, socket, &QTcpSocket::abort);
}

void PushServer::forgetPeer(QObject* socket)
{
    const Peer peer = m_peers.take(socket);
    if (peer.key.isEmpty())
        return;
    if (!peer.authenticated) {
        --m_halfOpen;
        auto it = m_unauthenticated.find(peer.address);
        if (it != m_unauthenticated.end() && --*it <= 0)
            m_unauthenticated.erase(it);
    }
    // An upgrade that QWebSocketServer refused (bad key, its handshake timeout) never reaches
    // onWebSocketConnection(): drop what onHandshakeData() kept for it.
    const auto it = m_handshakes.find(peer.key);
    if (it != m_handshakes.end() && (it.value()->tcp.isNull() || it.value()->tcp == socket)) {
        delete it.value();
        m_handshakes.erase(it);
    }
}

bool PushServer::isTrustedProxy(const QHostAddress& address) const
{
    const QString plain = plainAddress(address);
    return std::any_of(m_limits.trustedProxies.cbegin(), m_limits.trustedProxies.cend(),
                       [&plain](const QHostAddress& proxy) { return plainAddress(proxy) == plain; });
}

bool PushServer::admitBehindProxy(QTcpSocket* socket, const QString& clientAddress)
{
    const auto it = m_peers.find(socket);
    if (it == m_peers.end() || it->authenticated || it->address == clientAddress)
        return true;
    auto count = m_unauthenticated.find(it->address);
    if (count != m_unauthenticated.end() && --*count <= 0)
        m_unauthenticated.erase(count);
    it->address = clientAddress;
    if (++m_unauthenticated[clientAddress] > m_limits.maxUnauthenticatedPerAddress) {
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        refuse(socket, 429, "Too Many Requests", QStringLiteral("unauthenticated connections"), clientAddress);
        return false;
    }
    return true;
}

void PushServer::markAuthenticated(QObject* socket)
{
    const auto it = m_peers.find(socket);
    if (it == m_peers.end() || it->authenticated)
        return;
    it->authenticated = true;
    --m_halfOpen;
    auto count = m_unauthenticated.find(it->address);
    if (count != m_unauthenticated.end() && --*count <= 0)
        m_unauthenticated.erase(count);
}

bool PushServer::takeToken(Connection* connection)
{
    const qint64 t = now();
    const double elapsedSeconds = static_cast<double>(std::max<qint64>(0, t - connection->refilledMs)) / 1000.0;
    connection->refilledMs = t;
    connection->tokens = std::min(static_cast<double>(m_limits.messageBurst),
                                  connection->tokens + elapsedSeconds * m_limits.messagesPerSecond);
    if (connection->tokens < 1.0)
        return false;
    connection->tokens -= 1.0;
    return true;
}

void PushServer::limitHit(const QString& limit, const QString& address)
{
    if (m_logThrottle.hit(limit + u'|' + address, now()))
        qCWarning(lcServer).noquote() << "limit hit:" << limit << "from" << address
                                      << "(logged once a minute per address)";
}

// Peeks (never reads) the HTTP request so that QWebSocketServer still sees all of it.
void PushServer::onHandshakeData(QTcpSocket* socket)
{
    const QByteArray data = socket->peek(maxHandshakeSize + 1);
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0) {
        if (data.size() > maxHandshakeSize) {
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr); // destroyed() stays connected
            socket->write(httpError(431, "Request Header Fields Too Large", "431 request header fields too large\n"));
            socket->disconnectFromHost();
        }
        return;
    }
    const QList<QByteArray> lines = data.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    const QUrl target = requestLine.size() == 3 ? QUrl::fromEncoded(requestLine.at(1)) : QUrl();
    const QString path = target.path();
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    if (path != u"/v1/ws" && path != u"/ws/msg") {
        socket->write(httpError(404, "Not Found", "404 page not found\n"));
        socket->disconnectFromHost();
        return;
    }
    auto handshake = std::make_unique<Handshake>();
    handshake->tcp = socket;
    handshake->query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            handshake->headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    // As the real server's upgrader: a non-GET is 405, a GET without the upgrade headers 400.
    if (requestLine.first() != "GET") {
        socket->write(httpError(405, "Method Not Allowed", "Method Not Allowed\n"));
        socket->disconnectFromHost();
        return;
    }
    if (!handshake->header("upgrade").toLower().contains("websocket")) {
        socket->write(httpError(400, "Bad Request",
                                "websocket: the client is not using the websocket protocol: 'websocket' token not "
                                "found in 'Upgrade' header\n"));
        socket->disconnectFromHost();
        return;
    }
    if (isTrustedProxy(socket->peerAddress())) {
        // X-Real-IP as nginx sets it, else the last X-Forwarded-For entry: the one the proxy itself added.
        QByteArray named = handshake->header("x-real-ip").trimmed();
        if (named.isEmpty())
            named = handshake->header("x-forwarded-for").split(',').constLast().trimmed();
        QHostAddress client;
        if (!named.isEmpty() && client.setAddress(QString::fromLatin1(named)) &&
            !admitBehindProxy(socket, plainAddress(client)))
            return;
    }
    const QString key = peerKey(socket->peerAddress(), socket->peerPort());
    delete m_handshakes.value(key);
    m_handshakes.insert(key, handshake.release());
    delete socket->findChild<QTimer*>(QStringLiteral("handshakeTimer"));
    socket->disconnect(socket);
    m_webSocketServer->handleConnection(socket);
}

void PushServer::onWebSocketConnection()
{
    while (QWebSocket* socket = m_webSocketServer->nextPendingConnection()) {
        socket->setParent(this);
        // Until the sid is checked nothing larger than the pre-authentication budget is buffered (1009).
        const auto preAuthSize = static_cast<quint64>(std::min(m_limits.maxPreAuthBytes, m_limits.maxMessageBytes));
        socket->setMaxAllowedIncomingMessageSize(preAuthSize);
        socket->setMaxAllowedIncomingFrameSize(preAuthSize);
        auto* connection = new Connection;
        connection->socket = socket;
        connection->address = plainAddress(socket->peerAddress());
        connection->tokens = m_limits.messageBurst;
        connection->refilledMs = now();
        if (Handshake* handshake = m_handshakes.take(peerKey(socket->peerAddress(), socket->peerPort()))) {
            connection->handshake = *handshake;
            delete handshake;
            // From now on the QWebSocket stands for the connection: QWebSocket drops every connection of the
            // QTcpSocket's signals when it dies, so the socket's destroyed() would not reach us.
            if (QObject* tcp = connection->handshake.tcp) {
                disconnect(tcp, &QObject::destroyed, this, &PushServer::forgetPeer);
                m_peers.insert(socket, m_peers.take(tcp));
                connection->address = m_peers.value(socket).address; // the client behind a trusted proxy
                connect(socket, &QObject::destroyed, this, &PushServer::forgetPeer);
            }
        } else {
            // Not expected: every socket passes onHandshakeData first. Fall back to what QWebSocket kept.
            connection->handshake.query = QUrlQuery(socket->requestUrl());
            const QNetworkRequest request = socket->request();
            for (const QByteArray& name : request.rawHeaderList())
                connection->handshake.headers.append({name, request.rawHeader(name)});
        }
        m_connections.insert(socket, connection);
        // Handlers look the connection up by socket, so a late signal after close() finds nothing.
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString& text) { onFrame(socket, text.toUtf8()); });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                [this, socket](const QByteArray& data) { onFrame(socket, data); });
        // Queued: abort() inside a kick or a close must not re-enter the slot bookkeeping.
        connect(
            socket, &QWebSocket::disconnected, this, [this, socket] { onDisconnected(socket); }, Qt::QueuedConnection);
        connection->authTimer.setSingleShot(true);
        connect(&connection->authTimer, &QTimer::timeout, this, [this, connection] { drop(connection); });
        connection->authTimer.start(m_limits.authTimeoutMs);

        const QString sid = connection->handshake.sid();
        connection->sidBeingChecked = sid;
        // What the forum check sees as X-Forwarded-For: the proxy's headers only when it is trusted.
        const QString clientIp = connection->address;
        // The request's headers and query are needed for nothing else: not kept for the connection's lifetime.
        connection->handshake.headers = {};
        connection->handshake.query = QUrlQuery();
        if (sid.isEmpty()) {
            authenticated(connection, {0, QStringLiteral("sid not found")});
            continue;
        }
        if (!m_authenticator) {
            authenticated(connection, {0, badSidReason(sid)});
            continue;
        }
        const QPointer<QWebSocket> guard(socket);
        m_authenticator(sid, clientIp, [this, guard](const AuthResult& result) {
            if (guard && m_connections.contains(guard.data()))
                authenticated(m_connections.value(guard.data()), result);
        });
    }
}

void PushServer::authenticated(Connection* connection, const AuthResult& result)
{
    if (connection->closing || connection->authenticated)
        return;
    connection->authTimer.stop();
    const QString sid = std::exchange(connection->sidBeingChecked, QString());
    if (result.uid == 0) {
        connection->closing = true;
        // The reason may echo the sid (a password): never log that part.
        const QString logged = result.reason == badSidReason(sid)
                                   ? badSidReason(QString(logging::redactedSid)) // whatever the sid looks like
                                   : logging::redact(result.reason, sid);
        qCInfo(lcServer) << "authentication failed:" << logged;
        // A close frame carries at most 123 bytes of reason; like the real server, give up on the frame then.
        if (result.reason.toUtf8().size() > maxCloseReasonBytes) {
            connection->socket->flush(); // the 101 response still goes out: the client sees open, then 1006
            drop(connection);
        } else {
            connection->socket->close(QWebSocketProtocol::CloseCodePolicyViolated, result.reason);
        }
        return;
    }
    connection->uid = result.uid;
    connection->authenticated = true;
    connection->socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(m_limits.maxMessageBytes));
    connection->socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(m_limits.maxMessageBytes));
    connection->pendingBytes = 0;
    markAuthenticated(connection->socket);
    send(connection, protocol::encodeConnected());
    connection->greetedMs = now();
    registerConnection(connection);
    const QList<QByteArray> pending = std::exchange(connection->pending, {});
    for (const QByteArray& frame : pending) {
        if (connection->closing)
            break;
        handleFrame(connection, frame);
    }
}

void PushServer::registerConnection(Connection* connection)
{
    QList<Connection*>& slotList = m_slots[connection->uid];
    Connection* kicked = nullptr;
    if (slotList.size() >= m_connectionsPerUser)
        kicked = slotList.takeLast(); // the newest slot, not the oldest (spec §3.2)
    slotList.append(connection);
    qCInfo(lcServer) << "uid" << connection->uid << "connected," << liveConnections(connection->uid) << "live";
    if (connection->uid < 0)
        broadcastPresence(true, connection->uid);
    Q_EMIT clientAuthenticated(connection->uid);
    if (kicked && !kicked->closing) {
        kicked->closing = true;
        send(kicked, protocol::encodeEvent(u"disconnecting", QStringLiteral("reached the connections limit")));
        kicked->socket->flush();
        drop(kicked); // no Close frame: the kicked client sees 1006
    }
}

void PushServer::onFrame(QWebSocket* socket, const QByteArray& frame)
{
    Connection* connection = m_connections.value(socket);
    if (!connection || connection->closing)
        return;
    if (!takeToken(connection)) {
        limitHit(QStringLiteral("message rate"), connection->address);
        connection->closing = true;
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QString::fromUtf16(rateLimitReason));
        return;
    }
    if (!connection->authenticated) {
        connection->pendingBytes += frame.size();
        if (connection->pendingBytes > m_limits.maxPreAuthBytes) {
            limitHit(QStringLiteral("data before authentication"), connection->address);
            connection->closing = true;
            connection->pending.clear();
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QString::fromUtf16(preAuthLimitReason));
            return;
        }
        if (connection->pending.size() < maxPendingFrames)
            connection->pending.append(frame);
        return;
    }
    handleFrame(connection, frame);
}

void PushServer::handleFrame(Connection* connection, const QByteArray& frame)
{
    const protocol::Action action = protocol::parseAction(frame);
    // Malformed JSON, wrong types and unknown actions get their error reply every time, but a log line only
    // once a minute per address and kind: any client can send them as fast as the rate limit lets it.
    if (!action.ok) {
        if (m_logThrottle.hit(QStringLiteral("bad frame|") + connection->address, now()))
            qCInfo(lcServer).nospace() << "undecodable frame from " << qUtf8Printable(connection->address) << ": "
                                       << action.error.left(120) << " (logged once a minute per address)";
        sendError(connection, action.error);
        return;
    }
    if (!action.id.isEmpty())
        send(connection, protocol::encodeEvent(u"ack", action.id));
    if (!knownActions().contains(action.name)) {
        if (m_logThrottle.hit(QStringLiteral("unsupported action|") + connection->address, now()))
            qCInfo(lcServer).nospace() << "unsupported action " << action.name.left(60) << " from "
                                       << qUtf8Printable(connection->address) << " (logged once a minute per address)";
        sendError(connection, QStringLiteral("unsupported action: ") + action.name);
        return;
    }
    if (m_disabled.contains(action.name)) {
        sendError(connection, QStringLiteral("disabled action: ") + action.name);
        return;
    }
    runAction(connection, action.name, action.data);
}

void PushServer::runAction(Connection* connection, const QString& name, const QJsonValue& data)
{
    using namespace protocol;
    if (name == actions::ping) {
        send(connection, encodeEvent(u"ping", QStringLiteral("pong")));
    } else if (name == actions::lsol) {
        QJsonObject online;
        for (auto it = m_slots.cbegin(); it != m_slots.cend(); ++it) {
            if (it.key() <= 0)
                online.insert(QString::number(it.key()), it.value().size());
        }
        send(connection, encodeEvent(u"lsol", online));
    } else if (name == actions::unsub) {
        unsub(connection, data);
    } else if (name == actions::sub) {
        sub(connection, data);
    } else if (name == actions::lsunsub) {
        const auto it = m_unsubscribed.constFind(connection->uid);
        send(connection, encodeEvent(u"lsunsub", it == m_unsubscribed.cend() ? QJsonValue(QJsonValue::Null)
                                                                             : QJsonArray::fromStringList(*it)));
    } else if (name == actions::ls) {
        QStringList names = knownActions();
        for (const QString& disabled : std::as_const(m_disabled))
            names.removeAll(disabled);
        send(connection, encodeEvent(u"ls", QJsonArray::fromStringList(names)));
    } else if (name == actions::procinf) {
        send(connection,
             encodeEvent(u"procinf", QJsonObject{{QStringLiteral("started"), formatGoDuration(m_started.elapsed())}}));
    } else if (name == actions::regapi) {
        regapi(connection, data);
    } else if (name == actions::lsapi) {
        QJsonObject apis;
        for (auto it = m_apis.cbegin(); it != m_apis.cend(); ++it)
            apis.insert(QString::number(it.key()), QJsonArray::fromStringList(it.value()));
        send(connection, encodeEvent(u"lsapi", apis));
    } else if (name == actions::resp) {
        resp(connection, data);
    } else {
        robotCall(connection, name, data);
    }
}

void PushServer::unsub(Connection* connection, const QJsonValue& data)
{
    if (!data.isArray()) {
        sendError(connection, QStringLiteral("invalid data format"));
        return;
    }
    QStringList& names = m_unsubscribed[connection->uid];
    for (const QJsonValue& item : data.toArray()) {
        if (!item.isString()) {
            sendError(connection, QStringLiteral("invalid data format")); // earlier names stay applied
            return;
        }
        if (names.contains(item.toString()))
            continue;
        if (names.size() >= m_limits.maxNamesPerUser) {
            sendError(connection, QStringLiteral("too many names"));
            return;
        }
        if (const QString refused = checkName(connection->uid, item.toString()); !refused.isEmpty()) {
            sendError(connection, refused);
            return;
        }
        names.append(item.toString());
    }
    send(connection, protocol::encodeEvent(u"unsub", QStringLiteral("ok")));
}

void PushServer::sub(Connection* connection, const QJsonValue& data)
{
    const auto it = m_unsubscribed.find(connection->uid);
    if (it == m_unsubscribed.end())
        return; // the real server's quirk: no reply at all when this uid never unsubscribed
    QStringList names;
    const QJsonArray array = data.toArray();
    for (const QJsonValue& item : array) {
        if (!item.isString())
            break;
        names.append(item.toString());
    }
    if (!data.isArray() || names.size() != array.size()) {
        sendError(connection, QStringLiteral("invalid data format"));
        return;
    }
    for (const QString& name : std::as_const(names))
        it->removeAll(name);
    if (it->isEmpty())
        m_unsubscribed.erase(it);
    send(connection, protocol::encodeEvent(u"sub", QStringLiteral("ok")));
}

void PushServer::regapi(Connection* connection, const QJsonValue& data)
{
    if (!data.isArray()) {
        sendError(connection, QStringLiteral("invalid data format"));
        return;
    }
    const QStringList builtins = protocol::builtinActions();
    for (const QJsonValue& item : data.toArray()) {
        if (!item.isString()) {
            sendError(connection, QStringLiteral("invalid data format"));
            return;
        }
        const QString name = item.toString();
        if (builtins.contains(name)) {
            sendError(connection, name + QStringLiteral(" already exists. skiped"));
            continue;
        }
        QStringList& mine = m_apis[connection->uid];
        if (mine.contains(name))
            continue;
        if (mine.size() >= m_limits.maxNamesPerUser) {
            sendError(connection, QStringLiteral("too many apis"));
            return;
        }
        if (const QString refused = checkName(connection->uid, name); !refused.isEmpty()) {
            sendError(connection, refused);
            return;
        }
        mine.append(name);
    }
    send(connection, protocol::encodeEvent(u"regapi", QStringLiteral("ok")));
}

QString PushServer::checkName(qint64 uid, const QString& name) const
{
    const qint64 size = name.toUtf8().size();
    if (size > m_limits.maxNameBytes)
        return QStringLiteral("name too long (at most %1 bytes)").arg(m_limits.maxNameBytes);
    if (nameBytes(uid) + size > m_limits.maxNameBytesPerUser)
        return QStringLiteral("names too large (at most %1 bytes per user)").arg(m_limits.maxNameBytesPerUser);
    return {};
}

qint64 PushServer::nameBytes(qint64 uid) const
{
    qint64 total = 0;
    for (const QStringList& list : {m_unsubscribed.value(uid), m_apis.value(uid)}) {
        for (const QString& name : list)
            total += name.toUtf8().size();
    }
    return total;
}

void PushServer::forgetNames(qint64 uid)
{
    m_unsubscribed.remove(uid);
    m_apis.remove(uid);
}

void PushServer::resp(Connection* connection, const QJsonValue& data)
{
    const QJsonObject o = data.toObject();
    QString error;
    if (!data.isObject())
        error = QStringLiteral("invalid data format");
    else if (!o.contains(u"uid"))
        error = QStringLiteral("data.uid not found");
    else if (!o.contains(u"action"))
        error = QStringLiteral("data.action not found");
    else if (!o.contains(u"data"))
        error = QStringLiteral("data.data not found");
    else if (!o.value(u"uid").isDouble())
        error = QStringLiteral("invalid data.uid format");
    else if (!o.value(u"action").isString())
        error = QStringLiteral("invalid data.action format");
    if (!error.isEmpty()) {
        sendError(connection, error);
        return;
    }
    const auto target = static_cast<qint64>(o.value(u"uid").toDouble());
    const QString event = o.value(u"action").toString();
    deliver(target, event, protocol::encodeRobotResponse(event, connection->uid, o.value(u"data")));
}

void PushServer::robotCall(Connection* connection, const QString& name, const QJsonValue& data)
{
    const QJsonObject o = data.toObject();
    if (!data.isObject()) {
        sendError(connection, QStringLiteral("invalid data format"));
        return;
    }
    if (!o.contains(u"bot")) {
        sendError(connection, QStringLiteral("data.bot not found"));
        return;
    }
    if (!o.value(u"bot").isDouble()) {
        sendError(connection, QStringLiteral("invalid data.bot format"));
        return;
    }
    const auto bot = static_cast<qint64>(o.value(u"bot").toDouble());
    QJsonValue payload = o.value(u"data");
    if (payload.isUndefined())
        payload = QJsonValue(QJsonValue::Null);
    deliver(bot, QStringLiteral("req"), protocol::encodeRequest(connection->uid, name, payload));
}

void PushServer::broadcastPresence(bool online, qint64 uid)
{
    const QString event = online ? QStringLiteral("online") : QStringLiteral("offline");
    const QByteArray frame = protocol::encodePresence(
        online ? protocol::EventType::Online : protocol::EventType::Offline, {uid, liveConnections(uid)});
    const QString text = QString::fromUtf8(frame);
    for (auto it = m_slots.cbegin(); it != m_slots.cend(); ++it) {
        if (!isSubscribed(it.key(), event))
            continue;
        for (Connection* connection : it.value()) {
            if (connection && !connection->closing)
                send(connection, frame, text);
        }
    }
}

void PushServer::pushMessage(const Message& message)
{
    protocol::Msg msg;
    msg.id = message.id;
    msg.touid = message.touid;
    msg.byuid = message.byuid;
    msg.type = message.type;
    msg.isread = 0; // the real server always sends 0 (spec §6.1)
    // The forum stores content as PHP json_encode text: compact, unescaped slashes and unicode.
    msg.content = QString::fromUtf8(phpJson(message.content));
    msg.ctime = QStringLiteral("0001-01-01T00:00:00Z");
    const QByteArray frame = protocol::encodeMsg(msg);
    if (!m_faults.any()) {
        deliver(message.touid, QStringLiteral("msg"), frame);
        return;
    }
    if (!isSubscribed(message.touid, QStringLiteral("msg")))
        return;
    const QList<Connection*> targets = m_slots.value(message.touid);
    for (Connection* connection : targets) {
        if (connection && !connection->closing)
            queueFaultyPush(connection, frame);
    }
}

void PushServer::queueFaultyPush(Connection* connection, const QByteArray& frame)
{
    // The real server registers a connection only after its greeting is written (§9 item 10).
    if (m_faults.dropBeforeRegisterMs > 0 && now() - connection->greetedMs < m_faults.dropBeforeRegisterMs) {
        qCDebug(lcServer) << "fault: push to uid" << connection->uid << "lost before registration";
        return;
    }
    if (m_faults.dropShare > 0 && m_faultRandom.generateDouble() < m_faults.dropShare) {
        qCDebug(lcServer) << "fault: push to uid" << connection->uid << "dropped";
        return;
    }
    if (connection->burst.isEmpty()) {
        if (m_bursting.isEmpty())
            QTimer::singleShot(0, this, &PushServer::flushBursts);
        m_bursting.append(connection->socket);
    }
    connection->burst.append(frame);
}

void PushServer::flushBursts()
{
    const QList<QWebSocket*> sockets = std::exchange(m_bursting, {});
    for (QWebSocket* socket : sockets) {
        Connection* connection = m_connections.value(socket);
        if (!connection)
            continue;
        QList<QByteArray> burst = std::exchange(connection->burst, {});
        if (connection->closing || burst.isEmpty())
            continue;
        const qsizetype pushes = burst.size();
        if (m_faults.reorder)
            std::shuffle(burst.begin(), burst.end(), m_faultRandom);
        if (m_faults.emptyFrame)
            burst.insert(m_faultRandom.bounded(static_cast<int>(burst.size()) + 1), QByteArray());
        const bool breaks = m_faults.breakMidBurst && pushes >= 2;
        if (breaks)
            burst.resize(burst.size() / 2);
        for (const QByteArray& frame : std::as_const(burst))
            send(connection, frame);
        if (breaks) {
            qCInfo(lcServer) << "fault: connection of uid" << connection->uid << "broken mid-burst after"
                             << burst.size() << "of" << pushes << "frames";
            connection->socket->flush();
            drop(connection);
        }
    }
}

void PushServer::deliver(qint64 uid, const QString& event, const QByteArray& frame)
{
    if (!isSubscribed(uid, event))
        return;
    const QList<Connection*> targets = m_slots.value(uid);
    const QString text = QString::fromUtf8(frame);
    for (Connection* connection : targets) {
        if (connection && !connection->closing)
            send(connection, frame, text);
    }
}

bool PushServer::isSubscribed(qint64 uid, const QString& event) const
{
    const auto it = m_unsubscribed.constFind(uid);
    return it == m_unsubscribed.cend() || !it->contains(event);
}

QStringList PushServer::knownActions() const
{
    QStringList names = protocol::builtinActions();
    for (const QStringList& apis : m_apis) {
        for (const QString& name : apis) {
            if (!names.contains(name))
                names.append(name);
        }
    }
    return names;
}

void PushServer::send(Connection* connection, const QByteArray& frame)
{
    send(connection, frame, connection->sink ? QString() : QString::fromUtf8(frame));
}

void PushServer::send(Connection* connection, const QByteArray& frame, const QString& text)
{
    if (connection->sink) {
        connection->sink->append(frame);
        return;
    }
    if (connection->socket->state() != QAbstractSocket::ConnectedState)
        return; // dropped above, or aborted by a kick: nothing more goes out
    connection->socket->sendTextMessage(text);
    // Output piles up in Qt's buffer when the peer stops reading; a connection that far behind is dropped.
    if (!connection->closing && connection->socket->bytesToWrite() > m_limits.maxPendingOutputBytes) {
        limitHit(QStringLiteral("pending output"), connection->address);
        drop(connection);
    }
}

void PushServer::sendError(Connection* connection, const QString& text)
{
    send(connection, protocol::encodeEvent(u"error", text));
}

void PushServer::drop(Connection* connection)
{
    connection->closing = true;
    QWebSocket* socket = connection->socket;
    socket->abort();
    // abort() does not always make QWebSocket emit disconnected(); clean up either way (onDisconnected() runs
    // once per socket: the second call finds nothing).
    QTimer::singleShot(0, this, [this, socket] { onDisconnected(socket); });
}

void PushServer::onDisconnected(QWebSocket* socket)
{
    Connection* connection = m_connections.take(socket);
    if (!connection)
        return;
    const qint64 uid = connection->uid;
    if (connection->authenticated) {
        auto it = m_slots.find(uid);
        if (it != m_slots.end()) {
            const qsizetype index = it->indexOf(connection);
            if (index >= 0)
                (*it)[index] = nullptr; // the slot stays, empty (spec §3.2)
            if (std::all_of(it->cbegin(), it->cend(), [](const Connection* c) { return c == nullptr; })) {
                m_slots.erase(it);
                forgetNames(uid); // nothing of a user without connections stays (clients re-send them, spec §10)
            }
        }
        qCInfo(lcServer) << "uid" << uid << "disconnected," << liveConnections(uid) << "live";
        if (uid < 0)
            broadcastPresence(false, uid);
    }
    connection->socket->deleteLater();
    // The QTcpSocket stays a child of the QTcpServer after the upgrade and is not always deleted by Qt when the
    // connection ends (never after abort()): delete it after its QWebSocket, which still uses it while dying.
    if (connection->handshake.tcp)
        connection->handshake.tcp->deleteLater();
    const bool wasAuthenticated = connection->authenticated;
    delete connection;
    if (wasAuthenticated)
        Q_EMIT clientDisconnected(uid);
}

int PushServer::liveConnections(qint64 uid) const
{
    const QList<Connection*> list = m_slots.value(uid);
    return static_cast<int>(
        std::count_if(list.cbegin(), list.cend(), [](const Connection* c) { return c != nullptr && !c->closing; }));
}

int PushServer::socketCount() const
{
    return static_cast<int>(m_peers.size());
}

int PushServer::unauthenticatedCount(const QHostAddress& address) const
{
    return m_unauthenticated.value(plainAddress(address));
}

int PushServer::halfOpenCount() const
{
    return m_halfOpen;
}

qint64 PushServer::preAuthBytes() const
{
    qint64 total = 0;
    for (const Connection* connection : m_connections) {
        for (const QByteArray& frame : connection->pending)
            total += frame.size();
    }
    return total;
}

int PushServer::pendingUpgradeCount() const
{
    return static_cast<int>(m_handshakes.size());
}

QList<QByteArray> PushServer::handleLocalFrame(qint64 uid, const QByteArray& frame)
{
    QList<QByteArray> out;
    Connection connection;
    connection.sink = &out;
    connection.uid = uid;
    connection.authenticated = true;
    connection.address = QStringLiteral("local");
    handleFrame(&connection, frame);
    return out;
}

int PushServer::connectionCount() const
{
    int count = 0;
    for (auto it = m_slots.cbegin(); it != m_slots.cend(); ++it)
        count += liveConnections(it.key());
    return count;
}

} // namespace server
