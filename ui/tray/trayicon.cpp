// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tray/trayicon.h"

#include "core/logging.h"
#include "core/presence/presencemodel.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusServiceWatcher>
#include <QEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

#include <utility>

namespace ui {

namespace {

// The untranslated text rides along on the action, so that retranslateUi() can translate it again.
constexpr auto sourceTextProperty = "hu60SourceText";

QAction* addAction(QMenu* menu, const char* sourceText, const char* objectName)
{
    QAction* action = menu->addAction(sourceText ? TrayIcon::tr(sourceText) : QString());
    action->setObjectName(QString::fromLatin1(objectName));
    if (sourceText)
        action->setProperty(sourceTextProperty, QByteArray(sourceText));
    return action;
}

} // namespace

TrayIcon::TrayIcon(client::PushClient* pushClient, presence::PresenceModel* robots, QObject* parent)
    : QObject(parent)
    , m_client(pushClient)
    , m_menu(std::make_unique<QMenu>())
    , m_robots(robots)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_statusAction = addAction(m_menu.get(), nullptr, "statusAction");
    m_statusAction->setEnabled(false);
    m_loginAction = addAction(m_menu.get(), QT_TR_NOOP("Log in…"), "loginAction");
    m_loginAction->setVisible(false);
    connect(m_loginAction, &QAction::triggered, this, &TrayIcon::loginRequested);
    m_problemAction = addAction(m_menu.get(), QT_TR_NOOP("Connection problem…"), "networkProblemAction");
    m_problemAction->setVisible(false);
    connect(m_problemAction, &QAction::triggered, this, &TrayIcon::networkProblemRequested);
    m_menu->addSeparator();
    connect(addAction(m_menu.get(), QT_TR_NOOP("Open inbox"), "openInboxAction"), &QAction::triggered, this,
            &TrayIcon::inboxPageRequested);
    connect(addAction(m_menu.get(), QT_TR_NOOP("Open @ messages"), "openMentionsAction"), &QAction::triggered, this,
            &TrayIcon::mentionsPageRequested);
    m_robotsAction = addAction(m_menu.get(), nullptr, "robotsAction");
    connect(m_robotsAction, &QAction::triggered, this, &TrayIcon::robotsRequested);
    connect(addAction(m_menu.get(), QT_TR_NOOP("History…"), "historyAction"), &QAction::triggered, this,
            &TrayIcon::historyRequested);
    m_menu->addSeparator();

    m_dndMenu = m_menu->addMenu(tr("Do not disturb"));
    m_dndMenu->setObjectName(QStringLiteral("dndMenu"));
    const auto dnd = [this](const char* text, const char* name, DndChoice choice) {
        QAction* action = addAction(m_dndMenu, text, name);
        connect(action, &QAction::triggered, this, [this, choice] { emit doNotDisturbRequested(choice); });
        return action;
    };
    dnd(QT_TR_NOOP("For 1 hour"), "dndHourAction", DndChoice::OneHour);
    dnd(QT_TR_NOOP("Until tomorrow"), "dndTomorrowAction", DndChoice::UntilTomorrow);
    m_dndMenu->addSeparator();
    m_quietOn = dnd(QT_TR_NOOP("Quiet hours on"), "quietOnAction", DndChoice::QuietHoursOn);
    m_quietOff = dnd(QT_TR_NOOP("Quiet hours off"), "quietOffAction", DndChoice::QuietHoursOff);
    m_dndMenu->addSeparator();
    m_dndOff = dnd(QT_TR_NOOP("Off"), "dndOffAction", DndChoice::Off);
    connect(addAction(m_menu.get(), QT_TR_NOOP("Settings…"), "settingsAction"), &QAction::triggered, this,
            &TrayIcon::settingsRequested);
    m_reconnectAction = addAction(m_menu.get(), QT_TR_NOOP("Reconnect now"), "reconnectAction");
    connect(m_reconnectAction, &QAction::triggered, this, [this] {
        if (!m_client)
            return;
        // After a rejected session, "reconnect" means trying again from scratch (e.g. a sid fixed elsewhere).
        if (m_client->state() == client::PushClient::State::AuthRejected ||
            m_client->state() == client::PushClient::State::Idle)
            m_client->start();
        else
            m_client->reconnectNow();
    });
    m_menu->addSeparator();
    connect(addAction(m_menu.get(), QT_TR_NOOP("Quit"), "quitAction"), &QAction::triggered, this,
            &TrayIcon::quitRequested);

    if (m_robots) {
        connect(m_robots, &QAbstractItemModel::modelReset, this, &TrayIcon::updateRobotsAction);
        connect(m_robots, &QAbstractItemModel::rowsInserted, this, &TrayIcon::updateRobotsAction);
        connect(m_robots, &QAbstractItemModel::rowsRemoved, this, &TrayIcon::updateRobotsAction);
        connect(m_robots, &presence::PresenceModel::enabledChanged, this, &TrayIcon::updateRobotsAction);
    }
    updateRobotsAction();
    setDoNotDisturb(false, QString(), false);

    // The "retrying in N s" text counts down once a second, only while a retry is pending.
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &TrayIcon::updateState);
    if (m_client) {
        connect(m_client, &client::PushClient::stateChanged, this, &TrayIcon::updateState);
        // A refused connection (insecure URL) may leave the state unchanged: the reason still has to show.
        connect(m_client, &client::PushClient::failure, this, &TrayIcon::updateState);
    }

    m_countsDelay.setSingleShot(true);
    m_countsDelay.setInterval(100);
    connect(&m_countsDelay, &QTimer::timeout, this, [this] {
        if (!std::exchange(m_countsPending, false))
            return;
        updateState();
        m_countsDelay.start();
    });

    // GNOME without the AppIndicator extension has no tray, and a tray host can appear after we start.
    m_trayProbe.setSingleShot(true);
    m_trayProbe.setInterval(firstTrayProbeMs);
    connect(&m_trayProbe, &QTimer::timeout, this, [this] {
        m_trayProbe.setInterval(qMin(m_trayProbe.interval() * 2, maxTrayProbeMs));
        ensureTrayShown();
    });

    updateState();
    // The menu is a top-level widget, so it gets QEvent::LanguageChange when the language changes at run time.
    m_menu->installEventFilter(this);
    // After the constructor, so whoever owns us can connect trayUnavailable() first.
    QTimer::singleShot(0, this, &TrayIcon::ensureTrayShown);
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_menu.get() && event->type() == QEvent::LanguageChange)
        retranslateUi();
    return QObject::eventFilter(watched, event);
}

void TrayIcon::retranslateUi()
{
    const QList<QAction*> actions = m_menu->findChildren<QAction*>();
    for (QAction* action : actions) {
        const QByteArray source = action->property(sourceTextProperty).toByteArray();
        if (!source.isEmpty())
            action->setText(tr(source.constData()));
    }
    setDoNotDisturb(m_dndOff->isEnabled(), m_dndDescription, m_quietOff->isVisible());
    updateRobotsAction();
    updateState();
    // The owner's texts (the do-not-disturb description) follow.
    emit retranslated();
}

void TrayIcon::ensureTrayShown()
{
    if (m_tray)
        return;
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_toldNoTray) {
            qCInfo(lcUi) << "No system tray available; notifications still appear as popups. Waiting for a tray.";
            m_toldNoTray = true;
            emit trayUnavailable();
        }
        waitForTray();
        return;
    }
    m_trayProbe.stop();
    delete std::exchange(m_trayWatcher, nullptr);
    if (m_toldNoTray)
        qCInfo(lcUi) << "A system tray appeared; showing the status icon.";
    m_tray = new QSystemTrayIcon(m_icon, this);
    m_tray->setContextMenu(m_menu.get());
    m_tray->setToolTip(m_toolTip);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            emit activated();
    });
    m_tray->show();
}

void TrayIcon::waitForTray()
{
    // StatusNotifier hosts (KDE, GNOME's AppIndicator extension, most Wayland desktops) come with a watcher service
    // on the session bus: its registration is signalled, nothing to poll.
    if (!m_trayWatcher && qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")) {
        const QDBusConnection bus = QDBusConnection::sessionBus();
        if (bus.isConnected()) {
            m_trayWatcher = new QDBusServiceWatcher(QStringLiteral("org.kde.StatusNotifierWatcher"), bus,
                                                    QDBusServiceWatcher::WatchForRegistration, this);
            connect(m_trayWatcher, &QDBusServiceWatcher::serviceRegistered, this, &TrayIcon::ensureTrayShown);
        }
    }
    // An X11 XEmbed tray announces itself only to X clients: look now and then, less and less often. Other
    // platforms (offscreen, eglfs, Wayland without a StatusNotifier host) never get a tray this way.
    if (QGuiApplication::platformName() == u"xcb")
        m_trayProbe.start();
}

void TrayIcon::setUnreadCounts(int inbox, int mentions)
{
    m_unreadInbox = qMax(0, inbox);
    m_unreadMentions = qMax(0, mentions);
    // A burst changes the counts once per message: the first change shows at once, the rest at most once per
    // interval (each one redraws the badge and sends it to the tray host).
    if (m_countsDelay.isActive()) {
        m_countsPending = true;
        return;
    }
    updateState();
    m_countsDelay.start();
}

void TrayIcon::setLoginNeeded(bool needed)
{
    m_loginNeeded = needed;
    updateState();
}

void TrayIcon::setNetworkProblem(const QString& text)
{
    if (text == m_problem)
        return;
    m_problem = text;
    m_problemAction->setVisible(!text.isEmpty());
    updateState();
}

void TrayIcon::setDoNotDisturb(bool active, const QString& description, bool quietHours)
{
    m_dndDescription = description;
    m_dndMenu->setTitle(active ? tr("Do not disturb: %1").arg(description) : tr("Do not disturb"));
    m_dndOff->setEnabled(active);
    m_quietOn->setVisible(!quietHours);
    m_quietOff->setVisible(quietHours);
}

void TrayIcon::updateRobotsAction()
{
    const int count = m_robots ? m_robots->rowCount() : 0;
    if (!m_robots || !m_robots->isEnabled())
        m_robotsAction->setText(tr("Online robots (off)…"));
    else
        m_robotsAction->setText(tr("Online robots (%1)…").arg(count));
}

void TrayIcon::updateState()
{
    using State = client::PushClient::State;
    const State state = m_client ? m_client->state() : State::Idle;
    QString shortStatus;
    switch (state) {
    case State::Connected:
        shortStatus = tr("Online");
        m_status = tr("Online since %1").arg(m_client->connectedSince().toLocalTime().toString(u"HH:mm"));
        m_stateIcon = QStringLiteral("online");
        break;
    case State::Connecting:
        shortStatus = m_status = tr("Connecting…");
        m_stateIcon = QStringLiteral("connecting");
        break;
    case State::Reconnecting: {
        const qint64 seconds = (m_client->msUntilReconnect() + 999) / 1000;
        const QString since = m_client->offlineSince().toLocalTime().toString(u"HH:mm");
        shortStatus = tr("Offline");
        m_status = tr("Offline since %1, retrying in %2 s").arg(since).arg(qMax<qint64>(seconds, 0));
        m_stateIcon = QStringLiteral("offline");
        break;
    }
    case State::AuthRejected:
        shortStatus = m_status = tr("Login needed: the forum rejected the session");
        m_stateIcon = QStringLiteral("login-needed");
        break;
    case State::Idle:
        shortStatus = m_status = tr("Not connected");
        m_stateIcon = QStringLiteral("offline");
        break;
    }
    const auto failure = m_client ? m_client->lastFailure() : client::PushClient::Failure::None;
    if (state == State::Idle && failure == client::PushClient::Failure::Insecure) {
        shortStatus = tr("Not connected: unencrypted push address");
        m_status =
            tr("Not connected: the push address uses unencrypted ws://. Allow it in the settings or use wss://.");
        m_stateIcon = QStringLiteral("offline");
    } else if (state == State::Reconnecting && failure == client::PushClient::Failure::Tls) {
        shortStatus = tr("Certificate problem");
        m_status = tr("Certificate problem: the push server's certificate is not trusted, retrying in %1 s")
                       .arg(qMax<qint64>((m_client->msUntilReconnect() + 999) / 1000, 0));
    }
    if (m_loginNeeded && state != State::AuthRejected) {
        shortStatus = m_status = tr("Login needed: the forum says you are logged out");
        m_stateIcon = QStringLiteral("login-needed");
    }
    const bool loginNeeded = m_loginNeeded || state == State::AuthRejected;
    m_loginAction->setVisible(loginNeeded);
    m_reconnectAction->setEnabled(state != State::Connected && state != State::Connecting);
    if (state == State::Reconnecting)
        m_countdown.start();
    else
        m_countdown.stop();

    m_toolTip = tr("hu60 Notifier — %1").arg(shortStatus);
    if (unreadCount() > 0)
        m_toolTip += tr(" · %1 inbox, %2 @").arg(m_unreadInbox).arg(m_unreadMentions);
    if (!m_problem.isEmpty())
        m_toolTip += u'\n' + m_problem;
    m_statusAction->setText(m_status);
    updateIcon();
    if (m_tray)
        m_tray->setToolTip(m_toolTip);
}

void TrayIcon::updateIcon()
{
    const int count = unreadCount();
    const QString key = m_stateIcon + u'/' + (count > 99 ? QStringLiteral("99+") : QString::number(qMax(0, count)));
    if (key == m_iconKey)
        return;
    m_iconKey = key;
    m_icon = badged(QIcon(QStringLiteral(":/icons/%1.svg").arg(m_stateIcon)), count);
    if (m_tray)
        m_tray->setIcon(m_icon);
}

QIcon TrayIcon::badged(const QIcon& base, int count)
{
    if (count <= 0)
        return base;
    // Drawn at the sizes trays use; text that does not fit becomes "99+".
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = base.pixmap(size, size);
        if (pixmap.isNull())
            pixmap = QPixmap(size, size);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
        const qreal diameter = size * (text.size() > 2 ? 0.72 : 0.6);
        const QRectF badge(size - diameter, 0, diameter, diameter);
        painter.setPen(QPen(Qt::white, qMax(1.0, size / 24.0)));
        painter.setBrush(QColor(0xd9, 0x30, 0x25));
        painter.drawEllipse(badge.adjusted(0.5, 0.5, -0.5, -0.5));
        QFont font = QApplication::font();
        font.setBold(true);
        font.setPixelSize(qMax(6, int(diameter * (text.size() > 2 ? 0.42 : text.size() > 1 ? 0.55 : 0.7))));
        painter.setFont(font);
        painter.drawText(badge, Qt::AlignCenter, text);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace ui
