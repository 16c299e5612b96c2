// SPDX-License-Identifier: GPL-3.0-or-later
// app::SingleInstance: one tray per user and kind; a later launch activates the running one.
#include "app/singleinstance.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void secondInstanceActivatesFirst();
    void staleSocketIsReplaced();
    void freedAfterTheFirstQuits();
    void socketPathsPerKindAndUser();
    void withoutRuntimeDirAFolderOfOurOwn();
    void untrustedFolderIsLeftAlone_data();
    void untrustedFolderIsLeftAlone();

private:
    QString socketPath() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSingleInstance::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSingleInstance::cleanup()
{
    qunsetenv("TMPDIR");
}

QString TestSingleInstance::socketPath() const
{
    return m_dir->filePath(QStringLiteral("test.socket"));
}

void TestSingleInstance::secondInstanceActivatesFirst()
{
    app::SingleInstance first(socketPath());
    QSignalSpy activated(&first, &app::SingleInstance::activationRequested);
    QVERIFY(first.start());
    QVERIFY(first.isPrimary());

    app::SingleInstance second(socketPath());
    QVERIFY(!second.start());
    QVERIFY(!second.isPrimary());
    QTRY_COMPARE(activated.count(), 1);

    app::SingleInstance third(socketPath());
    QVERIFY(!third.start());
    QTRY_COMPARE(activated.count(), 2);
    QVERIFY(first.isPrimary());
}

void TestSingleInstance::staleSocketIsReplaced()
{
    // A crashed instance leaves its socket file behind; nobody answers on it.
    QFile stale(socketPath());
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.close();
    app::SingleInstance instance(socketPath());
    QVERIFY(instance.start());
    QVERIFY(instance.isPrimary());
    QSignalSpy activated(&instance, &app::SingleInstance::activationRequested);
    app::SingleInstance second(socketPath());
    QVERIFY(!second.start());
    QTRY_COMPARE(activated.count(), 1);
}

void TestSingleInstance::freedAfterTheFirstQuits()
{
    {
        app::SingleInstance first(socketPath());
        QVERIFY(first.start());
    }
    app::SingleInstance next(socketPath());
    QVERIFY(next.start());
    QVERIFY(next.isPrimary());
}

void TestSingleInstance::socketPathsPerKindAndUser()
{
    using app::SingleInstance;
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir->path()));
    const QString normal = SingleInstance::socketPathFor(SingleInstance::Kind::Normal);
    const QString demo = SingleInstance::socketPathFor(SingleInstance::Kind::Demo);
    QCOMPARE(normal, m_dir->filePath(QStringLiteral("hu60-notifier.socket")));
    QVERIFY(demo != normal);
    // A normal instance and a demo run side by side.
    SingleInstance normalInstance(normal);
    SingleInstance demoInstance(demo);
    QVERIFY(normalInstance.start());
    QVERIFY(demoInstance.start());
    QVERIFY(normalInstance.isPrimary() && demoInstance.isPrimary());

    // Without a runtime dir: a folder of this user's in the shared temp folder.
    qunsetenv("XDG_RUNTIME_DIR");
    const QString shared = SingleInstance::socketPathFor(SingleInstance::Kind::Normal);
    QCOMPARE(shared, QDir::tempPath() + QStringLiteral("/hu60-notifier-%1/hu60-notifier.socket").arg(::getuid()));
}

void TestSingleInstance::withoutRuntimeDirAFolderOfOurOwn()
{
    using app::SingleInstance;
    qputenv("TMPDIR", QFile::encodeName(m_dir->path()));
    const QString folder = m_dir->filePath(QStringLiteral("hu60-notifier-%1").arg(::getuid()));
    // A runtime dir others may use is not one: the temp folder's own folder is used instead.
    const QString openRuntime = m_dir->filePath(QStringLiteral("open-runtime"));
    QVERIFY(QDir().mkdir(openRuntime));
    QVERIFY(QFile::setPermissions(openRuntime, QFile::permissions(openRuntime) | QFileDevice::ReadOther |
                                                   QFileDevice::WriteOther | QFileDevice::ExeOther));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(openRuntime));
    QCOMPARE(SingleInstance::socketPathFor(SingleInstance::Kind::Demo),
             folder + QStringLiteral("/hu60-notifier-demo.socket"));
    qunsetenv("XDG_RUNTIME_DIR");
    const QString path = SingleInstance::socketPathFor(SingleInstance::Kind::Normal);
    QCOMPARE(path, folder + QStringLiteral("/hu60-notifier.socket"));

    // Created 0700 under the usual umask, and working.
    const mode_t umaskBefore = ::umask(022);
    SingleInstance first(path);
    QVERIFY(first.start());
    ::umask(umaskBefore);
    QVERIFY(first.isPrimary());
    QCOMPARE(SingleInstance::privateFolderProblem(folder), QString());
    QCOMPARE(QFile::permissions(folder) & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                           QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QSignalSpy activated(&first, &SingleInstance::activationRequested);
    SingleInstance second(path);
    QVERIFY(!second.start());
    QTRY_COMPARE(activated.count(), 1);
}

void TestSingleInstance::untrustedFolderIsLeftAlone_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("open to others") << QStringLiteral("open");
    QTest::newRow("readable by the group") << QStringLiteral("group");
    QTest::newRow("symbolic link") << QStringLiteral("link");
    QTest::newRow("another user's") << QStringLiteral("foreign");
}

void TestSingleInstance::untrustedFolderIsLeftAlone()
{
    // Another user was first in the shared temp folder: their folder at our name, with a socket listening in it.
    QFETCH(QString, kind);
    qputenv("TMPDIR", QFile::encodeName(m_dir->path()));
    qunsetenv("XDG_RUNTIME_DIR");
    const QString path = app::SingleInstance::socketPathFor(app::SingleInstance::Kind::Normal);
    const QString folder = QFileInfo(path).absolutePath();
    const QString target = m_dir->filePath(QStringLiteral("elsewhere"));
    QVERIFY(QDir().mkdir(target));
    QVERIFY(QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    if (kind == u"link")
        QVERIFY(QFile::link(target, folder));
    else
        QVERIFY(QDir().rename(target, folder));
    QLocalServer squatter;
    QVERIFY(squatter.listen(path));
    QFileDevice::Permissions others = QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (kind == u"group")
        others = QFileDevice::ReadGroup | QFileDevice::ExeGroup;
    if (kind == u"open" || kind == u"group")
        QVERIFY(QFile::setPermissions(folder, QFile::permissions(folder) | others));
    if (kind == u"foreign") {
        if (::getuid() != 0) { // only root can give a folder away: check the test on one that is root's
            QVERIFY(app::SingleInstance::privateFolderProblem(QDir::rootPath()).contains(u"another user"));
            return;
        }
        QCOMPARE(::chown(QFile::encodeName(folder).constData(), 65534, 65534), 0);
    }
    QVERIFY(!app::SingleInstance::privateFolderProblem(folder).isEmpty());

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("single instance: not using .* for the socket")));
    app::SingleInstance instance(path);
    QString error;
    QVERIFY(instance.start(&error)); // the tray still runs, without the guard
    QVERIFY(!instance.isPrimary());
    QVERIFY2(error.contains(folder), qPrintable(error));
    // Nothing was asked of their socket, and it is still there.
    QCoreApplication::processEvents();
    QVERIFY(!squatter.hasPendingConnections());
    QVERIFY(QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
