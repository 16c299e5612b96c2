// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: the seen-id set that makes delivery exactly-once, persisted and bounded.
#include "core/inbox/historystore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using inbox::HistoryStore;
using inbox::Notification;

namespace {

Notification message(qint64 id, int type, const QString& sender, const QString& summary)
{
    Notification n;
    n.id = id;
    n.type = type;
    n.byuid = 2333;
    n.senderName = sender;
    n.summary = summary;
    n.html = summary.toHtmlEscaped();
    n.url = QUrl(QStringLiteral("http://127.0.0.1/q.php/msg.index.view.%1.html").arg(id));
    n.content = QJsonArray{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), QJsonValue(summary)}}};
    n.source = inbox::Source::Catchup;
    n.forumTime = 1700000000 + id;
    return n;
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void markSeenIsCheckAndSet();
    void persistsAcrossReopen();
    void listNewestFirstFilterAndLimit();
    void summariesAndReadState();
    void boundedByPruning();
    void fallsBackToMemory();
    void burstIsRecordedOnce();

private:
    QTemporaryDir m_dir;
};

void TestHistoryStore::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestHistoryStore::markSeenIsCheckAndSet()
{
    HistoryStore store;
    QVERIFY(!store.isPersistent());
    QVERIFY(!store.isSeen(7));
    QVERIFY(store.markSeen(7, 0));
    QVERIFY(!store.markSeen(7, 0));
    QVERIFY(!store.markSeen(7)); // the type does not matter for dedupe
    QVERIFY(store.isSeen(7));
    QVERIFY(store.markSeen(9, 1));
    QVERIFY(store.markSeen(3, 0));
    QCOMPARE(store.lastId(0), qint64(7));
    QCOMPARE(store.lastId(1), qint64(9));
    QCOMPARE(store.seenCount(), 3);
    // add() marks its id seen too, so a later push of the same id is refused.
    store.add(message(11, 0, QStringLiteral("阿三"), QStringLiteral("hello")));
    QVERIFY(!store.markSeen(11));
}

void TestHistoryStore::persistsAcrossReopen()
{
    const QString path = m_dir.filePath(QStringLiteral("sub/history.sqlite"));
    {
        HistoryStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QVERIFY(store.isPersistent());
        QCOMPARE(store.path(), path);
        store.add(message(101, 0, QStringLiteral("阿三"), QStringLiteral("晚上开黑吗？")));
        QVERIFY(store.markSeen(102, 1));
        store.setCatchUpMark(0, 101);
    }
    HistoryStore again;
    QVERIFY(again.open(path));
    QVERIFY(again.isSeen(101));
    QVERIFY(again.isSeen(102));
    QVERIFY(!again.markSeen(102));
    QCOMPARE(again.catchUpMark(0), qint64(101));
    QCOMPARE(again.lastId(1), qint64(102));
    const QList<Notification> all = again.list();
    QCOMPARE(all.size(), 1);
    const Notification& n = all.first();
    QCOMPARE(n.id, qint64(101));
    QCOMPARE(n.historyKey, qint64(101));
    QCOMPARE(n.senderName, QStringLiteral("阿三"));
    QCOMPARE(n.summary, QStringLiteral("晚上开黑吗？"));
    QCOMPARE(n.content.first().toObject().value(u"value").toString(), QStringLiteral("晚上开黑吗？"));
    QCOMPARE(n.source, inbox::Source::Catchup);
    QCOMPARE(n.forumTime, qint64(1700000101));
    QCOMPARE(n.url.toString(), QStringLiteral("http://127.0.0.1/q.php/msg.index.view.101.html"));
    QVERIFY(n.receivedAt.isValid());
}

void TestHistoryStore::listNewestFirstFilterAndLimit()
{
    HistoryStore store;
    QSignalSpy changed(&store, &HistoryStore::changed);
    store.add(message(1, 0, QStringLiteral("Alice"), QStringLiteral("first 100%")));
    store.add(message(2, 1, QStringLiteral("阿三"), QStringLiteral("second")));
    store.add(message(3, 0, QStringLiteral("bob"), QStringLiteral("third mentions ALICE")));
    store.add(message(3, 0, QStringLiteral("bob"), QStringLiteral("a duplicate is ignored")));
    QCOMPARE(changed.count(), 3);
    QList<Notification> all = store.list();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).id, qint64(3));
    QCOMPARE(all.at(2).id, qint64(1));
    QCOMPARE(all.at(0).summary, QStringLiteral("third mentions ALICE"));
    // Case-insensitive, over sender and summary.
    const QList<Notification> alice = store.list(QStringLiteral("alice"));
    QCOMPARE(alice.size(), 2);
    QCOMPARE(store.list(QStringLiteral("阿三")).size(), 1);
    // LIKE wildcards in the filter are literal.
    QCOMPARE(store.list(QStringLiteral("100%")).size(), 1);
    QCOMPARE(store.list(QStringLiteral("_")).size(), 0);
    QCOMPARE(store.list({}, 2).size(), 2);
    store.clear();
    QVERIFY(store.list().isEmpty());
    QVERIFY(store.isSeen(2)); // clearing the visible history never re-notifies
}

void TestHistoryStore::summariesAndReadState()
{
    HistoryStore store;
    Notification summary;
    summary.type = 1;
    summary.count = 5;
    summary.coveredIds = {40, 41, 42, 43, 44};
    summary.summary = QStringLiteral("5 new @ messages");
    store.add(summary);
    store.add(summary); // a second summary gets its own row
    store.add(message(50, 0, QStringLiteral("x"), QStringLiteral("y")));
    QCOMPARE(store.unreadCount(1), 10);
    QCOMPARE(store.unreadCount(0), 1);
    QCOMPARE(store.unreadCount(), 11);
    const QList<Notification> all = store.list();
    QCOMPARE(all.size(), 3);
    QVERIFY(all.at(1).isSummary());
    QVERIFY(all.at(1).historyKey < 0);
    QVERIFY(all.at(1).historyKey != all.at(2).historyKey);
    QCOMPARE(all.at(1).coveredIds, summary.coveredIds);
    QCOMPARE(all.at(1).count, 5);
    store.setRead(all.at(1).historyKey);
    store.setRead(50);
    QCOMPARE(store.unreadCount(1), 5);
    QCOMPARE(store.unreadCount(0), 0);
    QVERIFY(store.list().at(0).read);
    store.setRead(50, false);
    QCOMPARE(store.unreadCount(0), 1);
}

void TestHistoryStore::boundedByPruning()
{
    HistoryStore store;
    store.setMaxEntries(10);
    store.setMaxSeenIds(50);
    for (qint64 id = 1; id <= 400; ++id)
        store.add(message(id, 0, QStringLiteral("s"), QStringLiteral("m%1").arg(id)));
    // Pruning runs in batches, so the bound may be passed by one batch, never more.
    QVERIFY2(store.list({}, 0).size() <= 10 + 100, qPrintable(QString::number(store.list({}, 0).size())));
    QVERIFY(store.seenCount() <= 50 + 100);
    QCOMPARE(store.list({}, 1).first().id, qint64(400)); // the newest survive
    QVERIFY(store.isSeen(400));
    QVERIFY(!store.isSeen(1)); // the oldest ids went first
    store.setMaxEntries(10);
    QCOMPARE(store.list({}, 0).size(), 10);
    QCOMPARE(store.list({}, 0).last().id, qint64(391));
    QCOMPARE(store.lastId(0), qint64(400)); // kept although old ids were pruned
}

void TestHistoryStore::fallsBackToMemory()
{
    HistoryStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("history: cannot open")));
    QString error;
    QVERIFY(!store.open(QStringLiteral("/proc/self/no-such-dir/history.sqlite"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.isPersistent());
    QVERIFY(store.path().isEmpty());
    QVERIFY(store.markSeen(1));
    QVERIFY(!store.markSeen(1));
    store.add(message(2, 0, QStringLiteral("a"), QStringLiteral("b")));
    QCOMPARE(store.list().size(), 1);
}

void TestHistoryStore::burstIsRecordedOnce()
{
    HistoryStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("burst.sqlite"))));
    int fresh = 0;
    for (qint64 id = 1; id <= 2000; ++id) {
        if (store.markSeen(id, 0))
            ++fresh;
        store.add(message(id, 0, QStringLiteral("s"), QStringLiteral("m")));
    }
    QCOMPARE(fresh, 2000);
    // Every id of the burst is recorded once (how fast is bench/'s business, not a unit test's).
    for (qint64 id = 1; id <= 2000; ++id)
        QVERIFY(!store.markSeen(id, 0));
    QCOMPARE(store.unreadCount(0), 2000);
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
