// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo.h"

#include "core/logging.h"
#include "core/server/companion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
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
