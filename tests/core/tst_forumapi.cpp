// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/forum/forumapi.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

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
};

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

QTEST_GUILESS_MAIN(TestForumApi)
#include "tst_forumapi.moc"
