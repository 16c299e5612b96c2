// SPDX-License-Identifier: GPL-3.0-or-later
// content::Document and its writers: what notification servers and plain surfaces get from a message. Markup is
// checked with Pango itself (what mako and dunst parse bodies with) and against the spec's tag list.
#include "core/content/content.h"
#include "core/content/document.h"

#include "testconfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

#include <pango/pango.h>

using namespace Qt::StringLiterals;

namespace {

/// Empty when Pango accepts `markup` as a notification server would; else Pango's message.
QString pangoError(const QString& markup)
{
    const QByteArray utf8 = markup.toUtf8();
    GError* error = nullptr;
    const bool ok = pango_parse_markup(utf8.constData(), int(utf8.size()), 0, nullptr, nullptr, nullptr, &error);
    QString message;
    if (!ok)
        message = error ? QString::fromUtf8(error->message) : u"rejected"_s;
    if (error)
        g_error_free(error);
    return message;
}

/// Empty when `markup` is well-formed XML (what KDE's sanitizer and any markup server needs, <a> and <img>
/// included, which Pango itself does not know); else the reader's message.
QString xmlError(const QString& markup)
{
    QXmlStreamReader reader(u"<body>" + markup + u"</body>");
    while (!reader.atEnd())
        reader.readNext();
    return reader.hasError() ? reader.errorString() : QString();
}

/// What a server at `level` would refuse: Pango for servers without links and images (mako, dunst, GNOME), XML
/// for the others.
QString markupError(const QString& markup, content::MarkupLevel level)
{
    return level.hyperlinks || level.images ? xmlError(markup) : pangoError(markup);
}

/// The tags in `markup`, by name ("b", "/b", "a", "img", …).
QStringList tagsOf(const QString& markup)
{
    static const QRegularExpression tag(u"<(/?[A-Za-z]+)"_s);
    QStringList names;
    for (auto it = tag.globalMatch(markup); it.hasNext();)
        names.append(it.next().captured(1));
    return names;
}

/// The entities in `markup`.
QStringList entitiesOf(const QString& markup)
{
    static const QRegularExpression entity(u"&[^;\\s]*;?"_s);
    QStringList found;
    for (auto it = entity.globalMatch(markup); it.hasNext();)
        found.append(it.next().captured());
    return found;
}

/// What a user would recognise as Markdown source in text that claims to be rendered.
QString markdownLeftIn(const QString& text)
{
    static const QRegularExpression patterns[] = {
        QRegularExpression(u"\\*\\*"_s),
        QRegularExpression(u"__"_s),
        QRegularExpression(u"`"_s),
        QRegularExpression(u"\\]\\("_s),
        QRegularExpression(u"^\\s*#{1,6}\\s"_s, QRegularExpression::MultilineOption),
        QRegularExpression(u"^\\s*>\\s"_s, QRegularExpression::MultilineOption),
        QRegularExpression(u"^\\s*[-*+]\\s"_s, QRegularExpression::MultilineOption),
        QRegularExpression(u"^\\s*\\|.*\\|\\s*$"_s, QRegularExpression::MultilineOption),
        QRegularExpression(u"~~"_s),
    };
    for (const QRegularExpression& pattern : patterns) {
        if (const QRegularExpressionMatch m = pattern.match(text); m.hasMatch())
            return m.captured();
    }
    return {};
}

content::Rendered renderJson(const QString& json, qint64 id = 7, int type = 0)
{
    return content::renderContent(json, id, type);
}

const QString richMarkdown =
    uR"J([{"type":"markdown"},{"type":"text","value":"## 部署步骤\n**粗体** 和 *斜体* 以及 `代码` 还有 ~~删除~~\n1. 先编译\n2. 再运行\n- 列表项\n> 引用一段话\n\n| 列1 | 列2 |\n|---|---|\n| a | b |\n\n[文档](https://doc.qt.io/qt-6/) 和 <b>raw</b> & &amp; 完\n```\nint a = 1 < 2;\n```\n"},{"type":"face","face":"滑稽"},{"type":"at","uid":3,"tag":"小明"}])J"_s;

} // namespace

class TestDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainTextReadsLikeTheMessage();
    void markupPerLevel_data();
    void markupPerLevel();
    void atContextIsQuoted();
    void fixturesAreReadable_data();
    void fixturesAreReadable();
    void hostileTextStaysText_data();
    void hostileTextStaysText();
    void boundsKeepMarkupValid();
    void ubbStyles();
};

void TestDocument::plainTextReadsLikeTheMessage()
{
    const content::Rendered r = renderJson(richMarkdown);
    const QString plain = content::toPlainText(r.document);
    QCOMPARE(plain, u"部署步骤\n"
                    "粗体 和 斜体 以及 代码 还有 删除\n"
                    "1. 先编译\n"
                    "2. 再运行\n"
                    "• 列表项\n"
                    "│ 引用一段话\n"
                    "列1 │ 列2\n"
                    "a │ b\n"
                    "文档 和 <b>raw</b> & & 完\n"
                    "int a = 1 < 2;\n"
                    "{滑稽}@小明"_s);
    QCOMPARE(markdownLeftIn(plain), QString());
    // The bounded summary is the same text.
    QVERIFY2(r.summary.startsWith(u"部署步骤\n粗体 和 斜体"_s), qPrintable(r.summary));
}

void TestDocument::markupPerLevel_data()
{
    QTest::addColumn<bool>("hyperlinks");
    QTest::addColumn<bool>("images");
    QTest::newRow("mako, GNOME (body-markup only)") << false << false;
    QTest::newRow("hyperlinks") << true << false;
    QTest::newRow("KDE (hyperlinks and images)") << true << true;
}

void TestDocument::markupPerLevel()
{
    QFETCH(bool, hyperlinks);
    QFETCH(bool, images);
    const content::Rendered r = renderJson(richMarkdown);
    const QString markup = content::toNotificationMarkup(r.document, {hyperlinks, images});
    QVERIFY2(markupError(markup, {hyperlinks, images}).isEmpty(),
             qPrintable(markupError(markup, {hyperlinks, images}) + u"\n" + markup));
    if (hyperlinks || images) {
        // Pango (what a server without these capabilities parses with) accepts the same text without a and img.
        QString pangoOnly = markup;
        pangoOnly.remove(QRegularExpression(u"</?(a|img)\\b[^>]*>"_s));
        QVERIFY2(pangoError(pangoOnly).isEmpty(), qPrintable(pangoOnly));
    }

    QStringList allowed = {u"b"_s, u"/b"_s, u"i"_s, u"/i"_s, u"u"_s, u"/u"_s};
    if (hyperlinks)
        allowed << u"a"_s << u"/a"_s;
    if (images)
        allowed << u"img"_s;
    for (const QString& tag : tagsOf(markup))
        QVERIFY2(allowed.contains(tag), qPrintable(tag + u" in " + markup));
    // GNOME Shell accepts only these five entities.
    for (const QString& entity : entitiesOf(markup))
        QVERIFY2(QStringList({u"&amp;"_s, u"&lt;"_s, u"&gt;"_s, u"&quot;"_s, u"&apos;"_s}).contains(entity),
                 qPrintable(entity));

    QVERIFY(markup.contains(u"<b>部署步骤</b>"_s));
    QVERIFY(markup.contains(u"<b>粗体</b>"_s));
    QVERIFY(markup.contains(u"<i>斜体</i>"_s));
    QVERIFY(markup.contains(u"&lt;b&gt;raw&lt;/b&gt; &amp; &amp; 完"_s));
    QCOMPARE(markup.contains(u"<a href=\"https://doc.qt.io/qt-6/\">文档</a>"_s), hyperlinks);
    QCOMPARE(markup.contains(u"<a href=\"https://hu60.cn/q.php/user.info.3.html\">@小明</a>"_s), hyperlinks);
    QCOMPARE(markup.contains(u"<img src=\"https://hu60.cn/img/face/e6bb91e7a8bd.gif\" alt=\"{滑稽}\"/>"_s), images);
    if (!images)
        QVERIFY(markup.contains(u"{滑稽}"_s));
    // Without markup tags the text is the plain text (entities aside).
    QString stripped = markup;
    stripped.remove(QRegularExpression(u"<[^>]*>"_s));
    if (images)
        stripped.replace(u"@小明"_s, u"{滑稽}@小明"_s);
    stripped.replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s).replace(u"&amp;"_s, u"&"_s);
    QCOMPARE(stripped, content::toPlainText(r.document));
}

void TestDocument::atContextIsQuoted()
{
    const content::Rendered r = renderJson(
        uR"J([{"type":"atMsg","uid":2333,"pos":"帖子“Qt6”的12楼","url":"bbs.topic.1.{$BID}?floor=12#12","msg":[{"type":"markdown"},{"type":"text","value":"**你看** [这里](https://example.com/a?b=1&c=2)"}]}])J"_s,
        9, 1);
    const QString plain = content::toPlainText(r.document);
    QCOMPARE(plain, u"#2333 在 帖子“Qt6”的12楼 @你：\n│ 你看 这里"_s);
    const QString linked = content::toNotificationMarkup(r.document, {true, false});
    QVERIFY2(xmlError(linked).isEmpty(), qPrintable(linked));
    QVERIFY(pangoError(content::toNotificationMarkup(r.document, {})).isEmpty());
    QVERIFY2(linked.contains(u"<a href=\"https://hu60.cn/q.php/bbs.topic.1.html?floor=12#12\">帖子“Qt6”的12楼</a>"_s),
             qPrintable(linked));
    QVERIFY2(linked.contains(u"<a href=\"https://example.com/a?b=1&amp;c=2\">这里</a>"_s), qPrintable(linked));
    QCOMPARE(r.document.blocks.size(), 2);
    QCOMPARE(r.document.blocks.at(1).quote, quint8(1));
}

void TestDocument::fixturesAreReadable_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<int>("type");
    QFile file(QStringLiteral(HU60_FIXTURES_DIR "/push-events.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    int rows = 0;
    while (!file.atEnd()) {
        const QJsonObject frame = QJsonDocument::fromJson(file.readLine().trimmed()).object();
        const QJsonObject data = frame.value("data"_L1).toObject();
        if (frame.value("event"_L1).toString() != u"msg" || !data.value("content"_L1).isString())
            continue;
        QTest::addRow("%d (id %lld)", rows++, data.value("id"_L1).toInteger())
            << data.value("content"_L1).toString() << data.value("type"_L1).toInt();
    }
    QVERIFY(rows >= 30);
}

void TestDocument::fixturesAreReadable()
{
    QFETCH(QString, content);
    QFETCH(int, type);
    const content::Rendered r = renderJson(content, 1, type);
    QVERIFY(!r.document.isEmpty());
    const QString plain = content::toPlainText(r.document);
    QVERIFY2(markdownLeftIn(plain).isEmpty(), qPrintable(markdownLeftIn(plain) + u" in:\n" + plain));
    QVERIFY2(markdownLeftIn(r.summary).isEmpty(), qPrintable(r.summary));
    for (const bool links : {false, true}) {
        for (const bool images : {false, true}) {
            const QString markup = content::toNotificationMarkup(r.document, {links, images}, 500);
            QVERIFY2(markupError(markup, {links, images}).isEmpty(),
                     qPrintable(markupError(markup, {links, images}) + u"\n" + markup));
            if (!links)
                QVERIFY(!markup.contains(u"<a "_s));
            if (!images)
                QVERIFY(!markup.contains(u"<img"_s));
        }
    }
}

void TestDocument::hostileTextStaysText_data()
{
    QTest::addColumn<QString>("content");
    QTest::newRow("script in UBB") << uR"J([{"type":"text","value":"<script>alert(1)</script> & <a href='x'>"}])J"_s;
    QTest::newRow("script in Markdown")
        << uR"J([{"type":"markdown"},{"type":"text","value":"<script>alert(1)</script> &lt; &#0; &#x110000; &bogus; <img src=x onerror=alert(1)>"}])J"_s;
    QTest::newRow("javascript: link")
        << uR"J([{"type":"markdown"},{"type":"text","value":"[点我](javascript:alert(1)) ![x](file:///etc/passwd)"}])J"_s;
    QTest::newRow("control characters") << u"[{\"type\":\"text\",\"value\":\"a\\u0001b\\u001bc\\u0000d\"}]"_s;
    QTest::newRow("control characters in a face name")
        << u"[{\"type\":\"face\",\"face\":\"滑\\u000e\\u0000稽\"}]"_s; // found by fuzz_content
    QTest::newRow("markup in a face name") << uR"J([{"type":"face","face":"<b>\"x\"</b>"}])J"_s;
    QTest::newRow("quotes in a link") << uR"J([{"type":"url","url":"https://example.com/\"><b>","title":"t\"<i>"}])J"_s;
}

void TestDocument::hostileTextStaysText()
{
    QFETCH(QString, content);
    const content::Rendered r = renderJson(content);
    for (const bool links : {false, true}) {
        for (const bool images : {false, true}) {
            const QString markup = content::toNotificationMarkup(r.document, {links, images});
            QVERIFY2(markupError(markup, {links, images}).isEmpty(),
                     qPrintable(markupError(markup, {links, images}) + u"\n" + markup));
            for (const QString& tag : tagsOf(markup))
                QVERIFY2(QStringList({u"a"_s, u"/a"_s, u"img"_s}).contains(tag), qPrintable(markup));
            QVERIFY2(!markup.contains(u"javascript"_s, Qt::CaseInsensitive) || !markup.contains(u"href=\"javascript"_s),
                     qPrintable(markup));
            QVERIFY(!markup.contains(u"file:"_s));
        }
    }
    const QString plain = content::toPlainText(r.document);
    for (QChar c : plain)
        QVERIFY2(c.unicode() >= 0x20 || c == u'\n' || c == u'\t', qPrintable(plain));
}

void TestDocument::boundsKeepMarkupValid()
{
    QString value;
    for (int i = 0; i < 200; ++i)
        value += u"**粗体%1** [链接](https://example.com/%1) & "_s.arg(i);
    const content::Rendered r =
        renderJson(QString::fromUtf8(QJsonDocument(QJsonArray{QJsonObject{{u"type"_s, u"markdown"_s}},
                                                              QJsonObject{{u"type"_s, u"text"_s}, {u"value"_s, value}}})
                                         .toJson(QJsonDocument::Compact)));
    for (const int bound : {1, 2, 5, 17, 100, 999}) {
        const QString markup = content::toNotificationMarkup(r.document, {true, true}, bound);
        QVERIFY2(xmlError(markup).isEmpty(), qPrintable(markup));
        QVERIFY(pangoError(content::toNotificationMarkup(r.document, {}, bound)).isEmpty());
        QVERIFY(markup.endsWith(u"…"_s));
        QString stripped = markup;
        stripped.remove(QRegularExpression(u"<[^>]*>"_s));
        stripped.replace(u"&amp;"_s, u"&"_s);
        QVERIFY2(stripped.size() <= bound + 1, qPrintable(stripped));
        const QString plain = content::toPlainText(r.document, bound);
        QVERIFY(plain.size() <= bound + 1);
        QVERIFY(plain.endsWith(u"…"_s));
    }
}

void TestDocument::ubbStyles()
{
    const content::Rendered r = renderJson(
        uR"J([{"type":"layout","tag":"b"},{"type":"text","value":"粗"},{"type":"layout","tag":"i"},{"type":"text","value":"斜"},{"type":"layout","tag":"/b"},{"type":"text","value":"只斜"},{"type":"newline","tag":"hr"},{"type":"text","value":"末"}])J"_s);
    QCOMPARE(content::toPlainText(r.document), u"粗斜只斜\n──────────\n末"_s);
    const QString markup = content::toNotificationMarkup(r.document, {});
    QVERIFY2(pangoError(markup).isEmpty(), qPrintable(markup));
    // [i] is never closed: like on the forum, it lasts to the end of the message.
    QCOMPARE(markup, u"<b>粗</b><b><i>斜</i></b><i>只斜</i>\n──────────\n<i>末</i>"_s);
}

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"
