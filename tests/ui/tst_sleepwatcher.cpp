// SPDX-License-Identifier: GPL-3.0-or-later
// SleepWatcher follows logind's PrepareForSleep signal (here from a stand-in on a private bus), and only logind's.
#include "ui/sleepwatcher.h"

#include "support/privatebus.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using ui::SleepWatcher;

class TestSleepWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanupTestCase();
    void followsPrepareForSleep();
    void noBusWatchesNothing();

private:
    void emitPrepareForSleep(const QDBusConnection& bus, bool sleeping);

    PrivateBus m_bus;
};

void TestSleepWatcher::initTestCase()
{
    if (!PrivateBus::isAvailable())
        QSKIP("dbus-daemon is not installed (Debian package dbus)");
    QString error;
    QVERIFY2(m_bus.start(&error), qPrintable(error));
}

void TestSleepWatcher::cleanupTestCase()
{
    QDBusConnection::disconnectFromBus(QStringLiteral("logind"));
    QDBusConnection::disconnectFromBus(QStringLiteral("impostor"));
    QDBusConnection::disconnectFromBus(QStringLiteral("watcher"));
}

void TestSleepWatcher::emitPrepareForSleep(const QDBusConnection& bus, bool sleeping)
{
    QDBusMessage signal = QDBusMessage::createSignal(
        QLatin1String(SleepWatcher::path), QLatin1String(SleepWatcher::interface), QStringLiteral("PrepareForSleep"));
    signal << sleeping;
    QVERIFY(bus.send(signal));
}

void TestSleepWatcher::followsPrepareForSleep()
{
    QDBusConnection logind = QDBusConnection::connectToBus(m_bus.address(), QStringLiteral("logind"));
    QVERIFY(logind.isConnected());
    QVERIFY(logind.registerService(QLatin1String(SleepWatcher::service)));
    QDBusConnection impostor = QDBusConnection::connectToBus(m_bus.address(), QStringLiteral("impostor"));
    QVERIFY(impostor.isConnected());

    SleepWatcher watcher(QDBusConnection::connectToBus(m_bus.address(), QStringLiteral("watcher")));
    QVERIFY(watcher.isWatching());
    QSignalSpy sleeping(&watcher, &SleepWatcher::aboutToSleep);
    QSignalSpy resumed(&watcher, &SleepWatcher::resumed);

    emitPrepareForSleep(logind, true);
    QTRY_COMPARE(sleeping.count(), 1);
    QCOMPARE(resumed.count(), 0);
    emitPrepareForSleep(logind, false);
    QTRY_COMPARE(resumed.count(), 1);

    // The same signal from anyone but logind is ignored (any bus client can send it).
    emitPrepareForSleep(impostor, false);
    // A round trip through the daemon on the impostor's connection: its signal has been routed before the reply.
    QVERIFY(impostor.interface()->isServiceRegistered(QLatin1String(SleepWatcher::service)).value());
    emitPrepareForSleep(logind, true); // a marker that the impostor's signal had its chance to arrive first
    QTRY_COMPARE(sleeping.count(), 2);
    QCOMPARE(resumed.count(), 1);
}

void TestSleepWatcher::noBusWatchesNothing()
{
    SleepWatcher watcher(QDBusConnection(QStringLiteral("not connected")));
    QVERIFY(!watcher.isWatching());
}

QTEST_GUILESS_MAIN(TestSleepWatcher)
#include "tst_sleepwatcher.moc"
