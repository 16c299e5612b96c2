// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QObject>
#include <QTimer>

namespace client {
class PushClient;
}
namespace forum {
class ForumApi;
class UserDirectory;
} // namespace forum

namespace inbox {

class HistoryStore;

/// The notification centre (ARCHITECTURE.md "inbox/"): turns pushes and catch-up results into Notifications,
/// exactly once per message id (dedupe through HistoryStore, across restarts), and keeps unread counts.
/// After every `connected`: user.stat.json, then the unread inbox list (no side effect) → each unread message
/// not yet notified; @ mentions per policy (count-only summary by default, or fetched). Also polls the counts
/// every few minutes while connected, and catches up at once after sleep/resume or a network change.
/// Does not decide presentation (do-not-disturb, muting, popups): that is NotificationPolicy / ui.
/// Owned by the app's controller or the listen command; does not own the client, API or store.
class Inbox : public QObject
{
    Q_OBJECT

public:
    Inbox(client::PushClient* pushClient, forum::ForumApi* api, forum::UserDirectory* users, HistoryStore* history,
          QObject* parent = nullptr);
    ~Inbox() override;

    /// false (default): one "N new @ messages" summary; true: fetch the @ list (the forum marks them read).
    void setFetchMentions(bool fetch);
    void setSiteBase(const QUrl& siteBase);

    int unreadInbox() const { return m_unreadInbox; }
    int unreadMentions() const { return m_unreadMentions; }

public Q_SLOTS:
    /// Runs user.stat + unread lists now (also called on `connected`, resume, network change).
    void catchUp();
    /// Marks read on the forum (api.msg.isread.set.json) and in the history.
    void markRead(qint64 id);

Q_SIGNALS:
    /// A message to show (never twice for one id). Summaries have id 0.
    void notificationReady(const inbox::Notification& notification);
    void unreadCountsChanged(int inbox, int mentions);
    /// Catch-up failed (sid-free text); the UI may show it.
    void catchUpFailed(const QString& description);
    /// The forum says the sid is not logged in.
    void loginNeeded();

private:
    client::PushClient* m_client;
    forum::ForumApi* m_api;
    forum::UserDirectory* m_users;
    HistoryStore* m_history;
    int m_unreadInbox = 0;
    int m_unreadMentions = 0;
    bool m_fetchMentions = false;
    QUrl m_siteBase;
    QTimer m_pollTimer;
};

} // namespace inbox
