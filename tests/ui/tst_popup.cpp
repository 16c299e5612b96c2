// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/content.h"
#include "core/inbox/notification.h"
#include "core/protocol/event.h"
#include "core/server/companion.h"
#include "testconfig.h"
#include "ui/popup/imagecache.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/popuppresenter.h"
#include "ui/popup/richtextview.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QDesktopServices>
#include <QEnterEvent>
#include <QFile>
#include <QHash>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QWheelEvent>

#include <memory>

using inbox::Notification;
using ui::ImageCache;
using ui::NotificationPopup;
using ui::PopupPresenter;

Q_DECLARE_METATYPE(settings::Corner)

class TestPopup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    // QDesktopServices::setUrlHandler target: every "opened" URL lands here instead of in a browser.
    void captureUrl(const QUrl& url) { m_opened.append(url); }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void fixtureMessage_data();
    void fixtureMessage();
    void clickOpensMessageUrl();
    void clickOnBodyTextOpensMessageUrl();
    void linkInBodyOpensLink();
    void longBodyScrolls();
    void markReadMuteDismiss();
    void hoverPausesAutoHide();
    void readCardsAreWithdrawn();
    void popupsNeverTakeFocus();
    void burstBecomesSummary();
    void sameIdUpdatesCard();
    void oneCardBecomesTheSummary();
    void noticesAreNoPartOfABurst();
    void cornerPlacement_data();
    void cornerPlacement();
    void faceImageLoadsFromSite();
    void foreignImagesNeverFetched();
    void imageHostRules_data();
    void imageHostRules();
    void oversizedImageRefused();

private:
    std::unique_ptr<PopupPresenter> makePresenter(const QUrl& siteBase = QUrl(QStringLiteral("https://forum.invalid")));
    static Notification fromFixture(const QByteArray& line,
                                    const QUrl& siteBase = QUrl(QStringLiteral("https://hu60.cn")));
    static QList<QByteArray> fixtureMessages();
    static Notification simple(qint64 id, int type, const QString& text, qint64 byuid = 2333);

    QList<QUrl> m_opened;
    QTemporaryDir m_cacheDir;
    int m_cacheDirs = 0;
};

QList<QByteArray> TestPopup::fixtureMessages()
{
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        const protocol::Event event = protocol::parseEvent(line);
        if (event.type == protocol::EventType::Msg && (event.msg.type == 0 || event.msg.type == 1))
            lines.append(line);
    }
    return lines;
}

Notification TestPopup::fromFixture(const QByteArray& line, const QUrl& siteBase)
{
    const protocol::Event event = protocol::parseEvent(line);
    content::RenderOptions options;
    options.siteBase = siteBase;
    const content::Rendered rendered = content::renderContent(event.msg.content, event.msg.id, event.msg.type, options);
    Notification n;
    n.id = event.msg.id;
    n.type = event.msg.type;
    n.byuid = event.msg.byuid;
    n.html = rendered.html;
    n.summary = rendered.summary;
    n.url = rendered.url;
    n.receivedAt = QDateTime::currentDateTime();
    return n;
}

Notification TestPopup::simple(qint64 id, int type, const QString& text, qint64 byuid)
{
    Notification n;
    n.id = id;
    n.type = type;
    n.byuid = byuid;
    n.senderName = QStringLiteral("阿三");
    n.html = text.toHtmlEscaped();
    n.summary = text;
    n.url = QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.%1.html").arg(id));
    n.receivedAt = QDateTime::currentDateTime();
    return n;
}

std::unique_ptr<PopupPresenter> TestPopup::makePresenter(const QUrl& siteBase)
{
    // A fresh disk cache each time, so one test's image can never satisfy another's.
    auto presenter =
        std::make_unique<PopupPresenter>(siteBase, nullptr, m_cacheDir.filePath(QString::number(++m_cacheDirs)));
    presenter->setTimeout(std::chrono::seconds(60));
    return presenter;
}

void TestPopup::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_cacheDir.isValid());
    QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "captureUrl");
    QDesktopServices::setUrlHandler(QStringLiteral("http"), this, "captureUrl");
    QVERIFY(!fixtureMessages().isEmpty());
}

void TestPopup::init()
{
    // The offscreen platform warns that it cannot raise() a tool window; every other warning fails.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support).*")));
    m_opened.clear();
}

void TestPopup::cleanup()
{
    m_opened.clear();
}

void TestPopup::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
}

void TestPopup::fixtureMessage_data()
{
    QTest::addColumn<QByteArray>("line");
    for (const QByteArray& line : fixtureMessages()) {
        const protocol::Event event = protocol::parseEvent(line);
        QTest::addRow("%lld", event.msg.id) << line;
    }
}

void TestPopup::fixtureMessage()
{
    QFETCH(QByteArray, line);
    const Notification n = fromFixture(line);
    auto presenter = makePresenter();
    presenter->show(n);
    QCOMPARE(presenter->visibleCount(), 1);
    NotificationPopup* popup = presenter->popups().first();
    QVERIFY(popup->isVisible());

    const auto* sender = popup->findChild<QLabel*>(QStringLiteral("popupSender"));
    const auto* badge = popup->findChild<QLabel*>(QStringLiteral("popupBadge"));
    const auto* time = popup->findChild<QLabel*>(QStringLiteral("popupTime"));
    const auto* body = popup->findChild<ui::RichTextView*>(QStringLiteral("popupBody"));
    QVERIFY(sender && badge && time && body);
    QCOMPARE(sender->text(), QStringLiteral("#%1").arg(n.byuid));
    QCOMPARE(badge->text(), n.type == 1 ? QStringLiteral("@ mention") : QStringLiteral("Inbox"));
    QCOMPARE(time->text(), n.receivedAt.toString(u"HH:mm"));

    // What the body shows: the message text, faces and images as their alt text, markup as text.
    static const QHash<qint64, QStringList> expected{
        {995610, {QStringLiteral("{滑稽}")}},
        {995612,
         {QStringLiteral("聊天室“秘密虎穴”第688楼中"), QStringLiteral("@老虎会游泳"), QStringLiteral("{哈哈}")}},
        {2000100, {QStringLiteral("晚上一起开黑吗？"), QStringLiteral("老地方见{哈哈}{ok}")}},
        {2000101, {QStringLiteral("部署步骤"), QStringLiteral("QWebSocket ws;")}},
        {2000102, {QStringLiteral("你看这个截图"), QStringLiteral("托盘图标"), QStringLiteral("QSystemTrayIcon 文档")}},
        {2000104, {QStringLiteral("引用一段话"), QStringLiteral("列表项 2")}},
        {2000106, {QStringLiteral("欢迎大家测试"), QStringLiteral("第二行"), QStringLiteral("粗体")}},
        {2000107, {QStringLiteral("@小明 这是很久以前的提醒")}},
        {2000112, {QStringLiteral("<script>alert('xss')</script> & <b>不是粗体</b> &amp; 1<2")}},
        {2000113, {QStringLiteral("红色"), QStringLiteral("居中（未闭合）")}},
        {2000115, {QStringLiteral("旋转")}},
        {2000131, {QStringLiteral("后发先至")}},
    };
    const QString shown = body->toPlainText();
    for (const QString& text : expected.value(n.id))
        QVERIFY2(shown.contains(text), qPrintable(shown.left(300) + u" lacks " + text));
    if (!n.summary.isEmpty())
        QVERIFY(!shown.trimmed().isEmpty());
    // Text that looks like markup stays text.
    QVERIFY(!body->toHtml().contains(u"<script"));
    // Pictures from elsewhere are not loaded, so the document holds their alt text, not <img>.
    if (n.html.contains(u"<img"))
        QVERIFY(!body->toHtml().contains(u"<img"));
    // Nothing may be fetched from hosts other than the (here unreachable) site.
    QCOMPARE(presenter->images()->requestCount(), 0);
    // The quoted message of an @ mention is set off as a quote (an indented block).
    bool quoted = false;
    for (QTextBlock block = body->document()->begin(); block.isValid(); block = block.next())
        quoted = quoted || block.blockFormat().leftMargin() > 0 || block.blockFormat().indent() > 0;
    QCOMPARE(quoted, n.html.contains(u"<blockquote"));
    if (n.type == 1)
        QVERIFY(quoted);
}

void TestPopup::clickOpensMessageUrl()
{
    const Notification n = fromFixture(fixtureMessages().at(2));
    auto presenter = makePresenter();
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);
    presenter->show(n);
    QPointer<NotificationPopup> popup = presenter->popups().first();
    QTest::mouseClick(popup, Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(m_opened, QList<QUrl>{n.url});
    QCOMPARE(n.url, QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.2000100.html")));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(0).toLongLong(), n.id);
    QTRY_VERIFY(popup.isNull());
    QCOMPARE(presenter->visibleCount(), 0);
}

void TestPopup::clickOnBodyTextOpensMessageUrl()
{
    const Notification n = simple(42, 0, QStringLiteral("没有链接的一段话"));
    auto presenter = makePresenter();
    presenter->show(n);
    auto* body = presenter->popups().first()->findChild<ui::RichTextView*>(QStringLiteral("popupBody"));
    QVERIFY(body);
    QTest::mouseClick(body, Qt::LeftButton, {}, QPoint(6, 6));
    QCOMPARE(m_opened, QList<QUrl>{n.url});
}

void TestPopup::longBodyScrolls()
{
    // A long message keeps the card at its height limit; the rest is a scroll away, and every line is there.
    QStringList lines;
    for (int i = 1; i <= 80; ++i)
        lines << QStringLiteral("第%1行").arg(i);
    Notification n = simple(43, 0, lines.join(u'\n'));
    n.html = lines.join(QStringLiteral("<br />"));
    NotificationPopup popup(n, nullptr, std::chrono::seconds(10));
    auto* body = popup.findChild<ui::RichTextView*>(QStringLiteral("popupBody"));
    QVERIFY(body);
    QCOMPARE(body->height(), NotificationPopup::maxBodyHeight);
    QVERIFY(body->toPlainText().contains(u"第80行"));
    auto* bar = body->findChild<QScrollBar*>();
    QVERIFY(bar && bar->isVisibleTo(body));
    QCOMPARE(bar->value(), 0);
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->geometry().right(), body->width() - 1);
    QWheelEvent wheel(QPointF(10, 10), body->mapToGlobal(QPointF(10, 10)), {}, QPoint(0, -120), Qt::NoButton, {},
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(body, &wheel);
    QVERIFY(bar->value() > 0);

    // A short text afterwards needs no scroll bar and takes only its own height.
    n.html = QStringLiteral("一行");
    popup.setNotification(n);
    QVERIFY(!bar->isVisibleTo(body));
    QVERIFY(body->height() < NotificationPopup::maxBodyHeight / 2);
}

void TestPopup::linkInBodyOpensLink()
{
    // 2000107: "#1 在 帖子“旧帖”的3楼 @你：" — the first anchor is the mentioner's profile.
    Notification n;
    for (const QByteArray& line : fixtureMessages()) {
        if (line.contains("2000107"))
            n = fromFixture(line);
    }
    QCOMPARE(n.id, 2000107);
    auto presenter = makePresenter();
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);
    presenter->show(n);
    NotificationPopup* popup = presenter->popups().first();
    auto* body = popup->findChild<ui::RichTextView*>(QStringLiteral("popupBody"));
    QVERIFY(body);

    const QUrl profile(QStringLiteral("https://hu60.cn/q.php/user.info.1.html"));
    int anchorPosition = -1;
    for (QTextBlock block = body->document()->begin(); block.isValid() && anchorPosition < 0; block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (QUrl(it.fragment().charFormat().anchorHref()) == profile) {
                anchorPosition = it.fragment().position();
                break;
            }
        }
    }
    QVERIFY(anchorPosition >= 0);
    // Where the anchor's second character is drawn: its line in its block, as the view lays it out.
    const QTextBlock block = body->document()->findBlock(anchorPosition + 1);
    const int inBlock = anchorPosition + 1 - block.position();
    const QTextLine line = block.layout()->lineForTextPosition(inBlock);
    QVERIFY(line.isValid());
    const QRectF blockRect = body->document()->documentLayout()->blockBoundingRect(block);
    const QPoint where =
        QPointF(blockRect.left() + line.cursorToX(inBlock) + 1, blockRect.top() + line.y() + line.height() / 2)
            .toPoint();
    QCOMPARE(QUrl(body->anchorAt(where)), profile);
    QTest::mouseClick(body, Qt::LeftButton, {}, where);
    QCOMPARE(m_opened, QList<QUrl>{profile});
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(1).toUrl(), profile);
}

void TestPopup::markReadMuteDismiss()
{
    auto presenter = makePresenter();
    QSignalSpy markRead(presenter.get(), &ui::Presenter::markReadRequested);
    QSignalSpy mute(presenter.get(), &ui::Presenter::muteRequested);
    QSignalSpy dismissed(presenter.get(), &ui::Presenter::dismissed);
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);

    presenter->show(simple(101, 0, QStringLiteral("一"), 2333));
    QPointer<NotificationPopup> first = presenter->popups().last();
    QTest::mouseClick(first->findChild<QPushButton*>(QStringLiteral("popupMarkRead")), Qt::LeftButton);
    QCOMPARE(markRead.count(), 1);
    QCOMPARE(markRead.first().at(0).toLongLong(), 101);
    QTRY_VERIFY(first.isNull());

    // Muting a sender also removes their other cards, not other senders' cards.
    presenter->show(simple(102, 1, QStringLiteral("二"), -50));
    presenter->show(simple(103, 0, QStringLiteral("三"), 520));
    QPointer<NotificationPopup> robot = presenter->popups().at(0);
    QTest::mouseClick(robot->findChild<QPushButton*>(QStringLiteral("popupMute")), Qt::LeftButton);
    QCOMPARE(mute.count(), 1);
    QCOMPARE(mute.first().at(0).toLongLong(), -50);
    QTRY_VERIFY(robot.isNull());
    QCOMPARE(presenter->visibleCount(), 1);

    QPointer<NotificationPopup> other = presenter->popups().first();
    QCOMPARE(other->notification().id, 103);
    QTest::mouseClick(other->findChild<QPushButton*>(QStringLiteral("popupDismiss")), Qt::LeftButton);
    QCOMPARE(dismissed.count(), 1);
    QCOMPARE(dismissed.first().at(0).toLongLong(), 103);
    QTRY_VERIFY(other.isNull());
    // No button opened anything.
    QCOMPARE(activated.count(), 0);
    QVERIFY(m_opened.isEmpty());
}

void TestPopup::readCardsAreWithdrawn()
{
    auto presenter = makePresenter();
    QSignalSpy dismissed(presenter.get(), &ui::Presenter::dismissed);
    presenter->show(simple(201, 0, QStringLiteral("一")));
    presenter->show(simple(202, 0, QStringLiteral("二")));
    presenter->show(simple(203, 1, QStringLiteral("三")));
    QCOMPARE(presenter->visibleCount(), 3);
    presenter->withdraw(201);
    presenter->withdraw(999); // not shown: nothing
    QTRY_COMPARE(presenter->visibleCount(), 2);
    presenter->withdrawRead(false, true);
    QTRY_COMPARE(presenter->visibleCount(), 1);
    QCOMPARE(presenter->popups().first()->notification().id, 202);
    // Taken back, not dismissed by the user.
    QCOMPARE(dismissed.count(), 0);

    // A summary of both kinds stays while one kind is still unread, and goes once both are read.
    presenter->clear();
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->show(simple(211, 0, QStringLiteral("一")));
    presenter->show(simple(212, 1, QStringLiteral("二")));
    presenter->show(simple(213, 0, QStringLiteral("三")));
    QPointer<NotificationPopup> summary = presenter->summaryPopup();
    QVERIFY(summary);
    presenter->withdrawRead(true, false);
    QTest::qWait(20);
    QVERIFY(summary);
    presenter->withdrawRead(true, true);
    QTRY_VERIFY(summary.isNull());
    QCOMPARE(presenter->visibleCount(), 0);
}

void TestPopup::popupsNeverTakeFocus()
{
    auto presenter = makePresenter();
    presenter->show(simple(301, 0, QStringLiteral("一")));
    const NotificationPopup* popup = presenter->popups().first();
    QVERIFY(popup->windowFlags().testFlag(Qt::WindowDoesNotAcceptFocus));
    QVERIFY(popup->testAttribute(Qt::WA_ShowWithoutActivating));
    QVERIFY(!popup->isActiveWindow());
}

void TestPopup::hoverPausesAutoHide()
{
    auto presenter = makePresenter();
    presenter->setTimeout(std::chrono::milliseconds(80));
    QSignalSpy dismissed(presenter.get(), &ui::Presenter::dismissed);
    presenter->show(simple(7, 0, QStringLiteral("悬停")));
    QPointer<NotificationPopup> popup = presenter->popups().first();
    QVERIFY(popup->isAutoHideRunning());

    QEnterEvent enter(QPointF(5, 5), QPointF(5, 5), popup->mapToGlobal(QPointF(5, 5)));
    QCoreApplication::sendEvent(popup, &enter);
    QVERIFY(popup->isAutoHidePaused());
    QVERIFY(!popup->isAutoHideRunning());
    QTest::qWait(250);
    QVERIFY(!popup.isNull());

    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(popup, &leave);
    QVERIFY(popup->isAutoHideRunning());
    QTRY_VERIFY_WITH_TIMEOUT(popup.isNull(), 2000);
    // Expiry is not the user dismissing it.
    QCOMPARE(dismissed.count(), 0);
}

void TestPopup::burstBecomesSummary()
{
    auto presenter = makePresenter();
    qint64 now = 1000;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(3, 2000);

    for (int i = 0; i < 20; ++i)
        presenter->show(simple(500 + i, i % 2, QStringLiteral("消息 %1").arg(i)));

    QVERIFY2(presenter->visibleCount() <= presenter->burstThreshold() + 1,
             qPrintable(QString::number(presenter->visibleCount())));
    QPointer<NotificationPopup> summary = presenter->summaryPopup();
    QVERIFY(summary);
    QVERIFY(summary->notification().isSummary());
    // The card appears with the first message of the burst and is not refilled per arrival (a relayout each, which
    // froze the UI for seconds in a burst of thousands): the other 16 arrive in one refresh from the event loop.
    QCOMPARE(summary->notification().count, 1);
    QTRY_COMPARE(summary->notification().count, 17);
    QCOMPARE(summary->notification().coveredIds.size(), 17);
    QCOMPARE(summary->notification().coveredIds.last(), 519);
    // Titled by what it holds; the @ mentions are listed first.
    QCOMPARE(summary->findChild<QLabel*>(QStringLiteral("popupSender"))->text(),
             QStringLiteral("8 new inbox message(s), 9 new @ mention(s)"));
    const QString body = summary->findChild<ui::RichTextView*>(QStringLiteral("popupBody"))->toPlainText();
    QVERIFY2(body.indexOf(u"消息 19") >= 0 && body.indexOf(u"消息 19") < body.indexOf(u"消息 17") &&
                 body.indexOf(u"消息 17") < body.indexOf(u"消息 15") && !body.contains(u"消息 18") &&
                 body.contains(u"and 14 more"),
             qPrintable(body));
    QVERIFY(!summary->findChild<QPushButton*>(QStringLiteral("popupMarkRead"))->isVisibleTo(summary));
    int individual = 0;
    for (NotificationPopup* popup : presenter->popups())
        individual += popup->notification().isSummary() ? 0 : 1;
    QVERIFY(individual <= 3);

    // Clicking the summary opens the inbox list (mixed types) rather than one message.
    QTest::mouseClick(summary, Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(m_opened, QList<QUrl>{QUrl(QStringLiteral("https://forum.invalid/q.php/msg.index.inbox.html"))});
    QTRY_VERIFY(summary.isNull());

    // After the burst, a single message gets its own card again.
    now += 5000;
    presenter->show(simple(600, 1, QStringLiteral("安静之后")));
    QVERIFY(!presenter->summaryPopup());
    QCOMPARE(presenter->popups().last()->notification().id, 600);

    // A burst of mentions only links to the @ page.
    now += 5000;
    for (int i = 0; i < 5; ++i)
        presenter->show(simple(700 + i, 1, QStringLiteral("@ %1").arg(i)));
    QVERIFY(presenter->summaryPopup());
    QCOMPARE(presenter->summaryPopup()->notification().type, 1);
    QCOMPARE(presenter->summaryPopup()->notification().url,
             QUrl(QStringLiteral("https://forum.invalid/q.php/msg.index.@.html")));
}

void TestPopup::oneCardBecomesTheSummary()
{
    // One card at a time (Wayland without a notification service): the card that is up becomes the summary, shown
    // once; later messages change what it says, never open a window again, and none is closed unsummarised.
    auto presenter = makePresenter();
    presenter->setMaxVisible(1);
    struct ShowCounter : QObject
    {
        int shows = 0;
        bool eventFilter(QObject*, QEvent* event) override
        {
            shows += event->type() == QEvent::Show ? 1 : 0;
            return false;
        }
    } counter;
    const auto cards = [] {
        int count = 0;
        for (QWidget* window : QApplication::topLevelWidgets())
            count += qobject_cast<NotificationPopup*>(window) && window->isVisible() ? 1 : 0;
        return count;
    };
    presenter->show(simple(801, 0, QStringLiteral("第一条"), 11));
    QPointer<NotificationPopup> card = presenter->popups().first();
    QVERIFY(card->isVisible());
    card->installEventFilter(&counter);
    const auto title = [&card] { return card->findChild<QLabel*>(QStringLiteral("popupSender"))->text(); };
    const auto body = [&card] {
        return card->findChild<ui::RichTextView*>(QStringLiteral("popupBody"))->toPlainText();
    };

    // The second message turns the card into the summary at once.
    presenter->show(simple(802, 1, QStringLiteral("第二条"), 12));
    QCOMPARE(presenter->popups(), QList<NotificationPopup*>{card.data()});
    QCOMPARE(presenter->summaryPopup(), card.data());
    QCOMPARE(title(), QStringLiteral("1 new inbox message(s), 1 new @ mention(s)"));
    QVERIFY2(body().contains(u"第一条") && body().contains(u"第二条"), qPrintable(body()));
    QVERIFY(!card->findChild<QPushButton*>(QStringLiteral("popupMarkRead"))->isVisibleTo(card));
    QVERIFY(!card->findChild<QPushButton*>(QStringLiteral("popupMute"))->isVisibleTo(card));

    presenter->show(simple(803, 0, QStringLiteral("第三条"), 13));
    presenter->show(simple(804, 0, QStringLiteral("第四条"), 13));
    QTRY_COMPARE(title(), QStringLiteral("3 new inbox message(s), 1 new @ mention(s)"));
    // The latest lines, newest first, and how many more there are.
    QVERIFY2(body().indexOf(u"第四条") < body().indexOf(u"第三条") && body().contains(u"and 1 more"),
             qPrintable(body()));
    QCOMPARE(presenter->popups(), QList<NotificationPopup*>{card.data()});
    QCOMPARE(cards(), 1);
    QCOMPARE(counter.shows, 0); // shown once, before the counter was installed, never again

    // Read elsewhere, or the sender muted: their lines leave the summary, which stays for the rest.
    presenter->withdraw(802);
    QTRY_COMPARE(title(), QStringLiteral("3 new inbox message(s)"));
    presenter->withdrawSender(13);
    QTRY_COMPARE(title(), QStringLiteral("1 new inbox message(s)"));
    QVERIFY2(body().contains(u"第一条") && !body().contains(u"第三条"), qPrintable(body()));
    presenter->withdraw(801);
    QTRY_VERIFY(card.isNull());
    QCOMPARE(presenter->visibleCount(), 0);

    // The app's own notice is no message: the card shows it above the lines, uncounted.
    presenter->show(simple(806, 0, QStringLiteral("第六条"), 11));
    QPointer<NotificationPopup> next = presenter->popups().first();
    Notification notice;
    notice.senderName = QStringLiteral("hu60 Notifier");
    notice.summary = notice.html = QStringLiteral("No system tray was found.");
    notice.count = 0;
    presenter->show(notice);
    QCOMPARE(presenter->popups(), QList<NotificationPopup*>{next.data()});
    QCOMPARE(next->findChild<QLabel*>(QStringLiteral("popupSender"))->text(), QStringLiteral("1 new inbox message(s)"));
    const QString noticeBody = next->findChild<ui::RichTextView*>(QStringLiteral("popupBody"))->toPlainText();
    QVERIFY2(noticeBody.contains(u"No system tray") && noticeBody.contains(u"第六条"), qPrintable(noticeBody));
    presenter->clear();

    // Once it is gone, the next message has a card of its own again.
    presenter->show(simple(805, 0, QStringLiteral("第五条"), 11));
    QCOMPARE(presenter->visibleCount(), 1);
    QCOMPARE(presenter->popups().first()->notification().id, 805);
    QVERIFY(!presenter->summaryPopup());
}

void TestPopup::noticesAreNoPartOfABurst()
{
    // A notice of the app (a connection problem) keeps its own card and what its click opens, even in a burst.
    auto presenter = makePresenter();
    qint64 now = 1000;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->show(simple(901, 0, QStringLiteral("一")));
    presenter->show(simple(902, 0, QStringLiteral("二")));
    QVERIFY(presenter->summaryPopup());
    Notification notice;
    notice.senderName = QStringLiteral("Connection problem");
    notice.summary = notice.html = QStringLiteral("The certificate of example.invalid is not trusted.");
    notice.url = QUrl(QStringLiteral("hu60-notifier:network-problem"));
    notice.count = 0;
    presenter->show(notice);
    NotificationPopup* card = presenter->popups().last();
    QVERIFY(card != presenter->summaryPopup());
    QCOMPARE(card->findChild<QLabel*>(QStringLiteral("popupSender"))->text(), QStringLiteral("Connection problem"));
    QCOMPARE(presenter->summaryPopup()->notification().count, 1);
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);
    QTest::mouseClick(card, Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(1).toUrl(), notice.url);
    QVERIFY(m_opened.isEmpty()); // not a web page: nothing opens in the browser
}

void TestPopup::sameIdUpdatesCard()
{
    auto presenter = makePresenter();
    presenter->show(simple(9, 0, QStringLiteral("旧")));
    presenter->show(simple(9, 0, QStringLiteral("新")));
    QCOMPARE(presenter->visibleCount(), 1);
    QVERIFY(presenter->popups()
                .first()
                ->findChild<ui::RichTextView*>(QStringLiteral("popupBody"))
                ->toPlainText()
                .contains(u"新"));
}

void TestPopup::cornerPlacement_data()
{
    QTest::addColumn<settings::Corner>("corner");
    QTest::newRow("top left") << settings::Corner::TopLeft;
    QTest::newRow("top right") << settings::Corner::TopRight;
    QTest::newRow("bottom left") << settings::Corner::BottomLeft;
    QTest::newRow("bottom right") << settings::Corner::BottomRight;
}

void TestPopup::cornerPlacement()
{
    QFETCH(settings::Corner, corner);
    auto presenter = makePresenter();
    presenter->setCorner(corner);
    presenter->show(simple(1, 0, QStringLiteral("较早")));
    presenter->show(simple(2, 1, QStringLiteral("较新")));
    QCOMPARE(presenter->visibleCount(), 2);
    const QRect area = presenter->targetScreen()->availableGeometry();
    const QRect older = presenter->popups().at(0)->geometry();
    const QRect newer = presenter->popups().at(1)->geometry();
    QVERIFY2(area.contains(older) && area.contains(newer), "cards must stay inside the screen");
    QVERIFY(!older.intersects(newer));

    const bool top = corner == settings::Corner::TopLeft || corner == settings::Corner::TopRight;
    const bool left = corner == settings::Corner::TopLeft || corner == settings::Corner::BottomLeft;
    // The newest card sits in the corner itself.
    if (top)
        QVERIFY(newer.top() - area.top() < 20 && older.top() > newer.bottom());
    else
        QVERIFY(area.bottom() - newer.bottom() < 20 && older.bottom() < newer.top());
    if (left)
        QVERIFY(newer.left() - area.left() < 20);
    else
        QVERIFY(area.right() - newer.right() < 20);
}

void TestPopup::faceImageLoadsFromSite()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    options.adminToken = QStringLiteral("test-token");
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    const QUrl site = companion.httpUrl();

    // 2000100: text and two faces, rendered against the local site.
    Notification n;
    for (const QByteArray& line : fixtureMessages()) {
        if (line.contains("2000100"))
            n = fromFixture(line, site);
    }
    const QUrl face = content::faceUrl(u"哈哈", site);
    QVERIFY(n.html.contains(QString::fromLatin1(face.toEncoded())));

    auto presenter = makePresenter(site);
    QSignalSpy loaded(presenter->images(), &ImageCache::imageLoaded);
    presenter->show(n);
    auto* body = presenter->popups().first()->findChild<ui::RichTextView*>(QStringLiteral("popupBody"));
    // Alt text until the picture arrives…
    QVERIFY(body->toPlainText().contains(u"{哈哈}"));
    QTRY_VERIFY(loaded.count() >= 2);
    // …then the picture itself, in the document's resources.
    const QVariant resource = body->document()->resource(QTextDocument::ImageResource, face);
    QVERIFY(resource.isValid());
    QVERIFY(!resource.value<QImage>().isNull());
    QVERIFY(!body->toPlainText().contains(u"{哈哈}"));
    QVERIFY(body->toHtml().contains(u"<img"));
    QCOMPARE(presenter->images()->requestCount(), 2);
    QVERIFY(!presenter->images()->image(face).isNull());
}

void TestPopup::foreignImagesNeverFetched()
{
    // A listener standing in for "another host": it must never see a connection.
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    int connections = 0;
    connect(&other, &QTcpServer::newConnection, this, [&connections] { ++connections; });

    const QUrl site(QStringLiteral("http://127.0.0.1:1"));
    auto presenter = makePresenter(site);
    Notification n = simple(77, 0, {});
    const QString foreign = QStringLiteral("http://127.0.0.1:%1/img/face/x.gif").arg(other.serverPort());
    n.html = QStringLiteral("前<img src=\"%1\" alt=\"{外}\" />中<img src=\"file:///etc/passwd\" alt=\"{文件}\" />"
                            "<img src=\"https://evil.example.com/a.gif\" alt=\"{远}\" />后")
                 .arg(foreign);
    presenter->show(n);
    auto* body = presenter->popups().first()->findChild<ui::RichTextView*>(QStringLiteral("popupBody"));
    QCOMPARE(body->toPlainText(), QStringLiteral("前{外}中{文件}{远}后"));
    QCOMPARE(presenter->images()->requestCount(), 0);
    QTest::qWait(100);
    QCOMPARE(connections, 0);
    // The document never even references the refused pictures, so it cannot load them by itself either.
    QVERIFY(!body->toHtml().contains(u"<img"));
}

void TestPopup::imageHostRules_data()
{
    QTest::addColumn<QUrl>("site");
    QTest::addColumn<QUrl>("image");
    QTest::addColumn<bool>("allowed");
    const QUrl hu60(QStringLiteral("https://hu60.cn"));
    const QUrl local(QStringLiteral("http://127.0.0.1:4861"));
    auto url = [](const char* text) { return QUrl(QString::fromUtf8(text)); };
    QTest::newRow("site face") << hu60 << url("https://hu60.cn/img/face/e6bb91e7a8bd.gif") << true;
    QTest::newRow("site over http") << hu60 << url("http://hu60.cn/img/face/a.gif") << false;
    QTest::newRow("file host") << hu60 << url("https://file.hu60.cn/file/aa/bb.jpg") << true;
    QTest::newRow("file host, odd port") << hu60 << url("https://file.hu60.cn:8443/a.png") << false;
    QTest::newRow("other host") << hu60 << url("https://example.com/a.png") << false;
    QTest::newRow("suffix trick") << hu60 << url("https://hu60.cn.evil.com/a.png") << false;
    QTest::newRow("sub-subdomain") << hu60 << url("https://x.file.hu60.cn/a.png") << false;
    QTest::newRow("user info") << hu60 << url("https://user:pw@hu60.cn/a.png") << false;
    QTest::newRow("file scheme") << hu60 << url("file:///etc/passwd") << false;
    QTest::newRow("data scheme") << hu60 << url("data:image/png;base64,AAAA") << false;
    QTest::newRow("relative") << hu60 << url("/img/face/a.gif") << false;
    QTest::newRow("local site") << local << url("http://127.0.0.1:4861/img/face/a.gif") << true;
    QTest::newRow("local other port") << local << url("http://127.0.0.1:22/a.gif") << false;
}

void TestPopup::imageHostRules()
{
    QFETCH(QUrl, site);
    QFETCH(QUrl, image);
    QFETCH(bool, allowed);
    ImageCache cache(site, m_cacheDir.filePath(QStringLiteral("rules")));
    QCOMPARE(cache.isAllowed(image), allowed);
    if (!allowed) {
        QVERIFY(!cache.request(image));
        QCOMPARE(cache.requestCount(), 0);
    }
}

void TestPopup::oversizedImageRefused()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    options.adminToken = QStringLiteral("test-token");
    QString error;
    QVERIFY2(companion.start(options, &error), qPrintable(error));
    ImageCache cache(companion.httpUrl(), m_cacheDir.filePath(QStringLiteral("small")));
    cache.setMaxBytes(16);
    QSignalSpy failed(&cache, &ImageCache::imageFailed);
    QSignalSpy loaded(&cache, &ImageCache::imageLoaded);
    const QUrl face = content::faceUrl(u"哈哈", companion.httpUrl());
    QVERIFY(cache.request(face));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(loaded.count(), 0);
    QVERIFY(cache.image(face).isNull());
}

QTEST_MAIN(TestPopup)
#include "tst_popup.moc"
