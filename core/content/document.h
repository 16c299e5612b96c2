// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>

namespace content {

/// One run of a message as the user reads it: text with its emphasis, an image (a face, a picture) or a line
/// break, inside a link or not. Values are plain text (never markup); URLs are already checked (http, https,
/// mailto; never javascript:, data:, file:).
struct Span
{
    enum Kind : quint8 {
        Text,
        Image,     ///< `text` is the alt text: a face's `{name}`, a picture's description (may be empty)
        LineBreak, ///< a hard line break inside the block
        Cell,      ///< the border between two cells of a table row
    };
    enum Style : quint8 {
        Plain = 0,
        Bold = 1,
        Italic = 2,
        Underline = 4,
        Strike = 8,
        Code = 16,
    };

    Kind kind = Text;
    quint8 style = Plain; ///< Style flags
    bool face = false;    ///< an Image that is a forum face (表情)
    /// The link this span is part of, as an index into its Document's urls (Document::url()); 0 outside links.
    /// An index, not a URL: a message keeps a span per run of its text, and most runs share a link or have none.
    quint16 link = 0;
    quint16 image = 0; ///< an Image's source (Document::url()); 0 when it may not be loaded (then only `text` shows)
    quint32 color = 0; ///< text colour as 0xffrrggbb ([color=…] in UBB); 0 for the default
    QSize size;        ///< an Image's display size where the message gives one (0 for a side that is free)
    QString text;

    bool operator==(const Span&) const = default;
};

} // namespace content

// Span and Block hold only relocatable members (QString, QByteArray, QSize, QList): a growing list moves them with
// memcpy instead of one by one (a message of many short lines has tens of thousands of spans in one block).
Q_DECLARE_TYPEINFO(content::Span, Q_RELOCATABLE_TYPE);

namespace content {

/// A paragraph-level piece of a message. Nesting is flattened: a block records how deep it sits in quotes and
/// lists instead of holding children, so writers need no recursion.
struct Block
{
    enum Kind : quint8 {
        Paragraph,
        Heading,  ///< `level` 1–6
        ListItem, ///< `level` is the list depth (1 = outermost); `number` > 0 for an ordered list
        Code,     ///< a code block: spans are its lines (Text and LineBreak)
        Rule,     ///< a horizontal rule: no spans
        TableRow, ///< cells separated by Cell spans; `header` for the heading row
    };

    enum Align : quint8 {
        AlignDefault,
        AlignLeft,
        AlignCenter,
        AlignRight,
    };

    Kind kind = Paragraph;
    quint8 level = 0; ///< also set on a paragraph that continues a list item: the item's list depth
    quint8 quote = 0; ///< blockquote depth (the quoted @ context, an edited post's original text, > in Markdown)
    bool header = false;
    bool verbatim = false; ///< spaces are shown as typed (UBB text), not collapsed as in Markdown
    quint8 align = AlignDefault;
    int number = 0;
    QList<Span> spans;

    bool operator==(const Block&) const = default;
};

} // namespace content

Q_DECLARE_TYPEINFO(content::Block, Q_RELOCATABLE_TYPE);

namespace content {

/// A message parsed once, for every surface that shows it: the plain text of tray balloons, burst summaries and
/// the history list, and the markup of desktop notification servers. Bounded by the renderer's text budget.
struct Document
{
    QList<Block> blocks;
    /// Every link target and image source of the message, once each, fully encoded (QUrl::toEncoded()) and
    /// checked (http, https, mailto; never javascript:, data:, file:). Spans refer to them by index + 1.
    QList<QByteArray> urls;

    /// The URL a span's `link` or `image` refers to; empty for 0.
    QByteArray url(quint16 index) const
    {
        return index > 0 && index <= urls.size() ? urls.at(index - 1) : QByteArray();
    }
    bool isEmpty() const { return blocks.isEmpty(); }
    bool operator==(const Document&) const = default;
};

/// The message as the safe rich text subset that popups and the history show (QLabel/QTextDocument): p, h1–h6,
/// ul/ol/li, blockquote, pre, hr, table, b/i/u/s/code, span colour, a (http, https, mailto) and img (http, https),
/// every value escaped. Written in one pass, linear in the document.
QString toHtml(const Document& document);

/// What a desktop notification server can show (Desktop Notifications spec 1.2, GetCapabilities).
struct MarkupLevel
{
    bool hyperlinks = false; ///< "body-hyperlinks": <a href> kept as links
    bool images = false;     ///< "body-images": <img> shown (faces as pictures)
};

/// The message as text that reads like the rendered message: no Markdown markers, a link as its text, a face
/// as `{name}`, a picture as "[图片]", list items with a bullet or number, quoted lines after "│ ", table cells
/// apart, code as it is. Lines end with '\n'; no trailing newline. At most `maxLength` characters (then "…";
/// a non-positive value means no limit).
QString toPlainText(const Document& document, int maxLength = 0);

/// The message as notification body markup that is valid Pango markup and within the spec's tag list: b, i, u
/// for emphasis (headings and table headers bold), a only with `level.hyperlinks`, img only with `level.images`;
/// every other character escaped (&amp; &lt; &gt; and, in attributes, &quot; only, which GNOME Shell accepts);
/// line breaks as '\n'. At most `maxLength` visible characters, then "…" with every tag closed.
QString toNotificationMarkup(const Document& document, MarkupLevel level, int maxLength = 0);

} // namespace content
