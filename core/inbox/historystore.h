// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QObject>
#include <QString>

#include <optional>

namespace inbox {

/// Received notifications and the ids already notified, in SQLite (QtSql, QSQLITE) in the user's data folder.
/// Survives restarts; bounded (oldest rows pruned past maxEntries). The seen-id set is what makes delivery
/// exactly-once across push, catch-up and restarts. Never stores the sid. Owned by the app's controller (or the
/// listen command with --state); one instance per database file.
class HistoryStore : public QObject
{
    Q_OBJECT

public:
    explicit HistoryStore(QObject* parent = nullptr);
    ~HistoryStore() override;

    /// Opens (creating or migrating) the database at `path`. On failure `error` says why; the store then works
    /// in memory only, so notifications keep flowing.
    bool open(const QString& path, QString* error = nullptr);
    void close();
    QString path() const;

    void setMaxEntries(int maxEntries);

    /// True when `id` was already notified (or deliberately skipped).
    bool isSeen(qint64 id) const;
    /// Records `id` as notified; returns false when it already was (atomic check-and-set: the dedupe point).
    bool markSeen(qint64 id);

    /// Adds a notification (also marks its id seen). Summaries (id 0) get a synthetic negative row id.
    void add(const Notification& notification);
    void setRead(qint64 id, bool read = true);

    /// Newest first; `filter` matches sender name or summary text (case-insensitive); `limit` <= 0 = all.
    QList<Notification> list(const QString& filter = {}, int limit = 200) const;
    int unreadCount(int type = -1) const;
    /// The highest message id seen of a type (for catch-up bookkeeping), 0 if none.
    qint64 lastId(int type) const;

    void clear();

Q_SIGNALS:
    void changed();
};

} // namespace inbox
