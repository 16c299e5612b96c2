// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/content.h"
#include "core/inbox/notification.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

namespace client {
class PushClient;
}
namespace protocol {
struct Msg;
}
namespace forum {
class ForumApi;
class UserDirectory;
struct Error;
struct ListedMessage;
struct MessageList;
struct Stat;
} // namespace forum

namespace inbox {

class HistoryStore;

/// The notification centre (ARCHITECTURE.md "inbox/"): turns pushes and catch-up results into Notifications,
/// exactly once per message id (dedupe through HistoryStore, across restarts), and keeps unread counts.
/// After every `connected`: user.stat.json, then the unread inbox list (no side effect) → each unread message
/// not yet notified; @ mentions per policy (count-only summary by default, or fetched). Also polls the counts
/// every few minutes while connected, and catches up at once after sleep/resume or a network change.
/// Never lose: every new message is recorded in the HistoryStore (seen + pending) before it is shown, and marked
/// presented right after notificationReady was emitted for it; what a crash left pending is presented again at
/// start (presentPending()). Pushes are deduplicated and recorded in batches (one transaction per event-loop
/// turn), so a burst costs one commit, not thousands; a burst is emitted in slices, one per event-loop turn.
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

    bool fetchMentions() const { return m_fetchMentions; }
    /// user.stat.json is polled this often while connected (default 5 min; tests use less).
    void setPollInterval(std::chrono::milliseconds interval);
    /// First retry delay after a failed catch-up (doubles up to 5 min; a 429's Retry-After wins when longer).
    void setRetryDelay(std::chrono::milliseconds delay);
    /// Items per list page (1..1000, the forum's range).
    void setPageSize(int pageSize);

    int unreadInbox() const { return m_unreadInbox; }
    int unreadMentions() const { return m_unreadMentions; }
    /// Our uid as the forum reported it (0 until the first user.stat.json answer).
    qint64 uid() const { return m_uid; }
    bool isCatchingUp() const { return m_running; }
    /// How messages are rendered (site, current user names): also for what is shown of them again later (history).
    content::RenderOptions renderOptions() const;

public Q_SLOTS:
    /// Runs user.stat + unread lists now (also called on `connected`, resume, network change).
    void catchUp();
    /// Marks read on the forum (api.msg.isread.set.json) and in the history.
    void markRead(qint64 id);
    /// Presents, once, what the history holds recorded but not presented (a crash or quit came in between).
    /// Runs by itself when the event loop starts after construction and before every catch-up.
    void presentPending();

Q_SIGNALS:
    /// A message to show (never twice for one id). Summaries have id 0. The history row is still pending while
    /// this is emitted; it is marked presented when the emission (of the whole batch) returned.
    void notificationReady(const inbox::Notification& notification);
    void unreadCountsChanged(int inbox, int mentions);
    /// Catch-up failed (sid-free text); the UI may show it.
    void catchUpFailed(const QString& description);
    /// The forum says the sid is not logged in.
    void loginNeeded();
    /// A catch-up ran to the end (every unread message seen); `notified` of them were new.
    void catchUpFinished(int notified);
    /// Messages notified earlier (`ids`, in the order found) that a catch-up found read: read on the forum, in a
    /// browser or another client. Marked read in the history before this is emitted. (The fetched @ list marks what
    /// it lists read itself: with setFetchMentions(true) only the count reaching 0 tells about @ messages.)
    void readElsewhere(const QList<qint64>& ids);

private:
    struct Run;
    void startRun();
    void finishRun(bool ok);
    void onStat(const forum::Stat& stat);
    void fetchInboxPage(int page);
    void onInboxPage(int page, const forum::MessageList& list);
    /// After the inbox part of a run: the @ part, or the end.
    void catchUpMentions();
    void fetchMentionIds();
    void fetchMentionsList(int round);
    void onRunError(const QString& step, const forum::Error& error);
    void onPush(const protocol::Msg& msg);
    void flushPushes();
    /// Records new items in the history (dedupe point); returns those not seen before, now in flight.
    QList<Notification> record(const QList<Notification>& candidates);
    /// Queues the given recorded items for drainOutbox() once their senders' names are known; `then` runs once
    /// all of them were emitted.
    void deliver(QList<Notification> notifications, std::function<void()> then = {});
    /// Renders and emits queued items, at most maxEmitsPerTurn per call, marking each slice presented after it.
    void drainOutbox();
    void renderSummary(Notification& summary) const;
    Notification fromListed(const forum::ListedMessage& message) const;
    bool isForSomeoneElse(qint64 touid, qint64 id);
    /// Of the messages of `type` notified before this run started, those not in `unread` are read elsewhere:
    /// all of them when `complete`, else those newer than `oldestListed` (the lists are newest first).
    void findReadElsewhere(int type, const QSet<qint64>& unread, bool complete, qint64 oldestListed = 0);
    void rememberNotified(const Notification& notification);
    QUrl mentionsPageUrl() const;

    std::unique_ptr<Run> m_run;
    bool m_running = false;
    bool m_again = false;
    qint64 m_uid = 0;
    int m_pageSize = 200;
    int m_failures = 0;
    std::chrono::milliseconds m_retryDelay{2000};
    QTimer m_retryTimer;
    QElapsedTimer m_foreignLogged;
    client::PushClient* m_client;
    forum::ForumApi* m_api;
    forum::UserDirectory* m_users;
    HistoryStore* m_history;
    int m_unreadInbox = 0;
    int m_unreadMentions = 0;
    bool m_fetchMentions = false;
    QUrl m_siteBase;
    QTimer m_pollTimer;
    /// Pushes of this event-loop turn, recorded together by flushPushes().
    QList<Notification> m_pushQueue;
    QTimer m_pushFlush;
    /// History keys recorded and not yet presented by this instance (presentPending() leaves them alone).
    QSet<qint64> m_inFlight;
    struct Outgoing
    {
        QList<Notification> notifications;
        qsizetype next = 0; ///< the first one not emitted yet
        std::function<void()> then;
    };
    std::deque<Outgoing> m_outbox;
    QTimer m_drainTimer;
    bool m_draining = false;
    /// Messages notified and not known to be read (id -> type), for readElsewhere(); bounded, oldest dropped.
    QHash<qint64, int> m_notifiedUnread;
};

} // namespace inbox
