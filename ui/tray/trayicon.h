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
class QMenu;
class QSystemTrayIcon;

namespace presence {
class PresenceModel;
}

namespace ui {

/// The status icon: shows the push connection's state (connecting, online, offline/retrying, login needed)
/// with a tooltip, and a menu to open the forum's message pages, reconnect and quit. Works without a system
/// tray too (it says so once, and picks the tray up when one appears). Owned by the app's tray mode.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    TrayIcon(client::PushClient* pushClient, presence::PresenceModel* robots, const QUrl& siteBase,
             QObject* parent = nullptr);
    ~TrayIcon() override;

    QMenu* menu() const { return m_menu.get(); }
    QString toolTip() const { return m_toolTip; }
    QIcon icon() const { return m_icon; }

Q_SIGNALS:
    void quitRequested();

private:
    void updateState();
    void ensureTrayShown();
    void openPage(const QString& page);
    void rebuildRobotsMenu();

    QPointer<client::PushClient> m_client;
    QUrl m_siteBase;
    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon* m_tray = nullptr;
    QPointer<presence::PresenceModel> m_robots;
    QAction* m_statusAction = nullptr;
    QMenu* m_robotsMenu = nullptr;
    QTimer m_countdown;
    QTimer m_trayProbe;
    QString m_toolTip;
    QIcon m_icon;
    bool m_toldNoTray = false;
};

} // namespace ui
