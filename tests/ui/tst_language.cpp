// SPDX-License-Identifier: GPL-3.0-or-later
// The language setting applies at run time: app::i18n::install() swaps the catalogues (ours and Qt's) and the open
// UI retranslates itself: the tray menu and tooltip, the settings dialog (keeping unapplied edits), the login
// dialog, the history window, the robot panel, an open popup. Expected texts come from the catalogues themselves (the
// .qm files the build made), so the test follows the translations instead of repeating them.
#include "app/i18n.h"

#include "core/client/pushclient.h"

#include "core/inbox/notification.h"
#include "core/presence/presencemodel.h"
#include "ui/bots/robotpanel.h"
#include "ui/history/historywindow.h"
#include "ui/notifier.h"
#include "ui/popup/notificationpopup.h"
#include "ui/settings/logindialog.h"
#include "ui/settings/settingsdialog.h"
#include "ui/tray/trayicon.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QFormLayout>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

using ui::TrayIcon;

class TestLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void trayMenuFollowsTheLanguage();
    void openWindowsRetranslate();
    void presenterInUseFollowsTheLanguage();
    void loginDialogExplainsItself();
    void sameLanguageIsNotReinstalled();
    void qtCatalogueFollows();

public Q_SLOTS:
    void captureUrl(const QUrl& url) { m_opened.append(url); }

private:
    QList<QUrl> m_opened;
    /// The translation of @p source in @p context from the catalogue of @p language (the source text when the
    /// catalogue leaves it untranslated, as an English catalogue may).
    static QString expected(const QString& language, const char* context, const char* source);
    static QAction* action(TrayIcon& tray, const char* name)
    {
        return tray.menu()->findChild<QAction*>(QString::fromLatin1(name));
    }
    static const QString catalogues;
};

const QString TestLanguage::catalogues = QStringLiteral(HU60_CATALOGUE_DIR);

QString TestLanguage::expected(const QString& language, const char* context, const char* source)
{
    QTranslator translator;
    if (!translator.load(QStringLiteral("hu60-notifier_%1").arg(language), catalogues))
        return {};
    const QString text = translator.translate(context, source);
    return text.isEmpty() ? QString::fromUtf8(source) : text;
}

void TestLanguage::initTestCase()
{
    // The test's point is a translated text that differs from the source: make sure there is one.
    const QString chinese = expected(QStringLiteral("zh_CN"), "ui::TrayIcon", "Open inbox");
    QVERIFY2(!chinese.isEmpty(), qPrintable(QStringLiteral("no catalogue in ") + catalogues));
    QVERIFY(chinese != u"Open inbox");
}

void TestLanguage::cleanup()
{
    app::i18n::install(QStringLiteral("en"), catalogues);
    QCoreApplication::processEvents();
}

void TestLanguage::trayMenuFollowsTheLanguage()
{
    TrayIcon tray(nullptr, nullptr);
    QCOMPARE(action(tray, "openInboxAction")->text(), QStringLiteral("Open inbox"));

    QCOMPARE(app::i18n::install(QStringLiteral("zh_CN"), catalogues), QStringLiteral("zh_CN"));
    // LanguageChange is posted: the menu changes once the event loop has run, without any restart.
    for (const auto& [name, source] :
         {std::pair{"openInboxAction", "Open inbox"}, std::pair{"quitAction", "Quit"},
          std::pair{"settingsAction", "Settings…"}, std::pair{"dndHourAction", "For 1 hour"},
          std::pair{"reconnectAction", "Reconnect now"}}) {
        const QString translated = expected(QStringLiteral("zh_CN"), "ui::TrayIcon", source);
        QTRY_COMPARE(action(tray, name)->text(), translated);
    }
    // Texts built from state follow too: the robots entry, the status line and the tooltip.
    QCOMPARE(action(tray, "robotsAction")->text(),
             expected(QStringLiteral("zh_CN"), "ui::TrayIcon", "Online robots (off)…"));
    const QString notConnected = expected(QStringLiteral("zh_CN"), "ui::TrayIcon", "Not connected");
    QCOMPARE(tray.statusText(), notConnected);
    QCOMPARE(tray.toolTip(), expected(QStringLiteral("zh_CN"), "ui::TrayIcon", "hu60 Notifier — %1").arg(notConnected));
    QCOMPARE(tray.menu()->findChild<QMenu*>(QStringLiteral("dndMenu"))->title(),
             expected(QStringLiteral("zh_CN"), "ui::TrayIcon", "Do not disturb"));

    // And back.
    QCOMPARE(app::i18n::install(QStringLiteral("en"), catalogues), QStringLiteral("en"));
    QTRY_COMPARE(action(tray, "openInboxAction")->text(), expected(QStringLiteral("en"), "ui::TrayIcon", "Open inbox"));
    QCOMPARE(tray.statusText(), expected(QStringLiteral("en"), "ui::TrayIcon", "Not connected"));
}

void TestLanguage::openWindowsRetranslate()
{
    QNetworkAccessManager network;
    ui::SettingsContext context; // no store: the dialog shows defaults
    context.network = &network;
    ui::SettingsDialog dialog(context);
    dialog.show();
    dialog.showPage(ui::SettingsDialog::Page::Desktop);
    auto* site = dialog.findChild<QLineEdit*>(QStringLiteral("siteEdit"));
    QVERIFY(site);
    site->setText(QStringLiteral("https://example.invalid")); // typed, not applied
    dialog.findChild<QLineEdit*>(QStringLiteral("pushEdit"))->setText(QStringLiteral("not a url yet"));
    ui::LoginDialog login(&network, QUrl(QStringLiteral("https://hu60.cn")), nullptr, &dialog);
    login.show();
    ui::HistoryWindow history(nullptr);
    history.show();
    presence::PresenceModel robots;
    ui::RobotPanel panel(&robots, nullptr, nullptr, QUrl(QStringLiteral("https://hu60.cn")));
    panel.show();
    inbox::Notification notification;
    notification.id = 1;
    notification.byuid = 2333;
    notification.senderName = QStringLiteral("小红");
    notification.summary = QStringLiteral("晚上好");
    notification.html = notification.summary;
    ui::NotificationPopup popup(notification, nullptr, std::chrono::seconds(60));
    popup.show();

    app::i18n::install(QStringLiteral("zh_CN"), catalogues);
    const auto zh = [](const char* where, const char* source) {
        return expected(QStringLiteral("zh_CN"), where, source);
    };
    QTRY_COMPARE(dialog.windowTitle(), zh("ui::SettingsDialog", "Settings — hu60 Notifier"));
    auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("settingsTabs"));
    QCOMPARE(tabs->tabText(0), zh("ui::SettingsDialog", "Account"));
    QCOMPARE(tabs->currentIndex(), int(ui::SettingsDialog::Page::Desktop));
    // The rebuilt page still shows what was typed.
    site = dialog.findChild<QLineEdit*>(QStringLiteral("siteEdit"));
    QCOMPARE(site->text(), QStringLiteral("https://example.invalid"));
    QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("pushEdit"))->text(), QStringLiteral("not a url yet"));
    QCOMPARE(dialog.findChildren<QLineEdit*>(QStringLiteral("siteEdit")).size(), 1);

    QTRY_COMPARE(login.windowTitle(), zh("ui::LoginDialog", "Log in to %1").arg(QStringLiteral("hu60.cn")));
    QCOMPARE(login.findChild<QTabWidget*>(QStringLiteral("loginTabs"))->tabText(1),
             zh("ui::LoginDialog", "Session id"));
    QCOMPARE(login.findChild<QPushButton*>(QStringLiteral("loginButton"))->text(), zh("ui::LoginDialog", "Log in"));

    QTRY_COMPARE(history.windowTitle(), zh("ui::HistoryWindow", "History — hu60 Notifier"));
    QCOMPARE(history.findChild<QPushButton*>(QStringLiteral("historyOpenButton"))->text(),
             zh("ui::HistoryWindow", "Open"));
    QTRY_COMPARE(panel.windowTitle(), zh("ui::RobotPanel", "Online robots — hu60 Notifier"));
    QCOMPARE(panel.findChild<QPushButton*>(QStringLiteral("robotEnableButton"))->text(),
             zh("ui::RobotPanel", "Turn robot presence on"));
    QTRY_COMPARE(popup.findChild<QPushButton*>(QStringLiteral("popupDismiss"))->text(),
                 zh("ui::NotificationPopup", "Dismiss"));

    // A window opened after the switch starts in the new language.
    ui::HistoryWindow later(nullptr);
    QCOMPARE(later.windowTitle(), zh("ui::HistoryWindow", "History — hu60 Notifier"));
}

void TestLanguage::presenterInUseFollowsTheLanguage()
{
    // The note under the presenter choice says which one is in use and why; both parts follow the language, also
    // after the page was rebuilt in the new one.
    client::PushClientConfig config;
    config.url = QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"));
    config.watchNetwork = false;
    client::PushClient pushClient(config);
    QNetworkAccessManager network;
    ui::NotifierContext context;
    context.client = &pushClient;
    context.network = &network;
    ui::Notifier notifier(context);
    ui::SettingsDialog* dialog = notifier.showSettings(int(ui::SettingsDialog::Page::Notifications));
    const auto note = [dialog] { return dialog->findChild<QLabel*>(QStringLiteral("presenterNote")); };
    const char* reason =
        "Rich popups: this desktop (%1) lets them appear in a corner without taking the keyboard focus.";
    const auto inUse = [reason](const QString& language) {
        return expected(language, "ui::SettingsDialog", "In use: %1")
            .arg(expected(language, "ui::Notifier", reason).arg(QStringLiteral("offscreen")));
    };
    QCOMPARE(note()->text(), inUse(QStringLiteral("en")));
    QVERIFY(note()->isVisibleTo(dialog));

    app::i18n::install(QStringLiteral("zh_CN"), catalogues);
    QVERIFY(inUse(QStringLiteral("zh_CN")) != inUse(QStringLiteral("en")));
    QTRY_COMPARE(note()->text(), inUse(QStringLiteral("zh_CN")));
    QVERIFY(note()->isVisibleTo(dialog));
    QCOMPARE(notifier.presenterChoice().reason,
             expected(QStringLiteral("zh_CN"), "ui::Notifier", reason).arg(QStringLiteral("offscreen")));

    app::i18n::install(QStringLiteral("en"), catalogues);
    QTRY_COMPARE(note()->text(), inUse(QStringLiteral("en")));
}

void TestLanguage::loginDialogExplainsItself()
{
    // What a screen reader announces for each field: the label the form shows beside it, in either language.
    QNetworkAccessManager network;
    ui::LoginDialog login(&network, QUrl(QStringLiteral("https://forum.example")), nullptr);
    login.show();
    const auto field = [&login](const char* name) { return login.findChild<QWidget*>(QString::fromLatin1(name)); };
    const auto spoken = [](QWidget* widget) {
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        return accessible ? accessible->text(QAccessible::Name) : QString();
    };
    // The label a screen reader announces with the field (AT-SPI's "labelled by"; on Linux a combo box's name is
    // its current item).
    const auto labelledBy = [](QWidget* widget) {
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        const auto relations = accessible ? accessible->relations(QAccessible::Label)
                                          : QList<QPair<QAccessibleInterface*, QAccessible::Relation>>();
        return relations.isEmpty() ? QString() : relations.first().first->text(QAccessible::Name);
    };
    const auto shownLabel = [](QWidget* widget) {
        auto* form = qobject_cast<QFormLayout*>(widget->parentWidget()->layout());
        auto* label = qobject_cast<QLabel*>(form ? form->labelForField(widget) : nullptr);
        return label && label->buddy() == widget ? label->text().remove(u'&') : QString();
    };
    const auto check = [&](const QString& language) {
        const auto translated = [&language](const char* source) {
            return expected(language, "ui::LoginDialog", source).remove(u'&');
        };
        for (const auto& [name, source] :
             {std::pair{"loginType", "Log in &with"}, std::pair{"loginName", "&User name"},
              std::pair{"loginPassword", "&Password"}, std::pair{"loginSid", "&Session id"}}) {
            QWidget* widget = field(name);
            QVERIFY2(widget, name);
            QCOMPARE(shownLabel(widget), translated(source));
            QCOMPARE(labelledBy(widget), translated(source));
            if (qobject_cast<QLineEdit*>(widget))
                QCOMPARE(spoken(widget), translated(source));
        }
        // The name field says what it takes.
        auto* type = qobject_cast<QComboBox*>(field("loginType"));
        type->setCurrentIndex(1);
        QCOMPARE(spoken(field("loginName")), translated("&E-mail"));
        type->setCurrentIndex(0);
        QCOMPARE(login.findChild<QLabel*>(QStringLiteral("loginIntro"))->text(),
                 expected(language, "ui::LoginDialog",
                          "hu60 Notifier shows new inbox messages and @ mentions of the hu60 forum as desktop "
                          "notifications, and which forum robots are online. Log in with your forum account."));
    };
    check(QStringLiteral("en"));
    QVERIFY(!spoken(field("loginName")).isEmpty());
    app::i18n::install(QStringLiteral("zh_CN"), catalogues);
    QTRY_COMPARE(
        login.windowTitle(),
        expected(QStringLiteral("zh_CN"), "ui::LoginDialog", "Log in to %1").arg(QStringLiteral("forum.example")));
    check(QStringLiteral("zh_CN"));
    QVERIFY(spoken(field("loginPassword")) !=
            expected(QStringLiteral("en"), "ui::LoginDialog", "&Password").remove(u'&'));

    // Where to register: the configured site's registration page, opened in the browser; nothing but web pages.
    auto* link = login.findChild<QLabel*>(QStringLiteral("loginRegister"));
    QVERIFY(link->isVisibleTo(&login));
    QCOMPARE(login.registerUrl(), QUrl(QStringLiteral("https://forum.example/q.php/user.reg.html")));
    QVERIFY2(link->text().contains(u"href=\"https://forum.example/q.php/user.reg.html\""), qPrintable(link->text()));
    QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "captureUrl");
    QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "captureUrl");
    m_opened.clear();
    emit link->linkActivated(QStringLiteral("https://forum.example/q.php/user.reg.html"));
    emit link->linkActivated(QStringLiteral("file:///etc/passwd"));
    QCOMPARE(m_opened, QList<QUrl>{login.registerUrl()});
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));

    // The demo, where offered (first start): a line and a button that asks for it.
    auto* demo = login.findChild<QPushButton*>(QStringLiteral("loginDemoButton"));
    QVERIFY(!demo->isVisibleTo(&login));
    login.setDemoOffered(true);
    QVERIFY(demo->isVisibleTo(&login));
    QCOMPARE(demo->text(), expected(QStringLiteral("zh_CN"), "ui::LoginDialog", "Try the demo"));
    QVERIFY(login.findChild<QLabel*>(QStringLiteral("loginDemoNote"))->text().contains(u"--demo"));
    QSignalSpy demoRequested(&login, &ui::LoginDialog::demoRequested);
    demo->click();
    QCOMPARE(demoRequested.count(), 1);
}

void TestLanguage::sameLanguageIsNotReinstalled()
{
    app::i18n::install(QStringLiteral("zh_CN"), catalogues);
    QCoreApplication::processEvents();
    // Applying settings without a language change must not make every window retranslate.
    struct Counter : QObject
    {
        int changes = 0;
        bool eventFilter(QObject*, QEvent* event) override
        {
            if (event->type() == QEvent::LanguageChange)
                ++changes;
            return false;
        }
    } counter;
    qApp->installEventFilter(&counter);
    QCOMPARE(app::i18n::install(QStringLiteral("zh_CN"), catalogues), QStringLiteral("zh_CN"));
    QCoreApplication::processEvents();
    QCOMPARE(counter.changes, 0);
    app::i18n::install(QStringLiteral("en"), catalogues);
    QCoreApplication::processEvents();
    QVERIFY(counter.changes > 0);
    qApp->removeEventFilter(&counter);
}

void TestLanguage::qtCatalogueFollows()
{
    // Qt's own strings (standard dialog buttons) come from qtbase_*.qm of the Qt installation, when installed.
    QTranslator qtChinese;
    if (!qtChinese.load(QStringLiteral("qtbase_zh_CN"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QSKIP("Qt's Chinese catalogue is not installed (qt6-translations-l10n)");
    const QString cancel = qtChinese.translate("QPlatformTheme", "Cancel");
    QVERIFY(!cancel.isEmpty() && cancel != u"Cancel");
    app::i18n::install(QStringLiteral("zh_CN"), catalogues);
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), cancel);
    app::i18n::install(QStringLiteral("en"), catalogues);
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
