// SPDX-License-Identifier: GPL-3.0-or-later
// End to end: `send` and `reply` in their own processes against `serve`, and what two `listen`s on it print —
// a private message, a private reply, an @ answered in its topic at the next floor, a robot answering; refusals
// keep the typed text; a lost answer says to check, with exit code 4.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString binary = QStringLiteral(HU60_NOTIFIER_BINARY);
const QString xiaoMing = QStringLiteral("Hu60DemoSid10086XiaoMing0001"); // uid 10086
const QString aSan = QStringLiteral("Hu60DemoSid02333ASan0000001");      // uid 2333

struct Finished
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestSendE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void twoUsersTalk();
    void anAtIsAnsweredInItsTopic();
    void aRobotAnswers();
    void refusalsKeepTheText_data();
    void refusalsKeepTheText();
    void aLostAnswerSaysCheck();
    void sidNeverAnArgument();

private:
    QProcessEnvironment environment(const QString& sid) const;
    Finished run(const QString& sid, const QStringList& arguments, const QByteArray& input = {});
    /// A `listen --json` for `sid`, running until its first catch-up finished.
    std::unique_ptr<QProcess> startListener(const QString& sid);
    /// The next `msg` record the listener prints (skipping every other line); empty when none came in time.
    QJsonObject nextMessage(QProcess& listener, int timeoutMs = 10000);
    QString site() const { return m_endpoints.value(u"http").toString(); }

    QTemporaryDir m_dir;
    QProcess m_server;
    QJsonObject m_endpoints;
};

void TestSendE2e::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server.start(binary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                            QStringLiteral("--http"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(m_server.waitForStarted(5000));
    QVERIFY(QTest::qWaitFor([this] { return m_server.canReadLine(); }, 10000));
    m_endpoints = QJsonDocument::fromJson(m_server.readLine()).object();
    QVERIFY(site().startsWith(u"http://127.0.0.1:"));
}

void TestSendE2e::cleanupTestCase()
{
    m_server.terminate();
    if (!m_server.waitForFinished(5000))
        m_server.kill();
}

QProcessEnvironment TestSendE2e::environment(const QString& sid) const
{
    // Nobody's settings or keychain: an isolated home without a session bus.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    if (!sid.isEmpty())
        env.insert(QStringLiteral("HU60_SID"), sid);
    return env;
}

Finished TestSendE2e::run(const QString& sid, const QStringList& arguments, const QByteArray& input)
{
    QProcess process;
    process.setProcessEnvironment(environment(sid));
    process.start(binary, arguments);
    Finished result;
    if (!process.waitForStarted(5000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

std::unique_ptr<QProcess> TestSendE2e::startListener(const QString& sid)
{
    auto listener = std::make_unique<QProcess>();
    listener->setProcessEnvironment(environment(sid));
    listener->start(binary, {QStringLiteral("listen"), QStringLiteral("--json"), QStringLiteral("--site"), site(),
                             QStringLiteral("--push-url"), m_endpoints.value(u"push").toString()});
    if (!listener->waitForStarted(5000))
        return nullptr;
    // Past its catch-up, what it prints next is new.
    const bool caughtUp = QTest::qWaitFor(
        [&listener] {
            while (listener->canReadLine()) {
                const QJsonObject line = QJsonDocument::fromJson(listener->readLine()).object();
                if (line.value(u"kind").toString() == u"catchup")
                    return true;
            }
            return false;
        },
        15000);
    return caughtUp ? std::move(listener) : nullptr;
}

QJsonObject TestSendE2e::nextMessage(QProcess& listener, int timeoutMs)
{
    QJsonObject found;
    (void)QTest::qWaitFor(
        [&] {
            while (listener.canReadLine()) {
                const QJsonObject line = QJsonDocument::fromJson(listener.readLine()).object();
                if (line.value(u"kind").toString() == u"msg") {
                    found = line;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

void TestSendE2e::twoUsersTalk()
{
    const auto ming = startListener(xiaoMing);
    const auto san = startListener(aSan);
    QVERIFY(ming && san);

    // 小明 writes to 阿三 by name, text from stdin: 阿三's listener prints it, as Markdown rendered to text.
    Finished sent = run(
        xiaoMing,
        {QStringLiteral("send"), QStringLiteral("--site"), site(), QStringLiteral("--name"), QStringLiteral("阿三")},
        "**晚上**好\n");
    QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
    QVERIFY2(sent.out.contains(QStringLiteral("阿三")), qPrintable(sent.out));
    const QJsonObject received = nextMessage(*san);
    QCOMPARE(received.value(u"byuid").toInteger(), 10086);
    QVERIFY2(received.value(u"text").toString().contains(QStringLiteral("晚上好")),
             QJsonDocument(received).toJson().constData());
    QVERIFY(!received.value(u"text").toString().contains(u'*'));

    // 阿三 replies to that message by its id: 小明's listener prints the reply from 2333.
    const qint64 id = received.value(u"id").toInteger();
    QVERIFY(id > 0);
    Finished replied = run(aSan, {QStringLiteral("reply"), QStringLiteral("--site"), site(),
                                  QStringLiteral("--to-message"), QString::number(id), QStringLiteral("好的，九点")});
    QVERIFY2(replied.exitCode == 0, qPrintable(replied.err));
    const QJsonObject answer = nextMessage(*ming);
    QCOMPARE(answer.value(u"byuid").toInteger(), 2333);
    QCOMPARE(answer.value(u"type").toInt(), 0);
    QVERIFY2(answer.value(u"text").toString().contains(QStringLiteral("好的，九点")),
             QJsonDocument(answer).toJson().constData());
}

void TestSendE2e::anAtIsAnsweredInItsTopic()
{
    const auto san = startListener(aSan);
    QVERIFY(san);
    // The demo's @ 2000102: 阿三 mentioned 小明 on floor 12 of topic 105001. The answer goes there, mentioning him.
    Finished replied =
        run(xiaoMing, {QStringLiteral("reply"), QStringLiteral("--site"), site(), QStringLiteral("--to-message"),
                       QStringLiteral("2000102"), QStringLiteral("Wayland 下正常")});
    QVERIFY2(replied.exitCode == 0, qPrintable(replied.err));
    QVERIFY2(replied.out.contains(QStringLiteral("bbs.topic.105001.html?floor=")), qPrintable(replied.out));
    const QJsonObject mention = nextMessage(*san);
    QCOMPARE(mention.value(u"type").toInt(), 1);
    QCOMPARE(mention.value(u"byuid").toInteger(), 10086);
    QVERIFY2(mention.value(u"url").toString().contains(QStringLiteral("bbs.topic.105001.html?floor=")),
             QJsonDocument(mention).toJson().constData());
    QVERIFY2(mention.value(u"text").toString().contains(QStringLiteral("Wayland 下正常")),
             QJsonDocument(mention).toJson().constData());
}

void TestSendE2e::aRobotAnswers()
{
    const auto ming = startListener(xiaoMing);
    QVERIFY(ming);
    Finished sent = run(xiaoMing, {QStringLiteral("send"), QStringLiteral("--site"), site(), QStringLiteral("--to"),
                                   QStringLiteral("-50"), QStringLiteral("今天天气怎么样？")});
    QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
    const QJsonObject answer = nextMessage(*ming);
    QCOMPARE(answer.value(u"byuid").toInteger(), -50);
    QVERIFY2(answer.value(u"text").toString().contains(QStringLiteral("今天天气怎么样？")),
             QJsonDocument(answer).toJson().constData());
}

void TestSendE2e::refusalsKeepTheText_data()
{
    QTest::addColumn<QString>("sid");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("said");
    QTest::newRow("comments closed") << xiaoMing
                                     << QStringList{QStringLiteral("reply"), QStringLiteral("--to-message"),
                                                    QStringLiteral("2000106"), QStringLiteral("收到，站长")}
                                     << 1 << QStringLiteral("评论已关闭");
    QTest::newRow("not logged in") << QStringLiteral("NotAKnownSessionId000000001")
                                   << QStringList{QStringLiteral("send"), QStringLiteral("--to"),
                                                  QStringLiteral("2333"), QStringLiteral("收到，站长")}
                                   << 3 << QString();
    QTest::newRow("no such user") << xiaoMing
                                  << QStringList{QStringLiteral("send"), QStringLiteral("--name"),
                                                 QStringLiteral("不存在的人"), QStringLiteral("收到，站长")}
                                  << 2 << QStringLiteral("不存在的人");
    QTest::newRow("no such message") << xiaoMing
                                     << QStringList{QStringLiteral("reply"), QStringLiteral("--to-message"),
                                                    QStringLiteral("999"), QStringLiteral("收到，站长")}
                                     << 2 << QStringLiteral("999");
}

void TestSendE2e::refusalsKeepTheText()
{
    QFETCH(QString, sid);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, said);
    arguments.insert(1, QStringLiteral("--site"));
    arguments.insert(2, site());
    const Finished result = run(sid, arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.contains(said), qPrintable(result.err));
    // Whatever the forum said, when it was the forum that refused, the text typed is printed back, not lost.
    if (exitCode == 1 || exitCode == 3)
        QVERIFY2(result.err.contains(QStringLiteral("收到，站长")), qPrintable(result.err));
    QVERIFY(!result.err.contains(u"<!md>"));
}

void TestSendE2e::aLostAnswerSaysCheck()
{
    // A "forum" that takes the request and drops the connection without an answer.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    connect(&silent, &QTcpServer::newConnection, this, [&silent] {
        while (QTcpSocket* socket = silent.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->abort();
                socket->deleteLater();
            });
        }
    });
    QProcess process;
    QProcessEnvironment env = environment(xiaoMing);
    process.setProcessEnvironment(env);
    process.start(binary, {QStringLiteral("send"), QStringLiteral("--site"),
                           QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), QStringLiteral("--to"),
                           QStringLiteral("2333"), QStringLiteral("很重要的话")});
    QVERIFY(QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(process.exitCode(), 4);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("很重要的话")), qPrintable(err));
}

void TestSendE2e::sidNeverAnArgument()
{
    const Finished result =
        run(QString(), {QStringLiteral("send"), QStringLiteral("--site"), site(), QStringLiteral("--to"),
                        QStringLiteral("2333"), QStringLiteral("--sid"), xiaoMing, QStringLiteral("hi")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!result.err.contains(xiaoMing));
}

QTEST_GUILESS_MAIN(TestSendE2e)
#include "tst_send_e2e.moc"
