// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

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

/// Users and messages of the companion server, optionally persisted to a JSON file.
///
/// File format: {"users":[{"uid","name","sid","password"}], "messages":[{"id","touid","byuid","type","isread",
/// "content":[…],"ctime"}]} ("messages" optional). Every mutation is written back atomically (QSaveFile) before
/// the mutating call returns, so an acknowledged insert survives a crash. A file that fails to load is never
/// written. Owned by Companion; PushServer and ForumEmulator hold plain pointers.
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

private:
    QList<User> m_users;
    QList<Message> m_messages;
    QString m_path;
};

} // namespace server
