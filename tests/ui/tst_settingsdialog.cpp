// SPDX-License-Identifier: GPL-3.0-or-later
// The settings dialog and login dialog against the real companion server (push + forum emulator on loopback):
// the robot-presence toggle persists at once and the notifier sends unsub/sub, logging in stores the sid, a bad
// password shows the forum's notice, logging out makes the notifier forget the sid, and "test connection" tells DNS,
// refused and auth failures apart.
#include "core/client/pushclient.h"
#include "core/presence/presencemodel.h"
#include "core/server/companion.h"
#include "core/settings/connectiontester.h"
#include "core/settings/credentialstore.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "support/serverprobe.h"
#include "ui/notifier.h"
#include "ui/settings/logindialog.h"
#include "ui/settings/settingsdialog.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The app's network has no cookie memory (the sid travels only in our own header); a default jar would keep the
// login reply's Set-Cookie and send it with later requests, hiding bad sids.
class NoCookies : public QNetworkCookieJar
{
public:
    using QNetworkCookieJar::QNetworkCookieJar;
    QList<QNetworkCookie> cookiesForUrl(const QUrl&) const override { return {}; }
    bool setCookiesFromUrl(const QList<QNetworkCookie>&, const QUrl&) override { return false; }
};

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init()
    {
        QTest::failOnWarning(
            QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise)\\(\\)).*")));
    }
    void presenceToggleSendsUnsubAndSub();
    void loginWithPasswordStoresSid();
    void loginWithBadPasswordShowsNotice();
    void pastedSidIsChecked();
    void logOutForgetsSid();
    void testConnection_data();
    void testConnection();

private:
    QUrl siteUrl() const { return m_companion.httpUrl(); }
    static QStringList lsunsub(ServerProbe& probe);

    server::Companion m_companion;
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
};

void TestSettingsDialog::initTestCase()
{
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString error;
    QVERIFY2(m_companion.start(options, &error), qPrintable(error));
    m_network.setCookieJar(new NoCookies(&m_network));
}

QStringList TestSettingsDialog::lsunsub(ServerProbe& probe)
{
    probe.frames.clear();
    probe.send(QByteArrayLiteral("{\"action\":\"lsunsub\"}"));
    const QByteArray frame = probe.next();
    const protocol::Event event = protocol::parseEvent(frame);
    if (event.type != protocol::EventType::Lsunsub)
        return {QStringLiteral("<bad frame>"), QString::fromUtf8(frame)};
    return event.names.value_or(QStringList());
}

void TestSettingsDialog::presenceToggleSendsUnsubAndSub()
{
    client::PushClientConfig config;
    config.url = m_companion.proxyPushUrl();
    config.watchNetwork = false;
    client::PushClient pushClient(config);
    pushClient.setSid(server::Companion::demoSid());
    QSignalSpy connected(&pushClient, &client::PushClient::connected);
    pushClient.start();
    QVERIFY(connected.wait(5000));

    // A second connection of the same user sees the per-uid subscription state.
    QNetworkRequest request(m_companion.pushUrl());
    request.setRawHeader("x-sid", server::Companion::demoSid().toLatin1());
    ServerProbe probe(request);
    QVERIFY(probe.waitConnected());
    QCOMPARE(lsunsub(probe), QStringList());

    const QString file = m_dir.filePath(QStringLiteral("presence.ini"));
    settings::SettingsModel model(file);
    ui::NotifierContext context;
    context.settings = &model;
    context.client = &pushClient;
    context.network = &m_network;
    ui::Notifier notifier(context);
    ui::SettingsDialog& dialog = *notifier.showSettings(int(ui::SettingsDialog::Page::Subscriptions));
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* check = dialog.findChild<QCheckBox*>(QStringLiteral("robotPresenceCheck"));
    QVERIFY(check);
    QVERIFY(check->isChecked());
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("robotPresenceNote"))->text().contains(QStringLiteral("browser")));
    QSignalSpy changed(&dialog, &ui::SettingsDialog::robotPresenceChanged);

    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY(!check->isChecked());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toBool(), false);
    QCOMPARE(settings::SettingsModel(file).value().robotPresence, false); // persisted at once, without OK
    QVERIFY(!pushClient.presenceWanted());
    QVERIFY(!notifier.robots()->isEnabled());
    QTRY_COMPARE(lsunsub(probe), (QStringList{QStringLiteral("online"), QStringLiteral("offline")}));

    QTest::mouseClick(check, Qt::LeftButton);
    QCOMPARE(settings::SettingsModel(file).value().robotPresence, true);
    QVERIFY(pushClient.presenceWanted());
    QTRY_COMPARE(lsunsub(probe), QStringList());
    pushClient.stop();
}

void TestSettingsDialog::loginWithPasswordStoresSid()
{
    const QString dir = m_dir.filePath(QStringLiteral("login-good"));
    settings::CredentialStore credentials(QStringLiteral("hu60-test"), dir);
    credentials.setKeychainEnabled(false);
    ui::LoginDialog dialog(&m_network, siteUrl(), &credentials);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.findChild<QLineEdit*>(QStringLiteral("loginName"))
        ->setText(QStringLiteral("小明")); // keyClicks is ASCII-only
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("loginPassword")), QStringLiteral("demo1234"));
    QSignalSpy loggedIn(&dialog, &ui::LoginDialog::loggedIn);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("loginButton")), Qt::LeftButton);
    QVERIFY(loggedIn.wait(5000));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(loggedIn.first().at(0).toLongLong(), server::Companion::demoUid());
    QCOMPARE(loggedIn.first().at(1).toString(), QStringLiteral("小明"));
    QVERIFY(!dialog.sid().isEmpty());
    QFile file(credentials.fallbackPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), dialog.sid());
    // The password field is cleared once it has been used.
    QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("loginPassword"))->text().isEmpty());
}

void TestSettingsDialog::loginWithBadPasswordShowsNotice()
{
    const QString dir = m_dir.filePath(QStringLiteral("login-bad"));
    settings::CredentialStore credentials(QStringLiteral("hu60-test"), dir);
    credentials.setKeychainEnabled(false);
    ui::LoginDialog dialog(&m_network, siteUrl(), &credentials);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.findChild<QLineEdit*>(QStringLiteral("loginName"))
        ->setText(QStringLiteral("小明")); // keyClicks is ASCII-only
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("loginPassword")), QStringLiteral("wrong"));
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("loginError"));
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("loginButton")), Qt::LeftButton);
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("密码错误")), qPrintable(error->text()));
    QVERIFY(dialog.isVisible());
    QVERIFY(!QFile::exists(credentials.fallbackPath()));
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("loginButton"))->isEnabled());
}

void TestSettingsDialog::pastedSidIsChecked()
{
    settings::CredentialStore credentials(QStringLiteral("hu60-test"), m_dir.filePath(QStringLiteral("login-sid")));
    credentials.setKeychainEnabled(false);
    ui::LoginDialog dialog(&m_network, siteUrl(), &credentials);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.findChild<QTabWidget*>(QStringLiteral("loginTabs"))->setCurrentIndex(1);
    auto* sid = dialog.findChild<QLineEdit*>(QStringLiteral("loginSid"));
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("loginError"));
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("loginButton"));

    QTest::keyClicks(sid, QStringLiteral("too short"));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("not a session id")));

    sid->setText(QStringLiteral("Hu60UnknownSid000000000000000"));
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(error->isVisible() && error->text().contains(QStringLiteral("does not accept")));

    sid->setText(server::Companion::demoSid());
    QSignalSpy loggedIn(&dialog, &ui::LoginDialog::loggedIn);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(loggedIn.wait(5000));
    QCOMPARE(dialog.sid(), server::Companion::demoSid());
    QCOMPARE(dialog.userName(), QStringLiteral("小明"));
}

void TestSettingsDialog::logOutForgetsSid()
{
    settings::CredentialStore credentials(QStringLiteral("hu60-test"), m_dir.filePath(QStringLiteral("logout")));
    credentials.setKeychainEnabled(false);
    QSignalSpy written(&credentials, &settings::CredentialStore::sidWritten);
    credentials.writeSid(server::Companion::demoSid());
    QVERIFY(written.wait(2000));
    QVERIFY(QFile::exists(credentials.fallbackPath()));

    const QString file = m_dir.filePath(QStringLiteral("logout.ini"));
    settings::SettingsModel model(file);
    model.update([](settings::Settings& s) {
        s.uid = server::Companion::demoUid();
        s.userName = QStringLiteral("小明");
    });
    client::PushClientConfig config;
    config.url = m_companion.proxyPushUrl();
    config.watchNetwork = false;
    client::PushClient pushClient(config); // never started
    ui::NotifierContext context;
    context.settings = &model;
    context.client = &pushClient;
    context.credentials = &credentials;
    context.network = &m_network;
    ui::Notifier notifier(context);
    notifier.setSid(server::Companion::demoSid());
    ui::SettingsDialog& dialog = *notifier.showSettings(int(ui::SettingsDialog::Page::Account));
    auto* account = dialog.findChild<QLabel*>(QStringLiteral("accountLabel"));
    QVERIFY(account->text().contains(QStringLiteral("小明")));
    QSignalSpy loggedOut(&notifier, &ui::Notifier::loggedOut);
    auto* logout = dialog.findChild<QPushButton*>(QStringLiteral("logoutButton"));
    QVERIFY(logout->isEnabled());
    logout->click();
    QCOMPARE(loggedOut.count(), 1);
    QVERIFY(written.wait(2000));
    QVERIFY(!QFile::exists(credentials.fallbackPath()));
    QCOMPARE(settings::SettingsModel(file).value().uid, 0);
    QVERIFY(account->text().contains(QStringLiteral("stays valid")));
    QVERIFY(!logout->isEnabled());
}

void TestSettingsDialog::testConnection_data()
{
    QTest::addColumn<QString>("site");
    QTest::addColumn<QString>("sid");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("text");
    // A port that was just free: nothing listens there.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = closed.serverPort();
    closed.close();
    using R = settings::ConnectionTester::Result;
    QTest::newRow("ok") << m_companion.httpUrl().toString() << server::Companion::demoSid() << int(R::Ok)
                        << QStringLiteral("小明");
    QTest::newRow("auth") << m_companion.httpUrl().toString() << QStringLiteral("Hu60UnknownSid000000000000000")
                          << int(R::Auth) << QStringLiteral("session");
    QTest::newRow("no session") << m_companion.httpUrl().toString() << QString() << int(R::NoSession)
                                << QStringLiteral("reachable");
    QTest::newRow("refused") << QStringLiteral("http://127.0.0.1:%1").arg(closedPort) << QString() << int(R::Refused)
                             << QStringLiteral("refused");
    QTest::newRow("dns") << QStringLiteral("https://forum.hu60.invalid") << QString() << int(R::Dns)
                         << QStringLiteral("DNS");
}

void TestSettingsDialog::testConnection()
{
    QFETCH(QString, site);
    QFETCH(QString, sid);
    QFETCH(int, expected);
    QFETCH(QString, text);
    settings::SettingsModel model(m_dir.filePath(QStringLiteral("test.ini")));
    ui::SettingsContext context;
    context.settings = &model;
    context.network = &m_network;
    context.sid = sid;
    ui::SettingsDialog dialog(context);
    dialog.findChild<QLineEdit*>(QStringLiteral("siteEdit"))->setText(site);
    auto* result = dialog.findChild<QLabel*>(QStringLiteral("testConnectionResult"));
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("testConnectionButton"));
    button->click();
    QVERIFY(!button->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(result->property("result").isValid(), 10000);
    QCOMPARE(result->property("result").toInt(), expected);
    QVERIFY2(result->text().contains(text), qPrintable(result->text()));
    QVERIFY(button->isEnabled());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
