// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/document.h"

#include <QSet>
#include <QString>
#include <QUrl>

#include <functional>

namespace content::detail {

/// Writes a Document front to back: inline runs go into the open block (a paragraph is opened when none is),
/// block-level pieces close it. Used by the segment renderer and by the Markdown parser alike.
class DocBuilder
{
public:
    /// Text of the given style; every '\n' in it becomes a line break.
    void text(QStringView value, quint8 style = Span::Plain, const QUrl& link = {});
    void image(const QString& alt, const QUrl& source, bool face, const QUrl& link = {});
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

    Document& document() { return m_doc; }
    Document take();

private:
    Block& current();

    Document m_doc;
    bool m_open = false;
};

/// How the Markdown parser turns link and image targets into URLs a user may open (invalid: shown as text only).
struct MarkdownLinks
{
    std::function<QUrl(const QString& href)> link;
    std::function<QUrl(const QString& src)> image;
    QSet<QString> faces; ///< image sources (as written in the source) that are forum faces
    /// The source had every '<' written as "&lt;" (so that HTML stays text): code, where entities are not
    /// decoded, gets its '<' back.
    bool lessThanEscaped = false;
};

/// Parses Markdown (GitHub dialect, raw HTML shown as text) with md4c and appends it to `builder` as blocks. Linear
/// in the size of `source`.
void appendMarkdown(DocBuilder& builder, const QString& source, const MarkdownLinks& links);

} // namespace content::detail
