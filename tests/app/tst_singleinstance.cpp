// SPDX-License-Identifier: GPL-3.0-or-later
// app::SingleInstance: one tray per user and kind; a later launch activates the running one.
#include "app/singleinstance.h"

#include <QFile>
#include <QLocalServer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void secondInstanceActivatesFirst();
    void staleSocketIsReplaced();
    void freedAfterTheFirstQuits();
    void socketPathsPerKindAndUser();

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

    // Without a runtime dir the shared temp folder is used, so the uid must be in the name.
    qunsetenv("XDG_RUNTIME_DIR");
    const QString shared = SingleInstance::socketPathFor(SingleInstance::Kind::Normal);
    QVERIFY2(QRegularExpression(QStringLiteral("/hu60-notifier-[0-9]+\\.socket$")).match(shared).hasMatch(),
             qPrintable(shared));
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
