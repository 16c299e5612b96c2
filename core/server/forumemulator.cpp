// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/forumemulator.h"

#include "core/logging.h"
#include "core/server/cookies.h"
#include "core/server/httpguard.h"
#include "core/server/images.h"
#include "core/server/store.h"

#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cmath>

namespace server {

namespace {

constexpr int adminFreeFailures = 5;                    ///< wrong admin tokens in a row before attempts wait
constexpr qint64 adminMaxBackoffMs = 30 * 1000;         ///< the longest wait between token attempts
constexpr qint64 adminFailureMemoryMs = 10 * 60 * 1000; ///< a wrong token this old no longer counts

const QByteArray jsonType = QByteArrayLiteral("application/json; charset=utf-8");
/// The largest form body msg.index.send takes: its message is pushed as one frame, and a client takes frames
/// up to PushServerLimits' default of 1 MiB.
constexpr qsizetype maxSendBodyBytes = 512 * 1024;
const QByteArray htmlType = QByteArrayLiteral("text/html; charset=utf-8");

std::optional<qint64> integer(const QJsonValue& value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || std::abs(d) > 9007199254740992.0)
        return std::nullopt;
    return static_cast<qint64>(d);
}

QJsonValue nameOrNull(const QString& name)
{
    return name.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(name);
}

// Plain text of a segment array, after content-segments §7 (simplified).
QString plainText(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    QString text;
    const QJsonArray segments = content.toArray();
    for (const QJsonValue& value : segments) {
        const QJsonObject s = value.toObject();
        const QString type = s.value(u"type").toString();
        if (type == u"text")
            text += s.value(u"value").toString();
        else if (type == u"code" || type == u"mdcode" || type == u"mdpre" || type == u"textbox")
            text += s.value(u"data").toString();
        else if (type == u"face")
            text += u'{' + s.value(u"face").toString() + u'}';
        else if (type == u"at")
            text += u'@' + s.value(u"tag").toString();
        else if (type == u"atMsg")
            text += s.value(u"pos").toString() + QStringLiteral("：") + plainText(s.value(u"msg"));
        else if (type == u"url" || type == u"urlzh" || type == u"urlout" || type == u"urltxt") {
            const QString title = s.value(u"title").toString();
            text += title.isEmpty() ? s.value(u"url").toString()
                                    : title + QStringLiteral(": ") + s.value(u"url").toString();
        } else if (type == u"img" || type == u"imgzh" || type == u"thumb")
            text += s.value(u"alt").toString() + u' ' + s.value(u"src").toString();
        else if (type == u"mailtxt")
            text += s.value(u"mail").toString();
        else if (type == u"newline")
            text += u'\n';
        else if (type == u"adminEdit" || type == u"adminDel" || type == u"adminAction")
            text += s.value(u"pos").toString() + u' ' + s.value(u"reason").toString();
    }
    return text;
}

/// What the forum answers to a form token that is unknown, expired or used (forum-api §12).
QString usedTokenNotice()
{
    return QStringLiteral("检测到重复发言，请先确认发言是否已经成功。");
}

constexpr int robotDelayMs = 800; ///< how long the demo's robots "think"

bool isRobotUid(qint64 uid)
{
    return uid <= -50 && uid != -100;
}

/// The demo robots' answer (Markdown source, no marker line) quoting the question (its mentions of robots left out).
QString robotAnswer(qint64 robot, const QString& question)
{
    static const QRegularExpression robotMention(QStringLiteral("[@＠][#＃]-\\d+[，,]?\\s*"));
    QString asked = QString(question).remove(robotMention).trimmed();
    if (asked.size() > 200)
        asked = asked.left(200) + u'…';
    QString quoted;
    for (const QString& line : asked.split(u'\n'))
        quoted += QStringLiteral("> ") + line + u'\n';
    return QStringLiteral("你好！我是本地模拟论坛里的演示机器人（uid %1），你问的是：\n\n%2\n"
                          "在真实的虎绿林上，这里会是机器人的回答。")
        .arg(robot)
        .arg(quoted);
}

QString htmlText(const QJsonValue& content)
{
    return plainText(content).toHtmlEscaped().replace(u'\n', QStringLiteral("<br>\n"));
}

// Go's url.Values / PHP: '+' in a form body is a space.
QUrlQuery formQuery(const QByteArray& body)
{
    QByteArray copy = body;
    copy.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(copy));
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = std::max(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a.at(i) : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b.at(i) : 0);
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

QHttpServerResponse plainResponse(QHttpServerResponse::StatusCode status, const QByteArray& text)
{
    return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"), text, status);
}

QHttpServerResponse jsonResponse(const QJsonObject& object, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(jsonType, QJsonDocument(object).toJson(QJsonDocument::Compact), status);
}

QString htmlDocument(const QString& title, const QString& body)
{
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>") +
           title.toHtmlEscaped() + QStringLiteral(" - 虎绿林 (模拟)</title></head>\n<body>\n<h1>") +
           title.toHtmlEscaped() + QStringLiteral("</h1>\n") + body +
           QStringLiteral("\n<hr><p><small>hu60 Notifier 论坛模拟器 — 本页面由本地伴随服务器生成。"
                          "</small></p>\n</body></html>\n");
}

} // namespace

/// One request under /q.php/, with the sid resolved as the forum does (forum-api §2).
struct ForumEmulator::Context
{
    explicit Context(const QHttpServerRequest& r)
        : request(r)
    {
    }

    const QHttpServerRequest& request;
    QUrlQuery params; ///< query string plus POST form fields
    QString origin;   ///< _origin / X-Origin ("" = cookie mode)
    QString pathSid;
    QString page; ///< "msg.index.@.no" (decoded path, without the format suffix)
    QString bid;  ///< "json", "html", …
    std::optional<User> user;

    QByteArray header(QByteArrayView name) const
    {
        const auto headers = request.headers();
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    /// forum-api §10, the CSRF guard: a form POST (not JSON) without _origin that a browser marks as coming from
    /// another site (Sec-Fetch-Site), or whose Referer names another host or only an origin (path "/", what a
    /// browser sends cross-origin), is refused. Clients that send neither header pass.
    bool isCrossSiteForm() const
    {
        const QByteArray type = header("content-type").toLower();
        if (request.method() != QHttpServerRequest::Method::Post || request.body().isEmpty() || !origin.isEmpty() ||
            (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")))
            return false;
        const QByteArray site = header("sec-fetch-site").trimmed().toLower();
        if (!site.isEmpty() && site != "same-origin" && site != "none")
            return true;
        const QByteArray referer = header("referer");
        if (referer.isEmpty())
            return false;
        const QUrl from = QUrl::fromEncoded(referer);
        const QString host = QUrl(QStringLiteral("http://") + QString::fromLatin1(header("host"))).host();
        return from.host().compare(host, Qt::CaseInsensitive) != 0 || from.path() == u"/" || from.path().isEmpty();
    }
    QString param(const QString& key) const { return params.queryItemValue(key, QUrl::FullyDecoded); }
    /// Query parameter, else the request header that stands for it (forum-api §3).
    QString option(const QString& key, QByteArrayView headerName) const
    {
        const QString value = param(key);
        return value.isEmpty() ? QString::fromUtf8(header(headerName)) : value;
    }
    QString cookie(QByteArrayView name) const { return cookieValue(request.headers(), name); }
    bool isJson() const { return bid == u"json"; }
};

ForumEmulator::ForumEmulator(Store* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_http(new QHttpServer(this))
{
    m_started.start();
    // Every request goes through one handler: the forum's routing (sid path segment, dotted page names) does not
    // map onto QHttpServer's router rules.
    m_http->setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        handle(request).write(std::move(responder));
    });
    // A WebSocket upgrade aimed at the HTTP port is not served here.
    connect(m_http, &QHttpServer::newWebSocketConnection, this, [this] {
        while (m_http->hasPendingWebSocketConnections())
            m_http->nextPendingWebSocketConnection()->abort();
    });
}

ForumEmulator::~ForumEmulator() = default;

void ForumEmulator::setAdminToken(const QString& token)
{
    m_adminToken = token;
}

void ForumEmulator::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = bytes;
}

bool ForumEmulator::listen(const QHostAddress& address, quint16 port, QString* error)
{
    // Qt HttpServer 6.4 buffers any body whole: the guard refuses large ones before it reads them.
    auto* tcp = new HttpGuard(this);
    tcp->setMaxBodyBytes(m_maxBodyBytes);
    if (!tcp->listen(address, port)) {
        if (error)
            *error = tcp->errorString();
        delete tcp;
        return false;
    }
    m_http->bind(tcp);
    m_tcp = tcp;
    qCInfo(lcEmulator) << "forum emulator listening on" << address.toString() << tcp->serverPort();
    return true;
}

quint16 ForumEmulator::serverPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QHostAddress ForumEmulator::serverAddress() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

QHttpServerResponse ForumEmulator::handle(const QHttpServerRequest& request)
{
    using Status = QHttpServerResponse::StatusCode;
    const QString path = request.url().path();

    if (path == u"/admin/push")
        return adminPush(request);
    if (path == u"/" || path == u"/q.php" || path == u"/q.php/") {
        QHttpServerResponse response(Status::Found);
        response.addHeader("Location", "/q.php/index.index.html");
        return response;
    }
    static const QRegularExpression faceRe(QStringLiteral("^/img/face/([0-9a-f]+)\\.gif$"));
    static const QRegularExpression avatarRe(QStringLiteral("^/avatar/(-?[0-9]+)\\.(png|jpg)$"));
    if (const auto match = faceRe.match(path); match.hasMatch()) {
        const QString name = QString::fromUtf8(QByteArray::fromHex(match.captured(1).toLatin1()));
        if (!images::faceNames().contains(name))
            return plainResponse(Status::NotFound, "404 page not found\n");
        // Qt has no GIF writer; clients sniff the image format from the bytes, so PNG data is served here.
        QHttpServerResponse response(QByteArrayLiteral("image/png"), images::face(name));
        response.addHeader("Cache-Control", "max-age=86400");
        return response;
    }
    if (const auto match = avatarRe.match(path); match.hasMatch()) {
        QHttpServerResponse response(QByteArrayLiteral("image/png"), images::avatar(match.captured(1).toLongLong()));
        response.addHeader("Cache-Control", "max-age=86400");
        return response;
    }
    if (!path.startsWith(u"/q.php/"))
        return plainResponse(Status::NotFound, "404 page not found\n");

    Context context(request);
    context.params = request.query();
    if (request.method() == QHttpServerRequest::Method::Post &&
        context.header("content-type").startsWith("application/x-www-form-urlencoded")) {
        const auto items = formQuery(request.body()).queryItems(QUrl::FullyEncoded);
        for (const auto& [key, value] : items)
            context.params.addQueryItem(key, value);
    }
    context.origin = context.option(QStringLiteral("_origin"), "x-origin");
    if (context.isCrossSiteForm()) {
        qCInfo(lcEmulator) << "refused a cross-site form submission"; // the path may hold a sid: not logged
        return QHttpServerResponse(htmlType,
                                   htmlDocument(QStringLiteral("跨站提交已拦截"),
                                                QStringLiteral("<p>这个表单来自其他网站，论坛没有处理它。"
                                                               "如果是你本人的操作，请回到论坛页面重新提交。</p>"))
                                       .toUtf8());
    }

    QStringList segments = path.mid(7).split(u'/');
    if (segments.size() >= 2 && !segments.first().contains(u'.'))
        context.pathSid = segments.takeFirst();
    const QString pageName = segments.join(u'/');
    const qsizetype dot = pageName.lastIndexOf(u'.');
    if (dot <= 0) {
        QHttpServerResponse response(Status::Found);
        response.addHeader("Location", "/q.php/index.index.html");
        return response;
    }
    context.page = pageName.left(dot);
    context.bid = pageName.mid(dot + 1);
    return handleForum(context);
}

void ForumEmulator::sabotage(const QString& pagePrefix, Sabotage how, int times)
{
    if (times > 0)
        m_sabotage.append(Sabotaged{pagePrefix, how, times});
}

QHttpServerResponse ForumEmulator::handleForum(Context& context)
{
    if (!context.isJson() || m_sabotage.isEmpty())
        return answerForum(context);
    const auto it = std::find_if(m_sabotage.begin(), m_sabotage.end(),
                                 [&](const Sabotaged& s) { return context.page.startsWith(s.pagePrefix); });
    if (it == m_sabotage.end())
        return answerForum(context);
    const Sabotage how = it->how;
    if (--it->times <= 0)
        m_sabotage.erase(it);
    if (how == Sabotage::RateLimit) {
        QHttpServerResponse response(htmlType, QByteArrayLiteral("<html><body>刷新不规范，虎友两行泪</body></html>"),
                                     QHttpServerResponse::StatusCode::TooManyRequests);
        response.addHeader("Retry-After", "1");
        return response;
    }
    [[maybe_unused]] const QHttpServerResponse lost = answerForum(context);
    return QHttpServerResponse(htmlType, QByteArrayLiteral("<html><body>502 Bad Gateway</body></html>"),
                               QHttpServerResponse::StatusCode::BadGateway);
}

QHttpServerResponse ForumEmulator::answerForum(Context& context)
{
    // The sid: path segment, then cookie (not in _origin mode), then _sid, then X-Sid (forum-api §2).
    QString sid = context.pathSid;
    if (!sid.isEmpty() && !context.isJson()) {
        QHttpServerResponse response(QHttpServerResponse::StatusCode::Found);
        response.addHeader("Location", "/q.php/user.login.html");
        return response;
    }
    if (sid.isEmpty() && context.origin.isEmpty())
        sid = context.cookie("hu60_sid");
    if (sid.isEmpty())
        sid = context.param(QStringLiteral("_sid"));
    if (sid.isEmpty())
        sid = QString::fromUtf8(context.header("x-sid"));
    static const QRegularExpression sidChars(QStringLiteral("^[A-Za-z0-9_-]*$"));
    if (!sidChars.match(sid).hasMatch())
        return error(context, 53, QStringLiteral("sid格式不正确。"));
    if (sid.size() >= 20 && sid.size() <= 64)
        context.user = m_store->userBySid(sid);

    if (!context.isJson())
        return htmlPage(context);

    const QStringList parts = context.page.split(u'.');
    const QString& page = context.page;
    if (page == u"user.login")
        return login(context);
    if (page == u"user.index")
        return userIndex(context);
    if (page == u"user.stat")
        return userStat(context);
    if (parts.size() <= 3 && parts.value(0) == u"user" && parts.value(1) == u"info")
        return userInfo(context, parts);
    if (parts.size() == 4 && page.startsWith(u"msg.index.view.")) {
        bool ok = false;
        const qint64 id = parts.at(3).toLongLong(&ok);
        if (ok)
            return messageView(context, id);
    }
    if ((parts.size() == 3 || parts.size() == 4) && page.startsWith(u"msg.index.send"))
        return sendMessage(context, parts);
    if (parts.size() >= 2 && parts.size() <= 4 && parts.at(0) == u"msg" && parts.at(1) == u"index") {
        const QString box = parts.value(2, QStringLiteral("inbox"));
        const QString filter = parts.value(3);
        if ((box == u"inbox" || box == u"@") && (filter.isEmpty() || filter == u"no" || filter == u"yes"))
            return messageList(context, parts);
    }
    if (page == u"api.msg.isread.get" || page == u"api.msg.isread.set")
        return isread(context, page.endsWith(u"set"));
    if (page == u"user.relationship")
        return relationship(context);
    if (page == u"addin.chat")
        return chatRoomList(context);
    if (parts.size() >= 3 && parts.at(0) == u"addin" && parts.at(1) == u"chat")
        return chatRoom(context, parts.mid(2).join(u'.').replace(u'+', u' ')); // PHP's urldecode
    if (parts.size() == 3 && parts.at(0) == u"bbs" && (parts.at(1) == u"topic" || parts.at(1) == u"newreply")) {
        bool ok = false;
        const qint64 tid = parts.at(2).toLongLong(&ok);
        if (ok)
            return topicPage(context, tid, parts.at(1) == u"newreply");
    }
    if (page == u"api.bot.list")
        return botList(context);
    if (page == u"api.face")
        return faceList(context);
    return error(context, 1404, QStringLiteral("页面 '%1' 不存在").arg(context.page + u'.' + context.bid));
}

QHttpServerResponse ForumEmulator::json(const Context& context, QJsonObject object) const
{
    const QStringList uinfo = context.option(QStringLiteral("_uinfo"), "x-uinfo").split(u',', Qt::SkipEmptyParts);
    if (!uinfo.isEmpty()) {
        // For every member named *uid, add <prefix>_u_<item> (forum-api §3).
        std::function<QJsonValue(const QJsonValue&)> decorate = [&](const QJsonValue& value) -> QJsonValue {
            if (value.isArray()) {
                QJsonArray array = value.toArray();
                for (auto it = array.begin(); it != array.end(); ++it)
                    *it = decorate(*it);
                return array;
            }
            if (!value.isObject())
                return value;
            QJsonObject o = value.toObject();
            const QStringList keys = o.keys();
            for (const QString& key : keys) {
                o.insert(key, decorate(o.value(key)));
                const auto uid = integer(o.value(key));
                if (!key.endsWith(u"uid") || !uid)
                    continue;
                const QString prefix = key.chopped(3) + QStringLiteral("_u_");
                const auto user = m_store->userByUid(*uid);
                for (const QString& item : uinfo) {
                    if (item == u"name")
                        o.insert(prefix + item, user ? QJsonValue(user->name) : QJsonValue(QJsonValue::Null));
                    else if (item == u"avatar")
                        o.insert(prefix + item, avatarUrl(context, *uid));
                    else if (item == u"sign" || item == u"signature")
                        o.insert(prefix + item, user ? QJsonValue(user->signature) : QJsonValue(QJsonValue::Null));
                    else if (item == u"regtime")
                        o.insert(prefix + item, user ? QJsonValue(user->regtime) : QJsonValue(QJsonValue::Null));
                }
            }
            return o;
        };
        object = decorate(object).toObject();
    }
    const QStringList myself = context.option(QStringLiteral("_myself"), "x-myself").split(u',', Qt::SkipEmptyParts);
    if (!myself.isEmpty()) {
        QJsonObject me{{QStringLiteral("isLogin"), context.user.has_value()},
                       {QStringLiteral("uid"), context.user ? QJsonValue(context.user->uid) : QJsonValue()}};
        if (context.user) {
            if (myself.contains(u"newMsg"))
                me.insert(u"newMsg", m_store->unreadCount(context.user->uid, 0));
            if (myself.contains(u"newAtInfo"))
                me.insert(u"newAtInfo", m_store->unreadCount(context.user->uid, 1));
        }
        object.insert(u"_myself", me);
    }
    if (!context.option(QStringLiteral("_time"), "x-time").isEmpty())
        object.insert(u"_time", QDateTime::currentSecsSinceEpoch());
    const bool compact = context.option(QStringLiteral("_json"), "x-json") == u"compact";
    QHttpServerResponse response(
        jsonType, QJsonDocument(object).toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented));
    if (!context.origin.isEmpty()) {
        QString allowed = context.origin;
        allowed.remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9,._*-]")));
        response.addHeader("Access-Control-Allow-Origin", allowed.toUtf8());
    }
    return response;
}

QHttpServerResponse ForumEmulator::error(const Context& context, int code, const QString& message) const
{
    return json(context, QJsonObject{{QStringLiteral("error"), QStringLiteral("true")},
                                     {QStringLiteral("errInfo"),
                                      QJsonObject{{QStringLiteral("code"), code},
                                                  {QStringLiteral("message"), message},
                                                  {QStringLiteral("file"), QStringLiteral("emulator")},
                                                  {QStringLiteral("line"), 0},
                                                  {QStringLiteral("trace"), QString()}}}});
}

QHttpServerResponse ForumEmulator::loginRequired(const Context& context) const
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("u"), context.page + u'.' + context.bid);
    if (!context.origin.isEmpty())
        query.addQueryItem(QStringLiteral("_origin"), context.origin);
    QHttpServerResponse response(QHttpServerResponse::StatusCode::Found);
    response.addHeader("Location", "/q.php/user.login.json?" + query.toString(QUrl::FullyEncoded).toUtf8());
    return response;
}

QHttpServerResponse ForumEmulator::login(const Context& context)
{
    QJsonObject failure{{QStringLiteral("isLogin"), false},
                        {QStringLiteral("page"), QStringLiteral("loginPage")},
                        {QStringLiteral("success"), false}};
    if (context.param(QStringLiteral("go")).isEmpty()) {
        failure.insert(u"notice", QStringLiteral("需要登录"));
        return json(context, failure);
    }
    failure.insert(u"active", QJsonValue::Null);
    const QString type = context.param(QStringLiteral("type"));
    const QString name = context.param(QStringLiteral("name"));
    if (type == u"2") {
        failure.insert(u"notice", QStringLiteral("该邮箱未绑定任何用户。"));
        return json(context, failure);
    }
    if (type == u"3") {
        failure.insert(u"notice", QStringLiteral("该手机号码未绑定任何用户。"));
        return json(context, failure);
    }
    const auto user = m_store->userByName(name);
    if (!user) {
        failure.insert(u"notice", QStringLiteral("用户名 \"%1\" 不存在。").arg(name));
        return json(context, failure);
    }
    const QByteArray given = context.param(QStringLiteral("pass")).toUtf8();
    if (user->password.isEmpty() || !constantTimeEquals(given, user->password.toUtf8())) {
        failure.insert(u"notice", QStringLiteral("密码错误。"));
        return json(context, failure);
    }
    QString saveError;
    const QString sid = m_store->ensureSid(user->uid, &saveError);
    if (sid.isEmpty())
        return error(context, 500, saveError);
    QHttpServerResponse response = json(context, QJsonObject{{QStringLiteral("success"), true},
                                                             {QStringLiteral("uid"), user->uid},
                                                             {QStringLiteral("sid"), sid}});
    if (context.origin.isEmpty())
        response.addHeader("Set-Cookie", "hu60_sid=" + sid.toUtf8() + "; Max-Age=31536000; Path=/; HttpOnly");
    else
        response.addHeader("x-sid", sid.toUtf8());
    return response;
}

QHttpServerResponse ForumEmulator::userIndex(const Context& context)
{
    if (!context.user)
        return loginRequired(context);
    const User& u = *context.user;
    return json(context, QJsonObject{{QStringLiteral("uid"), u.uid},
                                     {QStringLiteral("name"), u.name},
                                     {QStringLiteral("mail"), QJsonValue::Null},
                                     {QStringLiteral("signature"), u.signature},
                                     {QStringLiteral("contact"), QJsonValue::Null},
                                     {QStringLiteral("regtime"), u.regtime},
                                     {QStringLiteral("hasRegPhone"), false},
                                     {QStringLiteral("floorReverse"), QJsonValue::Null},
                                     {QStringLiteral("siteAdmin"), u.uid == 1},
                                     {QStringLiteral("permissions"), QJsonArray()}});
}

QHttpServerResponse ForumEmulator::userStat(const Context& context)
{
    const bool in = context.user.has_value();
    return json(context, QJsonObject{{QStringLiteral("uid"), in ? QJsonValue(context.user->uid) : QJsonValue()},
                                     {QStringLiteral("name"), in ? QJsonValue(context.user->name) : QJsonValue()},
                                     {QStringLiteral("isLogin"), in},
                                     {QStringLiteral("permissions"), QJsonArray()},
                                     {QStringLiteral("newMsg"), in ? m_store->unreadCount(context.user->uid, 0) : 0},
                                     {QStringLiteral("newAtInfo"), in ? m_store->unreadCount(context.user->uid, 1) : 0},
                                     {QStringLiteral("newChats"), QJsonValue::Null},
                                     {QStringLiteral("countReview"), 0},
                                     {QStringLiteral("chatCountReview"), 0}});
}

QJsonObject ForumEmulator::userInfoJson(const std::optional<User>& user, qint64 viewer) const
{
    const std::optional<User> me = viewer != 0 ? m_store->userByUid(viewer) : std::nullopt;
    const bool noDisturb = user && me && me->noDisturb.contains(user->uid);
    const bool blocked = user && me && me->blocked.contains(user->uid);
    return QJsonObject{{QStringLiteral("uid"), user ? QJsonValue(user->uid) : QJsonValue()},
                       {QStringLiteral("name"), user ? QJsonValue(user->name) : QJsonValue()},
                       {QStringLiteral("signature"), user ? QJsonValue(user->signature) : QJsonValue()},
                       {QStringLiteral("contact"), user ? QJsonValue(QString()) : QJsonValue()},
                       {QStringLiteral("regtime"), user ? QJsonValue(user->regtime) : QJsonValue()},
                       {QStringLiteral("blockPostStat"), false},
                       {QStringLiteral("isFollow"), false},
                       {QStringLiteral("isBlock"), blocked},
                       {QStringLiteral("isNoDisturb"), noDisturb},
                       {QStringLiteral("hideUserCSS"), false},
                       {QStringLiteral("permissions"), QJsonArray()}};
}

QHttpServerResponse ForumEmulator::userInfo(const Context& context, const QStringList& parts)
{
    std::optional<User> user;
    if (parts.size() == 3) {
        bool ok = false;
        const qint64 uid = parts.at(2).toLongLong(&ok);
        if (ok)
            user = m_store->userByUid(uid);
    } else {
        user = m_store->userByName(context.param(QStringLiteral("name")));
    }
    return json(context, userInfoJson(user, context.user ? context.user->uid : 0));
}

QJsonObject ForumEmulator::messageJson(const Context& context, const Message& m) const
{
    const QString mode = context.option(QStringLiteral("_content"), "x-content");
    QJsonValue content;
    if (mode == u"json")
        content = m.content;
    else if (mode == u"text" || mode == u"ubb")
        content = plainText(m.content);
    else
        content = htmlText(m.content);
    return QJsonObject{{QStringLiteral("id"), m.id},         {QStringLiteral("touid"), m.touid},
                       {QStringLiteral("byuid"), m.byuid},   {QStringLiteral("type"), m.type},
                       {QStringLiteral("isread"), m.isread}, {QStringLiteral("content"), content},
                       {QStringLiteral("ctime"), m.ctime},   {QStringLiteral("rtime"), m.rtime}};
}

QHttpServerResponse ForumEmulator::messageList(const Context& context, const QStringList& parts)
{
    if (!context.user)
        return loginRequired(context);
    const qint64 me = context.user->uid;
    const bool at = parts.value(2) == u"@";
    const QString filter = parts.value(3);
    const int type = at ? 1 : 0;
    std::optional<qint64> fromUid;
    if (at) {
        bool ok = false;
        const qint64 uid = context.param(QStringLiteral("uid")).toLongLong(&ok);
        if (ok)
            fromUid = uid;
        else if (const QString name = context.param(QStringLiteral("name")); !name.isEmpty())
            fromUid = m_store->userByName(name).value_or(User{}).uid;
    }
    const bool hideBots = context.param(QStringLiteral("showBot")) == u"0";

    QList<Message> matching;
    for (const Message& m : m_store->messages()) {
        if (m.touid != me || m.type != type)
            continue;
        if ((filter == u"no" && m.isread) || (filter == u"yes" && !m.isread))
            continue;
        if ((hideBots && m.byuid < 0) || (fromUid && m.byuid != *fromUid))
            continue;
        matching.append(m);
    }
    std::sort(matching.begin(), matching.end(),
              [](const Message& a, const Message& b) { return a.ctime != b.ctime ? a.ctime > b.ctime : a.id > b.id; });

    QString sizeText = context.param(QStringLiteral("pageSize"));
    if (sizeText.isEmpty())
        sizeText = context.option(QStringLiteral("page_size"), "x-page-size");
    bool sizeOk = false;
    const qsizetype pageSize = std::clamp<qsizetype>(sizeText.toLongLong(&sizeOk), 1, 1000);
    const qsizetype size = sizeOk ? pageSize : 20;
    const qsizetype count = matching.size();
    const qsizetype maxPage = (count + size - 1) / size;
    qsizetype page =
        std::clamp<qsizetype>(context.param(QStringLiteral("p")).toLongLong(), 1, std::max<qsizetype>(1, maxPage));
    if (count == 0)
        page = 0;

    QJsonArray list;
    QList<qint64> unreadShown;
    for (qsizetype i = (page - 1) * size; page > 0 && i < std::min(count, page * size); ++i) {
        const Message& m = matching.at(i);
        QJsonObject item = messageJson(context, m);
        if (!at)
            item.insert(u"byUinfo", QJsonObject{{QStringLiteral("name"), nameOrNull(userName(m.byuid))}});
        list.append(item);
        if (!m.isread)
            unreadShown.append(m.id);
    }
    QJsonObject result{{QStringLiteral("msgCount"), count},
                       {QStringLiteral("currPage"), page},
                       {QStringLiteral("maxPage"), maxPage},
                       {QStringLiteral("msgList"), list}};
    if (at)
        result.insert(u"uid", fromUid ? QJsonValue(*fromUid) : QJsonValue());
    QHttpServerResponse response = json(context, result);
    // The real forum marks the listed @-mentions read after it built the page (forum-api §7).
    if (at && !unreadShown.isEmpty()) {
        QString saveError;
        if (m_store->markRead(unreadShown, &saveError) < 0)
            qCWarning(lcEmulator) << "could not save read state:" << saveError;
    }
    return response;
}

QHttpServerResponse ForumEmulator::messageView(const Context& context, qint64 id)
{
    if (!context.user)
        return loginRequired(context);
    const qint64 me = context.user->uid;
    const auto message = m_store->message(id);
    if (!message || (message->touid != me && message->byuid != me)) {
        return json(
            context,
            QJsonObject{
                {QStringLiteral("isSender"), false},
                {QStringLiteral("msg"),
                 QJsonObject{{QStringLiteral("content"), QJsonValue::Null},
                             {QStringLiteral("toUinfo"), QJsonObject{{QStringLiteral("name"), QJsonValue::Null}}},
                             {QStringLiteral("byUinfo"), QJsonObject{{QStringLiteral("name"), QJsonValue::Null}}}}}});
    }
    QJsonObject item = messageJson(context, *message);
    item.insert(u"toUinfo", QJsonObject{{QStringLiteral("name"), nameOrNull(userName(message->touid))}});
    item.insert(u"byUinfo", QJsonObject{{QStringLiteral("name"), nameOrNull(userName(message->byuid))}});
    QHttpServerResponse response =
        json(context, QJsonObject{{QStringLiteral("isSender"), message->byuid == me}, {QStringLiteral("msg"), item}});
    if (message->touid == me && !message->isread) {
        QString saveError;
        if (m_store->markRead({id}, &saveError) < 0)
            qCWarning(lcEmulator) << "could not save read state:" << saveError;
    }
    return response;
}

// msg.index.send[.<uid>].json (forum-api §12): a new inbox message from the logged-in user, pushed live.
QHttpServerResponse ForumEmulator::sendMessage(const Context& context, const QStringList& parts)
{
    if (!context.user)
        return loginRequired(context);
    if (context.request.body().size() > maxSendBodyBytes)
        return error(context, 413, QStringLiteral("内容太长"));
    std::optional<User> recipient;
    if (parts.size() == 4) {
        bool ok = false;
        const qint64 uid = parts.at(3).toLongLong(&ok);
        if (ok)
            recipient = m_store->userByUid(uid);
    } else {
        recipient = m_store->userByName(context.param(QStringLiteral("name")));
    }
    QJsonObject answer{{QStringLiteral("toUid"), recipient ? QJsonValue(recipient->uid) : QJsonValue()},
                       {QStringLiteral("toUinfo"),
                        QJsonObject{{QStringLiteral("name"), recipient ? QJsonValue(recipient->name) : QJsonValue()}}}};
    if (context.request.method() != QHttpServerRequest::Method::Post || context.param(QStringLiteral("go")).isEmpty())
        return json(context, answer); // the form alone
    const auto refuse = [&](const QString& notice) {
        answer.insert(u"success", false);
        answer.insert(u"notice", notice);
        return json(context, answer);
    };
    if (!recipient)
        return refuse(QStringLiteral("该用户不存在！"));
    // Posted text is UBB; a first line "<!md>" makes the rest Markdown. Mentions inside private messages notify
    // nobody, so they stay text here.
    const QString text = context.param(QStringLiteral("content"));
    if (boards::isEmptyText(text))
        return refuse(QStringLiteral("发送内容不能为空"));
    if (recipient->blocked.contains(context.user->uid))
        return refuse(QStringLiteral("用户[%1]屏蔽了您的内信").arg(recipient->name));
    const bool markdown = boards::isMarkdown(text);
    const QString body = boards::withoutMarker(text);

    Message message;
    message.touid = recipient->uid;
    message.byuid = context.user->uid;
    message.type = 0;
    if (markdown)
        message.content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}});
    message.content.append(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), body}});
    message.ctime = QDateTime::currentSecsSinceEpoch();
    // Muted (免打扰): stored already read, yet pushed as the forum pushes every message (isread 0).
    if (recipient->noDisturb.contains(message.byuid)) {
        message.isread = 1;
        message.rtime = message.ctime;
    }
    QString saveError;
    message.id = m_store->insertMessage(message, &saveError);
    if (message.id == 0) {
        qCWarning(lcEmulator) << "could not store a sent message:" << saveError;
        return error(context, 500, saveError);
    }
    qCInfo(lcEmulator) << "uid" << message.byuid << "sent message" << message.id << "to uid" << message.touid;
    Q_EMIT messageInserted(message);
    if (isRobotUid(recipient->uid)) {
        // The demo's robots answer a private message too, so a conversation goes back and forth.
        const qint64 robot = recipient->uid;
        const qint64 asker = message.byuid;
        QTimer::singleShot(robotDelayMs, this, [this, robot, asker, body] {
            Message reply;
            reply.touid = asker;
            reply.byuid = robot;
            reply.content = boards::segmentsOf(QStringLiteral("<!md>\n") + robotAnswer(robot, body), {});
            reply.ctime = QDateTime::currentSecsSinceEpoch();
            QString replyError;
            reply.id = m_store->insertMessage(reply, &replyError);
            if (reply.id == 0) {
                qCWarning(lcEmulator) << "could not store a robot's answer:" << replyError;
                return;
            }
            Q_EMIT messageInserted(reply);
        });
    }
    return json(context, QJsonObject{{QStringLiteral("success"), true}});
}

QJsonValue ForumEmulator::contentJson(const Context& context, const QJsonArray& content) const
{
    const QString mode = context.option(QStringLiteral("_content"), "x-content");
    if (mode == u"json")
        return content;
    if (mode == u"text" || mode == u"ubb")
        return plainText(content);
    return htmlText(content);
}

QJsonObject ForumEmulator::postJson(const Context& context, const Post& post) const
{
    QJsonObject o{{QStringLiteral("id"), post.id},
                  {QStringLiteral("uid"), post.uid},
                  {QStringLiteral("content"), contentJson(context, post.content)},
                  {QStringLiteral("review"), 0},
                  {QStringLiteral("hidden"), 0},
                  {QStringLiteral("uinfo"), QJsonObject{{QStringLiteral("name"), nameOrNull(userName(post.uid))}}}};
    if (post.room.isEmpty()) {
        o.insert(u"topic_id", post.tid);
        o.insert(u"floor", post.floor);
        o.insert(u"ctime", post.time);
    } else {
        o.insert(u"room", post.room);
        o.insert(u"lid", post.floor);
        o.insert(u"time", post.time);
    }
    return o;
}

// user.relationship.json (forum-api §12): mute (no_disturb/disturb) or block/unblock a user, no token.
QHttpServerResponse ForumEmulator::relationship(const Context& context)
{
    if (!context.user)
        return loginRequired(context);
    const auto answer = [&](bool success, const QString& message) {
        return json(context, QJsonObject{{QStringLiteral("success"), success}, {QStringLiteral("message"), message}});
    };
    if (context.request.method() != QHttpServerRequest::Method::Post)
        return answer(false, QStringLiteral("请使用POST提交"));
    const QString action = context.param(QStringLiteral("action"));
    static const QStringList actions{QStringLiteral("no_disturb"), QStringLiteral("disturb"), QStringLiteral("block"),
                                     QStringLiteral("unblock")};
    if (!actions.contains(action))
        return answer(false, QStringLiteral("未知操作"));
    bool ok = false;
    const qint64 target = context.param(QStringLiteral("targetUid")).toLongLong(&ok);
    if (!ok || !m_store->userByUid(target))
        return answer(false, QStringLiteral("用户不存在"));
    if (target == context.user->uid)
        return answer(false, QStringLiteral("不能对自己操作"));
    QString saveError;
    if (!m_store->setRelationship(context.user->uid, action, target, &saveError))
        return error(context, 500, saveError);
    qCInfo(lcEmulator) << "uid" << context.user->uid << "set" << action << "for uid" << target;
    return answer(true, QStringLiteral("操作成功"));
}

// addin.chat.json (forum-api §12): the chat rooms; those with 私/密/秘 in their names are not listed.
QHttpServerResponse ForumEmulator::chatRoomList(const Context& context)
{
    QStringList rooms = m_store->chatRooms();
    for (const QString& standing : {QStringLiteral("公共聊天室"), QStringLiteral("hu60bot")}) {
        if (!rooms.contains(standing))
            rooms.prepend(standing);
    }
    QJsonArray list;
    qint64 id = 0;
    for (const QString& room : std::as_const(rooms)) {
        ++id;
        if (room.contains(u'私') || room.contains(u'密') || room.contains(u'秘'))
            continue;
        const QList<Post> lines = m_store->posts(room);
        list.append(QJsonObject{{QStringLiteral("id"), id},
                                {QStringLiteral("name"), room},
                                {QStringLiteral("ztime"), lines.isEmpty() ? 0 : lines.last().time},
                                {QStringLiteral("access"), 0}});
    }
    return json(context, QJsonObject{{QStringLiteral("chatRomList"), list}});
}

// addin.chat.<room>.json (forum-api §12): the room's lines, newest first (from `floor` down when given), a fresh
// form token; a POST with go=1 and a valid token says a line.
QHttpServerResponse ForumEmulator::chatRoom(const Context& context, const QString& room)
{
    if (!boards::isValidRoomName(room))
        return error(context, 400, QStringLiteral("聊天室名称不合法：最多20个汉字、字母、数字、下划线或减号。"));
    const bool posting =
        context.request.method() == QHttpServerRequest::Method::Post && !context.param(QStringLiteral("go")).isEmpty();
    if (posting && !context.user)
        return loginRequired(context);
    if (context.request.body().size() > maxSendBodyBytes)
        return error(context, 413, QStringLiteral("内容太长"));

    std::optional<QString> notice;
    QJsonObject result;
    if (posting) {
        const QString text = context.param(QStringLiteral("content"));
        if (!m_tokens.consume(context.param(QStringLiteral("token")), context.user->uid)) {
            notice = usedTokenNotice();
        } else if (boards::isEmptyText(text)) {
            notice = QStringLiteral("内容不能为空");
        } else {
            Post post;
            post.room = room;
            QString saveError;
            const auto stored = publish(post, text, context.user->uid, &saveError);
            if (!stored)
                return error(context, 500, saveError);
            return json(
                context,
                QJsonObject{
                    {QStringLiteral("success"), true},
                    {QStringLiteral("url"),
                     QStringLiteral("addin.chat.%1.json?r=%2").arg(boards::phpUrlEncode(room)).arg(stored->time)}});
        }
    }

    const QList<Post> lines = m_store->posts(room);
    const int pageSize = std::clamp(context.param(QStringLiteral("pageSize")).toInt(), 0, 100);
    const int size = pageSize > 0 ? pageSize : 20;
    bool hasFloor = false;
    const int floor = context.param(QStringLiteral("floor")).toInt(&hasFloor);
    QList<Post> newestFirst;
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (!hasFloor || it->floor <= floor)
            newestFirst.append(*it);
    }
    const int maxPage = newestFirst.isEmpty() ? 0 : int((newestFirst.size() + size - 1) / size);
    const int page = maxPage == 0 ? 0 : std::clamp(context.param(QStringLiteral("p")).toInt(), 1, maxPage);
    QJsonArray list;
    for (qsizetype i = qsizetype(page - 1) * size; page > 0 && i < newestFirst.size() && list.size() < size; ++i)
        list.append(postJson(context, newestFirst.at(i)));
    result.insert(u"chatRomName", room);
    result.insert(u"chatCount", lines.size());
    result.insert(u"currPage", page);
    result.insert(u"maxPage", maxPage);
    result.insert(u"chatList", list);
    if (context.user)
        result.insert(u"token", m_tokens.issue(context.user->uid));
    if (notice) {
        result.insert(u"success", false);
        result.insert(u"notice", *notice);
    }
    return json(context, result);
}

// bbs.topic.<tid>.json and bbs.newreply.<tid>.json (forum-api §12): the topic with a fresh form token and
// whether the user may reply; a POST to newreply with go=1 and a valid token adds a floor.
QHttpServerResponse ForumEmulator::topicPage(const Context& context, qint64 tid, bool replyForm)
{
    const auto topic = m_store->topic(tid);
    if (!topic)
        return error(context, 404, QStringLiteral("帖子不存在或已被删除"));
    const bool posting = replyForm && context.request.method() == QHttpServerRequest::Method::Post &&
                         !context.param(QStringLiteral("go")).isEmpty();
    if ((posting || replyForm) && !context.user)
        return loginRequired(context);
    if (context.request.body().size() > maxSendBodyBytes)
        return error(context, 413, QStringLiteral("内容太长"));
    const bool canReply = context.user && !topic->locked && (!topic->commentsClosed || topic->uid == context.user->uid);

    std::optional<QString> notice;
    if (posting) {
        const QString text = context.param(QStringLiteral("content"));
        if (!m_tokens.consume(context.param(QStringLiteral("token")), context.user->uid)) {
            notice = usedTokenNotice();
        } else if (topic->locked) {
            notice = QStringLiteral("锁定的帖子不能回复！");
        } else if (!canReply) {
            notice = QStringLiteral("评论已关闭，仅楼主可回复");
        } else if (boards::isEmptyText(text)) {
            notice = QStringLiteral("回复内容不能为空");
        } else {
            Post post;
            post.tid = tid;
            QString saveError;
            const auto stored = publish(post, text, context.user->uid, &saveError);
            if (!stored)
                return error(context, 500, saveError);
            return json(context,
                        QJsonObject{{QStringLiteral("success"), true},
                                    {QStringLiteral("url"),
                                     QStringLiteral("bbs.topic.%1.json?floor=%2#%2").arg(tid).arg(stored->floor)}});
        }
    }

    const QList<Post> floors = m_store->posts(QString(), tid);
    QJsonObject result{{QStringLiteral("tMeta"),
                        QJsonObject{{QStringLiteral("id"), topic->tid},
                                    {QStringLiteral("title"), topic->title},
                                    {QStringLiteral("uid"), topic->uid},
                                    {QStringLiteral("ctime"), topic->ctime},
                                    {QStringLiteral("locked"), topic->locked ? 1 : 0},
                                    {QStringLiteral("reply_count"), std::max<qsizetype>(0, floors.size() - 1)}}},
                       {QStringLiteral("canReply"), canReply}};
    if (!replyForm) {
        const int pageSize = std::clamp(context.param(QStringLiteral("pageSize")).toInt(), 0, 100);
        const int size = pageSize > 0 ? pageSize : 20;
        bool hasFloor = false;
        const int floor = context.param(QStringLiteral("floor")).toInt(&hasFloor);
        QJsonArray list;
        for (const Post& post : floors) {
            if ((!hasFloor || post.floor >= floor) && list.size() < size)
                list.append(postJson(context, post));
        }
        result.insert(u"tContents", list);
        result.insert(u"floorCount", floors.size());
    }
    if (context.user)
        result.insert(u"token", m_tokens.issue(context.user->uid));
    if (notice) {
        result.insert(u"success", false);
        result.insert(u"notice", *notice);
    }
    return json(context, result);
}

std::optional<Post> ForumEmulator::publish(Post post, const QString& text, qint64 author, QString* error)
{
    const auto lookup = [this](const QString& name) -> std::optional<qint64> {
        const auto user = m_store->userByName(name);
        return user ? std::optional<qint64>(user->uid) : std::nullopt;
    };
    post.uid = author;
    post.content = boards::segmentsOf(text, lookup);
    post.time = QDateTime::currentSecsSinceEpoch();
    const auto stored = m_store->insertPost(post, error);
    if (!stored) {
        qCWarning(lcEmulator) << "could not store a post:" << *error;
        return std::nullopt;
    }
    QString pos;
    QString url;
    if (!stored->room.isEmpty()) {
        pos = QStringLiteral("聊天室“%1”第%2楼中").arg(stored->room).arg(stored->floor);
        url = QStringLiteral("addin.chat.%1.{$BID}?floor=%2#%2")
                  .arg(boards::phpUrlEncode(stored->room))
                  .arg(stored->floor);
    } else {
        const QString title = m_store->topic(stored->tid)->title;
        pos = QStringLiteral("帖子“%1”的%2楼").arg(title).arg(stored->floor);
        url = QStringLiteral("bbs.topic.%1.{$BID}?floor=%2#%2").arg(stored->tid).arg(stored->floor);
    }
    qCInfo(lcEmulator) << "uid" << author << "posted floor" << stored->floor
                       << (stored->room.isEmpty() ? "of a topic" : "in a chat room");
    for (const qint64 uid : boards::mentionedUids(stored->content, author)) {
        const auto mentioned = m_store->userByUid(uid);
        if (!mentioned || mentioned->blocked.contains(author))
            continue;
        Message message;
        message.touid = uid;
        message.byuid = author;
        message.type = 1;
        message.content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("atMsg")},
                                           {QStringLiteral("uid"), author},
                                           {QStringLiteral("pos"), pos},
                                           {QStringLiteral("url"), url},
                                           {QStringLiteral("msg"), stored->content}});
        message.ctime = stored->time;
        if (mentioned->noDisturb.contains(author)) {
            message.isread = 1;
            message.rtime = message.ctime;
        }
        QString saveError;
        message.id = m_store->insertMessage(message, &saveError);
        if (message.id == 0) {
            qCWarning(lcEmulator) << "could not store an @ message:" << saveError;
            continue;
        }
        Q_EMIT messageInserted(message);
        if (stored->room == u"hu60bot" && isRobotUid(uid) && !isRobotUid(author))
            answerAsRobot(uid, author, boards::withoutMarker(text));
    }
    return stored;
}

void ForumEmulator::answerAsRobot(qint64 robot, qint64 asker, const QString& question)
{
    QTimer::singleShot(robotDelayMs, this, [this, robot, asker, question] {
        Post post;
        post.room = QStringLiteral("hu60bot");
        QString saveError;
        publish(post, QStringLiteral("<!md>\n@#%1，").arg(asker) + robotAnswer(robot, question), robot, &saveError);
    });
}

QHttpServerResponse ForumEmulator::isread(const Context& context, bool set)
{
    if (!context.user)
        return loginRequired(context);
    const qint64 me = context.user->uid;
    const QString dataField = context.param(QStringLiteral("data"));
    const QByteArray body = dataField.isEmpty() ? context.request.body() : dataField.toUtf8();
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return error(context, 400, QStringLiteral("请求体应该是一个JSON对象"));
    const QJsonObject request = document.object();
    const bool hasIds = request.contains(u"ids");
    const bool hasType = request.contains(u"type");
    if (hasIds && hasType)
        return error(context, 400, QStringLiteral("ids和type字段不能同时存在"));
    if (!hasIds && !hasType)
        return error(context, 400, QStringLiteral("缺少ids或type字段"));

    QJsonObject result;
    if (hasType) {
        const auto type = integer(request.value(u"type"));
        if (!type)
            return error(context, 400, QStringLiteral("type字段应该是一个整数"));
        QList<Message> unread;
        for (const Message& m : m_store->messages()) {
            if (m.touid == me && m.type == *type && !m.isread)
                unread.append(m);
        }
        std::sort(unread.begin(), unread.end(), [](const Message& a, const Message& b) {
            return a.ctime != b.ctime ? a.ctime > b.ctime : a.id > b.id;
        });
        if (set) {
            QList<qint64> ids;
            for (const Message& m : std::as_const(unread))
                ids.append(m.id);
            QString saveError;
            const int updated = m_store->markRead(ids, &saveError);
            result.insert(u"update", updated < 0 ? QJsonValue(false) : QJsonValue(updated));
        } else {
            const qsizetype offset = std::max<qint64>(0, integer(request.value(u"offset")).value_or(0));
            const qsizetype size = std::clamp<qint64>(integer(request.value(u"size")).value_or(1000), 1, 1000);
            for (qsizetype i = offset; i < std::min(unread.size(), offset + size); ++i)
                result.insert(QString::number(unread.at(i).id), false);
        }
    } else {
        if (!request.value(u"ids").isArray())
            return error(context, 400, QStringLiteral("ids字段应该是一个数组"));
        QList<qint64> toMark;
        const QJsonArray ids = request.value(u"ids").toArray();
        for (const QJsonValue& value : ids) {
            const qint64 id = value.isString() ? value.toString().toLongLong() : integer(value).value_or(0);
            const QString key = value.isString() ? value.toString() : QString::number(id);
            const auto message = id > 0 ? m_store->message(id) : std::nullopt;
            if (!message || (message->touid != me && message->byuid != me)) {
                result.insert(key, QJsonValue::Null);
                continue;
            }
            if (set) {
                result.insert(key, true);
                if (message->touid == me)
                    toMark.append(id);
            } else {
                result.insert(key, message->isread != 0);
            }
        }
        if (!toMark.isEmpty()) {
            QString saveError;
            if (m_store->markRead(toMark, &saveError) < 0)
                return error(context, 500, saveError);
        }
    }
    return json(context, QJsonObject{{QStringLiteral("result"), result}});
}

QHttpServerResponse ForumEmulator::botList(const Context& context)
{
    QList<User> bots;
    for (const User& user : m_store->users()) {
        if (user.uid <= -50 && user.uid != -100)
            bots.append(user);
    }
    std::sort(bots.begin(), bots.end(), [](const User& a, const User& b) { return a.uid > b.uid; });
    QJsonArray list;
    for (const User& bot : std::as_const(bots)) {
        list.append(QJsonObject{{QStringLiteral("uid"), bot.uid},
                                {QStringLiteral("name"), bot.name},
                                {QStringLiteral("avatar"), avatarUrl(context, bot.uid)},
                                {QStringLiteral("signature"), bot.signature},
                                {QStringLiteral("contact"), QString()}});
    }
    return json(context, QJsonObject{{QStringLiteral("botList"), list}});
}

QHttpServerResponse ForumEmulator::faceList(const Context& context)
{
    QJsonObject faces;
    for (const QString& name : images::faceNames())
        faces.insert(name, QString(QStringLiteral("/img/face/") + images::faceFileName(name) + QStringLiteral(".gif")));
    return json(context, QJsonObject{{QStringLiteral("faceList"), faces}, {QStringLiteral("success"), true}});
}

// Click-through targets (content-segments §6). The emulator serves them without a login so that a click in demo
// mode (the browser has no forum cookie) shows the message; everything is HTML-escaped.
QHttpServerResponse ForumEmulator::htmlPage(const Context& context)
{
    const QStringList parts = context.page.split(u'.');
    QString title = QStringLiteral("虎绿林");
    QString body;
    const auto messageBlock = [this](const Message& m) {
        return QStringLiteral("<div class=\"msg\" id=\"m%1\"><p><b>%2</b> → %3 · %4 · %5</p><p>%6</p></div>\n")
            .arg(m.id)
            .arg(userName(m.byuid).toHtmlEscaped(), userName(m.touid).toHtmlEscaped(),
                 QDateTime::fromSecsSinceEpoch(m.ctime).toString(Qt::ISODate),
                 m.isread ? QStringLiteral("已读") : QStringLiteral("未读"), htmlText(m.content));
    };
    if (context.page.startsWith(u"msg.index.view.")) {
        const auto message = m_store->message(parts.value(3).toLongLong());
        title = QStringLiteral("内信 #%1").arg(parts.value(3));
        body = message ? messageBlock(*message) : QStringLiteral("<p>消息不存在。</p>");
    } else if (context.page.startsWith(u"msg.index")) {
        const bool at = parts.value(2) == u"@";
        title = at ? QStringLiteral("@消息") : QStringLiteral("内信");
        const qint64 uid = context.user ? context.user->uid : 0;
        if (uid == 0)
            body = QStringLiteral("<p>请先登录。</p>");
        for (const Message& m : m_store->messages()) {
            if (uid != 0 && m.touid == uid && m.type == (at ? 1 : 0))
                body.prepend(messageBlock(m));
        }
    } else if (parts.value(0) == u"bbs" && parts.value(1) == u"topic") {
        title = QStringLiteral("帖子 #%1").arg(parts.value(2));
        const QString floor = context.param(QStringLiteral("floor"));
        body = QStringLiteral("<p>这是模拟的帖子页面。</p>");
        if (!floor.isEmpty())
            body += QStringLiteral("<p id=\"%1\">第 %1 楼</p>").arg(floor.toHtmlEscaped());
    } else if (parts.value(0) == u"addin" && parts.value(1) == u"chat") {
        title = QStringLiteral("聊天室“%1”").arg(parts.mid(2).join(u'.'));
        const QString floor = context.param(QStringLiteral("floor"));
        body = QStringLiteral("<p>这是模拟的聊天室页面。</p>");
        if (!floor.isEmpty())
            body += QStringLiteral("<p id=\"%1\">第 %1 楼</p>").arg(floor.toHtmlEscaped());
    } else if (parts.value(0) == u"user" && parts.value(1) == u"info") {
        const auto user = m_store->userByUid(parts.value(2).toLongLong());
        title = user ? user->name : QStringLiteral("用户不存在");
        if (user) {
            body = QStringLiteral("<p><img src=\"/avatar/%1.png\" alt=\"\" width=\"96\" height=\"96\"></p>"
                                  "<p>uid: %1</p><p>%2</p>")
                       .arg(user->uid)
                       .arg(user->signature.toHtmlEscaped());
        }
    } else if (context.page == u"index.index") {
        title = QStringLiteral("虎绿林 (本地模拟)");
        body = QStringLiteral("<p>hu60 Notifier 的本地论坛模拟器。</p>"
                              "<ul><li><a href=\"/q.php/msg.index.inbox.html\">内信</a></li>"
                              "<li><a href=\"/q.php/msg.index.@.html\">@消息</a></li></ul>");
    } else {
        body = QStringLiteral("<p>页面“%1”在模拟器中没有内容。</p>").arg(context.page.toHtmlEscaped());
    }
    QHttpServerResponse response(htmlType, htmlDocument(title, body).toUtf8());
    response.addHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
    return response;
}

void ForumEmulator::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

QHttpServerResponse ForumEmulator::adminPush(const QHttpServerRequest& request)
{
    using Status = QHttpServerResponse::StatusCode;
    if (request.method() != QHttpServerRequest::Method::Post)
        return jsonResponse({{QStringLiteral("error"), QStringLiteral("POST required")}}, Status::MethodNotAllowed);
    QByteArray authorization;
    for (const auto& [key, value] : request.headers()) {
        if (key.compare("authorization", Qt::CaseInsensitive) == 0)
            authorization = value;
    }
    const QByteArray expected = "Bearer " + m_adminToken.toUtf8();
    const qint64 now = m_clock ? m_clock() : m_started.elapsed();
    bool isV4 = false;
    const quint32 v4 = request.remoteAddress().toIPv4Address(&isV4);
    const QString address = isV4 ? QHostAddress(v4).toString() : request.remoteAddress().toString();
    // One budget for every address (127.x rotates freely), checked before the token so that guessing stops
    // paying off; a short backoff rather than a lock, so that a few wrong tokens never keep the admin out long.
    if (now < m_adminBlockedUntil) {
        QHttpServerResponse response =
            jsonResponse({{QStringLiteral("error"), QStringLiteral("too many wrong tokens")}}, Status::TooManyRequests);
        const qint64 retryAfter = (m_adminBlockedUntil - now + 999) / 1000;
        response.addHeader("Retry-After", QByteArray::number(std::max<qint64>(1, retryAfter)));
        return response;
    }
    if (m_adminToken.isEmpty() || !constantTimeEquals(authorization, expected)) {
        if (now - m_adminLastFailure > adminFailureMemoryMs)
            m_adminFailures = 0;
        m_adminLastFailure = now;
        if (++m_adminFailures >= adminFreeFailures) {
            const int doublings = std::min(m_adminFailures - adminFreeFailures, 5);
            m_adminBlockedUntil = now + std::min<qint64>(adminMaxBackoffMs, qint64(1000) << doublings);
            if (logging::logOccurrence(m_adminFailures - adminFreeFailures + 1, 100))
                qCWarning(lcEmulator).noquote() << "limit hit: wrong admin tokens," << m_adminFailures
                                                << "in a row, the last from" << address << "(attempts now wait)";
        }
        QHttpServerResponse response =
            jsonResponse({{QStringLiteral("error"), QStringLiteral("unauthorized")}}, Status::Unauthorized);
        response.addHeader("WWW-Authenticate", "Bearer");
        return response;
    }
    m_adminFailures = 0;
    const QJsonDocument document = QJsonDocument::fromJson(request.body());
    const QJsonObject o = document.object();
    const auto touid = integer(o.value(u"touid"));
    const auto byuid = integer(o.value(u"byuid"));
    const auto type = integer(o.value(u"type"));
    QString problem;
    if (!document.isObject())
        problem = QStringLiteral("body must be a JSON object");
    else if (!touid || !m_store->userByUid(*touid))
        problem = QStringLiteral("touid must be the uid of a known user");
    else if (!byuid || *byuid == 0)
        problem = QStringLiteral("byuid must be a non-zero integer");
    else if (!type || (*type != 0 && *type != 1))
        problem = QStringLiteral("type must be 0 or 1");
    else if (!o.value(u"content").isArray())
        problem = QStringLiteral("content must be an array of segments");
    if (!problem.isEmpty())
        return jsonResponse({{QStringLiteral("error"), problem}}, Status::BadRequest);

    Message message;
    message.touid = *touid;
    message.byuid = *byuid;
    message.type = static_cast<int>(*type);
    message.content = o.value(u"content").toArray();
    message.ctime = QDateTime::currentSecsSinceEpoch();
    QString saveError;
    message.id = m_store->insertMessage(message, &saveError);
    if (message.id == 0) {
        qCWarning(lcEmulator) << "could not store a pushed message:" << saveError;
        return jsonResponse({{QStringLiteral("error"), saveError}}, Status::InternalServerError);
    }
    qCInfo(lcEmulator) << "stored message" << message.id << "for uid" << message.touid;
    Q_EMIT messageInserted(message);
    return jsonResponse({{QStringLiteral("id"), message.id}}, Status::Ok);
}

QString ForumEmulator::userName(qint64 uid) const
{
    const auto user = m_store->userByUid(uid);
    return user ? user->name : QString();
}

QString ForumEmulator::avatarUrl(const Context& context, qint64 uid) const
{
    QString host = QString::fromLatin1(context.header("host"));
    if (host.isEmpty())
        host = QStringLiteral("127.0.0.1:") + QString::number(serverPort());
    return QStringLiteral("http://") + host + QStringLiteral("/avatar/") + QString::number(uid) +
           QStringLiteral(".png");
}

} // namespace server
