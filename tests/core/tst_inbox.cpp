// SPDX-License-Identifier: GPL-3.0-or-later
// Inbox against the real companion server (push + forum emulator, port 0): catch-up after connect, dedupe
// between push and catch-up and across restarts, the @ policies, failures, and resume after sleep.
#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/server/companion.h"
#include "core/server/store.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <set>

using inbox::Notification;
using namespace std::chrono_literals;

namespace {

QJsonArray text(const QString& value)
{
    return QJsonArray{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), QJsonValue(value)}}};
}

/// One notifier (client, API, directory, history, inbox) wired as the app wires it.
struct Notifier
{
    Notifier(const server::Companion& companion, const QString& historyPath, const QString& sid)
    {
        client::PushClientConfig config;
        config.url = companion.pushUrl();
        config.watchNetwork = false;
        config.wakeCheckInterval = 0ms;
        config.backoffMin = 50ms;
        config.backoffMax = 400ms;
        pushClient = std::make_unique<client::PushClient>(config);
        pushClient->setSid(sid);
        pushClient->setPresenceWanted(false);
        api = std::make_unique<forum::ForumApi>(&network);
        api->setSiteBase(companion.httpUrl());
        api->setSid(sid);
        users = std::make_unique<forum::UserDirectory>(api.get());
        history = std::make_unique<inbox::HistoryStore>();
        if (!historyPath.isEmpty())
            history->open(historyPath);
        box = std::make_unique<inbox::Inbox>(pushClient.get(), api.get(), users.get(), history.get());
        box->setSiteBase(companion.httpUrl());
        box->setPageSize(3); // the demo backlog then spans several pages
    }

    QNetworkAccessManager network;
    std::unique_ptr<client::PushClient> pushClient;
    std::unique_ptr<forum::ForumApi> api;
    std::unique_ptr<forum::UserDirectory> users;
    std::unique_ptr<inbox::HistoryStore> history;
    std::unique_ptr<inbox::Inbox> box;
};

std::set<qint64> unreadIds(const server::Companion& companion, int type)
{
    std::set<qint64> ids;
    for (const server::Message& m : companion.store()->messages()) {
        if (m.touid == server::Companion::demoUid() && m.type == type && !m.isread)
            ids.insert(m.id);
    }
    return ids;
}

QList<Notification> notificationsOf(const QSignalSpy& spy)
{
    QList<Notification> result;
    for (const QList<QVariant>& args : spy)
        result.append(args.at(0).value<Notification>());
    return result;
}

} // namespace

class TestInbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void catchUpOnConnectThenPushOnceEach();
    void restartDoesNotNotifyAgain();
    void fetchMentionsPolicyDrainsTheList();
    void forgedAndDuplicatePushesAreDropped();
    void notLoggedInAsksForLogin();
    void failureIsReportedAndRetried();
    void concurrentRequestsRunOnceMore();
    void resumeReconnectsAndCatchesUp();
    void crashBeforePresentingIsRepairedOnce();
    void pendingSummaryIsPresentedOnce();
    void presentedOnlyAfterEmission();
    void pushesOfOneTurnAreRecordedTogetherAndShownInSlices();
    void readElsewhereIsFoundByTheCatchUp();

private:
    QString historyPath(const QString& name) const { return m_dir.filePath(name); }
    std::unique_ptr<server::Companion> m_companion;
    QTemporaryDir m_dir;
};

void TestInbox::initTestCase()
{
    qRegisterMetaType<inbox::Notification>();
}

void TestInbox::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_companion = std::make_unique<server::Companion>();
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    options.adminToken = QStringLiteral("inbox-test");
    QString error;
    QVERIFY2(m_companion->start(options, &error), qPrintable(error));
}

void TestInbox::cleanup()
{
    m_companion.reset();
}

void TestInbox::catchUpOnConnectThenPushOnceEach()
{
    const std::set<qint64> inboxBefore = unreadIds(*m_companion, 0);
    const std::set<qint64> mentionsBefore = unreadIds(*m_companion, 1);
    QVERIFY2(inboxBefore.size() > 3, "the demo data should have a multi-page unread inbox at page size 3");
    QVERIFY(!mentionsBefore.empty());

    Notifier n(*m_companion, historyPath(QStringLiteral("a.sqlite")), server::Companion::demoSid());
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    QSignalSpy counts(n.box.get(), &inbox::Inbox::unreadCountsChanged);
    n.pushClient->start();
    QVERIFY(finished.wait(10000));

    std::set<qint64> inboxSeen;
    std::optional<Notification> summary;
    qint64 previous = 0;
    for (const Notification& x : notificationsOf(ready)) {
        if (x.isSummary()) {
            QVERIFY(!summary);
            summary = x;
            continue;
        }
        QCOMPARE(x.type, 0);
        QCOMPARE(x.source, inbox::Source::Catchup);
        QVERIFY2(x.id > previous, "oldest first");
        previous = x.id;
        QVERIFY(inboxSeen.insert(x.id).second);
        QVERIFY(!x.summary.isEmpty());
        QVERIFY(x.url.toString().startsWith(m_companion->httpUrl().toString()));
    }
    QCOMPARE(inboxSeen, inboxBefore);
    QVERIFY(summary);
    QCOMPARE(summary->type, 1);
    QCOMPARE(summary->count, int(mentionsBefore.size()));
    QCOMPARE(std::set<qint64>(summary->coveredIds.begin(), summary->coveredIds.end()), mentionsBefore);
    QCOMPARE(summary->url.path(), QStringLiteral("/q.php/msg.index.@.html"));
    QCOMPARE(finished.first().at(0).toInt(), int(inboxBefore.size() + mentionsBefore.size()));
    // Count-only never marks mentions read on the forum.
    QCOMPARE(unreadIds(*m_companion, 1), mentionsBefore);
    QVERIFY(!counts.isEmpty());
    QCOMPARE(counts.last().at(0).toInt(), int(inboxBefore.size()));
    QCOMPARE(counts.last().at(1).toInt(), int(mentionsBefore.size()));
    QCOMPARE(n.box->uid(), server::Companion::demoUid());

    // A push while connected: notified once, with the sender's name resolved.
    ready.clear();
    const qint64 pushed = m_companion->insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("hi")));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    const Notification live = ready.first().at(0).value<Notification>();
    QCOMPARE(live.id, pushed);
    QCOMPARE(live.source, inbox::Source::Push);
    QCOMPARE(live.summary, QStringLiteral("hi"));
    QVERIFY(!live.senderName.isEmpty());
    QCOMPARE(n.box->unreadInbox(), int(inboxBefore.size()) + 1);

    // Catching up again finds the pushed message unread on the forum, and does not notify it again.
    ready.clear();
    finished.clear();
    n.box->catchUp();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).toInt(), 0);
    QCOMPARE(ready.count(), 0);
    QVERIFY(n.history->list({}, 0).size() >= int(inboxBefore.size()) + 2);
}

void TestInbox::restartDoesNotNotifyAgain()
{
    const QString path = historyPath(QStringLiteral("restart.sqlite"));
    {
        Notifier first(*m_companion, path, server::Companion::demoSid());
        QSignalSpy finished(first.box.get(), &inbox::Inbox::catchUpFinished);
        first.pushClient->start();
        QVERIFY(finished.wait(10000));
        QVERIFY(finished.first().at(0).toInt() > 0);
    }
    // Missed while "the app was closed":
    const qint64 missed =
        m_companion->insertMessage(server::Companion::demoUid(), 520, 0, text(QStringLiteral("while away")));
    const qint64 missedAt = m_companion->insertMessage(server::Companion::demoUid(), 520, 1, text(QStringLiteral("@")));

    Notifier second(*m_companion, path, server::Companion::demoSid());
    QSignalSpy ready(second.box.get(), &inbox::Inbox::notificationReady);
    QSignalSpy finished(second.box.get(), &inbox::Inbox::catchUpFinished);
    second.pushClient->start();
    QVERIFY(finished.wait(10000));
    const QList<Notification> got = notificationsOf(ready);
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).id, missed);
    QCOMPARE(got.at(0).source, inbox::Source::Catchup);
    QVERIFY(got.at(1).isSummary());
    QCOMPARE(got.at(1).count, 1);
    QCOMPARE(got.at(1).coveredIds, QList<qint64>{missedAt});
}

void TestInbox::fetchMentionsPolicyDrainsTheList()
{
    const std::set<qint64> mentionsBefore = unreadIds(*m_companion, 1);
    Notifier n(*m_companion, {}, server::Companion::demoSid());
    n.box->setFetchMentions(true);
    n.box->setPageSize(1); // one round per mention: the forum marks each listed page read
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    n.pushClient->start();
    QVERIFY(finished.wait(15000));
    std::set<qint64> mentions;
    for (const Notification& x : notificationsOf(ready)) {
        QVERIFY(!x.isSummary());
        if (x.type == 1) {
            QVERIFY(mentions.insert(x.id).second);
            QVERIFY(!x.html.isEmpty());
        }
    }
    QCOMPARE(mentions.size(), mentionsBefore.size());
    QCOMPARE(mentions, mentionsBefore);
    QVERIFY(unreadIds(*m_companion, 1).empty()); // the documented side effect
    QCOMPARE(n.box->unreadMentions(), 0);
}

void TestInbox::forgedAndDuplicatePushesAreDropped()
{
    Notifier n(*m_companion, {}, server::Companion::demoSid());
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    n.pushClient->start();
    QVERIFY(finished.wait(10000));
    ready.clear();

    protocol::Msg forged;
    forged.id = 9'000'001;
    forged.touid = 2333; // not us
    forged.byuid = 1;
    forged.content = QStringLiteral("[]");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("addressed to another user")));
    emit n.pushClient->messageReceived(forged);
    emit n.pushClient->messageReceived(forged); // logged once (rate-limited)
    QCOMPARE(ready.count(), 0);

    protocol::Msg hostile;
    hostile.id = 9'000'002;
    hostile.touid = server::Companion::demoUid();
    hostile.byuid = 2333;
    hostile.content = QStringLiteral("<script>alert(1)</script> not json");
    emit n.pushClient->messageReceived(hostile);
    emit n.pushClient->messageReceived(hostile); // the same id twice
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 3000);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 1);
    const Notification shown = ready.first().at(0).value<Notification>();
    QVERIFY(!shown.html.contains(u"<script", Qt::CaseInsensitive));

    protocol::Msg badId = hostile;
    badId.id = -5;
    emit n.pushClient->messageReceived(badId);
    badId.id = 9'000'003;
    badId.type = 7;
    emit n.pushClient->messageReceived(badId);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 1);
}

void TestInbox::notLoggedInAsksForLogin()
{
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(m_companion->httpUrl());
    api.setSid(QStringLiteral("NotAKnownSidNotAKnownSid"));
    inbox::HistoryStore history;
    inbox::Inbox box(nullptr, &api, nullptr, &history);
    QSignalSpy login(&box, &inbox::Inbox::loginNeeded);
    QSignalSpy ready(&box, &inbox::Inbox::notificationReady);
    box.catchUp();
    QVERIFY(login.wait(5000));
    QCOMPARE(ready.count(), 0);
    QVERIFY(!box.isCatchingUp());
}

void TestInbox::failureIsReportedAndRetried()
{
    // A port nobody listens on: take one, then close it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    api.setSid(server::Companion::demoSid());
    inbox::HistoryStore history;
    inbox::Inbox box(nullptr, &api, nullptr, &history);
    box.setRetryDelay(20ms);
    QSignalSpy failed(&box, &inbox::Inbox::catchUpFailed);
    box.catchUp();
    QVERIFY(failed.wait(5000));
    QVERIFY(!failed.first().at(0).toString().contains(server::Companion::demoSid()));
    // Retried without being asked, with a growing delay (20, 40, 80 ms ...).
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 3, 5000);

    // The forum comes back: the next retry succeeds and the retries stop.
    api.setSiteBase(m_companion->httpUrl());
    QSignalSpy finished(&box, &inbox::Inbox::catchUpFinished);
    QVERIFY(finished.wait(5000));
    const int failures = int(failed.count());
    QTest::qWait(300);
    QCOMPARE(failed.count(), failures);
    QCOMPARE(finished.count(), 1);
}

void TestInbox::concurrentRequestsRunOnceMore()
{
    Notifier n(*m_companion, {}, server::Companion::demoSid());
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    n.box->catchUp();
    QVERIFY(n.box->isCatchingUp());
    n.box->catchUp();
    n.box->catchUp();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QTest::qWait(100);
    QCOMPARE(finished.count(), 2);
    QVERIFY(finished.at(0).at(0).toInt() > 0);
    QCOMPARE(finished.at(1).at(0).toInt(), 0);
    std::set<qint64> ids;
    for (const Notification& x : notificationsOf(ready))
        QVERIFY(x.isSummary() || ids.insert(x.id).second);
}

void TestInbox::resumeReconnectsAndCatchesUp()
{
    Notifier n(*m_companion, {}, server::Companion::demoSid());
    qint64 monotonic = 1'000'000;
    qint64 boot = 5'000'000;
    n.pushClient->setWakeClocks([&] { return monotonic; }, [&] { return boot; });
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    QSignalSpy resumed(n.pushClient.get(), &client::PushClient::resumed);
    QSignalSpy states(n.pushClient.get(), &client::PushClient::stateChanged);
    n.pushClient->start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(n.pushClient->state(), client::PushClient::State::Connected);
    n.pushClient->checkForWake(); // first sample

    // Both clocks run together (time passes, the wall clock may jump as it likes): no resume, no reconnect.
    monotonic += 3'600'000;
    boot += 3'600'000;
    states.clear();
    n.pushClient->checkForWake();
    QCOMPARE(resumed.count(), 0);
    QCOMPARE(states.count(), 0);

    // A missed message while "asleep", then a 2-minute suspend: reconnect at once and catch up.
    const qint64 missed =
        m_companion->insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("zzz")));
    Q_UNUSED(missed);
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    ready.clear(); // the live push of `missed` may already be in flight; what matters is once
    finished.clear();
    monotonic += 1'000;
    boot += 121'000;
    n.pushClient->checkForWake();
    QCOMPARE(resumed.count(), 1);
    QVERIFY(resumed.first().at(0).toLongLong() >= 120'000);
    QCOMPARE(n.pushClient->state(), client::PushClient::State::Connecting);
    QVERIFY(finished.wait(10000));
    QCOMPARE(n.pushClient->state(), client::PushClient::State::Connected);
    int count = 0;
    for (const Notification& x : notificationsOf(ready))
        count += x.id == missed ? 1 : 0;
    QVERIFY(count <= 1);
    QVERIFY(n.history->isSeen(missed));
}

void TestInbox::crashBeforePresentingIsRepairedOnce()
{
    // A forum that accepts connections and never answers: the sender's name is still being looked up (up to
    // 1.5 s) when the "crash" comes.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QString path = historyPath(QStringLiteral("crash.sqlite"));
    protocol::Msg msg;
    msg.id = 9'100'001;
    msg.touid = server::Companion::demoUid();
    msg.byuid = 4242;
    msg.content = QStringLiteral(R"([{"type":"text","value":"before the crash"}])");
    {
        QNetworkAccessManager network;
        forum::ForumApi api(&network);
        api.setSiteBase(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        forum::UserDirectory users(&api);
        inbox::HistoryStore history;
        QVERIFY(history.open(path));
        client::PushClient pushClient;
        inbox::Inbox box(&pushClient, &api, &users, &history);
        QSignalSpy ready(&box, &inbox::Inbox::notificationReady);
        emit pushClient.messageReceived(msg);
        QTRY_COMPARE(history.pending().size(), 1); // recorded: the id is seen from now on
        QVERIFY(history.isSeen(msg.id));
        QTest::qWait(100);
        QCOMPARE(ready.count(), 0);
    } // everything goes before the name arrives: nothing more is written, as in a crash

    // The next start presents it, once, with the name it can get now.
    QList<Notification> repaired;
    const auto start = [&](int expected) {
        Notifier n(*m_companion, path, server::Companion::demoSid());
        QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
        if (expected > 0)
            QTRY_COMPARE_WITH_TIMEOUT(ready.count(), expected, 5000);
        // A push of the same id, or another look for pending rows, does not bring it back.
        emit n.pushClient->messageReceived(msg);
        n.box->presentPending();
        QTest::qWait(200);
        QCOMPARE(ready.count(), expected);
        QVERIFY(n.history->pending().isEmpty());
        repaired = notificationsOf(ready);
    };
    start(1);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(repaired.size(), 1);
    QCOMPARE(repaired.first().id, msg.id);
    QCOMPARE(repaired.first().source, inbox::Source::Push);
    QCOMPARE(repaired.first().summary, QStringLiteral("before the crash"));
    QVERIFY(!repaired.first().html.isEmpty());
    start(0);
    if (QTest::currentTestFailed())
        return;
    inbox::HistoryStore history;
    QVERIFY(history.open(path));
    QCOMPARE(history.list().size(), 1);
    QCOMPARE(history.list().first().summary, QStringLiteral("before the crash"));
}

void TestInbox::pendingSummaryIsPresentedOnce()
{
    // What a crash between recording a catch-up and showing it leaves behind.
    const QString path = historyPath(QStringLiteral("summary.sqlite"));
    {
        inbox::HistoryStore history;
        QVERIFY(history.open(path));
        Notification summary;
        summary.type = 1;
        summary.source = inbox::Source::Catchup;
        summary.coveredIds = {9'200'001, 9'200'002};
        summary.count = 2;
        Notification listed;
        listed.id = 9'200'003;
        listed.byuid = 2333;
        listed.senderName = QStringLiteral("阿三");
        listed.content = text(QStringLiteral("listed"));
        listed.source = inbox::Source::Catchup;
        QCOMPARE(history.recordPending({listed, summary}).size(), 2);
    }
    inbox::HistoryStore history;
    QVERIFY(history.open(path));
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(m_companion->httpUrl());
    inbox::Inbox box(nullptr, &api, nullptr, &history);
    QSignalSpy ready(&box, &inbox::Inbox::notificationReady);
    QTRY_COMPARE(ready.count(), 2);
    const QList<Notification> got = notificationsOf(ready);
    QCOMPARE(got.at(0).id, qint64(9'200'003));
    QCOMPARE(got.at(0).senderName, QStringLiteral("阿三"));
    QCOMPARE(got.at(0).summary, QStringLiteral("listed"));
    QVERIFY(got.at(1).isSummary());
    QCOMPARE(got.at(1).coveredIds, (QList<qint64>{9'200'001, 9'200'002}));
    QCOMPARE(got.at(1).count, 2);
    QVERIFY(!got.at(1).summary.isEmpty());
    QCOMPARE(got.at(1).url.path(), QStringLiteral("/q.php/msg.index.@.html"));
    box.presentPending();
    QTest::qWait(50);
    QCOMPARE(ready.count(), 2);
    QVERIFY(history.pending().isEmpty());
    QCOMPARE(history.list().size(), 2);
}

void TestInbox::presentedOnlyAfterEmission()
{
    Notifier n(*m_companion, historyPath(QStringLiteral("order.sqlite")), server::Companion::demoSid());
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    int checked = 0;
    int pendingWhileEmitted = 0;
    connect(n.box.get(), &inbox::Inbox::notificationReady, this, [&](const Notification& x) {
        ++checked;
        for (const Notification& p : n.history->pending())
            pendingWhileEmitted += p.historyKey == x.historyKey ? 1 : 0;
    });
    n.pushClient->start();
    QVERIFY(finished.wait(10000));
    QVERIFY(checked > 1); // the demo backlog and the @ summary
    const int beforePush = checked;
    const qint64 pushed = m_companion->insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("x")));
    QTRY_COMPARE(checked, beforePush + 1);
    QCOMPARE(pendingWhileEmitted, checked);
    QCOMPARE(int(n.history->list({}, 0).size()), checked);
    QVERIFY(n.history->pending().isEmpty());
    QCOMPARE(n.history->list({}, 1).first().id, pushed);
}

void TestInbox::pushesOfOneTurnAreRecordedTogetherAndShownInSlices()
{
    Notifier n(*m_companion, historyPath(QStringLiteral("turn.sqlite")), server::Companion::demoSid());
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    n.pushClient->start();
    QVERIFY(finished.wait(10000));
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    QSignalSpy counts(n.box.get(), &inbox::Inbox::unreadCountsChanged);
    const int before = n.box->unreadInbox();
    // Shown in slices: the event loop gets a turn after at most 100 of them.
    int shownBeforeNextTurn = -1;
    connect(n.box.get(), &inbox::Inbox::notificationReady, this, [&] {
        if (ready.count() == 1)
            QTimer::singleShot(0, this, [&] { shownBeforeNextTurn = int(ready.count()); });
    });
    // A burst in one event-loop turn, with duplicates inside it and one of an id already shown.
    protocol::Msg msg;
    msg.touid = server::Companion::demoUid();
    msg.byuid = 2333;
    msg.content = QStringLiteral("[]");
    for (int i = 0; i < 300; ++i) {
        msg.id = 9'300'000 + i % 250;
        emit n.pushClient->messageReceived(msg);
    }
    QTRY_COMPARE(ready.count(), 250);
    QCOMPARE(counts.count(), 1); // one batch
    QVERIFY2(shownBeforeNextTurn > 0 && shownBeforeNextTurn <= 100, qPrintable(QString::number(shownBeforeNextTurn)));
    QCOMPARE(n.box->unreadInbox(), before + 250);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 250);
    std::set<qint64> ids;
    for (const Notification& x : notificationsOf(ready))
        QVERIFY(ids.insert(x.id).second);
    QVERIFY(n.history->pending().isEmpty());
    emit n.pushClient->messageReceived(msg);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 250);
}

void TestInbox::readElsewhereIsFoundByTheCatchUp()
{
    // A backlog deep enough that the next run, stopped by its watermark, reads only its first page.
    for (int i = 0; i < 6; ++i)
        m_companion->insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("backlog %1").arg(i)));
    Notifier n(*m_companion, historyPath(QStringLiteral("elsewhere.sqlite")), server::Companion::demoSid());
    n.box->setLateCommitWindow(0ms); // the watermark follows each complete run at once
    QSignalSpy ready(n.box.get(), &inbox::Inbox::notificationReady);
    QSignalSpy finished(n.box.get(), &inbox::Inbox::catchUpFinished);
    QSignalSpy elsewhere(n.box.get(), &inbox::Inbox::readElsewhere);
    n.pushClient->start();
    QVERIFY(finished.wait(10000));
    QList<qint64> inboxIds; // oldest first
    QList<qint64> mentionIds;
    for (const Notification& x : notificationsOf(ready)) {
        if (x.isSummary())
            mentionIds = x.coveredIds;
        else
            inboxIds.append(x.id);
    }
    QVERIFY(inboxIds.size() > 8);
    QVERIFY(mentionIds.size() > 1);
    QCOMPARE(elsewhere.count(), 0);
    // A push, notified while connected.
    const qint64 pushed = m_companion->insertMessage(server::Companion::demoUid(), 2333, 0, text(QStringLiteral("hi")));
    QTRY_VERIFY(n.box->unreadInbox() == int(inboxIds.size()) + 1);

    // Read in a browser: the newest and the oldest inbox message (beyond the first page the next run reads, at page
    // size 3, since everything older is below its watermark), the push, one @ message. Another one is marked read
    // here: that is no news.
    QString error;
    const QList<qint64> readThere{inboxIds.first(), inboxIds.last(), pushed, mentionIds.first()};
    QCOMPARE(m_companion->store()->markRead(readThere, &error), int(readThere.size()));
    n.box->markRead(inboxIds.at(1));
    QTRY_VERIFY(!unreadIds(*m_companion, 0).count(inboxIds.at(1)));
    finished.clear();
    n.box->catchUp();
    QVERIFY(finished.wait(5000));
    QList<qint64> found;
    for (const QList<QVariant>& args : elsewhere)
        found.append(args.at(0).value<QList<qint64>>());
    std::sort(found.begin(), found.end());
    QList<qint64> expected = readThere;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(found, expected);
    // The history agrees.
    for (const Notification& x : n.history->list({}, 0)) {
        if (readThere.contains(x.id))
            QVERIFY(x.read);
    }

    // Once said, not again; and every @ message read (count 0) takes back the rest of them.
    elsewhere.clear();
    QVERIFY(m_companion->store()->markRead(mentionIds, &error) > 0);
    finished.clear();
    n.box->catchUp();
    QVERIFY(finished.wait(5000));
    QCOMPARE(elsewhere.count(), 1);
    QCOMPARE(elsewhere.first().at(0).value<QList<qint64>>(), mentionIds.mid(1));
}

QTEST_GUILESS_MAIN(TestInbox)
#include "tst_inbox.moc"
