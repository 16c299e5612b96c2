// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/document.h"

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

QString encoded(const QUrl& url)
{
    return QString::fromLatin1(url.toEncoded());
}

/// Writes markup with b/i/u and a properly nested: every change of style or link closes what is open first.
class MarkupWriter
{
public:
    MarkupWriter(MarkupLevel level, int maxLength)
        : m_level(level)
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
        const QUrl link = m_level.hyperlinks ? span.link : QUrl();
        quint8 style = span.style & (Span::Bold | Span::Italic | Span::Underline);
        style |= m_blockStyle;
        switch (span.kind) {
        case Span::LineBreak:
            text(u"\n"_s, style, link);
            break;
        case Span::Cell:
            text(u" │ "_s, m_blockStyle, QUrl());
            break;
        case Span::Image:
            if (m_level.images && span.image.isValid()) {
                setState(0, link);
                m_budget.take(u"\uFFFC"_s); // an image counts as one character
                m_out += u"<img src=\"" + escapedAttribute(encoded(span.image)) + u"\" alt=\"" +
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

    void text(const QString& value, quint8 style, const QUrl& link)
    {
        const QString part = m_budget.take(value);
        if (part.isEmpty())
            return;
        setState(style, link);
        m_out += escapedText(part);
    }

    void raw(const QString& value)
    {
        setState(0, QUrl());
        m_out += escapedText(m_budget.take(value));
    }

    void setBlockStyle(quint8 style) { m_blockStyle = style; }

    QString finish()
    {
        setState(0, QUrl());
        if (m_budget.cut())
            m_out += u"…"_s;
        return m_out;
    }

    Budget& budget() { return m_budget; }

private:
    void setState(quint8 style, const QUrl& link)
    {
        if (style == m_style && link == m_link)
            return;
        const bool linkChanges = link != m_link;
        // Close from the inside out: style tags sit inside the link.
        closeStyle();
        if (linkChanges && !m_link.isEmpty())
            m_out += u"</a>"_s;
        if (linkChanges && !link.isEmpty())
            m_out += u"<a href=\"" + escapedAttribute(encoded(link)) + u"\">";
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

    MarkupLevel m_level;
    Budget m_budget;
    QString m_out;
    quint8 m_style = 0;
    quint8 m_blockStyle = 0;
    QUrl m_link;
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
    MarkupWriter writer(level, maxLength);
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
