// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inbox/notification.h"
#include "ui/native/nativepresenter.h"
#include "ui/popup/richtext.h"

#include "support/privatebus.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDesktopServices>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using inbox::Notification;
using ui::NativePresenter;

/// One Notify call as the fake server saw it.
struct NotifyCall
{
    QString appName;
    uint replacesId = 0;
    QString icon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int timeout = 0;
    uint id = 0;
};

/// A stand-in for a desktop's notification daemon, registered on a private bus: records what it is asked.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    QStringList capabilities;
    QList<NotifyCall> calls;
    QList<uint> closed;
    uint nextId = 1;

public Q_SLOTS:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString& appName, uint replacesId, const QString& icon, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap& hints, int timeout)
    {
        const uint id = replacesId != 0 ? replacesId : nextId++;
        calls.append({appName, replacesId, icon, summary, body, actions, hints, timeout, id});
        return id;
    }
    void CloseNotification(uint id) { closed.append(id); }
    QString GetServerInformation(QString& vendor, QString& version, QString& specVersion)
    {
        vendor = QStringLiteral("hu60-tests");
        version = QStringLiteral("1");
        specVersion = QStringLiteral("1.2");
        return QStringLiteral("fake");
    }
};

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

    void markupConversion();
    void richServerGetsMarkupAndActions();
    void plainServerGetsSummary();
    void actionsAreReported();
    void closedByUserIsDismissed();
    void burstReplacesSummary();
    void summaryUpdatesAreThrottled();
    void clearClosesAll();
    void mentionsAreMoreUrgent();
    void senderPictureIsSent();
    void muteAndReplyActions();
    void inlineReplyWhereOffered();
    void readMessagesAreWithdrawn();
    void absentServiceIsReported();
    void noBusIsReported();

private:
    std::unique_ptr<NativePresenter> makePresenter();
    static Notification message(qint64 id, int type, const QString& html, const QString& summary);
    void emitSignal(const QString& name, const QVariantList& arguments);

    PrivateBus m_bus;
    QString m_address;
    std::unique_ptr<FakeNotificationServer> m_server;
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
    // A fresh connection per test: registration and signal routing start clean.
    QDBusConnection bus = QDBusConnection::connectToBus(m_address, QStringLiteral("server%1").arg(++m_connections));
    QVERIFY(bus.isConnected());
    QVERIFY(bus.registerService(QLatin1String(NativePresenter::service)));
    QVERIFY(bus.registerObject(QLatin1String(NativePresenter::path), m_server.get(), QDBusConnection::ExportAllSlots));
}

void TestNativePresenter::cleanup()
{
    QDBusConnection bus(QStringLiteral("server%1").arg(m_connections));
    bus.unregisterObject(QLatin1String(NativePresenter::path));
    bus.unregisterService(QLatin1String(NativePresenter::service));
    QDBusConnection::disconnectFromBus(bus.name());
    m_server.reset();
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

void TestNativePresenter::emitSignal(const QString& name, const QVariantList& arguments)
{
    QDBusMessage signal = QDBusMessage::createSignal(QLatin1String(NativePresenter::path),
                                                     QLatin1String(NativePresenter::interface), name);
    signal.setArguments(arguments);
    QVERIFY(QDBusConnection(QStringLiteral("server%1").arg(m_connections)).send(signal));
}

void TestNativePresenter::markupConversion()
{
    const QString html = QStringLiteral(
        "<p><b>粗</b> <i>斜</i> <a href=\"https://hu60.cn/q.php/user.info.1.html\">@老虎</a> 1&lt;2 &amp; "
        "<img src=\"https://hu60.cn/img/face/a.gif\" alt=\"{滑稽}\" height=\"20\" /></p><p>第二段</p>");
    const QString markup = ui::richtext::toNotificationMarkup(html);
    QCOMPARE(markup, QStringLiteral("<b>粗</b> <i>斜</i> <a href=\"https://hu60.cn/q.php/user.info.1.html\">@老虎</a>"
                                    " 1&lt;2 &amp; {滑稽}\n第二段"));
    // Never more text than asked for.
    const QString longMarkup = ui::richtext::toNotificationMarkup(QString(2000, u'x'), 100);
    QCOMPARE(longMarkup, QString(100, u'x') + u'…');
}

void TestNativePresenter::richServerGetsMarkupAndActions()
{
    auto presenter = makePresenter();
    QSignalSpy caps(presenter.get(), &NativePresenter::capabilitiesReceived);
    QTRY_VERIFY(presenter->capabilitiesKnown());
    QCOMPARE(caps.count(), 1);
    QVERIFY(presenter->isAvailable());

    presenter->show(message(2000102, 1, QStringLiteral("<b>看</b><script>x</script>"), QStringLiteral("看")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    const NotifyCall call = m_server->calls.first();
    QCOMPARE(call.appName, QStringLiteral("hu60-notifier"));
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.summary, QStringLiteral("阿三 · @ mention"));
    // Script content is dropped with its element by the markup conversion.
    QCOMPARE(call.body, QStringLiteral("<b>看</b>"));
    QCOMPARE(call.actions, (QStringList{QStringLiteral("default"), QStringLiteral("Open"), QStringLiteral("open"),
                                        QStringLiteral("Open"), QStringLiteral("mark-read"),
                                        QStringLiteral("Mark read"), QStringLiteral("reply"), QStringLiteral("Reply…"),
                                        QStringLiteral("mute"), QStringLiteral("Mute sender")}));
    // No inline-reply capability: no placeholder hint either.
    QVERIFY(!call.hints.contains(QStringLiteral("x-kde-reply-placeholder-text")));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("hu60-notifier"));
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
    QCOMPARE(m_server->calls.last().summary, QStringLiteral("6 new message(s)"));
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

void TestNativePresenter::mentionsAreMoreUrgent()
{
    auto presenter = makePresenter();
    QTRY_VERIFY(presenter->capabilitiesKnown());
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
    presenter->show(message(2, 1, QStringLiteral("b"), QStringLiteral("b")));
    QTRY_COMPARE(m_server->calls.size(), 2);
    QCOMPARE(m_server->calls.at(0).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
    QCOMPARE(m_server->calls.at(1).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
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
    QVERIFY(!m_server->calls.at(1).hints.contains(QStringLiteral("image-data")));

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
    presenter->show(message(54, 0, QStringLiteral("d"), QStringLiteral("d")));
    presenter->show(message(55, 1, QStringLiteral("e"), QStringLiteral("e")));
    QTRY_VERIFY(presenter->summaryId() != 0);
    const uint summary = presenter->summaryId();
    presenter->withdrawRead(true, false);
    QTest::qWait(20);
    QVERIFY(!m_server->closed.contains(summary));
    presenter->withdrawRead(true, true);
    QTRY_VERIFY(m_server->closed.contains(summary));
    QCOMPARE(presenter->summaryId(), 0u);
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
    presenter->show(message(1, 0, QStringLiteral("a"), QStringLiteral("a")));
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
