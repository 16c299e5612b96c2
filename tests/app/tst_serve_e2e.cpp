// SPDX-License-Identifier: GPL-3.0-or-later
// End to end: the real `hu60-notifier serve` and `hu60-notifier push` processes.
#include "core/protocol/event.h"
#include "core/server/companion.h"
#include "support/serverprobe.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString binary = QStringLiteral(HU60_NOTIFIER_BINARY);

} // namespace

class TestServeE2e : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString dataFile() const { return m_dir.filePath(QStringLiteral("data.json")); }

    static QProcessEnvironment cleanEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("HU60_ADMIN_TOKEN"));
        return env;
    }

    /// Starts `serve` and returns its first stdout line as JSON (empty on failure).
    static QJsonObject startServer(QProcess& process, const QStringList& extra)
    {
        process.setProcessEnvironment(cleanEnvironment());
        process.start(binary,
                      QStringList{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                  QStringLiteral("--http"), QStringLiteral("127.0.0.1:0")} +
                          extra);
        if (!process.waitForStarted(5000))
            return {};
        if (!QTest::qWaitFor([&process] { return process.canReadLine() || process.state() == QProcess::NotRunning; },
                             10000))
            return {};
        return QJsonDocument::fromJson(process.readLine()).object();
    }

    static int runPush(const QStringList& arguments, QByteArray* out = nullptr)
    {
        QProcess push;
        push.setProcessEnvironment(cleanEnvironment());
        push.start(binary, QStringList{QStringLiteral("push")} + arguments);
        // Keep the event loop running: the server under test lives in another process, but probes live here.
        if (!QTest::qWaitFor([&push] { return push.state() == QProcess::NotRunning; }, 15000))
            return -1;
        if (out)
            *out = push.readAllStandardOutput().trimmed();
        return push.exitStatus() == QProcess::NormalExit ? push.exitCode() : -1;
    }

    static QJsonObject getJson(const QUrl& url)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setRawHeader("Cookie", "hu60_sid=" + server::Companion::demoSid().toUtf8());
        QNetworkReply* reply = network.get(request);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            return {};
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void serveAndPush()
    {
        QProcess server;
        const QJsonObject endpoints = startServer(
            server, {QStringLiteral("--admin-token"), QStringLiteral("T"), QStringLiteral("--data"), dataFile()});
        QVERIFY2(!endpoints.isEmpty(), server.readAllStandardError().constData());
        const QUrl pushUrl(endpoints.value(u"push").toString());
        const QString http = endpoints.value(u"http").toString();
        QCOMPARE(pushUrl.path(), QStringLiteral("/v1/ws"));
        QVERIFY(pushUrl.port() > 0);
        QVERIFY(!endpoints.contains(u"adminToken")); // given on the command line

        ServerProbe probe(QNetworkRequest(ServerProbe::withSid(pushUrl, server::Companion::demoSid())));
        QVERIFY(probe.waitConnected());

        const QStringList common{QStringLiteral("--http"), http,
                                 QStringLiteral("--to"),   QStringLiteral("10086"),
                                 QStringLiteral("--from"), QStringLiteral("2333"),
                                 QStringLiteral("--type"), QStringLiteral("0")};
        QByteArray out;
        QCOMPARE(
            runPush(common + QStringList{QStringLiteral("--token"), QStringLiteral("T"), QStringLiteral("--content"),
                                         QStringLiteral(R"([{"type":"text","value":"e2e <测试>"}])")},
                    &out),
            0);
        bool ok = false;
        const qint64 id = out.toLongLong(&ok);
        QVERIFY2(ok && id > 0, out.constData());

        const QByteArray frame = probe.next(10000);
        const protocol::Event event = protocol::parseEvent(frame);
        QCOMPARE(event.type, protocol::EventType::Msg);
        QCOMPARE(event.msg.id, id);
        QCOMPARE(event.msg.touid, 10086);
        QCOMPARE(event.msg.byuid, 2333);
        QCOMPARE(event.msg.type, 0);
        QCOMPARE(event.msg.isread, 0);
        QCOMPARE(event.msg.ctime, QStringLiteral("0001-01-01T00:00:00Z"));
        QCOMPARE(event.msg.content, QStringLiteral(R"([{"type":"text","value":"e2e <测试>"}])"));
        QVERIFY(frame.endsWith("}}\n"));

        // Exit codes: wrong token 3, bad arguments 2.
        QCOMPARE(runPush(common + QStringList{QStringLiteral("--token"), QStringLiteral("wrong"),
                                              QStringLiteral("--text"), QStringLiteral("x")}),
                 3);
        QCOMPARE(runPush(common + QStringList{QStringLiteral("--token"), QStringLiteral("T"),
                                              QStringLiteral("--content"), QStringLiteral("{not an array")}),
                 2);

        // Push, then kill -9 at once: the acknowledged message must survive the restart.
        QCOMPARE(runPush(common + QStringList{QStringLiteral("--token"), QStringLiteral("T"), QStringLiteral("--text"),
                                              QStringLiteral("持久化")},
                         &out),
                 0);
        const qint64 persistedId = out.toLongLong();
        server.kill();
        QVERIFY(server.waitForFinished(5000));
        QVERIFY(probe.waitDisconnected());
        QCOMPARE(runPush(common + QStringList{QStringLiteral("--token"), QStringLiteral("T"), QStringLiteral("--text"),
                                              QStringLiteral("x")}),
                 4); // nothing listens there any more

        QProcess restarted;
        const QJsonObject again = startServer(
            restarted, {QStringLiteral("--admin-token"), QStringLiteral("T"), QStringLiteral("--data"), dataFile()});
        QVERIFY(!again.isEmpty());
        const QString base = again.value(u"http").toString();
        const QJsonObject inbox =
            getJson(QUrl(base + QStringLiteral("/q.php/msg.index.inbox.no.json?_content=json&pageSize=100")));
        QStringList ids;
        for (const QJsonValue& item : inbox.value(u"msgList").toArray())
            ids.append(QString::number(item.toObject().value(u"id").toInteger()));
        QVERIFY2(ids.contains(QString::number(persistedId)), qPrintable(ids.join(u',')));
        QVERIFY(ids.contains(QString::number(id)));
        restarted.kill();
        restarted.waitForFinished(5000);
    }

    void generatedAdminTokenIsPrinted()
    {
        QProcess server;
        const QJsonObject endpoints = startServer(server, {});
        const QString token = endpoints.value(u"adminToken").toString();
        QVERIFY(token.size() >= 16);
        QCOMPARE(endpoints.value(u"demoSid").toString(), server::Companion::demoSid());
        QCOMPARE(runPush({QStringLiteral("--http"), endpoints.value(u"http").toString(), QStringLiteral("--token"),
                          token, QStringLiteral("--to"), QStringLiteral("10086"), QStringLiteral("--from"),
                          QStringLiteral("-50"), QStringLiteral("--text"), QStringLiteral("hi")}),
                 0);
        server.kill();
        server.waitForFinished(5000);
    }

    void adminTokenFromFileOrEnvironment()
    {
        const QString tokenFile = m_dir.filePath(QStringLiteral("admin-token"));
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("from-a-file\n");
        file.close();
        QProcess server;
        const QJsonObject endpoints = startServer(server, {QStringLiteral("--admin-token-file"), tokenFile});
        QVERIFY(!endpoints.isEmpty());
        QVERIFY(!endpoints.contains(u"adminToken")); // not generated, so not printed
        const QStringList message{QStringLiteral("--http"), endpoints.value(u"http").toString(),
                                  QStringLiteral("--to"),   QStringLiteral("10086"),
                                  QStringLiteral("--from"), QStringLiteral("-50"),
                                  QStringLiteral("--text"), QStringLiteral("hi")};
        QCOMPARE(runPush(message + QStringList{QStringLiteral("--token-file"), tokenFile}), 0);
        QCOMPARE(runPush(message + QStringList{QStringLiteral("--token"), QStringLiteral("from-a-file")}), 0);
        QVERIFY(runPush(message + QStringList{QStringLiteral("--token"), QStringLiteral("wrong")}) != 0);
        // The variable, for push as for serve.
        QProcess push;
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("HU60_ADMIN_TOKEN"), QStringLiteral("from-a-file"));
        push.setProcessEnvironment(env);
        push.start(binary, QStringList{QStringLiteral("push")} + message);
        QVERIFY(QTest::qWaitFor([&push] { return push.state() == QProcess::NotRunning; }, 15000));
        QCOMPARE(push.exitCode(), 0);
        server.kill();
        server.waitForFinished(5000);
        // A missing or empty file, or a token given twice, is a bad argument.
        QCOMPARE(runPush(message + QStringList{QStringLiteral("--token-file"), m_dir.filePath(QStringLiteral("none"))}),
                 2);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.close();
        QProcess empty;
        empty.setProcessEnvironment(cleanEnvironment());
        empty.start(binary, {QStringLiteral("serve"), QStringLiteral("--admin-token-file"), tokenFile});
        QVERIFY(empty.waitForFinished(10000));
        QCOMPARE(empty.exitCode(), 2);
        QVERIFY(empty.readAllStandardError().contains("empty"));
        QProcess both;
        both.setProcessEnvironment(cleanEnvironment());
        both.start(binary, {QStringLiteral("serve"), QStringLiteral("--admin-token"), QStringLiteral("x"),
                            QStringLiteral("--admin-token-file"), tokenFile});
        QVERIFY(both.waitForFinished(10000));
        QCOMPARE(both.exitCode(), 2);
    }

    void corruptDataFileFails()
    {
        const QString path = m_dir.filePath(QStringLiteral("corrupt.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"users\": 42}");
        file.close();
        QProcess server;
        server.setProcessEnvironment(cleanEnvironment());
        server.start(binary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--http"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"), path});
        QVERIFY(server.waitForFinished(10000));
        QVERIFY(server.exitCode() != 0);
        QVERIFY(server.readAllStandardError().contains("corrupt.json"));
        QVERIFY(server.readAllStandardOutput().isEmpty());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"users\": 42}"));
    }

    void badArguments()
    {
        QProcess server;
        server.start(binary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("nonsense")});
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 2);
        QCOMPARE(runPush({QStringLiteral("--to"), QStringLiteral("x")}), 2);
        for (const QStringList& bad : {QStringList{QStringLiteral("--faults"), QStringLiteral("explode")},
                                       QStringList{QStringLiteral("--faults"), QStringLiteral("drop=2")},
                                       QStringList{QStringLiteral("--fault-seed"), QStringLiteral("x")},
                                       QStringList{QStringLiteral("--trusted-proxy"), QStringLiteral("proxy")},
                                       QStringList{QStringLiteral("--max-half-open"), QStringLiteral("0")}}) {
            QProcess process;
            process.setProcessEnvironment(cleanEnvironment());
            process.start(binary, QStringList{QStringLiteral("serve")} + bad);
            QVERIFY(process.waitForFinished(10000));
            QCOMPARE(process.exitCode(), 2);
        }
    }

    void faultsAreListedInHelp()
    {
        QProcess process;
        process.start(binary, {QStringLiteral("serve"), QStringLiteral("--help")});
        QVERIFY(process.waitForFinished(10000));
        const QByteArray help = process.readAllStandardOutput();
        for (const char* option : {"--faults", "--fault-seed", "--trusted-proxy", "--max-half-open",
                                   "--admin-token-file", "drop-before-register", "break-mid-burst"})
            QVERIFY2(help.contains(option), option);
    }
};

QTEST_GUILESS_MAIN(TestServeE2e)
#include "tst_serve_e2e.moc"
