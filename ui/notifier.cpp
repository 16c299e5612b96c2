// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/notifier.h"

#include "core/forum/userdirectory.h"
#include "core/logging.h"
#include "core/presence/presencemodel.h"
#include "ui/popup/notificationpopup.h"
#include "ui/tray/trayicon.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ui {

namespace {

// The uids a message names: its sender and, for mentions, the mentioner of the atMsg segment.
QList<qint64> uidsOf(const protocol::Msg& msg)
{
    QList<qint64> uids{msg.byuid};
    const QJsonArray segments = QJsonDocument::fromJson(msg.content.toUtf8()).array();
    for (const QJsonValue& segment : segments) {
        const QJsonObject o = segment.toObject();
        if (o.value(u"type").toString() == u"atMsg" && o.value(u"uid").isDouble())
            uids.append(o.value(u"uid").toInteger());
    }
    return uids;
}

} // namespace

Notifier::Notifier(client::PushClient* pushClient, forum::ForumApi* api, const QUrl& siteBase, QObject* parent)
    : QObject(parent)
    , m_client(pushClient)
    , m_api(api)
    , m_users(std::make_unique<forum::UserDirectory>(api))
    , m_robots(std::make_unique<presence::PresenceModel>())
    , m_popups(std::make_unique<PopupStack>())
    , m_tray(std::make_unique<TrayIcon>(pushClient, m_robots.get(), siteBase))
{
    m_renderOptions.siteBase = siteBase;
    m_renderOptions.userName = [users = m_users.get()](qint64 uid) { return users->name(uid); };
    connect(m_tray.get(), &TrayIcon::quitRequested, this, &Notifier::quitRequested);
    connect(m_client, &client::PushClient::messageReceived, this, &Notifier::onMessage);

    presence::PresenceModel* robots = m_robots.get();
    robots->setEnabled(m_client->presenceWanted());
    connect(m_client, &client::PushClient::onlineListReceived, robots, &presence::PresenceModel::setOnlineList);
    connect(m_client, &client::PushClient::robotOnline, robots,
            [robots](const protocol::Presence& p) { robots->setCount(p.uid, p.count); });
    connect(m_client, &client::PushClient::robotOffline, robots,
            [robots](const protocol::Presence& p) { robots->setCount(p.uid, p.count); });
    // Without a connection the list is unknown; the next lsol after reconnecting refills it.
    connect(m_client, &client::PushClient::stateChanged, robots, [robots](client::PushClient::State state) {
        if (state != client::PushClient::State::Connected)
            robots->clear();
    });
    connect(robots, &QAbstractItemModel::rowsInserted, this, &Notifier::resolveRobotNames);
    connect(robots, &QAbstractItemModel::modelReset, this, &Notifier::resolveRobotNames);
    connect(m_users.get(), &forum::UserDirectory::userResolved, robots,
            [this](qint64 uid) { m_robots->setName(uid, m_users->name(uid)); });
}

void Notifier::resolveRobotNames()
{
    const QList<qint64> uids = m_robots->uids();
    m_users->resolve(uids, 5000, this, [this, uids] {
        for (qint64 uid : uids)
            m_robots->setName(uid, m_users->name(uid));
    });
}

Notifier::~Notifier() = default;

PopupContent Notifier::popupFor(const protocol::Msg& msg) const
{
    const content::Rendered rendered = content::renderContent(msg.content, msg.id, msg.type, m_renderOptions);
    QString sender = m_users->name(msg.byuid);
    if (sender.isEmpty())
        sender = tr("User #%1").arg(msg.byuid);
    PopupContent popup;
    popup.title = msg.type == 1 ? tr("%1 mentioned you").arg(sender) : tr("Message from %1").arg(sender);
    popup.html = rendered.html;
    popup.url = rendered.url;
    popup.time = QDateTime::currentDateTime();
    popup.mention = msg.type == 1;
    return popup;
}

void Notifier::onMessage(const protocol::Msg& msg)
{
    // Names make a notification readable; wait for them briefly, never long.
    m_users->resolve(uidsOf(msg), 1500, this, [this, msg] {
        m_popups->show(popupFor(msg));
        emit popupShown(msg.id);
    });
}

} // namespace ui
