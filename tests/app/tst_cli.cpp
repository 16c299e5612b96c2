// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of the top-level command line of hu60-notifier: --version, --help, --debug-info, --log-level,
// unknown modes, the language setting and the single-instance hand-over of the tray.
#include "app/singleinstance.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void version();
    void helpListsModes();
    void unknownModeIsBadInput();
    void badLogLevelIsBadInput();
    void debugInfoNamesPaths();
    void languageSettingTranslates();
    void secondTrayLaunchActivatesFirst();

private:
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Result run(const QStringList& arguments) const;
    QProcessEnvironment environment() const;

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestCli::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    for (const char* folder : {"config", "state", "runtime", "data"})
        QVERIFY(QDir(m_home->path()).mkpath(QLatin1String(folder)));
    QVERIFY(QFile::setPermissions(m_home->filePath(QStringLiteral("runtime")),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
}

// Every run gets its own config, state and runtime folders: no real settings, logs or running instance leak in.
QProcessEnvironment TestCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home->path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_STATE_HOME"), m_home->filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home->filePath(QStringLiteral("runtime")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    env.remove(QStringLiteral("HU60_LOG_LEVEL"));
    env.remove(QStringLiteral("HU60_SID"));
    return env;
}

TestCli::Result TestCli::run(const QStringList& arguments) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(HU60_NOTIFIER_BINARY), arguments);
    Result result;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestCli::version()
{
    for (const QString& option : {QStringLiteral("--version"), QStringLiteral("-v")}) {
        const Result result = run({option});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("hu60-notifier " HU60_VERSION "\n"));
    }
}

void TestCli::helpListsModes()
{
    const Result result = run({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    for (const char* word :
         {"serve", "push", "listen", "render", "--demo", "--log-level", "--debug-info", "--version", "Exit codes"})
        QVERIFY2(result.out.contains(QLatin1String(word)), word);
}

void TestCli::unknownModeIsBadInput()
{
    const Result result = run({QStringLiteral("frobnicate")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(u"Unknown mode \"frobnicate\"."), qPrintable(result.err));
    QVERIFY(result.err.contains(u"serve"));
    QVERIFY(result.out.isEmpty());
}

void TestCli::badLogLevelIsBadInput()
{
    Result result = run({QStringLiteral("--log-level"), QStringLiteral("loud"), QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(u"\"loud\""), qPrintable(result.err));
    result = run({QStringLiteral("render"), QStringLiteral("--log-level")});
    QCOMPARE(result.exitCode, 2);
    // A good level is taken away before the mode parses its own options.
    result = run({QStringLiteral("--log-level=debug"), QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
}

void TestCli::debugInfoNamesPaths()
{
    const Result result = run({QStringLiteral("--debug-info")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith(u"hu60-notifier " HU60_VERSION "\n"));
    QVERIFY2(result.out.contains(u"Qt: " QT_VERSION_STR), qPrintable(result.out));
    QVERIFY(result.out.contains(m_home->filePath(QStringLiteral("state/hu60-notifier/log/hu60-notifier.log"))));
    QVERIFY(result.out.contains(m_home->filePath(QStringLiteral("config/hu60/hu60-notifier.conf"))));
    QVERIFY(result.out.contains(m_home->filePath(QStringLiteral("runtime/hu60-notifier.socket"))));
    // Answered without touching the settings file.
    QVERIFY(!QFile::exists(m_home->filePath(QStringLiteral("config/hu60/hu60-notifier.conf"))));
}

void TestCli::languageSettingTranslates()
{
    QVERIFY(QDir(m_home->path()).mkpath(QStringLiteral("config/hu60")));
    QFile conf(m_home->filePath(QStringLiteral("config/hu60/hu60-notifier.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[desktop]\nlanguage=zh_CN\n");
    conf.close();
    const Result result = run({QStringLiteral("--debug-info")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(u"zh_CN"), qPrintable(result.out));
    // The catalogue is embedded and used: a translated label instead of "Log file".
    QVERIFY2(!result.out.contains(u"Log file:"), qPrintable(result.out));
    QVERIFY2(result.out.contains(u"日志文件"), qPrintable(result.out));
}

void TestCli::secondTrayLaunchActivatesFirst()
{
    // The running tray is played by an app::SingleInstance on the socket the binary computes from XDG_RUNTIME_DIR.
    app::SingleInstance running(m_home->filePath(QStringLiteral("runtime/hu60-notifier.socket")));
    QVERIFY(running.start());
    QSignalSpy activated(&running, &app::SingleInstance::activationRequested);
    const Result result = run({});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(u"already running"), qPrintable(result.out + result.err));
    QTRY_COMPARE(activated.count(), 1);
    // Tray modes log to the file in the state folder.
    QFile log(m_home->filePath(QStringLiteral("state/hu60-notifier/log/hu60-notifier.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("another instance is running"));

    // A demo is a different kind: it does not hand over to the normal instance (it is started with --help here,
    // which is answered before any single-instance check, so no demo server is started by this test).
    QCOMPARE(run({QStringLiteral("--demo"), QStringLiteral("--help")}).exitCode, 0);
    QCOMPARE(activated.count(), 1);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
