// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tray/trayicon.h"

#include "core/content/content.h"
#include "core/logging.h"
#include "core/presence/presencemodel.h"

#include <QApplication>
#include <QDesktopServices>
#include <QMenu>
#include <QSystemTrayIcon>

namespace ui {

TrayIcon::TrayIcon(client::PushClient* pushClient, presence::PresenceModel* robots, const QUrl& siteBase,
                   QObject* parent)
    : QObject(parent)
    , m_client(pushClient)
    , m_siteBase(siteBase)
    , m_menu(std::make_unique<QMenu>())
    , m_robots(robots)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_statusAction = m_menu->addAction(QString());
    m_statusAction->setObjectName(QStringLiteral("statusAction"));
    m_statusAction->setEnabled(false);
    m_menu->addSeparator();
    QAction* inbox = m_menu->addAction(tr("Open inbox"));
    inbox->setObjectName(QStringLiteral("openInboxAction"));
    connect(inbox, &QAction::triggered, this, [this] { openPage(QStringLiteral("msg.index.inbox.html")); });
    QAction* mentions = m_menu->addAction(tr("Open @ messages"));
    mentions->setObjectName(QStringLiteral("openMentionsAction"));
    connect(mentions, &QAction::triggered, this, [this] { openPage(QStringLiteral("msg.index.@.html")); });
    m_robotsMenu = m_menu->addMenu(tr("Online robots"));
    m_robotsMenu->setObjectName(QStringLiteral("robotsMenu"));
    if (m_robots) {
        connect(m_robots, &QAbstractItemModel::modelReset, this, &TrayIcon::rebuildRobotsMenu);
        connect(m_robots, &QAbstractItemModel::rowsInserted, this, &TrayIcon::rebuildRobotsMenu);
        connect(m_robots, &QAbstractItemModel::rowsRemoved, this, &TrayIcon::rebuildRobotsMenu);
        connect(m_robots, &QAbstractItemModel::dataChanged, this, &TrayIcon::rebuildRobotsMenu);
    }
    rebuildRobotsMenu();
    m_menu->addSeparator();
    QAction* reconnect = m_menu->addAction(tr("Reconnect now"));
    reconnect->setObjectName(QStringLiteral("reconnectAction"));
    connect(reconnect, &QAction::triggered, this, [this] {
        if (m_client)
            m_client->reconnectNow();
    });
    QAction* quit = m_menu->addAction(tr("Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);

    // The "retrying in N s" text counts down once a second, only while a retry is pending.
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &TrayIcon::updateState);
    connect(m_client, &client::PushClient::stateChanged, this, &TrayIcon::updateState);

    // GNOME without the AppIndicator extension has no tray, and a tray host can appear after we start.
    m_trayProbe.setInterval(5000);
    connect(&m_trayProbe, &QTimer::timeout, this, &TrayIcon::ensureTrayShown);

    updateState();
    ensureTrayShown();
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::ensureTrayShown()
{
    if (m_tray)
        return;
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_toldNoTray) {
            qCInfo(lcUi) << "No system tray available; notifications still appear as popups. Waiting for a tray.";
            m_toldNoTray = true;
        }
        m_trayProbe.start();
        return;
    }
    m_trayProbe.stop();
    m_tray = new QSystemTrayIcon(m_icon, this);
    m_tray->setContextMenu(m_menu.get());
    m_tray->setToolTip(m_toolTip);
    m_tray->show();
}

void TrayIcon::updateState()
{
    using State = client::PushClient::State;
    const State state = m_client ? m_client->state() : State::Idle;
    QString status;
    QString iconName;
    switch (state) {
    case State::Connected:
        status = tr("Online since %1").arg(m_client->connectedSince().toLocalTime().toString(u"HH:mm"));
        iconName = QStringLiteral("online");
        break;
    case State::Connecting:
        status = tr("Connecting…");
        iconName = QStringLiteral("connecting");
        break;
    case State::Reconnecting: {
        const qint64 seconds = (m_client->msUntilReconnect() + 999) / 1000;
        const QString since = m_client->offlineSince().toLocalTime().toString(u"HH:mm");
        status = tr("Offline since %1, retrying in %2 s").arg(since).arg(qMax<qint64>(seconds, 0));
        iconName = QStringLiteral("offline");
        break;
    }
    case State::AuthRejected:
        status = tr("Login needed: the forum rejected the session");
        iconName = QStringLiteral("login-needed");
        break;
    case State::Idle:
        status = tr("Not connected");
        iconName = QStringLiteral("offline");
        break;
    }
    if (state == State::Reconnecting)
        m_countdown.start();
    else
        m_countdown.stop();

    m_toolTip = tr("hu60 Notifier — %1").arg(status);
    m_icon = QIcon(QStringLiteral(":/icons/%1.svg").arg(iconName));
    m_statusAction->setText(status);
    if (m_tray) {
        m_tray->setIcon(m_icon);
        m_tray->setToolTip(m_toolTip);
    }
}

void TrayIcon::rebuildRobotsMenu()
{
    m_robotsMenu->clear();
    const int count = m_robots ? m_robots->rowCount() : 0;
    m_robotsMenu->setTitle(tr("Online robots (%1)").arg(count));
    if (!m_robots || !m_robots->isEnabled()) {
        m_robotsMenu->addAction(tr("Robot presence is turned off"))->setEnabled(false);
        return;
    }
    if (count == 0) {
        m_robotsMenu->addAction(tr("No robot is online"))->setEnabled(false);
        return;
    }
    for (int row = 0; row < count; ++row) {
        const QModelIndex index = m_robots->index(row);
        const qint64 uid = index.data(presence::PresenceModel::UidRole).toLongLong();
        QAction* action = m_robotsMenu->addAction(index.data().toString());
        connect(action, &QAction::triggered, this,
                [this, uid] { QDesktopServices::openUrl(content::userUrl(uid, m_siteBase)); });
    }
}

void TrayIcon::openPage(const QString& page)
{
    QDesktopServices::openUrl(content::pageUrl(page, m_siteBase));
}

} // namespace ui
