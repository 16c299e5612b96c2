// SPDX-License-Identifier: GPL-3.0-or-later
// The Notifier end to end against the companion server: a pushed message goes Inbox → policy → presenter; the
// tray's do-not-disturb menu silences it (and is saved); robot presence follows the settings; an open settings
// dialog keeps its unsaved edits while the tray mutes a sender or turns do-not-disturb on, and its OK keeps both.
#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/presence/presencemodel.h"
#include "core/server/companion.h"
#include "core/server/store.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "ui/notifier.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/popuppresenter.h"
#include "ui/reply/replywindow.h"
#include "ui/settings/settingsdialog.h"
#include "ui/tray/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

class TestNotifier : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void captureUrl(const QUrl& url) { m_opened.append(url); }

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(
            QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise)\\(\\)).*")));
    }
    void doNotDisturbFromTheTray();
    void noTrayNoticeWaitsForTheConnection();
    void noTrayNoticeAfterARefusedUrl();
    void automaticPresenterFollowsThePlatform();
    void replyOpensTheForumAndKeepsTheText();
    void inlineReplyIsSentToTheForum();
    void readElsewhereWithdrawsThatMessage();
    void mutingWithdrawsTheSender();
    void settingsDialogKeepsEditsWhileTheTrayChangesSettings();

private:
    QList<QUrl> m_opened;
};

void TestNotifier::doNotDisturbFromTheTray()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    QTemporaryDir dir;

    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(companion.httpUrl());
    api.setSid(server::Companion::demoSid());
    client::PushClientConfig config;
    config.url = companion.proxyPushUrl();
    config.watchNetwork = false;
    client::PushClient pushClient(config);
    pushClient.setSid(server::Companion::demoSid());
    forum::UserDirectory users(&api);
    inbox::HistoryStore history;
    QVERIFY(history.open(dir.filePath(QStringLiteral("history.sqlite"))));
    inbox::Inbox inbox(&pushClient, &api, &users, &history);
    inbox.setSiteBase(companion.httpUrl());
    settings::SettingsModel model(dir.filePath(QStringLiteral("settings.ini")));
    settings::Settings initial;
    initial.site = companion.httpUrl();
    model.update([&](settings::Settings& s) { s = initial; });

    const QDateTime now(QDate(2026, 11, 25), QTime(10, 42));
    ui::NotifierContext context;
    context.client = &pushClient;
    context.api = &api;
    context.users = &users;
    context.network = &network;
    context.inbox = &inbox;
    context.history = &history;
    context.settings = &model;
    context.clock = [now] { return now; };
    ui::Notifier notifier(context);
    QSignalSpy shown(&notifier, &ui::Notifier::notificationShown);
    QSignalSpy suppressed(&notifier, &ui::Notifier::notificationSuppressed);
    QSignalSpy connected(&pushClient, &client::PushClient::connected);
    pushClient.start();
    QVERIFY(connected.wait(5000));
    // The demo data's unread messages arrive through the catch-up first.
    QTRY_VERIFY(!shown.isEmpty());
    QTest::qWait(300);
    shown.clear();

    // Do not disturb for an hour: saved, shown in the menu, and the next message is only kept in the history.
    ui::TrayIcon* tray = notifier.trayIcon();
    tray->menu()->findChild<QAction*>(QStringLiteral("dndHourAction"))->trigger();
    const settings::Settings saved = model.value();
    QVERIFY(saved.doNotDisturb);
    QCOMPARE(saved.dndUntil, now.addSecs(3600));
    QCOMPARE(tray->menu()->findChild<QMenu*>(QStringLiteral("dndMenu"))->title(),
             QStringLiteral("Do not disturb: until 11:42"));
    const QJsonArray content{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("value"), QStringLiteral("quiet please")}}};
    const qint64 quietId = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    QTRY_COMPARE(suppressed.count(), 1);
    QCOMPARE(suppressed.first().at(0).value<inbox::Notification>().id, quietId);
    QCOMPARE(suppressed.first().at(1).value<inbox::SuppressReason>(), inbox::SuppressReason::DoNotDisturb);
    QVERIFY(shown.isEmpty());

    // Off again: the next one pops up.
    tray->menu()->findChild<QAction*>(QStringLiteral("dndOffAction"))->trigger();
    QVERIFY(!model.value().doNotDisturb);
    const qint64 loudId = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    QTRY_COMPARE(shown.count(), 1);
    QCOMPARE(shown.first().at(0).value<inbox::Notification>().id, loudId);

    // Read elsewhere (the forum's counts drop to 0): every message card and summary goes; notices stay.
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier.presenter());
    QVERIFY(popups);
    const auto messageCards = [popups] {
        int cards = 0;
        for (const ui::NotificationPopup* popup : popups->popups())
            cards += popup->notification().id > 0 || popup == popups->summaryPopup() ? 1 : 0;
        return cards;
    };
    QTRY_VERIFY(messageCards() > 0);
    emit inbox.unreadCountsChanged(0, 0);
    QTRY_COMPARE(messageCards(), 0);

    // Robot presence off in the settings: the model empties and says so.
    model.update([](settings::Settings& s) { s.robotPresence = false; });
    QVERIFY(!notifier.robots()->isEnabled());
    QVERIFY(!pushClient.presenceWanted());
    pushClient.stop();
}

namespace {

/// A Notifier with only a push client (to `url`, the demo sid), private settings and a network manager: enough for
/// what the notifier says about the tray and the connection.
struct BareNotifier
{
    explicit BareNotifier(const QUrl& url)
        : pushClient([&url] {
            client::PushClientConfig config;
            config.url = url;
            config.watchNetwork = false;
            return config;
        }())
        , model(dir.filePath(QStringLiteral("notifier.ini")))
        , notifier([this] {
            pushClient.setSid(server::Companion::demoSid());
            ui::NotifierContext context;
            context.client = &pushClient;
            context.network = &network;
            context.settings = &model;
            return context;
        }())
    {
    }

    ui::PopupPresenter* popups() { return qobject_cast<ui::PopupPresenter*>(notifier.presenter()); }

    client::PushClient pushClient;
    QTemporaryDir dir;
    settings::SettingsModel model;
    QNetworkAccessManager network;
    ui::Notifier notifier;
};

} // namespace

void TestNotifier::noTrayNoticeWaitsForTheConnection()
{
    // A server that accepts and never answers keeps the client Connecting; offscreen has no tray.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    BareNotifier bare(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/msg").arg(silent.serverPort())));
    client::PushClient& pushClient = bare.pushClient;
    const client::PushClientConfig config = pushClient.config();
    auto* popups = bare.popups();
    QVERIFY(popups);
    QTest::qWait(50); // the tray is looked for from the event loop: not started yet, nothing is said yet
    QCOMPARE(popups->visibleCount(), 0);
    pushClient.start();
    QCOMPARE(pushClient.state(), client::PushClient::State::Connecting);

    // The tray is looked for at once, but the notice about its absence waits: its layout must not delay the
    // connection.
    QTRY_VERIFY(silent.hasPendingConnections());
    QTest::qWait(100);
    QCOMPARE(popups->visibleCount(), 0);
    pushClient.setConfig([&] {
        client::PushClientConfig refused = config;
        refused.url = QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"));
        return refused;
    }());
    pushClient.start(); // refused: the attempt is over (Reconnecting)
    QTRY_COMPARE(popups->visibleCount(), 1);
    QVERIFY(popups->popups().first()->notification().summary.contains(u"No system tray"));
    QTest::qWait(50);
    QCOMPARE(popups->visibleCount(), 1); // once
    pushClient.stop();
}

void TestNotifier::noTrayNoticeAfterARefusedUrl()
{
    // An unencrypted push URL to another computer is refused before anything connects: the client stays Idle, yet
    // the attempt is over, so the notice must not wait for a state change that never comes.
    BareNotifier bare(QUrl(QStringLiteral("ws://push.invalid/ws/msg")));
    client::PushClient& pushClient = bare.pushClient;
    auto* popups = bare.popups();
    QVERIFY(popups);
    QTest::qWait(50);
    QSignalSpy failures(&pushClient, &client::PushClient::failure);
    pushClient.start();
    QTRY_COMPARE(failures.count(), 1);
    QCOMPARE(pushClient.state(), client::PushClient::State::Idle);
    QTRY_COMPARE(popups->visibleCount(), 1);
    QVERIFY(popups->popups().first()->notification().summary.contains(u"No system tray"));
    // Titled as the app, not as an empty summary ("0 new message(s)").
    QCOMPARE(popups->popups().first()->findChild<QLabel*>(QStringLiteral("popupSender"))->text(),
             QStringLiteral("hu60 Notifier"));
    pushClient.start(); // refused again: still said once
    QTest::qWait(50);
    QCOMPARE(popups->visibleCount(), 1);
}

void TestNotifier::automaticPresenterFollowsThePlatform()
{
    using settings::Presenter;
    const auto kind = [](Presenter wanted, const char* platform) {
        return ui::Notifier::choosePresenter(wanted, QLatin1String(platform)).kind;
    };
    // The automatic choice explains itself, naming the platform it decided for.
    QVERIFY(ui::Notifier::choosePresenter(Presenter::Automatic, u"wayland"_qs).reason.contains(u"wayland"));
    QVERIFY(ui::Notifier::choosePresenter(Presenter::Automatic, u"xcb"_qs).reason.contains(u"xcb"));
    QCOMPARE(kind(Presenter::Automatic, "xcb"), Presenter::Popup);
    QCOMPARE(kind(Presenter::Automatic, "windows"), Presenter::Popup);
    QCOMPARE(kind(Presenter::Automatic, "offscreen"), Presenter::Popup);
    QCOMPARE(kind(Presenter::Automatic, "wayland"), Presenter::Native);
    QCOMPARE(kind(Presenter::Automatic, "wayland-egl"), Presenter::Native);
    QCOMPARE(kind(Presenter::Automatic, "eglfs"), Presenter::Native);
    // A forced choice holds on every platform.
    QCOMPARE(kind(Presenter::Popup, "wayland"), Presenter::Popup);
    QCOMPARE(kind(Presenter::Native, "xcb"), Presenter::Native);

    // The default is automatic, and here (offscreen) that means our popups, with the reason to show in the settings.
    QCOMPARE(settings::Settings().presenter, Presenter::Automatic);
    BareNotifier bare(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg")));
    QVERIFY(bare.popups());
    QCOMPARE(bare.notifier.presenterChoice().kind, Presenter::Popup);
    QVERIFY(bare.notifier.presenterChoice().reason.contains(u"offscreen"));
}

void TestNotifier::replyOpensTheForumAndKeepsTheText()
{
    QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "captureUrl");
    m_opened.clear();
    BareNotifier bare(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg")));
    QSignalSpy replies(&bare.notifier, &ui::Notifier::replyRequested);
    ui::Presenter* presenter = bare.notifier.presenter();
    QVERIFY(presenter);

    // Typed inline to an inbox message: the conversation with the sender opens, the text waits on the clipboard.
    QGuiApplication::clipboard()->clear();
    emit presenter->replyRequested(41, 2333, QStringLiteral("好的，马上来"));
    QCOMPARE(replies.count(), 1);
    QCOMPARE(replies.first(), (QVariantList{qint64(41), qint64(2333), QStringLiteral("好的，马上来")}));
    QCOMPARE(m_opened, QList<QUrl>{QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.chat.2333.html"))});
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("好的，马上来"));

    // "Reply…" on an @ mention: the message itself, and the clipboard is left alone.
    emit presenter->replyRequested(42, 0, QString());
    QCOMPARE(m_opened.size(), 2);
    QCOMPARE(m_opened.last(), QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.42.html")));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("好的，马上来"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TestNotifier::inlineReplyIsSentToTheForum()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    QTemporaryDir dir;
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(companion.httpUrl());
    api.setSid(server::Companion::demoSid());
    client::PushClientConfig config;
    config.url = companion.proxyPushUrl();
    config.watchNetwork = false;
    client::PushClient pushClient(config); // never started: the reply goes over HTTP alone
    pushClient.setSid(server::Companion::demoSid());
    forum::UserDirectory users(&api);
    users.insert(forum::UserInfo{2333, QStringLiteral("阿三"), {}});
    inbox::HistoryStore history;
    QVERIFY(history.open(dir.filePath(QStringLiteral("history.sqlite"))));
    inbox::Inbox inbox(&pushClient, &api, &users, &history);
    inbox.setSiteBase(companion.httpUrl());
    settings::SettingsModel model(dir.filePath(QStringLiteral("settings.ini")));
    settings::Settings initial;
    initial.site = companion.httpUrl();
    model.update([&](settings::Settings& s) { s = initial; });
    ui::NotifierContext context;
    context.client = &pushClient;
    context.api = &api;
    context.users = &users;
    context.network = &network;
    context.inbox = &inbox;
    context.history = &history;
    context.settings = &model;
    ui::Notifier notifier(context);
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier.presenter());
    QVERIFY(popups);
    QDesktopServices::setUrlHandler(QStringLiteral("http"), this, "captureUrl");
    m_opened.clear();
    const auto notices = [popups] {
        QStringList texts;
        for (const ui::NotificationPopup* popup : popups->popups()) {
            if (popup->notification().id == 0)
                texts.append(popup->notification().summary);
        }
        return texts;
    };
    const auto sentTo = [&companion](qint64 uid) {
        QList<server::Message> sent;
        for (const server::Message& m : companion.store()->messages()) {
            if (m.byuid == server::Companion::demoUid() && m.touid == uid && m.type == 0)
                sent.append(m);
        }
        return sent;
    };
    const QJsonArray content{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("value"), QStringLiteral("晚上开黑吗？")}}};
    const qint64 id = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    const qsizetype sentBefore = sentTo(2333).size();

    // Typed inline: sent to the sender as a new inbox message; confirmed, the message marked read, nothing opened.
    const QString text = QStringLiteral("好的 & 马上来\n第二行");
    emit notifier.presenter()->replyRequested(id, 2333, text);
    QTRY_COMPARE(sentTo(2333).size(), sentBefore + 1);
    // Sent as Markdown, the forum's default for what people write.
    QCOMPARE(sentTo(2333).last().content, QJsonArray({QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}},
                                                      QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                                  {QStringLiteral("value"), text}}}));
    QTRY_COMPARE(notices(), QStringList{QStringLiteral("Reply sent to 阿三")});
    QTRY_COMPARE(companion.store()->message(id)->isread, 1);
    QVERIFY(m_opened.isEmpty());

    // Refused by the forum (here: no such user): its reason and the typed text are shown, and the conversation
    // opens on the forum, as without sending.
    const qint64 other = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    emit notifier.presenter()->replyRequested(other, 999999, QStringLiteral("lost?"));
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first().path(), QStringLiteral("/q.php/msg.index.chat.999999.html"));
    QTRY_COMPARE(notices().size(), 2);
    QVERIFY(notices().contains(QStringLiteral("Reply to #999999 not sent: 该用户不存在！\nlost?")));
    QCOMPARE(companion.store()->message(other)->isread, 0);
    QVERIFY(sentTo(999999).isEmpty());

    // An @ answered inline: posted where it was written (the next floor of its topic), mentioning its author.
    inbox::Notification mention;
    mention.id = companion.insertMessage(server::Companion::demoUid(), 2333, 1, QJsonArray());
    mention.type = 1;
    mention.byuid = 2333;
    mention.senderName = QStringLiteral("阿三");
    mention.summary = QStringLiteral("@你");
    mention.content =
        QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("atMsg")},
                               {QStringLiteral("uid"), 2333},
                               {QStringLiteral("pos"), QStringLiteral("帖子的12楼")},
                               {QStringLiteral("url"), QStringLiteral("bbs.topic.105001.{$BID}?floor=12#12")},
                               {QStringLiteral("msg"), QJsonArray()}}};
    mention.receivedAt = QDateTime::currentDateTime();
    emit inbox.notificationReady(mention);
    const qsizetype floorsBefore = companion.store()->posts(QString(), 105001).size();
    emit notifier.presenter()->replyRequested(mention.id, 0, QStringLiteral("正常"));
    QTRY_COMPARE(companion.store()->posts(QString(), 105001).size(), floorsBefore + 1);
    const server::Post floor = companion.store()->posts(QString(), 105001).last();
    QCOMPARE(floor.uid, server::Companion::demoUid());
    QCOMPARE(floor.content.at(1).toObject().value(u"uid").toInteger(), 2333);
    QCOMPARE(floor.content.at(2).toObject().value(u"value").toString(), QStringLiteral("，正常"));
    QTRY_VERIFY(notices().contains(QStringLiteral("Replied to 阿三 where you were mentioned")));
    QCOMPARE(m_opened.size(), 1);

    // "Reply…" without text opens our reply window: the draft survives closing it, a send closes it, the draft goes.
    inbox::Notification asked;
    asked.id = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    asked.byuid = 2333;
    asked.senderName = QStringLiteral("阿三");
    asked.summary = QStringLiteral("晚上开黑吗？");
    asked.receivedAt = QDateTime::currentDateTime();
    emit inbox.notificationReady(asked);
    const auto replyWindow = [] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (auto* window = qobject_cast<ui::ReplyWindow*>(w); window && window->isVisible())
                return window;
        }
        return static_cast<ui::ReplyWindow*>(nullptr);
    };
    emit notifier.presenter()->replyRequested(asked.id, 2333, QString());
    QTRY_VERIFY(replyWindow());
    QCOMPARE(m_opened.size(), 1); // nothing opened in the browser
    auto* field = replyWindow()->findChild<QPlainTextEdit*>(QStringLiteral("replyText"));
    field->insertPlainText(QStringLiteral("**九点**"));
    QVERIFY(replyWindow()->findChild<QTextBrowser*>(QStringLiteral("replyPreview"))->toHtml().contains(u"<b>") ||
            replyWindow()->findChild<QTextBrowser*>(QStringLiteral("replyPreview"))->toHtml().contains(u"font-weight"));
    replyWindow()->close();
    QTRY_VERIFY(!replyWindow());
    emit notifier.presenter()->replyRequested(asked.id, 2333, QString());
    QTRY_VERIFY(replyWindow());
    field = replyWindow()->findChild<QPlainTextEdit*>(QStringLiteral("replyText"));
    QCOMPARE(field->toPlainText(), QStringLiteral("**九点**"));
    const qsizetype sentNow = sentTo(2333).size();
    QTest::keyClick(field, Qt::Key_Return, Qt::ControlModifier);
    QTest::keyClick(field, Qt::Key_Return, Qt::ControlModifier); // one at a time: not sent twice
    QTRY_VERIFY(!replyWindow());
    QCOMPARE(sentTo(2333).size(), sentNow + 1);
    QCOMPARE(sentTo(2333).last().content.at(1).toObject().value(u"value").toString(), QStringLiteral("**九点**"));
    emit notifier.presenter()->replyRequested(asked.id, 2333, QString());
    QTRY_VERIFY(replyWindow());
    QVERIFY(replyWindow()->findChild<QPlainTextEdit*>(QStringLiteral("replyText"))->toPlainText().isEmpty());
    replyWindow()->close();
    QTRY_VERIFY(notices().contains(QStringLiteral("Reply sent to 阿三")));
    const qsizetype noticesAfterWindow = notices().size();

    // No login (the forum redirects a POST to its login page): not sent, said so, the text kept.
    api.setSid(QStringLiteral("Hu60NoSuchSid000000000000"));
    emit notifier.presenter()->replyRequested(other, 2333, QStringLiteral("again"));
    QTRY_COMPARE(m_opened.size(), 2);
    QTRY_COMPARE(notices().size(), noticesAfterWindow + 1);
    QVERIFY(notices().contains(QStringLiteral("Reply to 阿三 not sent: the forum wants you to log in again\nagain")));
    QCOMPARE(sentTo(2333).size(), sentNow + 1); // the login-less one was not sent

    // Offline (nothing listens where the forum was): the reply waits, said so, and goes out on the next connection.
    api.setSid(server::Companion::demoSid());
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    api.setSiteBase(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort)));
    emit notifier.presenter()->replyRequested(asked.id, 2333, QString());
    QTRY_VERIFY(replyWindow());
    replyWindow()->findChild<QPlainTextEdit*>(QStringLiteral("replyText"))->setPlainText(QStringLiteral("离线写的"));
    QTest::keyClick(replyWindow()->findChild<QPlainTextEdit*>(QStringLiteral("replyText")), Qt::Key_Return,
                    Qt::ControlModifier);
    QTRY_VERIFY(!replyWindow());
    QTRY_VERIFY(notices().contains(
        QStringLiteral("No connection: the reply to 阿三 goes out when the connection is back\n离线写的")));
    QCOMPARE(sentTo(2333).size(), sentNow + 1);
    api.setSiteBase(companion.httpUrl());
    emit pushClient.connected();
    QTRY_COMPARE(sentTo(2333).size(), sentNow + 2);
    QCOMPARE(sentTo(2333).last().content.at(1).toObject().value(u"value").toString(), QStringLiteral("离线写的"));
    QTRY_VERIFY(notices().contains(QStringLiteral("Reply sent to 阿三 (it waited for the connection)")));
    emit pushClient.connected(); // sent once
    QTest::qWait(200);
    QCOMPARE(sentTo(2333).size(), sentNow + 2);
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
}

void TestNotifier::readElsewhereWithdrawsThatMessage()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    QTemporaryDir dir;
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(companion.httpUrl());
    api.setSid(server::Companion::demoSid());
    client::PushClientConfig config;
    config.url = companion.proxyPushUrl();
    config.watchNetwork = false;
    client::PushClient pushClient(config);
    pushClient.setSid(server::Companion::demoSid());
    forum::UserDirectory users(&api);
    inbox::HistoryStore history;
    inbox::Inbox inbox(&pushClient, &api, &users, &history);
    inbox.setSiteBase(companion.httpUrl());
    settings::SettingsModel model(dir.filePath(QStringLiteral("settings.ini")));
    ui::NotifierContext context;
    context.client = &pushClient;
    context.api = &api;
    context.users = &users;
    context.network = &network;
    context.inbox = &inbox;
    context.history = &history;
    context.settings = &model;
    ui::Notifier notifier(context);
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier.presenter());
    QVERIFY(popups);
    QSignalSpy finished(&inbox, &inbox::Inbox::catchUpFinished);
    QSignalSpy readElsewhere(&inbox, &inbox::Inbox::readElsewhere);
    pushClient.start();
    QVERIFY(finished.wait(10000));
    QTest::qWait(200);
    // Two messages with a card each (the demo data's backlog and its burst summary out of the way).
    popups->clear();
    popups->setBurst(1000, 1000);
    QSignalSpy shown(&notifier, &ui::Notifier::notificationShown);
    const QJsonArray content{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("value"), QStringLiteral("read me in the browser")}}};
    const qint64 readThere = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    const qint64 stillUnread = companion.insertMessage(server::Companion::demoUid(), 2333, 0, content);
    QTRY_COMPARE(shown.count(), 2);
    const auto shownIds = [popups] {
        QList<qint64> ids;
        for (const ui::NotificationPopup* popup : popups->popups())
            ids.append(popup->notification().id);
        return ids;
    };
    QCOMPARE(shownIds(), (QList<qint64>{readThere, stillUnread}));

    // Read in the browser: the next catch-up (a poll, a reconnect) takes back exactly that one, while other inbox
    // messages are still unread (the count does not reach 0).
    QVERIFY(companion.store()->markRead({readThere}, &error) == 1);
    finished.clear();
    inbox.catchUp();
    QVERIFY(finished.wait(5000));
    QCOMPARE(readElsewhere.count(), 1);
    QCOMPARE(readElsewhere.first().at(0).value<QList<qint64>>(), QList<qint64>{readThere});
    QVERIFY(inbox.unreadInbox() > 0);
    QTRY_COMPARE(shownIds(), QList<qint64>{stillUnread});
    // The history knows it is read, too.
    for (const inbox::Notification& n : history.list(QString(), 0)) {
        if (n.id == readThere || n.id == stillUnread)
            QCOMPARE(n.read, n.id == readThere);
    }

    // Nothing else changed: another catch-up takes nothing back.
    finished.clear();
    inbox.catchUp();
    QVERIFY(finished.wait(5000));
    QCOMPARE(readElsewhere.count(), 1);
    QCOMPARE(shownIds(), QList<qint64>{stillUnread});
    pushClient.stop();
}

void TestNotifier::mutingWithdrawsTheSender()
{
    BareNotifier bare(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg")));
    ui::PopupPresenter* popups = bare.popups();
    QVERIFY(popups);
    const auto message = [](qint64 id, qint64 byuid) {
        inbox::Notification n;
        n.id = id;
        n.byuid = byuid;
        n.senderName = QStringLiteral("#%1").arg(byuid);
        n.summary = n.html = QStringLiteral("message %1").arg(id);
        n.receivedAt = QDateTime::currentDateTime();
        return n;
    };
    popups->show(message(1, 2333));
    popups->show(message(2, 520));
    popups->show(message(3, 2333));
    QCOMPARE(popups->visibleCount(), 3);
    // "Mute sender" from a notification (here: the presenter's request, as a native notification's action sends it):
    // saved, and every card of that sender goes.
    emit popups->muteRequested(2333);
    QVERIFY(bare.model.value().mutedUids.contains(2333));
    QTRY_COMPARE(popups->visibleCount(), 1);
    QCOMPARE(popups->popups().first()->notification().id, 2);

    // Muted in the settings: the same.
    bare.model.update([](settings::Settings& s) { s.mutedUids.append(520); });
    QTRY_COMPARE(popups->visibleCount(), 0);
}

void TestNotifier::settingsDialogKeepsEditsWhileTheTrayChangesSettings()
{
    BareNotifier bare(QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg")));
    const QString file = bare.dir.filePath(QStringLiteral("notifier.ini"));
    ui::SettingsDialog* dialog = bare.notifier.showSettings(int(ui::SettingsDialog::Page::Notifications));
    const auto child = [dialog]<class T>(T*, const char* name) {
        T* widget = dialog->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    };
    auto* seconds = child(static_cast<QSpinBox*>(nullptr), "popupSecondsSpin");
    auto* sound = child(static_cast<QCheckBox*>(nullptr), "soundCheck");
    auto* dnd = child(static_cast<QCheckBox*>(nullptr), "dndCheck");
    auto* site = child(static_cast<QLineEdit*>(nullptr), "siteEdit");
    QCOMPARE(seconds->value(), 8);
    QVERIFY(!dnd->isChecked());

    // Edited, not applied yet (the site still being typed).
    seconds->setValue(30);
    sound->setChecked(true);
    site->setText(QStringLiteral("https://forum.exa"));
    // Meanwhile the tray: "mute sender" from a notification, then do not disturb for an hour.
    emit bare.popups()->muteRequested(2333);
    ui::TrayIcon* tray = bare.notifier.trayIcon();
    tray->menu()->findChild<QAction*>(QStringLiteral("dndHourAction"))->trigger();

    // The dialog still shows the edits, and the tray's do-not-disturb.
    QCOMPARE(seconds->value(), 30);
    QVERIFY(sound->isChecked());
    QCOMPARE(site->text(), QStringLiteral("https://forum.exa"));
    QVERIFY(dnd->isChecked());
    {
        // Saved so far: the tray's changes only.
        const settings::Settings saved = settings::SettingsModel(file).value();
        QCOMPARE(saved.mutedUids, QList<qint64>{2333});
        QVERIFY(saved.doNotDisturb);
        QCOMPARE(saved.popupSeconds, 8);
        QVERIFY(!saved.sound);
    }

    // OK: the edits and the tray's changes, all of them.
    site->setText(QStringLiteral("https://forum.example"));
    QTest::mouseClick(child(static_cast<QPushButton*>(nullptr), "okButton"), Qt::LeftButton);
    QVERIFY(!dialog->isVisible());
    const settings::Settings saved = settings::SettingsModel(file).value();
    QCOMPARE(saved.popupSeconds, 30);
    QVERIFY(saved.sound);
    QCOMPARE(saved.site, QUrl(QStringLiteral("https://forum.example")));
    QCOMPARE(saved.mutedUids, QList<qint64>{2333});
    QVERIFY(saved.doNotDisturb);
    QVERIFY(saved.dndUntil.isValid()); // for an hour, as the tray set it: the dialog did not touch it

    // An edit of the same field wins over the tray's: the user's last word.
    dialog = bare.notifier.showSettings(int(ui::SettingsDialog::Page::Notifications));
    QVERIFY(dnd->isChecked());
    dnd->setChecked(false);
    tray->menu()->findChild<QAction*>(QStringLiteral("dndTomorrowAction"))->trigger();
    QVERIFY(!dnd->isChecked());
    QTest::mouseClick(child(static_cast<QPushButton*>(nullptr), "okButton"), Qt::LeftButton);
    QVERIFY(!settings::SettingsModel(file).value().doNotDisturb);
    QVERIFY(!bare.model.value().dndUntil.isValid());
}

QTEST_MAIN(TestNotifier)
#include "tst_notifier.moc"
