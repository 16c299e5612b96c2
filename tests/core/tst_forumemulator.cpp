// SPDX-License-Identifier: GPL-3.0-or-later
// HTTP tests of the companion's forum emulator (spec/forum-api.md) with QNetworkAccessManager.
#include "core/server/companion.h"
#include "core/server/forumemulator.h"
#include "core/server/images.h"
#include "core/server/store.h"
#include "support/serverprobe.h"
#include "support/servertestmain.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using server::Companion;

namespace {

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
};

} // namespace

class TestForumEmulator : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Companion> m_companion;
    QNetworkAccessManager m_network;

    QString dataFile() const { return m_dir.filePath(QStringLiteral("data.json")); }

    QUrl url(const QString& pathAndQuery) const { return m_companion->httpUrl().resolved(QUrl(pathAndQuery)); }

    Reply run(QNetworkRequest request, const QByteArray& verb = "GET", const QByteArray& body = {})
    {
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        // No cookie jar: every request carries exactly the sid the test gives it.
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            return {};
        reply->deleteLater();
        Reply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.json = QJsonDocument::fromJson(result.body).object();
        result.headers = reply->rawHeaderPairs();
        return result;
    }

    Reply get(const QString& page, const QString& sid = {})
    {
        QNetworkRequest request(url(page));
        if (!sid.isEmpty())
            request.setRawHeader("Cookie", "hu60_sid=" + sid.toUtf8());
        return run(request);
    }

    Reply post(const QString& page, const QByteArray& body, const QByteArray& contentType, const QString& sid = {})
    {
        QNetworkRequest request(url(page));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!sid.isEmpty())
            request.setRawHeader("Cookie", "hu60_sid=" + sid.toUtf8());
        return run(request, "POST", body);
    }

    Reply adminPush(const QByteArray& body, const QByteArray& token = "test-token")
    {
        QNetworkRequest request(url(QStringLiteral("/admin/push")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + token);
        return run(request, "POST", body);
    }

    int statValue(const char* key)
    {
        return get(QStringLiteral("/q.php/user.stat.json"), Companion::demoSid())
            .json.value(QLatin1String(key))
            .toInt(-1);
    }

    void start()
    {
        m_companion = std::make_unique<Companion>();
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("test-token");
        options.dataFile = dataFile();
        QString error;
        QVERIFY2(m_companion->start(options, &error), qPrintable(error));
    }

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        QVERIFY(m_dir.isValid());
        QFile::remove(dataFile());
        start();
    }
    void cleanup() { m_companion.reset(); }

    void loginSuccessSetsTheCookie()
    {
        const Reply r = post(QStringLiteral("/q.php/user.login.json"),
                             "type=1&name=" + QUrl::toPercentEncoding(QStringLiteral("小明")) + "&pass=demo1234&go=1",
                             "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        QCOMPARE(r.json.value(u"uid").toInteger(), Companion::demoUid());
        QCOMPARE(r.json.value(u"sid").toString(), Companion::demoSid());
        QVERIFY(r.header("Set-Cookie").startsWith(QByteArray("hu60_sid=" + Companion::demoSid().toUtf8() + ";")));
        QVERIFY(r.header("Set-Cookie").contains("HttpOnly"));

        // _origin mode: header x-sid instead of the cookie.
        const Reply o = post(QStringLiteral("/q.php/user.login.json?_origin=*"),
                             "name=" + QUrl::toPercentEncoding(QStringLiteral("小明")) + "&pass=demo1234&go=1",
                             "application/x-www-form-urlencoded");
        QCOMPARE(o.header("x-sid"), Companion::demoSid().toUtf8());
        QVERIFY(o.header("Set-Cookie").isEmpty());
    }

    // forum-api §10: form POSTs from another site get an HTML page (HTTP 200) and are not processed.
    void crossSiteFormsAreRefused_data()
    {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("secFetchSite");
        QTest::addColumn<QByteArray>("referer");
        QTest::addColumn<bool>("refused");
        const QString login = QStringLiteral("/q.php/user.login.json");
        const QByteArray form = "application/x-www-form-urlencoded";
        QTest::newRow("no browser headers") << login << form << QByteArray() << QByteArray() << false;
        QTest::newRow("same-origin") << login << form << QByteArray("same-origin") << QByteArray() << false;
        QTest::newRow("typed by the user") << login << form << QByteArray("none") << QByteArray() << false;
        QTest::newRow("cross-site") << login << form << QByteArray("cross-site") << QByteArray() << true;
        QTest::newRow("same-site") << login << form << QByteArray("same-site") << QByteArray() << true;
        QTest::newRow("multipart cross-site") << login << QByteArray("multipart/form-data; boundary=x")
                                              << QByteArray("cross-site") << QByteArray() << true;
        QTest::newRow("own page referer")
            << login << form << QByteArray() << QByteArray("http://127.0.0.1/q.php/a.html") << false;
        QTest::newRow("other host referer")
            << login << form << QByteArray() << QByteArray("http://evil.example/x.html") << true;
        QTest::newRow("origin-only referer")
            << login << form << QByteArray() << QByteArray("http://127.0.0.1/") << true;
        QTest::newRow("_origin mode") << QStringLiteral("/q.php/user.login.json?_origin=*") << form
                                      << QByteArray("cross-site") << QByteArray() << false;
        QTest::newRow("json body") << QStringLiteral("/q.php/api.msg.isread.get.json") << QByteArray("application/json")
                                   << QByteArray("cross-site") << QByteArray() << false;
    }
    void crossSiteFormsAreRefused()
    {
        QFETCH(QString, page);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, secFetchSite);
        QFETCH(QByteArray, referer);
        QFETCH(bool, refused);
        QNetworkRequest request(url(page));
        request.setRawHeader("Content-Type", contentType);
        request.setRawHeader("Cookie", "hu60_sid=" + Companion::demoSid().toUtf8());
        if (!secFetchSite.isEmpty())
            request.setRawHeader("Sec-Fetch-Site", secFetchSite);
        if (!referer.isEmpty())
            request.setRawHeader("Referer", referer);
        const QByteArray body =
            contentType.startsWith("multipart")
                ? QByteArray("--x\r\nContent-Disposition: form-data; name=\"go\"\r\n\r\n1\r\n--x--\r\n")
            : contentType == "application/json"
                ? QByteArray(R"({"type":0})")
                : "type=1&name=" + QUrl::toPercentEncoding(QStringLiteral("小明")) + "&pass=demo1234&go=1";
        if (refused)
            QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("refused a cross-site form")));
        const Reply r = run(request, "POST", body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type").startsWith("text/html"), refused);
        QCOMPARE(r.header("Set-Cookie").isEmpty() && r.header("x-sid").isEmpty(), refused || page.contains(u"isread"));
    }

    void loginFailures_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("notice");
        QTest::addColumn<bool>("hasActive");
        QTest::newRow("wrong password") << QByteArray("name=%E5%B0%8F%E6%98%8E&pass=nope&go=1")
                                        << QStringLiteral("密码错误。") << true;
        QTest::newRow("unknown user") << QByteArray("name=nobody&pass=x&go=1")
                                      << QStringLiteral("用户名 \"nobody\" 不存在。") << true;
        QTest::newRow("mail") << QByteArray("type=2&name=a%40b.c&pass=x&go=1")
                              << QStringLiteral("该邮箱未绑定任何用户。") << true;
        QTest::newRow("no go") << QByteArray("name=%E5%B0%8F%E6%98%8E&pass=demo1234") << QStringLiteral("需要登录")
                               << false;
    }
    void loginFailures()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, notice);
        QFETCH(bool, hasActive);
        const Reply r = post(QStringLiteral("/q.php/user.login.json"), body, "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"success"), QJsonValue(false));
        QCOMPARE(r.json.value(u"isLogin"), QJsonValue(false));
        QCOMPARE(r.json.value(u"page").toString(), QStringLiteral("loginPage"));
        QCOMPARE(r.json.value(u"notice").toString(), notice);
        QCOMPARE(r.json.contains(u"active"), hasActive);
        QVERIFY(r.header("Set-Cookie").isEmpty());
    }

    void userIndexRedirectsWhenNotLoggedIn()
    {
        const Reply r = get(QStringLiteral("/q.php/user.index.json"));
        QCOMPARE(r.status, 302);
        QCOMPARE(r.header("Location"), QByteArray("/q.php/user.login.json?u=user.index.json"));
        const Reply login = get(QString::fromLatin1(r.header("Location")));
        QCOMPARE(login.json.value(u"page").toString(), QStringLiteral("loginPage"));
        QVERIFY(!login.json.contains(u"uid"));

        const Reply me = get(QStringLiteral("/q.php/user.index.json"), Companion::demoSid());
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json.value(u"uid").toInteger(), Companion::demoUid());
        QCOMPARE(me.json.value(u"name").toString(), QStringLiteral("小明"));
        QCOMPARE(me.json.value(u"siteAdmin"), QJsonValue(false));
        QVERIFY(me.body.contains("\n    \"")); // pretty-printed by default
    }

    void sidSources()
    {
        const QString sid = Companion::demoSid();
        QNetworkRequest header(url(QStringLiteral("/q.php/user.stat.json")));
        header.setRawHeader("X-Sid", sid.toUtf8());
        QCOMPARE(run(header).json.value(u"isLogin"), QJsonValue(true));
        QCOMPARE(get(QStringLiteral("/q.php/user.stat.json?_sid=") + sid).json.value(u"isLogin"), QJsonValue(true));
        QCOMPARE(get(QStringLiteral("/q.php/") + sid + QStringLiteral("/user.stat.json")).json.value(u"isLogin"),
                 QJsonValue(true));
        QCOMPARE(get(QStringLiteral("/q.php/user.stat.json"), sid).json.value(u"isLogin"), QJsonValue(true));
        // _origin mode ignores cookies.
        QCOMPARE(get(QStringLiteral("/q.php/user.stat.json?_origin=*"), sid).json.value(u"isLogin"), QJsonValue(false));
        // A sid with bad characters is an error page, a wrong length just "not logged in".
        const Reply bad = get(QStringLiteral("/q.php/user.stat.json?_sid=bad!sid"));
        QCOMPARE(bad.json.value(u"error").toString(), QStringLiteral("true"));
        QCOMPARE(bad.json.value(u"errInfo").toObject().value(u"code").toInt(), 53);
        const Reply unknown = get(QStringLiteral("/q.php/user.stat.json?_sid=short"));
        QCOMPARE(unknown.json.value(u"isLogin"), QJsonValue(false));
        QVERIFY(unknown.json.value(u"uid").isNull());
        QVERIFY(unknown.json.value(u"name").isNull());
        QCOMPARE(unknown.json.value(u"newMsg").toInt(), 0);
    }

    void userStatCounts()
    {
        const Reply r = get(QStringLiteral("/q.php/user.stat.json?_json=compact"), Companion::demoSid());
        QVERIFY(!r.body.contains('\n'));
        QCOMPARE(r.json.value(u"uid").toInteger(), Companion::demoUid());
        QCOMPARE(r.json.value(u"isLogin"), QJsonValue(true));
        QCOMPARE(r.json.value(u"newMsg").toInt(), m_companion->store()->unreadCount(Companion::demoUid(), 0));
        QCOMPARE(r.json.value(u"newAtInfo").toInt(), m_companion->store()->unreadCount(Companion::demoUid(), 1));
        QVERIFY(r.json.value(u"newMsg").toInt() > 0);
        QVERIFY(r.json.value(u"newAtInfo").toInt() > 0);
        QVERIFY(r.json.contains(u"newChats"));
    }

    void inboxListingHasNoSideEffect()
    {
        const int unread = statValue("newMsg");
        const Reply r =
            get(QStringLiteral("/q.php/msg.index.inbox.no.json?_content=json&pageSize=2"), Companion::demoSid());
        QCOMPARE(r.json.value(u"msgCount").toInt(), unread);
        QCOMPARE(r.json.value(u"currPage").toInt(), 1);
        QCOMPARE(r.json.value(u"maxPage").toInt(), (unread + 1) / 2);
        const QJsonArray list = r.json.value(u"msgList").toArray();
        QCOMPARE(list.size(), 2);
        const QJsonObject first = list.first().toObject();
        QCOMPARE(first.value(u"type").toInt(), 0);
        QCOMPARE(first.value(u"isread").toInt(), 0);
        QVERIFY(first.value(u"content").isArray());
        QVERIFY(first.value(u"ctime").isDouble());
        QVERIFY(!first.value(u"byUinfo").toObject().value(u"name").toString().isEmpty());
        QVERIFY(first.value(u"ctime").toInteger() >= list.at(1).toObject().value(u"ctime").toInteger());
        QCOMPARE(statValue("newMsg"), unread);
        // Page 2, and without _content=json the content is an HTML string.
        const Reply page2 = get(QStringLiteral("/q.php/msg.index.inbox.no.json?pageSize=2&p=2"), Companion::demoSid());
        QCOMPARE(page2.json.value(u"currPage").toInt(), 2);
        QVERIFY(page2.json.value(u"msgList").toArray().first().toObject().value(u"content").isString());
    }

    void atListingMarksReadAfterwards_data()
    {
        QTest::addColumn<QString>("page");
        QTest::newRow("@") << QStringLiteral("/q.php/msg.index.@.no.json?_content=json");
        QTest::newRow("%40") << QStringLiteral("/q.php/msg.index.%40.no.json?_content=json");
    }
    void atListingMarksReadAfterwards()
    {
        QFETCH(QString, page);
        const int unread = statValue("newAtInfo");
        QVERIFY(unread > 0);
        const Reply first = get(page, Companion::demoSid());
        QCOMPARE(first.json.value(u"msgCount").toInt(), unread);
        QVERIFY(first.json.contains(u"uid"));
        const QJsonArray list = first.json.value(u"msgList").toArray();
        QCOMPARE(list.size(), unread);
        for (const QJsonValue& item : list) {
            QCOMPARE(item.toObject().value(u"isread").toInt(), 0);
            QCOMPARE(item.toObject().value(u"type").toInt(), 1);
            QVERIFY(!item.toObject().contains(u"byUinfo"));
        }
        QCOMPARE(statValue("newAtInfo"), 0);
        const Reply second = get(page, Companion::demoSid());
        QCOMPARE(second.json.value(u"msgCount").toInt(), 0);
        QCOMPARE(second.json.value(u"currPage").toInt(), 0);
        QCOMPARE(second.json.value(u"maxPage").toInt(), 0);
        QCOMPARE(second.json.value(u"msgList").toArray(), QJsonArray());
        // The read state was saved.
        server::Store reloaded;
        QString error;
        QVERIFY2(reloaded.loadFile(dataFile(), {}, &error), qPrintable(error));
        QCOMPARE(reloaded.unreadCount(Companion::demoUid(), 1), 0);
    }

    void listsRequireLogin()
    {
        const Reply r = get(QStringLiteral("/q.php/msg.index.inbox.no.json"));
        QCOMPARE(r.status, 302);
        QCOMPARE(r.header("Location"), QByteArray("/q.php/user.login.json?u=msg.index.inbox.no.json"));
    }

    void viewMarksRead()
    {
        const int unread = statValue("newMsg");
        const Reply r = get(QStringLiteral("/q.php/msg.index.view.2000100.json?_content=json"), Companion::demoSid());
        QCOMPARE(r.json.value(u"isSender"), QJsonValue(false));
        const QJsonObject msg = r.json.value(u"msg").toObject();
        QCOMPARE(msg.value(u"id").toInteger(), 2000100);
        QCOMPARE(msg.value(u"isread").toInt(), 0);
        QCOMPARE(msg.value(u"byUinfo").toObject().value(u"name").toString(), QStringLiteral("阿三"));
        QCOMPARE(msg.value(u"toUinfo").toObject().value(u"name").toString(), QStringLiteral("小明"));
        QCOMPARE(statValue("newMsg"), unread - 1);
        const Reply missing = get(QStringLiteral("/q.php/msg.index.view.1.json"), Companion::demoSid());
        QVERIFY(!missing.json.value(u"msg").toObject().contains(u"id"));
        QVERIFY(missing.json.value(u"msg").toObject().value(u"content").isNull());
    }

    void isreadGetAndSet()
    {
        const QString sid = Companion::demoSid();
        const Reply unread =
            post(QStringLiteral("/q.php/api.msg.isread.get.json"), R"({"type":0})", "application/json", sid);
        const QJsonObject result = unread.json.value(u"result").toObject();
        QCOMPARE(result.size(), statValue("newMsg"));
        QCOMPARE(result.value(u"2000100"), QJsonValue(false));

        const Reply ids = post(QStringLiteral("/q.php/api.msg.isread.get.json"),
                               "data=" + QUrl::toPercentEncoding(QStringLiteral(R"({"ids":[2000100,2000090,42]})")),
                               "application/x-www-form-urlencoded", sid);
        const QJsonObject idResult = ids.json.value(u"result").toObject();
        QCOMPARE(idResult.value(u"2000100"), QJsonValue(false));
        QCOMPARE(idResult.value(u"2000090"), QJsonValue(true));
        QVERIFY(idResult.value(u"42").isNull());

        const Reply set =
            post(QStringLiteral("/q.php/api.msg.isread.set.json"), R"({"ids":[2000100,42]})", "application/json", sid);
        QCOMPARE(set.json.value(u"result").toObject().value(u"2000100"), QJsonValue(true));
        QVERIFY(set.json.value(u"result").toObject().value(u"42").isNull());
        const int left = statValue("newMsg");
        const Reply all =
            post(QStringLiteral("/q.php/api.msg.isread.set.json"), R"({"type":0})", "application/json", sid);
        QCOMPARE(all.json.value(u"result").toObject().value(u"update").toInt(), left);
        QCOMPARE(statValue("newMsg"), 0);
        QCOMPARE(post(QStringLiteral("/q.php/api.msg.isread.get.json"), R"({"type":0})", "application/json", sid)
                     .json.value(u"result")
                     .toObject(),
                 QJsonObject());
    }

    void isreadErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("not object") << QByteArray("[1]") << QStringLiteral("请求体应该是一个JSON对象");
        QTest::newRow("both") << QByteArray(R"({"ids":[1],"type":1})") << QStringLiteral("ids和type字段不能同时存在");
        QTest::newRow("type string") << QByteArray(R"({"type":"1"})") << QStringLiteral("type字段应该是一个整数");
        QTest::newRow("ids not array") << QByteArray(R"({"ids":1})") << QStringLiteral("ids字段应该是一个数组");
    }
    void isreadErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const Reply r =
            post(QStringLiteral("/q.php/api.msg.isread.get.json"), body, "application/json", Companion::demoSid());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"error").toString(), QStringLiteral("true"));
        QCOMPARE(r.json.value(u"errInfo").toObject().value(u"message").toString(), message);
    }

    void userInfoAndBots()
    {
        const Reply robot = get(QStringLiteral("/q.php/user.info.-50.json?_uinfo=avatar"));
        QCOMPARE(robot.json.value(u"uid").toInteger(), -50);
        QCOMPARE(robot.json.value(u"name").toString(), QStringLiteral("ChatGPT"));
        const QString avatar = robot.json.value(u"_u_avatar").toString();
        QVERIFY(avatar.endsWith(QStringLiteral("/avatar/-50.png")));
        const Reply image = run(QNetworkRequest(QUrl(avatar)));
        QCOMPARE(image.status, 200);
        QVERIFY(!QImage::fromData(image.body).isNull());

        const Reply unknown = get(QStringLiteral("/q.php/user.info.777.json"));
        QVERIFY(unknown.json.value(u"uid").isNull());
        QVERIFY(unknown.json.value(u"name").isNull());
        const Reply byName = get(QStringLiteral("/q.php/user.info.json?name=%E9%98%BF%E4%B8%89"));
        QCOMPARE(byName.json.value(u"uid").toInteger(), 2333);

        const QJsonArray bots = get(QStringLiteral("/q.php/api.bot.list.json")).json.value(u"botList").toArray();
        QVERIFY(bots.size() >= 3);
        qint64 previous = 0;
        for (const QJsonValue& bot : bots) {
            const qint64 uid = bot.toObject().value(u"uid").toInteger();
            QVERIFY(uid <= -50 && uid != -100 && uid < previous);
            previous = uid;
            QVERIFY(bot.toObject().value(u"avatar").toString().startsWith(u"http://"));
        }
        // _uinfo=name on a list: byuid -> by_u_name.
        const Reply named =
            get(QStringLiteral("/q.php/msg.index.inbox.json?_uinfo=name&pageSize=1"), Companion::demoSid());
        QVERIFY(named.json.value(u"msgList").toArray().first().toObject().contains(u"by_u_name"));
    }

    void faces()
    {
        const Reply r = get(QStringLiteral("/q.php/api.face.json"));
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        const QJsonObject faces = r.json.value(u"faceList").toObject();
        QCOMPARE(faces.value(u"滑稽").toString(), QStringLiteral("/img/face/e6bb91e7a8bd.gif"));
        const Reply image = get(faces.value(u"滑稽").toString());
        QCOMPARE(image.status, 200);
        QVERIFY(!QImage::fromData(image.body).isNull());
        QCOMPARE(get(QStringLiteral("/img/face/00.gif")).status, 404);
    }

    void unknownPageIsError1404()
    {
        const Reply r = get(QStringLiteral("/q.php/no.such.page.json"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
        QCOMPARE(r.json.value(u"error").toString(), QStringLiteral("true"));
        QCOMPARE(r.json.value(u"errInfo").toObject().value(u"code").toInt(), 1404);
        QCOMPARE(get(QStringLiteral("/elsewhere")).status, 404);
        QCOMPARE(get(QStringLiteral("/q.php")).status, 302);
    }

    void htmlPagesAreEscaped()
    {
        const Reply r = get(QStringLiteral("/q.php/msg.index.view.2000112.html"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/html"));
        QVERIFY(r.body.contains("&lt;script&gt;"));
        QVERIFY(!r.body.contains("<script>"));
        for (const QString& page :
             {QStringLiteral("/q.php/bbs.topic.105001.html?floor=12"),
              QStringLiteral("/q.php/addin.chat.%E5%85%AC%E5%85%B1.html?floor=%3Cb%3E"),
              QStringLiteral("/q.php/user.info.-50.html"), QStringLiteral("/q.php/msg.index.@.html"),
              QStringLiteral("/q.php/index.index.html")}) {
            const Reply page2 = get(page, Companion::demoSid());
            QCOMPARE(page2.status, 200);
            QVERIFY2(!page2.body.contains("<script"), qPrintable(page));
            QVERIFY2(!page2.body.contains("<b>&lt;b&gt;"), qPrintable(page));
        }
        QVERIFY(get(QStringLiteral("/q.php/addin.chat.x.html?floor=%3Cb%3E")).body.contains("&lt;b&gt;"));
        QVERIFY(
            get(QStringLiteral("/q.php/msg.index.inbox.html"), Companion::demoSid()).body.contains("&lt;script&gt;"));
    }

    /// POST /admin/push over a raw connection from `source` (any 127.x address): the status code.
    int adminPushFrom(const QHostAddress& source, const QByteArray& token)
    {
        QTcpSocket socket;
        if (!socket.bind(source, 0))
            return -1;
        socket.connectToHost(QHostAddress::LocalHost, m_companion->emulator()->serverPort());
        if (!socket.waitForConnected(5000))
            return -2;
        const QByteArray body = R"({"touid":10086,"byuid":1,"type":0,"content":[]})";
        socket.write("POST /admin/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                     "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\n\r\n" + body);
        if (!QTest::qWaitFor([&socket] { return socket.peek(64).contains("\r\n"); }, 5000))
            return -3;
        return socket.readLine().split(' ').value(1).toInt();
    }

    static qint64 residentBytes()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
        }
        return 0;
    }

    std::unique_ptr<QTcpSocket> rawHttp()
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_companion->emulator()->serverPort());
        if (!socket->waitForConnected(5000))
            return nullptr;
        return socket;
    }

    void oversizedBodiesGet413()
    {
        const QByteArray head = "POST /admin/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test-token\r\n";
        // Announced too large: refused at once, no byte of the body needed.
        auto announced = rawHttp();
        QVERIFY(announced);
        announced->write(head + "Content-Length: 1073741824\r\n\r\n");
        QTRY_VERIFY(announced->peek(64).startsWith("HTTP/1.1 413 Payload Too Large\r\n"));
        // Chunked: refused once the chunks announced pass the limit.
        auto chunked = rawHttp();
        QVERIFY(chunked);
        chunked->write(head + "Transfer-Encoding: chunked\r\n\r\n80000\r\n" + QByteArray(0x80000, 'x') +
                       "\r\n80001\r\n");
        QTRY_VERIFY(chunked->peek(64).startsWith("HTTP/1.1 413 Payload Too Large\r\n"));
        // Headers without end: 431.
        auto endless = rawHttp();
        QVERIFY(endless);
        endless->write(head + "X-Pad: " + QByteArray(20000, 'p'));
        QTRY_VERIFY(endless->peek(64).startsWith("HTTP/1.1 431 "));
        // A body of exactly the limit still reaches the handler (which finds no JSON in it: 400).
        auto atLimit = rawHttp();
        QVERIFY(atLimit);
        atLimit->write(head + "Content-Length: 1048576\r\nConnection: close\r\n\r\n" + QByteArray(1048576, ' '));
        QTRY_VERIFY_WITH_TIMEOUT(atLimit->peek(64).startsWith("HTTP/1.1 400 "), 10000);
        // Keep-alive framing: a small body, then a second request on the same connection.
        auto pipelined = rawHttp();
        QVERIFY(pipelined);
        const QByteArray get = "GET /q.php/user.stat.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        pipelined->write(head + "Content-Length: 3\r\n\r\n{}x" + get);
        QTRY_COMPARE(pipelined->peek(1 << 16).count("HTTP/1.1 "), 2);
        QVERIFY(!pipelined->peek(1 << 16).contains("413"));
    }

    void hugeUploadsKeepMemoryBounded_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("content-length") << false;
        QTest::newRow("chunked") << true;
    }

    void hugeUploadsKeepMemoryBounded()
    {
        QFETCH(bool, chunked);
        constexpr qint64 gigabyte = 1024 * 1024 * 1024;
        constexpr qint64 piece = 1024 * 1024;
        auto socket = rawHttp();
        QVERIFY(socket);
        const qint64 before = residentBytes();
        qint64 peak = before;
        socket->write(QByteArray("POST /admin/push HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
                      (chunked ? QByteArray("Transfer-Encoding: chunked\r\n\r\n")
                               : "Content-Length: " + QByteArray::number(gigabyte) + "\r\n\r\n"));
        const QByteArray data(piece, 'x');
        const QByteArray chunk = QByteArray::number(piece, 16) + "\r\n" + data + "\r\n";
        qint64 sent = 0;
        int round = 0;
        // Sends as fast as the server takes it, up to 1 GiB, until the server hangs up.
        while (sent < gigabyte && socket->state() == QAbstractSocket::ConnectedState) {
            if (socket->bytesToWrite() < 2 * piece) {
                socket->write(chunked ? chunk : data);
                sent += piece;
            }
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            if (++round % 16 == 0)
                peak = std::max(peak, residentBytes());
        }
        peak = std::max(peak, residentBytes());
        qInfo() << "sent" << sent / piece << "MiB before the server hung up; resident set grew by"
                << (peak - before) / 1024 << "KiB";
        QVERIFY2(sent < gigabyte, "the server read a whole gigabyte");
        // The documented bound: 1 MiB of body + 16 KiB of head + 256 KiB read buffer per connection; the rest is
        // the client's own buffers (2 MiB) and allocator slack.
        QVERIFY2(peak - before < 32 * piece, qPrintable(QString::number(peak - before)));
        QCOMPARE(get(QStringLiteral("/q.php/user.stat.json"), Companion::demoSid()).status, 200);
    }

    void wrongAdminTokensBackOffForEveryone()
    {
        qint64 now = 5000;
        m_companion->emulator()->setClock([&now] { return now; });
        const QByteArray body = R"({"touid":10086,"byuid":1,"type":0,"content":[]})";
        // Rotating 127.x addresses does not buy more guesses: the count is global.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(adminPushFrom(QHostAddress(QStringLiteral("127.0.0.%1").arg(i + 2)), "guess"), 401);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: wrong admin tokens, 5 in a")));
        QCOMPARE(adminPushFrom(QHostAddress(QStringLiteral("127.0.0.9")), "guess"), 401);
        QCOMPARE(adminPushFrom(QHostAddress(QStringLiteral("127.0.0.10")), "guess"), 429);
        // Five wrong tokens keep the real admin out for a second, not a minute.
        const Reply waiting = adminPush(body);
        QCOMPARE(waiting.status, 429);
        QCOMPARE(waiting.header("Retry-After"), QByteArray("1"));
        now += 1000;
        QCOMPARE(adminPush(body).status, 200);
        // A success resets the count; a guesser who keeps going waits twice as long each time, up to 30 s.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(adminPush(body, "again").status, 401);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("limit hit: wrong admin tokens")));
        QCOMPARE(adminPush(body, "again").status, 401);
        for (const int seconds : {1, 2, 4, 8, 16, 30, 30}) {
            QCOMPARE(adminPush(body, "again").header("Retry-After"), QByteArray::number(seconds));
            now += seconds * 1000;
            QCOMPARE(adminPush(body, "again").status, 401);
        }
        now += 30 * 1000;
        QCOMPARE(adminPush(body).status, 200);
    }

    void adminPushStoresAndPushes()
    {
        ServerProbe probe(QNetworkRequest(ServerProbe::withSid(m_companion->pushUrl(), Companion::demoSid())));
        QVERIFY(probe.waitConnected());
        const QByteArray body = R"({"touid":10086,"byuid":-50,"type":1,"content":[{"type":"atMsg","uid":-50,)"
                                R"("pos":"聊天室“hu60bot”第1楼中","url":"addin.chat.hu60bot.{$BID}?floor=1#1",)"
                                R"("msg":[{"type":"text","value":"你好"}]}]})";
        QCOMPARE(adminPush(body, "wrong").status, 401);
        QCOMPARE(adminPush(body, "").status, 401);
        QCOMPARE(adminPush(R"({"touid":10086,"byuid":1,"type":3,"content":[]})").status, 400);
        QCOMPARE(adminPush(R"({"touid":999999,"byuid":1,"type":0,"content":[]})").status, 400);
        QCOMPARE(adminPush("not json").status, 400);
        QVERIFY(probe.sync());
        QVERIFY(probe.frames.isEmpty());

        const Reply r = adminPush(body);
        QCOMPARE(r.status, 200);
        const qint64 id = r.json.value(u"id").toInteger();
        QVERIFY(id > 2000100);
        const QByteArray frame = probe.next();
        QVERIFY(frame.startsWith(QByteArray("{\"event\":\"msg\",\"data\":{\"id\":" + QByteArray::number(id) + ",")));
        QVERIFY(frame.contains("\"content\":\"[{\\\"type\\\":\\\"atMsg\\\","));
        QVERIFY(frame.contains("addin.chat.hu60bot.{$BID}?floor=1#1")); // slashes and braces unescaped

        // Saved before the reply: a fresh Store sees it, unread.
        server::Store reloaded;
        QString error;
        QVERIFY2(reloaded.loadFile(dataFile(), {}, &error), qPrintable(error));
        const auto stored = reloaded.message(id);
        QVERIFY(stored);
        QCOMPARE(stored->isread, 0);
        QCOMPARE(stored->byuid, -50);
        QVERIFY(stored->ctime > 0);
    }

    void sendStoresAnUnreadMessageAndPushesIt()
    {
        const QString asanSid = QStringLiteral("Hu60DemoSid02333ASan0000001");
        ServerProbe probe(QNetworkRequest(ServerProbe::withSid(m_companion->pushUrl(), asanSid)));
        QVERIFY(probe.waitConnected());
        const QByteArray form = "application/x-www-form-urlencoded";
        const auto inboxOf2333 = [&] {
            return get(QStringLiteral("/q.php/msg.index.inbox.no.json?_content=json&pageSize=1000"), asanSid)
                .json.value(u"msgList")
                .toArray();
        };
        const qsizetype before = inboxOf2333().size();

        // Refused: no login (the redirect to the login JSON), empty or whitespace-only text, an unknown user.
        Reply r = post(QStringLiteral("/q.php/msg.index.send.2333.json"), "content=hi&go=1", form);
        QCOMPARE(r.status, 302);
        QVERIFY(r.header("Location").startsWith("/q.php/user.login.json?u=msg.index.send.2333.json"));
        for (const QByteArray& empty : {QByteArray("content=&go=1"), QByteArray("content=%20%0A%09+&go=1"),
                                        QByteArray("content=%3C!md%3E%0A%20&go=1"), QByteArray("go=1")}) {
            r = post(QStringLiteral("/q.php/msg.index.send.2333.json"), empty, form, Companion::demoSid());
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json.value(u"success"), QJsonValue(false));
            QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("发送内容不能为空"));
            QCOMPARE(r.json.value(u"toUid").toInteger(), 2333);
        }
        r = post(QStringLiteral("/q.php/msg.index.send.999999.json"), "content=hi&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(false));
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("该用户不存在！"));
        r = post(QStringLiteral("/q.php/msg.index.send.json"), "name=nobody&content=hi&go=1", form,
                 Companion::demoSid());
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("该用户不存在！"));
        QVERIFY(probe.sync());
        QVERIFY(probe.frames.isEmpty());
        QCOMPARE(inboxOf2333().size(), before);

        // Sent by uid: stored unread from the sender, with the text decoded ('&', '=', '+', newlines, Chinese), and
        // pushed to the recipient's connection.
        r = post(QStringLiteral("/q.php/msg.index.send.2333.json"),
                 "content=%E5%A5%BD%E7%9A%84%20a%26b%3Dc%2Bd%0Aline+two&go=1", form, Companion::demoSid());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json, QJsonObject({{QStringLiteral("success"), true}}));
        const QJsonArray inbox = inboxOf2333();
        QCOMPARE(inbox.size(), before + 1);
        const QJsonObject newest = inbox.first().toObject();
        QCOMPARE(newest.value(u"byuid").toInteger(), Companion::demoUid());
        QCOMPARE(newest.value(u"touid").toInteger(), 2333);
        QCOMPARE(newest.value(u"type").toInt(), 0);
        QCOMPARE(newest.value(u"isread").toInt(), 0);
        QCOMPARE(newest.value(u"content").toArray(),
                 QJsonArray({QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("value"), QStringLiteral("好的 a&b=c+d\nline two")}}}));
        const QByteArray frame = probe.next();
        QVERIFY(frame.startsWith(QByteArray(
            "{\"event\":\"msg\",\"data\":{\"id\":" + QByteArray::number(newest.value(u"id").toInteger()) + ",")));
        // Go's encoder escapes '&' as \u0026 in the push, as the real server does.
        QVERIFY2(frame.contains(QStringLiteral("好的 a\\u0026b=c+d").toUtf8()), frame.constData());

        // By name, Markdown: stored as a Markdown message.
        r = post(
            QStringLiteral("/q.php/msg.index.send.json"),
            QByteArray("name=" + QUrl::toPercentEncoding(QStringLiteral("阿三")) + "&content=%3C!md%3E%0A**hi**&go=1"),
            form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        QCOMPARE(inboxOf2333().first().toObject().value(u"content").toArray(),
                 QJsonArray({QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}},
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("value"), QStringLiteral("**hi**")}}}));
        QVERIFY(!probe.next().isEmpty());

        // Too large a body is refused without storing anything.
        r = post(QStringLiteral("/q.php/msg.index.send.2333.json"),
                 QByteArray("content=" + QByteArray(600 * 1024, 'a') + "&go=1"), form, Companion::demoSid());
        QCOMPARE(r.json.value(u"error").toString(), QStringLiteral("true"));
        QCOMPARE(inboxOf2333().size(), before + 2);
    }

    // A form page's token, for the demo user unless `sid` says otherwise.
    QString tokenOf(const QString& page, const QString& sid = Companion::demoSid())
    {
        return get(page, sid).json.value(u"token").toString();
    }

    void chatRoomLinesMentionAndPush()
    {
        const QString asanSid = QStringLiteral("Hu60DemoSid02333ASan0000001");
        ServerProbe probe(QNetworkRequest(ServerProbe::withSid(m_companion->pushUrl(), asanSid)));
        QVERIFY(probe.waitConnected());
        const QByteArray form = "application/x-www-form-urlencoded";
        // The room of a demo @ (PHP urlencode, '+' for the space), at its floor: the line it came from and a token.
        const QString room = QStringLiteral("/q.php/addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.json");
        Reply r = get(room + QStringLiteral("?floor=77&pageSize=1&_content=json"), Companion::demoSid());
        QCOMPARE(r.json.value(u"chatRomName").toString(), QStringLiteral("闲聊 灌水"));
        const QJsonArray lines = r.json.value(u"chatList").toArray();
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().toObject().value(u"lid").toInt(), 77);
        QCOMPARE(lines.first().toObject().value(u"uid").toInteger(), 2333);
        QString token = r.json.value(u"token").toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(token).hasMatch());

        // Refused: no login; a token not issued; empty text (with a fresh token in the answer each time).
        r = post(room, "content=hi&token=" + token.toLatin1() + "&go=1", form);
        QCOMPARE(r.status, 302);
        r = post(room, "content=hi&token=0123456789abcdef0123456789abcdef&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(false));
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("检测到重复发言，请先确认发言是否已经成功。"));
        QVERIFY(!r.json.value(u"token").toString().isEmpty());
        r = post(room, "content=%20&token=" + token.toLatin1() + "&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("内容不能为空"));
        // That token was used by the refused post: it is gone.
        r = post(room, "content=hi&token=" + token.toLatin1() + "&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("检测到重复发言，请先确认发言是否已经成功。"));
        // Another user's token is not ours.
        r = post(room, "content=hi&token=" + tokenOf(room, asanSid).toLatin1() + "&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(false));
        QVERIFY(probe.sync());
        QVERIFY(probe.frames.isEmpty());

        // Said, mentioning 阿三 by uid: the next floor, and 阿三 gets an atMsg pointing at it, pushed.
        token = r.json.value(u"token").toString();
        r = post(room, "content=%3C!md%3E%0A@%232333%EF%BC%8C**%E5%A5%BD**&token=" + token.toLatin1() + "&go=1", form,
                 Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        QVERIFY2(r.json.value(u"url").toString().startsWith(
                     QStringLiteral("addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.json?r=")),
                 qPrintable(r.json.value(u"url").toString()));
        r = get(room + QStringLiteral("?pageSize=1&_content=json"), Companion::demoSid());
        const QJsonObject line = r.json.value(u"chatList").toArray().first().toObject();
        QCOMPARE(line.value(u"lid").toInt(), 78);
        QCOMPARE(line.value(u"uid").toInteger(), Companion::demoUid());
        const QJsonArray mentions =
            get(QStringLiteral("/q.php/msg.index.@.no.json?_content=json"), asanSid).json.value(u"msgList").toArray();
        QCOMPARE(mentions.size(), 1);
        const QJsonObject atMsg = mentions.first().toObject().value(u"content").toArray().first().toObject();
        QCOMPARE(atMsg.value(u"type").toString(), QStringLiteral("atMsg"));
        QCOMPARE(atMsg.value(u"uid").toInteger(), Companion::demoUid());
        QCOMPARE(atMsg.value(u"pos").toString(), QStringLiteral("聊天室“闲聊 灌水”第78楼中"));
        QCOMPARE(atMsg.value(u"url").toString(),
                 QStringLiteral("addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.{$BID}?floor=78#78"));
        const QJsonArray said = atMsg.value(u"msg").toArray();
        QCOMPARE(said.at(0).toObject().value(u"type").toString(), QStringLiteral("markdown"));
        QCOMPARE(said.at(1).toObject().value(u"type").toString(), QStringLiteral("at"));
        QCOMPARE(said.at(1).toObject().value(u"uid").toInteger(), 2333);
        QCOMPARE(said.at(2).toObject().value(u"value").toString(), QStringLiteral("，**好**"));
        const QByteArray frame = probe.next();
        QVERIFY2(frame.contains("\"type\":1") && frame.contains("atMsg"), frame.constData());

        // The token is single use even after a success.
        r = post(room, "content=again&token=" + token.toLatin1() + "&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(false));

        // Room names the forum would not accept; the room list hides private-sounding rooms.
        r = get(QStringLiteral("/q.php/addin.chat.%3Cscript%3E.json"), Companion::demoSid());
        QCOMPARE(r.json.value(u"error").toString(), QStringLiteral("true"));
        const QJsonArray rooms = get(QStringLiteral("/q.php/addin.chat.json")).json.value(u"chatRomList").toArray();
        QStringList names;
        for (const QJsonValue& v : rooms)
            names.append(v.toObject().value(u"name").toString());
        QVERIFY2(names.contains(QStringLiteral("闲聊 灌水")) && names.contains(QStringLiteral("hu60bot")),
                 qPrintable(names.join(u',')));
    }

    void topicRepliesKeepTheForumsRules()
    {
        const QByteArray form = "application/x-www-form-urlencoded";
        // A reply to the topic of a demo @, at the next floor.
        Reply r =
            get(QStringLiteral("/q.php/bbs.topic.105001.json?floor=12&pageSize=1&_content=json"), Companion::demoSid());
        QCOMPARE(r.json.value(u"tMeta").toObject().value(u"title").toString(), QStringLiteral("Qt6 托盘程序开发记录"));
        QCOMPARE(r.json.value(u"canReply"), QJsonValue(true));
        QCOMPARE(r.json.value(u"tContents").toArray().first().toObject().value(u"floor").toInt(), 12);
        QString token = r.json.value(u"token").toString();
        r = post(QStringLiteral("/q.php/bbs.newreply.105001.json"),
                 "content=%E6%AD%A3%E5%B8%B8&token=" + token.toLatin1() + "&go=1", form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        QCOMPARE(r.json.value(u"url").toString(), QStringLiteral("bbs.topic.105001.json?floor=13#13"));
        // Empty text, then a used token.
        token = tokenOf(QStringLiteral("/q.php/bbs.newreply.105001.json"));
        r = post(QStringLiteral("/q.php/bbs.newreply.105001.json"), "content=&token=" + token.toLatin1() + "&go=1",
                 form, Companion::demoSid());
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("回复内容不能为空"));
        r = post(QStringLiteral("/q.php/bbs.newreply.105001.json"), "content=x&token=" + token.toLatin1() + "&go=1",
                 form, Companion::demoSid());
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("检测到重复发言，请先确认发言是否已经成功。"));

        // Comments closed: only the author (uid 1) may reply; everybody else is told so.
        r = get(QStringLiteral("/q.php/bbs.topic.105002.json"), Companion::demoSid());
        QCOMPARE(r.json.value(u"canReply"), QJsonValue(false));
        r = post(QStringLiteral("/q.php/bbs.newreply.105002.json"),
                 "content=x&token=" + r.json.value(u"token").toString().toLatin1() + "&go=1", form,
                 Companion::demoSid());
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("评论已关闭，仅楼主可回复"));
        // A topic that does not exist, and no login.
        r = get(QStringLiteral("/q.php/bbs.topic.999.json"), Companion::demoSid());
        QCOMPARE(r.json.value(u"error").toString(), QStringLiteral("true"));
        r = post(QStringLiteral("/q.php/bbs.newreply.105001.json"), "content=x&token=y&go=1", form);
        QCOMPARE(r.status, 302);
    }

    void robotsAnswerInTheirRoomAndInTheInbox()
    {
        ServerProbe probe(QNetworkRequest(ServerProbe::withSid(m_companion->pushUrl(), Companion::demoSid())));
        QVERIFY(probe.waitConnected());
        const QByteArray form = "application/x-www-form-urlencoded";
        const QString room = QStringLiteral("/q.php/addin.chat.hu60bot.json");
        Reply r = post(room,
                       "content=%3C!md%3E%0A@%23-50%20%E4%BD%A0%E5%A5%BD%EF%BC%9F&token=" + tokenOf(room).toLatin1() +
                           "&go=1",
                       form, Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        // The robot's answer: an @ to the asker from uid -50, in the same room, quoting the question.
        const QByteArray answer = probe.next(5000);
        QVERIFY2(answer.contains("\"byuid\":-50") && answer.contains("hu60bot"), answer.constData());
        QVERIFY2(QString::fromUtf8(answer).contains(QStringLiteral("你好？")), answer.constData());
        // A private message to a robot is answered privately.
        r = post(QStringLiteral("/q.php/msg.index.send.-51.json"), "content=%E5%9C%A8%E5%90%97&go=1", form,
                 Companion::demoSid());
        QCOMPARE(r.json.value(u"success"), QJsonValue(true));
        const QByteArray privateAnswer = probe.next(5000);
        QVERIFY2(privateAnswer.contains("\"byuid\":-51") && privateAnswer.contains("\"type\":0"),
                 privateAnswer.constData());
    }

    void relationshipsMuteAndBlockOnTheForum()
    {
        const QString asanSid = QStringLiteral("Hu60DemoSid02333ASan0000001");
        const QByteArray form = "application/x-www-form-urlencoded";
        const auto relate = [&](const QByteArray& body, const QString& sid = Companion::demoSid()) {
            return post(QStringLiteral("/q.php/user.relationship.json"), body, form, sid);
        };
        const auto sendFrom2333 = [&](const QByteArray& text) {
            return post(QStringLiteral("/q.php/msg.index.send.10086.json"), "content=" + text + "&go=1", form, asanSid);
        };
        QCOMPARE(relate("action=no_disturb&targetUid=2333", QString()).status, 302);
        QCOMPARE(relate("action=shout&targetUid=2333").json.value(u"success"), QJsonValue(false));
        QCOMPARE(relate("action=block&targetUid=999999").json.value(u"success"), QJsonValue(false));
        QCOMPARE(relate("action=block&targetUid=10086").json.value(u"success"), QJsonValue(false));

        // Muted: user.info says so, and 2333's messages arrive already read (not counted as unread).
        const int unreadBefore = statValue("newMsg");
        QCOMPARE(relate("action=no_disturb&targetUid=2333").json.value(u"success"), QJsonValue(true));
        QCOMPARE(get(QStringLiteral("/q.php/user.info.2333.json"), Companion::demoSid()).json.value(u"isNoDisturb"),
                 QJsonValue(true));
        QCOMPARE(sendFrom2333("muted").json.value(u"success"), QJsonValue(true));
        QCOMPARE(statValue("newMsg"), unreadBefore);
        QCOMPARE(relate("action=disturb&targetUid=2333").json.value(u"success"), QJsonValue(true));
        QCOMPARE(sendFrom2333("heard").json.value(u"success"), QJsonValue(true));
        QCOMPARE(statValue("newMsg"), unreadBefore + 1);

        // Blocked: 2333's private messages are refused with the forum's words; kept across a restart.
        QCOMPARE(relate("action=block&targetUid=2333").json.value(u"success"), QJsonValue(true));
        Reply r = sendFrom2333("blocked");
        QCOMPARE(r.json.value(u"success"), QJsonValue(false));
        QCOMPARE(r.json.value(u"notice").toString(), QStringLiteral("用户[小明]屏蔽了您的内信"));
        m_companion.reset();
        start();
        QCOMPARE(get(QStringLiteral("/q.php/user.info.2333.json"), Companion::demoSid()).json.value(u"isBlock"),
                 QJsonValue(true));
        QCOMPARE(relate("action=unblock&targetUid=2333").json.value(u"success"), QJsonValue(true));
        QCOMPARE(sendFrom2333("again").json.value(u"success"), QJsonValue(true));
    }

    void corruptDataFileIsReportedAndKept()
    {
        m_companion.reset();
        const QByteArray corrupt = R"({"users":[{"uid":1,"name":"a"}],"messages":[{"id":"x"}]})";
        QFile file(dataFile());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(corrupt);
        file.close();
        Companion companion;
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.dataFile = dataFile();
        QString error;
        QVERIFY(!companion.start(options, &error));
        QVERIFY2(error.contains(QStringLiteral("messages[0]")), qPrintable(error));
        QVERIFY(!companion.isRunning());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), corrupt);
    }
};

HU60_SERVER_TEST_MAIN(TestForumEmulator)
#include "tst_forumemulator.moc"
