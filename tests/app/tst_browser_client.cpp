// SPDX-License-Identifier: GPL-3.0-or-later
// A real browser (headless Chromium) against `hu60-notifier serve`: the seed's reference web client and the
// browser-visible parts of push-protocol.md (greeting, replies, pushes, cookie rules, close codes and reasons).
//
// The test plays nginx: its front server serves browser_client.html and relays /ws/msg and /q.php/ to serve, so
// the page, the forum and the push service share one origin as on hu60.cn. The page runs every scenario once,
// POSTs what it saw to /test/result, and each test function checks one scenario. Skipped without Chromium.
#include "core/server/companion.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace {

const QString binary = QStringLiteral(HU60_NOTIFIER_BINARY);
const QByteArray pushedContent = "[{\"type\":\"text\",\"value\":\"<b>浏览器</b> & \\\"引号\\\"\"}]";

QString chromiumPath()
{
    const QString configured = qEnvironmentVariable("HU60_CHROMIUM");
    return configured.isEmpty() ? QStringLiteral("/usr/bin/chromium") : configured;
}

QByteArray httpResponse(const QByteArray& status, const QByteArray& type, const QByteArray& body)
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body;
}

/// Size of the complete HTTP message (head, blank line, Content-Length body) at the start of `data`, or -1.
qsizetype messageSize(const QByteArray& data)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    qsizetype length = 0;
    for (const QByteArray& line : data.left(end).split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    return data.size() < end + 4 + length ? -1 : end + 4 + length;
}

/// The message's head with any Connection header replaced by "Connection: close", followed by its body.
QByteArray withConnectionClose(const QByteArray& message)
{
    const qsizetype end = message.indexOf("\r\n\r\n");
    QByteArray out;
    for (const QByteArray& line : message.left(end).split('\n')) {
        if (!line.toLower().startsWith("connection:"))
            out += line.trimmed() + "\r\n";
    }
    return out + "Connection: close\r\n\r\n" + message.mid(end + 4);
}

/// The test's nginx: the page, two test endpoints, and byte-for-byte relays to the push server and the forum.
class Front final : public QObject
{
public:
    quint16 pushPort = 0;
    quint16 httpPort = 0;
    QByteArray page;
    std::function<void(QTcpSocket*)> onPush; ///< POST /test/push: must answer on the socket
    QJsonObject results;
    bool haveResults = false;

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequest(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }

    static void answer(QTcpSocket* socket, const QByteArray& response)
    {
        socket->write(response);
        socket->disconnectFromHost();
    }

private:
    void onRequest(QTcpSocket* socket)
    {
        const QByteArray data = socket->peek(1024 * 1024);
        const qsizetype size = messageSize(data);
        if (size < 0)
            return;
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        const QByteArray request = socket->read(size);
        const QByteArray body = request.mid(request.indexOf("\r\n\r\n") + 4);
        const QByteArray target = request.left(request.indexOf("\r\n")).split(' ').value(1);
        const QString path = QUrl::fromEncoded(target).path();
        if (path == u"/ws/msg") {
            relayWebSocket(socket, request);
        } else if (path.startsWith(u"/q.php/")) {
            relayOneRequest(socket, withConnectionClose(request));
        } else if (path == u"/test/page.html") {
            answer(socket, httpResponse("200 OK", "text/html; charset=utf-8", page));
        } else if (path == u"/test/push" && onPush) {
            onPush(socket);
        } else if (path == u"/test/result") {
            results = QJsonDocument::fromJson(body).object();
            haveResults = true;
            answer(socket, httpResponse("204 No Content", "text/plain", {}));
        } else {
            answer(socket, httpResponse("404 Not Found", "text/plain", "404 page not found\n"));
        }
    }

    static QTcpSocket* connectBackend(QTcpSocket* client, quint16 port, const QByteArray& request)
    {
        auto* backend = new QTcpSocket(client);
        connect(backend, &QTcpSocket::connected, backend, [backend, request] { backend->write(request); });
        connect(backend, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(backend, &QTcpSocket::errorOccurred, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, backend, [backend] { backend->disconnectFromHost(); });
        backend->connectToHost(QHostAddress::LocalHost, port);
        return backend;
    }

    /// Byte for byte in both directions, Host and Origin untouched: the push server sees a same-origin request.
    void relayWebSocket(QTcpSocket* client, const QByteArray& request)
    {
        QTcpSocket* backend = connectBackend(client, pushPort, request);
        connect(backend, &QTcpSocket::readyRead, client, [client, backend] { client->write(backend->readAll()); });
        connect(client, &QTcpSocket::readyRead, backend, [client, backend] {
            if (backend->state() == QAbstractSocket::ConnectedState)
                backend->write(client->readAll());
        });
        connect(backend, &QTcpSocket::connected, backend, [client, backend] { backend->write(client->readAll()); });
    }

    /// One request, one response, then both connections close: the browser never sends a later request (to
    /// /test/, say) over a connection that leads to the forum.
    void relayOneRequest(QTcpSocket* client, const QByteArray& request)
    {
        QTcpSocket* backend = connectBackend(client, httpPort, request);
        auto response = std::make_shared<QByteArray>();
        connect(backend, &QTcpSocket::readyRead, client, [client, backend, response] {
            *response += backend->readAll();
            const qsizetype size = messageSize(*response);
            if (size < 0)
                return;
            answer(client, withConnectionClose(response->left(size)));
            backend->abort();
        });
    }

    QTcpServer m_server;
};

QJsonObject object(const QJsonValue& value)
{
    return value.toObject();
}

QStringList strings(const QJsonValue& value)
{
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

class TestBrowserClient : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    Front m_front;
    QJsonObject m_endpoints;
    qint64 m_pushedId = 0;
    QProcess* m_push = nullptr;

    QJsonObject scenario(const QString& name) const
    {
        const QJsonObject result = m_front.results.value(name).toObject();
        if (result.contains(u"exception"))
            qWarning() << name << "threw" << result.value(u"exception").toString();
        return result;
    }

    /// `clean` is checked when given: after a server-sent Close frame the server drops TCP at once (as the real
    /// one does), so whether the browser calls that clean is a race.
    static void checkClose(const QJsonObject& socket, int code, const QString& reason,
                           std::optional<bool> clean = std::nullopt)
    {
        const QJsonObject close = socket.value(u"close").toObject();
        QVERIFY2(!close.isEmpty(), QJsonDocument(socket).toJson().constData());
        QCOMPARE(close.value(u"code").toInt(), code);
        QCOMPARE(close.value(u"reason").toString(), reason);
        if (clean)
            QCOMPARE(close.value(u"clean").toBool(), *clean);
    }

    void startPush(QTcpSocket* socket)
    {
        const QPointer<QTcpSocket> guard(socket);
        m_push = new QProcess(this);
        connect(m_push, &QProcess::finished, this, [this, guard](int exitCode) {
            const QByteArray out = m_push->readAllStandardOutput().trimmed();
            if (exitCode == 0)
                m_pushedId = out.toLongLong();
            if (guard)
                Front::answer(guard, httpResponse(exitCode == 0 ? "200 OK" : "500 Push Failed", "text/plain", out));
        });
        m_push->start(binary,
                      {QStringLiteral("push"), QStringLiteral("--http"), m_endpoints.value(u"http").toString(),
                       QStringLiteral("--token"), QStringLiteral("T"), QStringLiteral("--to"), QStringLiteral("10086"),
                       QStringLiteral("--from"), QStringLiteral("2333"), QStringLiteral("--type"), QStringLiteral("0"),
                       QStringLiteral("--content"), QString::fromUtf8(pushedContent)});
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString chromium = chromiumPath();
        if (!QFileInfo(chromium).isExecutable())
            QSKIP(
                qPrintable(QStringLiteral("%1 is not installed (scripts/install-deps.sh installs it)").arg(chromium)));
        QVERIFY(m_dir.isValid());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("HU60_ADMIN_TOKEN"));
        m_server.setProcessEnvironment(env);
        m_server.start(binary,
                       {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                        QStringLiteral("--http"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin-token"),
                        QStringLiteral("T"), QStringLiteral("--wspu"), QStringLiteral("2")});
        QVERIFY(m_server.waitForStarted(5000));
        QVERIFY(QTest::qWaitFor([this] { return m_server.canReadLine() || m_server.state() == QProcess::NotRunning; },
                                10000));
        m_endpoints = QJsonDocument::fromJson(m_server.readLine()).object();
        QVERIFY2(!m_endpoints.isEmpty(), m_server.readAllStandardError().constData());

        QFile page(QStringLiteral(":/browser_client.html"));
        QVERIFY(page.open(QIODevice::ReadOnly));
        m_front.page = page.readAll();
        m_front.pushPort = static_cast<quint16>(QUrl(m_endpoints.value(u"push").toString()).port());
        m_front.httpPort = static_cast<quint16>(QUrl(m_endpoints.value(u"http").toString()).port());
        m_front.onPush = [this](QTcpSocket* socket) { startPush(socket); };
        QVERIFY(m_front.listen());

        QUrl url(QStringLiteral("http://127.0.0.1/test/page.html"));
        url.setPort(m_front.port());
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("push"), QString::number(m_front.pushPort));
        query.addQueryItem(QStringLiteral("http"), QString::number(m_front.httpPort));
        query.addQueryItem(QStringLiteral("robot"), server::Companion::demoRobotSid());
        url.setQuery(query);

        // New headless mode; no sandbox (CI runs as root); nothing that would reach beyond loopback; a private HOME
        // and profile. The page's console goes to stderr: what it saw so far is printed when it does not finish.
        QProcess browser;
        QProcessEnvironment browserEnv = QProcessEnvironment::systemEnvironment();
        browserEnv.insert(QStringLiteral("HOME"), m_dir.path());
        browser.setProcessEnvironment(browserEnv);
        browser.setProcessChannelMode(QProcess::MergedChannels);
        browser.start(chromium, {QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"),
                                 QStringLiteral("--disable-gpu"), QStringLiteral("--disable-dev-shm-usage"),
                                 QStringLiteral("--no-first-run"), QStringLiteral("--no-default-browser-check"),
                                 QStringLiteral("--no-proxy-server"), QStringLiteral("--disable-background-networking"),
                                 QStringLiteral("--disable-component-update"), QStringLiteral("--disable-sync"),
                                 QStringLiteral("--disable-extensions"), QStringLiteral("--enable-logging=stderr"),
                                 QStringLiteral("--v=0"),
                                 QStringLiteral("--user-data-dir=") + m_dir.filePath(QStringLiteral("profile")),
                                 url.toString(QUrl::FullyEncoded)});
        QVERIFY(browser.waitForStarted(10000));
        const bool done = QTest::qWaitFor(
            [this, &browser] { return m_front.haveResults || browser.state() == QProcess::NotRunning; }, 45000);
        browser.terminate();
        if (!browser.waitForFinished(5000)) {
            browser.kill();
            browser.waitForFinished(5000);
        }
        if (!done || !m_front.haveResults) {
            for (const QByteArray& line : browser.readAll().split('\n')) {
                if (line.contains("CONSOLE"))
                    qWarning().noquote() << QString::fromUtf8(line.left(300));
            }
        }
        QVERIFY(done && m_front.haveResults);
    }

    void cleanupTestCase()
    {
        if (m_push)
            m_push->waitForFinished(5000);
        m_server.kill();
        m_server.waitForFinished(5000);
    }

    void referenceClientSameOrigin()
    {
        const QJsonObject r = scenario(QStringLiteral("referenceClient"));
        QCOMPARE(object(r.value(u"login")).value(u"success").toBool(), true);
        // The fetch the reference client makes on open: same origin, the login cookie counts.
        const QJsonObject stat = object(r.value(u"stat"));
        QCOMPARE(stat.value(u"isLogin").toBool(), true);
        QCOMPARE(stat.value(u"uid").toInteger(), server::Companion::demoUid());
        QVERIFY(stat.value(u"newMsg").isDouble());
        QVERIFY(stat.value(u"newAtInfo").isDouble());

        const QJsonObject socket = object(r.value(u"socket"));
        QCOMPARE(strings(socket.value(u"log")), QStringList({QStringLiteral("open"), QStringLiteral("close")}));
        QCOMPARE(socket.value(u"frames").toArray().first().toString(), QStringLiteral(R"({"event": "connected"})"));
        checkClose(socket, 1000, QStringLiteral("bye"), true);
    }

    void actionsByteExact()
    {
        const QJsonObject exchanges = object(scenario(QStringLiteral("referenceClient")).value(u"exchanges"));
        const QString pong = QStringLiteral("{\"event\":\"ping\",\"data\":\"pong\"}\n");
        const QList<std::pair<QString, QStringList>> expected{
            {QStringLiteral("ping"), {pong}},
            {QStringLiteral("lsol"), {QStringLiteral("{\"event\":\"lsol\",\"data\":{}}\n")}},
            {QStringLiteral("ack"), {QStringLiteral("{\"event\":\"ack\",\"data\":\"a\\u003c1\\u003e\"}\n"), pong}},
            {QStringLiteral("numericId"),
             {QStringLiteral("{\"event\":\"error\",\"data\":\"json: cannot unmarshal number into Go struct field "
                             "BotCmd.id of type string\"}\n")}},
            {QStringLiteral("notJson"),
             {QStringLiteral(
                 "{\"event\":\"error\",\"data\":\"invalid character 'p' looking for beginning of value\"}\n")}},
            {QStringLiteral("empty"), {QStringLiteral("{\"event\":\"error\",\"data\":\"EOF\"}\n")}},
            {QStringLiteral("unknown"),
             {QStringLiteral("{\"event\":\"ack\",\"data\":\"x\"}\n"),
              QStringLiteral("{\"event\":\"error\",\"data\":\"unsupported action: nope\"}\n")}},
            {QStringLiteral("caseInsensitive"), {pong}},
            {QStringLiteral("binary"), {pong}},
            {QStringLiteral("unsub"), {QStringLiteral("{\"event\":\"unsub\",\"data\":\"ok\"}\n")}},
            {QStringLiteral("lsunsub"), {QStringLiteral("{\"event\":\"lsunsub\",\"data\":[\"foo\"]}\n")}},
            {QStringLiteral("sub"), {QStringLiteral("{\"event\":\"sub\",\"data\":\"ok\"}\n")}},
            {QStringLiteral("lsunsubAfterSub"), {QStringLiteral("{\"event\":\"lsunsub\",\"data\":null}\n")}},
            {QStringLiteral("unsubBadData"),
             {QStringLiteral("{\"event\":\"error\",\"data\":\"invalid data format\"}\n")}},
        };
        for (const auto& [name, frames] : expected) {
            const QStringList seen = strings(exchanges.value(name));
            if (seen != frames)
                qWarning().noquote() << name << "saw" << seen.join(u" | ") << "expected" << frames.join(u" | ");
            QCOMPARE(seen, frames);
        }
    }

    void pushedMessageByteExact()
    {
        const QJsonObject r = scenario(QStringLiteral("referenceClient"));
        QVERIFY(m_pushedId > 0);
        QCOMPARE(r.value(u"pushedId").toString().toLongLong(), m_pushedId);
        // content: the stored PHP json_encode text; the frame: Go's encoder (<, >, & escaped, other UTF-8 raw).
        const QString expected =
            QStringLiteral(
                "{\"event\":\"msg\",\"data\":{\"id\":%1,\"touid\":10086,\"byuid\":2333,\"type\":0,\"isread\":0,"
                "\"content\":\"[{\\\"type\\\":\\\"text\\\",\\\"value\\\":\\\"\\u003cb\\u003e浏览器\\u003c/b\\u003e "
                "\\u0026 \\\\\\\"引号\\\\\\\"\\\"}]\",\"ctime\":\"0001-01-01T00:00:00Z\"}}\n")
                .arg(m_pushedId);
        QCOMPARE(r.value(u"msg").toString(), expected);
    }

    void robotPresenceBroadcast()
    {
        const QJsonObject r = scenario(QStringLiteral("referenceClient"));
        QCOMPARE(r.value(u"online").toString(),
                 QStringLiteral("{\"event\":\"online\",\"data\":{\"uid\":-50,\"count\":1}}\n"));
        QCOMPARE(strings(r.value(u"lsolWithRobot")),
                 QStringList{QStringLiteral("{\"event\":\"lsol\",\"data\":{\"-50\":1}}\n")});
        QCOMPARE(r.value(u"offline").toString(),
                 QStringLiteral("{\"event\":\"offline\",\"data\":{\"uid\":-50,\"count\":0}}\n"));
        const QJsonObject robot = object(r.value(u"robot"));
        QCOMPARE(strings(robot.value(u"frames")).value(0), QStringLiteral(R"({"event": "connected"})"));
        checkClose(robot, 1000, {}, true);
    }

    void cookieRules()
    {
        const QJsonObject r = scenario(QStringLiteral("cookieRules"));
        // The upgrade succeeds before the sid check (open fires), then Close 1008.
        const QJsonObject cookieOnly = object(r.value(u"crossOriginCookieOnly"));
        QCOMPARE(strings(cookieOnly.value(u"log")), QStringList({QStringLiteral("open"), QStringLiteral("close")}));
        QVERIFY(cookieOnly.value(u"frames").toArray().isEmpty());
        checkClose(cookieOnly, 1008, QStringLiteral("sid not found"));

        const QJsonObject withSid = object(r.value(u"crossOriginWithSid"));
        QCOMPARE(strings(withSid.value(u"frames")), QStringList{QStringLiteral(R"({"event": "connected"})")});
        checkClose(withSid, 1000, {}, true);

        checkClose(object(r.value(u"sameOriginOriginMode")), 1008, QStringLiteral("sid not found"));
    }

    void badSid()
    {
        const QJsonObject r = scenario(QStringLiteral("badSid"));
        const QJsonObject unknown = object(r.value(u"unknown"));
        QCOMPARE(strings(unknown.value(u"log")), QStringList({QStringLiteral("open"), QStringLiteral("close")}));
        checkClose(unknown, 1008,
                   QStringLiteral("can not get user uid. sid NotARealSidButLongEnough1234 is not correct"));
        // Longer than the 123 bytes a close reason can hold: the real server's close frame fails, TCP close only.
        const QJsonObject tooLong = object(r.value(u"tooLong"));
        QCOMPARE(strings(tooLong.value(u"log")), QStringList({QStringLiteral("open"), QStringLiteral("close")}));
        checkClose(tooLong, 1006, {}, false);
    }

    void forumFetch()
    {
        const QJsonObject r = scenario(QStringLiteral("forumFetch"));
        // The forum sends no CORS header unless asked with _origin (forum-api §2): a cross-origin read fails.
        QCOMPARE(r.value(u"crossOrigin").toString(), QStringLiteral("blocked: TypeError"));
        // With _origin=* it sends Access-Control-Allow-Origin (the body is readable) and ignores cookies.
        const QJsonValue originMode = r.value(u"originMode");
        QVERIFY2(originMode.isObject(), qPrintable(originMode.toString()));
        QCOMPARE(object(originMode).value(u"isLogin").toBool(true), false);
        const QJsonObject sameOrigin = object(r.value(u"sameOrigin"));
        QVERIFY(sameOrigin.value(u"allowOrigin").isNull());
        QCOMPARE(object(sameOrigin.value(u"body")).value(u"isLogin").toBool(), true);
    }

    void limitKick()
    {
        const QJsonObject r = scenario(QStringLiteral("limitKick"));
        const QString connected = QStringLiteral(R"({"event": "connected"})");
        const QJsonObject second = object(r.value(u"second"));
        QCOMPARE(strings(second.value(u"frames")),
                 QStringList({connected, QStringLiteral("{\"event\":\"disconnecting\",\"data\":\"reached the "
                                                        "connections limit\"}\n")}));
        // No Close frame from the server.
        checkClose(second, 1006, {}, false);
        QCOMPARE(strings(object(r.value(u"third")).value(u"frames")), QStringList{connected});
        QCOMPARE(strings(object(r.value(u"first")).value(u"frames")), QStringList{connected});
        QVERIFY(r.value(u"firstStillOpen").toBool());
    }
};

QTEST_GUILESS_MAIN(TestBrowserClient)
#include "tst_browser_client.moc"
