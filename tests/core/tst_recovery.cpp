// SPDX-License-Identifier: GPL-3.0-or-later
// Recovery from the real server's push faults (spec/push-protocol.md §9 items 8 and 10, `serve --faults`): the
// client stack (PushClient + Inbox + ForumApi) against the companion server with each fault on, a burst of messages
// to one user, and the 5-minute poll pushed out of reach: every message is reported exactly once, by push or by
// the reconcile that follows the burst, and the burst costs a handful of forum requests.
#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/server/companion.h"
#include "core/server/forumemulator.h"
#include "core/server/pushfaults.h"
#include "core/server/store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <map>
#include <memory>

using inbox::Notification;
using namespace std::chrono_literals;

namespace {

QJsonArray text(const QString& value)
{
    return QJsonArray{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), QJsonValue(value)}}};
}

/// Counts the forum pages requested (the last path segment, as "user.stat.json").
class CountingNetwork : public QNetworkAccessManager
{
public:
    QStringList pages;
    /// The requests the Inbox makes itself (names of senders are looked up as they come).
    QStringList forumRequests() const
    {
        QStringList result = pages;
        result.removeIf([](const QString& page) { return page.startsWith(u"user.info"); });
        return result;
    }

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* data) override
    {
        pages.append(request.url().path().section(u'/', -1));
        return QNetworkAccessManager::createRequest(op, request, data);
    }
};

/// The notifier as the app wires it, with the poll far out of reach.
struct Client
{
    explicit Client(const server::Companion& companion)
    {
        client::PushClientConfig config;
        config.url = companion.pushUrl();
        config.watchNetwork = false;
        config.wakeCheckInterval = 0ms;
        config.backoffMin = 50ms;
        config.backoffMax = 400ms;
        pushClient = std::make_unique<client::PushClient>(config);
        pushClient->setSid(server::Companion::demoSid());
        pushClient->setPresenceWanted(false);
        api = std::make_unique<forum::ForumApi>(&network);
        api->setSiteBase(companion.httpUrl());
        api->setSid(server::Companion::demoSid());
        users = std::make_unique<forum::UserDirectory>(api.get());
        box = std::make_unique<inbox::Inbox>(pushClient.get(), api.get(), users.get(), &history);
        box->setSiteBase(companion.httpUrl());
        box->setPollInterval(1h);
        box->setRetryDelay(50ms);
        QObject::connect(box.get(), &inbox::Inbox::notificationReady, [this](const Notification& n) {
            if (n.isSummary()) {
                for (qint64 id : n.coveredIds)
                    ++reported[id];
            } else {
                ++reported[n.id];
            }
        });
    }

    CountingNetwork network;
    inbox::HistoryStore history;
    std::unique_ptr<client::PushClient> pushClient;
    std::unique_ptr<forum::ForumApi> api;
    std::unique_ptr<forum::UserDirectory> users;
    std::unique_ptr<inbox::Inbox> box;
    std::map<qint64, int> reported; ///< id -> times reported (a summary reports the ids it covers)
};

} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<inbox::Notification>(); }
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void burstUnderFaultIsReportedExactlyOnce_data();
    void burstUnderFaultIsReportedExactlyOnce();
    void burstWithoutFaultsCostsOneRequest();
    void fetchedMentionsSurviveALostAnswer_data();
    void fetchedMentionsSurviveALostAnswer();
    void fetchedMentionsSurviveACrashAfterALostAnswer();
    void rateLimitIsWaitedOut();
    void deepBacklogIsReadInOneRun();
    void lateCommitIsNotSkipped();

private:
    /// `count` messages to the demo user in one event-loop turn (one burst), every 10th an @; their ids.
    static QList<qint64> burst(server::Companion& companion, int count)
    {
        QList<qint64> ids;
        for (int i = 0; i < count; ++i) {
            ids.append(companion.insertMessage(server::Companion::demoUid(), 2333, i % 10 == 9 ? 1 : 0,
                                               text(QStringLiteral("burst %1").arg(i))));
        }
        return ids;
    }
    /// Unread messages of `type` to the demo user, as the forum has them.
    static QSet<qint64> unreadIds(const server::Companion& companion, int type)
    {
        QSet<qint64> ids;
        for (const server::Message& m : companion.store()->messages()) {
            if (m.touid == server::Companion::demoUid() && m.type == type && !m.isread)
                ids.insert(m.id);
        }
        return ids;
    }
    /// Replaces the store's messages by those `keep` accepts (what the forum shows: a message committing late is
    /// not there yet).
    static void filterMessages(server::Companion& companion, const std::function<bool(qint64)>& keep,
                               const QJsonArray& add = {})
    {
        QJsonObject root = companion.store()->toJson();
        QJsonArray messages;
        for (const QJsonValue& m : root.value(u"messages").toArray()) {
            if (keep(m.toObject().value(u"id").toInteger()))
                messages.append(m);
        }
        for (const QJsonValue& m : add)
            messages.append(m);
        root.insert(u"messages", messages);
        QString error;
        QVERIFY2(companion.store()->loadJson(QJsonDocument(root).toJson(), &error), qPrintable(error));
    }
    static bool start(server::Companion& companion, const server::PushFaults& faults)
    {
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("recovery-test");
        options.pushFaults = faults;
        QString error;
        return companion.start(options, &error);
    }
};

void TestRecovery::burstUnderFaultIsReportedExactlyOnce_data()
{
    QTest::addColumn<QString>("faults");
    QTest::addColumn<int>("count");
    QTest::newRow("drop half") << QStringLiteral("drop=0.5") << 200;
    QTest::newRow("reorder") << QStringLiteral("reorder") << 200;
    QTest::newRow("empty frame") << QStringLiteral("empty-frame") << 150;
    QTest::newRow("drop before register") << QStringLiteral("drop-before-register=3000") << 150;
    QTest::newRow("break mid-burst") << QStringLiteral("break-mid-burst") << 200;
    QTest::newRow("all at once") << QStringLiteral("drop=0.5,reorder,empty-frame,break-mid-burst") << 300;
}

void TestRecovery::burstUnderFaultIsReportedExactlyOnce()
{
    QFETCH(QString, faults);
    QFETCH(int, count);
    QString error;
    std::optional<server::PushFaults> parsed = server::PushFaults::parse(faults, &error);
    QVERIFY2(parsed, qPrintable(error));
    parsed->seed = 1312;
    server::Companion companion;
    QVERIFY(start(companion, *parsed));

    Client c(companion);
    // Only the burst's own recovery may find what its pushes lost: the second look after `connected` is what
    // covers the registration window, so it is on only there.
    const bool registerWindow = parsed->dropBeforeRegisterMs > 0;
    if (!registerWindow)
        c.box->setSecondLookDelay(0ms);
    QSignalSpy finished(c.box.get(), &inbox::Inbox::catchUpFinished);
    QSignalSpy anomalies(c.pushClient.get(), &client::PushClient::deliveryAnomaly);
    c.pushClient->start();
    QVERIFY(finished.wait(10000)); // the demo backlog
    c.reported.clear();
    const int requestsBefore = int(c.network.forumRequests().size());

    QElapsedTimer clock;
    clock.start();
    const QList<qint64> sent = burst(companion, count);
    QVERIFY(!sent.contains(0));
    const auto allReported = [&] {
        for (qint64 id : sent) {
            if (!c.reported.count(id))
                return false;
        }
        return true;
    };
    // Far below the 1-hour poll (and the real 5 minutes): seconds.
    QTRY_VERIFY_WITH_TIMEOUT(allReported(), 15000);
    const qint64 recoveredMs = clock.elapsed();
    QTest::qWait(2000); // a late push or a second reconcile would show a duplicate now
    int duplicates = 0;
    for (const auto& [id, times] : c.reported)
        duplicates += times - 1;
    QCOMPARE(duplicates, 0);
    QCOMPARE(int(c.reported.size()), count); // nothing else either
    const QStringList requests = c.network.forumRequests().mid(requestsBefore);
    qInfo("%s: %d messages all reported after %lld ms; %d push anomalies; %d forum requests: %s", qPrintable(faults),
          count, recoveredMs, int(anomalies.size()), int(requests.size()), qPrintable(requests.join(u' ')));
    if (parsed->reorder)
        QVERIFY(!anomalies.isEmpty());
    if (parsed->emptyFrame && !parsed->breakMidBurst)
        QVERIFY(!anomalies.isEmpty());
    // A burst costs a few requests: counts, the unread pages that hold it, the @ ids (break-mid-burst: the
    // reconnect's catch-up as well), never one per message.
    QVERIFY2(requests.size() <= 12, qPrintable(requests.join(u' ')));
    QCOMPARE(c.box->unreadInbox(), companion.store()->unreadCount(server::Companion::demoUid(), 0));
}

void TestRecovery::burstWithoutFaultsCostsOneRequest()
{
    server::Companion companion;
    QVERIFY(start(companion, {}));
    Client c(companion);
    c.box->setReconcileDelays(300ms, 1000ms);
    c.box->setSecondLookDelay(0ms);
    QSignalSpy finished(c.box.get(), &inbox::Inbox::catchUpFinished);
    c.pushClient->start();
    QVERIFY(finished.wait(10000));
    c.reported.clear();
    const int requestsBefore = int(c.network.forumRequests().size());
    const QList<qint64> sent = burst(companion, 100);
    QTRY_COMPARE_WITH_TIMEOUT(int(c.reported.size()), 100, 10000);
    // The reconcile after the burst: the counts agree with the pushes, so nothing is listed.
    QTRY_VERIFY_WITH_TIMEOUT(c.network.forumRequests().size() > requestsBefore, 5000);
    QTest::qWait(1500);
    QCOMPARE(c.network.forumRequests().mid(requestsBefore), QStringList{QStringLiteral("user.stat.json")});
    QCOMPARE(finished.size(), 1); // a reconcile that finds nothing missing is no news
    for (const auto& [id, times] : c.reported)
        QCOMPARE(times, 1);
}

void TestRecovery::fetchedMentionsSurviveALostAnswer_data()
{
    QTest::addColumn<int>("pageSize");
    QTest::newRow("one page") << 200;
    QTest::newRow("one per round") << 1;
}

void TestRecovery::fetchedMentionsSurviveALostAnswer()
{
    QFETCH(int, pageSize);
    server::Companion companion;
    QVERIFY(start(companion, {}));
    for (int i = 0; i < 3; ++i)
        QVERIFY(companion.insertMessage(server::Companion::demoUid(), 2333, 1, text(QStringLiteral("@ %1").arg(i))));
    const QSet<qint64> mentions = unreadIds(companion, 1);
    QVERIFY(mentions.size() >= 4);
    // The forum marks the listed mentions read, then the answer is lost on the way (a proxy's 502).
    companion.emulator()->sabotage(QStringLiteral("msg.index.@.no"), server::ForumEmulator::Sabotage::LoseAnswer);

    Client c(companion);
    c.box->setFetchMentions(true);
    c.box->setPageSize(pageSize);
    c.box->setSecondLookDelay(0ms);
    QSignalSpy failed(c.box.get(), &inbox::Inbox::catchUpFailed);
    QSignalSpy finished(c.box.get(), &inbox::Inbox::catchUpFinished);
    c.pushClient->start();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
    QTest::qWait(300);
    QCOMPARE(failed.size(), 1);                 // the lost answer, retried
    QVERIFY(unreadIds(companion, 1).isEmpty()); // marked read by the lost listing and the later ones
    QVERIFY(c.network.pages.contains(QStringLiteral("msg.index.@.json"))); // found again among the read ones
    QSet<qint64> reportedMentions;
    for (const auto& [id, times] : c.reported) {
        QCOMPARE(times, 1);
        if (mentions.contains(id))
            reportedMentions.insert(id);
    }
    QCOMPARE(reportedMentions, mentions);
    QCOMPARE(c.box->unreadMentions(), 0);
}

void TestRecovery::fetchedMentionsSurviveACrashAfterALostAnswer()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state.sqlite"));
    server::Companion companion;
    QVERIFY(start(companion, {}));
    const QSet<qint64> mentions = unreadIds(companion, 1);
    QVERIFY(!mentions.isEmpty());
    companion.emulator()->sabotage(QStringLiteral("msg.index.@.no"), server::ForumEmulator::Sabotage::LoseAnswer);
    {
        // The forum marks the mentions read, the answer is lost, and the process dies before it looked again.
        Client first(companion);
        QVERIFY(first.history.open(state));
        first.box->setFetchMentions(true);
        first.box->setSecondLookDelay(0ms);
        QSignalSpy failed(first.box.get(), &inbox::Inbox::catchUpFailed);
        first.pushClient->start();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 15000);
        QVERIFY(unreadIds(companion, 1).isEmpty());
        for (qint64 id : mentions)
            QCOMPARE(first.reported.count(id), 0u);
    }
    // The next process finds them among the read ones, once.
    Client second(companion);
    QVERIFY(second.history.open(state));
    second.box->setFetchMentions(true);
    second.box->setSecondLookDelay(0ms);
    QSignalSpy finished(second.box.get(), &inbox::Inbox::catchUpFinished);
    second.pushClient->start();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
    QSet<qint64> reportedMentions;
    for (const auto& [id, times] : second.reported) {
        QCOMPARE(times, 1);
        if (mentions.contains(id))
            reportedMentions.insert(id);
    }
    QCOMPARE(reportedMentions, mentions);
    QVERIFY(second.history.owedMentions().isEmpty());
}

void TestRecovery::rateLimitIsWaitedOut()
{
    server::Companion companion;
    QVERIFY(start(companion, {}));
    Client c(companion);
    c.box->setReconcileDelays(100ms, 300ms);
    c.box->setSecondLookDelay(0ms);
    QSignalSpy finished(c.box.get(), &inbox::Inbox::catchUpFinished);
    QSignalSpy failed(c.box.get(), &inbox::Inbox::catchUpFailed);
    c.pushClient->start();
    QVERIFY(finished.wait(10000));
    c.reported.clear();
    // The reconcile after a burst meets the rate limit (429, Retry-After: 1): the next try waits that second, and a
    // stream of pushes meanwhile adds no request.
    companion.emulator()->sabotage(QStringLiteral("user.stat"), server::ForumEmulator::Sabotage::RateLimit);
    const int requestsBefore = int(c.network.forumRequests().size());
    burst(companion, 20);
    QVERIFY(failed.wait(5000));
    QElapsedTimer sinceRefusal;
    sinceRefusal.start();
    const int requestsAtRefusal = int(c.network.forumRequests().size());
    for (int i = 0; i < 5; ++i) {
        QTest::qWait(100);
        burst(companion, 1);
    }
    QTRY_VERIFY_WITH_TIMEOUT(c.network.forumRequests().size() > requestsAtRefusal, 5000);
    QVERIFY2(sinceRefusal.elapsed() >= 900, qPrintable(QString::number(sinceRefusal.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(int(c.reported.size()), 25, 10000);
    QTest::qWait(1000);
    const QStringList requests = c.network.forumRequests().mid(requestsBefore);
    QVERIFY2(requests.size() <= 6, qPrintable(requests.join(u' ')));
}

void TestRecovery::deepBacklogIsReadInOneRun()
{
    // More pages than one stretch of a run (40), and than the 50 pages that used to end a run for good.
    server::Companion companion;
    QVERIFY(start(companion, {}));
    for (int i = 0; i < 60; ++i)
        QVERIFY(companion.insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("deep %1").arg(i))));
    const QSet<qint64> unread = unreadIds(companion, 0);
    QVERIFY(unread.size() > 60);
    Client c(companion);
    c.box->setPageSize(1);
    c.box->setPagePause(50ms);
    c.box->setLateCommitWindow(0ms);
    QSignalSpy finished(c.box.get(), &inbox::Inbox::catchUpFinished);
    c.pushClient->start();
    QVERIFY(finished.wait(30000));
    QSet<qint64> reported;
    for (const auto& [id, times] : c.reported) {
        QCOMPARE(times, 1);
        reported.insert(id);
    }
    QVERIFY(reported.contains(unread));
    // The watermark moved past all of it: the next catch-up reads one page.
    QCOMPARE(c.history.catchUpMark(0), *std::max_element(unread.cbegin(), unread.cend()));
    const int before = int(c.network.pages.size());
    finished.clear();
    c.box->catchUp();
    QVERIFY(finished.wait(10000));
    QCOMPARE(c.network.pages.mid(before).count(QStringLiteral("msg.index.inbox.no.json")), 1);
}

void TestRecovery::lateCommitIsNotSkipped()
{
    server::Companion companion;
    QVERIFY(start(companion, {}));
    // `early` gets its id first but commits after `later` is visible (two transactions, the first one slow).
    const qint64 early = companion.insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("slow")));
    const qint64 later = companion.insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("fast")));
    QVERIFY(early > 0 && later > early);
    QJsonArray hidden;
    for (const QJsonValue& m : companion.store()->toJson().value(u"messages").toArray()) {
        if (m.toObject().value(u"id").toInteger() == early)
            hidden.append(m);
    }
    filterMessages(companion, [early](qint64 id) { return id != early; });

    Client c(companion);
    c.box->setSecondLookDelay(0ms);
    QSignalSpy finished(c.box.get(), &inbox::Inbox::catchUpFinished);
    c.pushClient->start();
    QVERIFY(finished.wait(10000));
    QVERIFY(c.reported.count(later));
    QVERIFY(!c.reported.count(early));
    // Its push went out before anyone listened; now it commits, and the next catch-up (the poll) finds it.
    filterMessages(
        companion, [](qint64) { return true; }, hidden);
    finished.clear();
    c.box->catchUp();
    QVERIFY(finished.wait(10000));
    QCOMPARE(c.reported.count(early), size_t(1));
    QVERIFY(c.history.catchUpMark(0) < early); // the watermark lags behind what was seen (60 s by default)
    // A complete run begun past the window moves the watermark up to what the earlier ones saw.
    c.box->setLateCommitWindow(0ms);
    finished.clear();
    c.box->catchUp();
    QVERIFY(finished.wait(10000));
    QVERIFY(c.history.catchUpMark(0) >= later);
    for (const auto& [id, times] : c.reported)
        QCOMPARE(times, 1);
}

QTEST_GUILESS_MAIN(TestRecovery)
#include "tst_recovery.moc"
