// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inbox/historystore.h"

#include "core/logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <optional>

namespace inbox {

namespace {

/// 1: first release; 2: notifications.presented (recorded before shown, see HistoryStore).
constexpr int schemaVersion = 2;
/// Pruning deletes in batches: a DELETE per insert would double the cost of every burst.
constexpr int pruneSlack = 100;

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions groupOrOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                   QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                   QFileDevice::WriteOther | QFileDevice::ExeOther;

/// The database's folder, the last level created 0700 when it does not exist (its parents as mkpath makes them).
bool makePrivateFolder(const QString& folder)
{
    if (QFileInfo(folder).isDir())
        return true;
    const QFileInfo info(folder);
    if (!QDir().mkpath(info.absolutePath()))
        return false;
    return QDir().mkdir(folder, ownerOnly | QFileDevice::ExeOwner) || QFileInfo(folder).isDir();
}

/// The database holds private messages. SQLite creates a file with 0644 less the umask, and its -wal and -shm files
/// with the mode of the database: the empty file is created 0600 first (SQLite takes an empty file as a new
/// database). A file others may read (written by an older version) is made 0600 with its companions.
bool makePrivateFile(const QString& file)
{
    QFile database(file);
    if (!database.exists())
        return database.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly) || database.exists();
    if (database.permissions() & groupOrOthers) {
        qCInfo(lcInbox).noquote() << "history: making" << file << "readable by its owner only";
        for (const QString& companion :
             QStringList{file, file + QStringLiteral("-wal"), file + QStringLiteral("-shm")}) {
            if (QFile::exists(companion))
                QFile::setPermissions(companion, QFile::permissions(companion) & ~groupOrOthers);
        }
    }
    return true;
}

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

/// Binds `values` to the positional placeholders of a prepared query (re-run with new values in a batch).
void bindAll(QSqlQuery& query, const QVariantList& values)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
}

QString selectRows()
{
    return QStringLiteral("SELECT key, id, type, byuid, sender, content, html, summary, url, received, forum_time, "
                          "source, read, count, covered FROM notifications");
}

/// The rows of a query on selectRows().
QList<Notification> readRows(QSqlQuery& query)
{
    QList<Notification> result;
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

QString escapeLike(QString text)
{
    text.replace(u'\\', QStringLiteral("\\\\"));
    text.replace(u'%', QStringLiteral("\\%"));
    text.replace(u'_', QStringLiteral("\\_"));
    return text;
}

} // namespace

struct HistoryStore::Prepared
{
    explicit Prepared(const QSqlDatabase& db)
        : seen(db)
        , row(db)
        , presented(db)
        , meta(db)
    {
    }
    QSqlQuery seen;
    QSqlQuery row;
    QSqlQuery presented;
    QSqlQuery meta;
};

HistoryStore::Prepared* HistoryStore::prepared()
{
    if (m_prepared)
        return m_prepared.get();
    auto statements = std::make_unique<Prepared>(QSqlDatabase::database(m_connectionName, false));
    const std::pair<QSqlQuery*, QString> all[] = {
        {&statements->seen, QStringLiteral("INSERT OR IGNORE INTO seen (id, type, at) VALUES (?, ?, ?)")},
        {&statements->row,
         QStringLiteral("INSERT OR IGNORE INTO notifications (key, id, type, byuid, sender, content, html, summary, "
                        "url, received, forum_time, source, read, count, covered, presented) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")},
        {&statements->presented, QStringLiteral("UPDATE notifications SET sender = ?, html = ?, summary = ?, url = ?, "
                                                "received = ?, presented = 1 WHERE key = ?")},
        {&statements->meta, QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")},
    };
    for (const auto& [query, sql] : all) {
        if (!query->prepare(sql)) {
            qCWarning(lcInbox) << "history: cannot prepare:" << query->lastError().text();
            return nullptr;
        }
    }
    m_prepared = std::move(statements);
    return m_prepared.get();
}

void HistoryStore::forgetConnectionState()
{
    // Prepared statements belong to the connection: they go before it closes.
    m_prepared.reset();
    m_meta.clear();
}

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
        forgetConnectionState();
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
        // presented: 0 while a row is recorded but not shown yet (see the class comment), 1 afterwards.
        QStringLiteral("CREATE TABLE IF NOT EXISTS notifications (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "key INTEGER NOT NULL UNIQUE, id INTEGER NOT NULL, type INTEGER NOT NULL, "
                       "byuid INTEGER NOT NULL, sender TEXT, content TEXT, html TEXT, summary TEXT, url TEXT, "
                       "received INTEGER NOT NULL, forum_time INTEGER NOT NULL, source INTEGER NOT NULL, "
                       "read INTEGER NOT NULL, count INTEGER NOT NULL, covered TEXT, "
                       "presented INTEGER NOT NULL DEFAULT 1)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS seen (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, "
                       "at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS owed_mentions (id INTEGER PRIMARY KEY)"),
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
    } else if (const int version = query.value(0).toInt(); version > schemaVersion) {
        if (error)
            *error = QStringLiteral("the history was written by a newer version (schema %1)").arg(version);
        return false;
    } else if (version < schemaVersion && !migrate(version, error)) {
        return false;
    }
    // Start-up looks for pending rows: a small partial index keeps that cheap however long the history is.
    if (!query.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (seq) "
                                   "WHERE presented = 0"))) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    query.exec(QStringLiteral("SELECT COUNT(*) FROM seen"));
    m_seenCount = query.next() ? query.value(0).toInt() : 0;
    return true;
}

bool HistoryStore::migrate(int fromVersion, QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    const auto fail = [&] {
        if (error)
            *error = QStringLiteral("cannot migrate the history from schema %1: %2")
                         .arg(fromVersion)
                         .arg(query.lastError().text());
        db.rollback();
        return false;
    };
    if (!db.transaction())
        return fail();
    if (fromVersion < 2) {
        // Version 1 had no "presented" column: everything it stored had been shown, hence the default 1.
        bool hasColumn = false;
        if (!query.exec(QStringLiteral("PRAGMA table_info(notifications)")))
            return fail();
        while (query.next())
            hasColumn = hasColumn || query.value(1).toString() == u"presented";
        if (!hasColumn &&
            !query.exec(QStringLiteral("ALTER TABLE notifications ADD COLUMN presented INTEGER NOT NULL DEFAULT 1")))
            return fail();
    }
    if (!query.exec(QStringLiteral("UPDATE schema_version SET version = %1").arg(schemaVersion)))
        return fail();
    if (!db.commit())
        return fail();
    qCInfo(lcInbox) << "history: migrated from schema" << fromVersion << "to" << schemaVersion;
    return true;
}

bool HistoryStore::lock(const QString& file, QString* error)
{
    const QString lockPath = file + QStringLiteral(".lock");
    if (m_lock && m_lock->fileName() == lockPath)
        return true; // opened again: the lock is ours already
    auto lock = std::make_unique<QLockFile>(lockPath);
    // Never stale by age: a listener runs for months. A lock whose process is gone is taken over (QLockFile checks
    // the pid and program name on this host).
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        // QLockFile creates it 0666 less the umask: it names this program and host, nobody else's business.
        QFile::setPermissions(lockPath, ownerOnly);
        m_lock = std::move(lock);
        return true;
    }
    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString program;
        lock->getLockInfo(&pid, &host, &program);
        *error = QStringLiteral("in use by another process (%1, pid %2)").arg(program).arg(pid);
        m_inUseElsewhere = true;
    } else {
        *error = QStringLiteral("cannot create the lock file %1").arg(lockPath);
    }
    return false;
}

bool HistoryStore::open(const QString& path, QString* error)
{
    QString why;
    const QFileInfo info(path);
    m_inUseElsewhere = false;
    if (path.isEmpty()) {
        why = QStringLiteral("no history file given");
    } else if (!makePrivateFolder(info.absolutePath())) {
        why = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
    } else if (!makePrivateFile(info.absoluteFilePath())) {
        why = QStringLiteral("cannot create %1").arg(info.absoluteFilePath());
    } else if (lock(info.absoluteFilePath(), &why) && openDatabase(path, &why)) {
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
    m_lock.reset();
    openDatabase(QStringLiteral(":memory:"), nullptr);
    emit changed();
    return false;
}

void HistoryStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    forgetConnectionState();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_lock.reset();
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
    Prepared* statements = prepared();
    if (!statements)
        return true; // a broken database must not silence notifications
    QSqlQuery& query = statements->seen;
    // INSERT OR IGNORE is the check-and-set in one statement: the row count says whether we were first.
    bindAll(query, {id, type, QDateTime::currentSecsSinceEpoch()});
    if (!query.exec()) {
        qCWarning(lcInbox) << "history: cannot mark an id seen:" << query.lastError().text();
        return true;
    }
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
    insert({notification}, true);
}

QList<Notification> HistoryStore::recordPending(const QList<Notification>& notifications)
{
    return insert(notifications, false);
}

QList<Notification> HistoryStore::insert(const QList<Notification>& notifications, bool presented)
{
    if (notifications.isEmpty())
        return {};
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // One transaction and two prepared statements for the whole batch: a burst of thousands costs one commit.
    Prepared* statements = prepared();
    if (!statements)
        return presented ? QList<Notification>{} : notifications; // logged; see the failure path below
    const bool inTransaction = db.transaction();
    QSqlQuery& seen = statements->seen;
    QSqlQuery& row = statements->row;
    QSqlQuery lowest(db);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 nowSecs = nowMs / 1000;
    bool failed = false;
    QSqlQuery* failedQuery = nullptr;
    int newlySeen = 0;
    QHash<int, qint64> highest; // per type, for lastId()
    // Marks one id seen; true when it was not before.
    const auto markOne = [&](qint64 id, int type) {
        if (failed || id <= 0)
            return !failed;
        bindAll(seen, {id, type, nowSecs});
        if (!seen.exec()) {
            failed = true;
            failedQuery = &seen;
            return false;
        }
        if (seen.numRowsAffected() != 1)
            return false;
        ++newlySeen;
        if (type >= 0)
            highest[type] = std::max(highest.value(type), id);
        return true;
    };
    std::optional<qint64> summaryKey; // the next synthetic (negative) key, looked up once per batch
    QList<Notification> recorded;
    for (Notification n : notifications) {
        if (failed)
            break;
        qint64 key = n.id;
        if (n.isSummary()) {
            if (!presented && !n.coveredIds.isEmpty()) {
                QList<qint64> fresh;
                for (qint64 id : std::as_const(n.coveredIds)) {
                    if (markOne(id, n.type))
                        fresh.append(id);
                }
                if (fresh.isEmpty())
                    continue;
                n.coveredIds = fresh;
                n.count = static_cast<int>(fresh.size());
            }
            if (!summaryKey) {
                if (!exec(lowest, QStringLiteral("SELECT MIN(key) FROM notifications"))) {
                    failed = true;
                    failedQuery = &lowest;
                    break;
                }
                summaryKey = std::min<qint64>(lowest.next() ? lowest.value(0).toLongLong() : 0, 0);
            }
            key = --*summaryKey;
        } else if (!markOne(n.id, n.type) && !presented) {
            continue; // already notified (or a broken database, see below)
        }
        if (!n.receivedAt.isValid())
            n.receivedAt = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
        QStringList covered;
        for (qint64 id : std::as_const(n.coveredIds))
            covered.append(QString::number(id));
        bindAll(row, {key, n.id, n.type, n.byuid, n.senderName,
                      QString::fromUtf8(QJsonDocument(n.content).toJson(QJsonDocument::Compact)), n.html, n.summary,
                      n.url.toString(QUrl::FullyEncoded), n.receivedAt.toMSecsSinceEpoch(), n.forumTime,
                      static_cast<int>(n.source), n.read ? 1 : 0, n.count, covered.join(u','), presented ? 1 : 0});
        if (!row.exec()) {
            failed = true;
            failedQuery = &row;
            break;
        }
        // Ignored: a row with this key exists although its id had left the seen set (pruned): not new either.
        if (row.numRowsAffected() != 1)
            continue;
        n.historyKey = key;
        recorded.append(n);
    }
    if (!failed) {
        for (auto it = highest.cbegin(); it != highest.cend(); ++it) {
            if (it.value() > lastId(it.key()))
                setMetaValue(QStringLiteral("last.%1").arg(it.key()), it.value());
        }
    }
    if (failed || (inTransaction && !db.commit())) {
        qCWarning(lcInbox) << "history: cannot record" << notifications.size() << "notification(s):"
                           << (failedQuery ? failedQuery->lastError().text() : db.lastError().text());
        if (inTransaction)
            db.rollback();
        m_meta.clear(); // may hold values of the rolled-back transaction
        // A broken database must not silence notifications: everything goes out, without dedupe.
        return presented ? QList<Notification>{} : notifications;
    }
    m_seenCount += newlySeen;
    if (m_seenCount > m_maxSeenIds + pruneSlack)
        pruneSeen();
    m_addsSincePrune += static_cast<int>(recorded.size());
    if (m_addsSincePrune >= pruneSlack) {
        m_addsSincePrune = 0;
        pruneNotifications();
    }
    // Pending rows are not in list() yet: markPresented() announces them.
    if (presented && !recorded.isEmpty())
        emit changed();
    return recorded;
}

void HistoryStore::markPresented(const QList<Notification>& notifications)
{
    Prepared* statements = prepared();
    if (!statements || notifications.isEmpty())
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const bool inTransaction = db.transaction();
    QSqlQuery& query = statements->presented;
    bool ok = true;
    int updated = 0;
    for (const Notification& n : notifications) {
        if (n.historyKey == 0)
            continue; // not recorded (a broken database)
        bindAll(query, {n.senderName, n.html, n.summary, n.url.toString(QUrl::FullyEncoded),
                        (n.receivedAt.isValid() ? n.receivedAt : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch(),
                        n.historyKey});
        if (!query.exec()) {
            ok = false;
            break;
        }
        updated += query.numRowsAffected();
    }
    if (!ok || (inTransaction && !db.commit())) {
        qCWarning(lcInbox) << "history: cannot mark" << notifications.size()
                           << "notification(s) presented:" << (ok ? db.lastError() : query.lastError()).text();
        if (inTransaction)
            db.rollback();
        return;
    }
    if (updated > 0)
        emit changed();
}

QList<Notification> HistoryStore::pending() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!exec(query, selectRows() + QStringLiteral(" WHERE presented = 0 ORDER BY seq")))
        return {};
    return readRows(query);
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
    QString sql = selectRows() + QStringLiteral(" WHERE presented = 1");
    QVariantList values;
    if (!filter.isEmpty()) {
        // LIKE folds ASCII case only; lower() on both sides covers the rest SQLite knows (CJK has no case).
        sql += QStringLiteral(" AND (lower(sender) LIKE ? ESCAPE '\\' OR lower(summary) LIKE ? ESCAPE '\\')");
        const QString pattern = u'%' + escapeLike(filter.toLower()) + u'%';
        values = {pattern, pattern};
    }
    sql += QStringLiteral(" ORDER BY seq DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    if (!exec(query, sql, values))
        return {};
    return readRows(query);
}

int HistoryStore::unreadCount(int type) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // A summary stands for `count` messages.
    const QString sql = QStringLiteral("SELECT COALESCE(SUM(CASE WHEN id = 0 THEN count ELSE 1 END), 0) FROM "
                                       "notifications WHERE read = 0 AND presented = 1") +
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
    // Only the visible history: forgetting the seen ids would notify old unread messages again, and a pending row
    // is a notification still to be shown.
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    exec(query, QStringLiteral("DELETE FROM notifications WHERE presented = 1"));
    emit changed();
}

QSet<qint64> HistoryStore::owedMentions() const
{
    QSet<qint64> ids;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!exec(query, QStringLiteral("SELECT id FROM owed_mentions")))
        return ids;
    while (query.next())
        ids.insert(query.value(0).toLongLong());
    return ids;
}

void HistoryStore::setOwedMentions(const QSet<qint64>& ids)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return;
    QSqlQuery query(db);
    bool ok = db.transaction() && exec(query, QStringLiteral("DELETE FROM owed_mentions"));
    for (auto it = ids.cbegin(); ok && it != ids.cend(); ++it)
        ok = exec(query, QStringLiteral("INSERT OR IGNORE INTO owed_mentions (id) VALUES (?)"), {*it});
    if (!ok || !db.commit()) {
        db.rollback();
        qCWarning(lcInbox) << "history: cannot store the @ messages still owed:" << query.lastError().text();
    }
}

qint64 HistoryStore::metaValue(const QString& key) const
{
    if (const auto cached = m_meta.constFind(key); cached != m_meta.cend())
        return *cached;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!exec(query, QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key}))
        return 0;
    const qint64 value = query.next() ? query.value(0).toLongLong() : 0;
    m_meta.insert(key, value);
    return value;
}

void HistoryStore::setMetaValue(const QString& key, qint64 value)
{
    Prepared* statements = prepared();
    if (!statements)
        return;
    bindAll(statements->meta, {key, value});
    if (statements->meta.exec())
        m_meta.insert(key, value);
    else
        qCWarning(lcInbox) << "history: cannot store" << key << ":" << statements->meta.lastError().text();
}

void HistoryStore::pruneNotifications()
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (exec(query,
             // Pending rows are never pruned: they are notifications still to be shown.
             QStringLiteral("DELETE FROM notifications WHERE presented = 1 AND seq <= (SELECT seq FROM "
                            "notifications WHERE presented = 1 ORDER BY seq DESC LIMIT 1 OFFSET ?)"),
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
