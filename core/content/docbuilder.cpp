// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/docbuilder.h"

#include <QHash>
#include <QList>

#include <limits>

#include <md4c.h>

#include <algorithm>

namespace content::detail {

using namespace Qt::StringLiterals;

Block& DocBuilder::current()
{
    if (!m_open)
        startBlock(Block::Paragraph);
    return m_doc.blocks.last();
}

namespace {

/// Characters that never reach the screen: C0 controls but tab and newline, DEL, and the bidi controls that can
/// make text read in another order than it was written.
bool isHidden(char16_t c)
{
    return (c < 0x20 && c != u'\t' && c != u'\n') || c == 0x7F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == QChar::ObjectReplacementCharacter;
}

/// `input` without the characters that never reach the screen; `storage` holds the copy when one is needed.
QStringView visible(QStringView input, QString& storage)
{
    if (std::none_of(input.begin(), input.end(), [](QChar c) { return isHidden(c.unicode()); }))
        return input;
    storage.reserve(input.size());
    for (QChar c : input) {
        if (!isHidden(c.unicode()))
            storage += c;
    }
    return storage;
}

} // namespace

quint16 DocBuilder::urlIndex(const QByteArray& url)
{
    if (url.isEmpty())
        return 0;
    // Most messages have a handful of URLs: a look through the list costs less than a hash (whose first insert
    // allocates kilobytes). Past a few dozen, a hash keeps crafted messages of thousands of links linear.
    constexpr qsizetype listLimit = 32;
    if (m_doc.urls.size() <= listLimit) {
        if (const qsizetype at = m_doc.urls.indexOf(url); at >= 0)
            return quint16(at + 1);
    } else {
        if (m_urlIndex.isEmpty()) {
            for (qsizetype i = 0; i < m_doc.urls.size(); ++i)
                m_urlIndex.insert(m_doc.urls.at(i), quint16(i + 1));
        }
        if (const auto known = m_urlIndex.constFind(url); known != m_urlIndex.cend())
            return *known;
    }
    if (m_doc.urls.size() >= std::numeric_limits<quint16>::max())
        return 0; // a message with 65 535 different links: the rest are shown as text
    m_doc.urls.append(url);
    const auto index = quint16(m_doc.urls.size());
    if (!m_urlIndex.isEmpty())
        m_urlIndex.insert(url, index);
    return index;
}

void DocBuilder::text(QStringView input, quint8 spanStyle, const QByteArray& linkUrl)
{
    const quint16 link = urlIndex(linkUrl);
    QString cleaned;
    const QStringView value = visible(input, cleaned);
    const quint8 effective = spanStyle | style;
    qsizetype start = 0;
    while (start <= value.size()) {
        qsizetype end = value.indexOf(u'\n', start);
        const bool hasBreak = end >= 0;
        if (!hasBreak)
            end = value.size();
        if (end > start) {
            QList<Span>& spans = current().spans;
            // Runs of the same look are merged: fewer spans, simpler markup.
            if (!spans.isEmpty() && spans.last().kind == Span::Text && spans.last().style == effective &&
                spans.last().link == link && spans.last().color == color) {
                spans.last().text += value.mid(start, end - start);
            } else {
                Span span;
                span.style = effective;
                span.text = value.mid(start, end - start).toString();
                span.link = link;
                span.color = color;
                spans.append(std::move(span));
            }
        }
        if (!hasBreak)
            break;
        lineBreak();
        start = end + 1;
    }
}

void DocBuilder::image(const QString& alt, const QByteArray& source, bool face, QSize size, const QByteArray& link)
{
    Span span;
    span.size = size;
    span.kind = Span::Image;
    span.style = style;
    span.face = face;
    QString cleaned;
    span.text = visible(alt, cleaned).toString(); // a face's name or a picture's description is text too
    span.image = urlIndex(source);
    span.link = urlIndex(link);
    current().spans.append(std::move(span));
}

void DocBuilder::appendInline(const Document& inner, const QByteArray& linkUrl)
{
    const quint16 link = urlIndex(linkUrl);
    bool first = true;
    for (const Block& block : inner.blocks) {
        if (!first)
            lineBreak();
        first = false;
        for (Span span : block.spans) {
            if (span.kind == Span::Cell)
                continue;
            span.link = span.link != 0 ? urlIndex(inner.url(span.link)) : link;
            span.image = urlIndex(inner.url(span.image));
            span.style |= style;
            current().spans.append(std::move(span));
        }
    }
}

void DocBuilder::setAlign(quint8 value)
{
    if (value == align)
        return;
    align = value;
    endBlock();
}

void DocBuilder::lineBreak()
{
    Span span;
    span.kind = Span::LineBreak;
    current().spans.append(std::move(span));
}

void DocBuilder::cell()
{
    Span span;
    span.kind = Span::Cell;
    current().spans.append(std::move(span));
}

Block& DocBuilder::startBlock(Block::Kind kind)
{
    endBlock();
    Block block;
    block.kind = kind;
    block.quote = quint8(qBound(0, quote, 255));
    block.align = align;
    block.verbatim = verbatim;
    m_doc.blocks.append(std::move(block));
    m_open = true;
    return m_doc.blocks.last();
}

void DocBuilder::endBlock()
{
    if (!m_open)
        return;
    m_open = false;
    Block& last = m_doc.blocks.last();
    // Trailing line breaks show as empty lines: a paragraph ends where its text does.
    while (!last.spans.isEmpty() && last.spans.last().kind == Span::LineBreak)
        last.spans.removeLast();
    if (last.spans.isEmpty() && last.kind != Block::Rule)
        m_doc.blocks.removeLast();
}

void DocBuilder::rule()
{
    startBlock(Block::Rule);
    m_open = false;
}

void DocBuilder::codeBlock(QStringView code)
{
    startBlock(Block::Code);
    const quint8 saved = style;
    style = Span::Plain;
    text(code, Span::Code);
    style = saved;
    endBlock();
}

void DocBuilder::appendQuoted(const Document& inner)
{
    endBlock();
    for (Block block : inner.blocks) {
        block.quote = quint8(qMin(255, block.quote + quote + 1));
        for (Span& span : block.spans) { // the inner document's URLs are numbered in this one's table
            span.link = urlIndex(inner.url(span.link));
            span.image = urlIndex(inner.url(span.image));
        }
        m_doc.blocks.append(std::move(block));
    }
}

Document DocBuilder::take()
{
    endBlock();
    Document out = std::move(m_doc);
    m_doc = Document();
    m_urlIndex.clear();
    // Kept for as long as the message is: no room left over in merged runs of text (they grow by appending).
    // The lists are left as they are: squeezing one copies it, and a list of thousands of spans would then exist
    // twice for a moment.
    for (Block& block : out.blocks) {
        for (Span& span : block.spans)
            span.text.squeeze();
    }
    return out;
}

namespace {

/// The character an HTML entity in Markdown text stands for; the entity itself when it is not one we know.
QString decodeEntity(QLatin1StringView entity)
{
    // The renderer writes every '<' of a message as "&lt;": that one (and its kin) must be cheap.
    if (entity == "&lt;"_L1)
        return u"<"_s;
    if (entity == "&gt;"_L1)
        return u">"_s;
    if (entity == "&amp;"_L1)
        return u"&"_s;
    if (entity == "&quot;"_L1)
        return u"\""_s;
    if (entity.size() > 3 && entity.startsWith("&#"_L1) && entity.endsWith(u';')) {
        const bool hex = entity.at(2) == u'x' || entity.at(2) == u'X';
        bool ok = false;
        const uint code = QString(entity.mid(hex ? 3 : 2, entity.size() - (hex ? 4 : 3))).toUInt(&ok, hex ? 16 : 10);
        if (!ok || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return u"\uFFFD"_s;
        const char32_t c = code;
        return QString::fromUcs4(&c, 1);
    }
    static const QHash<QString, QString> named{
        {u"&amp;"_s, u"&"_s},   {u"&lt;"_s, u"<"_s},        {u"&gt;"_s, u">"_s},     {u"&quot;"_s, u"\""_s},
        {u"&apos;"_s, u"'"_s},  {u"&nbsp;"_s, u"\u00A0"_s}, {u"&copy;"_s, u"©"_s},   {u"&reg;"_s, u"®"_s},
        {u"&trade;"_s, u"™"_s}, {u"&hellip;"_s, u"…"_s},    {u"&mdash;"_s, u"—"_s},  {u"&ndash;"_s, u"–"_s},
        {u"&laquo;"_s, u"«"_s}, {u"&raquo;"_s, u"»"_s},     {u"&times;"_s, u"×"_s},  {u"&middot;"_s, u"·"_s},
        {u"&ldquo;"_s, u"“"_s}, {u"&rdquo;"_s, u"”"_s},     {u"&lsquo;"_s, u"‘"_s},  {u"&rsquo;"_s, u"’"_s},
        {u"&deg;"_s, u"°"_s},   {u"&yen;"_s, u"¥"_s},       {u"&euro;"_s, u"€"_s},   {u"&bull;"_s, u"•"_s},
        {u"&rarr;"_s, u"→"_s},  {u"&larr;"_s, u"←"_s},      {u"&divide;"_s, u"÷"_s}, {u"&plusmn;"_s, u"±"_s},
    };
    const QString key = QString(entity);
    return named.value(key, key);
}

/// A link or image target as written, with its character references decoded ("?a=1&amp;b=2" is "?a=1&b=2"; the
/// renderer's own "&lt;" for '<' too): md4c hands them over as pieces of their own.
QString attribute(const MD_ATTRIBUTE& attr)
{
    if (!attr.substr_offsets || !attr.substr_types)
        return QString::fromUtf8(attr.text, qsizetype(attr.size));
    QString out;
    for (int i = 0; attr.substr_offsets[i] < attr.size; ++i) {
        const MD_OFFSET start = attr.substr_offsets[i];
        const qsizetype length = qsizetype(attr.substr_offsets[i + 1] - start);
        switch (attr.substr_types[i]) {
        case MD_TEXT_ENTITY:
            out += decodeEntity(QLatin1StringView(attr.text + start, length));
            break;
        case MD_TEXT_NULLCHAR:
            out += u'\uFFFD';
            break;
        default:
            out += QString::fromUtf8(attr.text + start, length);
        }
    }
    return out;
}

/// md4c's callbacks, building blocks as the parser enters and leaves them.
class MarkdownReader
{
public:
    MarkdownReader(DocBuilder& builder, const MarkdownLinks& links)
        : m_builder(builder)
        , m_links(links)
        , m_baseQuote(builder.quote)
    {
    }

    int enterBlock(MD_BLOCKTYPE type, void* detail)
    {
        switch (type) {
        case MD_BLOCK_QUOTE:
            ++m_builder.quote;
            m_builder.endBlock();
            break;
        case MD_BLOCK_UL:
            m_lists.append(0);
            break;
        case MD_BLOCK_OL:
            m_lists.append(qMax(1, int(qMin<unsigned>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start, 1u << 30))));
            break;
        case MD_BLOCK_LI: {
            Block& item = m_builder.startBlock(Block::ListItem);
            item.level = quint8(qBound(1, int(m_lists.size()), 255));
            if (!m_lists.isEmpty() && m_lists.last() > 0)
                item.number = m_lists.last()++;
            m_freshItem = true;
            const auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
            if (li && li->is_task)
                m_builder.text(li->task_mark == ' ' ? u"☐ " : u"☑ ");
            break;
        }
        case MD_BLOCK_HR:
            m_builder.rule();
            break;
        case MD_BLOCK_H: {
            Block& heading = m_builder.startBlock(Block::Heading);
            heading.level = quint8(qBound(1u, static_cast<MD_BLOCK_H_DETAIL*>(detail)->level, 6u));
            break;
        }
        case MD_BLOCK_CODE:
            m_builder.startBlock(Block::Code);
            m_inCodeBlock = true;
            break;
        case MD_BLOCK_P:
        case MD_BLOCK_HTML:
            // The first paragraph of a list item is the item itself; later ones continue it as paragraphs.
            if (m_freshItem)
                m_freshItem = false;
            else
                m_builder.startBlock(Block::Paragraph).level = quint8(qMin(255, int(m_lists.size())));
            break;
        case MD_BLOCK_THEAD:
            m_inHead = true;
            break;
        case MD_BLOCK_TR:
            m_builder.startBlock(Block::TableRow).header = m_inHead;
            m_firstCell = true;
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (!m_firstCell)
                m_builder.cell();
            m_firstCell = false;
            break;
        case MD_BLOCK_DOC:
        case MD_BLOCK_TABLE:
        case MD_BLOCK_TBODY:
            break;
        }
        return 0;
    }

    int leaveBlock(MD_BLOCKTYPE type)
    {
        switch (type) {
        case MD_BLOCK_QUOTE:
            m_builder.endBlock();
            m_builder.quote = qMax(m_baseQuote, m_builder.quote - 1);
            break;
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
            if (!m_lists.isEmpty())
                m_lists.removeLast();
            m_builder.endBlock();
            break;
        case MD_BLOCK_LI:
            m_freshItem = false;
            m_builder.endBlock();
            break;
        case MD_BLOCK_CODE:
            m_inCodeBlock = false;
            m_pendingCodeBreak = false;
            m_builder.endBlock();
            break;
        case MD_BLOCK_THEAD:
            m_inHead = false;
            break;
        case MD_BLOCK_H:
        case MD_BLOCK_P:
        case MD_BLOCK_HTML:
        case MD_BLOCK_TR:
        case MD_BLOCK_TABLE:
            m_builder.endBlock();
            break;
        case MD_BLOCK_DOC:
        case MD_BLOCK_HR:
        case MD_BLOCK_TBODY:
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            break;
        }
        return 0;
    }

    int enterSpan(MD_SPANTYPE type, void* detail)
    {
        if (int* counter = styleCounter(type)) {
            ++*counter;
        } else if (type == MD_SPAN_A) {
            const QString href = attribute(static_cast<MD_SPAN_A_DETAIL*>(detail)->href);
            m_linkStack.append(m_links.link ? m_links.link(href) : QByteArray());
        } else if (type == MD_SPAN_IMG && m_imageDepth++ == 0) {
            m_imageSource = attribute(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src);
            m_imageAlt.clear();
        }
        return 0;
    }

    int leaveSpan(MD_SPANTYPE type)
    {
        if (int* counter = styleCounter(type)) {
            --*counter;
        } else if (type == MD_SPAN_A) {
            if (!m_linkStack.isEmpty())
                m_linkStack.removeLast();
        } else if (type == MD_SPAN_IMG && --m_imageDepth == 0) {
            const bool face = m_links.faces.contains(m_imageSource);
            const QByteArray source = m_links.image ? m_links.image(m_imageSource) : QByteArray();
            m_builder.image(m_imageAlt.trimmed(), source, face, m_links.imageSizes.value(m_imageSource), currentLink());
        }
        return 0;
    }

    int text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size)
    {
        QString value;
        switch (type) {
        case MD_TEXT_NULLCHAR:
            value = u"\uFFFD"_s;
            break;
        case MD_TEXT_BR:
            value = u"\n"_s;
            break;
        case MD_TEXT_SOFTBR:
            value = u" "_s;
            break;
        case MD_TEXT_ENTITY:
            value = decodeEntity(QLatin1StringView(data, qsizetype(size))); // entities are ASCII
            break;
        case MD_TEXT_CODE:
            value = QString::fromUtf8(data, qsizetype(size));
            if (m_links.lessThanEscaped)
                value.replace(u"&lt;"_s, u"<"_s);
            break;
        default:
            value = QString::fromUtf8(data, qsizetype(size));
        }
        if (m_imageDepth > 0) {
            m_imageAlt += value == u"\n" ? u" "_s : value;
            return 0;
        }
        if (m_inCodeBlock) {
            // Lines come with their '\n'; a break is written only before the next line, so the last one has none.
            qsizetype start = 0;
            while (start < value.size()) {
                const qsizetype newline = value.indexOf(u'\n', start);
                const qsizetype end = newline < 0 ? value.size() : newline;
                if (end > start) {
                    flushCodeBreak();
                    m_builder.text(QStringView(value).mid(start, end - start), Span::Code);
                }
                if (newline < 0)
                    break;
                flushCodeBreak();
                m_pendingCodeBreak = true;
                start = newline + 1;
            }
            return 0;
        }
        m_builder.text(value, currentStyle(), currentLink());
        return 0;
    }

    void finish()
    {
        m_builder.endBlock();
        m_builder.quote = m_baseQuote;
    }

private:
    void flushCodeBreak()
    {
        if (m_pendingCodeBreak)
            m_builder.lineBreak();
        m_pendingCodeBreak = false;
    }

    quint8 currentStyle() const
    {
        quint8 style = Span::Plain;
        if (m_bold > 0)
            style |= Span::Bold;
        if (m_italic > 0)
            style |= Span::Italic;
        if (m_underline > 0)
            style |= Span::Underline;
        if (m_strike > 0)
            style |= Span::Strike;
        if (m_code > 0)
            style |= Span::Code;
        return style;
    }

    /// The nesting count of an emphasis span, null for spans that are not emphasis.
    int* styleCounter(MD_SPANTYPE type)
    {
        switch (type) {
        case MD_SPAN_EM:
            return &m_italic;
        case MD_SPAN_STRONG:
            return &m_bold;
        case MD_SPAN_U:
            return &m_underline;
        case MD_SPAN_DEL:
            return &m_strike;
        case MD_SPAN_CODE:
            return &m_code;
        default:
            return nullptr;
        }
    }

    QByteArray currentLink() const { return m_linkStack.isEmpty() ? QByteArray() : m_linkStack.last(); }

    DocBuilder& m_builder;
    const MarkdownLinks& m_links;
    const int m_baseQuote;
    QList<int> m_lists; ///< per open list: the next item number, 0 for bullets
    QList<QByteArray> m_linkStack;
    QString m_imageSource;
    QString m_imageAlt;
    int m_imageDepth = 0;
    int m_bold = 0;
    int m_italic = 0;
    int m_underline = 0;
    int m_strike = 0;
    int m_code = 0;
    bool m_freshItem = false;
    bool m_inCodeBlock = false;
    bool m_pendingCodeBreak = false;
    bool m_inHead = false;
    bool m_firstCell = true;
};

MarkdownReader* reader(void* userdata)
{
    return static_cast<MarkdownReader*>(userdata);
}

} // namespace

void appendMarkdown(DocBuilder& builder, const QString& source, const MarkdownLinks& links)
{
    builder.endBlock();
    const QByteArray utf8 = source.toUtf8();
    MarkdownReader state(builder, links);
    MD_PARSER parser{};
    parser.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
    parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* data) {
        return reader(data)->enterBlock(type, detail);
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void*, void* data) { return reader(data)->leaveBlock(type); };
    parser.enter_span = [](MD_SPANTYPE type, void* detail, void* data) {
        return reader(data)->enterSpan(type, detail);
    };
    parser.leave_span = [](MD_SPANTYPE type, void*, void* data) { return reader(data)->leaveSpan(type); };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
        return reader(data)->text(type, text, size);
    };
    md_parse(utf8.constData(), MD_SIZE(utf8.size()), &parser, &state);
    state.finish();
}

} // namespace content::detail
