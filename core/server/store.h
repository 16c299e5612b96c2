// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace server {

/// A forum account of the companion server. Robots have negative uids.
struct User
{
    qint64 uid = 0;
    QString name;
    QString sid;      ///< the session id ("" = none issued yet)
    QString password; ///< plain text: this is a local test/demo server, never a real account store
    QString signature;
    qint64 regtime = 0;
    QList<qint64> noDisturb; ///< users this one muted (免打扰): their messages arrive already read
    QList<qint64> blocked;   ///< users this one blocked (屏蔽): their private messages are refused
};

/// One row of the forum's message table (内信 type 0, @消息 type 1).
struct Message
{
    qint64 id = 0;
    qint64 touid = 0;
    qint64 byuid = 0;
    int type = 0;
    int isread = 0;
    QJsonArray content; ///< the segment array (content-segments.md)
    qint64 ctime = 0;   ///< unix seconds
    qint64 rtime = 0;   ///< unix seconds when read, 0 while unread
};

/// A topic (帖子) of the forum's boards; its floors are Posts with its tid (floor 0 is the topic's own text).
struct Topic
{
    qint64 tid = 0;
    QString title;
    qint64 uid = 0;              ///< the author (楼主)
    bool locked = false;         ///< 锁定: nobody can reply
    bool commentsClosed = false; ///< 关闭评论: only the author can reply
    qint64 ctime = 0;
};

/// A line of a chat room (聊天室, `room` set, `floor` its lid) or a floor of a topic (`tid` set).
struct Post
{
    qint64 id = 0; ///< unique over all posts
    QString room;
    qint64 tid = 0;
    int floor = 0;
    qint64 uid = 0;
    QJsonArray content; ///< the segment array
    qint64 time = 0;    ///< unix seconds
};

/// Users and messages of the companion server, optionally persisted to a JSON file.
///
/// File format: {"users":[{"uid","name","sid","password"}], "messages":[{"id","touid","byuid","type","isread",
/// "content":[…],"ctime"}], "topics":[{"tid","title","uid","locked","commentsClosed","ctime"}],
/// "posts":[{"id","room"|"tid","floor","uid","content","time"}]} (all but "users" optional). Every mutation is written
/// back atomically (QSaveFile) before the mutating call returns, so an acknowledged insert survives a crash. A file
/// that fails to load is never written. Owned by Companion; PushServer and ForumEmulator hold plain pointers.
class Store final
{
public:
    Store() = default;
    Q_DISABLE_COPY_MOVE(Store)

    /// Replaces the contents with the parsed document; on error the store is left unchanged.
    bool loadJson(const QByteArray& json, QString* error);
    /// Loads `path` and remembers it for saving. A missing file is created from `fallback` (e.g. the demo set).
    bool loadFile(const QString& path, const QByteArray& fallback, QString* error);
    /// The file mutations are saved to ("" = memory only).
    QString filePath() const { return m_path; }

    QJsonObject toJson() const;
    bool save(QString* error) const;

    const QList<User>& users() const { return m_users; }
    std::optional<User> userByUid(qint64 uid) const;
    std::optional<User> userBySid(const QString& sid) const;
    std::optional<User> userByName(const QString& name) const;
    /// Applies a relationship action of user.relationship.json ("no_disturb", "disturb", "block", "unblock") of
    /// `uid` towards `target` and saves; false (with `error`) when the save failed.
    bool setRelationship(qint64 uid, const QString& action, qint64 target, QString* error);
    /// Issues and saves a sid for a user that has none; returns the user's sid.
    QString ensureSid(qint64 uid, QString* error);

    const QList<Message>& messages() const { return m_messages; }
    std::optional<Message> message(qint64 id) const;
    /// Stores `message` with the next id (its id is ignored) and saves; returns the id or 0 on error.
    qint64 insertMessage(Message message, QString* error);
    /// Marks the given messages read (rtime = now) and saves; returns how many changed (-1 on save error).
    int markRead(const QList<qint64>& ids, QString* error);

    /// Unread messages of `type` addressed to `uid`.
    int unreadCount(qint64 uid, int type) const;

    const QList<Topic>& topics() const { return m_topics; }
    std::optional<Topic> topic(qint64 tid) const;
    /// The chat rooms that hold lines, in the order of their first line.
    QStringList chatRooms() const;
    /// The lines of `room` (tid 0) or the floors of topic `tid`, oldest first.
    QList<Post> posts(const QString& room, qint64 tid = 0) const;
    /// Stores `post` with the next id and the next floor of its room or topic (both ignored as given) and saves;
    /// returns the stored post, or nullopt on a save error.
    std::optional<Post> insertPost(Post post, QString* error);

private:
    QList<User> m_users;
    QList<Message> m_messages;
    QList<Topic> m_topics;
    QList<Post> m_posts;
    QString m_path;
};

} // namespace server
