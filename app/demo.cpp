// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo.h"

#include "core/logging.h"
#include "core/presence/presencemodel.h"
#include "core/server/companion.h"
#include "ui/bots/robotpanel.h"
#include "ui/history/historywindow.h"
#include "ui/notifier.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/popuppresenter.h"
#include "ui/reply/replywindow.h"
#include "ui/settings/settingsdialog.h"
#include "ui/tray/trayicon.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMenu>
#include <QNetworkRequest>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QTimer>
#include <QWebSocket>

namespace {

QJsonArray segments(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).array();
}

// The scenario's messages, in the forum's own segment format (content-segments.md).
constexpr auto inboxMessage = R"([
  {"type":"text","value":"晚上一起开黑吗？\n老地方见 "},
  {"type":"face","face":"哈哈"},{"type":"face","face":"ok"}
])";

constexpr auto mentionMessage = R"([{"type":"atMsg","uid":520,"pos":"帖子“Qt6 托盘程序开发记录”的12楼",
  "url":"bbs.topic.105001.{$BID}?floor=12#12","msg":[
    {"type":"markdown"},
    {"type":"text","value":"\n"},{"type":"at","tag":"小明","uid":10086},
    {"type":"text","value":" 你的 **托盘通知** 做好了吗？\n> 先把断线重连做稳\n\n- 表情 "},
    {"type":"face","face":"滑稽"},
    {"type":"text","value":"\n- 代码 "},{"type":"mdpre","data":"`QWebSocket`"},
    {"type":"text","value":"\n"}]}])";

constexpr auto robotMessage = R"([{"type":"markdown"},
  {"type":"text","value":"你好！我是 **ChatGPT** 机器人，刚刚上线。\n有问题可以在聊天室 @我 "},
  {"type":"face","face":"滑稽"}])";

} // namespace

DemoScenario::DemoScenario(QObject* parent)
    : QObject(parent)
    , m_companion(std::make_unique<server::Companion>())
{
}

DemoScenario::~DemoScenario()
{
    if (m_robot)
        m_robot->abort();
}

bool DemoScenario::start(QString* error)
{
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    return m_companion->start(options, error);
}

QUrl DemoScenario::siteUrl() const
{
    return m_companion->httpUrl();
}

QUrl DemoScenario::pushUrl() const
{
    return m_companion->proxyPushUrl();
}

QString DemoScenario::sid() const
{
    return server::Companion::demoSid();
}

void DemoScenario::play(int firstDelayMs)
{
    const qint64 me = server::Companion::demoUid();
    QTimer::singleShot(firstDelayMs, this,
                       [this, me] { m_companion->insertMessage(me, 2333, 0, segments(inboxMessage)); });
    QTimer::singleShot(firstDelayMs + 4000, this,
                       [this, me] { m_companion->insertMessage(me, 520, 1, segments(mentionMessage)); });
    QTimer::singleShot(firstDelayMs + 8000, this, &DemoScenario::robotOnline);
    QTimer::singleShot(firstDelayMs + 10000, this, [this, me] {
        m_companion->insertMessage(me, server::Companion::demoRobotUid(), 0, segments(robotMessage));
    });
    QTimer::singleShot(firstDelayMs + 20000, this, &DemoScenario::robotOffline);
}

void DemoScenario::robotOnline()
{
    // A real robot connection, so the server broadcasts a real `online` (and later `offline`) event.
    m_robot = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QNetworkRequest request(m_companion->pushUrl());
    request.setRawHeader("x-sid", server::Companion::demoRobotSid().toLatin1());
    m_robot->open(request);
}

void DemoScenario::robotOffline()
{
    if (m_robot) {
        m_robot->close();
        m_robot->deleteLater();
    }
    emit finished();
}

namespace {

// Waits `ms`, then runs `step` (each screenshot step gives images and layouts time to settle).
void after(QObject* context, int ms, std::function<void()> step)
{
    QTimer::singleShot(ms, context, std::move(step));
}

bool save(QWidget* widget, const QString& directory, const QString& name)
{
    const QPixmap pixmap = widget->grab();
    const QString path = QDir(directory).filePath(name + QStringLiteral(".png"));
    const bool ok = !pixmap.isNull() && pixmap.save(path);
    qCInfo(lcApp).noquote() << (ok ? "saved" : "could not save") << path;
    return ok;
}

ui::NotificationPopup* popupFor(ui::Notifier* notifier, qint64 id)
{
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier->presenter());
    if (!popups)
        return nullptr;
    const QList<ui::NotificationPopup*> shown = popups->popups();
    for (ui::NotificationPopup* popup : shown) {
        if (popup->notification().id == id)
            return popup;
    }
    return nullptr;
}

} // namespace

void DemoScenario::captureScreenshots(ui::Notifier* notifier, const QString& directory)
{
    QDir().mkpath(directory);
    auto ok = std::make_shared<bool>(true);
    // One card per message (the demo data's unread messages would otherwise become one burst summary).
    if (auto* popups = qobject_cast<ui::PopupPresenter*>(notifier->presenter()))
        popups->setBurst(1000, 1);
    // Popups of the scenario's pushed messages: grab each once it is laid out and its faces are loaded.
    auto mention = std::make_shared<qint64>(0);
    connect(notifier, &ui::Notifier::notificationShown, this,
            [this, notifier, directory, ok, mention](const inbox::Notification& n) {
                if (n.source != inbox::Source::Push || n.byuid == server::Companion::demoRobotUid())
                    return;
                if (n.type == 1)
                    *mention = n.id;
                const QString name = n.type == 1 ? QStringLiteral("popup-mention") : QStringLiteral("popup-inbox");
                after(this, 1500, [notifier, directory, name, ok, id = n.id] {
                    ui::NotificationPopup* popup = popupFor(notifier, id);
                    *ok = popup && save(popup, directory, name) && *ok;
                });
            });
    // The robot panel once the demo robot is online (its avatar comes from the emulator).
    auto robotShown = std::make_shared<bool>(false);
    connect(notifier->robots(), &QAbstractItemModel::rowsInserted, this,
            [this, notifier, directory, ok, robotShown, mention] {
                if (*robotShown)
                    return;
                *robotShown = true;
                ui::RobotPanel* panel = notifier->showRobots();
                panel->resize(360, 300);
                after(this, 1500, [this, notifier, panel, directory, ok, mention] {
                    *ok = save(panel, directory, QStringLiteral("robots")) && *ok;
                    panel->hide();
                    QMenu* menu = notifier->trayIcon()->menu();
                    menu->popup(QPoint(880, 60));
                    after(this, 500, [this, notifier, menu, directory, ok, mention] {
                        *ok = save(menu, directory, QStringLiteral("tray-menu")) && *ok;
                        menu->hide();
                        ui::SettingsDialog* settings = notifier->showSettings(int(ui::SettingsDialog::Page::Account));
                        settings->resize(560, 420);
                        after(this, 500, [this, notifier, settings, directory, ok, mention] {
                            *ok = save(settings, directory, QStringLiteral("settings")) && *ok;
                            settings->showPage(ui::SettingsDialog::Page::Subscriptions);
                            after(this, 300, [this, notifier, settings, directory, ok, mention] {
                                *ok = save(settings, directory, QStringLiteral("settings-subscriptions")) && *ok;
                                settings->hide();
                                ui::HistoryWindow* history = notifier->showHistory();
                                after(this, 500, [this, notifier, history, directory, ok, mention] {
                                    *ok = save(history, directory, QStringLiteral("history")) && *ok;
                                    history->hide();
                                    // Answering the @ where it was written, with the preview of what will be posted.
                                    ui::ReplyWindow* reply = notifier->showReplyWindow(*mention);
                                    if (!reply) {
                                        *ok = false;
                                        emit screenshotsDone(*ok);
                                        return;
                                    }
                                    reply->findChild<QPlainTextEdit*>(QStringLiteral("replyText"))
                                        ->setPlainText(QStringLiteral("**正常**，Wayland 下弹窗也不抢焦点 {滑稽}"));
                                    after(this, 500, [this, reply, directory, ok] {
                                        *ok = save(reply, directory, QStringLiteral("reply")) && *ok;
                                        reply->close();
                                        emit screenshotsDone(*ok);
                                    });
                                });
                            });
                        });
                    });
                });
            });
}
