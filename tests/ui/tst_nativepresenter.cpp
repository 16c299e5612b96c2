// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/content.h"
#include "core/content/document.h"
#include "core/inbox/notification.h"
#include "tests/support/spans.h"
#include "ui/appid.h"
#include "ui/native/nativepresenter.h"

#include "support/fakenotificationserver.h"
#include "support/pangomarkup.h"
#include "support/privatebus.h"
#include "testconfig.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDesktopServices>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using inbox::Notification;
using ui::NativePresenter;

class TestNativePresenter : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void captureUrl(const QUrl& url) { m_opened.append(url); }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void bodyPerCapabilityLevel_data();
    void bodyPerCapabilityLevel();
    void renderedFixturesPerServer_data();
    void renderedFixturesPerServer();
    void richServerGetsMarkupAndActions();
    void plainServerGetsSummary();
    void emptyDocumentFallsBackToSummary();
    void actionsAreReported();
    void closedByUserIsDismissed();
    void burstReplacesSummary();
    void summaryUpdatesAreThrottled();
    void summaryTitleAndBound();
    void summaryLifetimeIsBounded();
    void clearClosesAll();
    void urgencyIsNeverCritical();
    void senderPictureIsSent();
    void noticeIsNoMessage();
    void muteAndReplyActions();
    void inlineReplyWhereOffered();
    void readMessagesAreWithdrawn();
    void withdrawTakesLinesOutOfSummaries();
    void mutedSenderIsWithdrawn();
    void fewNotificationsOnScreen_data();
    void fewNotificationsOnScreen();
    void serverRestartForgetsOldIds();
    void failedNotifyIsRetried();
    void failureThenRecovery();
    void absentServiceIsReported();
    void noBusIsReported();

private:
    std::unique_ptr<NativePresenter> makePresenter();
    static Notification message(qint64 id, int type, const QString& html, const QString& summary);
    /// A message with a parsed document: "text" in bold, a link, a face, characters markup must escape, a quote.
    static Notification richMessage(qint64 id, int type, const QString& text);
    /// What a server that claims `capabilities` must get (see bodyPerCapabilityLevel).
    /// `plain`: the text a plain body must be (else it is only checked for tags).
    static void checkCall(const QString& server, const QStringList& capabilities, const NotifyCall& call,
                          const QString& plain = QString());
    void emitSignal(const QString& name, const QVariantList& arguments);
    /// Takes the fake server off the bus and puts a new one there (ids from 1 again), as a restarted daemon.
    void restartServer();
    bool registerServer();

    PrivateBus m_bus;
    QString m_address;
    std::unique_ptr<FakeNotificationServer> m_server;
    std::unique_ptr<FakeNotificationServer> m_oldServer;
    QList<QUrl> m_opened;
    int m_connections = 0;
};

void TestNativePresenter::initTestCase()
{
    QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "captureUrl");
    if (!PrivateBus::isAvailable())
        QSKIP("dbus-daemon is not installed (Debian package dbus); native notifications cannot be tested");
    QString error;
    QVERIFY2(m_bus.start(&error), qPrintable(error));
    m_address = m_bus.address();
}

void TestNativePresenter::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_opened.clear();
    m_server = std::make_unique<FakeNotificationServer>();
    m_server->capabilities = {QStringLiteral("body"), QStringLiteral("body-markup"), QStringLiteral("actions")};
    QVERIFY(registerServer());
}

bool TestNativePresenter::registerServer()
{
    // A fresh connection per server: registration and signal routing start clean.
    QDBusConnection bus = QDBusConnection::connectToBus(m_address, QStringLiteral("server%1").arg(++m_connections));
    return bus.isConnected() && bus.registerService(QLatin1String(NativePresenter::service)) &&
           bus.registerObject(QLatin1String(NativePresenter::path), m_server.get(), QDBusConnection::ExportAllSlots);
}

void TestNativePresenter::restartServer()
{
    QDBusConnection old(QStringLiteral("server%1").arg(m_connections));
    old.unregisterObject(QLatin1String(NativePresenter::path));
    QVERIFY(old.unregisterService(QLatin1String(NativePresenter::service)));
    QDBusConnection::disconnectFromBus(old.name());
    const QStringList capabilities = m_server->capabilities;
    m_oldServer = std::move(m_server);
    m_server = std::make_unique<FakeNotificationServer>();
    m_server->capabilities = capabilities;
    QVERIFY(registerServer());
}

void TestNativePresenter::cleanup()
{
    QDBusConnection bus(QStringLiteral("server%1").arg(m_connections));
    bus.unregisterObject(QLatin1String(NativePresenter::path));
    bus.unregisterService(QLatin1String(NativePresenter::service));
    QDBusConnection::disconnectFromBus(bus.name());
    m_server.reset();
    m_oldServer.reset();
}

void TestNativePresenter::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    for (int i = 1; i <= m_connections; ++i) {
        QDBusConnection::disconnectFromBus(QStringLiteral("server%1").arg(i));
        QDBusConnection::disconnectFromBus(QStringLiteral("presenter%1").arg(i));
    }
}

std::unique_ptr<NativePresenter> TestNativePresenter::makePresenter()
{
    QDBusConnection bus = QDBusConnection::connectToBus(m_address, QStringLiteral("presenter%1").arg(m_connections));
    auto presenter = std::make_unique<NativePresenter>(QUrl(QStringLiteral("https://hu60.cn")), nullptr, bus);
    presenter->setTimeout(std::chrono::seconds(8));
    presenter->setRetryDelay(std::chrono::milliseconds(10));
    return presenter;
}

Notification TestNativePresenter::message(qint64 id, int type, const QString& html, const QString& summary)
{
    Notification n;
    n.id = id;
    n.type = type;
    n.byuid = 2333;
    n.senderName = QStringLiteral("阿三");
    n.html = html;
    n.summary = summary;
    n.url = QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.%1.html").arg(id));
    return n;
}

Notification TestNativePresenter::richMessage(qint64 id, int type, const QString& text)
{
    using content::Block;
    using content::Span;
    Notification n = message(id, type, QString(), text);
    // Spans name their link and image by index into the document's URL table (1-based).
    n.document.urls = {QByteArrayLiteral("https://hu60.cn/tpl/classic/img/face/huaji.gif"),
                       QByteArrayLiteral("https://hu60.cn/q.php/user.info.1.html")};
    Block paragraph;
    paragraph.spans.append(testsupport::makeSpan(Span::Text, Span::Plain, QStringLiteral("你好 ")));
    paragraph.spans.append(testsupport::makeSpan(Span::Text, Span::Bold, text));
    paragraph.spans.append(testsupport::makeSpan(Span::Text, Span::Plain, QStringLiteral(" 1<2 & \"引号\" ")));
    paragraph.spans.append(testsupport::makeSpan(Span::Image, Span::Plain, QStringLiteral("{滑稽}"), true, 0, 1));
    paragraph.spans.append(testsupport::makeSpan(Span::Text, Span::Italic, QStringLiteral(" @老虎"), false, 2));
    Block quote;
    quote.quote = 1;
    quote.spans.append(testsupport::makeSpan(Span::Text, Span::Plain, QStringLiteral("被引用的话")));
    n.document.blocks = {paragraph, quote};
    n.summary = content::toPlainText(n.document, 280);
    return n;
}

void TestNativePresenter::emitSignal(const QString& name, const QVariantList& arguments)
{
    QDBusMessage signal = QDBusMessage::createSignal(QLatin1String(NativePresenter::path),
                                                     QLatin1String(NativePresenter::interface), name);
    signal.setArguments(arguments);
    QVERIFY(QDBusConnection(QStringLiteral("server%1").arg(m_connections)).send(signal));
}

void TestNativePresenter::checkCall(const QString& server, const QStringList& capabilities, const NotifyCall& call,
                                    const QString& plain)
{
    const bool markup = capabilities.contains(u"body-markup"_qs);
    const bool links = capabilities.contains(u"body-hyperlinks"_qs);
    static const QRegularExpression anyTag(QStringLiteral("<\\/?[a-zA-Z]+[^<>]*>"));
    static const QRegularExpression linkTag(QStringLiteral("<a href=\"[^\"<>]*\">|</a>"));
    static const QRegularExpression imageTag(QStringLiteral("<img src=\"[^\"<>]*\" alt=\"[^\"<>]*\"/>"));
    static const QRegularExpression gnomeTag(QStringLiteral("<(?!/?[biu]>)[^>]*>"));
    static const QRegularExpression gnomeEntity(QStringLiteral("&(?!(amp|lt|gt|quot|apos);)"));
    const QByteArray where = (server + u": " + call.summary + u" | " + call.body).toUtf8();
    QCOMPARE(call.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("cn.hu60.Notifier"));
    QCOMPARE(call.appName, QStringLiteral("hu60 Notifier"));
    QCOMPARE(call.icon, QStringLiteral("cn.hu60.Notifier"));
    // The title is never markup, on any server (GNOME shows it as it is).
    QVERIFY2(!call.summary.contains(u"&lt;") && !call.summary.contains(u"&amp;"), where.constData());
    // Readable text: no Markdown markers, no HTML of the popups.
    QVERIFY2(!call.body.contains(u"**") && !call.body.contains(u"<br"), where.constData());
    if (!markup && !plain.isEmpty()) {
        QCOMPARE(call.body, plain); // tags the sender typed are text here
        return;
    }
    if (!markup) {
        // No tags but those the sender typed as text.
        QVERIFY2(!anyTag.match(QString(call.body).remove(u"<b>不是标签</b>"_qs)).hasMatch(), where.constData());
        return;
    }
    QVERIFY2(links || !call.body.contains(u"<a"), where.constData());
    QVERIFY2(!call.body.contains(u"<img"), where.constData()); // remote pictures stay words on every server
    if (server == u"gnome") {
        QVERIFY2(!gnomeTag.match(call.body).hasMatch(), where.constData());
        QVERIFY2(!gnomeEntity.match(call.body).hasMatch(), where.constData());
    }
    // Pango itself must accept the rest (KDE reads links and images itself; mako and dunst parse with Pango).
    QString pangoBody = call.body;
    pangoBody.remove(linkTag).remove(imageTag);
    QString error;
    QVERIFY2(pangomarkup::validate(pangoBody, &error), QByteArray(where + " → " + error.toUtf8()).constData());
}

void TestNativePresenter::bodyPerCapabilityLevel_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("mako") << QStringLiteral("mako");
    QTest::newRow("kde") << QStringLiteral("kde");
    QTest::newRow("gnome") << QStringLiteral("gnome");
    QTest::newRow("none") << QStringLiteral("none");
}

void TestNativePresenter::bodyPerCapabilityLevel()
{
    QFETCH(QString, server);
    m_server->capabilities = capabilitiesOf(server);
    const bool markup = m_server->capabilities.contains(u"body-markup"_qs);
    const bool links = m_server->capabilities.contains(u"body-hyperlinks"_qs);
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(2, 2000);
    // Two on their own (an @ and an inbox message), then a summary of three; a message without a document too.
    presenter->show(richMessage(1, 1, QStringLiteral("刷屏")));
    presenter->show(richMessage(2, 0, QStringLiteral("<b>不是标签</b>")));
    presenter->show(richMessage(3, 0, QStringLiteral("三")));
    presenter->show(message(4, 0, QString(), QStringLiteral("a < b && c > d")));
    presenter->show(richMessage(5, 1, QStringLiteral("五")));
    QTRY_VERIFY(presenter->summaryId() != 0);
    QTest::qWait(150); // the summary's last update
    QVERIFY(m_server->calls.size() >= 3);

    for (const NotifyCall& call : std::as_const(m_server->calls)) {
        checkCall(server, m_server->capabilities, call);
        if (QTest::currentTestFailed())
            return;
    }
    const NotifyCall mention = m_server->calls.first();
    QCOMPARE(mention.summary, QStringLiteral("阿三 · @ mention"));
    if (markup) {
        QVERIFY2(mention.body.startsWith(u"你好 <b>刷屏</b> 1&lt;2 &amp; \"引号\" "), qPrintable(mention.body));
        QCOMPARE(mention.body.contains(u"<a href=\"https://hu60.cn/q.php/user.info.1.html\">"), links);
        // A remote face is its name even with body-images: Plasma keeps <img> only for local files.
        QVERIFY2(!mention.body.contains(u"<img"), qPrintable(mention.body));
        QVERIFY2(mention.body.contains(u"{滑稽}"), qPrintable(mention.body));
        QVERIFY2(m_server->calls.at(1).body.contains(u"<b>&lt;b&gt;不是标签&lt;/b&gt;</b>"),
                 qPrintable(m_server->calls.at(1).body));
    } else {
        QCOMPARE(mention.body, QStringLiteral("你好 刷屏 1<2 & \"引号\" {滑稽} @老虎\n│ 被引用的话"));
    }
    const NotifyCall summary = m_server->lastFor(presenter->summaryId());
    QCOMPARE(summary.summary, QStringLiteral("2 new inbox message(s), 1 new @ mention(s)"));
    const QStringList lines = summary.body.split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.first().startsWith(u"阿三: 你好 五"), qPrintable(summary.body)); // the @ first
    QCOMPARE(lines.at(1),
             markup ? QStringLiteral("阿三: a &lt; b &amp;&amp; c &gt; d") : QStringLiteral("阿三: a < b && c > d"));
}

void TestNativePresenter::renderedFixturesPerServer_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("mako") << QStringLiteral("mako");
    QTest::newRow("kde") << QStringLiteral("kde");
    QTest::newRow("gnome") << QStringLiteral("gnome");
    QTest::newRow("none") << QStringLiteral("none");
}

void TestNativePresenter::renderedFixturesPerServer()
{
    // Every message of the shared fixtures, rendered by content::render as the Inbox does, sent to each server.
    QFETCH(QString, server);
    m_server->capabilities = capabilitiesOf(server);
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->setBurst(1000, 2000);
    presenter->setMaxOnScreen(1000);
    QFile fixtures(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    QVERIFY(fixtures.open(QIODevice::ReadOnly));
    int messages = 0;
    QStringList plains;
    while (!fixtures.atEnd()) {
        const QJsonObject event = QJsonDocument::fromJson(fixtures.readLine()).object();
        const QJsonObject data = event.value(u"data"_qs).toObject();
        if (event.value(u"event"_qs).toString() != u"msg")
            continue;
        const QJsonArray segments = QJsonDocument::fromJson(data.value(u"content"_qs).toString().toUtf8()).array();
        const qint64 id = data.value(u"id"_qs).toInteger();
        const int type = data.value(u"type"_qs).toInt();
        const content::Rendered rendered = content::render(segments, id, type);
        Notification n = message(id, type, rendered.html, rendered.summary);
        n.document = rendered.document;
        n.url = rendered.url;
        presenter->show(n);
        plains.append(content::toPlainText(rendered.document, NativePresenter::bodyLength));
        ++messages;
    }
    QVERIFY(messages > 10);
    QTRY_COMPARE(m_server->calls.size(), messages);
    for (qsizetype i = 0; i < m_server->calls.size(); ++i) {
        checkCall(server, m_server->capabilities, m_server->calls.at(i), plains.at(i));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestNativePresenter::richServerGetsMarkupAndActions()
{
    auto presenter = makePresenter();
    QSignalSpy caps(presenter.get(), &NativePresenter::capabilitiesReceived);
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QCOMPARE(caps.count(), 1);
    QVERIFY(presenter->isAvailable());

    Notification n = message(2000102, 1, QStringLiteral("<b>看</b>"), QStringLiteral("看"));
    n.document.blocks = {content::Block{}};
    n.document.blocks.first().spans.append(
        testsupport::makeSpan(content::Span::Text, content::Span::Bold, QStringLiteral("看")));
    presenter->show(n);
    QTRY_COMPARE(m_server->calls.size(), 1);
    const NotifyCall call = m_server->calls.first();
    // The human name (GNOME and KDE show it without the desktop file); the icon is named as the app.
    QCOMPARE(call.appName, QStringLiteral("hu60 Notifier"));
    QCOMPARE(call.icon, QStringLiteral("cn.hu60.Notifier"));
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.summary, QStringLiteral("阿三 · @ mention"));
    // Written from the document, not from the popups' HTML.
    QCOMPARE(call.body, QStringLiteral("<b>看</b>"));
    QCOMPARE(call.actions, (QStringList{QStringLiteral("default"), QStringLiteral("Open"), QStringLiteral("open"),
                                        QStringLiteral("Open"), QStringLiteral("mark-read"),
                                        QStringLiteral("Mark read"), QStringLiteral("reply"), QStringLiteral("Reply…"),
                                        QStringLiteral("mute"), QStringLiteral("Mute sender")}));
    // No inline-reply capability: no placeholder hint either.
    QVERIFY(!call.hints.contains(QStringLiteral("x-kde-reply-placeholder-text")));
    // The installed desktop file, cn.hu60.Notifier.desktop: GNOME and KDE name and group the app by it.
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("cn.hu60.Notifier"));
    QCOMPARE(call.hints.value(QStringLiteral("category")).toString(), QStringLiteral("im.received"));
    QCOMPARE(call.timeout, 8000);
    QTRY_COMPARE(presenter->shownIds(), QList<uint>{call.id});
}

void TestNativePresenter::plainServerGetsSummary()
{
    m_server->capabilities = {QStringLiteral("body")};
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->show(message(5, 0, QStringLiteral("<b>粗</b> 1&lt;2"), QStringLiteral("粗 1<2")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.first().body, QStringLiteral("粗 1<2"));
    QCOMPARE(m_server->calls.first().summary, QStringLiteral("阿三 · Inbox"));
    QVERIFY(m_server->calls.first().actions.isEmpty());
}

void TestNativePresenter::emptyDocumentFallsBackToSummary()
{
    // Rows from the history and the Inbox's own summaries carry no document: their plain summary, escaped.
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->show(message(6, 0, QStringLiteral("<b>粗</b> 1&lt;2"), QStringLiteral("粗 1<2 & 3>2")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.first().body, QStringLiteral("粗 1&lt;2 &amp; 3&gt;2"));
}

void TestNativePresenter::actionsAreReported()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);
    QSignalSpy markRead(presenter.get(), &ui::Presenter::markReadRequested);
    const Notification n = message(2000100, 0, QStringLiteral("你好"), QStringLiteral("你好"));
    presenter->show(n);
    QTRY_COMPARE(presenter->shownIds().size(), 1);
    const uint id = presenter->shownIds().first();

    // Another application's notification id is ignored.
    emitSignal(QStringLiteral("ActionInvoked"), {id + 100, QStringLiteral("default")});
    emitSignal(QStringLiteral("ActionInvoked"), {id, QStringLiteral("open")});
    QTRY_COMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(0).toLongLong(), n.id);
    QCOMPARE(activated.first().at(1).toUrl(), n.url);
    QCOMPARE(m_opened, QList<QUrl>{n.url});

    emitSignal(QStringLiteral("ActionInvoked"), {id, QStringLiteral("mark-read")});
    QTRY_COMPARE(markRead.count(), 1);
    QCOMPARE(markRead.first().at(0).toLongLong(), n.id);
    QCOMPARE(activated.count(), 1);
}

void TestNativePresenter::closedByUserIsDismissed()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QSignalSpy dismissed(presenter.get(), &ui::Presenter::dismissed);
    presenter->show(message(11, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(12, 0, QStringLiteral("b"), QStringLiteral("b")));
    QTRY_COMPARE(presenter->shownIds().size(), 2);
    const uint first = m_server->calls.at(0).id;
    const uint second = m_server->calls.at(1).id;
    emitSignal(QStringLiteral("NotificationClosed"), {first, 1u}); // expired: not a dismissal
    emitSignal(QStringLiteral("NotificationClosed"), {second, 2u});
    QTRY_COMPARE(dismissed.count(), 1);
    QCOMPARE(dismissed.first().at(0).toLongLong(), 12);
    QTRY_VERIFY(presenter->shownIds().isEmpty());
}

void TestNativePresenter::burstReplacesSummary()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(3, 2000);
    presenter->setMaxOnScreen(5); // the burst's own shape here; the limit has a test of its own
    for (int i = 0; i < 10; ++i)
        presenter->show(message(100 + i, 1, QStringLiteral("m%1").arg(i), QStringLiteral("m%1").arg(i)));
    // Three notifications of their own, then one summary, replaced in place as it grows.
    QTRY_VERIFY(presenter->summaryId() != 0);
    QTRY_VERIFY(!m_server->calls.isEmpty() && m_server->calls.last().summary == QStringLiteral("7 new @ mention(s)"));
    QList<uint> distinct;
    for (const NotifyCall& call : std::as_const(m_server->calls)) {
        if (!distinct.contains(call.id))
            distinct.append(call.id);
    }
    QCOMPARE(distinct.size(), 4);
    for (qsizetype i = 4; i < m_server->calls.size(); ++i)
        QCOMPARE(m_server->calls.at(i).replacesId, presenter->summaryId());
    const NotifyCall last = m_server->calls.last();
    QCOMPARE(last.actions.size(), 4); // no "mark-read" for a summary
    QVERIFY2(last.body.contains(u"m9") && last.body.contains(u"and 4 more"), qPrintable(last.body));

    // Opening the summary goes to the @ page.
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);
    emitSignal(QStringLiteral("ActionInvoked"), {presenter->summaryId(), QStringLiteral("default")});
    QTRY_COMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(0).toLongLong(), 0);
    QCOMPARE(m_opened, QList<QUrl>{QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.@.html"))});

    // Once it is closed and the burst is over, messages get notifications of their own again.
    emitSignal(QStringLiteral("NotificationClosed"), {presenter->summaryId(), 2u});
    QTRY_COMPARE(presenter->summaryId(), 0u);
    now += 10000;
    const qsizetype before = m_server->calls.size();
    presenter->show(message(999, 0, QStringLiteral("late"), QStringLiteral("late")));
    QTRY_COMPARE(m_server->calls.size(), before + 1);
    QCOMPARE(m_server->calls.last().replacesId, 0u);
    QCOMPARE(m_server->calls.last().summary, QStringLiteral("阿三 · Inbox"));
}

void TestNativePresenter::summaryUpdatesAreThrottled()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->setSummaryInterval(std::chrono::hours(1)); // nothing but the interval can release an update
    const auto summaryCalls = [this] {
        int count = 0;
        for (const NotifyCall& call : std::as_const(m_server->calls))
            count += call.summary.contains(u"new") ? 1 : 0;
        return count;
    };
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(2, 0, QStringLiteral("b"), QStringLiteral("b"))); // the summary appears at once
    QTRY_VERIFY(presenter->summaryId() != 0);
    QCOMPARE(summaryCalls(), 1);
    // Arrivals spread over many event-loop passes (each round trip long done) still wait for the interval.
    for (int i = 3; i < 8; ++i) {
        presenter->show(message(i, 0, QStringLiteral("m%1").arg(i), QStringLiteral("m%1").arg(i)));
        QTest::qWait(20);
    }
    QCOMPARE(summaryCalls(), 1);
    // When the interval is over, one replacement carries all of them.
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    QTRY_COMPARE(summaryCalls(), 2);
    QCOMPARE(m_server->calls.last().summary, QStringLiteral("6 new inbox message(s)"));
    QCOMPARE(m_server->calls.last().replacesId, presenter->summaryId());
    QTest::qWait(50);
    QCOMPARE(summaryCalls(), 2);
}

void TestNativePresenter::clearClosesAll()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(2, 0, QStringLiteral("b"), QStringLiteral("b")));
    QTRY_COMPARE(presenter->shownIds().size(), 2);
    QList<uint> ids = presenter->shownIds();
    presenter->clear();
    QTRY_COMPARE(m_server->closed.size(), 2);
    std::sort(ids.begin(), ids.end());
    QList<uint> closed = m_server->closed;
    std::sort(closed.begin(), closed.end());
    QCOMPARE(closed, ids);
}

void TestNativePresenter::urgencyIsNeverCritical()
{
    // Critical (2) never expires and breaks through do-not-disturb on GNOME and KDE: messages, @ mentions and
    // summaries are all normal (1); the @-over-inbox priority lives in our own policy.
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(2, 2000);
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(2, 1, QStringLiteral("b"), QStringLiteral("b")));
    presenter->show(message(3, 1, QStringLiteral("c"), QStringLiteral("c"))); // a summary of @ mentions only
    QTRY_COMPARE(m_server->calls.size(), 3);
    QTRY_VERIFY(presenter->summaryId() != 0); // the server's answer to the summary may come after its call
    for (const NotifyCall& call : std::as_const(m_server->calls))
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
}

void TestNativePresenter::noticeIsNoMessage()
{
    // The app's own notices (no tray, connection problems) are titled by the app alone: no "· Inbox", no actions
    // that act on a message.
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    Notification notice;
    notice.senderName = QStringLiteral("hu60 Notifier");
    notice.summary = QStringLiteral("No system tray was found.");
    notice.count = 0;
    presenter->show(notice);
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.at(0).summary, QStringLiteral("hu60 Notifier"));
    QVERIFY(!m_server->calls.at(0).actions.contains(QStringLiteral("mark-read")));
    QVERIFY(!m_server->calls.at(0).actions.contains(QStringLiteral("mute")));
}

void TestNativePresenter::senderPictureIsSent()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QImage red(16, 8, QImage::Format_ARGB32);
    red.fill(Qt::red);
    presenter->setImageSource([&red](const Notification& n) { return n.byuid == 2333 ? red : QImage(); });
    presenter->show(message(61, 0, QStringLiteral("a"), QStringLiteral("a")));
    Notification robot = message(62, 0, QStringLiteral("b"), QStringLiteral("b"));
    robot.byuid = -7;
    presenter->show(robot);
    QTRY_COMPARE(m_server->calls.size(), 2);
    // Without a picture of its own a message gets the app's, and only where the icon theme cannot show the app id
    // (a build that is not installed, as here); installed, the server shows app_icon.
    QCOMPARE(m_server->calls.at(1).hints.contains(QStringLiteral("image-data")),
             !QIcon::hasThemeIcon(QLatin1String(ui::appId)));
    QCOMPARE(m_server->calls.at(1).icon, QLatin1String(ui::appId));

    // (iiibiiay): width, height, row stride, alpha, bits per sample, channels, RGBA bytes; scaled to 64 wide.
    const QVariant hint = m_server->calls.at(0).hints.value(QStringLiteral("image-data"));
    QVERIFY(hint.canConvert<QDBusArgument>());
    const QDBusArgument argument = hint.value<QDBusArgument>();
    int width = 0, height = 0, stride = 0, bits = 0, channels = 0;
    bool alpha = false;
    QByteArray pixels;
    argument.beginStructure();
    argument >> width >> height >> stride >> alpha >> bits >> channels >> pixels;
    argument.endStructure();
    QCOMPARE(width, 64);
    QCOMPARE(height, 32);
    QCOMPARE(stride, 64 * 4);
    QVERIFY(alpha);
    QCOMPARE(bits, 8);
    QCOMPARE(channels, 4);
    QCOMPARE(pixels.size(), stride * height);
    QCOMPARE(pixels.left(4), QByteArray("\xff\x00\x00\xff", 4)); // red, opaque
}

void TestNativePresenter::muteAndReplyActions()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QSignalSpy mute(presenter.get(), &ui::Presenter::muteRequested);
    QSignalSpy reply(presenter.get(), &ui::Presenter::replyRequested);
    presenter->show(message(31, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(32, 1, QStringLiteral("b"), QStringLiteral("b")));
    QTRY_COMPARE(presenter->shownIds().size(), 2);
    const uint inboxId = m_server->calls.at(0).id;
    const uint mentionId = m_server->calls.at(1).id;

    emitSignal(QStringLiteral("ActionInvoked"), {inboxId, QStringLiteral("mute")});
    QTRY_COMPARE(mute.count(), 1);
    QCOMPARE(mute.first().at(0).toLongLong(), 2333);

    // An inbox message is answered to its sender; an @ where it came from (no uid).
    emitSignal(QStringLiteral("ActionInvoked"), {inboxId, QStringLiteral("reply")});
    emitSignal(QStringLiteral("ActionInvoked"), {mentionId, QStringLiteral("reply")});
    QTRY_COMPARE(reply.count(), 2);
    QCOMPARE(reply.at(0), (QVariantList{qint64(31), qint64(2333), QString()}));
    QCOMPARE(reply.at(1), (QVariantList{qint64(32), qint64(0), QString()}));
}

void TestNativePresenter::inlineReplyWhereOffered()
{
    m_server->capabilities.append(QStringLiteral("inline-reply"));
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QSignalSpy reply(presenter.get(), &ui::Presenter::replyRequested);
    presenter->show(message(41, 0, QStringLiteral("a"), QStringLiteral("a")));
    QTRY_COMPARE(presenter->shownIds().size(), 1);
    const NotifyCall call = m_server->calls.first();
    QVERIFY2(call.actions.contains(QStringLiteral("inline-reply")), qPrintable(call.actions.join(u',')));
    QVERIFY(!call.actions.contains(QStringLiteral("reply")));
    QCOMPARE(call.hints.value(QStringLiteral("x-kde-reply-placeholder-text")).toString(),
             QStringLiteral("Reply to 阿三…"));

    // Only our own notifications, and never an empty answer.
    emitSignal(QStringLiteral("NotificationReplied"), {call.id + 7, QStringLiteral("not ours")});
    emitSignal(QStringLiteral("NotificationReplied"), {call.id, QStringLiteral("  ")});
    emitSignal(QStringLiteral("NotificationReplied"), {call.id, QStringLiteral("好的，马上来")});
    QTRY_COMPARE(reply.count(), 1);
    QCOMPARE(reply.first(), (QVariantList{qint64(41), qint64(2333), QStringLiteral("好的，马上来")}));
}

void TestNativePresenter::readMessagesAreWithdrawn()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->show(message(51, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(52, 0, QStringLiteral("b"), QStringLiteral("b")));
    presenter->show(message(53, 1, QStringLiteral("c"), QStringLiteral("c")));
    QTRY_COMPARE(presenter->shownIds().size(), 3);
    const uint first = m_server->calls.at(0).id;
    const uint second = m_server->calls.at(1).id;
    const uint mention = m_server->calls.at(2).id;

    presenter->withdraw(51);
    presenter->withdraw(4242); // not shown: nothing
    QTRY_COMPARE(m_server->closed, QList<uint>{first});
    presenter->withdrawRead(false, true);
    QTRY_COMPARE(m_server->closed, (QList<uint>{first, mention}));
    QCOMPARE(presenter->shownIds(), QList<uint>{second});
    // A summary of both kinds stays while one kind is still unread, and goes once both are read.
    presenter->clear();
    m_server->closed.clear();
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    presenter->show(message(54, 0, QStringLiteral("d"), QStringLiteral("d")));
    presenter->show(message(55, 1, QStringLiteral("e"), QStringLiteral("e")));
    QTRY_VERIFY(presenter->summaryId() != 0);
    const uint summary = presenter->summaryId();
    presenter->withdrawRead(true, false);
    // It stays for the @ mention, and says so.
    QTRY_COMPARE(m_server->lastFor(summary).summary, QStringLiteral("1 new @ mention(s)"));
    QVERIFY(!m_server->closed.contains(summary));
    presenter->withdrawRead(true, true);
    QTRY_VERIFY(m_server->closed.contains(summary));
    QCOMPARE(presenter->summaryId(), 0u);
}

void TestNativePresenter::summaryTitleAndBound()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    presenter->show(message(1, 0, QStringLiteral("alone"), QStringLiteral("alone")));
    for (int i = 0; i < 500; ++i) {
        Notification n = message(100 + i, i % 100 == 0 ? 1 : 0, QString(), QStringLiteral("line %1").arg(i));
        n.senderName = QStringLiteral("发送者%1").arg(i);
        presenter->show(n);
    }
    QTRY_VERIFY(presenter->summaryId() != 0);
    QTRY_COMPARE(m_server->lastFor(presenter->summaryId()).summary,
                 QStringLiteral("495 new inbox message(s), 5 new @ mention(s)"));
    // Three lines (the @ mentions first, newest first), then the count of the rest.
    const QStringList lines = m_server->lastFor(presenter->summaryId()).body.split(u'\n');
    QCOMPARE(lines, (QStringList{QStringLiteral("发送者400: line 400"), QStringLiteral("发送者300: line 300"),
                                 QStringLiteral("发送者200: line 200"), QStringLiteral("…and 497 more")}));
    // Only @ mentions, or only inbox messages: one kind in the title.
    presenter->withdrawRead(true, false);
    QTRY_COMPARE(m_server->lastFor(presenter->summaryId()).summary, QStringLiteral("5 new @ mention(s)"));
    presenter->clear();
    presenter->show(message(2, 0, QStringLiteral("x"), QStringLiteral("x")));
    presenter->show(message(3, 0, QStringLiteral("y"), QStringLiteral("y")));
    presenter->show(message(4, 0, QStringLiteral("z"), QStringLiteral("z")));
    QTRY_VERIFY(presenter->summaryId() != 0);
    QTRY_COMPARE(m_server->lastFor(presenter->summaryId()).summary, QStringLiteral("3 new inbox message(s)"));
}

void TestNativePresenter::summaryLifetimeIsBounded()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->setMaxOnScreen(10);
    presenter->setSummaryLifetime(std::chrono::seconds(60));
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(2, 0, QStringLiteral("b"), QStringLiteral("b")));
    QTRY_VERIFY(presenter->summaryId() != 0);
    const uint first = presenter->summaryId();
    // Within the lifetime (counted from its last update) it keeps taking messages, however slowly they come.
    for (int i = 3; i < 6; ++i) {
        now += 50'000;
        presenter->show(message(i, 0, QStringLiteral("m"), QStringLiteral("m")));
    }
    QTRY_COMPARE(m_server->lastFor(first).summary, QStringLiteral("4 new inbox message(s)"));
    QCOMPARE(presenter->summaryId(), first);
    // After it, the next burst starts a summary of its own; the old one stays as it was.
    now += 61'000;
    presenter->show(message(10, 0, QStringLiteral("c"), QStringLiteral("c")));
    presenter->show(message(11, 0, QStringLiteral("d"), QStringLiteral("d")));
    QTRY_VERIFY(presenter->summaryId() != 0 && presenter->summaryId() != first);
    QTRY_COMPARE(m_server->lastFor(presenter->summaryId()).summary, QStringLiteral("1 new inbox message(s)"));
    QCOMPARE(m_server->lastFor(first).summary, QStringLiteral("4 new inbox message(s)"));
    QVERIFY(!m_server->closed.contains(first));
    QVERIFY(m_server->lastFor(presenter->summaryId()).replacesId == 0);
}

void TestNativePresenter::withdrawTakesLinesOutOfSummaries()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(1, 2000);
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    presenter->show(message(1, 0, QStringLiteral("alone"), QStringLiteral("alone")));
    presenter->show(message(2, 0, QStringLiteral("二"), QStringLiteral("二")));
    presenter->show(message(3, 1, QStringLiteral("三"), QStringLiteral("三")));
    QTRY_VERIFY(presenter->summaryId() != 0);
    const uint summary = presenter->summaryId();
    QTRY_COMPARE(m_server->lastFor(summary).summary, QStringLiteral("1 new inbox message(s), 1 new @ mention(s)"));

    // Read elsewhere: its line and its count go; the summary stays for what is still unread.
    presenter->withdraw(3);
    QTRY_COMPARE(m_server->lastFor(summary).summary, QStringLiteral("1 new inbox message(s)"));
    QCOMPARE(m_server->lastFor(summary).body, QStringLiteral("阿三: 二"));
    QVERIFY(!m_server->closed.contains(summary));
    // Nothing unread left in it: it goes.
    presenter->withdraw(2);
    QTRY_VERIFY(m_server->closed.contains(summary));
    QCOMPARE(presenter->summaryId(), 0u);
    QVERIFY(!m_server->closed.contains(m_server->calls.first().id)); // message 1 is not in it
}

void TestNativePresenter::mutedSenderIsWithdrawn()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(2, 2000);
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    Notification other = message(1, 0, QStringLiteral("a"), QStringLiteral("a"));
    other.byuid = 7;
    other.senderName = QStringLiteral("老七");
    presenter->show(other);
    presenter->show(message(2, 0, QStringLiteral("b"), QStringLiteral("b"))); // 阿三 (2333)
    presenter->show(message(3, 1, QStringLiteral("c"), QStringLiteral("c")));
    Notification another = message(4, 0, QStringLiteral("d"), QStringLiteral("d"));
    another.byuid = 7;
    another.senderName = QStringLiteral("老七");
    presenter->show(another);
    QTRY_VERIFY(presenter->summaryId() != 0);
    const uint summary = presenter->summaryId();
    QTRY_COMPARE(m_server->lastFor(summary).summary, QStringLiteral("1 new inbox message(s), 1 new @ mention(s)"));
    const uint single = m_server->calls.at(1).id;

    presenter->withdrawSender(2333);
    QTRY_VERIFY(m_server->closed.contains(single));
    QTRY_COMPARE(m_server->lastFor(summary).summary, QStringLiteral("1 new inbox message(s)"));
    QCOMPARE(m_server->lastFor(summary).body, QStringLiteral("老七: d"));
    QVERIFY(!m_server->closed.contains(m_server->calls.at(0).id));
    presenter->withdrawSender(7);
    QTRY_VERIFY(m_server->closed.contains(summary));
    QTRY_VERIFY(m_server->closed.contains(m_server->calls.at(0).id));
}

void TestNativePresenter::fewNotificationsOnScreen_data()
{
    // What arrives: 'n' the app's notice (no message), 'i' an inbox message, '@' an @ mention; '|' lets the
    // server answer before the rest comes.
    QTest::addColumn<QString>("arrivals");
    QTest::newRow("notice, inbox, @, then 12 inbox (the issue's GNOME case)") << QStringLiteral("ni@|iiiiiiiiiiii");
    QTest::newRow("@ first, then a burst") << QStringLiteral("@|iiiiiiiiiiii");
    QTest::newRow("all at once") << QStringLiteral("iii@@iiiii");
    QTest::newRow("@ mentions into a full screen") << QStringLiteral("iii|@|i@|iii");
    QTest::newRow("slowly, one by one") << QStringLiteral("i|i|@|i|i|i|@|i");
}

void TestNativePresenter::fewNotificationsOnScreen()
{
    QFETCH(QString, arrivals);
    // GNOME Shell keeps 3 notifications per app and drops the oldest, unseen: we never give it a fourth.
    m_server->capabilities = capabilitiesOf(QStringLiteral("gnome"));
    m_server->keep = 3;
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    qint64 now = 0;
    presenter->setClock([&now] { return now; });
    presenter->setBurst(100, 2000); // the limit alone decides here
    presenter->setSummaryInterval(std::chrono::milliseconds(0));
    QCOMPARE(presenter->maxOnScreen(), 3);

    int messages = 0;
    QList<qint64> mentions;
    for (const QChar c : arrivals) {
        if (c == u'|') {
            QTest::qWait(30);
            continue;
        }
        Notification n;
        if (c == u'n') {
            n.senderName = QStringLiteral("hu60 Notifier");
            n.summary = QStringLiteral("No system tray was found.");
            n.count = 0;
        } else {
            ++messages;
            n = message(messages, c == u'@' ? 1 : 0, QString(),
                        (c == u'@' ? QStringLiteral("at-%1") : QStringLiteral("inbox-%1")).arg(messages));
            if (c == u'@')
                mentions.append(n.id);
        }
        presenter->show(n);
    }
    QTest::qWait(200);

    QVERIFY2(m_server->dropped.isEmpty(), "a notification fell out of GNOME's list unseen");
    QVERIFY(m_server->visible.size() <= 3);
    // Every message is on screen on its own or counted by the summary; every @ is on its own or named in the
    // summary before any inbox message.
    int counted = 0;
    QStringList summaryLines;
    QList<qint64> alone;
    static const QRegularExpression title(QStringLiteral("^(?:(\\d+) new inbox message\\(s\\))?(?:, )?"
                                                         "(?:(\\d+) new @ mention\\(s\\))?$"));
    for (uint id : std::as_const(m_server->visible)) {
        const NotifyCall call = m_server->lastFor(id);
        if (id == presenter->summaryId()) {
            const QRegularExpressionMatch match = title.match(call.summary);
            QVERIFY2(match.hasMatch(), qPrintable(call.summary));
            counted += match.captured(1).toInt() + match.captured(2).toInt();
            summaryLines = call.body.split(u'\n');
        } else if (call.body.contains(u"-")) {
            ++counted;
            alone.append(call.body.section(u'-', 1).toLongLong());
        }
    }
    QCOMPARE(counted, messages);
    bool inboxSeen = false;
    for (const QString& line : std::as_const(summaryLines)) {
        if (line.contains(u"inbox-"))
            inboxSeen = true;
        QVERIFY2(!(inboxSeen && line.contains(u"at-")), qPrintable(summaryLines.join(u" / ")));
    }
    for (qint64 id : std::as_const(mentions)) {
        const bool named = std::any_of(summaryLines.cbegin(), summaryLines.cend(), [id](const QString& line) {
            return line.endsWith(QStringLiteral("at-%1").arg(id));
        });
        QVERIFY2(
            alone.contains(id) || named,
            qPrintable(QStringLiteral("@ %1 is neither shown nor named: %2").arg(id).arg(summaryLines.join(u" / "))));
    }
}

void TestNativePresenter::serverRestartForgetsOldIds()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QSignalSpy unavailable(presenter.get(), &NativePresenter::serviceUnavailable);
    QSignalSpy available(presenter.get(), &NativePresenter::serviceAvailable);
    QSignalSpy capabilities(presenter.get(), &NativePresenter::capabilitiesReceived);
    QSignalSpy activated(presenter.get(), &ui::Presenter::activated);
    QSignalSpy markRead(presenter.get(), &ui::Presenter::markReadRequested);
    presenter->show(message(501, 0, QStringLiteral("old"), QStringLiteral("old")));
    QTRY_COMPARE(presenter->shownIds(), QList<uint>{1u});

    // The daemon restarts (plasmashell, mako): a new owner of the name, whose ids start at 1 again.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("native notifications unavailable")));
    m_server->capabilities = capabilitiesOf(QStringLiteral("kde"));
    restartServer();
    QTRY_COMPARE(unavailable.count(), 1);
    QTRY_COMPARE(available.count(), 1);
    QVERIFY(presenter->isAvailable());
    QCOMPARE(capabilities.count(), 1); // asked again
    QCOMPARE(presenter->capabilities(), capabilitiesOf(QStringLiteral("kde")));
    QVERIFY(presenter->shownIds().isEmpty());

    // The new server's id 1 is not the old message.
    emitSignal(QStringLiteral("ActionInvoked"), {1u, QStringLiteral("default")});
    QTest::qWait(50);
    QCOMPARE(activated.count(), 0);
    presenter->show(richMessage(502, 1, QStringLiteral("new")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.first().id, 1u);
    QVERIFY(m_server->calls.first().body.contains(u"<a href=")); // the new server's capabilities
    emitSignal(QStringLiteral("ActionInvoked"), {1u, QStringLiteral("mark-read")});
    QTRY_COMPARE(markRead.count(), 1);
    QCOMPARE(markRead.first().at(0).toLongLong(), 502);
    QCOMPARE(m_oldServer->calls.size(), 1);
}

void TestNativePresenter::failedNotifyIsRetried()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QSignalSpy unavailable(presenter.get(), &NativePresenter::serviceUnavailable);
    m_server->failNotify = 1;
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    QTRY_COMPARE(presenter->shownIds(), QList<uint>{m_server->calls.first().id});
    QCOMPARE(unavailable.count(), 0);
    QVERIFY(presenter->isAvailable());
}

void TestNativePresenter::failureThenRecovery()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->setProbeInterval(std::chrono::milliseconds(100));
    QSignalSpy unavailable(presenter.get(), &NativePresenter::serviceUnavailable);
    QSignalSpy available(presenter.get(), &NativePresenter::serviceAvailable);
    QSignalSpy undelivered(presenter.get(), &NativePresenter::undelivered);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("native notifications unavailable")));
    m_server->failNotify = 2; // the call and its retry
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    QTRY_COMPARE(unavailable.count(), 1);
    QVERIFY(!presenter->isAvailable());
    // The message goes to the fallback, and so does what comes while the service is out.
    QTRY_COMPARE(undelivered.count(), 1);
    QCOMPARE(undelivered.first().at(0).value<Notification>().id, 1);
    presenter->show(message(2, 0, QStringLiteral("b"), QStringLiteral("b")));
    QCOMPARE(undelivered.count(), 2);
    // Asked again a little later, it answers: back in use, not given up for the session.
    QTRY_COMPARE(available.count(), 1);
    QVERIFY(presenter->isAvailable());
    presenter->show(message(3, 0, QStringLiteral("c"), QStringLiteral("c")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.first().body, QStringLiteral("c"));
    QCOMPARE(undelivered.count(), 2);
}

void TestNativePresenter::absentServiceIsReported()
{
    // Take the fake server off the bus first.
    QDBusConnection bus(QStringLiteral("server%1").arg(m_connections));
    QVERIFY(bus.unregisterService(QLatin1String(NativePresenter::service)));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("native notifications unavailable")));
    auto presenter = makePresenter();
    QSignalSpy unavailable(presenter.get(), &NativePresenter::serviceUnavailable);
    QTRY_COMPARE(unavailable.count(), 1);
    QVERIFY(!presenter->isAvailable());
    QVERIFY(unavailable.first().at(0).toString().contains(u"ServiceUnknown"));
    // What arrives meanwhile is handed back for the fallback, not lost.
    QSignalSpy undelivered(presenter.get(), &NativePresenter::undelivered);
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    QCOMPARE(undelivered.count(), 1);
    QCOMPARE(undelivered.first().at(0).value<Notification>().id, 1);
    QTest::qWait(50);
    QVERIFY(m_server->calls.isEmpty());
}

void TestNativePresenter::noBusIsReported()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("native notifications unavailable")));
    NativePresenter presenter(QUrl(QStringLiteral("https://hu60.cn")), nullptr,
                              QDBusConnection(QStringLiteral("no-such-connection")));
    QSignalSpy unavailable(&presenter, &NativePresenter::serviceUnavailable);
    QTRY_COMPARE(unavailable.count(), 1);
    QVERIFY(!presenter.isAvailable());
}

QTEST_MAIN(TestNativePresenter)
#include "tst_nativepresenter.moc"
