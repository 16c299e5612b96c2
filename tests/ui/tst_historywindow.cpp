// SPDX-License-Identifier: GPL-3.0-or-later
// The history window lists what the HistoryStore (SQLite) holds, newest first, across a restart; search filters by
// sender or text; open and mark read do what they say. Also the Notifier's left click: newest unread, else history.
#include "core/client/pushclient.h"
#include "core/content/content.h"
#include "core/inbox/historystore.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "ui/history/historywindow.h"
#include "ui/notifier.h"

#include <QDesktopServices>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace {

class UrlCatcher : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl& url) { urls.append(url); }
};

inbox::Notification make(qint64 id, int type, const QString& sender, const QString& summary, int minutesAgo)
{
    inbox::Notification n;
    n.id = id;
    n.type = type;
    n.byuid = 2333;
    n.senderName = sender;
    n.summary = summary;
    n.html = summary.toHtmlEscaped();
    n.url = QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.%1.html").arg(id));
    n.receivedAt = QDateTime::currentDateTime().addSecs(-60 * minutesAgo);
    return n;
}

} // namespace

class TestHistoryWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(
            QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise)\\(\\)).*")));
    }
    void survivesRestart();
    void searchFilters();
    void openAndMarkRead();
    void burstIsOneReload();
    void leftClickOpensNewestUnread();
    void rowsReadAsTheirNotifications();

private:
    QTemporaryDir m_dir;
};

void TestHistoryWindow::survivesRestart()
{
    const QString path = m_dir.filePath(QStringLiteral("restart.sqlite"));
    {
        inbox::HistoryStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        store.add(make(101, 0, QStringLiteral("阿三"), QStringLiteral("晚上一起开黑吗？"), 30));
        store.add(make(103, 0, QStringLiteral("老虎会游泳"), QStringLiteral("编辑了你的发言"), 20));
        store.add(make(102, 1, QStringLiteral("小红"), QStringLiteral("你的托盘通知做好了吗？"), 10));
        store.close();
    }
    inbox::HistoryStore reopened;
    QVERIFY(reopened.open(path));
    ui::HistoryWindow window(&reopened);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* list = window.findChild<QTreeWidget*>(QStringLiteral("historyList"));
    QCOMPARE(window.rowCount(), 3);
    // Newest first.
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("小红"));
    QCOMPARE(list->topLevelItem(1)->text(1), QStringLiteral("老虎会游泳"));
    QCOMPARE(list->topLevelItem(2)->text(1), QStringLiteral("阿三"));
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("@"));
    QCOMPARE(list->topLevelItem(2)->text(2), QStringLiteral("晚上一起开黑吗？"));
    QVERIFY(list->topLevelItem(0)->font(2).bold()); // unread

    // New rows appear live.
    reopened.add(make(104, 0, QStringLiteral("阿三"), QStringLiteral("到了吗"), 0));
    QTRY_COMPARE(window.rowCount(), 4);
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("到了吗"));
}

void TestHistoryWindow::searchFilters()
{
    inbox::HistoryStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("search.sqlite"))));
    store.add(make(201, 0, QStringLiteral("阿三"), QStringLiteral("晚上一起开黑吗？"), 3));
    store.add(make(202, 1, QStringLiteral("小红"), QStringLiteral("QWebSocket 断线重连"), 2));
    ui::HistoryWindow window(&store);
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("historySearch"));
    QTest::keyClicks(search, QStringLiteral("qwebsocket"));
    QTRY_COMPARE(window.rowCount(), 1);
    search->setText(QStringLiteral("阿三"));
    QTest::keyClick(search, Qt::Key_Return); // Return searches at once
    QCOMPARE(window.rowCount(), 1);
    QCOMPARE(window.findChild<QTreeWidget*>(QStringLiteral("historyList"))->topLevelItem(0)->text(1),
             QStringLiteral("阿三"));
    search->setText(QStringLiteral("nothing like this"));
    QTRY_COMPARE(window.rowCount(), 0); // after the typing pause
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("historyEmptyLabel"))->text().contains(u"nothing like this"));
    search->clear();
    QTRY_COMPARE(window.rowCount(), 2);
}

void TestHistoryWindow::openAndMarkRead()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    inbox::HistoryStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("open.sqlite"))));
    store.add(make(301, 0, QStringLiteral("阿三"), QStringLiteral("one"), 3));
    store.add(make(302, 0, QStringLiteral("阿三"), QStringLiteral("two"), 2));
    ui::HistoryWindow window(&store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* list = window.findChild<QTreeWidget*>(QStringLiteral("historyList"));
    auto* open = window.findChild<QPushButton*>(QStringLiteral("historyOpenButton"));
    auto* markRead = window.findChild<QPushButton*>(QStringLiteral("historyMarkReadButton"));
    QVERIFY(!open->isEnabled()); // nothing selected
    QSignalSpy readRequests(&window, &ui::HistoryWindow::markReadRequested);
    // The controller marks read in the store (and on the forum); here the store directly.
    connect(&window, &ui::HistoryWindow::markReadRequested, &store, [&store](qint64 id) { store.setRead(id); });

    list->topLevelItem(1)->setSelected(true); // "one", id 301
    QVERIFY(markRead->isEnabled());
    QTest::mouseClick(markRead, Qt::LeftButton);
    QCOMPARE(readRequests.count(), 1);
    QCOMPARE(readRequests.takeFirst().at(0).toLongLong(), 301);
    QTRY_VERIFY(!list->topLevelItem(1)->font(2).bold());
    QCOMPARE(store.unreadCount(), 1);

    list->clearSelection();
    list->topLevelItem(0)->setSelected(true); // "two", id 302
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.302.html"))});
    QCOMPARE(readRequests.count(), 1); // opening an unread one marks it read
    QCOMPARE(store.unreadCount(), 0);

    // Reply…: one message selected, the whole stored message handed over (its sender, its content).
    auto* reply = window.findChild<QPushButton*>(QStringLiteral("historyReplyButton"));
    QVERIFY(reply->isEnabled());
    QSignalSpy replies(&window, &ui::HistoryWindow::replyRequested);
    QTest::mouseClick(reply, Qt::LeftButton);
    QCOMPARE(replies.count(), 1);
    const auto replied = replies.first().at(0).value<inbox::Notification>();
    QCOMPARE(replied.id, 302);
    QCOMPARE(replied.senderName, QStringLiteral("阿三"));
    list->topLevelItem(1)->setSelected(true);
    QVERIFY(!reply->isEnabled()); // two selected
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TestHistoryWindow::burstIsOneReload()
{
    inbox::HistoryStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("burst.sqlite"))));
    ui::HistoryWindow window(&store);
    // Hidden, the window ignores changes (it re-reads when shown); shown, a burst is one reload, not one per row.
    for (int i = 0; i < 5; ++i)
        store.add(make(500 + i, 0, QStringLiteral("阿三"), QStringLiteral("hidden %1").arg(i), 1));
    QCoreApplication::processEvents();
    QCOMPARE(window.rowCount(), 0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.rowCount(), 5);

    auto* list = window.findChild<QTreeWidget*>(QStringLiteral("historyList"));
    for (int i = 0; i < 50; ++i)
        store.add(make(600 + i, 0, QStringLiteral("阿三"), QStringLiteral("burst %1").arg(i), 0));
    QCOMPARE(window.rowCount(), 5);      // not re-read per row ...
    QTRY_COMPARE(window.rowCount(), 55); // ... but once, shortly after
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("burst 49"));
}

void TestHistoryWindow::leftClickOpensNewestUnread()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    inbox::HistoryStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("click.sqlite"))));
    store.add(make(401, 0, QStringLiteral("阿三"), QStringLiteral("old"), 9));
    store.add(make(402, 1, QStringLiteral("小红"), QStringLiteral("new"), 1));
    settings::SettingsModel settingsModel(m_dir.filePath(QStringLiteral("click.ini")));
    client::PushClientConfig config;
    config.url = QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"));
    config.watchNetwork = false;
    client::PushClient pushClient(config);
    QNetworkAccessManager network;
    ui::NotifierContext context;
    context.client = &pushClient;
    context.network = &network;
    context.history = &store;
    context.settings = &settingsModel;
    ui::Notifier notifier(context);

    notifier.openNewest();
    QCOMPARE(catcher.urls.size(), 1);
    QVERIFY(catcher.urls.first().toString().endsWith(u"402.html"));
    notifier.openNewest();
    QCOMPARE(catcher.urls.size(), 2);
    QVERIFY(catcher.urls.last().toString().endsWith(u"401.html"));
    // Nothing unread: the history window instead.
    notifier.openNewest();
    QCOMPARE(catcher.urls.size(), 2);
    auto* window = notifier.showHistory();
    QVERIFY(window->isVisible());
    QCOMPARE(window->rowCount(), 2);
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TestHistoryWindow::rowsReadAsTheirNotifications()
{
    // A row stored by an earlier version: its summary is the Markdown source. The list shows the plain text rendered
    // from the stored content, as the notification does now.
    inbox::HistoryStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("plain.sqlite"))));
    inbox::Notification old =
        make(301, 0, QStringLiteral("ChatGPT"), QStringLiteral("你好！我是 **ChatGPT** 机器人"), 5);
    old.content = QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}},
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("value"), QStringLiteral("你好！我是 **ChatGPT** 机器人")}}};
    old.summary = QStringLiteral("stored long ago");
    store.add(old);
    store.add(make(302, 0, QStringLiteral("阿三"), QStringLiteral("没有内容的旧行"), 4)); // no content: as stored
    content::RenderOptions options;
    options.siteBase = QUrl(QStringLiteral("https://forum.example"));
    ui::HistoryWindow window(&store);
    window.setRenderOptions(options);
    window.show();
    auto* list = window.findChild<QTreeWidget*>(QStringLiteral("historyList"));
    QCOMPARE(window.rowCount(), 2);
    const QString rendered = content::render(old.content, old.id, old.type, options).summary;
    QVERIFY(rendered.contains(u"ChatGPT") && !rendered.contains(u"**"));
    QCOMPARE(list->topLevelItem(1)->text(2), rendered);
    QCOMPARE(list->topLevelItem(1)->toolTip(2), rendered);
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("没有内容的旧行"));
}

QTEST_MAIN(TestHistoryWindow)
#include "tst_historywindow.moc"
