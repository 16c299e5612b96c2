// SPDX-License-Identifier: GPL-3.0-or-later
// The Notifier with the desktop's notifications chosen, on a private session bus whose notification server comes
// and goes: it falls back to popups while none is there, shows what the server could not, and comes back to the
// same native presenter when a server appears again.
#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "ui/native/nativepresenter.h"
#include "ui/notifier.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/popuppresenter.h"

#include "support/fakenotificationserver.h"
#include "support/privatebus.h"

#include <QDBusConnection>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestNativeFallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void fallsBackAndComesBack();

private:
    bool startServer();
    void stopServer();

    PrivateBus m_bus;
    std::unique_ptr<FakeNotificationServer> m_server;
    int m_connections = 0;
};

void TestNativeFallback::initTestCase()
{
    if (!PrivateBus::isAvailable())
        QSKIP("dbus-daemon is not installed (Debian package dbus)");
    QString error;
    QVERIFY2(m_bus.start(&error), qPrintable(error));
    // Read when the session bus is first used, which has not happened yet.
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_bus.address().toUtf8());
}

void TestNativeFallback::init()
{
    QTest::failOnWarning(
        QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise)\\(\\))"
                                          "(?!native notifications unavailable).*")));
}

bool TestNativeFallback::startServer()
{
    m_server = std::make_unique<FakeNotificationServer>();
    m_server->capabilities = capabilitiesOf(QStringLiteral("mako"));
    QDBusConnection bus =
        QDBusConnection::connectToBus(m_bus.address(), QStringLiteral("server%1").arg(++m_connections));
    return bus.isConnected() && bus.registerService(QLatin1String(ui::NativePresenter::service)) &&
           bus.registerObject(QLatin1String(ui::NativePresenter::path), m_server.get(),
                              QDBusConnection::ExportAllSlots);
}

void TestNativeFallback::stopServer()
{
    QDBusConnection bus(QStringLiteral("server%1").arg(m_connections));
    bus.unregisterObject(QLatin1String(ui::NativePresenter::path));
    bus.unregisterService(QLatin1String(ui::NativePresenter::service));
    QDBusConnection::disconnectFromBus(bus.name());
}

void TestNativeFallback::fallsBackAndComesBack()
{
    QVERIFY(startServer());
    QTemporaryDir dir;
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    client::PushClientConfig config;
    config.url = QUrl(QStringLiteral("ws://127.0.0.1:1/ws/msg"));
    config.watchNetwork = false;
    client::PushClient pushClient(config); // never started: messages come from the test
    forum::UserDirectory users(&api);
    inbox::HistoryStore history;
    inbox::Inbox inbox(&pushClient, &api, &users, &history);
    settings::SettingsModel model(dir.filePath(QStringLiteral("settings.ini")));
    settings::Settings initial;
    initial.presenter = settings::Presenter::Native;
    model.update([&](settings::Settings& s) { s = initial; });

    ui::NotifierContext context;
    context.client = &pushClient;
    context.api = &api;
    context.users = &users;
    context.network = &network;
    context.inbox = &inbox;
    context.settings = &model;
    ui::Notifier notifier(context);
    QSignalSpy choices(&notifier, &ui::Notifier::presenterChoiceChanged);
    auto* native = qobject_cast<ui::NativePresenter*>(notifier.presenter());
    QVERIFY(native);
    QTRY_VERIFY(native->capabilitiesKnown());

    const auto message = [](qint64 id, const QString& text) {
        inbox::Notification n;
        n.id = id;
        n.byuid = 2333;
        n.senderName = QStringLiteral("阿三");
        n.summary = text;
        n.html = text;
        n.url = QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.view.%1.html").arg(id));
        n.receivedAt = QDateTime::currentDateTime();
        return n;
    };
    emit inbox.notificationReady(message(1, QStringLiteral("到桌面")));
    QTRY_COMPARE(m_server->calls.size(), 1);

    // The server goes: our popups take over (offscreen can place them), and show what arrives meanwhile.
    stopServer();
    QTRY_VERIFY(qobject_cast<ui::PopupPresenter*>(notifier.presenter()));
    QVERIFY(!choices.isEmpty());
    QCOMPARE(choices.last().at(0).value<ui::Notifier::PresenterChoice>().kind, settings::Presenter::Popup);
    emit inbox.notificationReady(message(2, QStringLiteral("到弹窗")));
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier.presenter());
    QTRY_COMPARE(popups->visibleCount(), 1);
    QCOMPARE(popups->popups().first()->notification().id, 2);

    // A server appears again: back to the same native presenter, and the next message reaches it.
    QVERIFY(startServer());
    QTRY_COMPARE(notifier.presenter(), native);
    QCOMPARE(choices.last().at(0).value<ui::Notifier::PresenterChoice>().kind, settings::Presenter::Native);
    emit inbox.notificationReady(message(3, QStringLiteral("又到桌面")));
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.first().body, QStringLiteral("又到桌面"));
    stopServer();
    QTRY_VERIFY(qobject_cast<ui::PopupPresenter*>(notifier.presenter()));
}

QTEST_MAIN(TestNativeFallback)
#include "tst_nativefallback.moc"
