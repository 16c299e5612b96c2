// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/client/pushclient.h"

#include <QIcon>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

class QAction;
class QDBusServiceWatcher;
class QMenu;
class QSystemTrayIcon;

namespace presence {
class PresenceModel;
}

namespace ui {

/// The status icon: the push connection's state (connecting, online, offline/retrying, login needed) as icon,
/// tooltip and first menu line, an unread badge (inbox + @) drawn over the state icon, and the menu: open inbox,
/// open @ messages, online robots…, history…, do not disturb, settings…, reconnect now, quit; while there is a
/// network problem, its text in the tooltip and an entry to its details. It only presents and asks (…Requested
/// signals); the Notifier acts. Works without a system tray too: it says so once (trayUnavailable) and picks the
/// tray up when a tray host appears later. Owned by the Notifier.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    /// The do-not-disturb menu's choices.
    enum class DndChoice {
        Off,           ///< notifications on again
        OneHour,       ///< quiet for an hour
        UntilTomorrow, ///< quiet until 08:00 tomorrow
        QuietHoursOn,  ///< the daily quiet hours (as set in the settings) on
        QuietHoursOff, ///< … off
    };
    Q_ENUM(DndChoice)

    TrayIcon(client::PushClient* pushClient, presence::PresenceModel* robots, QObject* parent = nullptr);
    ~TrayIcon() override;

    QMenu* menu() const { return m_menu.get(); }
    QString toolTip() const { return m_toolTip; }
    /// The status line (first menu entry), e.g. "Offline since 10:42, retrying in 20 s".
    QString statusText() const { return m_status; }
    QIcon icon() const { return m_icon; }
    int unreadCount() const { return m_unreadInbox + m_unreadMentions; }
    bool isTrayShown() const { return m_tray != nullptr; }
    /// Without a tray: whether it polls for an X11 (XEmbed) tray to appear, and how long until the next look
    /// (-1 = not polling). StatusNotifier hosts are noticed through D-Bus without polling; platforms that never
    /// have a tray (offscreen, eglfs) are not polled at all.
    qint64 msUntilTrayProbe() const { return m_trayProbe.isActive() ? m_trayProbe.remainingTime() : -1; }
    static constexpr int firstTrayProbeMs = 5'000;
    static constexpr int maxTrayProbeMs = 300'000;

    void setUnreadCounts(int inbox, int mentions);
    /// The forum (not the push server) said the session is not logged in.
    void setLoginNeeded(bool needed);
    /// A network problem to show in the tooltip, with a menu entry that opens its details (empty = none).
    void setNetworkProblem(const QString& text);
    QString networkProblem() const { return m_problem; }
    /// Do-not-disturb as the menu should show it; `description` e.g. "until 11:42" (empty = off).
    void setDoNotDisturb(bool active, const QString& description, bool quietHours);

    /// Draws the unread badge over `base` (exposed for tests and screenshots).
    static QIcon badged(const QIcon& base, int count);

Q_SIGNALS:
    void quitRequested();
    void inboxPageRequested();
    void mentionsPageRequested();
    void robotsRequested();
    void historyRequested();
    void settingsRequested();
    /// "Log in…" (shown while the session is rejected): open the account page of the settings.
    void loginRequested();
    /// "Connection problem…" (shown while there is one): open the window with its details.
    void networkProblemRequested();
    void doNotDisturbRequested(ui::TrayIcon::DndChoice choice);
    /// A left click on the icon (the Notifier opens the newest unread message, or the history).
    void activated();
    /// No system tray exists (said once); popups and the history window keep working.
    void trayUnavailable();
    /// The menu and tooltip were translated again after a language change.
    void retranslated();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    void updateState();
    void updateIcon();
    void ensureTrayShown();
    void waitForTray();
    void updateRobotsAction();

    QPointer<client::PushClient> m_client;
    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon* m_tray = nullptr;
    QPointer<presence::PresenceModel> m_robots;
    QAction* m_statusAction = nullptr;
    QAction* m_loginAction = nullptr;
    QAction* m_problemAction = nullptr;
    QAction* m_robotsAction = nullptr;
    QAction* m_reconnectAction = nullptr;
    QMenu* m_dndMenu = nullptr;
    QAction* m_dndOff = nullptr;
    QAction* m_quietOn = nullptr;
    QAction* m_quietOff = nullptr;
    QTimer m_countdown;
    QTimer m_trayProbe; ///< single shot, the interval doubles up to maxTrayProbeMs
    QDBusServiceWatcher* m_trayWatcher = nullptr;
    QTimer m_countsDelay;         ///< throttles count updates (a burst changes them per message)
    bool m_countsPending = false; ///< counts changed while m_countsDelay ran
    QString m_iconKey;            ///< what m_icon shows (state and badge text): redrawn only when it changes
    QString m_status;
    QString m_toolTip;
    QString m_dndDescription;
    QString m_problem;
    QString m_stateIcon;
    QIcon m_icon;
    int m_unreadInbox = 0;
    int m_unreadMentions = 0;
    bool m_loginNeeded = false;
    bool m_toldNoTray = false;
};

} // namespace ui
