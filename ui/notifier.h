// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/client/pushclient.h"
#include "core/content/content.h"

#include <QObject>

#include <memory>

namespace presence {
class PresenceModel;
}

namespace forum {
class ForumApi;
class UserDirectory;
} // namespace forum

namespace ui {

class PopupStack;
class TrayIcon;
struct PopupContent;

/// Presents pushes to the user: each new message becomes a popup (sender names resolved first, briefly), the
/// tray reflects the connection. Owned by the app's tray mode; does not own the client or the forum API.
class Notifier : public QObject
{
    Q_OBJECT

public:
    Notifier(client::PushClient* pushClient, forum::ForumApi* api, const QUrl& siteBase, QObject* parent = nullptr);
    ~Notifier() override;

    TrayIcon* trayIcon() const { return m_tray.get(); }
    PopupStack* popups() const { return m_popups.get(); }
    forum::UserDirectory* users() const { return m_users.get(); }
    presence::PresenceModel* robots() const { return m_robots.get(); }

    /// Builds what a popup shows for a message (exposed for tests).
    PopupContent popupFor(const protocol::Msg& msg) const;

Q_SIGNALS:
    void quitRequested();
    void popupShown(qint64 msgId);

private:
    void onMessage(const protocol::Msg& msg);
    void resolveRobotNames();

    client::PushClient* m_client;
    forum::ForumApi* m_api;
    content::RenderOptions m_renderOptions;
    std::unique_ptr<forum::UserDirectory> m_users;
    std::unique_ptr<presence::PresenceModel> m_robots;
    std::unique_ptr<PopupStack> m_popups;
    std::unique_ptr<TrayIcon> m_tray;
};

} // namespace ui
