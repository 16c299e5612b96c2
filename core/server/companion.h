// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/pushserver.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace server {

class ForumAuthenticator;
class ForumEmulator;
class Store;
struct Message;

/// Settings of a companion server; the defaults are those of `hu60-notifier serve`.
struct CompanionOptions
{
    QHostAddress pushAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 pushPort = 4860; ///< 0 = pick a free port
    QHostAddress httpAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 httpPort = 4861; ///< 0 = pick a free port
    QString dataFile;        ///< JSON store; "" = the built-in demo data set, in memory only
    QString adminToken;      ///< for POST /admin/push; "" = generate a random one
    int connectionsPerUser = 10;
    QStringList disabledActions;
    QUrl forumApi; ///< when set, sids are checked against this forum's user.index.json instead of the store
    PushServerLimits pushLimits; ///< frame size, rates, connection caps and timeouts of the push server
    PushFaults pushFaults;       ///< `serve --faults`: lossy push delivery like the real server's; none by default
};

/// The companion server: a Store, the push server (hu60ws protocol) and the forum emulator, wired together so
/// that a message inserted through /admin/push or insertMessage() is saved, then pushed to its recipient.
/// Used by `hu60-notifier serve`, by the app's --demo mode and by tests. Owns all its parts.
class Companion final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Companion)

public:
    explicit Companion(QObject* parent = nullptr);
    ~Companion() override;

    /// Loads the data and binds both servers. On failure nothing keeps listening and `error` says why.
    bool start(const CompanionOptions& options, QString* error);
    void stop();
    bool isRunning() const;

    /// ws://HOST:PORT/v1/ws (the real server's path); proxyPushUrl() is the same server as /ws/msg.
    QUrl pushUrl() const;
    QUrl proxyPushUrl() const;
    /// http://HOST:PORT, the forum emulator's root (API pages under /q.php/).
    QUrl httpUrl() const;
    QString adminToken() const;
    /// True when start() generated the admin token (serve prints it then).
    bool adminTokenGenerated() const;
    /// True when the built-in demo data set is in use (no data file given).
    bool usesDemoData() const;

    /// The demo user of the built-in data set (小明).
    static qint64 demoUid();
    static QString demoSid();
    /// A robot of the built-in data set (ChatGPT, uid -50) and its sid.
    static qint64 demoRobotUid();
    static QString demoRobotSid();

    /// Stores a message unread (next id, ctime now), saves it, then pushes it to the recipient's connections.
    /// Returns the id, or 0 on error (unknown recipient, type not 0/1, save failure).
    qint64 insertMessage(qint64 touid, qint64 byuid, int type, const QJsonArray& content, QString* error = nullptr);

    Store* store() const;
    PushServer* pushServer() const;
    ForumEmulator* emulator() const;

Q_SIGNALS:
    /// A message was stored and pushed (from insertMessage() or POST /admin/push).
    void messageInserted(qint64 id, qint64 touid);

private:
    void onMessageInserted(const Message& message);

    std::unique_ptr<Store> m_store;
    PushServer* m_push = nullptr;
    ForumEmulator* m_emulator = nullptr;
    ForumAuthenticator* m_forumAuth = nullptr;
    QString m_adminToken;
    bool m_tokenGenerated = false;
    bool m_demoData = false;
};

} // namespace server
