// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandrunner.h"

#include "core/logging.h"

#include <QProcess>
#include <QTimer>
#include <QVariant>

#include <cstdio>

namespace app {

namespace {

constexpr auto labelProperty = "hu60Label";
constexpr auto timedOutProperty = "hu60TimedOut";

QString labelOf(const QProcess* process)
{
    return process->property(labelProperty).toString();
}

} // namespace

CommandRunner::CommandRunner(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_baseEnvironment(QProcessEnvironment::systemEnvironment())
{
    m_options.maxRunning = std::max(1, m_options.maxRunning);
    m_options.maxQueued = std::max(0, m_options.maxQueued);
    // The session id is a password: a command run per message has no business with it.
    m_baseEnvironment.remove(QStringLiteral("HU60_SID"));
}

CommandRunner::~CommandRunner()
{
    m_queue.clear();
    const QList<QProcess*> running = m_running;
    m_running.clear();
    for (QProcess* process : running) {
        process->disconnect(this);
        process->terminate();
    }
    for (QProcess* process : running) {
        if (!process->waitForFinished(500)) {
            qCWarning(lcApp).noquote() << "exec:" << m_options.program << "for" << labelOf(process)
                                       << "still running at exit; killed";
            process->kill();
            process->waitForFinished(1000);
        }
        delete process;
    }
}

void CommandRunner::enqueue(Job job)
{
    if (m_running.size() < m_options.maxRunning && m_queue.isEmpty()) {
        m_queue.enqueue(std::move(job));
        startNext();
        return;
    }
    if (m_queue.size() >= m_options.maxQueued) {
        if (logging::logOccurrence(++m_dropped, 1000))
            qCWarning(lcApp).noquote() << QStringLiteral("exec: queue full (%1 waiting, %2 running); not running %3 "
                                                         "for %4 (%5 dropped so far)")
                                              .arg(m_options.maxQueued)
                                              .arg(m_running.size())
                                              .arg(m_options.program, job.label)
                                              .arg(m_dropped);
        emit finished(job.label, Outcome::Dropped, -1);
        return;
    }
    m_queue.enqueue(std::move(job));
}

void CommandRunner::startNext()
{
    while (m_running.size() < m_options.maxRunning && !m_queue.isEmpty()) {
        Job job = m_queue.dequeue();
        QProcessEnvironment environment = m_baseEnvironment;
        for (const auto& [name, value] : std::as_const(job.environment))
            environment.insert(name, value);

        auto* process = new QProcess(this);
        process->setProperty(labelProperty, job.label);
        process->setProcessEnvironment(environment);
        // Our stdout belongs to listen's own lines: the command's stdout goes to stderr, its stderr is inherited.
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        connect(process, &QProcess::readyReadStandardOutput, this, [process] {
            const QByteArray output = process->readAllStandardOutput();
            std::fwrite(output.constData(), 1, size_t(output.size()), stderr);
            std::fflush(stderr);
        });
        connect(process, &QProcess::finished, this, [this, process] { onFinished(process); });
        connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
            if (error != QProcess::FailedToStart)
                return; // the others end in finished()
            qCWarning(lcApp).noquote() << QStringLiteral("exec: cannot start %1 for %2 (%3)")
                                              .arg(m_options.program, labelOf(process), process->errorString());
            m_running.removeOne(process);
            process->deleteLater();
            emit finished(labelOf(process), Outcome::FailedToStart, -1);
            // Queued: QProcess may report this from inside start(), i.e. from inside startNext().
            QMetaObject::invokeMethod(this, &CommandRunner::startNext, Qt::QueuedConnection);
        });
        if (m_options.timeout.count() > 0) {
            auto* timer = new QTimer(process);
            timer->setSingleShot(true);
            connect(timer, &QTimer::timeout, this, [this, process] { onTimeout(process); });
            timer->start(m_options.timeout);
        }
        m_running.append(process);
        emit started(job.label);
        process->start(m_options.program, m_options.arguments);
        // Buffered by QProcess until the command has started; closing afterwards gives it end-of-file.
        if (process->state() != QProcess::NotRunning) {
            process->write(job.input);
            process->closeWriteChannel();
        }
    }
    if (m_running.isEmpty() && m_queue.isEmpty())
        emit idle();
}

void CommandRunner::onTimeout(QProcess* process)
{
    if (process->property(timedOutProperty).toBool()) {
        qCWarning(lcApp).noquote() << "exec:" << m_options.program << "for" << labelOf(process)
                                   << "ignored SIGTERM; killing it";
        process->kill();
        return;
    }
    qCWarning(lcApp).noquote() << "exec:" << m_options.program << "for" << labelOf(process) << "still running after"
                               << m_options.timeout.count() << "ms; stopping it";
    process->setProperty(timedOutProperty, true);
    process->terminate();
    // The same timer, re-armed: SIGKILL when the command ignores SIGTERM.
    if (auto* timer = process->findChild<QTimer*>())
        timer->start(m_options.killGrace);
}

void CommandRunner::onFinished(QProcess* process)
{
    if (!m_running.removeOne(process))
        return;
    const QString label = labelOf(process);
    Outcome outcome = Outcome::Succeeded;
    int exitCode = -1;
    if (process->property(timedOutProperty).toBool()) {
        outcome = Outcome::TimedOut;
    } else if (process->exitStatus() == QProcess::CrashExit) {
        outcome = Outcome::Crashed;
        qCWarning(lcApp).noquote() << "exec:" << m_options.program << "for" << label << "crashed";
    } else {
        exitCode = process->exitCode();
        if (exitCode != 0) {
            outcome = Outcome::Failed;
            qCWarning(lcApp).noquote() << "exec:" << m_options.program << "for" << label << "exited with status"
                                       << exitCode;
        } else {
            qCDebug(lcApp).noquote() << "exec:" << m_options.program << "for" << label << "done";
        }
    }
    // The rest of its output, then the process itself once its signal has returned.
    const QByteArray output = process->readAllStandardOutput();
    std::fwrite(output.constData(), 1, size_t(output.size()), stderr);
    process->deleteLater();
    emit finished(label, outcome, exitCode);
    startNext();
}

} // namespace app
