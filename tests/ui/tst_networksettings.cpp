// SPDX-License-Identifier: GPL-3.0-or-later
// The security side of the settings and the notifier: a plain-http site is refused with a message (settings and
// login dialog), a ws:// push URL to another host needs the explicit checkbox, the network page validates and
// saves proxy and trusted certificate, and a certificate problem of the push server opens a window with its
// details (and no way to ignore it) while the tray says what is wrong.
#include "core/client/pushclient.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "support/netfixtures.h"
#include "ui/notifier.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/popuppresenter.h"
#include "ui/settings/logindialog.h"
#include "ui/settings/settingsdialog.h"
#include "ui/tray/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;

class TestNetworkSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(
            "^(?!This plugin does not support (propagateSizeHints|raise)\\(\\)|certificate problem).*")));
    }
    void plainHttpSiteRefused();
    void insecurePushNeedsConsent();
    void networkPage();
    void loginDialogRefusesPlainHttp();
    void certificateProblemShown();
    void trayExplainsRefusedPushUrl();

private:
    template<class T>
    static T* child(QWidget* parent, const char* name)
    {
        T* widget = parent->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }

    std::unique_ptr<netfixtures::SelfSignedCertificate> m_cert;
    QTemporaryDir m_dir;
};

void TestNetworkSettings::initTestCase()
{
    m_cert = std::make_unique<netfixtures::SelfSignedCertificate>();
    QVERIFY2(m_cert->error.isEmpty(), qPrintable(m_cert->error));
}

void TestNetworkSettings::plainHttpSiteRefused()
{
    settings::SettingsModel model(m_dir.filePath(QStringLiteral("site.ini")));
    ui::SettingsContext context;
    context.settings = &model;
    ui::SettingsDialog dialog(context);
    QSignalSpy applied(&dialog, &ui::SettingsDialog::settingsApplied);

    child<QLineEdit>(&dialog, "siteEdit")->setText(QStringLiteral("http://forum.example"));
    dialog.showPage(ui::SettingsDialog::Page::Desktop);
    QVERIFY(!dialog.apply());
    QCOMPARE(applied.count(), 0);
    QCOMPARE(model.value().site, QUrl(QStringLiteral("https://hu60.cn")));
    auto* error = child<QLabel>(&dialog, "accountError");
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QStringLiteral("https://")), qPrintable(error->text()));
    QCOMPARE(child<QTabWidget>(&dialog, "settingsTabs")->currentIndex(), int(ui::SettingsDialog::Page::Account));

    // OK does not close the dialog on a refusal.
    dialog.show();
    QTest::mouseClick(child<QPushButton>(&dialog, "okButton"), Qt::LeftButton);
    QVERIFY(dialog.isVisible());

    // Plain http to this computer is fine (the companion server), and https anywhere.
    child<QLineEdit>(&dialog, "siteEdit")->setText(QStringLiteral("http://127.0.0.1:4861"));
    QVERIFY(dialog.apply());
    QVERIFY(error->isHidden());
    QCOMPARE(model.value().site, QUrl(QStringLiteral("http://127.0.0.1:4861")));
    child<QLineEdit>(&dialog, "siteEdit")->setText(QStringLiteral("https://forum.example"));
    QVERIFY(dialog.apply());
    QCOMPARE(model.value().site, QUrl(QStringLiteral("https://forum.example")));
}

void TestNetworkSettings::insecurePushNeedsConsent()
{
    settings::SettingsModel model(m_dir.filePath(QStringLiteral("push.ini")));
    ui::SettingsContext context;
    context.settings = &model;
    ui::SettingsDialog dialog(context);
    auto* consent = child<QCheckBox>(&dialog, "insecurePushCheck");
    QVERIFY(consent->isHidden()); // nothing to consent to with the default wss:// URL

    child<QLineEdit>(&dialog, "pushEdit")->setText(QStringLiteral("ws://push.example:8080/ws/msg"));
    QVERIFY(!consent->isHidden());
    QVERIFY(!child<QLabel>(&dialog, "insecurePushNote")->isHidden());
    QVERIFY(!dialog.apply());
    QVERIFY(child<QLabel>(&dialog, "accountError")->text().contains(QStringLiteral("push.example")));
    QVERIFY(!model.value().allowInsecurePush);
    QVERIFY(model.value().pushUrl.isEmpty());

    consent->setChecked(true);
    QVERIFY(dialog.apply());
    QVERIFY(model.value().allowInsecurePush);
    QCOMPARE(model.value().pushUrl, QUrl(QStringLiteral("ws://push.example:8080/ws/msg")));

    // The permission belongs to that URL: a secure one drops it, and loopback never needs it.
    child<QLineEdit>(&dialog, "pushEdit")->setText(QStringLiteral("wss://push.example/ws/msg"));
    QVERIFY(consent->isHidden());
    QVERIFY(dialog.apply());
    QVERIFY(!model.value().allowInsecurePush);
    child<QLineEdit>(&dialog, "pushEdit")->setText(QStringLiteral("ws://127.0.0.1:4860/ws/msg"));
    QVERIFY(consent->isHidden());
    QVERIFY(dialog.apply());

    // A site on plain http to this computer derives ws:// to it: fine too.
    child<QLineEdit>(&dialog, "pushEdit")->clear();
    child<QLineEdit>(&dialog, "siteEdit")->setText(QStringLiteral("http://localhost:4861"));
    QVERIFY(consent->isHidden());
    QVERIFY(dialog.apply());
}

void TestNetworkSettings::networkPage()
{
    settings::SettingsModel model(m_dir.filePath(QStringLiteral("network.ini")));
    ui::SettingsContext context;
    context.settings = &model;
    ui::SettingsDialog dialog(context);
    auto* mode = child<QComboBox>(&dialog, "proxyModeCombo");
    auto* type = child<QComboBox>(&dialog, "proxyTypeCombo");
    auto* host = child<QLineEdit>(&dialog, "proxyHostEdit");
    auto* port = child<QSpinBox>(&dialog, "proxyPortSpin");
    auto* error = child<QLabel>(&dialog, "networkError");
    QCOMPARE(mode->currentData().toInt(), int(settings::ProxyMode::System));
    QVERIFY(!host->isEnabled());

    mode->setCurrentIndex(mode->findData(int(settings::ProxyMode::Manual)));
    QVERIFY(host->isEnabled());
    QVERIFY(!dialog.apply()); // no host, no port
    QVERIFY(!error->isHidden());
    QCOMPARE(child<QTabWidget>(&dialog, "settingsTabs")->currentIndex(), int(ui::SettingsDialog::Page::Network));
    type->setCurrentIndex(type->findData(int(settings::ProxyType::Socks5)));
    host->setText(QStringLiteral("proxy.example"));
    port->setValue(1080);
    QVERIFY(dialog.apply());
    QVERIFY(error->isHidden());
    settings::Settings saved = model.value();
    QCOMPARE(saved.proxyMode, settings::ProxyMode::Manual);
    QCOMPARE(saved.proxyType, settings::ProxyType::Socks5);
    QCOMPARE(saved.proxyHost, QStringLiteral("proxy.example"));
    QCOMPARE(saved.proxyPort, 1080);

    // The trusted certificate: a file that is none is refused; a real one shows its fingerprint.
    auto* ca = child<QLineEdit>(&dialog, "trustedCaEdit");
    auto* status = child<QLabel>(&dialog, "trustedCaStatus");
    const QString bogus = m_dir.filePath(QStringLiteral("bogus.pem"));
    QFile file(bogus);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello");
    file.close();
    ca->setText(bogus);
    QVERIFY2(status->text().contains(QStringLiteral("no certificate")), qPrintable(status->text()));
    QVERIFY(!dialog.apply());
    QVERIFY(error->text().contains(QStringLiteral("bogus.pem")));
    QVERIFY(model.value().trustedCaFile.isEmpty());
    ca->setText(m_cert->certificatePath);
    QVERIFY2(status->text().contains(settings::sha256Fingerprint(m_cert->certificate)), qPrintable(status->text()));
    QVERIFY(status->text().contains(QStringLiteral("hu60 test server")));
    QVERIFY(dialog.apply());
    QCOMPARE(model.value().trustedCaFile, m_cert->certificatePath);

    // Loaded back into a fresh dialog.
    ui::SettingsDialog again(context);
    QCOMPARE(child<QComboBox>(&again, "proxyModeCombo")->currentData().toInt(), int(settings::ProxyMode::Manual));
    QCOMPARE(child<QLineEdit>(&again, "proxyHostEdit")->text(), QStringLiteral("proxy.example"));
    QCOMPARE(child<QLineEdit>(&again, "trustedCaEdit")->text(), m_cert->certificatePath);
}

void TestNetworkSettings::loginDialogRefusesPlainHttp()
{
    netfixtures::FakeProxy proxy; // everything would pass through it: it must see nothing
    settings::NetworkManager network;
    settings::NetworkConfig config;
    config.setManualProxy(settings::ProxyType::Http, QStringLiteral("127.0.0.1"), proxy.port());
    network.setNetworkConfig(config);
    ui::LoginDialog dialog(&network, QUrl(QStringLiteral("http://forum.example")), nullptr);
    child<QLineEdit>(&dialog, "loginName")->setText(QStringLiteral("user"));
    child<QLineEdit>(&dialog, "loginPassword")->setText(QStringLiteral("secret"));
    dialog.show();
    QTest::mouseClick(child<QPushButton>(&dialog, "loginButton"), Qt::LeftButton);
    auto* error = child<QLabel>(&dialog, "loginError");
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QStringLiteral("plain http")), qPrintable(error->text()));
    QTest::qWait(100);
    QVERIFY(proxy.received.isEmpty());
}

void TestNetworkSettings::certificateProblemShown()
{
    QWebSocketServer server(QStringLiteral("tls-test"), QWebSocketServer::SecureMode);
    server.setSslConfiguration(m_cert->serverConfiguration());
    QVERIFY(server.listen(QHostAddress::LocalHost));

    client::PushClientConfig config;
    config.url = QUrl(QStringLiteral("wss://127.0.0.1:%1/ws/msg").arg(server.serverPort()));
    config.watchNetwork = false;
    config.wakeCheckInterval = 0ms;
    config.backoffMin = 50ms;
    config.backoffMax = 100ms;
    config.jitter = 0;
    client::PushClient pushClient(config);
    pushClient.setSid(QStringLiteral("Tls7sEcUr1ty_TeSt-s1d_4bcd"));
    settings::NetworkManager network;
    settings::SettingsModel model(m_dir.filePath(QStringLiteral("notifier.ini")));
    ui::NotifierContext context;
    context.client = &pushClient;
    context.network = &network;
    context.settings = &model;
    ui::Notifier notifier(context);

    QSignalSpy problems(&pushClient, &client::PushClient::tlsProblem);
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier.presenter());
    QVERIFY(popups);
    const auto problemCards = [popups] {
        QList<ui::NotificationPopup*> cards;
        for (ui::NotificationPopup* popup : popups->popups()) {
            if (popup->notification().url == ui::Notifier::networkProblemUrl())
                cards.append(popup);
        }
        return cards;
    };
    const auto visibleWindowsOtherThanCards = [] {
        QStringList windows;
        for (QWidget* window : QApplication::topLevelWidgets()) {
            if (window->isVisible() && !qobject_cast<ui::NotificationPopup*>(window))
                windows.append(window->objectName());
        }
        return windows;
    };
    pushClient.start();
    // Told by a notification (which never takes the focus) and by the tray, not by a window of its own.
    QTRY_COMPARE(problemCards().size(), 1);
    QPointer<ui::NotificationPopup> card = problemCards().first();
    QCOMPARE(child<QLabel>(card, "popupSender")->text(), QStringLiteral("Connection problem"));
    QVERIFY2(card->notification().summary.contains(QStringLiteral("127.0.0.1")),
             qPrintable(card->notification().summary));
    QCOMPARE(notifier.networkProblemDialog(), nullptr);
    QCOMPARE(visibleWindowsOtherThanCards(), QStringList());
    ui::TrayIcon* tray = notifier.trayIcon();
    QCOMPARE(tray->statusText().left(19), QStringLiteral("Certificate problem"));
    QVERIFY2(tray->toolTip().contains(QStringLiteral("127.0.0.1")), qPrintable(tray->toolTip()));
    QAction* trayEntry = tray->menu()->findChild<QAction*>(QStringLiteral("networkProblemAction"));
    QVERIFY(trayEntry && trayEntry->isVisible());

    // Retries hit the same certificate: one notification, not one per attempt, and still no window.
    QTRY_VERIFY(problems.count() >= 3);
    QCOMPARE(problemCards().size(), 1);
    QCOMPARE(notifier.networkProblemDialog(), nullptr);

    // The user's click on the notification opens the details.
    QTest::mouseClick(card, Qt::LeftButton, {}, QPoint(3, 3));
    QTRY_VERIFY(notifier.networkProblemDialog() != nullptr);
    QMessageBox* box = notifier.networkProblemDialog();
    QVERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("127.0.0.1")), qPrintable(box->text()));
    const QString details = box->detailedText();
    QVERIFY2(details.contains(settings::sha256Fingerprint(m_cert->certificate)), qPrintable(details));
    QVERIFY(details.contains(QStringLiteral("hu60 test server")));
    QVERIFY(details.contains(m_cert->certificate.expiryDate().toUTC().toString(Qt::ISODate)));
    // No way around the check: only "close" and "network settings".
    for (QAbstractButton* button : box->buttons()) {
        const QMessageBox::ButtonRole role = box->buttonRole(button);
        QVERIFY(role == QMessageBox::RejectRole || role == QMessageBox::ActionRole);
        QVERIFY(!button->text().contains(QStringLiteral("gnore"), Qt::CaseInsensitive));
    }
    box->close();
    QTRY_COMPARE(notifier.networkProblemDialog(), nullptr);

    // A new problem is notified too, and never opens the window by itself.
    notifier.showNetworkProblem(QStringLiteral("other"), QStringLiteral("text"), QString(), QStringLiteral("d"));
    QTRY_COMPARE(problemCards().size(), 1);
    QVERIFY(problemCards().first() != card);
    QCOMPARE(notifier.networkProblemDialog(), nullptr);
    QVERIFY(tray->toolTip().contains(QStringLiteral("text")));

    // The tray's entry opens the latest one; "Network settings…" leads to the page where a certificate can be
    // trusted.
    trayEntry->trigger();
    QTRY_VERIFY(notifier.networkProblemDialog() != nullptr);
    QCOMPARE(notifier.networkProblemDialog()->detailedText(), QStringLiteral("d"));
    child<QPushButton>(notifier.networkProblemDialog(), "networkSettingsButton")->click();
    QWidget* settingsDialog = nullptr;
    for (QWidget* window : QApplication::topLevelWidgets()) {
        if (window->objectName() == u"settingsDialog" && window->isVisible())
            settingsDialog = window;
    }
    QVERIFY(settingsDialog);
    QCOMPARE(child<QTabWidget>(settingsDialog, "settingsTabs")->currentIndex(), int(ui::SettingsDialog::Page::Network));
    pushClient.stop();
}

void TestNetworkSettings::trayExplainsRefusedPushUrl()
{
    client::PushClientConfig config;
    config.url = QUrl(QStringLiteral("ws://push.example/ws/msg"));
    config.watchNetwork = false;
    config.wakeCheckInterval = 0ms;
    client::PushClient pushClient(config);
    pushClient.setSid(QStringLiteral("Tls7sEcUr1ty_TeSt-s1d_4bcd"));
    ui::TrayIcon tray(&pushClient, nullptr);
    const QString before = tray.statusText();
    pushClient.start(); // refused at once: the state stays Idle, only the failure changes
    QCOMPARE(pushClient.state(), client::PushClient::State::Idle);
    QVERIFY(tray.statusText() != before);
    QVERIFY2(tray.statusText().contains(QStringLiteral("ws://")), qPrintable(tray.statusText()));
    QVERIFY(tray.toolTip().contains(QStringLiteral("unencrypted")));
}

QTEST_MAIN(TestNetworkSettings)
#include "tst_networksettings.moc"
