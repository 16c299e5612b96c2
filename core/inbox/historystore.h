// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <QHash>

#include <memory>
#include <optional>

class QLockFile;

namespace inbox {

/// Received notifications and the ids already notified, in SQLite (QtSql, QSQLITE) in the user's data folder.
/// Survives restarts; bounded (oldest rows pruned past maxEntries). The seen-id set is what makes delivery
/// exactly-once across push, catch-up and restarts. Never stores the sid. Owned by the app's controller (or the
/// listen command with --state); one instance per database file.
///
/// Never lose: a message is recorded (its id marked seen and its row stored as *pending*) in the same transaction,
/// before it is shown; it becomes *presented* once Inbox::notificationReady was emitted for it and the write that
/// follows the emission (markPresented) committed. Rows still pending at start-up are what a crash or quit left
/// between the two: the Inbox presents them again (pending()), once. A crash during the emission of a batch may
/// therefore show that batch's items a second time after the restart, but never drops one.
class HistoryStore : public QObject
{
    Q_OBJECT

public:
    explicit HistoryStore(QObject* parent = nullptr);
    ~HistoryStore() override;

    /// Opens (creating or migrating) the database at `path`. On failure `error` says why; the store then works
    /// in memory only, so notifications keep flowing. The file is locked (`path` + ".lock", a QLockFile) while it
    /// is open: a second process on the same file is refused (isInUseElsewhere()), as two would split the
    /// messages between them and replay each other's pending rows. A lock left by a process that died is taken.
    bool open(const QString& path, QString* error = nullptr);
    /// True when the last open() failed because another process holds the file's lock.
    bool isInUseElsewhere() const { return m_inUseElsewhere; }
    void close();
    QString path() const;

    void setMaxEntries(int maxEntries);
    int maxEntries() const { return m_maxEntries; }
    /// Bound of the seen-id set (default 20000); the oldest (lowest) ids are pruned beyond it. Safe because
    /// catch-up never looks below its watermark (catchUpMark) and ids only grow.
    void setMaxSeenIds(int maxSeenIds);
    /// True when the database file is in use (false: memory only, after a failed open() or before it).
    bool isPersistent() const { return m_persistent; }

    /// True when `id` was already notified (or deliberately skipped).
    bool isSeen(qint64 id) const;
    /// The @ messages known unread whose listing may have been lost (fetched mentions mark them read): kept across
    /// restarts, so a crash between the forum's marking and our recording cannot lose them.
    QSet<qint64> owedMentions() const;
    void setOwedMentions(const QSet<qint64>& ids);
    /// Records `id` as notified; returns false when it already was (atomic check-and-set: the dedupe point).
    bool markSeen(qint64 id);
    /// The same, also remembering the type for lastId().
    bool markSeen(qint64 id, int type);
    int seenCount() const;

    /// The highest message id of `type` below which a complete catch-up left nothing unnotified (0: none yet).
    qint64 catchUpMark(int type) const;
    void setCatchUpMark(int type, qint64 id);

    /// Records notifications that are about to be shown, in one transaction: each message whose id was not seen
    /// yet is marked seen and stored as a pending row; of a summary with coveredIds only the ids not seen yet are
    /// kept (count adjusted), and it is stored when any is left. Returns what was recorded, in the given order,
    /// with historyKey and receivedAt set; the rest were duplicates. A broken database returns them all (the
    /// notifications keep flowing, without dedupe).
    QList<Notification> recordPending(const QList<Notification>& notifications);
    /// Marks recorded rows as presented, storing what they were shown with (sender, html, summary, url); one
    /// transaction. The Inbox calls it right after emitting notificationReady for them.
    void markPresented(const QList<Notification>& notifications);
    /// Rows recorded but never presented (left by a crash or quit), oldest first.
    QList<Notification> pending() const;

    /// Adds a notification as already presented (also marks its id seen, but stores the row even when the id was
    /// seen before). Summaries (id 0) get a synthetic negative row id.
    void add(const Notification& notification);
    void setRead(qint64 id, bool read = true);

    /// Presented rows, newest first; `filter` matches sender name or summary text (case-insensitive); `limit` <= 0
    /// = all.
    QList<Notification> list(const QString& filter = {}, int limit = 200) const;
    /// Unread presented rows (a summary counts as the messages it stands for).
    int unreadCount(int type = -1) const;
    /// The highest message id seen of a type (for catch-up bookkeeping), 0 if none.
    qint64 lastId(int type) const;

    /// Forgets the presented rows (the history window's "clear"); seen ids and pending rows stay.
    void clear();

Q_SIGNALS:
    void changed();

private:
    /// Takes the lock of `file` (kept when it is ours already); false with `error` set (and m_inUseElsewhere when
    /// another process holds it).
    bool lock(const QString& file, QString* error);
    bool openDatabase(const QString& file, QString* error);
    bool createSchema(QString* error);
    bool migrate(int fromVersion, QString* error);
    /// recordPending() (presented false) and add() (true) in one transaction.
    QList<Notification> insert(const QList<Notification>& notifications, bool presented);
    qint64 metaValue(const QString& key) const;
    void setMetaValue(const QString& key, qint64 value);
    void pruneNotifications();
    void pruneSeen();

    /// The statements every notification runs, prepared once per open database (nullptr: cannot prepare).
    struct Prepared;
    Prepared* prepared();
    void forgetConnectionState();

    std::unique_ptr<Prepared> m_prepared;
    std::unique_ptr<QLockFile> m_lock;
    mutable QHash<QString, qint64> m_meta; ///< cache of the meta table (write-through)
    QString m_connectionName;
    QString m_path;
    bool m_persistent = false;
    bool m_inUseElsewhere = false;
    int m_maxEntries = 5000;
    int m_maxSeenIds = 20000;
    int m_seenCount = 0;
    int m_addsSincePrune = 0;
};

} // namespace inbox
