// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/document.h"

#include <QHash>
#include <QSet>
#include <QSize>
#include <QString>
#include <QUrl>

#include <functional>

namespace content::detail {

/// Writes a Document front to back: inline runs go into the open block (a paragraph is opened when none is),
/// block-level pieces close it. Used by the segment renderer and by the Markdown parser alike.
class DocBuilder
{
public:
    /// Text of the given style; every '\n' in it becomes a line break. Links and image sources are checked URLs,
    /// fully encoded (QUrl::toEncoded()); empty for none.
    void text(QStringView value, quint8 style = Span::Plain, const QByteArray& link = {});
    void image(const QString& alt, const QByteArray& source, bool face, QSize size = {}, const QByteArray& link = {});
    /// The spans of `inner` (a link's title) in the open block, inside `link` where they have none of their own.
    void appendInline(const Document& inner, const QByteArray& link);
    void lineBreak();
    void cell();

    /// Starts a block of the given kind (closing the open one); inline runs that follow go into it.
    Block& startBlock(Block::Kind kind);
    /// Closes the open block; the next inline run opens a paragraph.
    void endBlock();
    void rule();
    void codeBlock(QStringView code);
    /// Appends the blocks of another document one quote level deeper (the quoted @ context, an original post).
    void appendQuoted(const Document& inner);

    /// Blockquote depth of the blocks started from now on.
    int quote = 0;
    /// Style of UBB text ([b], [i], [u]): applied on top of each run's own style.
    quint8 style = Span::Plain;
    /// UBB [color]: the colour of text written from now on (0xffrrggbb; 0 for the default).
    quint32 color = 0;
    /// UBB [center], [left], [right]: the alignment of blocks opened from now on (setAlign() starts a new one).
    quint8 align = Block::AlignDefault;
    /// Blocks opened from now on keep spaces as typed (UBB text).
    bool verbatim = false;

    /// Changes the alignment; text after it goes into a new paragraph when it differs.
    void setAlign(quint8 value);

    Document& document() { return m_doc; }
    Document take();

private:
    Block& current();
    /// The index of `url` in the document's table (added when new); 0 for an empty one.
    quint16 urlIndex(const QByteArray& url);

    Document m_doc;
    QHash<QByteArray, quint16> m_urlIndex;
    bool m_open = false;
};

/// How the Markdown parser turns link and image targets into URLs a user may open (invalid: shown as text only).
struct MarkdownLinks
{
    std::function<QByteArray(const QString& href)> link; ///< encoded, empty when refused
    std::function<QByteArray(const QString& src)> image;
    QSet<QString> faces;              ///< image sources (as written in the source) that are forum faces
    QHash<QString, QSize> imageSizes; ///< display sizes of image sources the renderer wrote itself
    /// The source had every '<' written as "&lt;" (so that HTML stays text): code, where entities are not
    /// decoded, gets its '<' back.
    bool lessThanEscaped = false;
};

/// Parses Markdown (GitHub dialect, raw HTML shown as text) with md4c and appends it to `builder` as blocks. Linear
/// in the size of `source`.
void appendMarkdown(DocBuilder& builder, const QString& source, const MarkdownLinks& links);

} // namespace content::detail
