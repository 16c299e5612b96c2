// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/pushfaults.h"
#include "core/server/throttle.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace server {

struct Message;

/// Result of a sid check: uid != 0 on success, otherwise `reason` is the close reason sent with code 1008.
struct AuthResult
{
    qint64 uid = 0;
    QString reason;
};

/// Checks a sid (possibly asynchronously) and calls `done` exactly once. `clientIp` is what the real server
/// sends as X-Forwarded-For.
using Authenticator =
    std::function<void(const QString& sid, const QString& clientIp, std::function<void(const AuthResult&)> done)>;

/// Resource limits of a PushServer. The real server has none of these; they keep a companion server that is
/// reachable by others alive under garbage, floods and clients that never read. Each hit is logged at most
/// once a minute per client address (never with a sid or token).
struct PushServerLimits
{
    qint64 maxMessageBytes = 1024 * 1024; ///< larger incoming frame or message: Close 1009 (Qt's reason text)
    double messagesPerSecond = 20;        ///< token bucket refill per connection (frames per second)
    int messageBurst = 100;               ///< bucket size; a frame on an empty bucket: Close 1008 "rate limit exceeded"
    int maxUnauthenticatedPerAddress = 16; ///< connections not yet authenticated per address; more: HTTP 429
    int maxConnections = 10000;            ///< TCP connections in every state; more: HTTP 503 before the upgrade
    int handshakeTimeoutMs = 10000;        ///< for the HTTP upgrade request (slowloris), and again for the upgrade
    int authTimeoutMs = 30000;             ///< from the upgrade until the sid check answered
    qint64 maxPendingOutputBytes = 8 * 1024 * 1024; ///< unsent output of a client that does not read: dropped (1006)
    int maxNamesPerUser = 256;                      ///< unsub names and regapi names kept per uid
    qint64 maxNameBytes = 256;                      ///< one unsub or regapi name (UTF-8); longer: error frame
    qint64 maxNameBytesPerUser = 16 * 1024; ///< all unsub + regapi names of one uid; freed with its last connection
    qint64 maxPreAuthBytes = 16 * 1024;     ///< frames received before authentication, per connection: 1008 / 1009
    int maxHalfOpen = 1024; ///< connections not yet authenticated, all addresses together; more: HTTP 503
    /// TCP peers (a reverse proxy) whose X-Real-IP, else last X-Forwarded-For entry, is taken as the client
    /// address for the per-address limit and the forum check; from any other peer those headers are ignored.
    QList<QHostAddress> trustedProxies;
};

/// Qt's own dispatcher for a process that serves many connections, the fallback of installServerEventDispatcher():
/// call before its QCoreApplication exists. Qt's GLib event dispatcher (the default on Linux desktops) keeps socket
/// notifiers in lists: enabling or disabling one walks all of them, and every socket's write notifier is switched on
/// and off for each frame sent, so a broadcast to n clients cost O(n²) (10 000 clients: seconds). Qt's own poll()
/// dispatcher keeps them in a hash. A no-op when QT_NO_GLIB is already set either way.
void preferScalableEventDispatcher();

/// The event dispatcher for a process that serves many connections, chosen before its QCoreApplication exists:
/// an EpollEventDispatcher (Linux), whose wake-ups cost the same with 10 000 idle clients as with 10, unless
/// HU60_EVENT_DISPATCHER=qt asks for Qt's own (then preferScalableEventDispatcher()). Other values warn and mean
/// epoll. Returns the name of the one chosen: "epoll" or "qt".
QString installServerEventDispatcher();

/// Close reasons sent when a limit is hit (1008); tests and clients may compare them.
inline constexpr char16_t rateLimitReason[] = u"rate limit exceeded";
inline constexpr char16_t preAuthLimitReason[] = u"too much data before authentication";

/// The real server's close reason (1008) for a sid the forum does not accept: `can not get user uid. sid <sid> is
/// not correct`. It echoes the sid, but only to the client that sent it; never log it. For a sid longer than about
/// 80 bytes the text exceeds what a Close frame carries (123 bytes) and the client sees 1006, as with the real
/// server (push-protocol §2.1).
QString badSidReason(const QString& sid);

/// The hu60ws push service (spec/push-protocol.md) on a QWebSocketServer in NonSecureMode.
///
/// It accepts TCP connections itself and peeks at the HTTP request before handing the socket to
/// QWebSocketServer::handleConnection(): paths other than /v1/ws and /ws/msg get a real "HTTP/1.1 404" (Go's
/// "404 page not found"), and the raw handshake headers (Origin, Host, Cookie, x-sid, X-Real-IP…) are kept for
/// the sid lookup of spec §2. Authentication happens after the upgrade, as on the real server. Frames are
/// decoded and encoded with core/protocol only. Owned by Companion (or a test).
class PushServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushServer)

public:
    explicit PushServer(QObject* parent = nullptr);
    ~PushServer() override;

    /// How sids become uids; must be set before listen().
    void setAuthenticator(Authenticator authenticator);
    /// --wspu: connection slots per uid (spec §3.2); at least 1.
    void setConnectionsPerUser(int limit);
    /// --disable-action names.
    void setDisabledActions(const QStringList& names);
    /// Unauthenticated connections are aborted after this long (the real server waits forever).
    void setAuthTimeout(int ms);
    /// Limits for connections accepted from now on (and frames of existing ones).
    void setLimits(const PushServerLimits& limits);
    PushServerLimits limits() const;
    /// Monotonic milliseconds for rate limits and log throttling; default: time since construction.
    void setClock(std::function<qint64()> clock);
    /// Behave like the real server's lossy push delivery from now on (PushFaults); default: none.
    void setFaults(const PushFaults& faults);

    bool listen(const QHostAddress& address, quint16 port, QString* error);
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    void close();

    /// Sends a stored message to every live connection of msg.touid as the real server's `msg` event
    /// (content = compact JSON text, isread 0, zero ctime), unless that uid unsubscribed "msg".
    void pushMessage(const Message& message);

    /// Live authenticated connections of `uid`.
    int liveConnections(qint64 uid) const;
    /// All authenticated connections.
    int connectionCount() const;
    /// Every accepted TCP connection, from accept() until its socket is gone (handshaking, upgraded, closing).
    int socketCount() const;
    /// Accepted connections of `address` not yet authenticated.
    int unauthenticatedCount(const QHostAddress& address) const;
    /// Upgrade requests seen but not yet turned into a WebSocket (leak check for tests).
    int pendingUpgradeCount() const;
    /// Accepted connections not yet authenticated, all addresses together.
    int halfOpenCount() const;
    /// Bytes of frames held for connections still waiting for their sid check (at most maxPreAuthBytes each).
    qint64 preAuthBytes() const;
    /// Bytes of the unsub and regapi names kept for `uid` (at most maxNameBytesPerUser).
    qint64 nameBytes(qint64 uid) const;

    /// Handles one frame as if an authenticated connection of `uid` had sent it, without any socket, and returns
    /// the frames that connection would have received. For the fuzzer and tests; frames addressed to other uids
    /// go to their live connections as usual.
    QList<QByteArray> handleLocalFrame(qint64 uid, const QByteArray& frame);

Q_SIGNALS:
    void clientAuthenticated(qint64 uid);
    void clientDisconnected(qint64 uid);

private:
    struct Handshake;
    struct Connection;
    struct Peer
    {
        QString address; ///< plain client address, the key of the per-address limits
        QString key;     ///< "address|port", the key of m_handshakes
        bool authenticated = false;
    };

    void onTcpConnection();
    void refuse(QTcpSocket* socket, int status, const QByteArray& statusText, const QString& limit,
                const QString& address);
    void forgetPeer(QObject* socket);
    /// Moves a connection from a trusted proxy to the client address its headers name; false when that address
    /// is over its limit (the connection was refused then).
    bool admitBehindProxy(QTcpSocket* socket, const QString& clientAddress);
    bool isTrustedProxy(const QHostAddress& address) const;
    /// Checks one new name of `uid`; the error text for the error frame, or empty when it may be kept.
    QString checkName(qint64 uid, const QString& name) const;
    void forgetNames(qint64 uid);
    void markAuthenticated(QObject* socket);
    bool takeToken(Connection* connection);
    void limitHit(const QString& limit, const QString& address);
    qint64 now() const;
    void onHandshakeData(QTcpSocket* socket);
    void onWebSocketConnection();
    void authenticated(Connection* connection, const AuthResult& result);
    void onFrame(QWebSocket* socket, const QByteArray& frame);
    void onDisconnected(QWebSocket* socket);
    /// Aborts the TCP connection (no Close frame) and forgets it.
    void drop(Connection* connection);
    void handleFrame(Connection* connection, const QByteArray& frame);
    void runAction(Connection* connection, const QString& name, const QJsonValue& data);
    void regapi(Connection* connection, const QJsonValue& data);
    void resp(Connection* connection, const QJsonValue& data);
    void robotCall(Connection* connection, const QString& name, const QJsonValue& data);
    void unsub(Connection* connection, const QJsonValue& data);
    void sub(Connection* connection, const QJsonValue& data);
    void registerConnection(Connection* connection);
    /// pushMessage() with faults on: queues the frame in the connection's burst.
    void queueFaultyPush(Connection* connection, const QByteArray& frame);
    void flushBursts();
    void broadcastPresence(bool online, qint64 uid);

    void send(Connection* connection, const QByteArray& frame);
    /// send() of a frame already converted to text: a broadcast converts its frame once, not per recipient.
    void send(Connection* connection, const QByteArray& frame, const QString& text);
    void sendError(Connection* connection, const QString& text);
    /// Sends `frame` to every live connection of `uid` unless that uid unsubscribed `event`.
    void deliver(qint64 uid, const QString& event, const QByteArray& frame);
    bool isSubscribed(qint64 uid, const QString& event) const;
    QStringList knownActions() const;

    QTcpServer* m_tcpServer = nullptr;
    QWebSocketServer* m_webSocketServer = nullptr;
    Authenticator m_authenticator;
    int m_connectionsPerUser = 10;
    PushServerLimits m_limits;
    std::function<qint64()> m_clock;
    Throttle m_logThrottle{1, 60 * 1000};
    QHash<QObject*, Peer> m_peers;         ///< accepted TCP socket (its QWebSocket after the upgrade) until destroyed
    QHash<QString, int> m_unauthenticated; ///< address -> accepted, not yet authenticated connections
    int m_halfOpen = 0;                    ///< sum of m_unauthenticated
    QStringList m_disabled;
    QElapsedTimer m_started;
    QHash<QString, Handshake*> m_handshakes;       ///< by peer "address|port", until the upgrade
    QHash<QWebSocket*, Connection*> m_connections; ///< every upgraded socket
    QHash<qint64, QList<Connection*>> m_slots;     ///< uid -> slots; nullptr = empty slot (spec §3.2)
    QHash<qint64, QStringList> m_unsubscribed;     ///< uid -> unsubscribed names; absent = never unsub (or all gone)
    QMap<qint64, QStringList> m_apis;              ///< regapi registrations per uid, until its last connection is gone
    PushFaults m_faults;
    QRandomGenerator m_faultRandom;
    QList<QWebSocket*> m_bursting; ///< connections with a burst queued until flushBursts()
};

} // namespace server
