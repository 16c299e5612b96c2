// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/notifier.h"

#include "core/forum/userdirectory.h"
#include "core/logging.h"
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
    , m_popups(std::make_unique<PopupStack>())
    , m_tray(std::make_unique<TrayIcon>(pushClient, siteBase))
{
    m_renderOptions.siteBase = siteBase;
    m_renderOptions.userName = [users = m_users.get()](qint64 uid) { return users->name(uid); };
    connect(m_tray.get(), &TrayIcon::quitRequested, this, &Notifier::quitRequested);
    connect(m_client, &client::PushClient::messageReceived, this, &Notifier::onMessage);
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
