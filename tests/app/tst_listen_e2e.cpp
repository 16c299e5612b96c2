// SPDX-License-Identifier: GPL-3.0-or-later
// End to end: `hu60-notifier listen` in its own process against `serve`, fed by `push`: JSON and readable output,
// --exec, where the session id comes from, the exit codes, and --state across a crash.
#include "core/inbox/historystore.h"
#include "core/server/companion.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <sys/stat.h>

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
    void malformedSidExitsWithAuthCode();
    void sidNeverAnArgument();
    void execRunsOneCommandPerMessage_data();
    void execRunsOneCommandPerMessage();
    void humanReadableLines();
    void hostileTextNeverReachesTheTerminal();
    void storedSidIsUsed();
    void environmentSidComesFirst();
    void noSidExitsWithAuthCode();
    void storedSidStaysWithItsSite();
    void badArguments_data();
    void badArguments();
    void unreachableServerExitsWith4();
    void keepTryingRetriesAnUnreachableServer();
    void sigtermExitsCleanly();
    void sigtermLetsDueCommandsFinish();
    void secondListenOnTheSameStateIsRefused();
    void stateFilesAreTheOwnersAlone();
    void execRunsSurviveKill_data();
    void execRunsSurviveKill();

private:
    /// A listener that is expected to end by itself: its exit code and output.
    struct Finished
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Finished runToExit(const QProcessEnvironment& env, const QStringList& arguments);
    static QProcessEnvironment withSid(const QString& sid);
    /// A loopback port that was just free: nothing listens there.
    static quint16 closedPort();
    QJsonObject nextRecord(QProcess& listener, const QString& kind, int timeoutMs = 10000);
    /// Waits for a state line with @p state (JSON mode).
    bool waitForState(QProcess& listener, const QString& state);
    qint64 push(const QJsonArray& content, int type = 0, qint64 from = 2333);
    /// Pushes @p count text messages at once over the admin API; their ids (empty on failure).
    QList<qint64> pushBurst(int count);
    QStringList listenArguments(const QStringList& extra = {}) const;
    /// An environment with its own HOME and XDG folders and no session bus, so that neither the developer's
    /// settings nor a keychain are seen; the credential store falls back to its file there.
    QProcessEnvironment isolatedEnvironment(const QString& name);
    /// The tray app's stored login in an isolated environment: the settings' site and the fallback file.
    void storeLogin(const QProcessEnvironment& env, const QString& sid);
    QTemporaryDir m_dir;
    /// Runs `listen --json --state stateFile` until its first catch-up finished; the ids of the msg lines.
    QList<qint64> printedUntilCaughtUp(const QString& stateFile);
    QProcess m_server;
    QJsonObject m_endpoints;
};

void TestListenE2e::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server.start(binary,
                   {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                    QStringLiteral("--http"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin-token"), token});
    QVERIFY(m_server.waitForStarted(5000));
    QVERIFY(QTest::qWaitFor([this] { return m_server.canReadLine(); }, 10000));
    m_endpoints = QJsonDocument::fromJson(m_server.readLine()).object();
    QVERIFY(m_endpoints.value(u"push").toString().startsWith(u"ws://127.0.0.1:"));
}

TestListenE2e::Finished TestListenE2e::runToExit(const QProcessEnvironment& env, const QStringList& arguments)
{
    QProcess listener;
    listener.setProcessEnvironment(env);
    listener.start(binary, arguments);
    Finished result;
    if (!listener.waitForFinished(30000)) {
        listener.kill();
        listener.waitForFinished(5000);
        return result;
    }
    result.exitCode = listener.exitStatus() == QProcess::NormalExit ? listener.exitCode() : -1;
    result.out = listener.readAllStandardOutput();
    result.err = listener.readAllStandardError();
    return result;
}

QProcessEnvironment TestListenE2e::withSid(const QString& sid)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HU60_SID"), sid);
    return env;
}

quint16 TestListenE2e::closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 1;
    return probe.serverPort(); // closed again when `probe` goes
}

QStringList TestListenE2e::listenArguments(const QStringList& extra) const
{
    return QStringList{QStringLiteral("listen"), QStringLiteral("--site"), m_endpoints.value(u"http").toString(),
                       QStringLiteral("--push-url"), m_endpoints.value(u"push").toString()} +
           extra;
}

bool TestListenE2e::waitForState(QProcess& listener, const QString& state)
{
    for (;;) {
        const QJsonObject record = nextRecord(listener, QStringLiteral("state"));
        if (record.isEmpty())
            return false;
        if (record.value(u"state").toString() == state)
            return true;
    }
}

qint64 TestListenE2e::push(const QJsonArray& content, int type, qint64 from)
{
    QProcess process;
    process.start(binary,
                  {QStringLiteral("push"), QStringLiteral("--http"), m_endpoints.value(u"http").toString(),
                   QStringLiteral("--token"), token, QStringLiteral("--to"),
                   QString::number(server::Companion::demoUid()), QStringLiteral("--from"), QString::number(from),
                   QStringLiteral("--type"), QString::number(type), QStringLiteral("--content"),
                   QString::fromUtf8(QJsonDocument(content).toJson(QJsonDocument::Compact))});
    if (!process.waitForFinished(10000) || process.exitCode() != 0)
        return 0;
    return process.readAllStandardOutput().trimmed().toLongLong();
}

QList<qint64> TestListenE2e::pushBurst(int count)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(m_endpoints.value(u"http").toString() + QStringLiteral("/admin/push")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QList<QNetworkReply*> replies;
    for (int i = 0; i < count; ++i) {
        const QJsonObject body{
            {QStringLiteral("touid"), server::Companion::demoUid()},
            {QStringLiteral("byuid"), 2333},
            {QStringLiteral("type"), 0},
            {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                               {QStringLiteral("value"), QString::number(i)}}}}};
        replies.append(network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    }
    QList<qint64> ids;
    for (QNetworkReply* reply : std::as_const(replies)) {
        if (!reply->isFinished() && !QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000))
            return {};
        const qint64 id = QJsonDocument::fromJson(reply->readAll()).object().value(u"id").toInteger();
        if (id <= 0)
            return {};
        ids.append(id);
        reply->deleteLater();
    }
    return ids;
}

QProcessEnvironment TestListenE2e::isolatedEnvironment(const QString& name)
{
    const QString root = m_dir.filePath(name);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* variable : {"HU60_SID", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"})
        env.remove(QString::fromLatin1(variable));
    for (const char* folder :
         {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"}) {
        const QString path = root + u'/' + QString::fromLatin1(folder).toLower();
        QDir().mkpath(path);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        env.insert(QString::fromLatin1(folder), path);
    }
    return env;
}

void TestListenE2e::storeLogin(const QProcessEnvironment& env, const QString& sid)
{
    // The same places the tray app uses: QSettings' native file and CredentialStore's fallback file.
    QSettings settings(env.value(QStringLiteral("XDG_CONFIG_HOME")) + QStringLiteral("/hu60/hu60-notifier.conf"),
                       QSettings::IniFormat);
    settings.setValue(QStringLiteral("version"), 1);
    settings.setValue(QStringLiteral("account/site"), m_endpoints.value(u"http").toString());
    settings.setValue(QStringLiteral("account/pushUrl"), m_endpoints.value(u"push").toString());
    settings.sync();
    QVERIFY(settings.status() == QSettings::NoError);
    const QString dataDir = env.value(QStringLiteral("XDG_DATA_HOME")) + QStringLiteral("/hu60/hu60-notifier");
    QVERIFY(QDir().mkpath(dataDir));
    QFile file(dataDir + QStringLiteral("/credentials"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(sid.toUtf8());
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

void TestListenE2e::malformedSidExitsWithAuthCode()
{
    const Finished run = runToExit(withSid(QStringLiteral("short")), listenArguments({QStringLiteral("--json")}));
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains("malformed"));
}

void TestListenE2e::sidNeverAnArgument()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("HU60_SID"));
    const Finished run = runToExit(env, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--sid"),
                                         server::Companion::demoSid()});
    QCOMPARE(run.exitCode, 2);
    // Refused with the reason, and the value is not echoed back.
    QVERIFY2(run.err.contains("--sid is not accepted"), run.err.constData());
    QVERIFY(run.err.contains("HU60_SID"));
    QVERIFY(!run.err.contains(server::Companion::demoSid().toUtf8()));
}

void TestListenE2e::execRunsOneCommandPerMessage_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("json") << true;
    QTest::newRow("human") << false;
}

void TestListenE2e::execRunsOneCommandPerMessage()
{
    QFETCH(bool, json);
    // The command: appends its stdin to lines.jsonl and a few variables of its environment to env.txt.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = dir.filePath(QStringLiteral("on-message.sh"));
    {
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\n"
                   "cat >> \"$1/lines.jsonl\"\n"
                   "printf '%s %s %s %s %s\\n' \"$HU60_MSG_KIND\" \"${HU60_MSG_ID:--}\" \"$HU60_MSG_TYPE\" "
                   "\"${HU60_SID-nosid}\" \"$HU60_MSG_URL\" >> \"$1/env.txt\"\n");
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    QProcess listener;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HU60_SID"), server::Companion::demoSid());
    listener.setProcessEnvironment(env);
    QStringList extra{QStringLiteral("--exec"), script,    QStringLiteral("--exec-jobs"), QStringLiteral("2"),
                      QStringLiteral("--"),     dir.path()};
    if (json)
        extra.prepend(QStringLiteral("--json"));
    listener.start(binary, listenArguments(extra));
    QVERIFY(listener.waitForStarted(5000));

    // Everything the listener prints until it has printed every pushed id.
    QList<QJsonObject> records;
    QStringList humanLines;
    QByteArray stdoutText;
    const auto readLines = [&] {
        while (listener.canReadLine()) {
            const QByteArray line = listener.readLine();
            stdoutText += line;
            if (json)
                records.append(QJsonDocument::fromJson(line).object());
            else
                humanLines.append(QString::fromUtf8(line).trimmed());
        }
    };
    QVERIFY(QTest::qWaitFor(
        [&] {
            readLines();
            return stdoutText.contains(json ? "\"state\":\"connected\"" : "state: connected");
        },
        10000));

    constexpr int count = 5;
    QList<qint64> ids;
    for (int i = 0; i < count; ++i) {
        const qint64 id = push(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                      {QStringLiteral("value"), QStringLiteral("第 %1 条").arg(i)}}});
        QVERIFY(id > 0);
        ids.append(id);
    }
    const auto printed = [&](qint64 id) {
        if (json)
            return std::any_of(records.cbegin(), records.cend(), [id](const QJsonObject& r) {
                return r.value(u"kind").toString() == u"msg" && r.value(u"id").toInteger() == id;
            });
        return std::any_of(humanLines.cbegin(), humanLines.cend(),
                           [id](const QString& line) { return line.contains(QStringLiteral("#%1]").arg(id)); });
    };
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     readLines();
                     return std::all_of(ids.cbegin(), ids.cend(), printed);
                 },
                 15000),
             stdoutText.constData());

    // One command per msg/mentions line: wait until the file has them all, then a little longer for extras.
    int expectedRuns = count;
    if (json)
        expectedRuns = int(std::count_if(records.cbegin(), records.cend(), [](const QJsonObject& r) {
            return r.value(u"kind").toString() == u"msg" || r.value(u"kind").toString() == u"mentions";
        }));
    else
        expectedRuns = int(std::count_if(humanLines.cbegin(), humanLines.cend(), [](const QString& line) {
            return line.contains(QLatin1String("] ")) && line.contains(QLatin1String("  ["));
        }));
    const auto fileLines = [&](const QString& name) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return QList<QByteArray>();
        QList<QByteArray> lines = file.readAll().split('\n');
        lines.removeAll(QByteArray());
        return lines;
    };
    QVERIFY(QTest::qWaitFor([&] { return fileLines(QStringLiteral("env.txt")).size() >= expectedRuns; }, 15000));
    QTest::qWait(300);
    readLines();
    listener.kill();
    listener.waitForFinished(5000);

    const QList<QByteArray> lines = fileLines(QStringLiteral("lines.jsonl"));
    const QList<QByteArray> environments = fileLines(QStringLiteral("env.txt"));
    QCOMPARE(lines.size(), expectedRuns);
    QCOMPARE(environments.size(), expectedRuns);
    QList<QJsonObject> received;
    for (const QByteArray& line : lines) {
        QJsonParseError error{};
        received.append(QJsonDocument::fromJson(line, &error).object());
        QCOMPARE(error.error, QJsonParseError::NoError);
    }
    if (json) {
        // Exactly the objects --json printed for msg and mentions (up to order: two commands may run at once).
        QList<QJsonObject> expected;
        for (const QJsonObject& r : std::as_const(records)) {
            if (r.value(u"kind").toString() == u"msg" || r.value(u"kind").toString() == u"mentions")
                expected.append(r);
        }
        for (const QJsonObject& r : std::as_const(expected))
            QVERIFY2(received.count(r) == 1, QJsonDocument(r).toJson(QJsonDocument::Compact).constData());
    }
    for (int i = 0; i < count; ++i) {
        const qint64 id = ids.at(i);
        const auto it = std::find_if(received.cbegin(), received.cend(),
                                     [id](const QJsonObject& r) { return r.value(u"id").toInteger() == id; });
        QVERIFY(it != received.cend());
        QCOMPARE(it->value(u"kind").toString(), QStringLiteral("msg"));
        QCOMPARE(it->value(u"byuid").toInteger(), 2333);
        QCOMPARE(it->value(u"text").toString(), QStringLiteral("第 %1 条").arg(i));
        const QString url =
            m_endpoints.value(u"http").toString() + QStringLiteral("/q.php/msg.index.view.%1.html").arg(id);
        QCOMPARE(it->value(u"url").toString(), url);
        // The variables: kind, id, type, no session id, URL.
        const QByteArray variables = QStringLiteral("msg %1 0 nosid %2").arg(id).arg(url).toUtf8();
        QCOMPARE(environments.count(variables), 1);
    }
    for (const QByteArray& line : environments)
        QVERIFY2(!line.contains(server::Companion::demoSid().toUtf8()), line.constData());
}

void TestListenE2e::humanReadableLines()
{
    QProcess listener;
    QProcessEnvironment env = isolatedEnvironment(QStringLiteral("human")); // English: no language setting
    env.insert(QStringLiteral("HU60_SID"), server::Companion::demoSid());
    listener.setProcessEnvironment(env);
    listener.start(binary, listenArguments());
    QVERIFY(listener.waitForStarted(5000));
    QByteArray all;
    QVERIFY(QTest::qWaitFor(
        [&] {
            all += listener.readAllStandardOutput();
            return all.contains("state: connected");
        },
        10000));
    QVERIFY2(!all.startsWith('{'), all.constData());

    // Hostile text: a line break and a terminal escape sequence must not reach the terminal as such.
    const qint64 id =
        push(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                    {QStringLiteral("value"), QStringLiteral("晚上好\n第二行 \x1b[31mred")}}},
             1, 2333);
    QVERIFY(id > 0);
    // A long text is cut to one short line, never inside a character.
    QString emoji;
    for (int i = 0; i < 150; ++i)
        emoji += QStringLiteral("😀");
    const qint64 longId = push(
        QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), emoji}}});
    QVERIFY(longId > 0);
    const QString marker = QStringLiteral("#%1]").arg(id);
    const QString longMarker = QStringLiteral("#%1]").arg(longId);
    QString line;
    QString longLine;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     all += listener.readAllStandardOutput();
                     for (const QString& l : QString::fromUtf8(all).split(u'\n')) {
                         if (l.contains(marker))
                             line = l;
                         if (l.contains(longMarker))
                             longLine = l;
                     }
                     return !line.isEmpty() && !longLine.isEmpty();
                 },
                 10000),
             all.constData());
    listener.kill();
    listener.waitForFinished(5000);

    // time, type, sender, one-line text, URL
    const QRegularExpression shape(QStringLiteral(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  \[@ mention #%1\] )"
                                                  R"((.+ \()?2333\)?: 晚上好 第二行 .*red  (\S+)$)")
                                       .arg(id));
    const QRegularExpressionMatch match = shape.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    QVERIFY2(match.captured(2).startsWith(m_endpoints.value(u"http").toString() + u"/q.php/"), qPrintable(line));
    QVERIFY(!line.contains(QChar(0x1b)));
    QVERIFY2(!longLine.contains(QChar(QChar::ReplacementCharacter)), qPrintable(longLine));
    const QString text = longLine.section(QStringLiteral(": "), 1).section(QStringLiteral("  "), 0, 0);
    QVERIFY2(text.endsWith(u'…') && text.size() <= 200 && text.size() > 150, qPrintable(text));
    // Every line of a readable run starts with the time, and none is raw JSON.
    const QStringList lines = QString::fromUtf8(all).split(u'\n', Qt::SkipEmptyParts);
    for (const QString& l : lines) {
        const QRegularExpressionMatch time =
            QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  (.))")).match(l);
        QVERIFY2(time.hasMatch(), qPrintable(l));
        QVERIFY2(time.captured(1) != u"{", qPrintable(l));
    }
    QVERIFY(lines.filter(QRegularExpression(QStringLiteral("  unread: \\d+ messages, \\d+ @ mentions$"))).size() > 0);
}

void TestListenE2e::hostileTextNeverReachesTheTerminal()
{
    // A sender named with terminal escapes (title, clear screen, a one-byte C1 CSI, a right-to-left override) on a
    // forum of its own, and a push service that refuses the connection with the same kind of reason.
    const QString hostile = QStringLiteral("\x1b]0;owned\x07\x1b[2J\u009b31m\u202e阿三");
    QFile data(m_dir.filePath(QStringLiteral("hostile-forum.json")));
    QVERIFY(data.open(QIODevice::WriteOnly));
    const QJsonArray users{
        QJsonObject{{QStringLiteral("uid"), server::Companion::demoUid()},
                    {QStringLiteral("name"), QStringLiteral("小明")},
                    {QStringLiteral("sid"), server::Companion::demoSid()},
                    {QStringLiteral("regtime"), 1514736000}},
        QJsonObject{{QStringLiteral("uid"), 2333}, {QStringLiteral("name"), hostile}, {QStringLiteral("regtime"), 0}}};
    data.write(QJsonDocument(QJsonObject{{QStringLiteral("users"), users}, {QStringLiteral("messages"), QJsonArray()}})
                   .toJson());
    data.close();
    QProcess forum;
    forum.start(binary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--http"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin-token"),
                         token, QStringLiteral("--data"), data.fileName()});
    QVERIFY(forum.waitForStarted(5000));
    QVERIFY(QTest::qWaitFor([&] { return forum.canReadLine(); }, 10000));
    const QJsonObject endpoints = QJsonDocument::fromJson(forum.readLine()).object();
    const QString http = endpoints.value(u"http").toString();
    QVERIFY(http.startsWith(u"http://127.0.0.1:"));

    QWebSocketServer refusing(QStringLiteral("refusing"), QWebSocketServer::NonSecureMode);
    QVERIFY(refusing.listen(QHostAddress::LocalHost, 0));
    const QString reason = QStringLiteral("\x1b]0;owned\x07\x1b[2J\u009b31m\u202eno");
    connect(&refusing, &QWebSocketServer::newConnection, this, [&] {
        while (QWebSocket* socket = refusing.nextPendingConnection()) {
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
        }
    });

    const auto unsafe = [](const QByteArray& bytes) {
        return bytes.contains('\x1b') || bytes.contains('\x07') || bytes.contains("\xc2\x9b") ||
               bytes.contains("\xe2\x80\xae");
    };
    QProcessEnvironment env = isolatedEnvironment(QStringLiteral("hostile"));
    env.insert(QStringLiteral("HU60_SID"), server::Companion::demoSid());

    // The sender's name on a message line.
    QProcess listener;
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--site"), http, QStringLiteral("--push-url"),
                            endpoints.value(u"push").toString()});
    QVERIFY(listener.waitForStarted(5000));
    QByteArray out;
    QByteArray err;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     out += listener.readAllStandardOutput();
                     return out.contains("state: connected");
                 },
                 10000),
             out.constData());
    QProcess push;
    push.start(binary, {QStringLiteral("push"), QStringLiteral("--http"), http, QStringLiteral("--token"), token,
                        QStringLiteral("--to"), QString::number(server::Companion::demoUid()), QStringLiteral("--from"),
                        QStringLiteral("2333"), QStringLiteral("--text"), QStringLiteral("hi \x1b[5mthere")});
    QVERIFY(push.waitForFinished(10000));
    QCOMPARE(push.exitCode(), 0);
    const QByteArray marker =
        QStringLiteral("#%1]").arg(QString::fromUtf8(push.readAllStandardOutput().trimmed())).toUtf8();
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     out += listener.readAllStandardOutput();
                     return out.contains(marker) && out.indexOf('\n', out.indexOf(marker)) > 0;
                 },
                 10000),
             out.constData());
    listener.kill();
    listener.waitForFinished(5000);
    err += listener.readAllStandardError();
    const QByteArray line = out.mid(out.indexOf(marker)).split('\n').constFirst();
    QVERIFY2(line.contains("阿三 (2333)") && line.contains("hi [5mthere"), line.constData());

    // The refusal's reason on a failure line and in the log on stderr: shown, escaped.
    QProcess refused;
    refused.setProcessEnvironment(env);
    refused.start(binary, {QStringLiteral("listen"), QStringLiteral("--site"), http, QStringLiteral("--push-url"),
                           QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(refusing.serverPort())});
    QVERIFY(refused.waitForStarted(5000));
    QByteArray refusedOut;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     refusedOut += refused.readAllStandardOutput();
                     return refusedOut.contains("connection problem") &&
                            refusedOut.indexOf('\n', refusedOut.indexOf("connection problem")) > 0;
                 },
                 15000),
             refusedOut.constData());
    refused.kill();
    refused.waitForFinished(5000);
    err += refused.readAllStandardError();
    forum.kill();
    forum.waitForFinished(5000);
    QVERIFY2(refusedOut.contains(R"(\x1B]0;owned\x07\x1B[2J\x9B31m\u202Eno)"), refusedOut.constData());
    QVERIFY2(err.contains(R"(\x1B]0;owned\x07)"), err.constData());
    QVERIFY2(!unsafe(out), out.toPercentEncoding(" :/#()[]").constData());
    QVERIFY2(!unsafe(refusedOut), refusedOut.toPercentEncoding(" :/#()[]").constData());
    QVERIFY2(!unsafe(err), err.toPercentEncoding(" :/#()[]\n").constData());
}

void TestListenE2e::storedSidIsUsed()
{
    // No HU60_SID: the tray app's login is used, with its configured site (no --site needed).
    const QProcessEnvironment env = isolatedEnvironment(QStringLiteral("stored"));
    storeLogin(env, server::Companion::demoSid());
    QProcess listener;
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--json")});
    QVERIFY(listener.waitForStarted(5000));
    QVERIFY2(waitForState(listener, QStringLiteral("connected")), listener.readAllStandardError().constData());
    listener.kill();
    listener.waitForFinished(5000);
}

void TestListenE2e::environmentSidComesFirst()
{
    // A good stored login, but HU60_SID is set (to a wrong sid): HU60_SID wins, and the server rejects it.
    QProcessEnvironment env = isolatedEnvironment(QStringLiteral("precedence"));
    storeLogin(env, server::Companion::demoSid());
    env.insert(QStringLiteral("HU60_SID"), QStringLiteral("WrongWrongWrongWrongWrong1"));
    QCOMPARE(runToExit(env, {QStringLiteral("listen"), QStringLiteral("--json")}).exitCode, 3);
}

void TestListenE2e::noSidExitsWithAuthCode()
{
    const Finished run =
        runToExit(isolatedEnvironment(QStringLiteral("nosid")), listenArguments({QStringLiteral("--json")}));
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.out.isEmpty()); // nothing was attempted
    QVERIFY2(run.err.contains("No session id"), run.err.constData());
    QVERIFY(run.err.contains("HU60_SID"));
}

void TestListenE2e::storedSidStaysWithItsSite()
{
    const QProcessEnvironment env = isolatedEnvironment(QStringLiteral("othersite"));
    storeLogin(env, server::Companion::demoSid());
    const Finished run = runToExit(env, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--site"),
                                         QStringLiteral("http://127.0.0.2:9")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains("belongs to"));
    // Nor to another push service.
    const Finished push = runToExit(env, {QStringLiteral("listen"), QStringLiteral("--json"),
                                          QStringLiteral("--push-url"), QStringLiteral("ws://127.0.0.2:9/ws/msg")});
    QCOMPARE(push.exitCode, 2);
    QVERIFY(push.err.contains("belongs to"));
    QVERIFY(push.err.contains("ws://127.0.0.2:9"));
}

void TestListenE2e::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--no-such-option")};
    QTest::newRow("site not http") << QStringList{QStringLiteral("--site"), QStringLiteral("ftp://127.0.0.1/")};
    QTest::newRow("push url not ws") << QStringList{QStringLiteral("--push-url"),
                                                    QStringLiteral("http://127.0.0.1:1/ws/msg")};
    // Refused before anything connects (.invalid names never resolve).
    QTest::newRow("site plain http to another computer")
        << QStringList{QStringLiteral("--site"), QStringLiteral("http://forum.invalid/")};
    QTest::newRow("push ws:// to another computer without consent")
        << QStringList{QStringLiteral("--push-url"), QStringLiteral("ws://push.invalid/ws/msg")};
    QTest::newRow("exec not found") << QStringList{QStringLiteral("--exec"), QStringLiteral("/nonexistent/program")};
    QTest::newRow("exec not executable") << QStringList{QStringLiteral("--exec"), QStringLiteral("/etc/passwd")};
    QTest::newRow("exec-jobs 0") << QStringList{QStringLiteral("--exec"), QStringLiteral("/bin/sh"),
                                                QStringLiteral("--exec-jobs"), QStringLiteral("0")};
    QTest::newRow("exec-timeout negative") << QStringList{QStringLiteral("--exec"), QStringLiteral("/bin/sh"),
                                                          QStringLiteral("--exec-timeout"), QStringLiteral("-1")};
    QTest::newRow("exec-jobs without exec") << QStringList{QStringLiteral("--exec-jobs"), QStringLiteral("2")};
    QTest::newRow("stray argument") << QStringList{QStringLiteral("stray")};
}

void TestListenE2e::badArguments()
{
    QFETCH(QStringList, arguments);
    // The good endpoints first: a bad value given later replaces them.
    const Finished run =
        runToExit(withSid(server::Companion::demoSid()), listenArguments({QStringLiteral("--json")}) + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.startsWith("hu60-notifier listen: "));
}

void TestListenE2e::unreachableServerExitsWith4()
{
    const quint16 port = closedPort();
    const Finished run = runToExit(withSid(server::Companion::demoSid()),
                                   {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--site"),
                                    QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("--push-url"),
                                    QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(port)});
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("Cannot reach ws://127.0.0.1:"), run.err.constData());
    QVERIFY(!run.err.contains(server::Companion::demoSid().toUtf8()));
}

void TestListenE2e::keepTryingRetriesAnUnreachableServer()
{
    const quint16 port = closedPort();
    QProcess listener;
    QProcessEnvironment env = withSid(server::Companion::demoSid());
    env.insert(QStringLiteral("HU60_TEST_FAST_BACKOFF"), QStringLiteral("1"));
    listener.setProcessEnvironment(env);
    listener.start(binary, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--keep-trying"),
                            QStringLiteral("--site"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                            QStringLiteral("--push-url"), QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(port)});
    QVERIFY(listener.waitForStarted(5000));
    // Two failed attempts in a row, and still running.
    QVERIFY(waitForState(listener, QStringLiteral("reconnecting")));
    QVERIFY(waitForState(listener, QStringLiteral("reconnecting")));
    QCOMPARE(listener.state(), QProcess::Running);
    listener.kill();
    listener.waitForFinished(5000);
}

void TestListenE2e::sigtermExitsCleanly()
{
    QProcess listener;
    listener.setProcessEnvironment(withSid(server::Companion::demoSid()));
    listener.start(binary, listenArguments({QStringLiteral("--json")}));
    QVERIFY(listener.waitForStarted(5000));
    QVERIFY(waitForState(listener, QStringLiteral("connected")));
    listener.terminate(); // SIGTERM
    QVERIFY(listener.waitForFinished(10000));
    QCOMPARE(listener.exitStatus(), QProcess::NormalExit);
    QCOMPARE(listener.exitCode(), 0);
}

void TestListenE2e::sigtermLetsDueCommandsFinish()
{
    // Each command takes a while; SIGTERM arrives while they run or wait: listen still exits 0 only after every
    // message printed so far has had its command.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("done.txt"));
    QProcess listener;
    listener.setProcessEnvironment(withSid(server::Companion::demoSid()));
    listener.start(binary, listenArguments({QStringLiteral("--json"), QStringLiteral("--exec"),
                                            QStringLiteral("/bin/sh"), QStringLiteral("--"), QStringLiteral("-c"),
                                            QStringLiteral("sleep 0.3; cat >> '%1'").arg(out)}));
    QVERIFY(listener.waitForStarted(5000));
    QVERIFY(waitForState(listener, QStringLiteral("connected")));
    const qint64 id = push(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                  {QStringLiteral("value"), QStringLiteral("last words")}}});
    QVERIFY(id > 0);
    const QByteArray idField = "\"id\":" + QByteArray::number(id);
    QByteArray printed;
    QVERIFY(QTest::qWaitFor(
        [&] {
            printed += listener.readAllStandardOutput();
            return printed.contains(idField);
        },
        10000));
    listener.terminate();
    QVERIFY(listener.waitForFinished(20000));
    QCOMPARE(listener.exitStatus(), QProcess::NormalExit);
    QCOMPARE(listener.exitCode(), 0);
    printed += listener.readAllStandardOutput();
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray done = file.readAll();
    QCOMPARE(done.count('\n'), printed.count("\"kind\":\"msg\"") + printed.count("\"kind\":\"mentions\""));
    QVERIFY(done.contains(idField));
}

void TestListenE2e::stateFilesAreTheOwnersAlone()
{
    // The state file holds the messages: it, its WAL, shared memory and lock 0600 and a folder made for it 0700,
    // under the usual umask (the child inherits it).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const mode_t umaskBefore = ::umask(022);
    const auto restoreUmask = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
    const QString folder = dir.filePath(QStringLiteral("new"));
    const QString state = folder + QStringLiteral("/state.db");
    QProcess listener;
    listener.setProcessEnvironment(withSid(server::Companion::demoSid()));
    listener.start(binary, listenArguments({QStringLiteral("--json"), QStringLiteral("--state"), state}));
    QVERIFY(listener.waitForStarted(5000));
    QVERIFY(!nextRecord(listener, QStringLiteral("catchup")).isEmpty());
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    for (const QString& file : QStringList{folder, state, state + QStringLiteral("-wal"),
                                           state + QStringLiteral("-shm"), state + QStringLiteral(".lock")}) {
        QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        QVERIFY2((QFileInfo(file).permissions() & others) == QFileDevice::Permissions(), qPrintable(file));
    }
    listener.kill();
    QVERIFY(listener.waitForFinished(5000));
}

void TestListenE2e::secondListenOnTheSameStateIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList arguments = listenArguments({QStringLiteral("--json"), QStringLiteral("--no-presence"),
                                                   QStringLiteral("--state"), dir.filePath(QStringLiteral("s.db"))});
    QProcess first;
    first.setProcessEnvironment(withSid(server::Companion::demoSid()));
    first.start(binary, arguments);
    QVERIFY(first.waitForStarted(5000));
    QVERIFY(waitForState(first, QStringLiteral("connected")));

    const Finished second = runToExit(withSid(server::Companion::demoSid()), arguments);
    QCOMPARE(second.exitCode, 5);
    QVERIFY2(second.err.contains("is in use by another process"), second.err.constData());
    QVERIFY2(second.err.contains(QByteArray::number(first.processId())), second.err.constData());
    QVERIFY(second.out.isEmpty() || !second.out.contains("\"kind\":\"msg\""));

    // The first keeps working.
    const qint64 id = push(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                  {QStringLiteral("value"), QStringLiteral("still here")}}});
    QVERIFY(id > 0);
    QJsonObject msg;
    do {
        msg = nextRecord(first, QStringLiteral("msg"));
    } while (!msg.isEmpty() && msg.value(u"id").toInteger() != id);
    QCOMPARE(msg.value(u"id").toInteger(), id);
    first.kill(); // a lock left by a process that died is taken over
    QVERIFY(first.waitForFinished(5000));
    QProcess third;
    third.setProcessEnvironment(withSid(server::Companion::demoSid()));
    third.start(binary, arguments);
    QVERIFY(third.waitForStarted(5000));
    QVERIFY2(waitForState(third, QStringLiteral("connected")), third.readAllStandardError().constData());
    third.kill();
    third.waitForFinished(5000);
}

void TestListenE2e::execRunsSurviveKill_data()
{
    QTest::addColumn<bool>("sigkill");
    QTest::newRow("kill -9 mid-burst") << true;
    QTest::newRow("SIGTERM with a long queue") << false;
}

void TestListenE2e::execRunsSurviveKill()
{
    // 200 messages, a command that takes a little while for each; the listener is stopped while most still wait
    // and started again on the same state file: every message gets its command at least once, and exactly once
    // for a command that dedupes on HU60_MSG_RUN_ID (an atomic mkdir). After SIGTERM nothing even runs twice.
    QFETCH(bool, sigkill);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("runs")));
    const QString script = dir.filePath(QStringLiteral("on-message.sh"));
    {
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\n"
                   "[ \"$HU60_MSG_KIND\" = msg ] || exit 0\n"
                   "echo \"$HU60_MSG_ID\" >> \"$1/all.txt\"\n"
                   "mkdir \"$1/runs/$HU60_MSG_RUN_ID\" 2>/dev/null || exit 0\n"
                   "echo \"$HU60_MSG_ID\" >> \"$1/once.txt\"\n"
                   "sleep 0.03\n");
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    const QStringList arguments =
        listenArguments({QStringLiteral("--json"), QStringLiteral("--no-presence"), QStringLiteral("--state"),
                         dir.filePath(QStringLiteral("state.sqlite")), QStringLiteral("--exec"), script,
                         QStringLiteral("--"), dir.path()});
    const auto idsIn = [&](const QString& name) {
        QFile file(dir.filePath(name));
        QList<qint64> ids;
        if (file.open(QIODevice::ReadOnly)) {
            for (const QByteArray& line : file.readAll().split('\n')) {
                if (!line.isEmpty())
                    ids.append(line.toLongLong());
            }
        }
        return ids;
    };

    QProcess listener;
    listener.setProcessEnvironment(withSid(server::Companion::demoSid()));
    listener.start(binary, arguments);
    QVERIFY(listener.waitForStarted(5000));
    QVERIFY(waitForState(listener, QStringLiteral("connected")));
    constexpr int count = 200;
    const QList<qint64> ids = pushBurst(count);
    QCOMPARE(ids.size(), count);
    QVERIFY(QTest::qWaitFor([&] { return idsIn(QStringLiteral("once.txt")).size() >= 20; }, 30000));
    if (sigkill) {
        listener.kill();
        QVERIFY(listener.waitForFinished(5000));
    } else {
        listener.terminate();
        QVERIFY(listener.waitForFinished(20000));
        QCOMPARE(listener.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listener.exitCode(), 0);
        const QByteArray err = listener.readAllStandardError();
        QVERIFY2(err.contains("kept in the state file"), err.constData());
        // It stopped with most of the queue still waiting, instead of running it all first.
        QVERIFY(idsIn(QStringLiteral("once.txt")).size() < count);
    }

    listener.start(binary, arguments);
    QVERIFY(listener.waitForStarted(5000));
    const auto allRan = [&] {
        const QList<qint64> once = idsIn(QStringLiteral("once.txt"));
        return std::all_of(ids.cbegin(), ids.cend(), [&](qint64 id) { return once.contains(id); });
    };
    QVERIFY2(QTest::qWaitFor(allRan, 60000), listener.readAllStandardError().constData());
    listener.terminate();
    QVERIFY(listener.waitForFinished(20000));
    const QList<qint64> all = idsIn(QStringLiteral("all.txt"));
    const QList<qint64> once = idsIn(QStringLiteral("once.txt"));
    for (const qint64 id : ids) {
        QVERIFY2(all.count(id) >= 1, QByteArray::number(id).constData());
        QCOMPARE(once.count(id), 1);
        if (!sigkill)
            QCOMPARE(all.count(id), 1);
    }
}

QTEST_GUILESS_MAIN(TestListenE2e)
#include "tst_listen_e2e.moc"
