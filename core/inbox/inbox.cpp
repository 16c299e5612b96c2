// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inbox/inbox.h"

#include "core/client/pushclient.h"
#include "core/content/content.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/logging.h"
#include "core/protocol/event.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace inbox {

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr milliseconds defaultPollInterval = 5min;
constexpr milliseconds maxRetryDelay = 5min;
/// A run reads at most this many pages in a row, then waits setPagePause() (the forum allows 50 requests per 10 s,
/// forum-api §10), so that a backlog of any depth is read in one run, and its watermark moves.
constexpr int pagesPerStretch = 40;
/// Beyond this many pages (400 000 messages at the default page size) the rest waits for the next run.
constexpr int maxInboxPages = 2000;
/// Rounds of "fetch page 1 of the unread @ list" (each round marks the listed ones read on the forum).
constexpr int maxMentionRounds = 2000;
/// How long a notification may wait for its sender's name before it is shown with the uid instead.
constexpr int nameTimeoutMs = 1500;
constexpr auto foreignLogInterval = 10s;
/// A burst is shown this many notifications per event-loop turn (the UI thread gets a turn in between).
constexpr int maxEmitsPerTurn = 100;
/// api.msg.isread.get answers at most this many ids.
constexpr int maxUnreadIds = 1000;
/// Notified messages remembered for readElsewhere(); beyond this (plus a slack, pruned at once) the oldest go.
constexpr int maxRemembered = 5000;
constexpr int rememberedSlack = 1000;

} // namespace

/// State of one catch-up run. Everything marked seen during the run is in `fresh` and delivered when the run
/// ends, successfully or not, so that a failure half-way never swallows a message.
struct Inbox::Run
{
    QList<Notification> fresh;
    std::optional<Notification> summary;
    qint64 maxInboxId = 0;
    bool inboxComplete = false;
    /// What had been notified (and not known read) when the run began: the messages this run can find read. Later
    /// ones may be newer than the lists the run fetched.
    QHash<qint64, int> notifiedBefore;
    /// A reconcile (after pushes or anomalies): lists only the kinds whose count differs from the one known.
    bool reconcile = false;
    qint64 startedAt = 0; ///< Inbox::m_clock when the run began
    quint64 generation = 0;
    bool mentionsWanted = true;
    QSet<qint64> unreadInbox;     ///< type-0 ids the unread inbox pages listed
    qint64 oldestListedInbox = 0; ///< the lowest id they listed (0: none)
};

Inbox::Inbox(client::PushClient* pushClient, forum::ForumApi* api, forum::UserDirectory* users, HistoryStore* history,
             QObject* parent)
    : QObject(parent)
    , m_client(pushClient)
    , m_api(api)
    , m_users(users)
    , m_history(history)
    , m_siteBase(api ? api->siteBase() : QUrl(QStringLiteral("https://hu60.cn")))
{
    Q_ASSERT(m_api && m_history);
    m_pollTimer.setInterval(defaultPollInterval);
    connect(&m_pollTimer, &QTimer::timeout, this, &Inbox::catchUp);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Inbox::catchUp);
    m_pushFlush.setSingleShot(true);
    m_pushFlush.setInterval(0);
    connect(&m_pushFlush, &QTimer::timeout, this, &Inbox::flushPushes);
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(0);
    connect(&m_drainTimer, &QTimer::timeout, this, &Inbox::drainOutbox);
    m_reconcileTimer.setSingleShot(true);
    connect(&m_reconcileTimer, &QTimer::timeout, this, &Inbox::onReconcileTimer);
    m_clock.start();
    // Once the owner has connected its slots and the event loop runs: what a crash left unpresented.
    QTimer::singleShot(0, this, &Inbox::presentPending);
    if (m_client) {
        connect(m_client, &client::PushClient::connected, this, [this] {
            m_secondLookDue = m_secondLookDelay > 0ms;
            catchUp();
        });
        connect(m_client, &client::PushClient::deliveryAnomaly, this, [this](client::PushClient::Anomaly kind) {
            qCDebug(lcInbox) << "delivery anomaly" << kind << "- reconciling soon";
            reconcileSoon();
        });
        // A resume normally reconnects (and `connected` catches up); a connection that survived is checked here.
        connect(m_client, &client::PushClient::resumed, this, [this] {
            if (m_client->state() == client::PushClient::State::Connected)
                catchUp();
        });
        connect(m_client, &client::PushClient::messageReceived, this, &Inbox::onPush);
        connect(m_client, &client::PushClient::stateChanged, this, [this](client::PushClient::State state) {
            if (state == client::PushClient::State::Connected) {
                m_pollTimer.start();
            } else {
                // Nothing to poll for while offline: the next `connected` catches up anyway.
                m_pollTimer.stop();
                m_retryTimer.stop();
                m_reconcileTimer.stop();
                m_reconcileSince.invalidate();
                m_reconcileWanted = false;
            }
        });
    }
}

Inbox::~Inbox() = default;

void Inbox::setFetchMentions(bool fetch)
{
    m_fetchMentions = fetch;
}

void Inbox::setSiteBase(const QUrl& siteBase)
{
    m_siteBase = siteBase;
}

void Inbox::setPollInterval(milliseconds interval)
{
    m_pollTimer.setInterval(std::max(interval, 10ms));
}

void Inbox::setRetryDelay(milliseconds delay)
{
    m_retryDelay = std::max(delay, 1ms);
}

void Inbox::setPageSize(int pageSize)
{
    m_pageSize = std::clamp(pageSize, 1, 1000);
}

void Inbox::setReconcileDelays(milliseconds settle, milliseconds maxDelay)
{
    m_settleDelay = std::max(settle, 0ms);
    m_maxSettleDelay = std::max(maxDelay, m_settleDelay);
}

void Inbox::setSecondLookDelay(milliseconds delay)
{
    m_secondLookDelay = std::max(delay, 0ms);
}

void Inbox::setLateCommitWindow(milliseconds window)
{
    m_lateCommitWindow = std::max(window, 0ms);
}

void Inbox::setPagePause(milliseconds pause)
{
    m_pagePause = std::max(pause, 0ms);
}

void Inbox::paced(int done, std::function<void()> next)
{
    if (done <= 0 || done % pagesPerStretch != 0) {
        next();
        return;
    }
    qCDebug(lcInbox) << done << "pages read: pausing for the forum's rate limit";
    QTimer::singleShot(m_pagePause, this, [this, generation = m_run->generation, next = std::move(next)] {
        if (m_run && m_run->generation == generation)
            next();
    });
}

void Inbox::advanceMark(int type, qint64 id, qint64 runStartedAt)
{
    // A complete run saw every unread message up to `id`, yet one with a lower id may become visible later (its
    // transaction committed late). So the mark moves to `id` only once another complete run, started
    // m_lateCommitWindow later, has read the lists as well; until then those ids are read again (dedupe absorbs it).
    std::deque<std::pair<qint64, qint64>>& candidates = m_markCandidates.at(type);
    const qint64 now = m_clock.elapsed();
    const qint64 window = m_lateCommitWindow.count();
    while (!candidates.empty() && runStartedAt - candidates.front().second >= window) {
        m_history->setCatchUpMark(type, std::max(m_history->catchUpMark(type), candidates.front().first));
        candidates.pop_front();
    }
    if (id <= m_history->catchUpMark(type) || (!candidates.empty() && id <= candidates.back().first))
        return;
    if (window == 0)
        m_history->setCatchUpMark(type, id);
    else
        candidates.emplace_back(id, now);
}

void Inbox::reconcileSoon()
{
    scheduleReconcile(m_settleDelay);
}

void Inbox::scheduleReconcile(milliseconds delay)
{
    // Debounced: each request moves it to `delay` from now, but never later than m_maxSettleDelay after the first.
    if (!m_reconcileSince.isValid())
        m_reconcileSince.start();
    const milliseconds left = m_maxSettleDelay - milliseconds(m_reconcileSince.elapsed());
    m_reconcileTimer.start(std::clamp(std::min(delay, left), 0ms, m_maxSettleDelay));
}

void Inbox::onReconcileTimer()
{
    m_reconcileSince.invalidate();
    if (m_client && m_client->state() != client::PushClient::State::Connected)
        return; // the next `connected` catches up anyway
    if (m_retryTimer.isActive())
        return; // a failed (or rate-limited) run is retried then, in full: that covers this too
    if (m_running) {
        m_reconcileWanted = true; // the run may have read the counts before what asked for this
        return;
    }
    startRun(true);
}

void Inbox::catchUp()
{
    if (m_running) {
        // One run at a time; whatever happened meanwhile (a reconnect, a poll) is covered by one more run.
        m_again = true;
        return;
    }
    startRun();
}

void Inbox::startRun(bool reconcile)
{
    presentPending();
    m_running = true;
    m_again = false;
    m_retryTimer.stop();
    // This run reads the counts after whatever asked for a reconcile until now: it covers that.
    m_reconcileTimer.stop();
    m_reconcileSince.invalidate();
    m_reconcileWanted = false;
    m_run = std::make_unique<Run>();
    m_run->reconcile = reconcile;
    m_run->startedAt = m_clock.elapsed();
    m_run->generation = ++m_runGeneration;
    m_run->notifiedBefore = m_notifiedUnread;
    m_api->fetchStat(this, [this](const std::optional<forum::Stat>& stat, const forum::Error& error) {
        if (!stat) {
            onRunError(QStringLiteral("user.stat"), error);
            return;
        }
        onStat(*stat);
    });
}

void Inbox::onStat(const forum::Stat& stat)
{
    if (!stat.isLogin) {
        finishRun(false);
        emit loginNeeded();
        return;
    }
    m_uid = stat.uid;
    // What the pushes and earlier runs made of the counts: a reconcile lists only a kind where the forum differs.
    const bool inboxAgrees = stat.newMsg == m_unreadInbox;
    const bool mentionsAgree = stat.newAtInfo == m_unreadMentions;
    if (stat.newMsg != m_unreadInbox || stat.newAtInfo != m_unreadMentions) {
        m_unreadInbox = stat.newMsg;
        m_unreadMentions = stat.newAtInfo;
        emit unreadCountsChanged(m_unreadInbox, m_unreadMentions);
    }
    // Nothing unread of a kind: whatever was notified of it has been read.
    if (stat.newMsg == 0)
        findReadElsewhere(0, {}, true);
    if (stat.newAtInfo == 0)
        findReadElsewhere(1, {}, true);
    if (m_run->reconcile) {
        m_run->mentionsWanted = !mentionsAgree;
        if (inboxAgrees) {
            qCDebug(lcInbox) << "reconcile: inbox count agrees" << stat.newMsg << "mentions" << stat.newAtInfo;
            catchUpMentions(); // the watermark stays: the inbox was not read
            return;
        }
    }
    if (stat.newMsg > 0) {
        fetchInboxPage(1);
    } else {
        m_run->inboxComplete = true;
        catchUpMentions();
    }
}

void Inbox::fetchInboxPage(int page)
{
    m_api->fetchUnreadPage(0, m_pageSize, page, this,
                           [this, page](const std::optional<forum::MessageList>& list, const forum::Error& error) {
                               if (!list) {
                                   onRunError(QStringLiteral("unread inbox"), error);
                                   return;
                               }
                               onInboxPage(page, *list);
                           });
}

void Inbox::onInboxPage(int page, const forum::MessageList& list)
{
    // Below the watermark a complete earlier run saw every unread message, and ids only grow: nothing to do there.
    const qint64 mark = m_history->catchUpMark(0);
    bool allOld = !list.messages.isEmpty();
    QList<Notification> candidates;
    for (const forum::ListedMessage& message : list.messages) {
        m_run->maxInboxId = std::max(m_run->maxInboxId, message.id);
        if (message.type == 0 && message.isread == 0) {
            m_run->unreadInbox.insert(message.id);
            if (m_run->oldestListedInbox == 0 || message.id < m_run->oldestListedInbox)
                m_run->oldestListedInbox = message.id;
        }
        if (message.id <= mark)
            continue;
        allOld = false;
        if (message.type != 0 || message.isread != 0 || isForSomeoneElse(message.touid, message.id))
            continue;
        if (m_users && message.byuid != 0 && !message.byName.isEmpty())
            m_users->insert(forum::UserInfo{message.byuid, message.byName, {}});
        candidates.append(fromListed(message));
    }
    m_run->fresh.append(record(candidates));
    // Pages shift while we read (new messages push items down): an item may show up twice, which dedupe
    // absorbs, but none is skipped.
    if (!allOld && list.currPage < list.maxPage && page < maxInboxPages) {
        paced(page, [this, page] { fetchInboxPage(page + 1); });
        return;
    }
    m_run->inboxComplete = allOld || list.currPage >= list.maxPage;
    // Pages not fetched (below a watermark, past the page limit) hold only older messages than those listed.
    const bool listedAll = list.currPage >= list.maxPage;
    findReadElsewhere(0, m_run->unreadInbox, listedAll, m_run->oldestListedInbox);
    bool olderNotified = false;
    for (auto it = m_run->notifiedBefore.cbegin(); it != m_run->notifiedBefore.cend() && !olderNotified; ++it)
        olderNotified = it.value() == 0 && it.key() < m_run->oldestListedInbox && m_notifiedUnread.contains(it.key());
    // (Not for a reconcile: it is about messages that may be missing, not about old ones read meanwhile.)
    if (listedAll || !olderNotified || m_run->reconcile) {
        catchUpMentions();
        return;
    }
    // Messages notified before, older than the pages read: their state comes from the ids of every unread inbox
    // message (one request, no side effect; a failure only leaves them as they are).
    m_api->fetchUnreadIds(0, this, [this](const std::optional<QList<qint64>>& ids, const forum::Error& error) {
        if (!m_run)
            return;
        if (ids) {
            findReadElsewhere(0, QSet<qint64>(ids->cbegin(), ids->cend()), ids->size() < maxUnreadIds,
                              ids->isEmpty() ? 0 : *std::min_element(ids->begin(), ids->end()));
        } else {
            qCInfo(lcInbox).noquote() << "unread inbox ids unavailable:" << error.message;
        }
        catchUpMentions();
    });
}

void Inbox::catchUpMentions()
{
    const bool wanted = m_unreadMentions > 0 && m_run->mentionsWanted;
    if (m_fetchMentions && m_mentionsOwed.isEmpty())
        m_mentionsOwed = m_history->owedMentions(); // what a process that died before finding them left
    if (m_fetchMentions && (wanted || !m_mentionsOwed.isEmpty()))
        fetchOwedMentions();
    else if (wanted)
        fetchMentionIds();
    else
        finishRun(true);
}

void Inbox::fetchOwedMentions()
{
    // Listing unread @ messages marks them read. If the answer is lost after the forum handled the listing, a retry
    // lists nothing: so the unread ids are read first (no side effect), and whatever of them no listing brought is
    // looked for among the read ones afterwards (recoverMentions()).
    if (m_unreadMentions == 0) {
        recoverMentions(1); // only the ones owed from an earlier run
        return;
    }
    m_api->fetchUnreadIds(1, this, [this](const std::optional<QList<qint64>>& ids, const forum::Error& error) {
        if (!ids) {
            onRunError(QStringLiteral("unread @ ids"), error);
            return;
        }
        for (qint64 id : *ids) {
            if (!m_history->isSeen(id))
                m_mentionsOwed.insert(id);
        }
        // Stored before the listing marks them read: a crash from here on still knows what to look for.
        m_history->setOwedMentions(m_mentionsOwed);
        fetchMentionsList(0);
    });
}

void Inbox::recoverMentions(int page)
{
    m_history->setOwedMentions(m_mentionsOwed); // what the listing brought is no longer owed
    if (m_mentionsOwed.isEmpty()) {
        finishRun(true);
        return;
    }
    m_api->fetchMentionsPage(
        m_pageSize, page, this, [this, page](const std::optional<forum::MessageList>& list, const forum::Error& error) {
            if (!list) {
                onRunError(QStringLiteral("@ list"), error);
                return;
            }
            qint64 oldestListed = 0;
            QList<Notification> candidates;
            for (const forum::ListedMessage& message : list->messages) {
                oldestListed = oldestListed == 0 ? message.id : std::min(oldestListed, message.id);
                if (message.type != 1 || !m_mentionsOwed.remove(message.id) ||
                    isForSomeoneElse(message.touid, message.id))
                    continue;
                candidates.append(fromListed(message));
            }
            const QList<Notification> fresh = record(candidates);
            if (!fresh.isEmpty())
                qCInfo(lcInbox) << "recovered" << fresh.size() << "@ message(s) a lost answer had marked read";
            m_run->fresh.append(fresh);
            // Newest first: once the page reaches below the oldest one owed, it is not further down either.
            const qint64 lowestOwed =
                m_mentionsOwed.isEmpty() ? 0 : *std::min_element(m_mentionsOwed.cbegin(), m_mentionsOwed.cend());
            if (!m_mentionsOwed.isEmpty() && list->currPage < list->maxPage && oldestListed > lowestOwed &&
                page < maxInboxPages) {
                paced(page, [this, page] { recoverMentions(page + 1); });
                return;
            }
            if (!m_mentionsOwed.isEmpty()) {
                qCInfo(lcInbox) << m_mentionsOwed.size() << "@ message(s) once unread are gone from the forum";
                m_mentionsOwed.clear();
            }
            m_history->setOwedMentions(m_mentionsOwed);
            finishRun(true);
        });
}

void Inbox::fetchMentionIds()
{
    // Listing unread @ messages marks them read on the forum, so by default only their ids are read (no side
    // effect) and announced as one summary: the user opens the @ page when they want to.
    m_api->fetchUnreadIds(1, this, [this](const std::optional<QList<qint64>>& ids, const forum::Error& error) {
        if (!ids) {
            onRunError(QStringLiteral("unread @ ids"), error);
            return;
        }
        const qint64 mark = m_history->catchUpMark(1);
        Notification summary;
        summary.id = 0;
        summary.type = 1;
        summary.source = Source::Catchup;
        for (qint64 id : *ids) {
            if (id > mark)
                summary.coveredIds.append(id);
        }
        std::sort(summary.coveredIds.begin(), summary.coveredIds.end());
        summary.coveredIds.erase(std::unique(summary.coveredIds.begin(), summary.coveredIds.end()),
                                 summary.coveredIds.end());
        summary.count = static_cast<int>(summary.coveredIds.size());
        // Recording keeps the ids not announced before (and adjusts the count); none left: nothing to show.
        if (!summary.coveredIds.isEmpty()) {
            if (const QList<Notification> fresh = record({summary}); !fresh.isEmpty())
                m_run->summary = fresh.first();
        }
        if (ids->size() < maxUnreadIds && !ids->isEmpty())
            advanceMark(1, *std::max_element(ids->begin(), ids->end()), m_run->startedAt);
        // The first maxUnreadIds, newest first: a full answer says nothing about older ones.
        const QSet<qint64> unread(ids->cbegin(), ids->cend());
        findReadElsewhere(1, unread, ids->size() < maxUnreadIds,
                          ids->isEmpty() ? 0 : *std::min_element(ids->begin(), ids->end()));
        finishRun(true);
    });
}

void Inbox::fetchMentionsList(int round)
{
    // Always page 1: the forum marks what it lists as read, so the next unread ones move up (forum-api §7).
    m_api->fetchUnread(1, m_pageSize, this,
                       [this, round](const std::optional<forum::MessageList>& list, const forum::Error& error) {
                           if (!list) {
                               onRunError(QStringLiteral("unread @ list"), error);
                               return;
                           }
                           int unreadListed = 0;
                           QList<Notification> candidates;
                           for (const forum::ListedMessage& message : list->messages) {
                               if (message.isread == 0)
                                   ++unreadListed;
                               if (message.type != 1)
                                   continue;
                               m_mentionsOwed.remove(message.id); // listed: no longer owed, new or not
                               if (isForSomeoneElse(message.touid, message.id))
                                   continue;
                               candidates.append(fromListed(message));
                           }
                           m_run->fresh.append(record(candidates));
                           if (unreadListed >= m_pageSize && round + 1 < maxMentionRounds) {
                               paced(round + 1, [this, round] { fetchMentionsList(round + 1); });
                               return;
                           }
                           if (m_unreadMentions != 0) {
                               m_unreadMentions = 0; // the forum has just marked them read
                               emit unreadCountsChanged(m_unreadInbox, m_unreadMentions);
                           }
                           recoverMentions(1); // finishes the run at once when nothing is owed
                       });
}

void Inbox::onRunError(const QString& step, const forum::Error& error)
{
    if (error.kind == forum::ErrorKind::NotLoggedIn) {
        finishRun(false);
        emit loginNeeded();
        return;
    }
    const QString description = tr("Catching up failed (%1): %2").arg(step, error.message);
    qCInfo(lcInbox).noquote() << description;
    milliseconds delay = std::min(milliseconds(m_retryDelay.count() << std::min(m_failures, 16)), maxRetryDelay);
    if (error.kind == forum::ErrorKind::RateLimited)
        delay = std::max<milliseconds>(delay, std::chrono::seconds(error.retryAfterSeconds));
    ++m_failures;
    finishRun(false);
    emit catchUpFailed(description);
    // Retry while the push connection stands (a new connection catches up by itself).
    if (!m_running && (!m_client || m_client->state() == client::PushClient::State::Connected))
        m_retryTimer.start(delay);
}

void Inbox::finishRun(bool ok)
{
    std::unique_ptr<Run> run = std::move(m_run);
    m_running = false;
    QList<Notification> deliveries;
    int notified = 0;
    if (run) {
        std::sort(run->fresh.begin(), run->fresh.end(),
                  [](const Notification& a, const Notification& b) { return a.id < b.id; });
        deliveries = run->fresh;
        if (run->summary)
            deliveries.append(*run->summary);
        notified = static_cast<int>(run->fresh.size()) + (run->summary ? run->summary->count : 0);
        if (ok && run->inboxComplete)
            advanceMark(0, run->maxInboxId, run->startedAt);
    }
    if (ok)
        m_failures = 0;
    // Finished means delivered: listeners (and tests) see every notification of the run before this signal.
    // A reconcile that found nothing missing is no news (one after every burst of pushes).
    const bool quiet = run && run->reconcile && notified == 0;
    deliver(deliveries, [this, ok, notified, quiet] {
        if (ok && !quiet)
            emit catchUpFinished(notified);
    });
    if (m_again && !m_running) {
        startRun();
    } else if (!m_running && ok && std::exchange(m_secondLookDue, false)) {
        scheduleReconcile(m_secondLookDelay);
    } else if (!m_running && std::exchange(m_reconcileWanted, false)) {
        scheduleReconcile(m_settleDelay);
    }
}

void Inbox::onPush(const protocol::Msg& msg)
{
    if (msg.id <= 0 || (msg.type != 0 && msg.type != 1) || isForSomeoneElse(msg.touid, msg.id))
        return;
    Notification notification;
    notification.id = msg.id;
    notification.type = msg.type;
    notification.byuid = msg.byuid;
    // The push carries the segments as a JSON text; a broken one renders as a safe fallback below.
    notification.content = QJsonDocument::fromJson(msg.content.toUtf8()).array();
    if (notification.content.isEmpty() && !msg.content.isEmpty())
        notification.content.append(QJsonObject{{QStringLiteral("type"), QJsonValue(QStringLiteral("text"))},
                                                {QStringLiteral("value"), QJsonValue(msg.content)}});
    notification.source = Source::Push;
    // Recorded with whatever else arrives in this event-loop turn (a burst is one transaction); until then the
    // message exists only here and on the forum, where the next catch-up finds it if we die first.
    m_pushQueue.append(notification);
    if (!m_pushFlush.isActive())
        m_pushFlush.start();
    // The server loses pushes of a burst (spec §9 item 8): once the burst settles, the counts tell.
    reconcileSoon();
}

void Inbox::flushPushes()
{
    const QList<Notification> fresh = record(std::exchange(m_pushQueue, {}));
    if (fresh.isEmpty())
        return; // all notified already (by catch-up, an earlier push, or before a restart)
    for (const Notification& n : fresh)
        ++(n.type == 0 ? m_unreadInbox : m_unreadMentions);
    emit unreadCountsChanged(m_unreadInbox, m_unreadMentions);
    deliver(fresh);
}

QList<Notification> Inbox::record(const QList<Notification>& candidates)
{
    if (candidates.isEmpty())
        return {};
    QList<Notification> fresh = m_history->recordPending(candidates);
    for (const Notification& n : std::as_const(fresh)) {
        if (n.historyKey != 0)
            m_inFlight.insert(n.historyKey);
    }
    return fresh;
}

void Inbox::presentPending()
{
    QList<Notification> pending = m_history->pending();
    pending.removeIf([this](const Notification& n) { return m_inFlight.contains(n.historyKey); });
    if (pending.isEmpty())
        return;
    qCInfo(lcInbox) << "presenting" << pending.size() << "notification(s) recorded but not shown before";
    for (const Notification& n : std::as_const(pending))
        m_inFlight.insert(n.historyKey);
    deliver(pending);
}

Notification Inbox::fromListed(const forum::ListedMessage& message) const
{
    Notification notification;
    notification.id = message.id;
    notification.type = message.type;
    notification.byuid = message.byuid;
    notification.senderName = message.byName;
    notification.content = message.content;
    notification.forumTime = message.ctime;
    notification.source = Source::Catchup;
    return notification;
}

void Inbox::deliver(QList<Notification> notifications, std::function<void()> then)
{
    auto enqueue = [this, notifications, then]() mutable {
        m_outbox.push_back(Outgoing{std::move(notifications), 0, std::move(then)});
        drainOutbox();
    };
    QSet<qint64> unknown;
    if (m_users) {
        for (const Notification& n : std::as_const(notifications)) {
            if (!n.isSummary() && n.byuid != 0 && !m_users->contains(n.byuid))
                unknown.insert(n.byuid);
        }
    }
    if (unknown.isEmpty())
        enqueue();
    else
        m_users->resolve(unknown.values(), nameTimeoutMs, this, enqueue);
}

void Inbox::drainOutbox()
{
    if (m_draining)
        return; // a slot of notificationReady delivered more: the loop below gets to it
    m_draining = true;
    const content::RenderOptions options = renderOptions();
    int budget = maxEmitsPerTurn;
    while (!m_outbox.empty() && budget > 0) {
        // A reference into a deque stays valid while slots append to it.
        Outgoing& head = m_outbox.front();
        const qsizetype end = std::min<qsizetype>(head.notifications.size(), head.next + budget);
        QList<Notification> shown;
        shown.reserve(end - head.next);
        for (qsizetype i = head.next; i < end; ++i) {
            Notification& n = head.notifications[i];
            if (!n.receivedAt.isValid())
                n.receivedAt = QDateTime::currentDateTimeUtc();
            if (n.isSummary()) {
                renderSummary(n);
            } else {
                if (n.senderName.isEmpty() && m_users)
                    n.senderName = m_users->name(n.byuid);
                const content::Rendered rendered = content::render(n.content, n.id, n.type, options);
                n.html = rendered.html;
                n.summary = rendered.summary;
                n.document = rendered.document;
                n.url = rendered.url;
            }
            emit notificationReady(n);
            rememberNotified(n);
            shown.append(n);
        }
        budget -= static_cast<int>(end - head.next);
        head.next = end;
        // Presented = emitted, and this write committed (HistoryStore's class comment).
        m_history->markPresented(shown);
        for (const Notification& n : std::as_const(shown))
            m_inFlight.remove(n.historyKey);
        if (head.next == head.notifications.size()) {
            const std::function<void()> then = std::move(head.then);
            m_outbox.pop_front();
            if (then)
                then();
        }
    }
    m_draining = false;
    // The rest of a burst waits for the next turn of the event loop: the UI stays responsive meanwhile.
    if (!m_outbox.empty() && !m_drainTimer.isActive())
        m_drainTimer.start();
}

content::RenderOptions Inbox::renderOptions() const
{
    content::RenderOptions options;
    options.siteBase = m_siteBase;
    if (m_users)
        options.userName = [users = QPointer<forum::UserDirectory>(m_users)](qint64 uid) {
            return users ? users->name(uid) : QString();
        };
    return options;
}

void Inbox::renderSummary(Notification& summary) const
{
    // The only summary so far: unread @ messages announced by count (their contents stay unread on the forum).
    summary.summary = tr("%n new @ message(s)", nullptr, summary.count);
    summary.html = summary.summary.toHtmlEscaped();
    summary.url = mentionsPageUrl();
}

bool Inbox::isForSomeoneElse(qint64 touid, qint64 id)
{
    if (m_uid == 0 || touid == m_uid)
        return false;
    // The server only sends our own messages; anything else is forged or a server bug: never shown.
    if (!m_foreignLogged.isValid() || m_foreignLogged.elapsed() > milliseconds(foreignLogInterval).count()) {
        qCWarning(lcInbox) << "dropping message" << id << "addressed to another user";
        m_foreignLogged.start();
    }
    return true;
}

QUrl Inbox::mentionsPageUrl() const
{
    return content::pageUrl(u"msg.index.@.html", m_siteBase);
}

void Inbox::rememberNotified(const Notification& notification)
{
    if (!notification.isSummary())
        m_notifiedUnread.insert(notification.id, notification.type);
    for (qint64 id : notification.coveredIds)
        m_notifiedUnread.insert(id, notification.type);
    if (m_notifiedUnread.size() <= maxRemembered + rememberedSlack)
        return;
    QList<qint64> ids = m_notifiedUnread.keys();
    std::sort(ids.begin(), ids.end());
    for (qsizetype i = 0; i < ids.size() - maxRemembered; ++i)
        m_notifiedUnread.remove(ids.at(i));
}

void Inbox::findReadElsewhere(int type, const QSet<qint64>& unread, bool complete, qint64 oldestListed)
{
    if (!m_run)
        return;
    QList<qint64> read;
    for (auto it = m_run->notifiedBefore.cbegin(); it != m_run->notifiedBefore.cend(); ++it) {
        if (it.value() == type && !unread.contains(it.key()) && (complete || it.key() > oldestListed) &&
            m_notifiedUnread.contains(it.key()))
            read.append(it.key());
    }
    if (read.isEmpty())
        return;
    std::sort(read.begin(), read.end());
    for (qint64 id : std::as_const(read)) {
        m_notifiedUnread.remove(id);
        m_history->setRead(id, true);
    }
    qCDebug(lcInbox) << read.size() << "notified message(s) read elsewhere";
    emit readElsewhere(read);
}

void Inbox::markRead(qint64 id)
{
    m_notifiedUnread.remove(id);
    m_history->setRead(id, true);
    if (id <= 0)
        return;
    m_api->markRead({id}, this, [id](const std::optional<QList<qint64>>& marked, const forum::Error& error) {
        if (!marked || !marked->contains(id))
            qCInfo(lcInbox).noquote() << "could not mark message" << id << "read on the forum:" << error.message;
    });
}

} // namespace inbox
