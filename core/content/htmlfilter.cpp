// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/htmlfilter.h"

#include "core/content/content.h"

#include <QList>
#include <QUrl>

#include <algorithm>

namespace content::detail {
namespace {

using namespace Qt::StringLiterals;

struct Attribute
{
    QString name;  // lower-case
    QString value; // entities decoded
};

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-';
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

// Elements whose content is never shown (and in the case of script/style, never even kept as text).
// Plain arrays of views: these run for every tag of every Markdown message, so no list of QStrings and no copies.
constexpr QStringView skippedElements[] = {u"script",   u"style",    u"head",   u"title",  u"textarea", u"xmp",
                                           u"noscript", u"template", u"iframe", u"object", u"svg",      u"math"};
constexpr QStringView allowedElements[] = {
    u"a",     u"b",     u"i",     u"u",    u"s",   u"em",  u"strong",     u"code", u"pre", u"tt",
    u"p",     u"br",    u"hr",    u"span", u"div", u"ul",  u"blockquote", u"ol",   u"li",  u"table",
    u"thead", u"tbody", u"tfoot", u"tr",   u"td",  u"th",  u"h1",         u"h2",   u"h3",  u"h4",
    u"h5",    u"h6",    u"img",   u"sub",  u"sup", u"big", u"small",      u"del",  u"ins", u"caption"};

template<std::size_t N>
bool isOneOf(QStringView name, const QStringView (&names)[N])
{
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

bool isSkippedElement(QStringView name)
{
    return isOneOf(name, skippedElements);
}

bool isAllowedElement(QStringView name)
{
    return isOneOf(name, allowedElements);
}

bool isVoidElement(QStringView name)
{
    return name == u"br" || name == u"hr" || name == u"img";
}

bool isDigits(QStringView v, bool allowPercent = false)
{
    if (v.isEmpty() || v.size() > 8)
        return false;
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i].isDigit() && v[i].unicode() < 128)
            continue;
        if (allowPercent && i == v.size() - 1 && v[i] == u'%' && i > 0)
            continue;
        return false;
    }
    return true;
}

// Inline CSS from QTextDocument::toHtml() is harmless; what must never pass is anything that loads or runs
// something (url(), expression(), bindings) or escapes that could hide those words.
bool isSafeStyle(const QString& style)
{
    if (style.size() > 512)
        return false;
    const QString lower = style.toLower();
    static const QStringList banned{u"url("_s,     u"expression"_s, u"@import"_s, u"javascript"_s, u"vbscript"_s,
                                    u"behavior"_s, u"binding"_s,    u"\\"_s,      u"<"_s,          u"\""_s,
                                    u"position"_s, u"image"_s,      u"/*"_s};
    for (const QString& word : banned) {
        if (lower.contains(word))
            return false;
    }
    return true;
}

bool isAlign(const QString& v)
{
    const QString lower = v.toLower();
    return lower == u"left" || lower == u"right" || lower == u"center" || lower == u"justify";
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// Length of a well-formed character reference starting at `at` (which holds '&'), or 0.
qsizetype entityLength(QStringView s, qsizetype at)
{
    qsizetype i = at + 1;
    const qsizetype n = s.size();
    if (i < n && s[i] == u'#') {
        ++i;
        const bool hex = i < n && (s[i] == u'x' || s[i] == u'X');
        if (hex)
            ++i;
        const qsizetype start = i;
        while (i < n && i - start < 7 && (hex ? isHexDigit(s[i]) : (s[i] >= u'0' && s[i] <= u'9')))
            ++i;
        if (i == start)
            return 0;
    } else {
        const qsizetype start = i;
        while (i < n && i - start < 12 && s[i].unicode() < 128 && s[i].isLetterOrNumber())
            ++i;
        if (i == start)
            return 0;
    }
    return (i < n && s[i] == u';') ? i - at + 1 : 0;
}

QString decodeEntities(QStringView s)
{
    if (!s.contains(u'&'))
        return s.toString();
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        const qsizetype len = s[i] == u'&' ? entityLength(s, i) : 0;
        if (len == 0) {
            out += s[i];
            continue;
        }
        const QStringView body = s.mid(i + 1, len - 2);
        if (body.startsWith(u'#')) {
            bool ok = false;
            const uint code = (body.size() > 1 && (body[1] == u'x' || body[1] == u'X')) ? body.mid(2).toUInt(&ok, 16)
                                                                                        : body.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
                const char32_t c = code;
                out += QString::fromUcs4(&c, 1);
            }
        } else if (body == u"amp") {
            out += u'&';
        } else if (body == u"lt") {
            out += u'<';
        } else if (body == u"gt") {
            out += u'>';
        } else if (body == u"quot") {
            out += u'"';
        } else if (body == u"apos") {
            out += u'\'';
        } else if (body == u"nbsp") {
            out += QChar(0xA0);
        } else {
            out += s.mid(i, len);
        }
        i += len - 1;
    }
    return out;
}

void appendAttribute(QString& out, QStringView name, const QString& value)
{
    out += u' ' + name + u"=\"";
    appendHtmlEscaped(out, value);
    out += u'"';
}

bool isRegexSpace(QChar c)
{
    // \s of the (non-UCP) PCRE patterns this scan replaces: ASCII space, \t, \n, \v, \f, \r.
    return c == u' ' || (c.unicode() >= 0x09 && c.unicode() <= 0x0D);
}

// An ASCII letter, lower-cased; caseless PCRE also folds U+017F (long s) to 's' and U+212A (Kelvin) to 'k'.
char16_t foldedLetter(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'a' && u <= u'z')
        return u;
    if (u >= u'A' && u <= u'Z')
        return char16_t(u + 32);
    if (u == 0x017F)
        return u's';
    if (u == 0x212A)
        return u'k';
    return 0;
}

// True when `s` ends (at `end`, exclusive) with `word` (lower-case ASCII), compared caselessly.
bool endsWithWord(QStringView s, qsizetype end, QLatin1StringView word)
{
    if (end < word.size())
        return false;
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (foldedLetter(s[end - word.size() + i]) != char16_t(word[i].unicode()))
            return false;
    }
    return true;
}

bool isPcreWordChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_';
}

// "<scheme word>\s*:" with a dangerous scheme name just before the colon.
bool isSchemeColon(QStringView s, qsizetype colon)
{
    qsizetype end = colon;
    while (end > 0 && isRegexSpace(s[end - 1]))
        --end;
    for (const QLatin1StringView word : {"javascript"_L1, "vbscript"_L1, "livescript"_L1, "file"_L1, "data"_L1}) {
        if (endsWithWord(s, end, word))
            return true;
    }
    return false;
}

// "\bon[a-z]+\s*=" ending at the equals sign: an event handler attribute name.
bool isHandlerEquals(QStringView s, qsizetype equals)
{
    qsizetype end = equals;
    while (end > 0 && isRegexSpace(s[end - 1]))
        --end;
    qsizetype start = end;
    while (start > 0 && foldedLetter(s[start - 1]) != 0)
        --start;
    // "on" and at least one more letter, at a word boundary: the run's start, or just after a non-ASCII letter
    // (which PCRE folds into [a-z] but does not count as a word character).
    for (qsizetype at = start; at + 3 <= end; ++at) {
        if (foldedLetter(s[at]) == u'o' && foldedLetter(s[at + 1]) == u'n' && (at == 0 || !isPcreWordChar(s[at - 1])))
            return true;
    }
    return false;
}

} // namespace

// Visible text that merely *looks* dangerous ("javascript:" typed in a message, "onerror=" in an alt text) is
// harmless inside a text node or quoted value, but naive scanners and careless consumers (e.g. code that pastes
// the HTML into another markup language) should never find it. The character references below render
// identically. Every real attribute we emit (href, src, style, alt, …) neither starts with "on" nor has one of
// these scheme names before a colon, except inside a validated http(s) URL where the reference decodes back.
// A linear scan (the same matches as the patterns in the comments above): it runs over every rendered message.
QString defuseText(const QString& html)
{
    QString out;
    qsizetype copied = 0;
    for (qsizetype i = 0; i < html.size(); ++i) {
        const QChar c = html.at(i);
        const bool scheme = c == u':' && isSchemeColon(html, i);
        if (!scheme && !(c == u'=' && isHandlerEquals(html, i)))
            continue;
        if (copied == 0)
            out.reserve(html.size() + 16);
        out += QStringView(html).mid(copied, i - copied);
        out += scheme ? u"&#58;"_s : u"&#61;"_s;
        copied = i + 1;
    }
    if (copied == 0)
        return html;
    out += QStringView(html).mid(copied);
    return out;
}

namespace {

// Parses the attributes of a start tag from `i` (just after the name) to the closing '>'; returns the index after
// it.
qsizetype parseAttributes(QStringView in, qsizetype i, QList<Attribute>& attributes)
{
    const qsizetype n = in.size();
    while (i < n) {
        while (i < n && isSpace(in[i]))
            ++i;
        if (i >= n)
            break;
        if (in[i] == u'>')
            return i + 1;
        if (in[i] == u'/') {
            ++i;
            continue;
        }
        const qsizetype nameStart = i;
        while (i < n && !isSpace(in[i]) && in[i] != u'=' && in[i] != u'>' && in[i] != u'/')
            ++i;
        Attribute attribute{in.mid(nameStart, i - nameStart).toString().toLower(), {}};
        while (i < n && isSpace(in[i]))
            ++i;
        if (i < n && in[i] == u'=') {
            ++i;
            while (i < n && isSpace(in[i]))
                ++i;
            if (i < n && (in[i] == u'"' || in[i] == u'\'')) {
                const QChar quote = in[i];
                const qsizetype end = in.indexOf(quote, i + 1);
                const qsizetype stop = end < 0 ? n : end;
                attribute.value = decodeEntities(in.mid(i + 1, stop - i - 1));
                i = end < 0 ? n : end + 1;
            } else {
                const qsizetype valueStart = i;
                while (i < n && !isSpace(in[i]) && in[i] != u'>')
                    ++i;
                attribute.value = decodeEntities(in.mid(valueStart, i - valueStart));
            }
        }
        if (nameStart == i && attribute.name.isEmpty())
            ++i; // never loop on a stray character
        attributes.append(attribute);
    }
    return n;
}

// Emits the start tag `name` with its allowed attributes; returns false when the element must be dropped.
void emitStartTag(QString& out, const QString& name, const QList<Attribute>& attributes)
{
    QString attrs;
    QString alt;
    bool hasSrc = false;
    for (const Attribute& a : attributes) {
        if (a.name == u"style") {
            if (isSafeStyle(a.value))
                appendAttribute(attrs, a.name, a.value);
        } else if (a.name == u"align") {
            if (isAlign(a.value))
                appendAttribute(attrs, a.name, a.value.toLower());
        } else if (a.name == u"title") {
            appendAttribute(attrs, a.name, a.value);
        } else if (name == u"a" && a.name == u"href") {
            const QUrl url(a.value.trimmed(), QUrl::TolerantMode);
            if (isSafeLinkUrl(url, true))
                appendAttribute(attrs, a.name, QString::fromLatin1(url.toEncoded()));
        } else if (name == u"img" && a.name == u"src") {
            const QUrl url(a.value.trimmed(), QUrl::TolerantMode);
            if (isSafeLinkUrl(url, false)) {
                appendAttribute(attrs, a.name, QString::fromLatin1(url.toEncoded()));
                hasSrc = true;
            }
        } else if (name == u"img" && a.name == u"alt") {
            alt = a.value;
            appendAttribute(attrs, a.name, a.value);
        } else if ((name == u"img" || name == u"td" || name == u"th" || name == u"table") &&
                   (a.name == u"width" || a.name == u"height")) {
            if (isDigits(a.value, name != u"img"))
                appendAttribute(attrs, a.name, a.value);
        } else if (name == u"table" && (a.name == u"border" || a.name == u"cellspacing" || a.name == u"cellpadding")) {
            if (isDigits(a.value))
                appendAttribute(attrs, a.name, a.value);
        } else if ((name == u"td" || name == u"th") && (a.name == u"colspan" || a.name == u"rowspan")) {
            if (isDigits(a.value))
                appendAttribute(attrs, a.name, a.value);
        } else if (name == u"ol" && a.name == u"start") {
            if (isDigits(a.value))
                appendAttribute(attrs, a.name, a.value);
        }
    }
    if (name == u"img" && !hasSrc) {
        // An image we may not load is shown as its alt text, never as a broken or local reference.
        appendHtmlEscaped(out, alt);
        return;
    }
    out += u'<' + name + attrs + (isVoidElement(name) ? u" />"_s : u">"_s);
}

} // namespace

void appendHtmlEscaped(QString& out, QStringView text)
{
    qsizetype run = 0; // start of characters not yet appended
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QStringView replacement = htmlEntityFor(text[i].unicode());
        if (replacement.isNull())
            continue;
        out += text.mid(run, i - run);
        out += replacement;
        run = i + 1;
    }
    out += text.mid(run);
}

QString htmlEscaped(QStringView text)
{
    QString out;
    out.reserve(text.size() + 16);
    appendHtmlEscaped(out, text);
    return out;
}

QString restrictHtml(QStringView in)
{
    QString out;
    out.reserve(in.size() + in.size() / 8);
    const qsizetype n = in.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = in[i];
        if (c == u'&') {
            const qsizetype len = entityLength(in, i);
            out += len > 0 ? in.mid(i, len) : u"&amp;"_s;
            i += len > 0 ? len : 1;
            continue;
        }
        if (c == u'>') {
            out += u"&gt;"_s;
            ++i;
            continue;
        }
        if (c != u'<') {
            // A run of plain text up to the next character that needs a decision, appended at once.
            qsizetype end = i + 1;
            while (end < n && in[end] != u'&' && in[end] != u'>' && in[end] != u'<')
                ++end;
            out += in.mid(i, end - i);
            i = end;
            continue;
        }
        if (in.mid(i, 4) == u"<!--") {
            const qsizetype end = in.indexOf(u"-->", i + 4);
            i = end < 0 ? n : end + 3;
            continue;
        }
        const QChar next = i + 1 < n ? in[i + 1] : QChar();
        if (next == u'!' || next == u'?') {
            const qsizetype end = in.indexOf(u'>', i);
            i = end < 0 ? n : end + 1;
            continue;
        }
        const bool closing = next == u'/';
        qsizetype j = i + (closing ? 2 : 1);
        const qsizetype nameStart = j;
        while (j < n && isNameChar(in[j]))
            ++j;
        if (j == nameStart || !(in[nameStart].isLetter())) {
            out += u"&lt;"_s;
            ++i;
            continue;
        }
        const QString name = in.mid(nameStart, j - nameStart).toString().toLower();
        if (closing) {
            const qsizetype end = in.indexOf(u'>', j);
            i = end < 0 ? n : end + 1;
            if (isAllowedElement(name) && !isVoidElement(name))
                out += u"</" + name + u'>';
            continue;
        }
        QList<Attribute> attributes;
        i = parseAttributes(in, j, attributes);
        if (isSkippedElement(name)) {
            const qsizetype end = in.indexOf(QString(u"</" + name), i, Qt::CaseInsensitive);
            if (end < 0) {
                i = n;
            } else {
                const qsizetype gt = in.indexOf(u'>', end);
                i = gt < 0 ? n : gt + 1;
            }
            continue;
        }
        if (isAllowedElement(name))
            emitStartTag(out, name, attributes);
    }
    return defuseText(out);
}

} // namespace content::detail
