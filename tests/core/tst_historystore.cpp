// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: the seen-id set that makes delivery exactly-once, persisted and bounded.
#include "core/inbox/historystore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

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
    void recordPendingIsTheDedupePoint();
    void pendingRowsSurviveRestartPruningAndClear();
    void migratesAVersion1Database();
    void secondStoreOnTheSameFileIsRefused();
    void createdReadableByItsOwnerOnly();

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

void TestHistoryStore::secondStoreOnTheSameFileIsRefused()
{
    // The lock belongs to the open store, as to a process: a second one is refused until the first closes.
    const QString path = m_dir.filePath(QStringLiteral("locked.sqlite"));
    HistoryStore first;
    QVERIFY(first.open(path));
    QVERIFY(first.open(path)); // opening the same file again keeps the lock
    QVERIFY(first.markSeen(5));
    {
        HistoryStore second;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("history: cannot open.*in use")));
        QString error;
        QVERIFY(!second.open(path, &error));
        QVERIFY2(error.contains(QLatin1String("in use by another process")), qPrintable(error));
        QVERIFY(second.isInUseElsewhere());
        QVERIFY(!second.isPersistent());
        QVERIFY(second.markSeen(5)); // its memory, not the file
    }
    QVERIFY(!first.markSeen(5)); // the first one keeps working
    first.close();
    HistoryStore third;
    QVERIFY(third.open(path));
    QVERIFY(!third.isInUseElsewhere());
    QVERIFY(third.isSeen(5));
}

void TestHistoryStore::createdReadableByItsOwnerOnly()
{
    // Private messages: the file, its WAL and lock 0600 and the folder made for them 0700, under the usual umask
    // that would leave them readable by everyone; an older file readable by others is made private.
    const mode_t umaskBefore = ::umask(022);
    const auto restoreUmask = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    const QString folder = m_dir.filePath(QStringLiteral("private/sub"));
    const QString path = folder + QStringLiteral("/history.sqlite");
    {
        HistoryStore store;
        QVERIFY(store.open(path));
        QVERIFY(store.isPersistent());
        store.add(message(31, 0, QStringLiteral("a"), QStringLiteral("secret")));
        for (const QString& file : QStringList{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm"),
                                               path + QStringLiteral(".lock")}) {
            QVERIFY2(QFile::exists(file), qPrintable(file));
            QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
            QVERIFY(QFile::permissions(file) & QFileDevice::ReadOwner);
        }
        QCOMPARE(QFile::permissions(folder) & others, QFileDevice::Permissions());
        QVERIFY(QFile::permissions(folder) & QFileDevice::ExeOwner);
    }
    // Written by an older version with the umask's 0644.
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                            QFileDevice::ReadOther));
    HistoryStore again;
    QVERIFY(again.open(path));
    QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());
    QVERIFY(again.isSeen(31));
    // A folder that is there already keeps its mode: it may be the user's own choice (a shared data folder).
    const QString shared = m_dir.filePath(QStringLiteral("shared"));
    QVERIFY(QDir().mkdir(shared));
    const QFileDevice::Permissions sharedMode = QFile::permissions(shared);
    HistoryStore inShared;
    QVERIFY(inShared.open(shared + QStringLiteral("/h.sqlite")));
    QCOMPARE(QFile::permissions(shared), sharedMode);
    QCOMPARE(QFile::permissions(shared + QStringLiteral("/h.sqlite")) & others, QFileDevice::Permissions());
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

void TestHistoryStore::recordPendingIsTheDedupePoint()
{
    HistoryStore store;
    QVERIFY(store.markSeen(8, 1)); // announced earlier
    QSignalSpy changed(&store, &HistoryStore::changed);
    Notification summary;
    summary.type = 1;
    summary.coveredIds = {7, 8, 9};
    summary.count = 3;
    const QList<Notification> recorded =
        store.recordPending({message(5, 0, {}, {}), message(6, 0, {}, {}), message(5, 0, {}, {}), summary});
    QCOMPARE(recorded.size(), 3);
    QCOMPARE(recorded.at(0).historyKey, qint64(5));
    QCOMPARE(recorded.at(1).historyKey, qint64(6));
    QVERIFY(recorded.at(0).receivedAt.isValid());
    // The summary keeps the ids not announced before.
    QVERIFY(recorded.at(2).isSummary());
    QVERIFY(recorded.at(2).historyKey < 0);
    QCOMPARE(recorded.at(2).coveredIds, (QList<qint64>{7, 9}));
    QCOMPARE(recorded.at(2).count, 2);
    for (qint64 id : {5, 6, 7, 9})
        QVERIFY(store.isSeen(id));
    QCOMPARE(store.lastId(0), qint64(6));
    QCOMPARE(store.lastId(1), qint64(9));
    // Recorded is not presented: not in the history yet, but pending, oldest first.
    QVERIFY(store.list().isEmpty());
    QCOMPARE(store.unreadCount(), 0);
    QCOMPARE(changed.count(), 0);
    QList<Notification> pending = store.pending();
    QCOMPARE(pending.size(), 3);
    QCOMPARE(pending.at(0).id, qint64(5));
    QCOMPARE(pending.at(2).coveredIds, (QList<qint64>{7, 9}));
    // Again: nothing new (the summary's ids are all announced now).
    QVERIFY(store.recordPending({message(6, 0, {}, {}), summary}).isEmpty());
    QVERIFY(!store.markSeen(9));

    // Presenting stores what was shown and moves the rows into the history.
    QList<Notification> shown = recorded;
    shown[0].senderName = QStringLiteral("阿三");
    shown[0].summary = QStringLiteral("rendered");
    shown[2].summary = QStringLiteral("2 new @ messages");
    store.markPresented(shown);
    QCOMPARE(changed.count(), 1);
    QVERIFY(store.pending().isEmpty());
    const QList<Notification> all = store.list();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(2).senderName, QStringLiteral("阿三"));
    QCOMPARE(all.at(2).summary, QStringLiteral("rendered"));
    QCOMPARE(all.at(0).summary, QStringLiteral("2 new @ messages"));
    QCOMPARE(store.unreadCount(), 4);
}

void TestHistoryStore::pendingRowsSurviveRestartPruningAndClear()
{
    const QString path = m_dir.filePath(QStringLiteral("pending.sqlite"));
    {
        HistoryStore store;
        QVERIFY(store.open(path));
        QCOMPARE(store.recordPending({message(21, 0, {}, QStringLiteral("a")), message(22, 0, {}, {})}).size(), 2);
        store.add(message(23, 0, {}, QStringLiteral("shown")));
    } // a crash before presenting: nothing more is written
    HistoryStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.pending().size(), 2);
    QCOMPARE(store.pending().first().id, qint64(21));
    QCOMPARE(store.pending().first().content.first().toObject().value(u"value").toString(), QStringLiteral("a"));
    QVERIFY(!store.recordPending({message(21, 0, {}, {})}).size());
    // Neither the history's bound nor "clear" drops a notification still to be shown.
    store.setMaxEntries(1);
    for (qint64 id = 100; id < 300; ++id)
        store.add(message(id, 0, {}, {}));
    store.setMaxEntries(1);
    QCOMPARE(store.list({}, 0).size(), 1);
    QCOMPARE(store.pending().size(), 2);
    store.clear();
    QVERIFY(store.list().isEmpty());
    QCOMPARE(store.pending().size(), 2);
    store.markPresented(store.pending());
    QVERIFY(store.pending().isEmpty());
    QCOMPARE(store.list().size(), 2);
}

void TestHistoryStore::migratesAVersion1Database()
{
    const QString path = m_dir.filePath(QStringLiteral("v1.sqlite"));
    {
        // The schema the first release wrote, with one shown notification and one seen id.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const char* sql : {
                 "CREATE TABLE schema_version (version INTEGER NOT NULL)",
                 "INSERT INTO schema_version (version) VALUES (1)",
                 "CREATE TABLE notifications (seq INTEGER PRIMARY KEY AUTOINCREMENT, key INTEGER NOT NULL UNIQUE, "
                 "id INTEGER NOT NULL, type INTEGER NOT NULL, byuid INTEGER NOT NULL, sender TEXT, content TEXT, "
                 "html TEXT, summary TEXT, url TEXT, received INTEGER NOT NULL, forum_time INTEGER NOT NULL, "
                 "source INTEGER NOT NULL, read INTEGER NOT NULL, count INTEGER NOT NULL, covered TEXT)",
                 "CREATE TABLE seen (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, at INTEGER NOT NULL)",
                 "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                 "INSERT INTO notifications (key, id, type, byuid, sender, content, html, summary, url, received, "
                 "forum_time, source, read, count, covered) VALUES (31, 31, 0, 2333, 'old', '[]', 'old', 'old', "
                 "'', 1700000000000, 0, 0, 0, 1, '')",
                 "INSERT INTO seen (id, type, at) VALUES (31, 0, 1700000000)",
                 "INSERT INTO meta (key, value) VALUES ('last.0', 31)",
             })
            QVERIFY2(query.exec(QString::fromLatin1(sql)), sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    {
        HistoryStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        // The old rows had been shown: presented, not pending.
        QVERIFY(store.pending().isEmpty());
        QCOMPARE(store.list().size(), 1);
        QCOMPARE(store.list().first().summary, QStringLiteral("old"));
        QCOMPARE(store.unreadCount(0), 1);
        QVERIFY(store.isSeen(31));
        QCOMPARE(store.lastId(0), qint64(31));
        QCOMPARE(store.recordPending({message(32, 0, {}, {})}).size(), 1);
        QCOMPARE(store.pending().size(), 1);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT version FROM schema_version")) && query.next());
        QCOMPARE(query.value(0).toInt(), 2);
        QVERIFY(!query.next());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    HistoryStore again; // opening a migrated file is a no-op
    QVERIFY(again.open(path));
    QCOMPARE(again.pending().size(), 1);
    QCOMPARE(again.list().size(), 1);
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
