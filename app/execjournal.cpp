// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/execjournal.h"

#include "core/logging.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

namespace app {

namespace {

enum State : int { Queued = 0, Started = 1, Done = 2 };

/// Done rows are kept only to recognise a notification replayed after a crash; the newest few thousand suffice.
constexpr int keptDoneRuns = 20000;

QString nextConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("hu60-exec-journal-%1").arg(++counter);
}

} // namespace

ExecJournal::ExecJournal()
    : m_connection(nextConnectionName())
{
}

ExecJournal::~ExecJournal()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool ExecJournal::open(const QString& path, QString* error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path.isEmpty() ? QStringLiteral(":memory:") : path);
    if (!db.open()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA busy_timeout=2000"));
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS exec_runs (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                                   "run_id TEXT NOT NULL UNIQUE, record BLOB NOT NULL, state INTEGER NOT NULL, "
                                   "attempts INTEGER NOT NULL DEFAULT 0, queued_at INTEGER NOT NULL)")) ||
        !query.exec(
            QStringLiteral("CREATE INDEX IF NOT EXISTS exec_runs_waiting ON exec_runs (seq) WHERE state != 2"))) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    m_persistent = !path.isEmpty();
    return true;
}

int ExecJournal::requeueStarted()
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("UPDATE exec_runs SET state = ? WHERE state = ?"));
    query.addBindValue(Queued);
    query.addBindValue(Started);
    if (!query.exec()) {
        qCWarning(lcApp).noquote() << "exec journal:" << query.lastError().text();
        return 0;
    }
    return query.numRowsAffected();
}

ExecJournal::Added ExecJournal::add(const QString& runId, const QByteArray& record)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("INSERT OR IGNORE INTO exec_runs (run_id, record, state, queued_at) "
                                 "VALUES (?, ?, ?, ?)"));
    query.addBindValue(runId);
    query.addBindValue(record);
    query.addBindValue(Queued);
    query.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!query.exec()) {
        qCWarning(lcApp).noquote() << "exec journal: cannot record" << runId << ":" << query.lastError().text();
        return Added::Failed;
    }
    return query.numRowsAffected() > 0 ? Added::New : Added::Duplicate;
}

ExecJournal::Run ExecJournal::startNext()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT seq, run_id, record, attempts FROM exec_runs WHERE state = ? "
                                 "ORDER BY seq LIMIT 1"));
    query.addBindValue(Queued);
    if (!query.exec() || !query.next())
        return {};
    Run run{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toByteArray(),
            query.value(3).toInt()};
    query.finish();
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE exec_runs SET state = ?, attempts = attempts + 1 WHERE seq = ?"));
    update.addBindValue(Started);
    update.addBindValue(run.seq);
    if (!update.exec()) {
        qCWarning(lcApp).noquote() << "exec journal:" << update.lastError().text();
        return {};
    }
    return run;
}

void ExecJournal::markDone(const QString& runId)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("UPDATE exec_runs SET state = ? WHERE run_id = ?"));
    query.addBindValue(Done);
    query.addBindValue(runId);
    if (!query.exec())
        qCWarning(lcApp).noquote() << "exec journal: cannot mark" << runId << "done:" << query.lastError().text();
    if (++m_doneSincePrune >= 1000)
        prune();
}

int ExecJournal::queuedCount() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM exec_runs WHERE state = ?"));
    query.addBindValue(Queued);
    return query.exec() && query.next() ? query.value(0).toInt() : 0;
}

void ExecJournal::prune()
{
    m_doneSincePrune = 0;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("DELETE FROM exec_runs WHERE state = ? AND seq < "
                                 "(SELECT MAX(seq) FROM exec_runs) - ?"));
    query.addBindValue(Done);
    query.addBindValue(keptDoneRuns);
    query.exec();
}

} // namespace app
