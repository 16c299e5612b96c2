// SPDX-License-Identifier: GPL-3.0-or-later
// Transport security of the client: which sites and push URLs are allowed, certificate problems surfaced with
// their details (never ignored), a private CA or pinned self-signed certificate trusted explicitly, and the proxy
// settings applied to the push socket and the forum requests alike.
#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/settings/connectiontester.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settings.h"

#include "support/netfixtures.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;
using client::PushClient;
using settings::NetworkConfig;

namespace {

const QString sid = QStringLiteral("Tls7sEcUr1ty_TeSt-s1d_4bcd");

client::PushClientConfig quietConfig(const QUrl& url)
{
    client::PushClientConfig config;
    config.url = url;
    config.watchNetwork = false;
    config.wakeCheckInterval = 0ms;
    config.backoffMin = 60s; // one attempt per test: the retry would come long after
    config.connectTimeout = 10s;
    return config;
}

/// A wss:// push server on 127.0.0.1 presenting `config`'s certificate and greeting like the real one.
class TlsPushServer
{
public:
    explicit TlsPushServer(const QSslConfiguration& config)
        : m_server(QStringLiteral("tls-test"), QWebSocketServer::SecureMode)
    {
        m_server.setSslConfiguration(config);
        QObject::connect(&m_server, &QWebSocketServer::newConnection, &m_server, [this] {
            while (QWebSocket* socket = m_server.nextPendingConnection()) {
                ++connections;
                socket->setParent(&m_server);
                socket->sendTextMessage(QStringLiteral("{\"event\": \"connected\"}"));
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1/ws/msg").arg(m_server.serverPort())); }
    int connections = 0;

private:
    QWebSocketServer m_server;
};

} // namespace

class TestNetworkSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void secureSites_data();
    void secureSites();
    void insecurePushUrls_data();
    void insecurePushUrls();
    void settingsRoundTrip();
    void legacyProxySetting();
    void certificateFiles();
    void forumRefusesPlainHttp();
    void pushRefusesInsecureUrl();
    void pushUntrustedCertificate();
    void pushTrustedCertificate();
    void forumUntrustedCertificate();
    void forumTrustedCertificate();
    void connectionTestTrust();
    void manualHttpProxy();
    void manualSocksProxy();
    void noProxyGoesDirect();

private:
    std::unique_ptr<netfixtures::SelfSignedCertificate> m_cert;
};

void TestNetworkSecurity::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
    m_cert = std::make_unique<netfixtures::SelfSignedCertificate>();
    QVERIFY2(m_cert->error.isEmpty(), qPrintable(m_cert->error));
}

void TestNetworkSecurity::secureSites_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("secure");
    QTest::newRow("https") << "https://hu60.cn" << true;
    QTest::newRow("https port path") << "https://forum.example:8443/sub/" << true;
    QTest::newRow("http remote") << "http://hu60.cn" << false;
    QTest::newRow("http localhost") << "http://localhost:8080" << true;
    QTest::newRow("http LOCALHOST") << "http://LOCALHOST" << true;
    QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:1234" << true;
    QTest::newRow("http 127.1.2.3") << "http://127.1.2.3" << true;
    QTest::newRow("http ::1") << "http://[::1]:80" << true;
    QTest::newRow("http localhost lookalike") << "http://localhost.evil.example" << false;
    QTest::newRow("http 127 lookalike") << "http://127.0.0.1.evil.example" << false;
    QTest::newRow("http private lan") << "http://192.168.1.2" << false;
    QTest::newRow("ftp") << "ftp://hu60.cn" << false;
    QTest::newRow("no host") << "https://" << false;
}

void TestNetworkSecurity::secureSites()
{
    QFETCH(QString, url);
    QFETCH(bool, secure);
    QCOMPARE(settings::isSecureSite(QUrl(url)), secure);
    QCOMPARE(settings::siteRefusal(QUrl(url)).isEmpty(), secure);
}

void TestNetworkSecurity::insecurePushUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("insecure");
    QTest::newRow("wss") << "wss://hu60.cn/ws/msg" << false;
    QTest::newRow("ws remote") << "ws://hu60.cn/ws/msg" << true;
    QTest::newRow("ws lan") << "ws://10.0.0.2:8080/ws/msg" << true;
    QTest::newRow("ws loopback") << "ws://127.0.0.1:8080/ws/msg" << false;
    QTest::newRow("ws localhost") << "ws://localhost/ws/msg" << false;
    QTest::newRow("ws ::1") << "ws://[::1]:9/ws/msg" << false;
}

void TestNetworkSecurity::insecurePushUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, insecure);
    QCOMPARE(settings::isInsecurePushUrl(QUrl(url)), insecure);
}

void TestNetworkSecurity::settingsRoundTrip()
{
    QTemporaryDir dir;
    QSettings backend(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    settings::SettingsStore store(&backend);
    settings::Settings s;
    QCOMPARE(s.proxyMode, settings::ProxyMode::System); // the system proxy is the default
    s.proxyMode = settings::ProxyMode::Manual;
    s.proxyType = settings::ProxyType::Socks5;
    s.proxyHost = QStringLiteral("proxy.example");
    s.proxyPort = 1080;
    s.trustedCaFile = m_cert->certificatePath;
    s.allowInsecurePush = true;
    store.save(s);
    const settings::Settings loaded = store.load();
    QCOMPARE(loaded.proxyMode, settings::ProxyMode::Manual);
    QCOMPARE(loaded.proxyType, settings::ProxyType::Socks5);
    QCOMPARE(loaded.proxyHost, QStringLiteral("proxy.example"));
    QCOMPARE(loaded.proxyPort, 1080);
    QCOMPARE(loaded.trustedCaFile, m_cert->certificatePath);
    QVERIFY(loaded.allowInsecurePush);

    backend.setValue(QStringLiteral("network/proxyMode"), 99);
    backend.setValue(QStringLiteral("network/proxyType"), -1);
    QCOMPARE(store.load().proxyMode, settings::ProxyMode::System);
    QCOMPARE(store.load().proxyType, settings::ProxyType::Http);
}

void TestNetworkSecurity::legacyProxySetting()
{
    QTemporaryDir dir;
    QSettings backend(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    backend.setValue(QStringLiteral("version"), 1);
    backend.setValue(QStringLiteral("network/useSystemProxy"), false);
    settings::SettingsStore store(&backend);
    QCOMPARE(store.load().proxyMode, settings::ProxyMode::None);
    backend.setValue(QStringLiteral("network/proxyHost"), QStringLiteral("p.example"));
    QCOMPARE(store.load().proxyMode, settings::ProxyMode::Manual);
    store.save(store.load());
    QVERIFY(!backend.contains(QStringLiteral("network/useSystemProxy")));
    QCOMPARE(store.load().proxyMode, settings::ProxyMode::Manual);
}

void TestNetworkSecurity::certificateFiles()
{
    QTemporaryDir dir;
    QList<QSslCertificate> certificates;
    QString error;
    QVERIFY(!NetworkConfig::loadCertificates(dir.filePath(QStringLiteral("missing.pem")), &certificates, &error));
    QVERIFY2(error.contains(QStringLiteral("missing.pem")), qPrintable(error));

    const QString garbage = dir.filePath(QStringLiteral("garbage.pem"));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    file.close();
    error.clear();
    QVERIFY(!NetworkConfig::loadCertificates(garbage, &certificates, &error));
    QVERIFY2(error.contains(QStringLiteral("no certificate")), qPrintable(error));

    QVERIFY(NetworkConfig::loadCertificates(m_cert->certificatePath, &certificates, &error));
    QCOMPARE(certificates, QList<QSslCertificate>{m_cert->certificate});

    // From settings: an unusable file is reported and leaves only the system's trust.
    settings::Settings s;
    s.trustedCaFile = garbage;
    error.clear();
    const NetworkConfig broken = NetworkConfig::fromSettings(s, &error);
    QVERIFY(!error.isEmpty());
    QVERIFY(broken.trustedCertificates().isEmpty());
    s.trustedCaFile = m_cert->certificatePath;
    const NetworkConfig trusted = NetworkConfig::fromSettings(s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(trusted.sslConfiguration().caCertificates().contains(m_cert->certificate));
    // Trust is added, never a relaxed verification.
    QCOMPARE(trusted.sslConfiguration().peerVerifyMode(), QSslConfiguration::defaultConfiguration().peerVerifyMode());
}

void TestNetworkSecurity::forumRefusesPlainHttp()
{
    // Everything would go through this proxy: it must see nothing at all.
    netfixtures::FakeProxy proxy;
    settings::NetworkManager network;
    NetworkConfig config;
    config.setManualProxy(settings::ProxyType::Http, QStringLiteral("127.0.0.1"), proxy.port());
    network.setNetworkConfig(config);
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("http://forum.example")));
    api.setSid(sid);

    std::optional<forum::Error> loginError;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refusing .*forum.example.*plain http")));
    api.login(forum::LoginType::Name, QStringLiteral("user"), QStringLiteral("secret"), nullptr,
              [&](const std::optional<forum::LoginResult>& result, const forum::Error& error) {
                  QVERIFY(!result);
                  loginError = error;
              });
    std::optional<forum::Error> statError;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refusing .*forum.example.*plain http")));
    api.fetchStat(nullptr, [&](const std::optional<forum::Stat>& stat, const forum::Error& error) {
        QVERIFY(!stat);
        statError = error;
    });
    QTRY_VERIFY(loginError && statError);
    QCOMPARE(loginError->kind, forum::ErrorKind::Insecure);
    QCOMPARE(statError->kind, forum::ErrorKind::Insecure);
    QTest::qWait(50);
    QVERIFY(proxy.received.isEmpty());
}

void TestNetworkSecurity::pushRefusesInsecureUrl()
{
    netfixtures::FakeProxy proxy;
    NetworkConfig config;
    config.setManualProxy(settings::ProxyType::Http, QStringLiteral("127.0.0.1"), proxy.port());

    PushClient client(quietConfig(QUrl(QStringLiteral("ws://push.example/ws/msg"))));
    client.setNetworkConfig(config);
    client.setSid(sid);
    QSignalSpy failures(&client, &PushClient::failure);
    client.start();
    QCOMPARE(client.state(), PushClient::State::Idle);
    QCOMPARE(client.lastFailure(), PushClient::Failure::Insecure);
    QCOMPARE(failures.size(), 1);
    QVERIFY(failures.at(0).at(1).toString().contains(QStringLiteral("push.example")));
    QTest::qWait(100);
    QVERIFY(proxy.received.isEmpty());
    QVERIFY(client.msUntilReconnect() < 0);

    // The explicit choice: now it connects (here: reaches the proxy, which refuses the tunnel).
    auto allowed = quietConfig(QUrl(QStringLiteral("ws://push.example/ws/msg")));
    allowed.allowInsecure = true;
    client.setConfig(allowed);
    client.start();
    QTRY_COMPARE(proxy.received.size(), 1);
    QCOMPARE(proxy.received.at(0), QByteArrayLiteral("CONNECT push.example:80 HTTP/1.1"));
    client.stop();
}

void TestNetworkSecurity::pushUntrustedCertificate()
{
    TlsPushServer server(m_cert->serverConfiguration());
    PushClient client(quietConfig(server.url()));
    client.setSid(sid);
    QSignalSpy problems(&client, &PushClient::tlsProblem);
    QSignalSpy failures(&client, &PushClient::failure);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("certificate problem with 127.0.0.1:")));
    client.start();
    QTRY_COMPARE(client.state(), PushClient::State::Reconnecting);
    QCOMPARE(client.lastFailure(), PushClient::Failure::Tls);
    QCOMPARE(server.connections, 0);
    QCOMPARE(problems.size(), 1);
    const auto problem = problems.at(0).at(0).value<settings::TlsProblem>();
    QCOMPARE(problem.certificate, m_cert->certificate);
    QVERIFY(!problem.errors.isEmpty());
    const QString details = problem.details();
    QVERIFY2(details.contains(QStringLiteral("hu60 test server")), qPrintable(details)); // subject/issuer
    QVERIFY2(details.contains(settings::sha256Fingerprint(m_cert->certificate)), qPrintable(details));
    QVERIFY2(details.contains(m_cert->certificate.expiryDate().toUTC().toString(Qt::ISODate)), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("127.0.0.1:")), qPrintable(details));
    QCOMPARE(settings::sha256Fingerprint(m_cert->certificate).size(), 32 * 3 - 1);
    QVERIFY(failures.last().at(1).toString().contains(QStringLiteral("certificate")));
    client.stop();
}

void TestNetworkSecurity::pushTrustedCertificate()
{
    TlsPushServer server(m_cert->serverConfiguration());
    settings::Settings s;
    s.trustedCaFile = m_cert->certificatePath;
    PushClient client(quietConfig(server.url()));
    client.setNetworkConfig(NetworkConfig::fromSettings(s));
    client.setSid(sid);
    QSignalSpy problems(&client, &PushClient::tlsProblem);
    client.start();
    QTRY_COMPARE(client.state(), PushClient::State::Connected);
    QCOMPARE(problems.size(), 0);
    QCOMPARE(server.connections, 1);
    client.stop();

    // The trust is for this certificate, not for any: another self-signed one is still refused.
    netfixtures::SelfSignedCertificate other(QStringLiteral("hu60 impostor"));
    QVERIFY2(other.error.isEmpty(), qPrintable(other.error));
    TlsPushServer impostor(other.serverConfiguration());
    client.setConfig(quietConfig(impostor.url()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("certificate problem with 127.0.0.1:")));
    client.start();
    QTRY_COMPARE(client.state(), PushClient::State::Reconnecting);
    QCOMPARE(client.lastFailure(), PushClient::Failure::Tls);
    QCOMPARE(impostor.connections, 0);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).at(0).value<settings::TlsProblem>().details().contains(QStringLiteral("hu60 impostor")));
    client.stop();
}

void TestNetworkSecurity::forumUntrustedCertificate()
{
    netfixtures::TlsHttpServer server(m_cert->serverConfiguration(),
                                      R"({"isLogin":true,"uid":7,"name":"tls","newMsg":0,"newAtInfo":0})");
    settings::NetworkManager network;
    QSignalSpy problems(&network, &settings::NetworkManager::tlsProblem);
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.port())));
    api.setSid(sid);
    std::optional<forum::Error> failed;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("certificate problem with 127.0.0.1:")));
    api.fetchStat(nullptr, [&](const std::optional<forum::Stat>& stat, const forum::Error& error) {
        QVERIFY(!stat);
        failed = error;
    });
    QTRY_VERIFY(failed.has_value());
    QCOMPARE(failed->kind, forum::ErrorKind::Network);
    QCOMPARE(server.requests, 0); // nothing, the sid least of all, was sent
    QCOMPARE(problems.size(), 1);
    const auto problem = problems.at(0).at(0).value<settings::TlsProblem>();
    QCOMPARE(problem.certificate, m_cert->certificate);
    QCOMPARE(problem.host, QStringLiteral("127.0.0.1:%1").arg(server.port()));
}

void TestNetworkSecurity::forumTrustedCertificate()
{
    netfixtures::TlsHttpServer server(m_cert->serverConfiguration(),
                                      R"({"isLogin":true,"uid":7,"name":"tls","newMsg":2,"newAtInfo":0})");
    settings::NetworkManager network;
    settings::Settings s;
    s.trustedCaFile = m_cert->certificatePath;
    network.setNetworkConfig(NetworkConfig::fromSettings(s));
    QSignalSpy problems(&network, &settings::NetworkManager::tlsProblem);
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.port())));
    api.setSid(sid);
    std::optional<forum::Stat> stat;
    api.fetchStat(nullptr, [&](const std::optional<forum::Stat>& value, const forum::Error& error) {
        QVERIFY2(!error, qPrintable(error.message));
        stat = value;
    });
    QTRY_VERIFY(stat.has_value());
    QCOMPARE(stat->uid, 7);
    QCOMPARE(stat->newMsg, 2);
    QCOMPARE(problems.size(), 0);
    QCOMPARE(server.requests, 1);
}

void TestNetworkSecurity::connectionTestTrust()
{
    netfixtures::TlsHttpServer server(m_cert->serverConfiguration(),
                                      R"({"isLogin":true,"uid":7,"name":"tls","newMsg":0,"newAtInfo":0})");
    const QUrl site(QStringLiteral("https://127.0.0.1:%1").arg(server.port()));
    settings::NetworkManager network;
    settings::ConnectionTester tester(&network);
    QSignalSpy finished(&tester, &settings::ConnectionTester::finished);

    // Untrusted: the TLS step fails and names the certificate.
    tester.test(site, sid);
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.at(0).at(0).value<settings::ConnectionTester::Result>(), settings::ConnectionTester::Result::Tls);
    const QString detail = finished.at(0).at(1).toString();
    QVERIFY2(detail.contains(settings::sha256Fingerprint(m_cert->certificate)), qPrintable(detail));
    QCOMPARE(server.requests, 0);

    // Trusted (the dialog hands its settings to the tester, the app to its manager): all the way to the forum.
    settings::Settings s;
    s.trustedCaFile = m_cert->certificatePath;
    const NetworkConfig config = NetworkConfig::fromSettings(s);
    tester.setNetworkConfig(config);
    network.setNetworkConfig(config);
    tester.test(site, sid);
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.at(1).at(0).value<settings::ConnectionTester::Result>(), settings::ConnectionTester::Result::Ok);
    QCOMPARE(finished.at(1).at(1).toString(), QStringLiteral("tls"));

    // A plain-http site is refused before anything is sent.
    tester.test(QUrl(QStringLiteral("http://forum.example")), sid);
    QVERIFY(finished.wait(10'000));
    QVERIFY(finished.at(2).at(1).toString().contains(QStringLiteral("plain http")));
}

void TestNetworkSecurity::manualHttpProxy()
{
    netfixtures::FakeProxy proxy;
    settings::Settings s;
    s.proxyMode = settings::ProxyMode::Manual;
    s.proxyType = settings::ProxyType::Http;
    s.proxyHost = QStringLiteral("127.0.0.1");
    s.proxyPort = proxy.port();
    QString error;
    const NetworkConfig config = NetworkConfig::fromSettings(s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QCOMPARE(config.proxiesFor(QUrl(QStringLiteral("https://forum.example/"))).constFirst().port(), proxy.port());
    // This computer is always reached directly.
    QCOMPARE(config.proxiesFor(QUrl(QStringLiteral("ws://127.0.0.1:4860/ws"))).constFirst().type(),
             QNetworkProxy::NoProxy);
    QCOMPARE(config.proxiesFor(QUrl(QStringLiteral("https://localhost/"))).constFirst().type(), QNetworkProxy::NoProxy);

    // Forum requests: the manager's every request goes through the proxy.
    settings::NetworkManager network;
    network.setNetworkConfig(config);
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("https://forum.example")));
    std::optional<forum::Error> failed;
    api.fetchStat(nullptr, [&](const std::optional<forum::Stat>&, const forum::Error& e) { failed = e; });
    QTRY_VERIFY(failed.has_value());
    QCOMPARE(failed->kind, forum::ErrorKind::Network); // the fake proxy refuses the tunnel
    QTRY_COMPARE(proxy.received.size(), 1);
    QCOMPARE(proxy.received.at(0), QByteArrayLiteral("CONNECT forum.example:443 HTTP/1.1"));

    // The push socket: the same configuration, the same proxy.
    PushClient client(quietConfig(QUrl(QStringLiteral("wss://push.example/ws/msg"))));
    client.setNetworkConfig(config);
    client.setSid(sid);
    client.start();
    QTRY_COMPARE(proxy.received.size(), 2);
    QCOMPARE(proxy.received.at(1), QByteArrayLiteral("CONNECT push.example:443 HTTP/1.1"));
    QTRY_COMPARE(client.state(), PushClient::State::Reconnecting);
    client.stop();
}

void TestNetworkSecurity::manualSocksProxy()
{
    netfixtures::FakeProxy proxy;
    NetworkConfig config;
    config.setManualProxy(settings::ProxyType::Socks5, QStringLiteral("127.0.0.1"), proxy.port());
    settings::NetworkManager network;
    network.setNetworkConfig(config);
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("https://forum.example")));
    bool done = false;
    api.fetchStat(nullptr, [&](const std::optional<forum::Stat>&, const forum::Error&) { done = true; });
    QTRY_VERIFY(done);
    QVERIFY(!proxy.received.isEmpty()); // Qt retries a failed SOCKS connection: at least one greeting
    for (const QByteArray& greeting : std::as_const(proxy.received))
        QCOMPARE(greeting.at(0), char(0x05)); // SOCKS version 5
    const qsizetype forumGreetings = proxy.received.size();

    PushClient client(quietConfig(QUrl(QStringLiteral("wss://push.example/ws/msg"))));
    client.setNetworkConfig(config);
    client.setSid(sid);
    client.start();
    QTRY_VERIFY(proxy.received.size() > forumGreetings);
    QCOMPARE(proxy.received.last().at(0), char(0x05));
    client.stop();
}

void TestNetworkSecurity::noProxyGoesDirect()
{
    netfixtures::FakeProxy proxy;
    netfixtures::TlsHttpServer server(m_cert->serverConfiguration(), R"({"isLogin":false})");
    settings::Settings s;
    s.proxyMode = settings::ProxyMode::None;
    s.proxyHost = QStringLiteral("127.0.0.1"); // ignored unless manual
    s.proxyPort = proxy.port();
    s.trustedCaFile = m_cert->certificatePath;
    settings::NetworkManager network;
    network.setNetworkConfig(NetworkConfig::fromSettings(s));
    forum::ForumApi api(&network);
    api.setSiteBase(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.port())));
    std::optional<forum::Stat> stat;
    api.fetchStat(nullptr, [&](const std::optional<forum::Stat>& value, const forum::Error&) { stat = value; });
    QTRY_VERIFY(stat.has_value());
    QVERIFY(!stat->isLogin);
    QCOMPARE(server.requests, 1);
    QVERIFY(proxy.received.isEmpty());
}

QTEST_GUILESS_MAIN(TestNetworkSecurity)
#include "tst_networksecurity.moc"
