// SPDX-License-Identifier: GPL-3.0-or-later
// The tray's menu and state texts follow the PushClient (against the companion server), the unread badge and
// tooltip follow the counts, and the menu's requests come out as signals.
#include "core/client/pushclient.h"
#include "core/presence/presencemodel.h"
#include "core/server/companion.h"
#include "ui/tray/trayicon.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using client::PushClient;
using ui::TrayIcon;

class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void menuHasTheActions();
    void statesFollowTheClient();
    void offlineShowsRetryCountdown();
    void authRejectedAsksForLogin();
    void badgeAndTooltipFollowCounts();
    void doNotDisturbMenu();
    void saysOnceThatThereIsNoTray();

private:
    static client::PushClientConfig config(const QUrl& url)
    {
        client::PushClientConfig c;
        c.url = url;
        c.watchNetwork = false;
        c.jitter = 0;
        return c;
    }
    static QAction* action(TrayIcon& tray, const char* name)
    {
        return tray.menu()->findChild<QAction*>(QString::fromLatin1(name));
    }
};

void TestTrayIcon::menuHasTheActions()
{
    PushClient pushClient(config(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"))));
    presence::PresenceModel robots;
    TrayIcon tray(&pushClient, &robots);
    for (const char* name :
         {"statusAction", "openInboxAction", "openMentionsAction", "robotsAction", "historyAction", "settingsAction",
          "reconnectAction", "quitAction", "dndHourAction", "dndTomorrowAction", "dndOffAction"})
        QVERIFY2(action(tray, name), name);
    QVERIFY(tray.menu()->findChild<QMenu*>(QStringLiteral("dndMenu")));
    QVERIFY(!action(tray, "statusAction")->isEnabled());
    QVERIFY(!action(tray, "loginAction")->isVisible());

    // Each entry asks for what it says.
    QSignalSpy history(&tray, &TrayIcon::historyRequested);
    QSignalSpy robotsRequested(&tray, &TrayIcon::robotsRequested);
    QSignalSpy settings(&tray, &TrayIcon::settingsRequested);
    QSignalSpy quit(&tray, &TrayIcon::quitRequested);
    QSignalSpy inbox(&tray, &TrayIcon::inboxPageRequested);
    QSignalSpy mentions(&tray, &TrayIcon::mentionsPageRequested);
    action(tray, "historyAction")->trigger();
    action(tray, "robotsAction")->trigger();
    action(tray, "settingsAction")->trigger();
    action(tray, "quitAction")->trigger();
    action(tray, "openInboxAction")->trigger();
    action(tray, "openMentionsAction")->trigger();
    QCOMPARE(history.count(), 1);
    QCOMPARE(robotsRequested.count(), 1);
    QCOMPARE(settings.count(), 1);
    QCOMPARE(quit.count(), 1);
    QCOMPARE(inbox.count(), 1);
    QCOMPARE(mentions.count(), 1);

    // The robots entry counts, and says when presence is off.
    robots.setOnlineList({{-50, 1}, {-150, 2}});
    QCOMPARE(action(tray, "robotsAction")->text(), QStringLiteral("Online robots (2)…"));
    robots.setEnabled(false);
    QCOMPARE(action(tray, "robotsAction")->text(), QStringLiteral("Online robots (off)…"));
}

void TestTrayIcon::statesFollowTheClient()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    PushClient pushClient(config(companion.proxyPushUrl()));
    pushClient.setSid(server::Companion::demoSid());
    TrayIcon tray(&pushClient, nullptr);
    QCOMPARE(tray.statusText(), QStringLiteral("Not connected"));
    pushClient.start();
    QCOMPARE(tray.statusText(), QStringLiteral("Connecting…"));
    QTRY_COMPARE(pushClient.state(), PushClient::State::Connected);
    QVERIFY2(tray.statusText().startsWith(QStringLiteral("Online since ")), qPrintable(tray.statusText()));
    QCOMPARE(tray.toolTip(), QStringLiteral("hu60 Notifier — Online"));
    QVERIFY(!action(tray, "reconnectAction")->isEnabled()); // nothing to reconnect
    pushClient.stop();
}

void TestTrayIcon::offlineShowsRetryCountdown()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    client::PushClientConfig c = config(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(port)));
    c.backoffMin = std::chrono::milliseconds(20'000);
    c.backoffMax = std::chrono::milliseconds(20'000);
    PushClient pushClient(c);
    pushClient.setSid(server::Companion::demoSid());
    TrayIcon tray(&pushClient, nullptr);
    pushClient.start();
    QTRY_COMPARE(pushClient.state(), PushClient::State::Reconnecting);
    const QString since = pushClient.offlineSince().toLocalTime().toString(u"HH:mm");
    QCOMPARE(tray.statusText(), QStringLiteral("Offline since %1, retrying in 20 s").arg(since));
    QVERIFY(tray.toolTip().contains(QStringLiteral("Offline")));
    QVERIFY(action(tray, "reconnectAction")->isEnabled());
    // One click retries at once (the attempt fails again, the countdown restarts).
    QSignalSpy states(&pushClient, &PushClient::stateChanged);
    action(tray, "reconnectAction")->trigger();
    QTRY_VERIFY(states.contains(QVariantList{QVariant::fromValue(PushClient::State::Connecting)}));
    QTRY_COMPARE(pushClient.state(), PushClient::State::Reconnecting);
    pushClient.stop();
}

void TestTrayIcon::authRejectedAsksForLogin()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    PushClient pushClient(config(companion.proxyPushUrl()));
    pushClient.setSid(QStringLiteral("Hu60UnknownSid000000000000000"));
    TrayIcon tray(&pushClient, nullptr);
    pushClient.start();
    QTRY_COMPARE(pushClient.state(), PushClient::State::AuthRejected);
    QVERIFY(tray.statusText().startsWith(QStringLiteral("Login needed")));
    QAction* login = action(tray, "loginAction");
    QVERIFY(login->isVisible());
    QSignalSpy requested(&tray, &TrayIcon::loginRequested);
    login->trigger();
    QCOMPARE(requested.count(), 1);

    // The forum can also say so (user.stat isLogin:false) while the socket is fine.
    PushClient idle(config(companion.proxyPushUrl()));
    TrayIcon other(&idle, nullptr);
    other.setLoginNeeded(true);
    QVERIFY(action(other, "loginAction")->isVisible());
    QVERIFY(other.statusText().startsWith(QStringLiteral("Login needed")));
    other.setLoginNeeded(false);
    QVERIFY(!action(other, "loginAction")->isVisible());
}

void TestTrayIcon::badgeAndTooltipFollowCounts()
{
    PushClient pushClient(config(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"))));
    TrayIcon tray(&pushClient, nullptr);
    const QImage plain = tray.icon().pixmap(32, 32).toImage();
    tray.setUnreadCounts(2, 5);
    QCOMPARE(tray.unreadCount(), 7);
    QCOMPARE(tray.toolTip(), QStringLiteral("hu60 Notifier — Not connected · 2 inbox, 5 @"));
    const QImage badged = tray.icon().pixmap(32, 32).toImage();
    QVERIFY(plain != badged);
    // The badge is red, in the top-right corner.
    const QColor corner = badged.pixelColor(26, 5);
    QVERIFY2(corner.red() > 180 && corner.green() < 120, qPrintable(corner.name()));
    tray.setUnreadCounts(0, 0);
    QTRY_COMPARE(tray.icon().pixmap(32, 32).toImage(), plain);
    QCOMPARE(tray.toolTip(), QStringLiteral("hu60 Notifier — Not connected"));
    // A burst changes the counts per message: the badge and tooltip follow once per interval, not per change.
    for (int i = 1; i <= 50; ++i)
        tray.setUnreadCounts(i, 0);
    QCOMPARE(tray.unreadCount(), 50);
    QVERIFY(!tray.toolTip().contains(u"50 inbox"));
    QTRY_COMPARE(tray.toolTip(), QStringLiteral("hu60 Notifier — Not connected · 50 inbox, 0 @"));
    // Large counts stay readable.
    QVERIFY(!TrayIcon::badged(tray.icon(), 1234).pixmap(16, 16).isNull());
}

void TestTrayIcon::doNotDisturbMenu()
{
    PushClient pushClient(config(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"))));
    TrayIcon tray(&pushClient, nullptr);
    QSignalSpy dnd(&tray, &TrayIcon::doNotDisturbRequested);
    action(tray, "dndHourAction")->trigger();
    action(tray, "dndTomorrowAction")->trigger();
    action(tray, "quietOnAction")->trigger();
    QCOMPARE(dnd.count(), 3);
    QCOMPARE(dnd.at(0).at(0).value<TrayIcon::DndChoice>(), TrayIcon::DndChoice::OneHour);
    QCOMPARE(dnd.at(1).at(0).value<TrayIcon::DndChoice>(), TrayIcon::DndChoice::UntilTomorrow);
    QCOMPARE(dnd.at(2).at(0).value<TrayIcon::DndChoice>(), TrayIcon::DndChoice::QuietHoursOn);
    QVERIFY(!action(tray, "dndOffAction")->isEnabled());
    tray.setDoNotDisturb(true, QStringLiteral("until 11:42"), true);
    auto* menu = tray.menu()->findChild<QMenu*>(QStringLiteral("dndMenu"));
    QCOMPARE(menu->title(), QStringLiteral("Do not disturb: until 11:42"));
    QVERIFY(action(tray, "dndOffAction")->isEnabled());
    QVERIFY(action(tray, "quietOffAction")->isVisible());
    QVERIFY(!action(tray, "quietOnAction")->isVisible());
}

void TestTrayIcon::saysOnceThatThereIsNoTray()
{
    // The offscreen platform has no system tray, like GNOME without the AppIndicator extension.
    PushClient pushClient(config(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"))));
    TrayIcon tray(&pushClient, nullptr);
    QSignalSpy unavailable(&tray, &TrayIcon::trayUnavailable);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("No system tray available")));
    QVERIFY(unavailable.wait(2000));
    QVERIFY(!tray.isTrayShown());
    QTest::qWait(50);
    QCOMPARE(unavailable.count(), 1);
    // Offscreen never gets a tray: no timer polls for one (an idle app wakes up for its keep-alive only).
    QCOMPARE(tray.msUntilTrayProbe(), -1);
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
