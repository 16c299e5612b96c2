// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/forum/forumapi.h"

#include "core/logging.h"
#include "core/settings/networkconfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace forum {

namespace {

// The forum's numbers are real JSON numbers, but PHP habits leak: accept numeric strings too.
qint64 toInt(const QJsonValue& value, qint64 fallback = 0)
{
    if (value.isDouble())
        return static_cast<qint64>(value.toDouble());
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().toLongLong(&ok);
        return ok ? n : fallback;
    }
    if (value.isBool())
        return value.toBool() ? 1 : 0;
    return fallback;
}

void setError(Error* error, ErrorKind kind, const QString& message)
{
    if (error)
        *error = Error{kind, message, 0};
}

std::optional<QJsonObject> parseObject(const QByteArray& json, Error* error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("the forum did not answer with JSON"));
        return std::nullopt;
    }
    const QJsonObject object = doc.object();
    // Exceptions: {"error":"true","errInfo":{"code":..,"message":..}} (file/trace are server paths: not shown).
    if (object.value(u"error").toString() == u"true" || object.value(u"error").toBool()) {
        const QJsonObject info = object.value(u"errInfo").toObject();
        setError(error, ErrorKind::Forum,
                 QStringLiteral("%1 (%2)").arg(info.value(u"message").toString()).arg(toInt(info.value(u"code"))));
        return std::nullopt;
    }
    if (object.value(u"page").toString() == u"loginPage") {
        setError(error, ErrorKind::NotLoggedIn, object.value(u"notice").toString());
        return std::nullopt;
    }
    return object;
}

} // namespace

bool isValidSid(QStringView sid)
{
    if (sid.size() < 20 || sid.size() > 64)
        return false;
    return std::all_of(sid.begin(), sid.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' ||
               c == u'-';
    });
}

std::optional<Stat> parseStat(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    if (!object->contains(u"isLogin")) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("user.stat.json lacks isLogin"));
        return std::nullopt;
    }
    Stat stat;
    stat.isLogin = object->value(u"isLogin").toBool();
    stat.uid = toInt(object->value(u"uid"));
    stat.name = object->value(u"name").toString();
    stat.newMsg = static_cast<int>(qBound(qint64(0), toInt(object->value(u"newMsg")), qint64(1) << 30));
    stat.newAtInfo = static_cast<int>(qBound(qint64(0), toInt(object->value(u"newAtInfo")), qint64(1) << 30));
    return stat;
}

std::optional<MessageList> parseMessageList(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    const QJsonValue list = object->value(u"msgList");
    if (!list.isArray()) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("message list lacks msgList"));
        return std::nullopt;
    }
    MessageList result;
    result.msgCount = static_cast<int>(toInt(object->value(u"msgCount")));
    result.currPage = static_cast<int>(toInt(object->value(u"currPage")));
    result.maxPage = static_cast<int>(toInt(object->value(u"maxPage")));
    for (const QJsonValue& item : list.toArray()) {
        const QJsonObject o = item.toObject();
        ListedMessage message;
        message.id = toInt(o.value(u"id"));
        if (message.id <= 0)
            continue; // not a message the notifier could ever address
        message.touid = toInt(o.value(u"touid"));
        message.byuid = toInt(o.value(u"byuid"));
        message.type = static_cast<int>(toInt(o.value(u"type")));
        message.isread = static_cast<int>(toInt(o.value(u"isread")));
        message.ctime = toInt(o.value(u"ctime"));
        message.byName = o.value(u"byUinfo").toObject().value(u"name").toString();
        const QJsonValue content = o.value(u"content");
        if (content.isArray())
            message.content = content.toArray();
        else if (content.isString()) // without _content=json, or legacy rows: keep the text visible
            message.content = QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                     {QStringLiteral("value"), content.toString()}}};
        result.messages.append(message);
    }
    return result;
}

std::optional<UserInfo> parseUserInfo(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    if (object->value(u"uid").isNull() || !object->contains(u"uid")) {
        setError(error, ErrorKind::Forum, QStringLiteral("no such user"));
        return std::nullopt;
    }
    UserInfo info;
    info.uid = toInt(object->value(u"uid"));
    info.name = object->value(u"name").toString();
    const QUrl avatar(object->value(u"_u_avatar").toString());
    if (avatar.isValid() && (avatar.scheme() == u"https" || avatar.scheme() == u"http"))
        info.avatar = avatar;
    return info;
}

std::optional<LoginResult> parseLogin(const QByteArray& json, Error* error)
{
    QJsonParseError parseError{};
    const QJsonObject object = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("the forum did not answer with JSON"));
        return std::nullopt;
    }
    if (object.value(u"success").toBool() != true) {
        const QString notice = object.value(u"notice").toString();
        if (object.value(u"error").toString() == u"true") {
            parseObject(json, error); // fills in the forum's error message
            return std::nullopt;
        }
        setError(error, ErrorKind::Forum, notice.isEmpty() ? QStringLiteral("login failed") : notice);
        return std::nullopt;
    }
    LoginResult result{toInt(object.value(u"uid")), object.value(u"sid").toString()};
    if (!isValidSid(result.sid)) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("the forum returned no usable session id"));
        return std::nullopt;
    }
    return result;
}

std::optional<QList<UserInfo>> parseBotList(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    QList<UserInfo> bots;
    for (const QJsonValue& item : object->value(u"botList").toArray()) {
        const QJsonObject o = item.toObject();
        UserInfo info{toInt(o.value(u"uid")), o.value(u"name").toString(), QUrl(o.value(u"avatar").toString())};
        if (info.avatar.scheme() != u"https" && info.avatar.scheme() != u"http")
            info.avatar.clear();
        if (info.uid != 0)
            bots.append(info);
    }
    return bots;
}

std::optional<SentMessage> parseSendResult(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error); // the error JSON and the login form (a redirected POST)
    if (!object)
        return std::nullopt;
    const QJsonValue success = object->value(u"success");
    if (success.isBool() && success.toBool())
        return SentMessage{toInt(object->value(u"toUid"))};
    if (!success.isBool()) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("msg.index.send lacks success"));
        return std::nullopt;
    }
    const QString notice = object->value(u"notice").toString().trimmed();
    setError(error, ErrorKind::Forum, notice.isEmpty() ? QStringLiteral("the forum refused the message") : notice);
    return std::nullopt;
}

std::optional<PostTarget> postTargetOf(const QString& atMsgUrl)
{
    // "addin.chat.<room>.{$BID}?floor=N#N" or "bbs.topic.<tid>.{$BID}[?floor=N]#N"
    static const QRegularExpression shape(QStringLiteral(
        "^(addin\\.chat\\.([^.?#/]+)|bbs\\.topic\\.([0-9]{1,18}))\\.\\{\\$BID\\}(\\?floor=([0-9]{1,9}))?(#[0-9]*)?$"));
    const auto match = shape.match(atMsgUrl.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    PostTarget target;
    if (!match.captured(2).isEmpty()) {
        target.kind = PostTarget::Kind::ChatRoom;
        // PHP's urlencode: '+' is a space.
        QByteArray encoded = match.captured(2).toUtf8();
        encoded.replace('+', ' ');
        target.room = QString::fromUtf8(QByteArray::fromPercentEncoding(encoded));
        if (target.room.trimmed().isEmpty() || target.room.size() > 64)
            return std::nullopt;
    } else {
        target.kind = PostTarget::Kind::Topic;
        target.tid = match.captured(3).toLongLong();
        if (target.tid <= 0)
            return std::nullopt;
    }
    if (!match.captured(5).isEmpty())
        target.floor = match.captured(5).toInt();
    else if (target.kind == PostTarget::Kind::Topic)
        target.floor = 0; // "#0": the topic's own text
    return target;
}

QString markdownPost(const QString& text)
{
    static const QRegularExpression marker(QStringLiteral("^\\s*(<!md>|<!--\\s*markdown\\s*-->)"),
                                           QRegularExpression::CaseInsensitiveOption);
    return marker.match(text).hasMatch() ? text : QStringLiteral("<!md>\n") + text;
}

std::optional<PostForm> parsePostForm(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    PostForm form;
    form.token = object->value(u"token").toString();
    static const QRegularExpression tokenShape(QStringLiteral("^[0-9A-Za-z]{8,128}$"));
    if (!tokenShape.match(form.token).hasMatch()) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("the forum's form has no token"));
        return std::nullopt;
    }
    const QJsonObject meta = object->value(u"tMeta").toObject();
    form.locked = toInt(meta.value(u"locked")) != 0;
    const QJsonValue canReply = object->value(u"canReply");
    form.canReply = !form.locked && (canReply.isUndefined() || toInt(canReply, 1) != 0);
    form.title = meta.isEmpty() ? object->value(u"chatRomName").toString() : meta.value(u"title").toString();
    return form;
}

std::optional<Posted> parsePostResult(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    const QJsonValue success = object->value(u"success");
    if (success.isBool() && success.toBool())
        return Posted{object->value(u"url").toString()};
    const QString notice = object->value(u"notice").toString().trimmed();
    if (!success.isBool() && notice.isEmpty()) {
        setError(error, ErrorKind::BadResponse, QStringLiteral("the forum's answer to a post lacks success"));
        return std::nullopt;
    }
    // The forum's words for a token it no longer knows: the first attempt may have been posted.
    const bool duplicate = notice.contains(QStringLiteral("重复发言"));
    setError(error, duplicate ? ErrorKind::MaybeSent : ErrorKind::Forum,
             notice.isEmpty() ? QStringLiteral("the forum refused the post") : notice);
    return std::nullopt;
}

std::optional<ListedMessage> parseMessageView(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    const QJsonObject o = object->value(u"msg").toObject();
    ListedMessage message;
    message.id = toInt(o.value(u"id"));
    if (message.id <= 0) {
        setError(error, ErrorKind::Forum, QStringLiteral("no such message"));
        return std::nullopt;
    }
    message.touid = toInt(o.value(u"touid"));
    message.byuid = toInt(o.value(u"byuid"));
    message.type = static_cast<int>(toInt(o.value(u"type")));
    message.isread = static_cast<int>(toInt(o.value(u"isread")));
    message.ctime = toInt(o.value(u"ctime"));
    message.byName = o.value(u"byUinfo").toObject().value(u"name").toString();
    const QJsonValue content = o.value(u"content");
    if (content.isArray())
        message.content = content.toArray();
    return message;
}

std::optional<bool> parseRelationshipResult(const QByteArray& json, Error* error)
{
    const auto object = parseObject(json, error);
    if (!object)
        return std::nullopt;
    const QJsonValue success = object->value(u"success");
    if (success.isBool() && success.toBool())
        return true;
    const QString message = object->value(u"message").toString().trimmed();
    setError(error, success.isBool() ? ErrorKind::Forum : ErrorKind::BadResponse,
             message.isEmpty() ? QStringLiteral("the forum did not change the relationship") : message);
    return std::nullopt;
}

namespace {

QString postPage(const PostTarget& target, bool posting)
{
    // apiUrl() sets the path decoded: QUrl percent-encodes the room name (UTF-8, %20 for a space).
    if (target.kind == PostTarget::Kind::ChatRoom)
        return QStringLiteral("addin.chat.%1.json").arg(target.room);
    return (posting ? QStringLiteral("bbs.newreply.%1.json") : QStringLiteral("bbs.topic.%1.json")).arg(target.tid);
}

// The result maps of api.msg.isread.{set,get}.json (forum-api.md §8).
std::optional<QList<qint64>> parseMarkedIds(const QByteArray& body, Error* error)
{
    const auto object = parseObject(body, error);
    if (!object)
        return std::nullopt;
    QList<qint64> marked;
    const QJsonObject result = object->value(u"result").toObject();
    for (auto it = result.begin(); it != result.end(); ++it) {
        if (it.value().toBool())
            marked.append(it.key().toLongLong());
    }
    return marked;
}

std::optional<QList<qint64>> parseUnreadIds(const QByteArray& body, Error* error)
{
    const auto object = parseObject(body, error);
    if (!object)
        return std::nullopt;
    const QJsonValue result = object->value(u"result");
    if (!result.isObject() && !result.isArray()) { // PHP turns an empty map into []
        setError(error, ErrorKind::BadResponse, QStringLiteral("isread.get lacks result"));
        return std::nullopt;
    }
    QList<qint64> unread;
    const QJsonObject map = result.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        bool ok = false;
        const qint64 id = it.key().toLongLong(&ok);
        if (ok && id > 0 && it.value().isBool() && !it.value().toBool())
            unread.append(id);
    }
    return unread;
}

} // namespace

ForumApi::ForumApi(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{
}

QUrl ForumApi::apiUrl(const QString& page, const QString& extraQuery) const
{
    QUrl url = m_siteBase;
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/q.php/") + page);
    QString query = QStringLiteral("_json=compact");
    if (!extraQuery.isEmpty())
        query += u'&' + extraQuery;
    url.setQuery(query);
    return url;
}

QNetworkRequest ForumApi::request(const QUrl& url) const
{
    QNetworkRequest request(url);
    // Follow no redirect: the forum answers "not logged in" with a 302 to its login page, and a redirect to
    // another host must never receive our cookie header.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // The sid travels only in the header set below: never load from or save into the manager's cookie jar,
    // which would otherwise keep a login reply's Set-Cookie and send it with later requests.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("hu60-notifier/" HU60_VERSION));
    if (!m_sid.isEmpty() && isValidSid(m_sid))
        request.setRawHeader("Cookie", "hu60_sid=" + m_sid.toLatin1());
    return request;
}

QNetworkReply* ForumApi::send(const QNetworkRequest& request, const std::optional<QByteArray>& body)
{
    if (!settings::isSecureSite(request.url())) {
        qCWarning(lcForum).noquote() << "refusing to send a request to" << request.url().host()
                                     << "over plain http: only https (or http to this computer) is allowed";
        return nullptr;
    }
    return body ? m_network->post(request, *body) : m_network->get(request);
}

void ForumApi::watch(QNetworkReply* reply, QObject* context, std::function<void(const QByteArray&, const Error&)> done)
{
    QPointer<QObject> guard(context);
    if (!reply) {
        // Asynchronous like every other answer, so callers never run re-entrantly.
        QTimer::singleShot(0, this, [guard, context, done = std::move(done)] {
            if (context && !guard)
                return;
            done(QByteArray(), Error{ErrorKind::Insecure,
                                     QStringLiteral("refused: the site must use https (plain http only to this "
                                                    "computer)"),
                                     0});
        });
        return;
    }
    connect(reply, &QNetworkReply::finished, this, [reply, guard, context, done = std::move(done)] {
        reply->deleteLater();
        if (context && !guard)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        Error error;
        if (status == 429) {
            error = {ErrorKind::RateLimited, QStringLiteral("the forum asks to slow down"),
                     qMax(1, reply->rawHeader("Retry-After").toInt())};
        } else if (status >= 300 && status < 400) {
            // The raw header: Qt's parsed LocationHeader is null for a relative URL, which is what the forum sends.
            const QString location = QUrl::fromEncoded(reply->rawHeader("Location")).path();
            error = location.contains(u"user.login")
                        ? Error{ErrorKind::NotLoggedIn, QStringLiteral("not logged in"), 0}
                        : Error{ErrorKind::BadResponse, QStringLiteral("unexpected redirect (HTTP %1)").arg(status), 0};
        } else if (reply->error() == QNetworkReply::TimeoutError ||
                   reply->error() == QNetworkReply::OperationCanceledError) {
            error = {ErrorKind::Timeout, QStringLiteral("the forum did not answer in time"), 0};
        } else if (reply->error() != QNetworkReply::NoError && status == 0) {
            error = {ErrorKind::Network, reply->errorString(), 0};
            switch (reply->error()) {
            case QNetworkReply::ConnectionRefusedError:
            case QNetworkReply::HostNotFoundError:
            case QNetworkReply::TemporaryNetworkFailureError:
            case QNetworkReply::NetworkSessionFailedError:
            case QNetworkReply::ProxyConnectionRefusedError:
            case QNetworkReply::ProxyNotFoundError:
                error.notSent = true; // nothing reached the forum
                break;
            default:
                break;
            }
        } else if (status >= 400) {
            error = {ErrorKind::BadResponse, QStringLiteral("HTTP %1").arg(status), 0};
        }
        done(error ? QByteArray() : reply->readAll(), error);
    });
}

void ForumApi::login(LoginType type, const QString& name, const QString& password, QObject* context,
                     Callback<LoginResult> done)
{
    QNetworkRequest req = request(apiUrl(QStringLiteral("user.login.json")));
    req.setRawHeader("Cookie", QByteArray()); // a login never sends an old session
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("type"), QString::number(int(type)));
    form.addQueryItem(QStringLiteral("name"), QString::fromLatin1(QUrl::toPercentEncoding(name)));
    form.addQueryItem(QStringLiteral("pass"), QString::fromLatin1(QUrl::toPercentEncoding(password)));
    form.addQueryItem(QStringLiteral("go"), QStringLiteral("1"));
    QNetworkReply* reply = send(req, form.toString(QUrl::FullyEncoded).toLatin1());
    watchParsed(reply, context, std::move(done), parseLogin);
}

void ForumApi::fetchStat(QObject* context, Callback<Stat> done)
{
    QNetworkReply* reply = send(request(apiUrl(QStringLiteral("user.stat.json"), QStringLiteral("pageSize=1"))));
    watchParsed(reply, context, std::move(done), parseStat);
}

void ForumApi::fetchUnread(int type, int pageSize, QObject* context, Callback<MessageList> done)
{
    fetchUnreadPage(type, pageSize, 1, context, std::move(done));
}

void ForumApi::fetchUnreadPage(int type, int pageSize, int pageNumber, QObject* context, Callback<MessageList> done)
{
    const QString page = type == 1 ? QStringLiteral("msg.index.@.no.json") : QStringLiteral("msg.index.inbox.no.json");
    QString query = QStringLiteral("_content=json&pageSize=%1").arg(qBound(1, pageSize, 1000));
    if (pageNumber > 1)
        query += QStringLiteral("&p=%1").arg(pageNumber);
    QNetworkReply* reply = send(request(apiUrl(page, query)));
    watchParsed(reply, context, std::move(done), parseMessageList);
}

void ForumApi::fetchMentionsPage(int pageSize, int pageNumber, QObject* context, Callback<MessageList> done)
{
    QString query = QStringLiteral("_content=json&pageSize=%1").arg(qBound(1, pageSize, 1000));
    if (pageNumber > 1)
        query += QStringLiteral("&p=%1").arg(pageNumber);
    QNetworkReply* reply = send(request(apiUrl(QStringLiteral("msg.index.@.json"), query)));
    watchParsed(reply, context, std::move(done), parseMessageList);
}

void ForumApi::markRead(const QList<qint64>& ids, QObject* context, Callback<QList<qint64>> done)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    QNetworkRequest req = request(apiUrl(QStringLiteral("api.msg.isread.set.json")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply =
        send(req, QJsonDocument(QJsonObject{{QStringLiteral("ids"), array}}).toJson(QJsonDocument::Compact));
    watchParsed(reply, context, std::move(done), parseMarkedIds);
}

void ForumApi::fetchUnreadIds(int type, QObject* context, Callback<QList<qint64>> done)
{
    QNetworkRequest req = request(apiUrl(QStringLiteral("api.msg.isread.get.json")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply =
        send(req, QJsonDocument(QJsonObject{{QStringLiteral("type"), type}}).toJson(QJsonDocument::Compact));
    watchParsed(reply, context, std::move(done), parseUnreadIds);
}

void ForumApi::fetchUserInfo(qint64 uid, QObject* context, Callback<UserInfo> done)
{
    QNetworkReply* reply =
        send(request(apiUrl(QStringLiteral("user.info.%1.json").arg(uid), QStringLiteral("_uinfo=avatar"))));
    watchParsed(reply, context, std::move(done), parseUserInfo);
}

void ForumApi::fetchUserByName(const QString& name, QObject* context, Callback<UserInfo> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("name"), QString::fromLatin1(QUrl::toPercentEncoding(name)));
    watchParsed(send(request(apiUrl(QStringLiteral("user.info.json"), query.toString(QUrl::FullyEncoded)))), context,
                std::move(done), parseUserInfo);
}

void ForumApi::fetchBotList(QObject* context, Callback<QList<UserInfo>> done)
{
    QNetworkReply* reply = send(request(apiUrl(QStringLiteral("api.bot.list.json"))));
    watchParsed(reply, context, std::move(done), parseBotList);
}

void ForumApi::sendMessage(qint64 toUid, const QString& text, QObject* context, Callback<SentMessage> done)
{
    QNetworkRequest req = request(apiUrl(QStringLiteral("msg.index.send.%1.json").arg(toUid)));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    // Every byte but the unreserved ones percent-encoded: '&', '=', '+' and newlines stay part of the text.
    const QByteArray body = "content=" + QUrl::toPercentEncoding(text) + "&go=1";
    QNetworkReply* reply = send(req, body);
    watchParsed<SentMessage>(
        reply, context,
        [toUid, done = std::move(done)](const std::optional<SentMessage>& sent, const Error& error) {
            std::optional<SentMessage> result = sent;
            if (result && result->toUid == 0)
                result->toUid = toUid; // {"success":true} names no one
            done(result, error);
        },
        parseSendResult);
}

void ForumApi::fetchPostForm(const PostTarget& target, QObject* context, Callback<PostForm> done)
{
    QString query = QStringLiteral("pageSize=1");
    if (target.floor >= 0)
        query += QStringLiteral("&floor=%1").arg(target.floor);
    watchParsed(send(request(apiUrl(postPage(target, false), query))), context, std::move(done), parsePostForm);
}

void ForumApi::post(const PostTarget& target, const QString& text, const QString& token, QObject* context,
                    Callback<Posted> done)
{
    QNetworkRequest req = request(apiUrl(postPage(target, true)));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    const QByteArray body =
        "content=" + QUrl::toPercentEncoding(text) + "&token=" + QUrl::toPercentEncoding(token) + "&go=1";
    watchParsed(send(req, body), context, std::move(done), parsePostResult);
}

void ForumApi::replyWhere(const PostTarget& target, qint64 mentionUid, const QString& text, QObject* context,
                          Callback<Posted> done)
{
    fetchPostForm(target, context,
                  [this, target, mentionUid, text, context, done = std::move(done)](const std::optional<PostForm>& form,
                                                                                    const Error& error) {
                      if (!form) {
                          done(std::nullopt, error);
                          return;
                      }
                      if (!form->canReply) {
                          done(std::nullopt, Error{ErrorKind::Forum,
                                                   form->locked ? QStringLiteral("锁定的帖子不能回复！")
                                                                : QStringLiteral("评论已关闭，仅楼主可回复"),
                                                   0});
                          return;
                      }
                      // The mention goes first, after the Markdown marker line when there is one.
                      const QString mention = QStringLiteral("@#%1，").arg(mentionUid);
                      const QString markdown = markdownPost(text);
                      const qsizetype newline = markdown.indexOf(u'\n');
                      const qsizetype bodyStart = newline < 0 ? markdown.size() : newline + 1;
                      QString content = markdown;
                      if (mentionUid != 0)
                          content.insert(bodyStart, mention);
                      post(target, content, form->token, context, done);
                  });
}

void ForumApi::setRelationship(Relationship relationship, qint64 uid, QObject* context, Callback<bool> done)
{
    const char* action = "no_disturb";
    switch (relationship) {
    case Relationship::NoDisturb:
        break;
    case Relationship::Disturb:
        action = "disturb";
        break;
    case Relationship::Block:
        action = "block";
        break;
    case Relationship::Unblock:
        action = "unblock";
        break;
    }
    QNetworkRequest req = request(apiUrl(QStringLiteral("user.relationship.json")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    const QByteArray body = QByteArray("action=") + action + "&targetUid=" + QByteArray::number(uid);
    watchParsed(send(req, body), context, std::move(done), parseRelationshipResult);
}

void ForumApi::fetchMessage(qint64 id, QObject* context, Callback<ListedMessage> done)
{
    watchParsed(
        send(request(apiUrl(QStringLiteral("msg.index.view.%1.json").arg(id), QStringLiteral("_content=json")))),
        context, std::move(done), parseMessageView);
}

} // namespace forum
