// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/content.h"
#include "core/content/htmlfilter.h"
#include "core/content/jsontree.h"

#include "testconfig.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonArray parse(const QString& json)
{
    return QJsonDocument::fromJson(json.toUtf8()).array();
}

QJsonObject segment(std::initializer_list<QPair<QString, QJsonValue>> members)
{
    QJsonObject o;
    for (const auto& [key, value] : members)
        o.insert(key, value);
    return o;
}

QJsonObject text(const QString& value)
{
    return segment({{u"type"_s, u"text"_s}, {u"value"_s, value}});
}

QJsonObject markdownMarker()
{
    return segment({{u"type"_s, u"markdown"_s}});
}

/// Everything a renderer output must never contain, whatever the input.
void checkSafe(const QString& html)
{
    const QString lower = html.toLower();
    QVERIFY2(!lower.contains(u"<script"_s), qPrintable(html.left(2000)));
    QVERIFY2(!lower.contains(u"javascript:"_s), qPrintable(html.left(2000)));
    QVERIFY2(!lower.contains(u"vbscript:"_s), qPrintable(html.left(2000)));
    QVERIFY2(!lower.contains(u"file:"_s), qPrintable(html.left(2000)));
    static const QRegularExpression style(u"style=\"([^\"]*)\""_s, QRegularExpression::CaseInsensitiveOption);
    for (auto it = style.globalMatch(html); it.hasNext();) {
        const QString css = it.next().captured(1).toLower();
        QVERIFY2(!css.contains(u"expression"_s) && !css.contains(u"url("_s) && !css.contains(u"position"_s),
                 qPrintable(css));
    }
    static const QRegularExpression handler(u"<[^>]*\\son[a-z]+\\s*="_s, QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(!handler.match(html).hasMatch(), qPrintable(html.left(2000)));
    static const QRegularExpression ref(u"\\s(href|src)\\s*=\\s*\"([^\"]*)\""_s,
                                        QRegularExpression::CaseInsensitiveOption);
    for (auto it = ref.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString value = m.captured(2);
        const bool ok = value.startsWith(u"http://"_s) || value.startsWith(u"https://"_s) ||
                        (m.captured(1) == u"href" && value.startsWith(u"mailto:"_s));
        QVERIFY2(ok, qPrintable(m.captured(0)));
    }
}

} // namespace

class TestContent : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void fixtures();
    void textUbb();
    void textCrLf();
    void faces();
    void mentions();
    void atMsg();
    void atMsgLegacyString();
    void atMsgMissingUrl();
    void markdownDocument();
    void markdownLineBreaks();
    void markdownInlineFacesAndMentions();
    void layoutAndStyle();
    void links();
    void images();
    void code();
    void mediaAndEmbeds();
    void misc();
    void notices();
    void unknownTypes();
    void emptyContent();
    void looseMemberTypes();
    void bidResolution();
    void siteBaseOverride();
    void summaryBounds();

    void injectionText();
    void injectionLinks_data();
    void injectionLinks();
    void injectionMarkdown();
    void spoofedHostsAndMailtoExtras();
    void markdownLinkTargetsAreDecoded();
    void injectionImagesAndFaces();
    void injectionStyle();
    void hugeText();
    void markdownCostBomb();
    void deepNestingJson();
    void deepNestingValues();
    void unparseable();

    void jsonTreeAgreesWithQJsonDocument();
    void jsonTreeFixturesTakeTheFastPath();
    void ownMarkupIsFiltered();
    void defuseMatchesPatterns();
    void pageUrlMatchesParsing();
};

void TestContent::init()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
}

void TestContent::fixtures()
{
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    int rendered = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject frame = QJsonDocument::fromJson(line).object();
        if (frame.value("event"_L1).toString() != u"msg")
            continue;
        const QJsonObject data = frame.value("data"_L1).toObject();
        if (!data.value("content"_L1).isString())
            continue;
        const qint64 id = data.value("id"_L1).toInteger();
        const int type = data.value("type"_L1).toInt();
        const content::Rendered r = content::renderContent(data.value("content"_L1).toString(), id, type);
        QVERIFY2(r.error.isEmpty(), qPrintable(QString::number(id) + u": " + r.error));
        QVERIFY2(!r.html.trimmed().isEmpty(), qPrintable(QString::number(id)));
        QVERIFY2(!r.summary.trimmed().isEmpty(), qPrintable(QString::number(id)));
        QVERIFY(r.summary.size() <= 281);
        checkSafe(r.html);
        if (type == 1) {
            const QJsonObject at =
                QJsonDocument::fromJson(data.value("content"_L1).toString().toUtf8()).array().first().toObject();
            const QByteArray expected =
                "https://hu60.cn/q.php/" + at.value("url"_L1).toString().replace(u"{$BID}"_s, u"html"_s).toUtf8();
            QCOMPARE(r.url.toEncoded(), expected);
        } else {
            QCOMPARE(r.url.toEncoded(), "https://hu60.cn/q.php/msg.index.view." + QByteArray::number(id) + ".html");
        }
        ++rendered;
    }
    QVERIFY(rendered >= 30);
}

void TestContent::textUbb()
{
    const auto r = content::render(
        parse(uR"J([{"type":"text","value":"<script>alert('xss')</script> & <b>不是粗体</b>  两个空格\n下一行"}])J"_s),
        7, 0);
    QVERIFY(r.html.contains(u"&lt;script&gt;alert"_s));
    QVERIFY(r.html.contains(u"&lt;b&gt;不是粗体&lt;/b&gt;"_s));
    QVERIFY(r.html.contains(u"&amp;"_s));
    QVERIFY(r.html.contains(u"&nbsp;两个空格<br />下一行"_s));
    QVERIFY(r.summary.startsWith(u"<script>alert('xss')</script> & <b>不是粗体</b> 两个空格\n下一行"_s));
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.view.7.html"_s));
    checkSafe(r.html);
}

void TestContent::textCrLf()
{
    const auto r = content::render(parse(uR"J([{"type":"text","value":"第一行\r\n第二行\r\n"}])J"_s), 1, 0);
    QVERIFY(r.html.contains(u"第一行<br />第二行"_s));
    QVERIFY(!r.html.contains(u'\r'));
    QCOMPARE(r.summary, u"第一行\n第二行"_s);
}

void TestContent::faces()
{
    const QUrl base(u"https://hu60.cn"_s);
    QCOMPARE(content::faceUrl(u"滑稽", base), QUrl(u"https://hu60.cn/img/face/e6bb91e7a8bd.gif"_s));
    QCOMPARE(content::faceUrl(u"ok", base), QUrl(u"https://hu60.cn/img/face/6f6b.gif"_s));
    QCOMPARE(content::faceUrl(u"https://file.hu60.cn/face/custom.gif#64", base),
             QUrl(u"https://file.hu60.cn/face/custom.gif"_s));
    QVERIFY(!content::faceUrl(u"javascript:alert(1)", base).isValid());
    QVERIFY(!content::faceUrl(u"data:image/png;base64,AAAA", base).isValid());
    QVERIFY(!content::faceUrl(u"", base).isValid());

    const auto r = content::render(parse(uR"J([{"type":"face","face":"滑稽"},{"type":"face","face":"ok"}])J"_s), 1, 0);
    QVERIFY(r.html.contains(u"src=\"https://hu60.cn/img/face/e6bb91e7a8bd.gif\""_s));
    QVERIFY(r.html.contains(u"alt=\"{滑稽}\""_s));
    QVERIFY(r.html.contains(u"height=\"20\""_s));
    QCOMPARE(r.summary, u"{滑稽}{ok}"_s);
}

void TestContent::mentions()
{
    const auto segments = parse(
        uR"J([{"type":"at","tag":"小明","uid":10086},{"type":"text","value":" "},{"type":"at","tag":"不存在的用户","uid":false},)J"
        uR"J({"type":"text","value":" "},{"type":"at","tag":"#-50","uid":"-50"},{"type":"at","tag":"空","uid":null}])J"_s);
    auto r = content::render(segments, 1, 0);
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/user.info.10086.html\">@小明</a>"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/user.info.-50.html\">@#-50</a>"_s));
    QVERIFY(r.html.contains(u"@不存在的用户"_s));
    QVERIFY(!r.html.contains(u"user.info.0."_s));
    QCOMPARE(r.summary, u"@小明 @不存在的用户 @#-50@空"_s);

    content::RenderOptions options;
    options.userName = [](qint64 uid) { return uid == -50 ? u"ChatGPT"_s : QString(); };
    r = content::render(segments, 1, 0, options);
    QVERIFY(r.html.contains(u">@ChatGPT</a>"_s));
    QVERIFY(r.html.contains(u">@小明</a>"_s));
}

void TestContent::atMsg()
{
    const QString json =
        uR"J([{"type":"atMsg","uid":2333,"pos":"聊天室“闲聊 灌水”第77楼中","url":"addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.{$BID}?floor=77#77",)J"
        uR"J("msg":[{"type":"at","tag":"小明","uid":10086},{"type":"text","value":" 来灌水 "},{"type":"face","face":"不高兴"}]}])J"_s;
    auto r = content::renderContent(json, 2000105, 1);
    QCOMPARE(r.url.toEncoded(),
             QByteArray("https://hu60.cn/q.php/addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.html?floor=77#77"));
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/user.info.2333.html\">#2333</a> 在 "_s));
    QVERIFY(r.html.contains(
        u"<a href=\"https://hu60.cn/q.php/addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.html?floor=77#77\">聊天室“闲聊 灌水”第77楼中</a> @你："_s));
    QVERIFY(r.html.contains(u"<blockquote>"_s));
    QVERIFY(r.html.contains(u"alt=\"{不高兴}\""_s));
    // The quoted context reads as a quote in plain text too, and nothing of it is Markdown.
    QCOMPARE(r.summary, u"#2333 在 聊天室“闲聊 灌水”第77楼中 @你：\n│ @小明 来灌水 {不高兴}"_s);

    content::RenderOptions options;
    options.userName = [](qint64 uid) { return uid == 2333 ? u"小红"_s : QString(); };
    r = content::renderContent(json, 2000105, 1, options);
    QVERIFY(r.summary.startsWith(u"小红 在 聊天室“闲聊 灌水”第77楼中 @你："_s));
    QVERIFY(r.html.contains(u">小红</a> 在 "_s));
}

void TestContent::atMsgLegacyString()
{
    const auto r = content::renderContent(
        uR"J([{"type":"atMsg","uid":1,"pos":"帖子“旧帖”的3楼","url":"bbs.topic.1234.{$BID}?floor=3#3","msg":"<!-- markdown -->\n@小明 **这是**很久以前的提醒"}])J"_s,
        2000107, 1);
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/bbs.topic.1234.html?floor=3#3"_s));
    QVERIFY(r.html.contains(u"很久以前的提醒"_s));
    QVERIFY2(r.html.contains(u"<b>这是</b>"_s), qPrintable(r.html));
    QVERIFY(!r.summary.contains(u"<!--"_s));
    QVERIFY(r.summary.contains(u"@小明 这是很久以前的提醒"_s));
    QVERIFY(!r.summary.contains(u"**"_s));
}

void TestContent::atMsgMissingUrl()
{
    auto r = content::render(parse(uR"J([{"type":"atMsg","uid":1,"pos":"某处","url":null,"msg":[]}])J"_s), 5, 1);
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.@.html"_s));
    r = content::render(parse(uR"J([{"type":"atMsg","uid":1,"pos":"某处","url":"javascript:alert(1)","msg":[]}])J"_s),
                        5, 1);
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.@.html"_s));
    checkSafe(r.html);
    r = content::render({}, 5, 1);
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.@.html"_s));
}

void TestContent::markdownDocument()
{
    const QString json =
        uR"J([{"type":"markdown"},{"type":"text","value":"## 部署步骤\n1. 先编译："},{"type":"mdpre","data":"`cmake --build build -j`"},)J"
        uR"J({"type":"text","value":"\n2. 文档见 "},{"type":"mdpre","data":"https://doc.qt.io/qt-6/qwebsocket.html"},{"type":"text","value":"\n\n"},)J"
        uR"J({"type":"mdcode","lang":"cpp","data":"\nif (a < b && b > c) { qDebug() << \"ok\"; }\n","quote":"```"},)J"
        uR"J({"type":"text","value":"\n| 列1 | 列2 |\n|---|---|\n| **粗体** | _斜体_ |\n\n<b>raw</b>"}])J"_s;
    const auto r = content::renderContent(json, 2000101, 0);
    QVERIFY(r.error.isEmpty());
    QVERIFY(r.html.contains(u"<h2"_s));
    QVERIFY(r.html.contains(u"部署步骤"_s));
    QVERIFY(r.html.contains(u"<ol"_s));
    QVERIFY2(r.html.contains(u"<code>cmake --build build -j</code>"_s), qPrintable(r.html));
    QVERIFY(r.html.contains(u"<pre"_s));
    QVERIFY(r.html.contains(u"if (a &lt; b &amp;&amp; b &gt; c)"_s));
    QVERIFY(r.html.contains(u"<table"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://doc.qt.io/qt-6/qwebsocket.html\">"_s));
    QVERIFY(r.html.contains(u"&lt;b&gt;raw&lt;/b&gt;"_s));
    QVERIFY2(r.summary.startsWith(u"部署步骤\n1. 先编译：cmake --build build -j"_s), qPrintable(r.summary));
    checkSafe(r.html);
}

void TestContent::markdownLineBreaks()
{
    const auto r = content::render(QJsonArray{markdownMarker(), text(u"第一行\r\n第二行\n\n第三段"_s)}, 1, 0);
    QVERIFY(r.html.contains(u"第一行"_s));
    QVERIFY(r.html.contains(u"第二行"_s));
    static const QRegularExpression joined(u"第一行\\s+第二行"_s);
    QVERIFY2(!joined.match(r.html).hasMatch(), qPrintable(r.html));
}

void TestContent::markdownInlineFacesAndMentions()
{
    const auto r = content::renderContent(
        uR"J([{"type":"markdown"},{"type":"text","value":"\r\n"},{"type":"at","tag":"老虎会游泳","uid":1},{"type":"text","value":", *强调*"},)J"
        uR"J({"type":"face","face":"哈哈"},{"type":"img","src":"https://file.hu60.cn/a.png#320","alt":"托盘图标"},)J"
        uR"J({"type":"url","url":"https://doc.qt.io/qt-6/qsystemtrayicon.html","title":"QSystemTrayIcon [文档]"}])J"_s,
        3, 0);
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/user.info.1.html\">"_s));
    QVERIFY(r.html.contains(u"@老虎会游泳"_s));
    QVERIFY(r.html.contains(u"src=\"https://hu60.cn/img/face/e59388e59388.gif\""_s));
    QVERIFY2(r.html.contains(u"alt=\"{哈哈}\""_s), qPrintable(r.html));
    QVERIFY(r.html.contains(u"height=\"20\""_s));
    QVERIFY(r.html.contains(u"src=\"https://file.hu60.cn/a.png\""_s));
    QVERIFY(r.html.contains(u"width=\"320\""_s));
    QVERIFY(r.html.contains(u"<a href=\"https://doc.qt.io/qt-6/qsystemtrayicon.html\">"_s));
    QVERIFY(r.html.contains(u"QSystemTrayIcon [文档]"_s));
    QVERIFY2(r.html.contains(u"<i>强调</i>"_s), qPrintable(r.html));
    // The plain text reads as the message does: emphasis without its stars, a link as its text.
    QCOMPARE(r.summary, u"@老虎会游泳, 强调{哈哈}[图片：托盘图标]QSystemTrayIcon [文档]"_s);
    checkSafe(r.html);
}

void TestContent::layoutAndStyle()
{
    const auto r = content::renderContent(
        uR"J([{"type":"layout","tag":"b"},{"type":"text","value":"粗"},{"type":"layout","tag":"/B"},{"type":"style","tag":"color","opt":"#ff0000"},)J"
        uR"J({"type":"text","value":"红色"},{"type":"style","tag":"/color"},{"type":"style","tag":"div","opt":"border:1px solid red;position:fixed;top:0;font-size:80px"},)J"
        uR"J({"type":"text","value":"巨大的框"},{"type":"layout","tag":"center"},{"type":"text","value":"居中（未闭合）"},{"type":"style","tag":"span","opt":"color:blue"},)J"
        uR"J({"type":"text","value":"蓝"},{"type":"style","tag":"/span"},{"type":"layout","tag":"/i"},{"type":"layout","tag":"i"},{"type":"layout","tag":"u"},)J"
        uR"J({"type":"text","value":"交叉"},{"type":"layout","tag":"/I"},{"type":"text","value":"下划线"}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(u"<b>粗</b>"_s));
    QVERIFY(r.html.contains(u"<span style=\"color:#ff0000\">红色</span>"_s));
    QVERIFY(r.html.contains(u"<p align=\"center\">居中（未闭合）"_s));
    QVERIFY(!r.html.contains(u"position"_s));
    QVERIFY(!r.html.contains(u"80px"_s));
    QVERIFY(!r.html.contains(u"blue"_s));
    // Mis-nested [i][u]…[/i]: the underline is closed and reopened, and every element is closed.
    QVERIFY(r.html.contains(u"<i><u>交叉</u></i><u>下划线</u>"_s));
    for (const QString& tag : {u"b"_s, u"i"_s, u"u"_s, u"div"_s, u"span"_s})
        QCOMPARE(r.html.count(u"<" + tag + u">") + r.html.count(u"<" + tag + u" "), r.html.count(u"</" + tag + u">"));
    QCOMPARE(r.summary, u"粗红色巨大的框\n居中（未闭合）蓝交叉下划线"_s);
}

void TestContent::links()
{
    const auto r = content::renderContent(
        uR"J([{"type":"url","url":"https://hu60.cn/q.php/bbs.topic.105001.html","title":""},{"type":"text","value":" "},)J"
        uR"J({"type":"urlzh","url":"bbs.topic.105002.html","title":null},{"type":"text","value":" "},)J"
        uR"J({"type":"urlout","url":"www.example.com/path?a=1&b=2","title":"外链"},{"type":"text","value":" "},)J"
        uR"J({"type":"urlname","url":"part2","title":"第二部分"},{"type":"text","value":" "},)J"
        uR"J({"type":"url","url":"#part2","title":"跳到第二部分"},{"type":"text","value":" "},)J"
        uR"J({"type":"url","url":"javascript:alert(1)","title":"点我"},{"type":"text","value":" "},)J"
        uR"J({"type":"urltxt","url":"https://github.com/rkonfj/hu60bot"},{"type":"mailtxt","mail":"hu60.cn@gmail.com"},)J"
        uR"J({"type":"url","url":"https://example.com/gallery","title":[{"type":"layout","tag":"b"},{"type":"imgzh","src":"https://example.com/a.png","alt":"图","in_link":true},{"type":"layout","tag":"/b"}]}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(
        u"<a href=\"https://hu60.cn/q.php/bbs.topic.105001.html\">https://hu60.cn/q.php/bbs.topic.105001.html</a>"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/bbs.topic.105002.html\">"_s));
    QVERIFY(r.html.contains(u"<a href=\"http://www.example.com/path?a=1&amp;b=2\">外链</a>"_s));
    QVERIFY(r.html.contains(u"第二部分"_s));
    QVERIFY(r.html.contains(u"跳到第二部分"_s));
    QVERIFY(!r.html.contains(u"#part2"_s));
    QVERIFY(r.html.contains(u"点我"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://github.com/rkonfj/hu60bot\">"_s));
    QVERIFY(r.html.contains(u"<a href=\"mailto:hu60.cn@gmail.com\">hu60.cn@gmail.com</a>"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://example.com/gallery\"><img src=\"https://example.com/a.png\""_s));
    QVERIFY2(r.summary.contains(u"外链"_s), qPrintable(r.summary));
    QVERIFY(!r.summary.contains(u"http://www.example.com/path"_s)); // a link reads as its text
    QVERIFY(r.summary.contains(u"点我"_s));
    QVERIFY(!r.summary.contains(u"javascript"_s));
    QVERIFY2(r.summary.contains(u"[图片：图]"_s) && !r.summary.contains(u"https://example.com/gallery"_s),
             qPrintable(r.summary));
    checkSafe(r.html);
}

void TestContent::images()
{
    const auto r = content::renderContent(
        uR"J([{"type":"img","src":"https://file.hu60.cn/file/aa/bb.jpg#200x100","alt":""},{"type":"imgzh","src":"https://example.com/photo.jpg","alt":null},)J"
        uR"J({"type":"thumb","src":"https://example.com/big2.jpg","w":"200","h":"150"},)J"
        uR"J({"type":"img","src":"data:image/png;base64,iVBORw0KGgo=","alt":"1px"},{"type":"img","src":"/upload/x.png","alt":"站内"}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(
        u"<img src=\"https://file.hu60.cn/file/aa/bb.jpg\" alt=\"bb.jpg\" title=\"bb.jpg\" width=\"200\" height=\"100\" />"_s));
    QVERIFY(r.html.contains(u"src=\"https://example.com/photo.jpg\" alt=\"photo.jpg\""_s));
    QVERIFY(r.html.contains(
        u"src=\"https://example.com/big2.jpg\" alt=\"big2.jpg\" title=\"big2.jpg\" width=\"200\" height=\"150\""_s));
    QVERIFY(!r.html.contains(u"data:"_s));
    QVERIFY(r.html.contains(u"[图片：1px]"_s));
    QVERIFY(r.html.contains(u"src=\"https://hu60.cn/upload/x.png\""_s));
    QCOMPARE(r.summary, u"[图片：bb.jpg][图片：photo.jpg][图片：big2.jpg][图片：1px][图片：站内]"_s);
    checkSafe(r.html);
}

void TestContent::code()
{
    const auto r = content::renderContent(
        uR"J([{"type":"text","value":"插件：\n"},{"type":"code","lang":"html","data":"\n<style>body{}</style>\n<script>console.log('night & day')</script>\n","webplug":{"id":"0123456789abcdef","name":"夜间模式"}},)J"
        uR"J({"type":"code","lang":"","data":"no language"},{"type":"mdcode","lang":"py","data":"\n  x = 1\n  ","quote":"```","indent":"  "}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(
        u"<pre>&lt;style&gt;body{}&lt;/style&gt;\n&lt;script&gt;console.log('night &amp; day')&lt;/script&gt;</pre>"_s));
    QVERIFY(r.html.contains(u"[网页插件] 夜间模式"_s));
    QVERIFY(r.html.contains(u"<pre>no language</pre>"_s));
    QVERIFY(r.html.contains(u"<pre>x = 1</pre>"_s));
    QVERIFY(r.summary.contains(u"<script>console.log('night & day')</script>"_s));
    checkSafe(r.html);
}

void TestContent::mediaAndEmbeds()
{
    const auto r = content::renderContent(
        uR"J([{"type":"video","url":"https://www.bilibili.com/video/BV1GJ411x7h7"},{"type":"videoStream","url":"https://file.hu60.cn/v/1.mp4","title":"演示视频"},)J"
        uR"J({"type":"audio","url":"javascript:alert(1)"},{"type":"audioStream","url":"https://file.hu60.cn/a/1.mp3","title":null},)J"
        uR"J({"type":"iframe","data":{"src":"https://example.com/embed","style":"border:0;position:fixed"}},)J"
        uR"J({"type":"html","opt":"=100%,300","data":"\n<h1>Hi</h1><script>alert(document.cookie)</script>\n"},)J"
        uR"J({"type":"textbox","style":"","data":"\n原样显示的文本\n  保留缩进 <b>不解析</b>\n"},{"type":"iframe","data":{"srcdoc":"<p onclick=x()>inline</p>"}}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(u"[视频] <a href=\"https://www.bilibili.com/video/BV1GJ411x7h7\">"_s));
    QVERIFY(r.html.contains(u"[视频] 演示视频 <a href=\"https://file.hu60.cn/v/1.mp4\">"_s));
    QVERIFY(r.html.contains(u"[音频]"_s));
    QVERIFY(r.html.contains(u"[网页内容] <a href=\"https://example.com/embed\">"_s));
    QVERIFY(r.html.contains(u"[HTML代码]"_s));
    QVERIFY(!r.html.contains(u"<h1>"_s));
    QVERIFY(!r.html.contains(u"inline"_s));
    QVERIFY(r.html.contains(u"<pre>原样显示的文本\n  保留缩进 &lt;b&gt;不解析&lt;/b&gt;</pre>"_s));
    QVERIFY(r.summary.contains(u"[视频] https://www.bilibili.com/video/BV1GJ411x7h7"_s));
    checkSafe(r.html);
}

void TestContent::misc()
{
    const auto r = content::renderContent(
        uR"J([{"type":"time","tag":"Y"},{"type":"newline","tag":"br"},{"type":"copyright","tag":"cc-by-nc-sa"},{"type":"newline","tag":"BR"},)J"
        uR"J({"type":"battlenet","name":"阿尔萨斯","server":"死亡之翼","display":""},{"type":"newline","tag":"hr"},)J"
        uR"J({"type":"math","data":"E=mc^2"},{"type":"text","value":" 与 "},{"type":"mathzh","data":"\\frac{a}{b}"},{"type":"tab"},{"type":"empty"}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(QString::number(QDate::currentDate().year())));
    QVERIFY(r.html.contains(u"本作品采用知识共享署名-非商业性使用-相同方式共享 3.0 中国大陆许可协议进行许可。"_s));
    QVERIFY(r.html.contains(u"阿尔萨斯@死亡之翼"_s));
    QVERIFY(r.html.contains(u"<hr />"_s));
    QVERIFY(r.html.contains(u"<code>E=mc^2</code>"_s));
    QVERIFY2(r.summary.contains(u"E=mc^2 与 \\frac{a}{b}"_s), qPrintable(r.summary));
    QVERIFY(r.summary.contains(u"──────────"_s));
}

void TestContent::notices()
{
    auto r = content::renderContent(
        uR"J([{"type":"adminEdit","uid":1,"pos":"帖子“Qt6 托盘程序开发记录”的5楼","url":"bbs.topic.105001.{$BID}?floor=5#5","reason":"删除广告链接",)J"
        uR"J("oriData":[{"type":"text","value":"买课加群 "},{"type":"urltxt","url":"http://spam.example.com"},{"type":"face","face":"哈哈"}]}])J"_s,
        2000120, 0);
    QVERIFY(r.html.contains(
        u"管理员 <a href=\"https://hu60.cn/q.php/user.info.1.html\">#1</a> 编辑了您在 <a href=\"https://hu60.cn/q.php/bbs.topic.105001.html?floor=5#5\">帖子“Qt6 托盘程序开发记录”的5楼</a> 的发言，编辑理由如下："_s));
    QVERIFY(r.html.contains(u"<blockquote><p>删除广告链接</p></blockquote>"_s));
    QVERIFY(r.html.contains(u"您发言的原始内容如下："_s));
    QVERIFY(r.html.contains(u"买课加群"_s));
    QVERIFY2(r.summary.startsWith(
                 u"管理员 #1 编辑了您在 帖子“Qt6 托盘程序开发记录”的5楼 的发言，编辑理由如下：\n│ 删除广告链接"_s),
             qPrintable(r.summary));

    r = content::renderContent(
        uR"J([{"type":"adminDel","uid":2333,"ownUid":10086,"topicUid":2333,"pos":"帖子“求助”的7楼","url":"bbs.topic.105003.{$BID}?floor=7#7","reason":"跑题","oriData":[{"type":"markdown"},{"type":"text","value":"用 **Go** 重写"}]}])J"_s,
        1, 0);
    QVERIFY2(r.summary.startsWith(u"楼主 #2333 删除了您在 帖子“求助”的7楼 的发言，理由如下：\n│ 跑题"_s),
             qPrintable(r.summary));
    QVERIFY2(r.html.contains(u"<b>Go</b>"_s), qPrintable(r.html));

    r = content::renderContent(
        uR"J([{"type":"adminDel","uid":10086,"ownUid":"10086","topicUid":2333,"pos":"帖子“求助”的9楼","url":"bbs.topic.105003.{$BID}?floor=9#9","reason":null,"oriData":[{"type":"text","value":"重复发帖了"}]}])J"_s,
        1, 0);
    QVERIFY(r.summary.startsWith(u"您删除了您在 帖子“求助”的9楼 的发言。"_s));
    QVERIFY(r.summary.contains(u"重复发帖了"_s));

    r = content::renderContent(
        uR"J([{"type":"adminAction","act":1,"uid":1,"ownUid":10086,"pos":"帖子“水贴”","url":"bbs.topic.105004.{$BID}","reason":"灌水"}])J"_s,
        1, 0);
    QCOMPARE(r.summary, u"管理员 #1 将您的 帖子“水贴” 下沉，理由如下：灌水"_s);
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/bbs.topic.105004.html\">帖子“水贴”</a>"_s));

    r = content::renderContent(
        uR"J([{"type":"adminAction","act":2,"uid":1,"ownUid":null,"pos":"您已被禁言","url":null,"reason":"连续发广告"}])J"_s,
        1, 0);
    QCOMPARE(r.summary, u"管理员 #1 已将您禁言，理由如下：连续发广告"_s);

    r = content::renderContent(
        uR"J([{"type":"adminEdit","uid":1,"pos":"帖子“旧帖”的2楼","url":"bbs.topic.1234.{$BID}?floor=2#2","reason":"恢复格式",)J"
        uR"J("oriData":[{"type":"delContent","uid":1,"ownUid":520,"reason":"违规","time":1700000000,"topicUid":2333}]}])J"_s,
        1, 0);
    QVERIFY(r.html.contains(u"删除了该楼层，理由如下：违规"_s));
    QVERIFY(r.html.contains(u"管理员 <a href=\"https://hu60.cn/q.php/user.info.1.html\">@#1</a> 于 "_s));

    r = content::renderContent(
        uR"J([{"type":"postNeedReview","contentId":778899,"topicId":105005,"isAdmin":false,"stat":1,"reviewLog":[]},{"type":"text","value":"待审核的内容"}])J"_s,
        1, 0);
    QCOMPARE(r.summary, u"该内容待审核。\n待审核的内容"_s);
}

void TestContent::unknownTypes()
{
    const auto r = content::renderContent(
        uR"J([{"type":"sticker","pack":"hu60","id":"doge"},{"type":"text","value":"新版贴纸"},{"type":"poll","question":"吃什么？"},)J"
        uR"J({"type":"future","value":"<b>看得见</b>"},{"type":"future2","url":"javascript:alert(1)"},{"notype":1},42,null])J"_s,
        1, 0);
    QVERIFY(r.html.contains(u"新版贴纸"_s));
    QVERIFY(r.html.contains(u"&lt;b&gt;看得见&lt;/b&gt;"_s));
    QVERIFY(!r.html.contains(u"sticker"_s));
    QVERIFY(r.summary.startsWith(u"新版贴纸<b>看得见</b>"_s));
}

void TestContent::emptyContent()
{
    const auto r = content::renderContent(u"[]", 2000108, 0);
    QVERIFY(r.error.isEmpty());
    QVERIFY(!r.html.isEmpty());
    QVERIFY(!r.summary.isEmpty());
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.view.2000108.html"_s));
}

void TestContent::looseMemberTypes()
{
    const auto r = content::renderContent(
        uR"J([{"type":"text","value":null},{"type":"text","value":123},{"type":"face","face":null},{"type":"at","tag":null,"uid":[1]},)J"
        uR"J({"type":"url","url":null,"title":{"x":1}},{"type":"img","src":42,"alt":[]},{"type":"atMsg","uid":"abc","pos":null,"url":7,"msg":{"x":1}},)J"
        uR"J({"type":"adminAction","act":"2","uid":null},{"type":"delContent","time":"soon"},{"type":"layout","tag":null},{"type":"style","tag":"color","opt":null},)J"
        uR"J({"type":"mdcode","data":null,"quote":null,"indent":7},{"type":"thumb","src":"https://x.example/a.png","w":"-5","h":"99999"}])J"_s,
        1, 1);
    QVERIFY(!r.html.isEmpty());
    QVERIFY(r.html.contains(u"123"_s));
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.@.html"_s));
    checkSafe(r.html);
}

void TestContent::bidResolution()
{
    const QUrl base(u"https://hu60.cn"_s);
    QCOMPARE(content::pageUrl(u"addin.chat.%E7%A7%98%E5%AF%86.{$BID}?floor=688#688", base).toEncoded(),
             QByteArray("https://hu60.cn/q.php/addin.chat.%E7%A7%98%E5%AF%86.html?floor=688#688"));
    QCOMPARE(content::pageUrl(u"bbs.topic.105002.{$BID}#0", base).toEncoded(),
             QByteArray("https://hu60.cn/q.php/bbs.topic.105002.html#0"));
    QCOMPARE(content::userUrl(-50, base), QUrl(u"https://hu60.cn/q.php/user.info.-50.html"_s));
    QVERIFY(!content::pageUrl(u"javascript:alert(1)", base).isValid());
    QVERIFY(!content::pageUrl(u"https://evil.example/x", base).isValid());
    QVERIFY(!content::pageUrl(u"/etc/passwd", base).isValid());
    QVERIFY(!content::pageUrl(u"", base).isValid());
    const QUrl withSid = content::pageUrl(u"bbs.topic.1.{$BID}?_sid=secret&floor=2", base);
    QVERIFY(withSid.isValid());
    QVERIFY(!withSid.toString().contains(u"secret"_s));
    QVERIFY(withSid.toString().contains(u"floor=2"_s));
    QVERIFY(content::isSafeLinkUrl(QUrl(u"https://hu60.cn/"_s)));
    QVERIFY(!content::isSafeLinkUrl(QUrl(u"mailto:a@b.c"_s)));
    QVERIFY(content::isSafeLinkUrl(QUrl(u"mailto:a@b.c"_s), true));
    QVERIFY(!content::isSafeLinkUrl(QUrl(u"file:///etc/passwd"_s), true));
    QVERIFY(!content::isSafeLinkUrl(QUrl(u"qrc:/icons/x.svg"_s)));
}

void TestContent::siteBaseOverride()
{
    content::RenderOptions options;
    options.siteBase = QUrl(u"http://127.0.0.1:4861/"_s);
    const QString json =
        uR"J([{"type":"atMsg","uid":2333,"pos":"帖子“Qt6”的12楼","url":"bbs.topic.105001.{$BID}?floor=12#12",)J"
        uR"J("msg":[{"type":"markdown"},{"type":"at","tag":"小明","uid":10086},{"type":"face","face":"滑稽"},{"type":"url","url":"bbs.topic.1.html","title":"站内"}]},)J"
        uR"J({"type":"face","face":"喷"},{"type":"urlzh","url":"bbs.topic.2.html","title":null}])J"_s;
    const auto r = content::renderContent(json, 1, 1, options);
    QCOMPARE(r.url.toEncoded(), QByteArray("http://127.0.0.1:4861/q.php/bbs.topic.105001.html?floor=12#12"));
    QVERIFY(!r.html.contains(u"hu60.cn"_s));
    QVERIFY(r.html.contains(u"href=\"http://127.0.0.1:4861/q.php/user.info.10086.html\""_s));
    QVERIFY(r.html.contains(u"href=\"http://127.0.0.1:4861/q.php/user.info.2333.html\""_s));
    QVERIFY(r.html.contains(u"src=\"http://127.0.0.1:4861/img/face/e6bb91e7a8bd.gif\""_s));
    QVERIFY(r.html.contains(u"src=\"http://127.0.0.1:4861/img/face/e596b7.gif\""_s));
    QVERIFY(r.html.contains(u"href=\"http://127.0.0.1:4861/q.php/bbs.topic.1.html\""_s));
    QVERIFY(r.html.contains(u"href=\"http://127.0.0.1:4861/q.php/bbs.topic.2.html\""_s));
    const auto inbox = content::render({}, 9, 0, options);
    QCOMPARE(inbox.url, QUrl(u"http://127.0.0.1:4861/q.php/msg.index.view.9.html"_s));
}

void TestContent::summaryBounds()
{
    QString longText;
    for (int i = 1; i <= 60; ++i)
        longText += u"第" + QString::number(i) + u"段：这是一段很长很长的内信内容。The quick brown fox.   \n\n\n";
    auto r = content::render(QJsonArray{text(longText)}, 1, 0);
    QVERIFY(r.summary.size() <= 280 && r.summary.size() > 270);
    QVERIFY(r.summary.endsWith(u"…"_s));
    QVERIFY(!r.summary.contains(u"\n\n\n"_s));
    QVERIFY(!r.summary.contains(u"  "_s));

    content::RenderOptions options;
    options.maxSummaryLength = 5;
    r = content::render(QJsonArray{text(u"😀😀😀😀😀😀"_s)}, 1, 0, options);
    QVERIFY(r.summary.size() <= 5);
    QVERIFY(r.summary.endsWith(u"…"_s));
    QVERIFY(!r.summary.at(r.summary.size() - 2).isHighSurrogate());

    r = content::render(QJsonArray{text(u"a\u202Eb\u0007c"_s)}, 1, 0);
    QCOMPARE(r.summary, u"abc"_s);
}

void TestContent::injectionText()
{
    const QString payload =
        u"<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">x</a>"
        u"<iframe src=file:///etc/passwd></iframe>\"><svg onload=alert(1)>"_s;
    for (bool md : {false, true}) {
        QJsonArray segments;
        if (md)
            segments.append(markdownMarker());
        segments.append(text(payload));
        const auto r = content::render(segments, 1, 0);
        QVERIFY(r.html.contains(u"&lt;script&gt;"_s));
        checkSafe(r.html);
    }
}

void TestContent::injectionLinks_data()
{
    QTest::addColumn<QString>("target");
    QTest::newRow("javascript") << u"javascript:alert(1)"_s;
    QTest::newRow("upper") << u"JAVASCRIPT:alert(1)"_s;
    QTest::newRow("spaces") << u"  javascript:alert(1)"_s;
    QTest::newRow("tab") << u"java\tscript:alert(1)"_s;
    QTest::newRow("entity") << u"javascript&colon;alert(1)"_s;
    QTest::newRow("data") << u"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="_s;
    QTest::newRow("file") << u"file:///etc/passwd"_s;
    QTest::newRow("vbscript") << u"vbscript:msgbox(1)"_s;
    QTest::newRow("quote") << u"https://x.example/\" onmouseover=\"alert(1)"_s;
    QTest::newRow("custom") << u"steam://run/1"_s;
}

void TestContent::injectionLinks()
{
    QFETCH(QString, target);
    for (const QString& type : {u"url"_s, u"urlzh"_s, u"urlout"_s, u"urltxt"_s, u"video"_s, u"audio"_s}) {
        const auto r = content::render(
            QJsonArray{segment({{u"type"_s, type}, {u"url"_s, target}, {u"title"_s, u"点我"_s}})}, 1, 0);
        checkSafe(r.html);
    }
    const auto mail = content::render(QJsonArray{segment({{u"type"_s, u"mailtxt"_s}, {u"mail"_s, target}})}, 1, 0);
    checkSafe(mail.html);
    const auto iframe = content::render(
        QJsonArray{segment({{u"type"_s, u"iframe"_s}, {u"data"_s, QJsonObject{{u"src"_s, target}}}})}, 1, 0);
    checkSafe(iframe.html);
    const auto markdown = content::render(
        QJsonArray{markdownMarker(), text(u"[x](" + target + u") <" + target + u"> [ref]\n\n[ref]: " + target)}, 1, 0);
    checkSafe(markdown.html);
}

void TestContent::spoofedHostsAndMailtoExtras()
{
    // Every way a link can reach the document: UBB url, Markdown link and autolink, mail address.
    const auto r = content::render(
        QJsonArray{segment({{u"type"_s, u"url"_s}, {u"url"_s, u"https://hu60.cn@evil.example/a"_s}}),
                   segment({{u"type"_s, u"mailtxt"_s}, {u"mail"_s, u"a@b.example?attach=/etc/passwd"_s}}),
                   markdownMarker(),
                   text(u" [论坛](https://hu60.cn:pw@evil.example/b) [https://hu60.cn/c](https://user@evil.example/c) "
                        u"[信](mailto:c@d.example?body=hi#frag)"_s)},
        1, 0);
    QStringList targets;
    for (const content::Block& block : r.document.blocks) {
        for (const content::Span& span : block.spans) {
            if (span.link != 0)
                targets.append(QString::fromLatin1(r.document.url(span.link)));
        }
    }
    targets.removeDuplicates();
    QCOMPARE(targets, QStringList({u"https://evil.example/a"_s, u"mailto:a@b.example"_s, u"https://evil.example/b"_s,
                                   u"https://evil.example/c"_s, u"mailto:c@d.example"_s}));
    // What the user reads of a bare link is where it goes.
    QVERIFY2(!r.summary.contains(u"hu60.cn@"_s) && !r.summary.contains(u"user@"_s), qPrintable(r.summary));
    QVERIFY2(!r.html.contains(u"attach"_s) && !r.html.contains(u"body=hi"_s), qPrintable(r.html));
    QVERIFY(!content::isSafeLinkUrl(QUrl(u"https://hu60.cn@evil.example/"_s)));
    QVERIFY(!content::isSafeLinkUrl(QUrl(u"mailto:a@b.example?attach=x"_s), true));
    QVERIFY(content::isSafeLinkUrl(QUrl(u"mailto:a@b.example"_s), true));
}

void TestContent::markdownLinkTargetsAreDecoded()
{
    // A character reference in a link target stands for its character, as in the link's text; '<' reaches md4c as
    // the renderer's own "&lt;" and must come back as '<' (then percent-encoded in the URL).
    const auto r = content::render(
        QJsonArray{markdownMarker(), text(u"[x](https://hu60.cn/?a=1&amp;b=2) [y](https://hu60.cn/?q=a<b)"_s)}, 1, 0);
    QVERIFY2(r.html.contains(u"href=\"https://hu60.cn/?a=1&amp;b=2\""_s), qPrintable(r.html));
    QVERIFY2(r.html.contains(u"href=\"https://hu60.cn/?q=a%3Cb\""_s), qPrintable(r.html));
    QVERIFY2(!r.html.contains(u"&amp;amp;"_s) && !r.html.contains(u"&amp;lt;"_s), qPrintable(r.html));
}

void TestContent::injectionMarkdown()
{
    const auto r = content::render(
        QJsonArray{markdownMarker(),
                   text(u"[x](javascript:alert(1)) ![a](file:///etc/passwd) [d](data:text/html,hi) "
                        u"![p](data:image/png;base64,AAAA) <javascript:alert(1)> [r](bbs.topic.9.html) "
                        u"[ok](https://hu60.cn/) ![img](qrc:/icons/x.svg) ![rel](x.png) [`code`](vbscript:x) "
                        u"[![nested](file:///x)](javascript:y)"_s)},
        1, 0);
    checkSafe(r.html);
    QVERIFY(!r.html.contains(u"data:"_s));
    QVERIFY(!r.html.contains(u"qrc:"_s));
    QVERIFY(r.html.contains(u"x"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/q.php/bbs.topic.9.html\">"_s));
    QVERIFY(r.html.contains(u"<a href=\"https://hu60.cn/\">"_s));
    QVERIFY(r.html.contains(u"src=\"https://hu60.cn/q.php/x.png\""_s));
    QVERIFY(r.html.contains(u"nested"_s));
}

void TestContent::injectionImagesAndFaces()
{
    const auto r = content::renderContent(
        uR"J([{"type":"img","src":"file:///etc/passwd","alt":"a"},{"type":"imgzh","src":"javascript:alert(1)","alt":"b\" onerror=\"alert(1)"},)J"
        uR"J({"type":"thumb","src":"qrc:/icons/tray.svg"},{"type":"face","face":"file:///etc/passwd"},{"type":"face","face":"javascript:alert(1)"},)J"
        uR"J({"type":"face","face":"\" onerror=\"alert(1)"},{"type":"img","src":"https://x.example/a.png","alt":"\"><script>alert(1)</script>"},)J"
        uR"J({"type":"markdown"},{"type":"img","src":"file:///etc/shadow","alt":"c"},{"type":"face","face":"file:///x"}])J"_s,
        1, 0);
    checkSafe(r.html);
    QVERIFY(!r.html.contains(u"qrc:"_s));
    QVERIFY(r.html.contains(u"[图片：a]"_s));
}

void TestContent::injectionStyle()
{
    const auto r = content::renderContent(
        uR"J([{"type":"style","tag":"color","opt":"expression(alert(1))"},{"type":"text","value":"a"},{"type":"style","tag":"/color"},)J"
        uR"J({"type":"style","tag":"color","opt":"red;background:url(javascript:alert(1))"},{"type":"text","value":"b"},)J"
        uR"J({"type":"style","tag":"color","opt":"red\" onmouseover=\"alert(1)"},{"type":"text","value":"c"},)J"
        uR"J({"type":"style","tag":"div","opt":"background:url(file:///etc/passwd);behavior:url(x.htc)"},{"type":"text","value":"d"},)J"
        uR"J({"type":"style","tag":"span","opt":"x:expression(alert(1))"},{"type":"layout","tag":"<script>"},{"type":"layout","tag":"/b onclick=x"},)J"
        uR"J({"type":"style","tag":"color","opt":"Red"},{"type":"text","value":"e"}])J"_s,
        1, 0);
    checkSafe(r.html);
    QVERIFY(!r.html.contains(u"background"_s));
    QVERIFY(r.html.contains(u"<span style=\"color:#ff0000\">e"_s));
}

void TestContent::hugeText()
{
    const QString big = u"<script>x</script>&\n"_s.repeated(1024 * 1024 / 20);
    for (bool md : {false, true}) {
        QJsonArray segments;
        if (md)
            segments.append(markdownMarker());
        segments.append(text(big));
        segments.append(segment({{u"type"_s, u"face"_s}, {u"face"_s, u"滑稽"_s}}));
        QElapsedTimer timer;
        timer.start();
        const auto r = content::render(segments, 1, 0);
        // A hang detector for hostile input (Qt 6.4's Markdown importer is super-linear), not a speed target:
        // bench/ measures speed.
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(r.error, u"content truncated"_s);
        QVERIFY(r.html.size() < 1024 * 1024);
        QVERIFY(r.html.contains(u"已截断"_s));
        QVERIFY(r.summary.size() <= 280);
        checkSafe(r.html);
    }

    // The JSON text of a 1 MB message is refused as a whole (cheaply) with a safe fallback.
    const QString json = QString::fromUtf8(QJsonDocument(QJsonArray{text(big + big)}).toJson(QJsonDocument::Compact));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"too large"_s));
    const auto r = content::renderContent(json, 3, 0);
    QCOMPARE(r.error, u"content too large"_s);
    QVERIFY(!r.html.isEmpty());
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.view.3.html"_s));
}

void TestContent::markdownCostBomb()
{
    // Shapes that make Qt 6.4's Markdown importer super-linear must stay fast (plain fallback beyond the budget).
    const QStringList bombs{u"`a` "_s.repeated(16000),        u"**b** "_s.repeated(11000),
                            u"- x\n"_s.repeated(16000),       u"|x|y|\n"_s.repeated(10000),
                            u"> "_s.repeated(30000) + u"x"_s, u"["_s.repeated(30000) + u"x"_s + u"]"_s.repeated(30000)};
    for (const QString& bomb : bombs) {
        QElapsedTimer timer;
        timer.start();
        const auto r = content::render(QJsonArray{markdownMarker(), text(bomb)}, 1, 0);
        // A hang detector for hostile input (Qt 6.4's Markdown importer is super-linear), not a speed target:
        // bench/ measures speed.
        QVERIFY2(timer.elapsed() < 10000, qPrintable(bomb.left(10) + u": " + QString::number(timer.elapsed())));
        QVERIFY(!r.html.isEmpty());
        checkSafe(r.html);
    }
}

void TestContent::deepNestingJson()
{
    const int depth = 10000;
    QString json;
    json.reserve(depth * 80);
    for (int i = 0; i < depth; ++i)
        json += uR"J([{"type":"atMsg","uid":1,"pos":"p","url":"bbs.topic.1.{$BID}","msg":)J"_s;
    json += u"[]"_s;
    for (int i = 0; i < depth; ++i)
        json += u"}]"_s;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"unparseable"_s));
    const auto r = content::renderContent(json, 4, 1);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(!r.html.isEmpty());
    QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.@.html"_s));
    checkSafe(r.html);
}

void TestContent::deepNestingValues()
{
    // Deeper than QJsonDocument would parse: built directly, for each nesting member.
    const int depth = 10000;
    for (const QString& kind : {u"atMsg"_s, u"url"_s, u"adminEdit"_s}) {
        QJsonArray inner{text(u"最里面"_s)};
        for (int i = 0; i < depth; ++i) {
            QJsonObject seg;
            seg.insert(u"type"_s, kind);
            seg.insert(u"uid"_s, 1);
            seg.insert(u"url"_s, kind == u"url" ? u"https://x.example/"_s : u"bbs.topic.1.{$BID}"_s);
            seg.insert(kind == u"atMsg" ? u"msg"_s : kind == u"url" ? u"title"_s : u"oriData"_s, inner);
            inner = QJsonArray{seg};
        }
        QElapsedTimer timer;
        timer.start();
        const auto r = content::render(inner, 1, 1);
        QVERIFY(timer.elapsed() < 10000); // hang detector, see above
        QCOMPARE(r.error, u"content nested too deeply"_s);
        QVERIFY(r.html.contains(u"…"_s));
        QVERIFY(!r.html.contains(u"最里面"_s));
        QVERIFY(r.html.size() < 64 * 1024);
        checkSafe(r.html);
    }
}

void TestContent::unparseable()
{
    for (const QString& bad : {u"a:1:{i:0;s:3:\"abc\";}"_s, u"[{\"type\":"_s, u"{\"x\":1}"_s, u""_s, u"null"_s}) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"content of message"_s));
        const auto r = content::renderContent(bad, 5, 0);
        QVERIFY(!r.error.isEmpty());
        QVERIFY(!r.html.isEmpty());
        QVERIFY(!r.summary.isEmpty());
        QCOMPARE(r.url, QUrl(u"https://hu60.cn/q.php/msg.index.view.5.html"_s));
    }
    const auto single = content::renderContent(uR"J({"type":"text","value":"单个"})J"_s, 5, 0);
    QVERIFY(single.error.isEmpty());
    QCOMPARE(single.summary, u"单个"_s);
}

void TestContent::ownMarkupIsFiltered()
{
    // render() runs the HTML filter only over Markdown output; the markup it builds itself must be exactly what the
    // filter would make of it, for every fixture and for hostile input.
    QStringList contents;
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    while (!file.atEnd()) {
        const QJsonObject data = QJsonDocument::fromJson(file.readLine()).object().value("data"_L1).toObject();
        const QString json = data.value("content"_L1).toString();
        if (QJsonDocument::fromJson(json.toUtf8()).isArray()) // the unparseable ones would log a warning
            contents << json;
    }
    QVERIFY(contents.size() >= 30);
    contents
        << uR"J([{"type":"text","value":"<script>alert(1)</script> javascript:x onclick=y &amp; &bogus; <!-- c -->"},)J"
           uR"J({"type":"face","face":"\" onerror=\"alert(1)"},{"type":"face","face":"https://x.example/f.gif#32"},)J"
           uR"J({"type":"at","tag":"<b>x</b>","uid":"7"},{"type":"img","src":"https://x.example/a.png#20x10","alt":"\"><i>"},)J"
           uR"J({"type":"url","url":"https://x.example/?a=1&b=\"2\"","title":"t&t"},{"type":"urlzh","url":"bbs.topic.1.html?_sid=s&x=%41"},)J"
           uR"J({"type":"style","tag":"color","opt":"Red"},{"type":"layout","tag":"center"},{"type":"mailtxt","mail":"a@b.c"},)J"
           uR"J({"type":"code","data":"<x>&</x>","webplug":{"name":"<n>"}},{"type":"math","data":"a<b"},{"type":"tab"},)J"
           uR"J({"type":"atMsg","uid":1,"pos":"<p>","url":"bbs.topic.1.{$BID}?floor=2#2","msg":[{"type":"text","value":"q"}]},)J"
           uR"J({"type":"adminAction","act":1,"uid":1,"ownUid":2,"pos":"a&b","url":"x.html","reason":"<r>"},)J"
           uR"J({"type":"video","url":"https://v.example/1?x=<y>","title":"<t>"},{"type":"newline","tag":"hr"}])J"_s;
    for (const QString& json : std::as_const(contents)) {
        for (int type : {0, 1}) {
            const content::Rendered r = content::renderContent(json, 42, type);
            if (json.contains(u"\"markdown\""_s))
                continue; // Markdown output is filtered where it is produced
            QCOMPARE(content::detail::restrictHtml(r.html), r.html);
        }
    }
    // With Markdown, the result is still a fixed point of the filter.
    const content::Rendered md =
        content::render(QJsonArray{markdownMarker(), text(u"**x** <b>y</b> [l](javascript:x) onload=1"_s),
                                   segment({{u"type"_s, u"face"_s}, {u"face"_s, u"哈哈"_s}})},
                        1, 0);
    QCOMPARE(content::detail::restrictHtml(md.html), md.html);
    checkSafe(md.html);
}

namespace {

/// The content strings of the fixture msg frames.
QStringList fixtureContents()
{
    QStringList contents;
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        return contents;
    while (!file.atEnd()) {
        const QJsonObject frame = QJsonDocument::fromJson(file.readLine()).object();
        const QJsonValue content = frame.value("data"_L1).toObject().value("content"_L1);
        if (frame.value("event"_L1).toString() == u"msg" && content.isString())
            contents.append(content.toString());
    }
    return contents;
}

/// json::Tree::parse() either declines (QJsonDocument is used then) or gives what QJsonDocument gives.
void checkTreeAgrees(const QString& text)
{
    const std::optional<content::json::Tree> tree = content::json::Tree::parse(text);
    if (!tree)
        return;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(u"accepted what Qt refuses: "_s + text.left(300)));
    const QJsonValue expected = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    QVERIFY2(tree->root().toQJsonValue() == expected, qPrintable(text.left(300)));
}

} // namespace

void TestContent::jsonTreeAgreesWithQJsonDocument()
{
    // Hand-made edge cases: types, numbers, escapes, surrogates, duplicates, nesting, garbage.
    const QStringList cases{
        u"[]"_s,
        u"{}"_s,
        u" \t\r\n[ 1 , -2 ,0, -0 ] \n"_s,
        u"[1.5]"_s,
        u"[1e3]"_s,
        u"[1E-3]"_s,
        u"[123456789012345]"_s,
        u"[1234567890123456]"_s,
        u"[99999999999999999999999]"_s,
        u"[1e400]"_s,
        u"[-]"_s,
        u"[01]"_s,
        u"[+1]"_s,
        u"[.5]"_s,
        u"[true,false,null]"_s,
        u"[tru]"_s,
        u"[nulll]"_s,
        u"[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"]"_s,
        u"[\"\\u0041\\u00e9\\u4E2D\\uffff\"]"_s,
        u"[\"\\u0000\"]"_s,
        u"[\"\\ud83d\\ude00\"]"_s,
        u"[\"\\ud800\"]"_s,
        u"[\"\\udc00\"]"_s,
        u"[\"\\ud800x\"]"_s,
        u"[\"\\u12\"]"_s,
        u"[\"\\x41\"]"_s,
        u"[\"a\u0001b\"]"_s,
        u"[\"\U0001F600\"]"_s,
        u"[\""_s + QChar(0xD800) + u"\"]",
        u"[\""_s + QChar(0xDC00) + u"\"]",
        u"[\""_s + QChar(0xD800) + QChar(0xD800) + QChar(0xDC00) + u"\"]",
        u"[\"\uFFFE\uFFFF\uFDD0\"]"_s,
        u"[\"unterminated]"_s,
        u"{\"a\":1,\"a\":2}"_s,
        u"{\"a\":1,\"b\":{\"a\":[{\"a\":null}]}}"_s,
        u"{\"\\u0061\":1,\"a\":2}"_s,
        u"{\"a\" : 1 , }"_s,
        u"[1,]"_s,
        u"[1 2]"_s,
        u"{\"a\"}"_s,
        u"{1:2}"_s,
        u"[] []"_s,
        u"[]x"_s,
        u"\uFEFF[]"_s,
        u"[\u00A0]"_s,
        u"\"text\""_s,
        u"42"_s,
        u"[{\"type\":\"text\",\"value\":\"hi\"}]"_s,
        QString(200, u'[') + QString(200, u']'),
        QString(64, u'[') + QString(64, u']'),
        QString(65, u'[') + QString(65, u']'),
        QString(2000, u'[') + QString(2000, u']'),
    };
    for (const QString& text : cases)
        checkTreeAgrees(text);

    // An object with many members (beyond the reader's limit: Qt's path) and one within it.
    QString many = u"{"_s;
    for (int i = 0; i < 100; ++i)
        many += (i ? u","_s : QString()) + u"\"k"_s + QString::number(i) + u"\":"_s + QString::number(i);
    checkTreeAgrees(many + u'}');

    // Damaged fixture contents: pieces that matter to a JSON reader put in at random places.
    QStringList pieces =
        uR"("|\|\u|\ud800|\udc00|\u0000|\ud83d\ude00|0|-|.5|e9|{|}|[|]|,|:| |true|nul|"type")"_s.split(u'|');
    pieces << u"\t"_s << u"\u0001"_s << u"12345678901234567890"_s << u"\uFFFE"_s << QString(QChar(0xD800))
           << QString(QChar(0xDC00));
    const QStringList contents = fixtureContents();
    QVERIFY(contents.size() >= 30);
    QRandomGenerator random(23);
    for (int round = 0; round < 6000; ++round) {
        QString text = contents.at(int(random.bounded(qsizetype(contents.size()))));
        const int edits = int(random.bounded(1, 4));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = random.bounded(text.size() + 1);
            switch (random.bounded(3)) {
            case 0:
                text.insert(at, pieces.at(int(random.bounded(qsizetype(pieces.size())))));
                break;
            case 1:
                text.remove(at, random.bounded(1, 4));
                break;
            default:
                if (at < text.size())
                    text[at] = pieces.at(int(random.bounded(qsizetype(pieces.size())))).at(0);
            }
        }
        checkTreeAgrees(text);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestContent::jsonTreeFixturesTakeTheFastPath()
{
    // The forum's content is read by the strict reader itself (not QJsonDocument), and renders exactly as the
    // QJsonArray entry point renders Qt's parse of it.
    const QStringList contents = fixtureContents();
    QVERIFY(contents.size() >= 30);
    for (const QString& text : contents) {
        const std::optional<content::json::Tree> tree = content::json::Tree::parse(text);
        QVERIFY2(tree.has_value(), qPrintable(text.left(300)));
        const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
        QCOMPARE(tree->root().toQJsonValue(), QJsonValue(array));
        const content::Rendered fast = content::renderContent(text, 7, 0);
        const content::Rendered reference = content::render(array, 7, 0);
        QCOMPARE(fast.html, reference.html);
        QCOMPARE(fast.summary, reference.summary);
        QCOMPARE(fast.url, reference.url);
        QCOMPARE(fast.error, reference.error);
        QVERIFY(fast.document == reference.document);
    }
}

void TestContent::defuseMatchesPatterns()
{
    // defuseText() is a hand-written scan; it must match what these patterns did, on random text made of the
    // pieces that matter. The same for htmlEscaped() against QString::toHtmlEscaped().
    static const QRegularExpression scheme(u"(javascript|vbscript|livescript|file|data)(\\s*):"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression handler(u"\\b(on[a-z]+)(\\s*)="_s, QRegularExpression::CaseInsensitiveOption);
    const QStringList pieces{u"javascript"_s, u"JavaScript"_s, u"java\u017Fcript"_s,
                             u"vbscript"_s,   u"livescript"_s, u"file"_s,
                             u"DATA"_s,       u"meta"_s,       u"on"_s,
                             u"ON"_s,         u"onerror"_s,    u"x"_s,
                             u"_"_s,          u"7"_s,          u"中"_s,
                             u" "_s,          u"\t"_s,         u"\n"_s,
                             u"\u000B"_s,     u":"_s,          u"="_s,
                             u"<>\"&"_s,      u"&#58;"_s,      u"\u212A"_s,
                             u"\u00A0"_s};
    QRandomGenerator random(8);
    for (int round = 0; round < 20000; ++round) {
        QString input;
        const int length = int(random.bounded(1, 12));
        for (int i = 0; i < length; ++i)
            input += pieces.at(int(random.bounded(qsizetype(pieces.size()))));
        QString expected = input;
        expected.replace(scheme, u"\\1\\2&#58;"_s);
        expected.replace(handler, u"\\1\\2&#61;"_s);
        QCOMPARE(content::detail::defuseText(input), expected);
        QCOMPARE(content::detail::htmlEscaped(input), input.toHtmlEscaped());
    }
}

void TestContent::pageUrlMatchesParsing()
{
    // pageUrl() sets path, query and fragment on the site's URL instead of parsing "<root>/q.php/<path>" whole; both
    // must give the same URL for whatever path the forum sends.
    const QStringList pieces{u"bbs"_s, u"."_s, u"topic"_s, u"1"_s,   u"{$BID}"_s, u"?"_s,   u"#"_s,   u"&"_s,    u"="_s,
                             u"+"_s,   u"%"_s, u"%41"_s,   u"%e9"_s, u"%E9"_s,    u"%zz"_s, u"中"_s,  u"é"_s,    u"["_s,
                             u"]"_s,   u"|"_s, u"^"_s,     u"`"_s,   u"{"_s,      u"}"_s,   u"\""_s,  u"'"_s,    u"@"_s,
                             u":"_s,   u"/"_s, u";"_s,     u","_s,   u"~"_s,      u"!"_s,   u"$"_s,   u"("_s,    u")"_s,
                             u"*"_s,   u"<"_s, u">"_s,     u"\\"_s,  u"%2F"_s,    u"%23"_s, u"%3F"_s, u"floor"_s};
    const QList<QUrl> bases{QUrl(u"https://hu60.cn"_s), QUrl(u"http://127.0.0.1:4861/"_s),
                            QUrl(u"https://user@例子.example:8443/forum%20x/?q=1#f"_s)};
    QRandomGenerator random(9);
    int compared = 0;
    for (int round = 0; round < 20000; ++round) {
        QString path;
        const int length = int(random.bounded(1, 9));
        for (int i = 0; i < length; ++i)
            path += pieces.at(int(random.bounded(qsizetype(pieces.size()))));
        const QUrl& base = bases.at(round % bases.size());
        const QUrl url = content::pageUrl(path, base);
        QString p = path;
        p.replace(u"{$BID}"_s, u"html"_s);
        if (p.startsWith(u'/') || p.startsWith(u'\\') ||
            QRegularExpression(u"^[A-Za-z][A-Za-z0-9+.-]*:"_s).match(p).hasMatch()) {
            QVERIFY(!url.isValid());
            continue;
        }
        QUrl root = base;
        root.setQuery(QString());
        root.setFragment(QString());
        root.setUserInfo(QString()); // the site's user part is never put into links
        QString rootText = QString::fromLatin1(root.toEncoded());
        while (rootText.endsWith(u'/'))
            rootText.chop(1);
        const QUrl expected = QUrl::fromEncoded(QString(rootText + u"/q.php/" + p).toUtf8(), QUrl::TolerantMode);
        QVERIFY2(url == expected && url.toEncoded() == expected.toEncoded(),
                 qPrintable(path + u" -> " + url.toString() + u" / " + expected.toString()));
        ++compared;
    }
    QVERIFY(compared > 10000);
}

QTEST_MAIN(TestContent)
#include "tst_content.moc"
