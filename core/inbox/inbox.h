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

#include <array>
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
/// Pushes get lost (spec/push-protocol.md §9 items 8 and 10), so pushes and the client's delivery anomalies also
/// start a *reconcile* once they settle: user.stat.json, and the unread lists only for a kind whose count differs
/// from the one known (a burst costs one or two requests); a second look follows a while after every `connected`.
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

    /// false (default): one "N new @ messages" summary; true: fetch the @ list (the forum marks them read), each
    /// mention reported exactly once even when a listing's answer is lost after the forum marked them read.
    void setFetchMentions(bool fetch);
    void setSiteBase(const QUrl& siteBase);

    bool fetchMentions() const { return m_fetchMentions; }
    /// user.stat.json is polled this often while connected (default 5 min; tests use less).
    void setPollInterval(std::chrono::milliseconds interval);
    /// First retry delay after a failed catch-up (doubles up to 5 min; a 429's Retry-After wins when longer).
    void setRetryDelay(std::chrono::milliseconds delay);
    /// Items per list page (1..1000, the forum's range).
    void setPageSize(int pageSize);
    /// A reconcile runs `settle` after the last push or anomaly, and at most `maxDelay` after the first of them
    /// (defaults 1.5 s and 5 s): a steady stream is still reconciled, at most once per `maxDelay`.
    void setReconcileDelays(std::chrono::milliseconds settle, std::chrono::milliseconds maxDelay);
    /// How late a message may become visible on the forum after one with a higher id (a transaction committing
    /// late; default 60 s): the catch-up's watermark lags this much behind what it saw, so that such a message is
    /// still found. 0: the watermark follows at once.
    void setLateCommitWindow(std::chrono::milliseconds window);
    /// The pause after every 40 pages of one run (default 10 s, the forum's rate-limit window).
    void setPagePause(std::chrono::milliseconds pause);
    /// The second look after a `connected`'s catch-up (default 2 s; 0 = none): a message pushed between the
    /// server's greeting and its registration of the connection is lost, and may not exist yet when the catch-up
    /// reads the counts.
    void setSecondLookDelay(std::chrono::milliseconds delay);

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
    /// Asks for a reconcile once things settle (see setReconcileDelays()); pushes and anomalies call it.
    void reconcileSoon();
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
    /// A catch-up ran to the end (every unread message seen); `notified` of them were new. A reconcile (see the
    /// class comment) reports only when it found messages the pushes had lost.
    void catchUpFinished(int notified);
    /// Messages notified earlier (`ids`, in the order found) that a catch-up found read: read on the forum, in a
    /// browser or another client. Marked read in the history before this is emitted. (The fetched @ list marks what
    /// it lists read itself: with setFetchMentions(true) only the count reaching 0 tells about @ messages.)
    void readElsewhere(const QList<qint64>& ids);

private:
    struct Run;
    void startRun(bool reconcile = false);
    void scheduleReconcile(std::chrono::milliseconds delay);
    /// Runs `next` now, or after the page pause when `done` pages (or rounds) completed a stretch; not at all when
    /// the run ended meanwhile.
    void paced(int done, std::function<void()> next);
    /// A complete run (begun at `runStartedAt`) saw every unread message of `type` up to `id`: moves the watermark,
    /// late (see setLateCommitWindow()).
    void advanceMark(int type, qint64 id, qint64 runStartedAt);
    void onReconcileTimer();
    void finishRun(bool ok);
    void onStat(const forum::Stat& stat);
    void fetchInboxPage(int page);
    void onInboxPage(int page, const forum::MessageList& list);
    /// After the inbox part of a run: the @ part, or the end.
    void catchUpMentions();
    void fetchMentionIds();
    /// setFetchMentions(true): the unread @ ids (no side effect), then the list (which marks them read), then
    /// recoverMentions().
    void fetchOwedMentions();
    void fetchMentionsList(int round);
    /// Looks for the owed @ messages (known unread, never listed: a lost answer) among all, read ones too.
    void recoverMentions(int page);
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
    QTimer m_reconcileTimer;
    QElapsedTimer m_reconcileSince; ///< valid while a reconcile is scheduled: since the first request of it
    std::chrono::milliseconds m_settleDelay{1500};
    std::chrono::milliseconds m_maxSettleDelay{5000};
    std::chrono::milliseconds m_secondLookDelay{2000};
    std::chrono::milliseconds m_lateCommitWindow{60'000};
    std::chrono::milliseconds m_pagePause{10'000};
    QElapsedTimer m_clock;
    quint64 m_runGeneration = 0;
    /// Watermarks seen by complete runs and not applied yet: (id, m_clock when seen), per type.
    std::array<std::deque<std::pair<qint64, qint64>>, 2> m_markCandidates;
    bool m_reconcileWanted = false; ///< asked for while a run was going: scheduled when it ends
    bool m_secondLookDue = false;   ///< the run that a `connected` started is followed by a second look
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
    /// setFetchMentions(true): @ ids seen unread on the forum and not notified yet, until a listing brings them
    /// (kept across a failed run: the listing's answer may have been lost after the forum marked them read).
    QSet<qint64> m_mentionsOwed;
    /// Messages notified and not known to be read (id -> type), for readElsewhere(); bounded, oldest dropped.
    QHash<qint64, int> m_notifiedUnread;
};

} // namespace inbox
