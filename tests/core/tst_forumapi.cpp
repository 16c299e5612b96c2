// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/forum/forumapi.h"
#include "core/server/companion.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace forum;

class TestForumApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void sidFormat();
    void stat();
    void messageList();
    void errors();
    void userInfo();
    void login();
    void urlsCarryNoSid();
    void sendMessage();
    void postTargets_data();
    void postTargets();
    void replyWhereAnAtCameFrom();
};

namespace {

/// An HTTP server on 127.0.0.1 that answers every request with `response` (raw bytes: status line, headers,
/// body) and keeps what it received, one request per connection.
class CannedHttpServer : public QObject
{
public:
    CannedHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    QByteArray response;
    QList<QByteArray> requests; ///< each complete request: head and body

private:
    void onData(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        static const QRegularExpression lengthRe(QStringLiteral("(?im)^content-length:\\s*(\\d+)"));
        const auto match = lengthRe.match(QString::fromLatin1(buffer.left(headEnd)));
        const qsizetype length = match.hasMatch() ? match.captured(1).toLongLong() : 0;
        if (buffer.size() < headEnd + 4 + length)
            return;
        requests.append(buffer.left(headEnd + 4 + length));
        m_buffers.remove(socket);
        socket->write(response);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

QByteArray httpResponse(const QByteArray& status, const QByteArray& type, const QByteArray& body,
                        const QByteArray& extraHeaders = {})
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extraHeaders +
           "\r\n" + body;
}

} // namespace

void TestForumApi::sidFormat()
{
    QVERIFY(isValidSid(u"Qm9vZk3xV2Jc1dL7aPq0sTuwAQAA"));
    QVERIFY(isValidSid(QString(64, u'a')));
    QVERIFY(!isValidSid(QString(19, u'a')));
    QVERIFY(!isValidSid(QString(65, u'a')));
    QVERIFY(!isValidSid(u"Qm9vZk3xV2Jc1dL7aPq0sTuw\r\nX-Evil: 1"));
    QVERIFY(!isValidSid(u"Qm9vZk3xV2Jc1dL7aPq0s;uwAQAA"));
}

void TestForumApi::stat()
{
    Error error;
    auto stat = parseStat(R"({"uid":10086,"name":"小明","isLogin":true,"permissions":[],"newMsg":2,"newAtInfo":5,)"
                          R"("newChats":null,"countReview":0,"chatCountReview":0})",
                          &error);
    QVERIFY(stat);
    QVERIFY(stat->isLogin);
    QCOMPARE(stat->uid, 10086);
    QCOMPARE(stat->name, QStringLiteral("小明"));
    QCOMPARE(stat->newMsg, 2);
    QCOMPARE(stat->newAtInfo, 5);

    stat = parseStat(R"({"uid":null,"name":null,"isLogin":false,"newMsg":0,"newAtInfo":"3"})", &error);
    QVERIFY(stat);
    QVERIFY(!stat->isLogin);
    QCOMPARE(stat->newAtInfo, 3); // numeric strings are accepted

    QVERIFY(!parseStat("<html>刷新不规范，虎友两行泪</html>", &error));
    QCOMPARE(error.kind, ErrorKind::BadResponse);
}

void TestForumApi::messageList()
{
    Error error;
    const auto list = parseMessageList(
        R"({"msgCount":2,"currPage":1,"maxPage":1,"msgList":[
          {"id":2000107,"touid":10086,"byuid":2333,"type":0,"isread":0,
           "content":[{"type":"text","value":"晚上开黑吗？"},{"type":"face","face":"哈哈"}],
           "ctime":1732520000,"rtime":0,"byUinfo":{"name":"阿三"}},
          {"id":2000101,"touid":10086,"byuid":1,"type":0,"isread":0,"content":"legacy text","ctime":1732510000},
          {"id":"bogus"}]})",
        &error);
    QVERIFY(list);
    QCOMPARE(list->msgCount, 2);
    QCOMPARE(list->messages.size(), 2);
    QCOMPARE(list->messages.at(0).id, 2000107);
    QCOMPARE(list->messages.at(0).byName, QStringLiteral("阿三"));
    QCOMPARE(list->messages.at(0).content.size(), 2);
    QCOMPARE(list->messages.at(1).content.at(0).toObject().value(u"value").toString(), QStringLiteral("legacy text"));

    const auto empty = parseMessageList(R"({"msgCount":0,"currPage":0,"maxPage":0,"msgList":[]})", &error);
    QVERIFY(empty);
    QVERIFY(empty->messages.isEmpty());
}

void TestForumApi::errors()
{
    Error error;
    QVERIFY(!parseMessageList(R"({"isLogin":false,"page":"loginPage","success":false,"notice":"需要登录"})", &error));
    QCOMPARE(error.kind, ErrorKind::NotLoggedIn);
    QVERIFY(!parseStat(R"({"error":"true","errInfo":{"code":53,"message":"sid格式不正确。","file":"/srv/x.php",)"
                       R"("line":1,"trace":"#0 ..."}})",
                       &error));
    QCOMPARE(error.kind, ErrorKind::Forum);
    QVERIFY(error.message.contains(u"sid格式不正确"));
    QVERIFY(!error.message.contains(u"/srv")); // server paths are not shown
}

void TestForumApi::userInfo()
{
    Error error;
    auto info =
        parseUserInfo(R"({"uid":-50,"name":"ChatGPT","_u_avatar":"https://file.hu60.cn/avatar/-50.jpg?r=1"})", &error);
    QVERIFY(info);
    QCOMPARE(info->uid, -50);
    QCOMPARE(info->avatar, QUrl(QStringLiteral("https://file.hu60.cn/avatar/-50.jpg?r=1")));
    info = parseUserInfo(R"({"uid":5,"name":"x","_u_avatar":"file:///etc/passwd"})", &error);
    QVERIFY(info);
    QVERIFY(info->avatar.isEmpty());
    QVERIFY(!parseUserInfo(R"({"uid":null,"name":null})", &error));
}

void TestForumApi::login()
{
    Error error;
    auto result = parseLogin(R"({"success":true,"uid":10086,"sid":"Qm9vZk3xV2Jc1dL7aPq0sTuwAQAA"})", &error);
    QVERIFY(result);
    QCOMPARE(result->uid, 10086);
    QVERIFY(!parseLogin(R"({"isLogin":false,"page":"loginPage","success":false,"notice":"密码错误。","active":null})",
                        &error));
    QCOMPARE(error.kind, ErrorKind::Forum);
    QCOMPARE(error.message, QStringLiteral("密码错误。"));
    QVERIFY(!parseLogin(R"({"success":true,"uid":1,"sid":"bad sid"})", &error));
}

void TestForumApi::urlsCarryNoSid()
{
    ForumApi api(nullptr);
    api.setSiteBase(QUrl(QStringLiteral("http://127.0.0.1:4861")));
    api.setSid(QStringLiteral("Qm9vZk3xV2Jc1dL7aPq0sTuwAQAA"));
    const QUrl url = api.apiUrl(QStringLiteral("user.stat.json"));
    QCOMPARE(url.toString(), QStringLiteral("http://127.0.0.1:4861/q.php/user.stat.json?_json=compact"));
    QVERIFY(!url.toString().contains(u"Qm9vZk3x"));
}

void TestForumApi::sendMessage()
{
    CannedHttpServer server;
    QNetworkAccessManager network;
    ForumApi api(&network);
    api.setSiteBase(server.url());
    const QString sid = QStringLiteral("Qm9vZk3xV2Jc1dL7aPq0sTuwAQAA");
    api.setSid(sid);
    const auto send = [&](const QString& text) {
        std::optional<std::pair<std::optional<SentMessage>, Error>> result;
        api.sendMessage(2333, text, this, [&result](const std::optional<SentMessage>& sent, const Error& error) {
            result.emplace(sent, error);
        });
        [&] { QTRY_VERIFY(result.has_value()); }();
        return result.value_or(std::pair<std::optional<SentMessage>, Error>{});
    };
    const QByteArray json = "application/json; charset=utf-8";

    // Success: the request line, the form body (every special character percent-encoded), the sid as the cookie.
    server.response = httpResponse("200 OK", json, R"({"success":true})");
    const QString text = QStringLiteral("好的 a&b=c+d\n第二行 100%");
    auto [sent, error] = send(text);
    QVERIFY2(sent, qPrintable(error.message));
    QCOMPARE(sent->toUid, 2333);
    QCOMPARE(server.requests.size(), 1);
    const QByteArray request = server.requests.first();
    QVERIFY2(request.startsWith("POST /q.php/msg.index.send.2333.json?_json=compact HTTP/1.1\r\n"),
             request.constData());
    QVERIFY(request.contains(QByteArray("\r\nCookie: hu60_sid=" + sid.toLatin1() + "\r\n")));
    QVERIFY(request.contains("\r\nContent-Type: application/x-www-form-urlencoded\r\n"));
    const QByteArray body = request.mid(request.indexOf("\r\n\r\n") + 4);
    QCOMPARE(body,
             QByteArray("content=%E5%A5%BD%E7%9A%84%20a%26b%3Dc%2Bd%0A%E7%AC%AC%E4%BA%8C%E8%A1%8C%20100%25&go=1"));
    QCOMPARE(QUrlQuery(QString::fromLatin1(body)).queryItemValue(QStringLiteral("content"), QUrl::FullyDecoded), text);
    QVERIFY(!request.split('\n').first().contains(sid.toLatin1())); // never in the URL

    // The forum's refusal: its notice is the error.
    server.response = httpResponse(
        "200 OK", json, R"({"success":false,"notice":"发送内容不能为空","toUid":2333,"toUinfo":{"name":"x"}})");
    std::tie(sent, error) = send(QStringLiteral(" "));
    QVERIFY(!sent);
    QCOMPARE(error.kind, ErrorKind::Forum);
    QCOMPARE(error.message, QStringLiteral("发送内容不能为空"));

    // No login: the redirect to the login JSON is not followed (a POST would come back as a GET) and is no success;
    // nor is the login form itself, should something on the way have followed it.
    server.response = "HTTP/1.1 302 Found\r\nLocation: /q.php/user.login.json?u=msg.index.send.2333.json\r\n"
                      "Content-Length: 0\r\nConnection: close\r\n\r\n";
    const qsizetype before = server.requests.size();
    std::tie(sent, error) = send(QStringLiteral("hi"));
    QVERIFY(!sent);
    QVERIFY2(error.kind == ErrorKind::NotLoggedIn, qPrintable(error.message));
    QCOMPARE(server.requests.size(), before + 1); // sent once, not re-issued
    server.response =
        httpResponse("200 OK", json, R"({"isLogin":false,"page":"loginPage","success":false,"notice":"需要登录"})");
    std::tie(sent, error) = send(QStringLiteral("hi"));
    QVERIFY(!sent);
    QCOMPARE(error.kind, ErrorKind::NotLoggedIn);

    // HTML answers: the CSRF guard's page (HTTP 200), the rate limit (429 with Retry-After).
    server.response = httpResponse("200 OK", "text/html; charset=utf-8", "<html><body>跨站提交已拦截</body></html>");
    std::tie(sent, error) = send(QStringLiteral("hi"));
    QVERIFY(!sent);
    QCOMPARE(error.kind, ErrorKind::BadResponse);
    server.response = httpResponse("429 Too Many Requests", "text/html; charset=utf-8",
                                   "<html>刷新不规范，虎友两行泪</html>", "Retry-After: 7\r\n");
    std::tie(sent, error) = send(QStringLiteral("hi"));
    QVERIFY(!sent);
    QCOMPARE(error.kind, ErrorKind::RateLimited);
    QCOMPARE(error.retryAfterSeconds, 7);
    // JSON without a verdict is no success either.
    server.response = httpResponse("200 OK", json, R"({"toUid":2333})");
    std::tie(sent, error) = send(QStringLiteral("hi"));
    QVERIFY(!sent);
    QCOMPARE(error.kind, ErrorKind::BadResponse);
}

void TestForumApi::postTargets_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("room");
    QTest::addColumn<qint64>("tid");
    QTest::addColumn<int>("floor");
    QTest::newRow("room") << QStringLiteral("addin.chat.hu60bot.{$BID}?floor=1234#1234") << true << 0
                          << QStringLiteral("hu60bot") << qint64(0) << 1234;
    QTest::newRow("encoded room, + for space")
        << QStringLiteral("addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.{$BID}?floor=77#77") << true << 0
        << QStringLiteral("闲聊 灌水") << qint64(0) << 77;
    QTest::newRow("topic floor") << QStringLiteral("bbs.topic.105001.{$BID}?floor=12#12") << true << 1 << QString()
                                 << qint64(105001) << 12;
    QTest::newRow("new topic") << QStringLiteral("bbs.topic.105002.{$BID}#0") << true << 1 << QString()
                               << qint64(105002) << 0;
    QTest::newRow("other page") << QStringLiteral("msg.index.{$BID}") << false << 0 << QString() << qint64(0) << 0;
    QTest::newRow("absolute url") << QStringLiteral("https://evil.example/addin.chat.x.{$BID}") << false << 0
                                  << QString() << qint64(0) << 0;
    QTest::newRow("path in room") << QStringLiteral("addin.chat.a/b.{$BID}") << false << 0 << QString() << qint64(0)
                                  << 0;
    QTest::newRow("empty") << QString() << false << 0 << QString() << qint64(0) << 0;
}

void TestForumApi::postTargets()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    const auto target = postTargetOf(url);
    QCOMPARE(target.has_value(), valid);
    if (!valid)
        return;
    QFETCH(int, kind);
    QFETCH(QString, room);
    QFETCH(qint64, tid);
    QFETCH(int, floor);
    QCOMPARE(int(target->kind), kind);
    QCOMPARE(target->room, room);
    QCOMPARE(target->tid, tid);
    QCOMPARE(target->floor, floor);
}

// Against the forum emulator: the form's token, the post with the mention, the forum's refusals.
void TestForumApi::replyWhereAnAtCameFrom()
{
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    QString startError;
    QVERIFY2(companion.start(options, &startError), qPrintable(startError));
    QNetworkAccessManager network;
    ForumApi api(&network);
    api.setSiteBase(companion.httpUrl());
    api.setSid(server::Companion::demoSid());
    ForumApi asan(&network); // the one who wrote the @
    asan.setSiteBase(companion.httpUrl());
    asan.setSid(QStringLiteral("Hu60DemoSid02333ASan0000001"));
    using Result = std::pair<std::optional<Posted>, Error>;
    const auto reply = [&](const QString& url, const QString& text) {
        std::optional<Result> result;
        api.replyWhere(
            *postTargetOf(url), 2333, text, this,
            [&result](const std::optional<Posted>& posted, const Error& error) { result.emplace(posted, error); });
        [&] { QTRY_VERIFY(result.has_value()); }();
        return result.value_or(Result{});
    };
    const auto newestMentionOf2333 = [&] {
        std::optional<MessageList> list;
        asan.fetchUnread(1, 1, this, [&list](const std::optional<MessageList>& l, const Error&) { list = l; });
        [&] { QTRY_VERIFY(list.has_value()); }();
        return list && !list->messages.isEmpty() ? list->messages.first() : ListedMessage{};
    };

    // In the chat room of the @, as Markdown, mentioning its author: 阿三 gets an @ at the next floor.
    auto [posted, error] = reply(QStringLiteral("addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.{$BID}?floor=77#77"),
                                 QStringLiteral("**来了** 100%"));
    QVERIFY2(posted, qPrintable(error.message));
    QVERIFY(posted->page.startsWith(QStringLiteral("addin.chat.")));
    ListedMessage mention = newestMentionOf2333();
    QCOMPARE(mention.byuid, server::Companion::demoUid());
    const QJsonObject atMsg = mention.content.first().toObject();
    QCOMPARE(atMsg.value(u"url").toString(),
             QStringLiteral("addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.{$BID}?floor=78#78"));
    const QJsonArray said = atMsg.value(u"msg").toArray();
    QCOMPARE(said.at(0).toObject().value(u"type").toString(), QStringLiteral("markdown"));
    QCOMPARE(said.at(1).toObject().value(u"uid").toInteger(), 2333);
    QCOMPARE(said.at(2).toObject().value(u"value").toString(), QStringLiteral("，**来了** 100%"));

    // In the topic of the @: the next floor.
    std::tie(posted, error) = reply(QStringLiteral("bbs.topic.105001.{$BID}?floor=12#12"), QStringLiteral("正常"));
    QVERIFY2(posted, qPrintable(error.message));
    QCOMPARE(posted->page, QStringLiteral("bbs.topic.105001.json?floor=13#13"));
    QCOMPARE(newestMentionOf2333().content.first().toObject().value(u"pos").toString(),
             QStringLiteral("帖子“Qt6 托盘程序开发记录”的13楼"));

    // Comments closed: refused before anything is posted.
    std::tie(posted, error) = reply(QStringLiteral("bbs.topic.105002.{$BID}#0"), QStringLiteral("x"));
    QVERIFY(!posted);
    QCOMPARE(error.kind, ErrorKind::Forum);
    QCOMPARE(error.message, QStringLiteral("评论已关闭，仅楼主可回复"));

    // A token used once more (a retry after a lost answer would do this) is "may have been sent", not a failure.
    const PostTarget room = *postTargetOf(QStringLiteral("addin.chat.hu60bot.{$BID}?floor=1#1"));
    std::optional<PostForm> form;
    api.fetchPostForm(room, this, [&form](const std::optional<PostForm>& f, const Error&) { form = f; });
    QTRY_VERIFY(form.has_value());
    QCOMPARE(form->title, QStringLiteral("hu60bot"));
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::optional<Result> result;
        api.post(room, QStringLiteral("hi"), form->token, this,
                 [&result](const std::optional<Posted>& p, const Error& e) { result.emplace(p, e); });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(result->first.has_value(), attempt == 0);
        if (attempt == 1)
            QCOMPARE(result->second.kind, ErrorKind::MaybeSent);
    }

    // Muting on the forum itself: user.relationship.json, then user.info says so.
    std::optional<std::pair<std::optional<bool>, Error>> muted;
    api.setRelationship(Relationship::NoDisturb, 2333, this,
                        [&muted](const std::optional<bool>& ok, const Error& e) { muted.emplace(ok, e); });
    QTRY_VERIFY(muted.has_value());
    QVERIFY2(muted->first.value_or(false), qPrintable(muted->second.message));
    muted.reset();
    api.setRelationship(Relationship::Block, 999999, this,
                        [&muted](const std::optional<bool>& ok, const Error& e) { muted.emplace(ok, e); });
    QTRY_VERIFY(muted.has_value());
    QVERIFY(!muted->first);
    QCOMPARE(muted->second.kind, ErrorKind::Forum);
    QCOMPARE(muted->second.message, QStringLiteral("用户不存在"));

    // Not logged in: the login redirect, never a success.
    api.setSid(QStringLiteral("NotAKnownSessionId000000001"));
    std::tie(posted, error) = reply(QStringLiteral("addin.chat.hu60bot.{$BID}?floor=1#1"), QStringLiteral("x"));
    QVERIFY(!posted);
    QVERIFY2(error.kind == ErrorKind::NotLoggedIn || error.kind == ErrorKind::BadResponse, qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestForumApi)
#include "tst_forumapi.moc"
