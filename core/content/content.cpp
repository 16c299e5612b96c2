// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/content.h"

#include "core/content/docbuilder.h"
#include "core/content/htmlfilter.h"
#include "core/content/jsontree.h"
#include "core/content/markdown.h"
#include "core/logging.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace content {
namespace {

using namespace Qt::StringLiterals;

constexpr int faceHeight = 20;          // faces sit in the text line, like the forum's 1em faces
constexpr int maxImageSide = 1024;      // size suffixes beyond this are ignored
constexpr qsizetype maxSegments = 5000; // per message over all nesting levels; keeps hostile arrays cheap
constexpr qsizetype maxFaceNameLength = 64;
constexpr qsizetype maxOpenTags = 64;

/// One rendering pass over a message: options plus the budgets shared by every nested array.
struct Context
{
    const RenderOptions& options;
    QString siteRoot;         // siteBase as text, without trailing slash, query or fragment
    mutable QUrl pageBaseUrl; // <siteRoot>/q.php/, parsed on first use (only relative links need it)
    qsizetype textBudget = 0;
    qsizetype segmentBudget = maxSegments;
    bool truncated = false;
    bool tooDeep = false;
};

const QUrl& pageBase(const Context& ctx)
{
    if (ctx.pageBaseUrl.isEmpty())
        ctx.pageBaseUrl = QUrl(ctx.siteRoot + u"/q.php/");
    return ctx.pageBaseUrl;
}

struct Output
{
    detail::DocBuilder doc; ///< what the message says; every surface is written from it
};

QString translated(const char* text)
{
    return QCoreApplication::translate("content", text);
}

QString computeSiteRoot(const QUrl& siteBase)
{
    QUrl base = siteBase;
    if (!base.isValid() || (base.scheme() != u"http" && base.scheme() != u"https") || base.host().isEmpty())
        base = QUrl(u"https://hu60.cn"_s);
    base.setQuery(QString());
    base.setFragment(QString());
    base.setUserInfo(QString()); // links the user opens never carry credentials (isSafeLinkUrl refuses them)
    QString root = QString::fromLatin1(base.toEncoded());
    while (root.endsWith(u'/'))
        root.chop(1);
    return root;
}

/// siteBase as an encoded root without trailing slash, query or fragment. Every message renders against the same
/// site, so the last answer is kept (per thread): parsing a QUrl per message and per link was a large share of the
/// rendering cost.
QString siteRootOf(const QUrl& siteBase)
{
    thread_local QUrl lastBase;
    thread_local QString lastRoot;
    if (lastRoot.isEmpty() || siteBase != lastBase) {
        lastRoot = computeSiteRoot(siteBase);
        lastBase = siteBase;
    }
    return lastRoot;
}

/// "^[A-Za-z][A-Za-z0-9+.-]*:" (a URL scheme), without a regular expression.
bool hasScheme(QStringView s)
{
    const auto isAlpha = [](char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); };
    if (s.isEmpty() || !isAlpha(s.front().unicode()))
        return false;
    for (qsizetype i = 1; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (c == u':')
            return true;
        if (!isAlpha(c) && !(c >= u'0' && c <= u'9') && c != u'+' && c != u'.' && c != u'-')
            return false;
    }
    return false;
}

/// The encoded form of the fixed URL shapes the renderer builds itself (faces, user pages, message pages): the site
/// root is already encoded and the rest is ASCII, so no QUrl needs parsing. Equal to what faceUrl()/userUrl()/
/// pageUrl() return, encoded.
QString faceHref(const QString& siteRoot, QStringView name)
{
    return siteRoot + u"/img/face/" + QString::fromLatin1(name.toUtf8().toHex()) + u".gif";
}

QString userHref(const QString& siteRoot, qint64 uid)
{
    return siteRoot + u"/q.php/user.info." + QString::number(uid) + u".html";
}

// A session id never leaves the app inside a URL, even when content carries one.
QUrl withoutSid(QUrl url)
{
    if (!url.hasQuery() || !url.query(QUrl::FullyEncoded).contains(u"sid="_s, Qt::CaseInsensitive))
        return url;
    QStringList kept;
    const QStringList items = url.query(QUrl::FullyEncoded).split(u'&');
    for (const QString& item : items) {
        const QString key = item.section(u'=', 0, 0).toLower();
        if (key != u"sid" && key != u"_sid")
            kept.append(item);
    }
    url.setQuery(kept.isEmpty() ? QString() : kept.join(u'&'), QUrl::TolerantMode);
    return url;
}

QString str(json::Value value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d == static_cast<double>(static_cast<qint64>(d)))
            return QString::number(static_cast<qint64>(d));
        return QString::number(d);
    }
    return {};
}

std::optional<qint64> toInt(json::Value value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d >= -9e15 && d <= 9e15 && d == static_cast<double>(static_cast<qint64>(d)))
            return static_cast<qint64>(d);
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

bool sameUid(const std::optional<qint64>& a, const std::optional<qint64>& b)
{
    return a && b && *a == *b;
}

QString encoded(const QUrl& url)
{
    return QString::fromLatin1(url.toEncoded());
}

/// Normalises line ends and charges the message's visible-text budget; cuts (and flags) what does not fit.
QString budgetText(Context& ctx, QString text)
{
    if (ctx.textBudget <= 0) {
        if (!text.isEmpty())
            ctx.truncated = true;
        return {};
    }
    if (text.size() > 2 * ctx.textBudget + 2)
        text.truncate(2 * ctx.textBudget + 2); // before the replaces below, so huge inputs stay cheap
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    if (text.size() > ctx.textBudget) {
        qsizetype cut = ctx.textBudget;
        if (cut > 0 && text.at(cut - 1).isHighSurrogate())
            --cut;
        text.truncate(cut);
        ctx.truncated = true;
        ctx.textBudget = 0;
    } else {
        ctx.textBudget -= text.size();
    }
    return text;
}

/// A link target from content: absolute http(s) (mailto when allowed) or a forum-relative path; anything else
/// (javascript:, data:, file:, custom schemes, in-page anchors) gives an invalid QUrl.
QUrl resolveLink(const Context& ctx, const QString& raw, bool allowMailto = false)
{
    const QString target = raw.trimmed();
    if (target.isEmpty() || target.startsWith(u'#'))
        return {};
    QUrl url;
    if (hasScheme(target)) {
        url = QUrl(target, QUrl::TolerantMode);
    } else {
        const QUrl relative(target, QUrl::TolerantMode);
        if (!relative.isValid())
            return {};
        url = pageBase(ctx).resolved(relative);
    }
    url = withoutSid(url);
    // "https://hu60.cn@evil.example/" reads as the forum but goes elsewhere: the user part is dropped, so what is
    // shown is where it goes. A mailto: link is an address only (no ?attach=, ?body= or cc smuggled in).
    if (!url.userInfo().isEmpty())
        url.setUserInfo(QString());
    if (url.scheme().compare(u"mailto"_s, Qt::CaseInsensitive) == 0) {
        url.setQuery(QString());
        url.setFragment(QString());
    }
    return isSafeLinkUrl(url, allowMailto) ? url : QUrl();
}

struct ImageRef
{
    QUrl url;
    QSize size;
    QString alt;
};

/// Parses the forum's "#WxH" / "#W" display suffix (rotation words are ignored).
QSize parseSizeSuffix(QStringView suffix)
{
    static const QRegularExpression re(u"^\\s*(\\d{1,5})(?:\\s*[xX×*]\\s*(\\d{1,5}))?"_s);
    const QRegularExpressionMatch m = re.match(suffix.toString());
    if (!m.hasMatch())
        return {};
    const int w = m.capturedView(1).toInt();
    const int h = m.hasCaptured(2) ? m.capturedView(2).toInt() : 0;
    return QSize(w <= maxImageSide ? w : 0, h <= maxImageSide ? h : 0);
}

qsizetype suffixStart(QStringView s)
{
    const qsizetype a = s.indexOf(u'#');
    const qsizetype b = s.indexOf(QChar(0xFF03)); // fullwidth ＃
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return qMin(a, b);
}

/// <siteRoot>/q.php/<page> for a page name of our own (ASCII, nothing to encode). The site's URL is parsed once per
/// thread (its host is the costly part of parsing a URL); each page only sets the path.
QUrl fixedPageUrl(const QString& siteRoot, const QString& page)
{
    thread_local QString lastRoot;
    thread_local QUrl pageBaseUrl;
    thread_local QString pageBasePath;
    if (siteRoot != lastRoot || lastRoot.isEmpty()) {
        pageBaseUrl = QUrl::fromEncoded(QString(siteRoot + u"/q.php/").toLatin1());
        pageBasePath = pageBaseUrl.path(QUrl::FullyEncoded);
        lastRoot = siteRoot;
    }
    QUrl url = pageBaseUrl;
    url.setPath(pageBasePath + page, QUrl::TolerantMode);
    return url;
}

QUrl faceUrlOnRoot(QStringView face, const QString& siteRoot)
{
    const QString name = face.trimmed().toString();
    if (name.isEmpty())
        return {};
    if (hasScheme(name)) {
        if (!name.startsWith(u"http://"_s, Qt::CaseInsensitive) && !name.startsWith(u"https://"_s, Qt::CaseInsensitive))
            return {};
        const qsizetype at = suffixStart(name);
        const QUrl url(at >= 0 ? name.left(at) : name, QUrl::TolerantMode);
        return isSafeLinkUrl(url) ? url : QUrl();
    }
    if (name.size() > maxFaceNameLength)
        return {};
    return QUrl::fromEncoded(faceHref(siteRoot, name).toLatin1());
}

QUrl pageUrlOnRoot(QStringView path, const QString& siteRoot)
{
    QString p = path.trimmed().toString();
    p.replace(u"{$BID}"_s, u"html"_s);
    if (p.isEmpty() || hasScheme(p) || p.startsWith(u'/') || p.startsWith(u'\\'))
        return {};
    for (QChar c : std::as_const(p)) {
        if (c.unicode() < 0x20 || c == u' ')
            return {};
    }
    // The forum's path, query and fragment set in tolerant (encoded) mode on the site's parsed URL: what parsing
    // "<root>/q.php/<p>" would give (percent-encoding and '+' kept exactly as stored, spec §6; a test compares both),
    // without parsing the site's host again for every link.
    const qsizetype hash = p.indexOf(u'#');
    qsizetype question = p.indexOf(u'?');
    if (hash >= 0 && question > hash)
        question = -1; // a '?' inside the fragment
    const qsizetype pathEnd = question >= 0 ? question : hash >= 0 ? hash : p.size();
    QUrl url = fixedPageUrl(siteRoot, p.left(pathEnd));
    const auto part = [](QStringView text) { return text.isEmpty() ? u""_s : text.toString(); }; // present, maybe empty
    if (question >= 0)
        url.setQuery(part(QStringView(p).mid(question + 1, (hash >= 0 ? hash : p.size()) - question - 1)),
                     QUrl::TolerantMode);
    if (hash >= 0)
        url.setFragment(part(QStringView(p).mid(hash + 1)), QUrl::TolerantMode);
    url = withoutSid(url);
    return url.isValid() && isSafeLinkUrl(url) ? url : QUrl();
}

/// Images: http(s) and forum-relative only. `data:` images are refused on purpose (they can be megabytes and
/// QTextDocument would need a custom loader); their alt text is shown instead.
ImageRef resolveImage(const Context& ctx, QString src, QString alt)
{
    ImageRef ref;
    src = src.trimmed();
    if (const qsizetype at = suffixStart(src); at >= 0) {
        ref.size = parseSizeSuffix(QStringView(src).mid(at + 1));
        src.truncate(at);
    } else if (const qsizetype altAt = suffixStart(alt); altAt >= 0) {
        ref.size = parseSizeSuffix(QStringView(alt).mid(altAt + 1));
        alt.truncate(altAt);
    }
    ref.alt = alt.trimmed();
    if (!src.startsWith(u"data:"_s, Qt::CaseInsensitive))
        ref.url = resolveLink(ctx, src);
    if (ref.alt.isEmpty() && ref.url.isValid())
        ref.alt = ref.url.fileName();
    return ref;
}

QString imageLabel(const QString& alt)
{
    return alt.isEmpty() ? translated("[图片]") : translated("[图片：%1]").arg(alt);
}

QString markdownLink(const QString& text, const QString& href)
{
    return u'[' + detail::escapeMarkdown(text) + u"](<" + href + u">)";
}

QString markdownLink(const QString& text, const QUrl& url)
{
    return markdownLink(text, encoded(url));
}

QString markdownImage(const QString& alt, const QString& src)
{
    // Not escapeMarkdown(): Qt 6.4 turns every text run of an image description into an image of its own, so a
    // backslash escape would split "{滑稽}" into three images. Characters that would need escaping become spaces.
    QString plain = alt;
    for (QChar& c : plain) {
        if (c == u'\n' || c == u'\r' || (c.unicode() < 128 && c.isPunct() && !u"{}.,:/-#@%+=?()'\""_s.contains(c)))
            c = u' ';
    }
    return u"![" + plain + u"](<" + src + u">)";
}

QString markdownImage(const QString& alt, const QUrl& url)
{
    return markdownImage(alt, encoded(url));
}

/// The current name of a user, or the stored tag, or "#uid".
QString userLabel(const Context& ctx, const std::optional<qint64>& uid, const QString& tag = {})
{
    if (uid && ctx.options.userName) {
        const QString name = ctx.options.userName(*uid);
        if (!name.trimmed().isEmpty())
            return name.trimmed();
    }
    if (!tag.trimmed().isEmpty())
        return tag.trimmed();
    if (uid)
        return u'#' + QString::number(*uid);
    return translated("未知用户");
}

/// Open layout/style tags of one UBB array. Closers match case-insensitively; a closer without an opener is
/// ignored; a closer for a tag further down closes it alone (the ones above it stay open); leftovers last to the
/// end of the array.
class TagStack
{
public:
    void open(const QString& name, quint32 color = 0)
    {
        if (m_tags.size() < maxOpenTags)
            m_tags.append({name, color});
    }

    void close(const QString& name)
    {
        for (qsizetype k = m_tags.size() - 1; k >= 0; --k) {
            if (m_tags.at(k).name == name) {
                m_tags.removeAt(k);
                return;
            }
        }
    }

    /// Applies the open tags to what `doc` writes next: emphasis, colour, alignment.
    void applyTo(detail::DocBuilder& doc) const
    {
        quint8 style = Span::Plain;
        quint32 color = 0;
        quint8 align = Block::AlignDefault;
        for (const Tag& tag : m_tags) {
            if (tag.name == u"b")
                style |= Span::Bold;
            else if (tag.name == u"i")
                style |= Span::Italic;
            else if (tag.name == u"u")
                style |= Span::Underline;
            else if (tag.name == u"color" && tag.color != 0)
                color = tag.color;
            else if (tag.name == u"left")
                align = Block::AlignLeft;
            else if (tag.name == u"center")
                align = Block::AlignCenter;
            else if (tag.name == u"right")
                align = Block::AlignRight;
        }
        doc.style = style;
        doc.color = color;
        doc.setAlign(align);
    }

private:
    struct Tag
    {
        QString name;
        quint32 color = 0;
    };
    QList<Tag> m_tags;
};

/// Where an inline segment writes: the document (UBB mode, `tags` set), or the Markdown source of the current chunk
/// (Markdown mode: `markdown` set, the chunk is parsed into the document when it ends).
struct Sink
{
    detail::DocBuilder* doc = nullptr;
    QString* markdown = nullptr;
    QHash<QString, QSize>* images = nullptr; ///< Markdown mode: display sizes of the images written
    QSet<QString>* faces = nullptr;          ///< Markdown mode: image sources that are faces
    TagStack* tags = nullptr;
};

void renderArray(Context& ctx, json::Value segments, int depth, Output& out);

void layoutSegment(json::Value seg, bool isStyle, Sink& sink)
{
    if (!sink.tags)
        return; // Markdown mode: the forum's <span>s have no Markdown equivalent; the text stays.
    const QString tag = str(seg.value("tag"_L1)).trimmed().toLower();
    if (tag.startsWith(u'/')) {
        sink.tags->close(tag.mid(1).trimmed());
    } else if (!isStyle) {
        if (tag == u"b" || tag == u"i" || tag == u"u" || tag == u"center" || tag == u"left" || tag == u"right")
            sink.tags->open(tag);
    } else if (tag == u"color") {
        // Only a colour that QColor understands, kept as a number: no raw CSS ever reaches the output.
        static const QRegularExpression plain(u"^#?[A-Za-z0-9]{1,24}$"_s);
        const QString opt = str(seg.value("opt"_L1)).trimmed();
        sink.tags->open(tag, plain.match(opt).hasMatch() && QColor::isValidColorName(opt) ? QColor(opt).rgb() : 0);
    } else if (tag == u"div" || tag == u"span") {
        sink.tags->open(tag); // user CSS is dropped (spec §9)
    }
    sink.tags->applyTo(*sink.doc);
}

void linkSegment(Context& ctx, json::Value seg, const QString& type, int depth, Sink& sink)
{
    QString raw = str(seg.value("url"_L1));
    bool allowMailto = false;
    if (type == u"urlout" && !hasScheme(raw.trimmed()))
        raw = u"http://" + raw.trimmed();
    if (type == u"mailtxt") {
        QString mail = str(seg.value("mail"_L1)).trimmed();
        if (mail.startsWith(u"mailto:"_s, Qt::CaseInsensitive))
            mail = mail.mid(7);
        static const QRegularExpression address(u"^[^\\s@<>\"]+@[^\\s@<>\"]+$"_s);
        raw = address.match(mail).hasMatch() ? u"mailto:" + mail : QString();
        allowMailto = true;
    }
    const QUrl url = resolveLink(ctx, raw, allowMailto);

    QString titleText;
    Document titleDoc; // a title with faces, pictures or emphasis of its own
    const json::Value title = seg.value("title"_L1);
    if (title.isArray()) {
        Output inner;
        renderArray(ctx, title.toArray(), depth + 1, inner);
        titleDoc = inner.doc.take();
        titleText = toPlainText(titleDoc).simplified();
    } else {
        titleText = str(title).trimmed();
    }
    if (titleDoc.isEmpty() && titleText.isEmpty())
        titleText = !url.isValid()              ? translated("[链接]")
                    : url.scheme() == u"mailto" ? url.path()
                                                : url.toDisplayString();

    if (sink.markdown) {
        *sink.markdown += url.isValid() ? markdownLink(titleText.isEmpty() ? url.toDisplayString() : titleText, url)
                                        : detail::escapeMarkdown(titleText);
    } else if (!titleDoc.isEmpty()) {
        sink.doc->appendInline(titleDoc, url.toEncoded());
    } else {
        sink.doc->text(titleText, Span::Plain, url.toEncoded());
    }
}

void imageSegment(Context& ctx, json::Value seg, const QString& type, Sink& sink)
{
    ImageRef ref = resolveImage(ctx, str(seg.value("src"_L1)), str(seg.value("alt"_L1)));
    if (type == u"thumb") {
        const int w = str(seg.value("w"_L1)).toInt();
        const int h = str(seg.value("h"_L1)).toInt();
        ref.size = QSize(w > 0 && w <= maxImageSide ? w : 0, h > 0 && h <= maxImageSide ? h : 0);
    }
    if (!sink.markdown) {
        sink.doc->image(ref.alt, ref.url.toEncoded(), false, ref.size);
    } else if (ref.url.isValid()) {
        *sink.markdown += markdownImage(ref.alt, ref.url);
        if (ref.size.width() > 0 || ref.size.height() > 0)
            sink.images->insert(encoded(ref.url), ref.size);
    } else {
        *sink.markdown += detail::escapeMarkdown(imageLabel(ref.alt));
    }
}

void faceSegment(Context& ctx, json::Value seg, Sink& sink)
{
    const QString name = str(seg.value("face"_L1)).trimmed();
    if (name.isEmpty())
        return;
    const bool external = hasScheme(name);
    // A forum face (the usual case) has a fixed URL shape; only an external one needs checking as a URL.
    QString src;
    if (!external && name.size() <= maxFaceNameLength)
        src = faceHref(ctx.siteRoot, name);
    else if (const QUrl url = external ? faceUrlOnRoot(name, ctx.siteRoot) : QUrl(); url.isValid())
        src = encoded(url);
    const QString alt = external ? translated("[表情]") : u'{' + name + u'}';
    if (!sink.markdown) {
        sink.doc->image(alt, src.toLatin1(), true, QSize(0, faceHeight));
    } else if (!src.isEmpty()) {
        *sink.markdown += markdownImage(alt, src);
        sink.images->insert(src, QSize(0, faceHeight));
        sink.faces->insert(src);
    } else {
        *sink.markdown += detail::escapeMarkdown(alt);
    }
}

void atSegment(Context& ctx, json::Value seg, Sink& sink)
{
    const std::optional<qint64> uid = toInt(seg.value("uid"_L1));
    const QString display = u'@' + userLabel(ctx, uid, str(seg.value("tag"_L1)));
    const QString href = uid ? userHref(ctx.siteRoot, *uid) : QString();
    if (!sink.markdown)
        sink.doc->text(display, Span::Plain, href.toLatin1());
    else
        *sink.markdown += href.isEmpty() ? detail::escapeMarkdown(display) : markdownLink(display, href);
}

QString stripOneNewline(QString code)
{
    if (code.startsWith(u'\n'))
        code.remove(0, 1);
    if (code.endsWith(u'\n'))
        code.chop(1);
    return code;
}

void mdcodeSegment(Context& ctx, json::Value seg, Sink& sink)
{
    QString code = budgetText(ctx, str(seg.value("data"_L1)));
    if (code.startsWith(u'\n'))
        code.remove(0, 1);
    const QString indent = str(seg.value("indent"_L1));
    if (!indent.isEmpty() && indent.trimmed().isEmpty()) {
        QStringList lines = code.split(u'\n');
        for (QString& line : lines) {
            if (line.startsWith(indent))
                line.remove(0, indent.size());
        }
        code = lines.join(u'\n');
    }
    while (code.endsWith(u'\n'))
        code.chop(1);
    if (!sink.markdown) {
        sink.doc->codeBlock(code);
        return;
    }

    // The fence must be longer than any run of its character inside the code, whatever `quote` says.
    const QString quote = str(seg.value("quote"_L1));
    const QChar fenceChar = quote.startsWith(u'~') ? u'~' : u'`';
    qsizetype longest = 0;
    qsizetype run = 0;
    for (QChar c : code) {
        run = c == fenceChar ? run + 1 : 0;
        longest = qMax(longest, run);
    }
    const QString fence(qMax(qMax<qsizetype>(3, longest + 1), qMin<qsizetype>(quote.size(), 16)), fenceChar);
    QString lang = str(seg.value("lang"_L1));
    lang.removeIf([](QChar c) { return !(c.isLetterOrNumber() && c.unicode() < 128) && !u"+-_.#"_s.contains(c); });
    lang.truncate(32);
    QString& md = *sink.markdown;
    if (!md.isEmpty() && !md.endsWith(u'\n'))
        md += u'\n';
    md += fence + lang + u'\n' + code + u'\n' + fence + u'\n';
}

/// PHP date() subset used by [time=fmt]; unknown letters are copied.
QString phpDate(const QString& format, const QDateTime& now)
{
    const QString fmt = format.isEmpty() ? u"Y-m-d H:i:s"_s : format.left(64);
    const QDate d = now.date();
    const QTime t = now.time();
    auto two = [](int n) { return QString::number(n).rightJustified(2, u'0'); };
    QString out;
    for (qsizetype i = 0; i < fmt.size(); ++i) {
        const QChar c = fmt.at(i);
        switch (c.unicode()) {
        case u'Y':
            out += QString::number(d.year());
            break;
        case u'y':
            out += two(d.year() % 100);
            break;
        case u'm':
            out += two(d.month());
            break;
        case u'n':
            out += QString::number(d.month());
            break;
        case u'd':
            out += two(d.day());
            break;
        case u'j':
            out += QString::number(d.day());
            break;
        case u'H':
            out += two(t.hour());
            break;
        case u'G':
            out += QString::number(t.hour());
            break;
        case u'i':
            out += two(t.minute());
            break;
        case u's':
            out += two(t.second());
            break;
        case u'\\':
            if (i + 1 < fmt.size())
                out += fmt.at(++i);
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString copyrightSentence(const QString& tag)
{
    const QString lower = tag.trimmed().toLower();
    if (lower.startsWith(u"cc-")) {
        QStringList parts;
        for (const QString& part : lower.mid(3).split(u'-', Qt::SkipEmptyParts)) {
            if (part == u"by")
                parts << translated("署名");
            else if (part == u"nc")
                parts << translated("非商业性使用");
            else if (part == u"nd")
                parts << translated("禁止演绎");
            else if (part == u"sa")
                parts << translated("相同方式共享");
        }
        return translated("本作品采用知识共享%1 3.0 中国大陆许可协议进行许可。").arg(parts.join(u'-'));
    }
    if (lower == u"gfdl")
        return translated("本作品采用GNU自由文档许可证进行许可。");
    if (lower == u"公有领域" || lower == u"公共领域")
        return translated("本作品已进入公有领域。");
    return translated("本作品采用%1进行许可。").arg(tag.trimmed());
}

void plainInline(Context& ctx, const QString& text, Sink& sink, bool budget = true)
{
    const QString value = budget ? budgetText(ctx, text) : text;
    if (sink.markdown)
        *sink.markdown += detail::escapeMarkdown(value);
    else
        sink.doc->text(value);
}

void inlineSegment(Context& ctx, json::Value seg, const QString& type, int depth, Sink& sink)
{
    if (type == u"text") {
        const QString value = budgetText(ctx, str(seg.value("value"_L1)));
        if (sink.markdown) {
            // As on the forum: Markdown syntax is live, inline HTML is shown literally.
            QString md = value;
            *sink.markdown += md.replace(u'<', u"&lt;"_s);
        } else {
            sink.doc->text(value);
        }
    } else if (type == u"mdpre") {
        const QString value = budgetText(ctx, str(seg.value("data"_L1)));
        if (sink.markdown)
            *sink.markdown += value;
        else
            sink.doc->text(value);
    } else if (type == u"mdcode") {
        mdcodeSegment(ctx, seg, sink);
    } else if (type == u"newline") {
        const QString tag = str(seg.value("tag"_L1)).trimmed().toLower();
        if (tag == u"hr" || tag == u"＜＜＜") {
            if (sink.markdown)
                *sink.markdown += u"\n\n***\n\n"_s;
            else
                sink.doc->rule();
        } else {
            if (sink.markdown)
                *sink.markdown += u"\n"_s;
            else
                sink.doc->lineBreak();
        }
    } else if (type == u"tab") {
        if (sink.markdown)
            *sink.markdown += u"　　"_s;
        else
            sink.doc->text(u"　　");
    } else if (type == u"empty") {
        // Exists only to break markup on the forum.
    } else if (type == u"time") {
        plainInline(ctx, phpDate(str(seg.value("tag"_L1)), QDateTime::currentDateTime()), sink, false);
    } else if (type == u"layout" || type == u"style") {
        layoutSegment(seg, type == u"style", sink);
    } else if (type == u"url" || type == u"urlzh" || type == u"urlout" || type == u"urltxt" || type == u"mailtxt") {
        linkSegment(ctx, seg, type, depth, sink);
    } else if (type == u"urlname") {
        plainInline(ctx, str(seg.value("title"_L1)), sink);
    } else if (type == u"img" || type == u"imgzh" || type == u"thumb") {
        imageSegment(ctx, seg, type, sink);
    } else if (type == u"face") {
        faceSegment(ctx, seg, sink);
    } else if (type == u"at") {
        atSegment(ctx, seg, sink);
    } else if (type == u"math" || type == u"mathzh") {
        const QString tex = budgetText(ctx, str(seg.value("data"_L1)));
        if (sink.markdown)
            *sink.markdown += detail::escapeMarkdown(tex);
        else
            sink.doc->text(tex, Span::Code);
    } else if (type == u"copyright") {
        plainInline(ctx, copyrightSentence(str(seg.value("tag"_L1))), sink, false);
    } else if (type == u"battlenet") {
        QString display = str(seg.value("display"_L1)).trimmed();
        if (display.isEmpty())
            display = str(seg.value("name"_L1)) + u'@' + str(seg.value("server"_L1));
        plainInline(ctx, display, sink);
    } else {
        // A type from the future: its visible text only, never markup.
        for (const QLatin1StringView key : {"value"_L1, "data"_L1, "url"_L1}) {
            if (seg.value(key).isString()) {
                plainInline(ctx, seg.value(key).toString(), sink);
                break;
            }
        }
    }
}

bool isBlockType(const QString& type)
{
    static constexpr QStringView blocks[] = {
        u"code", u"textbox", u"video",     u"videoStream", u"audio",       u"audioStream", u"iframe",
        u"html", u"atMsg",   u"adminEdit", u"adminDel",    u"adminAction", u"delContent",  u"postNeedReview"};
    return std::find(std::begin(blocks), std::end(blocks), QStringView(type)) != std::end(blocks);
}

/// A nested array (or legacy string) as a blockquote; a leading markdown comment in a string switches it to
/// Markdown like the forum does.
void quoteContent(Context& ctx, json::Value value, int depth, Output& out)
{
    Output inner;
    if (value.isArray()) {
        renderArray(ctx, value.toArray(), depth + 1, inner);
    } else if (value.isString()) {
        static const QRegularExpression marker(u"^\\s*(<!--\\s*markdown\\s*-->|<!md>)"_s,
                                               QRegularExpression::CaseInsensitiveOption);
        QString text = value.toString();
        QJsonArray synthetic;
        if (const QRegularExpressionMatch m = marker.match(text); m.hasMatch()) {
            text.remove(0, m.capturedEnd());
            synthetic.append(QJsonObject{{u"type"_s, u"markdown"_s}});
        }
        synthetic.append(QJsonObject{{u"type"_s, u"text"_s}, {u"value"_s, text}});
        const json::Tree tree = json::Tree::fromQJson(synthetic);
        renderArray(ctx, tree.root(), depth + 1, inner);
    } else {
        return;
    }
    out.doc.appendQuoted(inner.doc.take());
}

void quoteText(Context& ctx, const QString& text, Output& out)
{
    const QString value = budgetText(ctx, text);
    detail::DocBuilder quoted;
    quoted.verbatim = true;
    quoted.text(value);
    out.doc.appendQuoted(quoted.take());
}

/// A value in a sentence: a person, a place, or plain words.
struct Person
{
    QString text;
    QByteArray url; ///< where it links to (a user's page, a post), encoded; empty for plain words
};

Person plain(const QString& text)
{
    return {text, {}};
}

/// Appends one sentence: `format` (translated, with %1…%3 placeholders) filled with the arguments, which stay
/// literal even when they contain "%1".
void sentence(Output& out, const QString& format, const QList<Person>& args, const QString& tail = {})
{
    out.doc.startBlock(Block::Paragraph);
    qsizetype run = 0;
    for (qsizetype i = 0; i + 1 < format.size(); ++i) {
        const int k = format.at(i) == u'%' ? format.at(i + 1).digitValue() : -1;
        if (k < 1 || k > args.size())
            continue;
        out.doc.text(QStringView(format).mid(run, i - run));
        const Person& arg = args.at(k - 1);
        out.doc.text(arg.text, Span::Plain, arg.url);
        run = i + 2;
        ++i;
    }
    out.doc.text(QStringView(format).mid(run));
    out.doc.text(tail);
    out.doc.endBlock();
}

Person person(const Context& ctx, json::Value uidValue, bool at = false)
{
    const std::optional<qint64> uid = toInt(uidValue);
    const QString name = (at ? u"@"_s : QString()) + userLabel(ctx, uid);
    return {name, uid ? userHref(ctx.siteRoot, *uid).toLatin1() : QByteArray()};
}

Person position(const Context& ctx, json::Value seg)
{
    QString pos = str(seg.value("pos"_L1)).trimmed();
    if (pos.isEmpty())
        pos = translated("（未知位置）");
    return {pos, pageUrlOnRoot(seg.value("url"_L1).toString(), ctx.siteRoot).toEncoded()};
}

QString actText(const std::optional<qint64>& act)
{
    switch (act.value_or(0)) {
    case 1:
        return translated("下沉");
    case 2:
        return translated("已将您禁言");
    case 3:
        return translated("将您解除禁言");
    case 4:
        return translated("加精");
    case 5:
        return translated("取消精华");
    case 6:
        return translated("关闭评论");
    case 7:
        return translated("开放评论");
    default:
        return translated("处理");
    }
}

QString reviewText(const std::optional<qint64>& stat)
{
    switch (stat.value_or(-1)) {
    case 0:
        return translated("该内容已通过审核。");
    case 1:
        return translated("该内容待审核。");
    case 2:
        return translated("该内容被站长屏蔽。");
    case 3:
        return translated("该内容未通过审核。");
    case 4:
        return translated("该内容需要人工复核。");
    case 5:
        return translated("该内容未通过机审。");
    case 6:
        return translated("该内容已通过机审。");
    default:
        return translated("该内容的审核状态未知。");
    }
}

void mediaPlaceholder(Context& ctx, const QString& label, const QString& rawUrl, const QString& title, Output& out)
{
    const QUrl url = resolveLink(ctx, rawUrl);
    QString line = label;
    if (!title.trimmed().isEmpty())
        line += u' ' + title.trimmed();
    out.doc.startBlock(Block::Paragraph);
    out.doc.text(line);
    if (url.isValid()) {
        out.doc.text(u" ");
        out.doc.text(url.toDisplayString(), Span::Plain, url.toEncoded());
    }
    out.doc.endBlock();
}

void blockSegment(Context& ctx, json::Value seg, const QString& type, int depth, Output& out)
{
    if (type == u"code" || type == u"textbox") {
        const QString code = stripOneNewline(budgetText(ctx, str(seg.value("data"_L1))));
        const json::Value plug = seg.value("webplug"_L1).toObject();
        if (type == u"code" && !plug.isEmpty()) {
            // The forum offers to install this as a plug-in for its web pages; here it is only shown as code.
            const QString line = translated("[网页插件] %1").arg(str(plug.value("name"_L1)).trimmed());
            out.doc.startBlock(Block::Paragraph);
            out.doc.text(line);
            out.doc.endBlock();
        }
        out.doc.codeBlock(code);
    } else if (type == u"video" || type == u"videoStream") {
        mediaPlaceholder(ctx, translated("[视频]"), str(seg.value("url"_L1)), str(seg.value("title"_L1)), out);
    } else if (type == u"audio" || type == u"audioStream") {
        mediaPlaceholder(ctx, translated("[音频]"), str(seg.value("url"_L1)), str(seg.value("title"_L1)), out);
    } else if (type == u"iframe") {
        const json::Value data = seg.value("data"_L1).toObject();
        mediaPlaceholder(ctx, data.contains("srcdoc"_L1) ? translated("[HTML代码]") : translated("[网页内容]"),
                         str(data.value("src"_L1)), QString(), out);
    } else if (type == u"html") {
        mediaPlaceholder(ctx, translated("[HTML代码]"), QString(), QString(), out);
    } else if (type == u"atMsg") {
        const Person sender = person(ctx, seg.value("uid"_L1));
        const Person pos = position(ctx, seg);
        sentence(out, translated("%1 在 %2 @你："), {sender, pos});
        quoteContent(ctx, seg.value("msg"_L1), depth, out);
    } else if (type == u"adminEdit") {
        const Person admin = person(ctx, seg.value("uid"_L1));
        const Person pos = position(ctx, seg);
        sentence(out, translated("管理员 %1 编辑了您在 %2 的发言，编辑理由如下："), {admin, pos});
        quoteText(ctx, str(seg.value("reason"_L1)), out);
        if (seg.value("oriData"_L1).isArray() || seg.value("oriData"_L1).isString()) {
            sentence(out, translated("您发言的原始内容如下："), {});
            quoteContent(ctx, seg.value("oriData"_L1), depth, out);
        }
    } else if (type == u"adminDel") {
        const std::optional<qint64> uid = toInt(seg.value("uid"_L1));
        const Person pos = position(ctx, seg);
        if (sameUid(uid, toInt(seg.value("ownUid"_L1)))) {
            sentence(out, translated("您删除了您在 %1 的发言。"), {pos});
        } else {
            const Person actor = person(ctx, seg.value("uid"_L1));
            const QString role =
                sameUid(uid, toInt(seg.value("topicUid"_L1))) ? translated("楼主") : translated("管理员");
            const QString reason = str(seg.value("reason"_L1)).trimmed();
            if (reason.isEmpty()) {
                sentence(out, translated("%1 %2 删除了您在 %3 的发言。"), {plain(role), actor, pos});
            } else {
                sentence(out, translated("%1 %2 删除了您在 %3 的发言，理由如下："), {plain(role), actor, pos});
                quoteText(ctx, reason, out);
            }
        }
        if (seg.value("oriData"_L1).isArray() || seg.value("oriData"_L1).isString()) {
            sentence(out, translated("您发言的原始内容如下："), {});
            quoteContent(ctx, seg.value("oriData"_L1), depth, out);
        }
    } else if (type == u"adminAction") {
        const std::optional<qint64> act = toInt(seg.value("act"_L1));
        const Person admin = person(ctx, seg.value("uid"_L1));
        const QString what = actText(act);
        const QString reason = str(seg.value("reason"_L1)).trimmed();
        if (act == 2 || act == 3) {
            sentence(out, translated("管理员 %1 %2，理由如下：%3"), {admin, plain(what), plain(reason)});
        } else {
            const Person pos = position(ctx, seg);
            const QString tail = reason.isEmpty() ? translated("。") : translated("，理由如下：%1").arg(reason);
            if (sameUid(toInt(seg.value("uid"_L1)), toInt(seg.value("ownUid"_L1))))
                sentence(out, translated("您将您的 %1 %2"), {pos, plain(what)}, tail);
            else
                sentence(out, translated("管理员 %1 将您的 %2 %3"), {admin, pos, plain(what)}, tail);
        }
    } else if (type == u"delContent") {
        const std::optional<qint64> uid = toInt(seg.value("uid"_L1));
        QString role = translated("管理员");
        if (sameUid(uid, toInt(seg.value("ownUid"_L1))))
            role = translated("层主");
        else if (sameUid(uid, toInt(seg.value("topicUid"_L1))))
            role = translated("楼主");
        const Person actor = person(ctx, seg.value("uid"_L1), true);
        const std::optional<qint64> time = toInt(seg.value("time"_L1));
        const QString reason = str(seg.value("reason"_L1)).trimmed();
        const QString tail = reason.isEmpty() ? translated("。") : translated("，理由如下：%1").arg(reason);
        if (time && *time > 0) {
            const QString when = QDateTime::fromSecsSinceEpoch(*time).toString(u"yyyy-MM-dd HH:mm"_s);
            sentence(out, translated("%1 %2 于 %3 删除了该楼层"), {plain(role), actor, plain(when)}, tail);
        } else {
            sentence(out, translated("%1 %2 删除了该楼层"), {plain(role), actor}, tail);
        }
    } else if (type == u"postNeedReview") {
        const QString line = reviewText(toInt(seg.value("stat"_L1)));
        out.doc.startBlock(Block::Paragraph);
        out.doc.text(line, Span::Italic);
        out.doc.endBlock();
    }
}

/// The Markdown collected since the last block segment of a Markdown array.
struct MarkdownChunk
{
    QString source;
    QHash<QString, QSize> images;
    QSet<QString> faces;
};

void flushMarkdown(Context& ctx, MarkdownChunk& chunk, Output& out)
{
    if (chunk.source.isEmpty())
        return;
    detail::MarkdownLinks links;
    links.link = [&ctx](const QString& href) { return resolveLink(ctx, href, true).toEncoded(); };
    links.image = [&ctx](const QString& src) {
        // data: images are refused on purpose (they can be megabytes); their alt text is shown instead.
        return src.trimmed().startsWith(u"data:"_s, Qt::CaseInsensitive) ? QByteArray()
                                                                         : resolveLink(ctx, src).toEncoded();
    };
    links.faces = std::move(chunk.faces);
    links.imageSizes = std::move(chunk.images);
    links.lessThanEscaped = true; // text segments (inlineSegment)
    detail::appendMarkdown(out.doc, detail::withHardBreaks(chunk.source), links);
    chunk = MarkdownChunk();
}

void renderArray(Context& ctx, json::Value segments, int depth, Output& out)
{
    if (depth > ctx.options.maxDepth) {
        out.doc.text(u"…");
        ctx.tooDeep = true;
        return;
    }
    TagStack tags;
    bool markdown = false;
    MarkdownChunk chunk;
    for (json::Value value : segments) {
        if (ctx.segmentBudget <= 0) {
            ctx.truncated = true;
            break;
        }
        --ctx.segmentBudget;
        std::optional<json::Tree> synthetic;
        json::Value seg;
        if (value.isString()) { // not produced by the forum, but harmless to show
            synthetic = json::Tree::fromQJson(QJsonObject{{u"type"_s, u"text"_s}, {u"value"_s, value.toString()}});
            seg = synthetic->root();
        } else {
            seg = value.toObject();
        }
        const QString type = seg.value("type"_L1).toString();
        if (type == u"markdown") {
            markdown = true;
            continue;
        }
        if (isBlockType(type)) {
            if (markdown)
                flushMarkdown(ctx, chunk, out);
            blockSegment(ctx, seg, type, depth, out);
            continue;
        }
        Sink sink;
        if (markdown) {
            sink.markdown = &chunk.source;
            sink.images = &chunk.images;
            sink.faces = &chunk.faces;
        } else {
            out.doc.verbatim = true;
            sink.tags = &tags;
            sink.doc = &out.doc;
        }
        inlineSegment(ctx, seg, type, depth, sink);
    }
    flushMarkdown(ctx, chunk, out);
    out.doc.style = Span::Plain;
    out.doc.color = 0;
    out.doc.setAlign(Block::AlignDefault);
    out.doc.verbatim = false;
}

bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
}

/// Plain text for a bubble: markdown comment removed, control and bidi-override characters dropped, horizontal
/// whitespace collapsed, at most one blank line in a row, bounded with an ellipsis.
QString summarize(QString text, int maxLength)
{
    static const QRegularExpression marker(u"^\\s*(<!--\\s*markdown\\s*-->|<!md>)"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    // The marker starts with '<' after optional white space: most texts are ruled out without the pattern.
    if (const QStringView start = QStringView(text).trimmed(); start.startsWith(u'<')) {
        if (const QRegularExpressionMatch m = marker.match(text); m.hasMatch())
            text.remove(0, m.capturedEnd());
    }
    const qsizetype limit = qMax(1, maxLength);
    QString out;
    out.reserve(qMin<qsizetype>(text.size(), limit + 8));
    int pendingNewlines = 0;
    bool pendingSpace = false;
    bool cut = false;
    for (QChar c : std::as_const(text)) {
        const char16_t u = c.unicode();
        if (u == u'\n') {
            ++pendingNewlines;
            pendingSpace = false;
            continue;
        }
        if (u == u' ' || u == u'\t' || u == 0xA0 || u == 0x3000) {
            pendingSpace = true;
            continue;
        }
        if (u < 0x20 || u == 0x7F || isBidiControl(u) || u == QChar::ObjectReplacementCharacter)
            continue;
        if (!out.isEmpty()) {
            if (pendingNewlines > 0)
                out += pendingNewlines > 1 ? u"\n\n"_s : u"\n"_s;
            else if (pendingSpace)
                out += u' ';
        }
        pendingNewlines = 0;
        pendingSpace = false;
        out += c;
        if (out.size() > limit) {
            cut = true;
            break;
        }
    }
    if (cut) {
        qsizetype keep = limit - 1;
        if (keep > 0 && out.at(keep - 1).isHighSurrogate())
            --keep;
        out.truncate(keep);
        out = out.trimmed() + u"…";
    }
    return out;
}

QUrl clickUrl(json::Value segments, qint64 msgId, int msgType, const QString& siteRoot)
{
    if (msgType == 1) {
        for (json::Value value : segments) {
            const json::Value seg = value.toObject();
            if (seg.value("type"_L1).stringView() != u"atMsg")
                continue;
            const QUrl url = pageUrlOnRoot(seg.value("url"_L1).toString(), siteRoot);
            if (url.isValid())
                return url;
            break;
        }
        return fixedPageUrl(siteRoot, u"msg.index.@.html"_s);
    }
    if (msgId > 0)
        return fixedPageUrl(siteRoot, u"msg.index.view." + QString::number(msgId) + u".html");
    return fixedPageUrl(siteRoot, u"msg.index.inbox.html"_s);
}

Rendered fallback(const QString& error, qint64 msgId, int msgType, const RenderOptions& options)
{
    Rendered r;
    const QString line = translated("[无法显示的消息内容，请在浏览器中查看]");
    r.summary = summarize(line, options.maxSummaryLength);
    detail::DocBuilder doc;
    doc.text(line, Span::Italic);
    r.document = doc.take();
    r.html = toHtml(r.document);
    r.url = clickUrl({}, msgId, msgType, siteRootOf(options.siteBase));
    r.error = error;
    return r;
}

Rendered renderTree(json::Value segments, qint64 msgId, int msgType, const RenderOptions& options)
{
    Context ctx{options, siteRootOf(options.siteBase), {}};
    ctx.textBudget = qMax<qsizetype>(0, options.maxTextLength);

    Output out;
    renderArray(ctx, segments, 0, out);
    if (ctx.truncated) {
        out.doc.startBlock(Block::Paragraph);
        out.doc.text(translated("（内容过长，已截断）"), Span::Italic);
    }

    Rendered r;
    r.document = out.doc.take();
    r.summary = summarize(toPlainText(r.document), options.maxSummaryLength);
    if (r.summary.isEmpty()) {
        r.summary = segments.isEmpty() ? translated("（空消息）") : translated("（无文字内容）");
        detail::DocBuilder placeholder;
        placeholder.text(r.summary, Span::Italic);
        r.document = placeholder.take();
    }
    // Every value in the HTML is escaped by construction (tests check that the filter would leave it unchanged);
    // text that merely looks like a script URL is defused on top.
    r.html = detail::defuseText(toHtml(r.document));
    r.html.squeeze(); // written by appending: as kept, without the room it grew into
    r.url = clickUrl(segments, msgId, msgType, ctx.siteRoot);
    if (ctx.truncated)
        r.error = u"content truncated"_s;
    else if (ctx.tooDeep)
        r.error = u"content nested too deeply"_s;
    return r;
}

/// Bytes of `text` as UTF-8 (what QString::toUtf8() gives; a lone surrogate becomes U+FFFD), without converting it.
qsizetype utf8Size(QStringView text)
{
    qsizetype size = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            size += 1;
        } else if (c < 0x800) {
            size += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            size += 4;
            ++i;
        } else {
            size += 3;
        }
    }
    return size;
}

} // namespace

Rendered render(const QJsonArray& segments, qint64 msgId, int msgType, const RenderOptions& options)
{
    const json::Tree tree = json::Tree::fromQJson(segments);
    return renderTree(tree.root(), msgId, msgType, options);
}

Rendered renderContent(QStringView contentJson, qint64 msgId, int msgType, const RenderOptions& options)
{
    if (const qsizetype size = utf8Size(contentJson); size > options.maxInputSize) {
        qCWarning(lcContent) << "content of message" << msgId << "too large:" << size << "bytes";
        return fallback(u"content too large"_s, msgId, msgType, options);
    }
    const QStringView trimmed = contentJson.trimmed();
    if (!trimmed.startsWith(u'[') && !trimmed.startsWith(u'{')) {
        qCWarning(lcContent) << "content of message" << msgId << "is not JSON";
        return fallback(u"content is not a JSON segment array"_s, msgId, msgType, options);
    }
    // Parsed once, by the strict reader; what it leaves (see json::Tree) QJsonDocument parses instead.
    std::optional<json::Tree> tree = json::Tree::parse(contentJson);
    if (!tree) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(contentJson.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            qCWarning(lcContent) << "content of message" << msgId << "unparseable:" << parseError.errorString();
            return fallback(u"unparseable content: "_s + parseError.errorString(), msgId, msgType, options);
        }
        tree = json::Tree::fromQJson(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
    }
    if (tree->root().isArray())
        return renderTree(tree->root(), msgId, msgType, options);
    if (tree->root().contains("type"_L1)) {
        tree->wrapRootInArray();
        return renderTree(tree->root(), msgId, msgType, options);
    }
    qCWarning(lcContent) << "content of message" << msgId << "is an object without a type";
    return fallback(u"content is not a segment array"_s, msgId, msgType, options);
}

QUrl faceUrl(QStringView face, const QUrl& siteBase)
{
    return faceUrlOnRoot(face, siteRootOf(siteBase));
}

QUrl pageUrl(QStringView path, const QUrl& siteBase)
{
    return pageUrlOnRoot(path, siteRootOf(siteBase));
}

QUrl userUrl(qint64 uid, const QUrl& siteBase)
{
    return fixedPageUrl(siteRootOf(siteBase), u"user.info." + QString::number(uid) + u".html");
}

bool isSafeLinkUrl(const QUrl& url, bool allowMailto)
{
    if (!url.isValid() || url.isRelative())
        return false;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http" || scheme == u"https")
        return !url.host().isEmpty() && url.userInfo().isEmpty();
    if (scheme == u"mailto")
        return allowMailto && !url.path().isEmpty() && url.host().isEmpty() && !url.hasQuery() && !url.hasFragment();
    return false;
}

} // namespace content
