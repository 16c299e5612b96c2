// SPDX-License-Identifier: GPL-3.0-or-later
// CommandRunner (listen --exec): bounded parallelism, order, timeouts, exit statuses, a full queue, and an
// environment without the session id. The commands are small /bin/sh scripts.
#include "app/commandrunner.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using app::CommandRunner;

Q_DECLARE_METATYPE(app::CommandRunner::Outcome)

class TestCommandRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void burstIsBoundedAndComplete();
    void oneAtATimeKeepsOrder();
    void environmentHasNoSid();
    void failureReportsExitStatus();
    void timeoutStopsTheCommand();
    void timeoutKillsWhatIgnoresSigterm();
    void missingProgramFailsToStart();
    void fullQueueDrops();
    void destructorStopsRunningCommands();

private:
    static CommandRunner::Options shell(const QString& script, int maxRunning = 1);
    static CommandRunner::Job job(const QString& label, const QByteArray& input = {});
    QStringList lines(const QString& name) const;
    QTemporaryDir m_dir;
};

namespace {

/// Records what finished, and checks the bound at every start.
struct Recorder
{
    explicit Recorder(CommandRunner* runner)
    {
        QObject::connect(runner, &CommandRunner::started, runner,
                         [this, runner](const QString&) { maxSeen = std::max(maxSeen, runner->running()); });
        QObject::connect(runner, &CommandRunner::finished, runner,
                         [this](const QString& label, CommandRunner::Outcome outcome, int exitCode) {
                             finished.append({label, outcome, exitCode});
                         });
    }
    struct Done
    {
        QString label;
        CommandRunner::Outcome outcome;
        int exitCode;
    };
    QList<Done> finished;
    int maxSeen = 0;
};

} // namespace

void TestCommandRunner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFile::exists(QStringLiteral("/bin/sh")));
}

CommandRunner::Options TestCommandRunner::shell(const QString& script, int maxRunning)
{
    CommandRunner::Options options;
    options.program = QStringLiteral("/bin/sh");
    options.arguments = {QStringLiteral("-c"), script};
    options.maxRunning = maxRunning;
    return options;
}

CommandRunner::Job TestCommandRunner::job(const QString& label, const QByteArray& input)
{
    CommandRunner::Job j;
    j.label = label;
    j.input = input;
    return j;
}

QStringList TestCommandRunner::lines(const QString& name) const
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

void TestCommandRunner::burstIsBoundedAndComplete()
{
    // Each run appends its stdin and sleeps a little, so that runs overlap when allowed to.
    const QString out = m_dir.filePath(QStringLiteral("burst.txt"));
    CommandRunner runner(shell(QStringLiteral("cat >> '%1'; sleep 0.05").arg(out), 3));
    Recorder recorder(&runner);
    QSignalSpy idle(&runner, &CommandRunner::idle);
    constexpr int count = 60;
    for (int i = 0; i < count; ++i)
        runner.enqueue(job(QString::number(i), QByteArray::number(i) + '\n'));
    QCOMPARE(runner.running(), 3);
    QCOMPARE(runner.queued(), count - 3);
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == count; }, 60000));
    QCOMPARE(recorder.maxSeen, 3);
    QCOMPARE(runner.running(), 0);
    QCOMPARE(idle.size(), 1);
    for (const auto& done : std::as_const(recorder.finished))
        QCOMPARE(done.outcome, CommandRunner::Outcome::Succeeded);
    QStringList got = lines(QStringLiteral("burst.txt"));
    QCOMPARE(got.size(), count);
    std::sort(got.begin(), got.end(), [](const QString& a, const QString& b) { return a.toInt() < b.toInt(); });
    for (int i = 0; i < count; ++i)
        QCOMPARE(got.at(i), QString::number(i));
}

void TestCommandRunner::oneAtATimeKeepsOrder()
{
    const QString out = m_dir.filePath(QStringLiteral("order.txt"));
    CommandRunner runner(shell(QStringLiteral("cat >> '%1'").arg(out)));
    Recorder recorder(&runner);
    for (int i = 0; i < 20; ++i)
        runner.enqueue(job(QString::number(i), "line " + QByteArray::number(i) + '\n'));
    QCOMPARE(runner.running(), 1);
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 20; }, 30000));
    QCOMPARE(recorder.maxSeen, 1);
    QStringList expected;
    for (int i = 0; i < 20; ++i) {
        expected.append(QStringLiteral("line %1").arg(i));
        QCOMPARE(recorder.finished.at(i).label, QString::number(i));
    }
    QCOMPARE(lines(QStringLiteral("order.txt")), expected);
}

void TestCommandRunner::environmentHasNoSid()
{
    qputenv("HU60_SID", "Hu60DemoSid10086XiaoMing0001");
    qputenv("HU60_TEST_INHERITED", "kept");
    const QString out = m_dir.filePath(QStringLiteral("env.txt"));
    CommandRunner runner(shell(
        QStringLiteral("printf '%s|%s|%s\\n' \"${HU60_SID-unset}\" \"$HU60_TEST_INHERITED\" \"$HU60_MSG_ID\" > '%1'")
            .arg(out)));
    qunsetenv("HU60_SID");
    qunsetenv("HU60_TEST_INHERITED");
    QVERIFY(!runner.baseEnvironment().contains(QStringLiteral("HU60_SID")));
    Recorder recorder(&runner);
    CommandRunner::Job j = job(QStringLiteral("env"));
    j.environment.append({QStringLiteral("HU60_MSG_ID"), QStringLiteral("42")});
    runner.enqueue(j);
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 1; }, 10000));
    QCOMPARE(lines(QStringLiteral("env.txt")), QStringList{QStringLiteral("unset|kept|42")});
}

void TestCommandRunner::failureReportsExitStatus()
{
    CommandRunner runner(shell(QStringLiteral("cat > /dev/null; exit 3")));
    Recorder recorder(&runner);
    runner.enqueue(job(QStringLiteral("fails"), "x\n"));
    QTest::ignoreMessage(QtWarningMsg, "exec: /bin/sh for fails exited with status 3");
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 1; }, 10000));
    QCOMPARE(recorder.finished.at(0).outcome, CommandRunner::Outcome::Failed);
    QCOMPARE(recorder.finished.at(0).exitCode, 3);
}

void TestCommandRunner::timeoutStopsTheCommand()
{
    CommandRunner::Options options = shell(QStringLiteral("exec sleep 30"));
    options.timeout = std::chrono::milliseconds(300);
    CommandRunner runner(options);
    Recorder recorder(&runner);
    QElapsedTimer clock;
    clock.start();
    runner.enqueue(job(QStringLiteral("slow")));
    runner.enqueue(job(QStringLiteral("next")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("for slow still running after 300 ms")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("for next still running after 300 ms")));
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 2; }, 20000));
    QCOMPARE(recorder.finished.at(0).label, QStringLiteral("slow"));
    QCOMPARE(recorder.finished.at(0).outcome, CommandRunner::Outcome::TimedOut);
    QCOMPARE(recorder.finished.at(1).outcome, CommandRunner::Outcome::TimedOut);
    // Hang detector only: far below the 30 s the commands would have slept.
    QVERIFY(clock.elapsed() < 20000);
}

void TestCommandRunner::timeoutKillsWhatIgnoresSigterm()
{
    CommandRunner::Options options = shell(QStringLiteral("trap '' TERM; exec sleep 30"));
    options.timeout = std::chrono::milliseconds(300);
    options.killGrace = std::chrono::milliseconds(300);
    CommandRunner runner(options);
    Recorder recorder(&runner);
    runner.enqueue(job(QStringLiteral("stubborn")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stubborn still running after")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stubborn ignored SIGTERM; killing it")));
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 1; }, 20000));
    QCOMPARE(recorder.finished.at(0).outcome, CommandRunner::Outcome::TimedOut);
}

void TestCommandRunner::missingProgramFailsToStart()
{
    CommandRunner::Options options;
    options.program = m_dir.filePath(QStringLiteral("no-such-program"));
    CommandRunner runner(options);
    Recorder recorder(&runner);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("exec: cannot start .* for first")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("exec: cannot start .* for second")));
    runner.enqueue(job(QStringLiteral("first")));
    runner.enqueue(job(QStringLiteral("second")));
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 2; }, 10000));
    QCOMPARE(recorder.finished.at(0).outcome, CommandRunner::Outcome::FailedToStart);
    QCOMPARE(recorder.finished.at(1).outcome, CommandRunner::Outcome::FailedToStart);
    QCOMPARE(runner.running(), 0);
}

void TestCommandRunner::fullQueueDrops()
{
    CommandRunner::Options options = shell(QStringLiteral("sleep 0.2"));
    options.maxQueued = 2;
    CommandRunner runner(options);
    Recorder recorder(&runner);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("queue full .* for 3 \\(1 dropped so far")));
    for (int i = 0; i < 5; ++i)
        runner.enqueue(job(QString::number(i)));
    // 0 runs, 1 and 2 wait, 3 and 4 are dropped at once (only the first drop is logged).
    QCOMPARE(recorder.finished.size(), 2);
    QCOMPARE(recorder.finished.at(0).label, QStringLiteral("3"));
    QCOMPARE(recorder.finished.at(0).outcome, CommandRunner::Outcome::Dropped);
    QCOMPARE(recorder.finished.at(1).label, QStringLiteral("4"));
    QVERIFY(QTest::qWaitFor([&] { return recorder.finished.size() == 5; }, 20000));
    QCOMPARE(recorder.finished.at(2).outcome, CommandRunner::Outcome::Succeeded);
    QCOMPARE(recorder.finished.at(4).label, QStringLiteral("2"));
}

void TestCommandRunner::destructorStopsRunningCommands()
{
    const QString pidFile = m_dir.filePath(QStringLiteral("pid.txt"));
    qint64 pid = 0;
    {
        CommandRunner runner(shell(QStringLiteral("echo $$ > '%1'; exec sleep 30").arg(pidFile)));
        runner.enqueue(job(QStringLiteral("long")));
        runner.enqueue(job(QStringLiteral("queued")));
        QVERIFY(QTest::qWaitFor([&] { return !lines(QStringLiteral("pid.txt")).isEmpty(); }, 10000));
        pid = lines(QStringLiteral("pid.txt")).constFirst().toLongLong();
        QVERIFY(pid > 0);
    }
    // The process is gone (reaped by QProcess, so not even a zombie is left).
    QVERIFY(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)));
}

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_commandrunner.moc"
