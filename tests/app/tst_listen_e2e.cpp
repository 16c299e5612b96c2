// SPDX-License-Identifier: GPL-3.0-or-later
// End to end: `hu60-notifier listen --json` in its own process against `serve`, fed by `push`.
#include "core/inbox/historystore.h"
#include "core/server/companion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString binary = QStringLiteral(HU60_NOTIFIER_BINARY);
const QString token = QStringLiteral("listen-test-token");

} // namespace

class TestListenE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void receivesPushedMessages();
    void presentsWhatACrashLeftPendingOnce();
    void badSidExitsWithAuthCode();
    void sidNeverAnArgument();

private:
    QJsonObject nextRecord(QProcess& listener, const QString& kind, int timeoutMs = 10000);
    /// Runs `listen --json --state stateFile` until its first catch-up finished; the ids of the msg lines.
    QList<qint64> printedUntilCaughtUp(const QString& stateFile);
    QProcess m_server;
    QJsonObject m_endpoints;
};

void TestListenE2e::initTestCase()
{
    m_server.start(binary,
                   {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                    QStringLiteral("--http"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin-token"), token});
    QVERIFY(m_server.waitForStarted(5000));
    QVERIFY(QTest::qWaitFor([this] { return m_server.canReadLine(); }, 10000));
    m_endpoints = QJsonDocument::fromJson(m_server.readLine()).object();
    QVERIFY(m_endpoints.value(u"push").toString().startsWith(u"ws://127.0.0.1:"));
}

void TestListenE2e::cleanupTestCase()
{
    m_server.kill();
    m_server.waitForFinished(5000);
}

QJsonObject TestListenE2e::nextRecord(QProcess& listener, const QString& kind, int timeoutMs)
{
    QJsonObject found;
    // The result is in `found`; a timeout leaves it empty.
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            while (listener.canReadLine()) {
                const QJsonObject record = QJsonDocument::fromJson(listener.readLine()).object();
                if (record.value(u"kind").toString() == kind) {
                    found = record;
                    return true;
                }
            }
            return listener.state() == QProcess::NotRunning;
        },
        timeoutMs);
    return found;
}

void TestListenE2e::receivesPushedMessages()
{
    QProcess listener;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HU60_SID"), server::Companion::demoSid());
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--site"),
                            m_endpoints.value(u"http").toString(), QStringLiteral("--push-url"),
                            m_endpoints.value(u"push").toString()});
    QVERIFY(listener.waitForStarted(5000));
    QJsonObject state;
    do {
        state = nextRecord(listener, QStringLiteral("state"));
        QVERIFY2(!state.isEmpty(), listener.readAllStandardError().constData());
    } while (state.value(u"state").toString() != u"connected");

    QProcess push;
    push.start(binary, {QStringLiteral("push"), QStringLiteral("--http"), m_endpoints.value(u"http").toString(),
                        QStringLiteral("--token"), token, QStringLiteral("--to"),
                        QString::number(server::Companion::demoUid()), QStringLiteral("--from"), QStringLiteral("2333"),
                        QStringLiteral("--type"), QStringLiteral("0"), QStringLiteral("--content"),
                        QStringLiteral(R"([{"type":"text","value":"<b>晚上好</b>"},{"type":"face","face":"ok"}])")});
    QVERIFY(push.waitForFinished(10000));
    QCOMPARE(push.exitCode(), 0);
    const qint64 id = push.readAllStandardOutput().trimmed().toLongLong();
    QVERIFY(id > 0);

    // Unread demo messages are caught up after connecting (source "catchup"); the pushed one follows, normally
    // by push, or by the catch-up when that was slower than the push process (printed once either way).
    QJsonObject msg;
    do {
        msg = nextRecord(listener, QStringLiteral("msg"));
    } while (!msg.isEmpty() && msg.value(u"id").toInteger() != id);
    QCOMPARE(msg.value(u"id").toInteger(), id);
    QCOMPARE(msg.value(u"type").toInt(), 0);
    QCOMPARE(msg.value(u"byuid").toInteger(), 2333);
    QVERIFY(msg.value(u"source").toString() == u"push" || msg.value(u"source").toString() == u"catchup");
    QCOMPARE(msg.value(u"text").toString(), QStringLiteral("<b>晚上好</b>{ok}"));
    QCOMPARE(msg.value(u"url").toString(),
             m_endpoints.value(u"http").toString() + QStringLiteral("/q.php/msg.index.view.%1.html").arg(id));
    listener.kill();
    listener.waitForFinished(5000);
}

QList<qint64> TestListenE2e::printedUntilCaughtUp(const QString& stateFile)
{
    QProcess listener;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HU60_SID"), server::Companion::demoSid());
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--no-presence"),
                            QStringLiteral("--state"), stateFile, QStringLiteral("--site"),
                            m_endpoints.value(u"http").toString(), QStringLiteral("--push-url"),
                            m_endpoints.value(u"push").toString()});
    QList<qint64> ids;
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            while (listener.canReadLine()) {
                const QJsonObject record = QJsonDocument::fromJson(listener.readLine()).object();
                if (record.value(u"kind").toString() == u"msg")
                    ids.append(record.value(u"id").toInteger());
                if (record.value(u"kind").toString() == u"catchup")
                    return true;
            }
            return listener.state() == QProcess::NotRunning;
        },
        15000);
    listener.kill();
    listener.waitForFinished(5000);
    return ids;
}

void TestListenE2e::presentsWhatACrashLeftPendingOnce()
{
    // The state a crash leaves between recording a push and printing it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString stateFile = dir.filePath(QStringLiteral("state.sqlite"));
    const qint64 lost = 9'400'001;
    {
        inbox::HistoryStore history;
        QVERIFY(history.open(stateFile));
        inbox::Notification n;
        n.id = lost;
        n.byuid = 2333;
        n.content = QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                           {QStringLiteral("value"), QStringLiteral("left behind")}}};
        QCOMPARE(history.recordPending({n}).size(), 1);
    }
    const QList<qint64> first = printedUntilCaughtUp(stateFile);
    QCOMPARE(first.count(lost), 1);
    QVERIFY(first.size() > 1); // and the demo backlog
    // Printed means presented: the next run prints neither it nor the backlog again.
    QCOMPARE(printedUntilCaughtUp(stateFile), QList<qint64>{});
}

void TestListenE2e::badSidExitsWithAuthCode()
{
    QProcess listener;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString badSid = QStringLiteral("WrongWrongWrongWrongWrong1");
    env.insert(QStringLiteral("HU60_SID"), badSid);
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--site"),
                            m_endpoints.value(u"http").toString(), QStringLiteral("--push-url"),
                            m_endpoints.value(u"push").toString()});
    QVERIFY(listener.waitForFinished(15000));
    QCOMPARE(listener.exitCode(), 3);
    const QByteArray everything = listener.readAllStandardOutput() + listener.readAllStandardError();
    QVERIFY(everything.contains("auth-rejected"));
    QVERIFY(!everything.contains(badSid.toUtf8()));
}

void TestListenE2e::sidNeverAnArgument()
{
    QProcess listener;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("HU60_SID"));
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--sid"),
                            server::Companion::demoSid()});
    QVERIFY(listener.waitForFinished(10000));
    QCOMPARE(listener.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestListenE2e)
#include "tst_listen_e2e.moc"
