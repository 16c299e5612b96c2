// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QObject>
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

Q_SIGNALS:
    void clientAuthenticated(qint64 uid);
    void clientDisconnected(qint64 uid);

private:
    struct Handshake;
    struct Connection;

    void onTcpConnection();
    void onHandshakeData(QTcpSocket* socket);
    void onWebSocketConnection();
    void authenticated(Connection* connection, const AuthResult& result);
    void onFrame(QWebSocket* socket, const QByteArray& frame);
    void onDisconnected(QWebSocket* socket);
    void handleFrame(Connection* connection, const QByteArray& frame);
    void runAction(Connection* connection, const QString& name, const QJsonValue& data);
    void regapi(Connection* connection, const QJsonValue& data);
    void resp(Connection* connection, const QJsonValue& data);
    void robotCall(Connection* connection, const QString& name, const QJsonValue& data);
    void unsub(Connection* connection, const QJsonValue& data);
    void sub(Connection* connection, const QJsonValue& data);
    void registerConnection(Connection* connection);
    void broadcastPresence(bool online, qint64 uid);

    void send(Connection* connection, const QByteArray& frame);
    void sendError(Connection* connection, const QString& text);
    /// Sends `frame` to every live connection of `uid` unless that uid unsubscribed `event`.
    void deliver(qint64 uid, const QString& event, const QByteArray& frame);
    bool isSubscribed(qint64 uid, const QString& event) const;
    QStringList knownActions() const;

    QTcpServer* m_tcpServer = nullptr;
    QWebSocketServer* m_webSocketServer = nullptr;
    Authenticator m_authenticator;
    int m_connectionsPerUser = 10;
    int m_authTimeoutMs = 30000;
    QStringList m_disabled;
    QElapsedTimer m_started;
    QHash<QString, Handshake*> m_handshakes;       ///< by peer "address|port", until the upgrade
    QHash<QWebSocket*, Connection*> m_connections; ///< every upgraded socket
    QHash<qint64, QList<Connection*>> m_slots;     ///< uid -> slots; nullptr = empty slot (spec §3.2)
    QHash<qint64, QStringList> m_unsubscribed;     ///< uid -> unsubscribed names; absent = never unsub
    QMap<qint64, QStringList> m_apis;              ///< regapi registrations per uid (global, never removed)
};

} // namespace server
