// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace app {

/// The runs of `listen --exec`, kept in the `--state` database (its own table, its own connection): every message
/// is recorded *queued* before its command may start, *started* when the command is handed to the runner, and
/// *done* when it ended (whatever its exit status). This is the queue itself: nothing waits in memory only, so a
/// burst never overflows it and nothing is dropped.
///
/// After a crash (or kill -9) the runs left *started* are run again at the next start, with the same run id
/// (HU60_MSG_RUN_ID): a command that was interrupted, or that finished just before the crash but was not marked
/// done yet, runs a second time. That is the one at-least-once edge; a command that must not repeat its effect
/// dedupes on the run id. Without a state file the journal lives in memory: nothing survives the process.
class ExecJournal final
{
public:
    struct Run
    {
        qint64 seq = 0;
        QString runId;     ///< stable across replays: "msg-<id>" or "mentions-<history key>"
        QByteArray record; ///< the JSON record the command gets
        int attempts = 0;  ///< how often it was started before (0: never)
    };

    ExecJournal();
    ~ExecJournal();
    Q_DISABLE_COPY_MOVE(ExecJournal)

    /// Opens the table in `path` (empty: in memory). Returns false with `error` set on failure.
    bool open(const QString& path, QString* error);
    bool isPersistent() const { return m_persistent; }

    /// Runs left started by an earlier process become queued again; returns how many.
    int requeueStarted();
    enum class Added { New, Duplicate, Failed };
    /// Records a run as queued; Duplicate when `runId` was already recorded (a notification replayed after a
    /// crash), Failed when the database refused the write (logged).
    Added add(const QString& runId, const QByteArray& record);
    /// The oldest queued run, marked started (attempts counted); a Run with an empty runId when none waits.
    Run startNext();
    void markDone(const QString& runId);
    int queuedCount() const;

private:
    void prune();
    QString m_connection;
    bool m_persistent = false;
    int m_doneSincePrune = 0;
};

} // namespace app
