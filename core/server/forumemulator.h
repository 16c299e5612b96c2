// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/boards.h"
#include "core/server/store.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
class QJsonObject;
class QTcpServer;

namespace server {

/// The forum HTTP API of spec/forum-api.md served from a Store, on Qt HttpServer: the pages under /q.php/ that
/// the notifier uses (login, user.index/stat/info, unread inbox and @ lists with the @ list's mark-read side
/// effect, message view, sending an inbox message, isread get/set, bot and face lists, chat rooms and topic
/// replies with single-use form tokens and the @ messages they send), plain escaped HTML pages for
/// click-through links, generated face and avatar images, and POST /admin/push (Bearer admin token) to insert a
/// message. Owned by Companion; the Store outlives it.
class ForumEmulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForumEmulator)

public:
    explicit ForumEmulator(Store* store, QObject* parent = nullptr);
    ~ForumEmulator() override;

    /// The token POST /admin/push requires; empty disables the endpoint. Wrong tokens are counted for all
    /// addresses together: from the 5th in a row on, each one makes every token attempt wait (429 with
    /// Retry-After, token not checked) 1 s, then 2, 4… up to 30 s; a right token afterwards resets the count.
    void setAdminToken(const QString& token);
    /// Monotonic milliseconds for the admin token's failure limit; default: time since construction.
    void setClock(std::function<qint64()> clock);

    /// Ways a test makes the forum misbehave, as the real one (or what is between) does now and then.
    enum class Sabotage {
        LoseAnswer, ///< the request is handled (side effects included), then answered 502 with an HTML page, as a
                    ///< proxy that lost the forum's answer
        RateLimit,  ///< 429 with Retry-After: 1 and the limiter's HTML page (forum-api §10), not handled
    };
    /// Test hook: the next `times` JSON API requests of a page starting with `pagePrefix` (as "msg.index.@.no";
    /// empty: any page) are sabotaged.
    void sabotage(const QString& pagePrefix, Sabotage how, int times = 1);

    /// Largest request body accepted (Content-Length or chunked); larger ones get 413 before they are buffered
    /// (HttpGuard). Default 1 MiB; takes effect at listen().
    void setMaxBodyBytes(qint64 bytes);
    bool listen(const QHostAddress& address, quint16 port, QString* error);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;

Q_SIGNALS:
    /// A message was stored (and saved) through /admin/push or msg.index.send; Companion pushes it.
    void messageInserted(const server::Message& message);

private:
    struct Context;

    QHttpServerResponse handle(const QHttpServerRequest& request);
    QHttpServerResponse handleForum(Context& context);
    QHttpServerResponse answerForum(Context& context);
    QHttpServerResponse adminPush(const QHttpServerRequest& request);
    QHttpServerResponse json(const Context& context, QJsonObject object) const;
    QHttpServerResponse error(const Context& context, int code, const QString& message) const;
    QHttpServerResponse loginRequired(const Context& context) const;
    QHttpServerResponse login(const Context& context);
    QHttpServerResponse userIndex(const Context& context);
    QHttpServerResponse userStat(const Context& context);
    QHttpServerResponse userInfo(const Context& context, const QStringList& parts);
    QHttpServerResponse messageList(const Context& context, const QStringList& parts);
    QHttpServerResponse messageView(const Context& context, qint64 id);
    QHttpServerResponse sendMessage(const Context& context, const QStringList& parts);
    QHttpServerResponse isread(const Context& context, bool set);
    QHttpServerResponse relationship(const Context& context);
    QHttpServerResponse chatRoomList(const Context& context);
    QHttpServerResponse chatRoom(const Context& context, const QString& room);
    QHttpServerResponse topicPage(const Context& context, qint64 tid, bool replyForm);
    /// Stores a chat line or topic reply from `author` and sends each user it mentions an atMsg (pushed).
    std::optional<Post> publish(Post post, const QString& text, qint64 author, QString* error);
    /// A robot mentioned in the room "hu60bot" answers the asker there a moment later (the demo's robots).
    void answerAsRobot(qint64 robot, qint64 asker, const QString& question);
    QJsonObject postJson(const Context& context, const Post& post) const;
    QJsonValue contentJson(const Context& context, const QJsonArray& content) const;
    QHttpServerResponse botList(const Context& context);
    QHttpServerResponse faceList(const Context& context);
    QHttpServerResponse htmlPage(const Context& context);
    QJsonObject messageJson(const Context& context, const Message& message) const;
    /// user.info's answer; isNoDisturb/isBlock say what `viewer` (0: nobody logged in) set for that user.
    QJsonObject userInfoJson(const std::optional<User>& user, qint64 viewer = 0) const;
    QString userName(qint64 uid) const;
    QString avatarUrl(const Context& context, qint64 uid) const;

    Store* m_store = nullptr;
    FormTokens m_tokens;
    QHttpServer* m_http = nullptr;
    QTcpServer* m_tcp = nullptr;
    qint64 m_maxBodyBytes = 1024 * 1024;
    QString m_adminToken;
    int m_adminFailures = 0;        ///< wrong admin tokens in a row, all addresses together
    qint64 m_adminBlockedUntil = 0; ///< no token is checked before this (ms of the clock)
    qint64 m_adminLastFailure = 0;
    std::function<qint64()> m_clock;
    QElapsedTimer m_started;
    struct Sabotaged
    {
        QString pagePrefix;
        Sabotage how;
        int times;
    };
    QList<Sabotaged> m_sabotage;
};

} // namespace server
