// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/document.h"

#include "core/content/htmlfilter.h"

#include <QColor>
#include <QCoreApplication>

namespace content {
namespace {

using namespace Qt::StringLiterals;

QString translated(const char* text)
{
    return QCoreApplication::translate("content", text);
}

QString imageText(const Span& span)
{
    if (span.face)
        return span.text;
    return span.text.isEmpty() ? translated("[图片]") : translated("[图片：%1]").arg(span.text);
}

/// What a block starts with in plain text: its quote bars, its list bullet or number.
QString plainPrefix(const Block& block)
{
    QString prefix;
    for (int i = 0; i < block.quote; ++i)
        prefix += u"│ "_s;
    if (block.kind == Block::ListItem) {
        prefix += QString(2 * qMax(0, block.level - 1), u' ');
        prefix += block.number > 0 ? QString::number(block.number) + u". " : u"• "_s;
    } else if (block.kind == Block::Paragraph && block.level > 0) {
        prefix += QString(2 * block.level, u' '); // a list item's second paragraph, under its text
    }
    return prefix;
}

/// Collects output up to a number of visible characters; past it, everything is dropped and `cut` is set.
class Budget
{
public:
    explicit Budget(int maxLength)
        : m_left(maxLength > 0 ? maxLength : -1)
    {
    }

    /// The part of `text` that still fits (all of it without a limit).
    QString take(const QString& text)
    {
        if (m_left < 0)
            return text;
        if (text.size() <= m_left) {
            m_left -= int(text.size());
            return text;
        }
        qsizetype keep = m_left;
        if (keep > 0 && text.at(keep - 1).isHighSurrogate())
            --keep;
        m_left = 0;
        m_cut = true;
        return text.left(keep);
    }

    bool exhausted() const { return m_cut || m_left == 0; }
    bool cut() const { return m_cut; }
    void markCut() { m_cut = true; }

private:
    int m_left;
    bool m_cut = false;
};

QString escapedText(QStringView text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            out += u"&amp;"_s;
            break;
        case u'<':
            out += u"&lt;"_s;
            break;
        case u'>':
            out += u"&gt;"_s;
            break;
        default:
            // Pango refuses control characters other than tab and newline.
            if (c.unicode() >= 0x20 || c == u'\t' || c == u'\n')
                out += c;
        }
    }
    return out;
}

QString escapedAttribute(QStringView text)
{
    QString out = escapedText(text);
    out.replace(u'"', u"&quot;"_s);
    return out;
}

/// Writes markup with b/i/u and a properly nested: every change of style or link closes what is open first.
class MarkupWriter
{
public:
    MarkupWriter(const Document& document, MarkupLevel level, int maxLength)
        : m_document(document)
        , m_level(level)
        , m_budget(maxLength)
    {
    }

    void span(const Span& span)
    {
        if (m_budget.exhausted()) {
            if (span.kind != Span::LineBreak)
                m_budget.markCut();
            return;
        }
        const QByteArray link = m_level.hyperlinks ? m_document.url(span.link) : QByteArray();
        quint8 style = span.style & (Span::Bold | Span::Italic | Span::Underline);
        style |= m_blockStyle;
        switch (span.kind) {
        case Span::LineBreak:
            text(u"\n"_s, style, link);
            break;
        case Span::Cell:
            text(u" │ "_s, m_blockStyle, {});
            break;
        case Span::Image:
            if (const QByteArray image = m_document.url(span.image); m_level.images && !image.isEmpty()) {
                setState(0, link);
                m_budget.take(u"\uFFFC"_s); // an image counts as one character
                m_out += u"<img src=\"" + escapedAttribute(QString::fromLatin1(image)) + u"\" alt=\"" +
                         escapedAttribute(span.text) + u"\"/>";
            } else {
                text(imageText(span), style, link);
            }
            break;
        case Span::Text:
            text(span.text, style, link);
            break;
        }
    }

    void text(const QString& value, quint8 style, const QByteArray& link)
    {
        const QString part = m_budget.take(value);
        if (part.isEmpty())
            return;
        setState(style, link);
        m_out += escapedText(part);
    }

    void raw(const QString& value)
    {
        setState(0, {});
        m_out += escapedText(m_budget.take(value));
    }

    void setBlockStyle(quint8 style) { m_blockStyle = style; }

    QString finish()
    {
        setState(0, {});
        if (m_budget.cut())
            m_out += u"…"_s;
        return m_out;
    }

    Budget& budget() { return m_budget; }

private:
    void setState(quint8 style, const QByteArray& link)
    {
        if (style == m_style && link == m_link)
            return;
        const bool linkChanges = link != m_link;
        // Close from the inside out: style tags sit inside the link.
        closeStyle();
        if (linkChanges && !m_link.isEmpty())
            m_out += u"</a>"_s;
        if (linkChanges && !link.isEmpty())
            m_out += u"<a href=\"" + escapedAttribute(QString::fromLatin1(link)) + u"\">";
        m_link = link;
        if (style & Span::Bold)
            m_out += u"<b>"_s;
        if (style & Span::Italic)
            m_out += u"<i>"_s;
        if (style & Span::Underline)
            m_out += u"<u>"_s;
        m_style = style;
    }

    void closeStyle()
    {
        if (m_style & Span::Underline)
            m_out += u"</u>"_s;
        if (m_style & Span::Italic)
            m_out += u"</i>"_s;
        if (m_style & Span::Bold)
            m_out += u"</b>"_s;
        m_style = 0;
    }

    const Document& m_document;
    MarkupLevel m_level;
    Budget m_budget;
    QString m_out;
    quint8 m_style = 0;
    quint8 m_blockStyle = 0;
    QByteArray m_link;
};

/// Writes the popup's rich text: inline state (link, emphasis, colour) is closed and reopened on every change, so
/// tags always nest; block containers (quotes, lists, tables) are opened and closed as the blocks' depths change.
class HtmlWriter
{
public:
    explicit HtmlWriter(const Document& document)
        : m_document(document)
    {
    }

    void block(const Block& block)
    {
        const bool continuesItem = block.kind == Block::Paragraph && block.level > 0 && block.level <= m_lists.size();
        if (block.kind != Block::ListItem && !continuesItem)
            closeLists(0);
        if (block.kind != Block::TableRow)
            closeTable();
        setQuote(block.quote);
        if (block.kind != Block::ListItem && !continuesItem)
            closeLists(0); // a quote change closes lists too
        switch (block.kind) {
        case Block::Paragraph:
            m_out += alignedOpen(u"p", block.align);
            spans(block);
            m_out += u"</p>"_s;
            break;
        case Block::Heading: {
            const QString tag = u'h' + QString::number(qBound(1, int(block.level), 6));
            m_out += alignedOpen(tag, block.align);
            spans(block);
            m_out += u"</" + tag + u'>';
            break;
        }
        case Block::ListItem:
            listItem(block);
            spans(block);
            break;
        case Block::Code:
            m_out += u"<pre>"_s;
            for (const Span& span : block.spans) {
                if (span.kind == Span::LineBreak)
                    m_out += u'\n';
                else if (span.kind == Span::Text)
                    detail::appendHtmlEscaped(m_out, span.text);
            }
            m_out += u"</pre>"_s;
            break;
        case Block::Rule:
            m_out += u"<hr />"_s;
            break;
        case Block::TableRow:
            tableRow(block);
            break;
        }
    }

    QString finish()
    {
        closeLists(0);
        closeTable();
        setQuote(0);
        return m_out;
    }

private:
    struct Inline
    {
        quint8 style = 0;
        quint32 color = 0;
        quint16 link = 0;
        bool operator==(const Inline&) const = default;
    };

    static QString alignedOpen(QStringView tag, quint8 align)
    {
        switch (align) {
        case Block::AlignLeft:
            return u'<' + tag + u" align=\"left\">";
        case Block::AlignCenter:
            return u'<' + tag + u" align=\"center\">";
        case Block::AlignRight:
            return u'<' + tag + u" align=\"right\">";
        default:
            return u'<' + tag + u'>';
        }
    }

    void setQuote(int depth)
    {
        while (m_quote < depth) {
            closeLists(0);
            closeTable();
            m_out += u"<blockquote>"_s;
            ++m_quote;
        }
        while (m_quote > depth) {
            closeLists(0);
            closeTable();
            m_out += u"</blockquote>"_s;
            --m_quote;
        }
    }

    void listItem(const Block& item)
    {
        const int level = qMax(1, int(item.level));
        closeLists(level);
        const bool ordered = item.number > 0;
        if (m_lists.size() == level && m_lists.last().ordered != ordered)
            closeLists(level - 1);
        while (m_lists.size() < level) {
            // A deeper list sits inside the open item; a list that starts deep gets empty levels above it.
            const bool outer = m_lists.size() + 1 < level;
            const bool listOrdered = !outer && ordered;
            if (listOrdered && item.number != 1)
                m_out += u"<ol start=\"" + QString::number(item.number) + u"\">";
            else
                m_out += listOrdered ? u"<ol>"_s : u"<ul>"_s;
            m_lists.append({listOrdered, false});
            if (outer) {
                m_out += u"<li>"_s;
                m_lists.last().itemOpen = true;
            }
        }
        if (m_lists.last().itemOpen)
            m_out += u"</li>"_s;
        m_out += u"<li>"_s;
        m_lists.last().itemOpen = true;
    }

    /// Closes lists deeper than `level`.
    void closeLists(int level)
    {
        while (m_lists.size() > level) {
            if (m_lists.last().itemOpen)
                m_out += u"</li>"_s;
            m_out += m_lists.last().ordered ? u"</ol>"_s : u"</ul>"_s;
            m_lists.removeLast();
        }
    }

    void tableRow(const Block& row)
    {
        if (!m_tableOpen)
            m_out += u"<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">"_s;
        m_tableOpen = true;
        const QString cellTag = row.header ? u"th"_s : u"td"_s;
        m_out += u"<tr><" + cellTag + u'>';
        for (const Span& span : row.spans) {
            if (span.kind == Span::Cell) {
                setInline({});
                m_out += u"</" + cellTag + u"><" + cellTag + u'>';
            } else {
                inlineSpan(span, row.verbatim);
            }
        }
        setInline({});
        m_out += u"</" + cellTag + u"></tr>";
    }

    void closeTable()
    {
        if (m_tableOpen)
            m_out += u"</table>"_s;
        m_tableOpen = false;
    }

    void spans(const Block& block)
    {
        for (const Span& span : block.spans)
            inlineSpan(span, block.verbatim);
        setInline({});
    }

    void inlineSpan(const Span& span, bool verbatim)
    {
        switch (span.kind) {
        case Span::LineBreak:
            m_out += u"<br />"_s;
            m_lineStart = true;
            return;
        case Span::Cell:
            return;
        case Span::Image:
            setInline({0, 0, span.link});
            if (const QByteArray image = m_document.url(span.image); !image.isEmpty()) {
                m_out += u"<img src=\""_s;
                detail::appendHtmlEscaped(m_out, QString::fromLatin1(image));
                m_out += u"\" alt=\""_s;
                detail::appendHtmlEscaped(m_out, span.text);
                m_out += u"\" title=\""_s;
                detail::appendHtmlEscaped(m_out, span.text);
                m_out += u'"';
                if (span.size.width() > 0)
                    m_out += u" width=\"" + QString::number(span.size.width()) + u'"';
                if (span.size.height() > 0)
                    m_out += u" height=\"" + QString::number(span.size.height()) + u'"';
                m_out += u" />"_s;
            } else {
                detail::appendHtmlEscaped(m_out, imageText(span));
            }
            m_lineStart = false;
            return;
        case Span::Text:
            setInline({span.style, span.color, span.link});
            verbatim ? appendVerbatim(span.text) : detail::appendHtmlEscaped(m_out, span.text);
            m_lineStart = false;
            return;
        }
    }

    /// UBB text: runs of spaces and tabs stay visible, as on the forum.
    void appendVerbatim(QStringView text)
    {
        bool previousSpace = false;
        qsizetype run = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char16_t c = text[i].unicode();
            QStringView replacement;
            if (c == u' ') {
                if (m_lineStart || previousSpace)
                    replacement = u"&nbsp;";
            } else if (c == u'\t') {
                replacement = u"&nbsp;&nbsp;&nbsp;&nbsp;";
            } else {
                replacement = detail::htmlEntityFor(c);
            }
            previousSpace = c == u' ' || c == u'\t';
            m_lineStart = false;
            if (replacement.isNull())
                continue;
            m_out += text.mid(run, i - run);
            m_out += replacement;
            run = i + 1;
        }
        m_out += text.mid(run);
    }

    void setInline(const Inline& next)
    {
        if (next == m_inline)
            return;
        // Close from the inside out: link outermost, then colour, then emphasis.
        const quint8 style = m_inline.style;
        if (style & Span::Code)
            m_out += u"</code>"_s;
        if (style & Span::Strike)
            m_out += u"</s>"_s;
        if (style & Span::Underline)
            m_out += u"</u>"_s;
        if (style & Span::Italic)
            m_out += u"</i>"_s;
        if (style & Span::Bold)
            m_out += u"</b>"_s;
        if (m_inline.color != 0)
            m_out += u"</span>"_s;
        if (m_inline.link != 0 && next.link != m_inline.link)
            m_out += u"</a>"_s;
        if (next.link != 0 && next.link != m_inline.link) {
            m_out += u"<a href=\""_s;
            detail::appendHtmlEscaped(m_out, QString::fromLatin1(m_document.url(next.link)));
            m_out += u"\">"_s;
        }
        if (next.color != 0)
            m_out += u"<span style=\"color:" + QColor::fromRgb(next.color).name() + u"\">";
        if (next.style & Span::Bold)
            m_out += u"<b>"_s;
        if (next.style & Span::Italic)
            m_out += u"<i>"_s;
        if (next.style & Span::Underline)
            m_out += u"<u>"_s;
        if (next.style & Span::Strike)
            m_out += u"<s>"_s;
        if (next.style & Span::Code)
            m_out += u"<code>"_s;
        m_inline = next;
    }

    struct List
    {
        bool ordered = false;
        bool itemOpen = false;
    };

    const Document& m_document;
    QString m_out;
    Inline m_inline;
    QList<List> m_lists;
    int m_quote = 0;
    bool m_tableOpen = false;
    bool m_lineStart = true;
};

} // namespace

QString toPlainText(const Document& document, int maxLength)
{
    Budget budget(maxLength);
    QString out;
    bool first = true;
    for (const Block& block : document.blocks) {
        if (budget.exhausted()) {
            budget.markCut();
            break;
        }
        if (!first)
            out += budget.take(u"\n"_s);
        first = false;
        const QString prefix = plainPrefix(block);
        out += budget.take(prefix);
        if (block.kind == Block::Rule) {
            out += budget.take(u"──────────"_s);
            continue;
        }
        for (const Span& span : block.spans) {
            switch (span.kind) {
            case Span::Text:
                out += budget.take(span.text);
                break;
            case Span::Image:
                out += budget.take(imageText(span));
                break;
            case Span::LineBreak:
                out += budget.take(u'\n' + prefix);
                break;
            case Span::Cell:
                out += budget.take(u" │ "_s);
                break;
            }
        }
    }
    if (budget.cut()) {
        while (out.endsWith(u' ') || out.endsWith(u'\n'))
            out.chop(1);
        out += u"…"_s;
    }
    return out;
}

QString toNotificationMarkup(const Document& document, MarkupLevel level, int maxLength)
{
    MarkupWriter writer(document, level, maxLength);
    bool first = true;
    for (const Block& block : document.blocks) {
        if (writer.budget().exhausted()) {
            writer.budget().markCut();
            break;
        }
        if (!first)
            writer.raw(u"\n"_s);
        first = false;
        const QString prefix = plainPrefix(block);
        writer.raw(prefix);
        if (block.kind == Block::Rule) {
            writer.raw(u"──────────"_s);
            continue;
        }
        writer.setBlockStyle(block.kind == Block::Heading || block.header ? Span::Bold : Span::Plain);
        for (const Span& span : block.spans) {
            if (span.kind == Span::LineBreak)
                writer.raw(u'\n' + prefix);
            else
                writer.span(span);
        }
        writer.setBlockStyle(Span::Plain);
    }
    return writer.finish();
}

} // namespace content

namespace content {

QString toHtml(const Document& document)
{
    HtmlWriter writer(document);
    for (const Block& block : document.blocks)
        writer.block(block);
    return writer.finish();
}

} // namespace content
