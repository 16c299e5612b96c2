// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QProcessEnvironment>
#include <QQueue>
#include <QString>
#include <QStringList>

#include <chrono>

class QProcess;

namespace app {

/// Runs one external command per job for `listen --exec`: a program with fixed arguments (never a shell string),
/// the job's input on its stdin, the job's variables added to its environment. At most `maxRunning` commands run
/// at once and the rest wait in a queue of at most `maxQueued` jobs (a burst of thousands of messages never forks
/// thousands of processes); each run is stopped after `timeout` (SIGTERM, then SIGKILL after a grace period). A
/// failure, a timeout and a full queue are logged. The command's stdout is copied to our stderr, so that it
/// never mixes with listen's own output; its stderr is inherited. The session id never reaches the command:
/// HU60_SID is removed from the environment it inherits.
class CommandRunner : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString program; ///< an absolute path, or a name looked up in PATH by QProcess
        QStringList arguments;
        int maxRunning = 1;
        int maxQueued = 10000;
        std::chrono::milliseconds timeout{30'000};  ///< 0 = no limit
        std::chrono::milliseconds killGrace{2'000}; ///< SIGTERM to SIGKILL
    };

    struct Job
    {
        QString label;                              ///< names the job in log lines (e.g. "message 123")
        QByteArray input;                           ///< written to the command's stdin, which is then closed
        QList<QPair<QString, QString>> environment; ///< added to the inherited environment
    };

    enum class Outcome {
        Succeeded,     ///< exit status 0
        Failed,        ///< a non-zero exit status
        Crashed,       ///< ended by a signal it did not get from us
        TimedOut,      ///< stopped after the timeout
        FailedToStart, ///< not found, not executable, fork failed
        Dropped,       ///< never run: the queue was full
    };
    Q_ENUM(Outcome)

    explicit CommandRunner(Options options, QObject* parent = nullptr);
    /// Stops the commands still running (SIGTERM, briefly waited for, then SIGKILL); queued jobs are dropped.
    ~CommandRunner() override;
    Q_DISABLE_COPY_MOVE(CommandRunner)

    /// Runs the job now if fewer than maxRunning commands run, else queues it (or drops it when the queue is full).
    void enqueue(Job job);

    int running() const { return int(m_running.size()); }
    int maxRunning() const { return m_options.maxRunning; }
    int queued() const { return int(m_queue.size()); }
    /// The environment every command starts from: ours without HU60_SID.
    const QProcessEnvironment& baseEnvironment() const { return m_baseEnvironment; }

Q_SIGNALS:
    void started(const QString& label);
    /// Exactly once per enqueued job. `exitCode` is the exit status for Succeeded and Failed, else -1.
    void finished(const QString& label, app::CommandRunner::Outcome outcome, int exitCode);
    /// Nothing runs and nothing waits.
    void idle();

private:
    void startNext();
    void onFinished(QProcess* process);
    void onTimeout(QProcess* process);

    Options m_options;
    QProcessEnvironment m_baseEnvironment;
    QQueue<Job> m_queue;
    QList<QProcess*> m_running;
    qint64 m_dropped = 0;
};

} // namespace app
