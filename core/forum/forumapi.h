// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace forum {

/// Why a forum call failed.
enum class ErrorKind {
    None,
    Network, ///< DNS, refused, TLS, reset (QNetworkReply's error text is in `message`)
    Timeout,
    NotLoggedIn, ///< the forum redirected to its login page or said isLogin:false
    RateLimited, ///< HTTP 429; see retryAfterSeconds
    BadResponse, ///< not JSON or not the expected shape (HTML guard pages, proxies)
    Forum,       ///< the forum's error JSON ({"error":"true","errInfo":...}) or success:false
    Insecure,    ///< the site is plain http to a host that is not loopback: nothing was sent
    MaybeSent,   ///< the forum took the form token as used: an earlier attempt may have been posted (check)
};

struct Error
{
    ErrorKind kind = ErrorKind::None;
    QString message;           ///< human-readable, sid-free
    int retryAfterSeconds = 0; ///< RateLimited only
    /// Network only: the request never left this computer (no route, refused, name unknown), so a POST can be
    /// sent again without the risk of posting twice.
    bool notSent = false;
    explicit operator bool() const { return kind != ErrorKind::None; }
};

/// user.stat.json (forum-api.md §6)
struct Stat
{
    bool isLogin = false;
    qint64 uid = 0;
    QString name;
    int newMsg = 0;    ///< unread inbox messages
    int newAtInfo = 0; ///< unread @-mentions
};

/// One item of a message list (forum-api.md §7).
struct ListedMessage
{
    qint64 id = 0;
    qint64 touid = 0;
    qint64 byuid = 0;
    int type = 0;
    int isread = 0;
    QJsonArray content; ///< segments (requested with _content=json)
    qint64 ctime = 0;   ///< unix seconds
    QString byName;     ///< byUinfo.name when present
};

struct MessageList
{
    int msgCount = 0;
    int currPage = 0;
    int maxPage = 0;
    QList<ListedMessage> messages;
};

struct UserInfo
{
    qint64 uid = 0;
    QString name;
    QUrl avatar; ///< from _uinfo=avatar; may be empty
};

struct LoginResult
{
    qint64 uid = 0;
    QString sid;
};

/// A message the forum accepted (msg.index.send, forum-api.md §12).
struct SentMessage
{
    qint64 toUid = 0;
};

/// Where an @ came from (its atMsg url, forum-api.md §12): a line of a chat room or a floor of a topic.
struct PostTarget
{
    enum class Kind { ChatRoom, Topic };
    Kind kind = Kind::ChatRoom;
    QString room;   ///< ChatRoom: the room's name, decoded
    qint64 tid = 0; ///< Topic
    int floor = -1; ///< where the @ was written; -1 when the url names no floor
};

/// The form of a chat room or topic: a fresh single-use token, and whether the user may reply.
struct PostForm
{
    QString token;
    bool canReply = true;
    bool locked = false; ///< a topic locked by the moderators (canReply is then false)
    QString title;       ///< the topic's title or the room's name
};

/// A post the forum accepted: its page (e.g. "bbs.topic.105001.json?floor=13#13"; a chat room names no floor).
struct Posted
{
    QString page;
};

/// The chat room or topic of an atMsg url ("addin.chat.<room>.{$BID}?floor=N#N", "bbs.topic.<tid>.{$BID}#0");
/// nullopt for anything else.
std::optional<PostTarget> postTargetOf(const QString& atMsgUrl);
/// `text` as a Markdown post: "<!md>" and a newline first, unless it already starts with a marker line.
QString markdownPost(const QString& text);

/// What user.relationship.json sets on the forum itself (forum-api.md §12).
enum class Relationship {
    NoDisturb, ///< 免打扰: their messages arrive already read
    Disturb,   ///< undo NoDisturb
    Block,     ///< 屏蔽: their private messages are refused
    Unblock,
};

/// Login name kinds of user.login.json.
enum class LoginType { Name = 1, Mail = 2, Phone = 3 };

// Pure parsers of the forum's JSON answers; exposed for tests.
std::optional<Stat> parseStat(const QByteArray& json, Error* error);
std::optional<MessageList> parseMessageList(const QByteArray& json, Error* error);
std::optional<UserInfo> parseUserInfo(const QByteArray& json, Error* error);
std::optional<LoginResult> parseLogin(const QByteArray& json, Error* error);
std::optional<QList<UserInfo>> parseBotList(const QByteArray& json, Error* error);
/// {"success":true}, else an error: the forum's `notice` (ErrorKind::Forum), the login form (NotLoggedIn).
std::optional<SentMessage> parseSendResult(const QByteArray& json, Error* error);
/// A chat room's or topic's JSON with its form token; a missing token is a BadResponse (the login form: NotLoggedIn).
std::optional<PostForm> parsePostForm(const QByteArray& json, Error* error);
/// {"success":true,"url":…}; the "duplicate post" notice is MaybeSent, other notices Forum errors.
std::optional<Posted> parsePostResult(const QByteArray& json, Error* error);
/// msg.index.view.<id>.json: the message, or a Forum error when it does not exist or is not ours.
std::optional<ListedMessage> parseMessageView(const QByteArray& json, Error* error);
/// {"success":true,…}; success false is a Forum error with the forum's `message`.
std::optional<bool> parseRelationshipResult(const QByteArray& json, Error* error);

/// True for a syntactically valid sid (20–64 of [A-Za-z0-9_-], forum-api.md §2); check before sending one.
bool isValidSid(QStringView sid);

/// Calls the forum's JSON API. The sid travels only in a `Cookie: hu60_sid=` header set on each request (no
/// cookie jar, so no stale cookie can override it), never in a URL, and only over https (or plain http to
/// loopback): any call to another site fails with ErrorKind::Insecure before anything is sent. Each call takes a
/// callback that runs once, unless `context` is destroyed first. Owned by the app's controller or the listen command.
class ForumApi : public QObject
{
    Q_OBJECT

public:
    explicit ForumApi(QNetworkAccessManager* network, QObject* parent = nullptr);

    void setSiteBase(const QUrl& siteBase) { m_siteBase = siteBase; }
    QUrl siteBase() const { return m_siteBase; }
    void setSid(const QString& sid) { m_sid = sid; }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    template<class T>
    using Callback = std::function<void(const std::optional<T>& value, const Error& error)>;

    void login(LoginType type, const QString& name, const QString& password, QObject* context,
               Callback<LoginResult> done);
    void fetchStat(QObject* context, Callback<Stat> done);
    /// Unread messages of `type` (0 inbox: no side effect; 1 @: the forum marks the listed ones read).
    void fetchUnread(int type, int pageSize, QObject* context, Callback<MessageList> done);
    /// The same for page `page` (1-based, `p=`), to page through a backlog larger than one page.
    void fetchUnreadPage(int type, int pageSize, int page, QObject* context, Callback<MessageList> done);
    /// Page `page` of every @-mention, read or not (msg.index.@.json), newest first. Marks the unread ones it lists
    /// read, like the unread list: for finding mentions that were marked read by a listing whose answer was lost.
    void fetchMentionsPage(int pageSize, int page, QObject* context, Callback<MessageList> done);
    /// api.msg.isread.get.json with {"type": type}: ids of unread messages of that type, newest first, up to
    /// 1000. No side effect, unlike listing unread @-mentions (forum-api.md §8).
    void fetchUnreadIds(int type, QObject* context, Callback<QList<qint64>> done);
    /// api.msg.isread.set.json with {"ids": [...]}: the ids now read.
    void markRead(const QList<qint64>& ids, QObject* context, Callback<QList<qint64>> done);
    void fetchUserInfo(qint64 uid, QObject* context, Callback<UserInfo> done);
    /// user.info.json?name=…: the user of that name (a Forum error when there is none).
    void fetchUserByName(const QString& name, QObject* context, Callback<UserInfo> done);
    void fetchBotList(QObject* context, Callback<QList<UserInfo>> done);
    /// msg.index.send.<toUid>.json: a new inbox message (UBB text) to `toUid`, the forum's way of replying to one.
    /// Sent once: a POST is never retried here, since a lost answer does not mean the message was not stored.
    void sendMessage(qint64 toUid, const QString& text, QObject* context, Callback<SentMessage> done);

    /// The chat room's or topic's form (GET, no side effect): a fresh token, whether a reply is allowed.
    void fetchPostForm(const PostTarget& target, QObject* context, Callback<PostForm> done);
    /// Posts `text` (UBB; see markdownPost()) with a token from fetchPostForm(). Sent once, never retried: a
    /// token is single use, and a lost answer does not mean nothing was posted.
    void post(const PostTarget& target, const QString& text, const QString& token, QObject* context,
              Callback<Posted> done);
    /// Replies where an @ came from: a fresh form, then `text` posted there mentioning `mentionUid` ("@#uid，"
    /// first). Fails without posting when the form says no reply is allowed (locked topic, closed comments).
    void replyWhere(const PostTarget& target, qint64 mentionUid, const QString& text, QObject* context,
                    Callback<Posted> done);
    /// user.relationship.json: mutes or blocks `uid` on the forum (all of the user's clients and the web see it).
    void setRelationship(Relationship relationship, qint64 uid, QObject* context, Callback<bool> done);
    /// msg.index.view.<id>.json: one message (the forum marks it read when it is addressed to us).
    void fetchMessage(qint64 id, QObject* context, Callback<ListedMessage> done);

    /// <siteBase>/q.php/<page>?_json=compact[&extra]; never carries the sid.
    QUrl apiUrl(const QString& page, const QString& extraQuery = {}) const;

private:
    QNetworkRequest request(const QUrl& url) const;
    /// GET (no body) or POST; nullptr, without sending anything, when the URL is not a secure site.
    QNetworkReply* send(const QNetworkRequest& request, const std::optional<QByteArray>& body = std::nullopt);
    /// Runs `done` once with the reply's body or error; a null `reply` (refused by send()) fails with Insecure.
    void watch(QNetworkReply* reply, QObject* context, std::function<void(const QByteArray&, const Error&)> done);
    /// watch() plus the parsing every call shares: a transport error or a parse error reaches `done` as is.
    template<class T>
    void watchParsed(QNetworkReply* reply, QObject* context, Callback<T> done,
                     std::optional<T> (*parse)(const QByteArray&, Error*))
    {
        watch(reply, context, [done = std::move(done), parse](const QByteArray& body, const Error& error) {
            if (error) {
                done(std::nullopt, error);
                return;
            }
            Error parseError;
            const std::optional<T> value = parse(body, &parseError);
            done(value, value ? Error{} : parseError);
        });
    }

    QNetworkAccessManager* m_network;
    QUrl m_siteBase = QUrl(QStringLiteral("https://hu60.cn"));
    QString m_sid;
    int m_timeoutMs = 30000;
};

} // namespace forum
