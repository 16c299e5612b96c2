// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inbox/historystore.h"

#include "core/logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace inbox {

namespace {

constexpr int schemaVersion = 1;
/// Pruning deletes in batches: a DELETE per insert would double the cost of every burst.
constexpr int pruneSlack = 100;

QString nextConnectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("hu60-history-%1").arg(counter.fetchAndAddRelaxed(1));
}

/// Runs `sql` (prepared) with `values`; logs and returns false on error.
bool exec(QSqlQuery& query, const QString& sql, const QVariantList& values = {})
{
    if (!query.prepare(sql)) {
        qCWarning(lcInbox) << "history: cannot prepare:" << query.lastError().text();
        return false;
    }
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcInbox) << "history: query failed:" << query.lastError().text();
        return false;
    }
    return true;
}

QString escapeLike(QString text)
{
    text.replace(u'\\', QStringLiteral("\\\\"));
    text.replace(u'%', QStringLiteral("\\%"));
    text.replace(u'_', QStringLiteral("\\_"));
    return text;
}

} // namespace

HistoryStore::HistoryStore(QObject* parent)
    : QObject(parent)
    , m_connectionName(nextConnectionName())
{
    // Usable at once (memory only) so that notifications flow even before, or without, open().
    QString error;
    if (!openDatabase(QStringLiteral(":memory:"), &error))
        qCWarning(lcInbox) << "history: no in-memory database either:" << error;
}

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::openDatabase(const QString& file, QString* error)
{
    {
        QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
                              ? QSqlDatabase::database(m_connectionName, false)
                              : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.close();
        db.setDatabaseName(file);
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
            return false;
        }
    }
    return createSchema(error);
}

bool HistoryStore::createSchema(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    // WAL: readers (the history window) never block the writer; NORMAL sync is durable across app crashes,
    // which is what exactly-once needs (a power cut may lose the last few ids, never corrupt the file).
    query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    query.exec(QStringLiteral("PRAGMA busy_timeout=2000"));
    const QStringList statements{
        QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS notifications (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "key INTEGER NOT NULL UNIQUE, id INTEGER NOT NULL, type INTEGER NOT NULL, "
                       "byuid INTEGER NOT NULL, sender TEXT, content TEXT, html TEXT, summary TEXT, url TEXT, "
                       "received INTEGER NOT NULL, forum_time INTEGER NOT NULL, source INTEGER NOT NULL, "
                       "read INTEGER NOT NULL, count INTEGER NOT NULL, covered TEXT)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS seen (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, "
                       "at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
    };
    for (const QString& sql : statements) {
        if (!query.exec(sql)) {
            if (error)
                *error = query.lastError().text();
            return false;
        }
    }
    query.exec(QStringLiteral("SELECT version FROM schema_version"));
    if (!query.next()) {
        query.exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(schemaVersion));
    } else if (query.value(0).toInt() > schemaVersion) {
        if (error)
            *error =
                QStringLiteral("the history was written by a newer version (schema %1)").arg(query.value(0).toInt());
        return false;
    }
    // Migrations from older schema versions go here when there are any.
    query.exec(QStringLiteral("SELECT COUNT(*) FROM seen"));
    m_seenCount = query.next() ? query.value(0).toInt() : 0;
    return true;
}

bool HistoryStore::open(const QString& path, QString* error)
{
    QString why;
    const QFileInfo info(path);
    if (path.isEmpty()) {
        why = QStringLiteral("no history file given");
    } else if (!QDir().mkpath(info.absolutePath())) {
        why = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
    } else if (openDatabase(path, &why)) {
        m_path = path;
        m_persistent = true;
        emit changed();
        return true;
    }
    if (error)
        *error = why;
    qCWarning(lcInbox).noquote() << "history: cannot open" << path << "(" << why << "): keeping it in memory only";
    m_path.clear();
    m_persistent = false;
    openDatabase(QStringLiteral(":memory:"), nullptr);
    emit changed();
    return false;
}

void HistoryStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_path.clear();
    m_persistent = false;
    m_seenCount = 0;
}

QString HistoryStore::path() const
{
    return m_path;
}

void HistoryStore::setMaxEntries(int maxEntries)
{
    m_maxEntries = qMax(1, maxEntries);
    pruneNotifications();
}

void HistoryStore::setMaxSeenIds(int maxSeenIds)
{
    m_maxSeenIds = qMax(1, maxSeenIds);
    pruneSeen();
}

bool HistoryStore::isSeen(qint64 id) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    return exec(query, QStringLiteral("SELECT 1 FROM seen WHERE id = ?"), {id}) && query.next();
}

bool HistoryStore::markSeen(qint64 id)
{
    return markSeen(id, -1);
}

bool HistoryStore::markSeen(qint64 id, int type)
{
    if (id <= 0)
        return true; // summaries and junk ids are never deduplicated
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // INSERT OR IGNORE is the check-and-set in one statement: the row count says whether we were first.
    if (!exec(query, QStringLiteral("INSERT OR IGNORE INTO seen (id, type, at) VALUES (?, ?, ?)"),
              {id, type, QDateTime::currentSecsSinceEpoch()}))
        return true; // a broken database must not silence notifications
    if (query.numRowsAffected() != 1)
        return false;
    ++m_seenCount;
    if (type >= 0 && id > lastId(type))
        setMetaValue(QStringLiteral("last.%1").arg(type), id);
    if (m_seenCount > m_maxSeenIds + pruneSlack)
        pruneSeen();
    return true;
}

int HistoryStore::seenCount() const
{
    return m_seenCount;
}

qint64 HistoryStore::catchUpMark(int type) const
{
    return metaValue(QStringLiteral("mark.%1").arg(type));
}

void HistoryStore::setCatchUpMark(int type, qint64 id)
{
    setMetaValue(QStringLiteral("mark.%1").arg(type), id);
}

void HistoryStore::add(const Notification& notification)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    qint64 key = notification.id;
    if (notification.isSummary()) {
        exec(query, QStringLiteral("SELECT MIN(key) FROM notifications"));
        const qint64 lowest = query.next() ? query.value(0).toLongLong() : 0;
        key = qMin<qint64>(lowest, 0) - 1;
    } else {
        markSeen(notification.id, notification.type);
    }
    QStringList covered;
    for (qint64 id : notification.coveredIds)
        covered.append(QString::number(id));
    const bool ok = exec(
        query,
        QStringLiteral("INSERT OR IGNORE INTO notifications (key, id, type, byuid, sender, content, html, summary, "
                       "url, received, forum_time, source, read, count, covered) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {key, notification.id, notification.type, notification.byuid, notification.senderName,
         QString::fromUtf8(QJsonDocument(notification.content).toJson(QJsonDocument::Compact)), notification.html,
         notification.summary, notification.url.toString(QUrl::FullyEncoded),
         (notification.receivedAt.isValid() ? notification.receivedAt : QDateTime::currentDateTimeUtc())
             .toMSecsSinceEpoch(),
         notification.forumTime, static_cast<int>(notification.source), notification.read ? 1 : 0, notification.count,
         covered.join(u',')});
    if (!ok || query.numRowsAffected() != 1)
        return;
    if (++m_addsSincePrune >= pruneSlack) {
        m_addsSincePrune = 0;
        pruneNotifications();
    }
    emit changed();
}

void HistoryStore::setRead(qint64 id, bool read)
{
    if (id == 0)
        return;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // Positive: a message id; negative: a summary's row key.
    if (exec(query, QStringLiteral("UPDATE notifications SET read = ? WHERE key = ? AND read != ?"),
             {read ? 1 : 0, id, read ? 1 : 0}) &&
        query.numRowsAffected() > 0)
        emit changed();
}

QList<Notification> HistoryStore::list(const QString& filter, int limit) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT key, id, type, byuid, sender, content, html, summary, url, received, "
                                 "forum_time, source, read, count, covered FROM notifications");
    QVariantList values;
    if (!filter.isEmpty()) {
        // LIKE folds ASCII case only; lower() on both sides covers the rest SQLite knows (CJK has no case).
        sql += QStringLiteral(" WHERE lower(sender) LIKE ? ESCAPE '\\' OR lower(summary) LIKE ? ESCAPE '\\'");
        const QString pattern = u'%' + escapeLike(filter.toLower()) + u'%';
        values = {pattern, pattern};
    }
    sql += QStringLiteral(" ORDER BY seq DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QList<Notification> result;
    if (!exec(query, sql, values))
        return result;
    while (query.next()) {
        Notification n;
        n.historyKey = query.value(0).toLongLong();
        n.id = query.value(1).toLongLong();
        n.type = query.value(2).toInt();
        n.byuid = query.value(3).toLongLong();
        n.senderName = query.value(4).toString();
        n.content = QJsonDocument::fromJson(query.value(5).toString().toUtf8()).array();
        n.html = query.value(6).toString();
        n.summary = query.value(7).toString();
        n.url = QUrl(query.value(8).toString(), QUrl::StrictMode);
        n.receivedAt = QDateTime::fromMSecsSinceEpoch(query.value(9).toLongLong(), Qt::UTC);
        n.forumTime = query.value(10).toLongLong();
        n.source = query.value(11).toInt() == static_cast<int>(Source::Catchup) ? Source::Catchup : Source::Push;
        n.read = query.value(12).toInt() != 0;
        n.count = query.value(13).toInt();
        const QStringList covered = query.value(14).toString().split(u',', Qt::SkipEmptyParts);
        for (const QString& id : covered)
            n.coveredIds.append(id.toLongLong());
        result.append(n);
    }
    return result;
}

int HistoryStore::unreadCount(int type) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // A summary stands for `count` messages.
    const QString sql = QStringLiteral("SELECT COALESCE(SUM(CASE WHEN id = 0 THEN count ELSE 1 END), 0) FROM "
                                       "notifications WHERE read = 0") +
                        (type >= 0 ? QStringLiteral(" AND type = ?") : QString());
    if (!exec(query, sql, type >= 0 ? QVariantList{type} : QVariantList{}) || !query.next())
        return 0;
    return query.value(0).toInt();
}

qint64 HistoryStore::lastId(int type) const
{
    return metaValue(QStringLiteral("last.%1").arg(type));
}

void HistoryStore::clear()
{
    // Only the visible history: forgetting the seen ids would notify old unread messages again.
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    exec(query, QStringLiteral("DELETE FROM notifications"));
    emit changed();
}

qint64 HistoryStore::metaValue(const QString& key) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!exec(query, QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key}) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

void HistoryStore::setMetaValue(const QString& key, qint64 value)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    exec(query, QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"), {key, value});
}

void HistoryStore::pruneNotifications()
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (exec(query,
             QStringLiteral("DELETE FROM notifications WHERE seq <= (SELECT seq FROM notifications ORDER BY seq "
                            "DESC LIMIT 1 OFFSET ?)"),
             {m_maxEntries}) &&
        query.numRowsAffected() > 0)
        emit changed();
}

void HistoryStore::pruneSeen()
{
    if (m_seenCount <= m_maxSeenIds)
        return;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // The lowest ids go first: ids only grow, and catch-up never looks below its watermark, which is above them.
    if (exec(query,
             QStringLiteral("DELETE FROM seen WHERE id <= (SELECT id FROM seen ORDER BY id DESC LIMIT 1 OFFSET ?)"),
             {m_maxSeenIds}))
        m_seenCount -= query.numRowsAffected();
}

} // namespace inbox
