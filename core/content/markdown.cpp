// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/markdown.h"

#include "core/content/htmlfilter.h"

#include <QList>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>

namespace content::detail {
namespace {

using namespace Qt::StringLiterals;

// Budget for isMarkdownAffordable(), in "span marker × paragraph length" units; ~4 M is about 0.15 s on the
// reference machine for the worst measured shape (a paragraph made of code spans).
constexpr qint64 markdownCostBudget = 4'000'000;
constexpr qsizetype markdownMaxLines = 3000;

bool isAsciiPunctuation(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) || (u >= 0x5B && u <= 0x60) || (u >= 0x7B && u <= 0x7E);
}

bool isBlank(QStringView line)
{
    for (QChar c : line) {
        if (c != u' ' && c != u'\t')
            return false;
    }
    return true;
}

// Fence length and character when `line` opens/closes a fenced code block (up to three spaces of indent).
qsizetype fenceRun(QStringView line, QChar* fenceChar)
{
    qsizetype i = 0;
    while (i < line.size() && i < 3 && line[i] == u' ')
        ++i;
    if (i >= line.size() || (line[i] != u'`' && line[i] != u'~'))
        return 0;
    const QChar c = line[i];
    const qsizetype start = i;
    while (i < line.size() && line[i] == c)
        ++i;
    const qsizetype run = i - start;
    if (run < 3)
        return 0;
    // A backtick fence's info string may not contain backticks (CommonMark), otherwise it is inline code.
    if (c == u'`' && line.mid(i).contains(u'`'))
        return 0;
    *fenceChar = c;
    return run;
}

} // namespace

QString escapeMarkdown(QStringView text)
{
    QString out;
    out.reserve(text.size() + text.size() / 4);
    for (QChar c : text) {
        if (c == u'\n' || c == u'\r') {
            out += u' ';
        } else {
            if (isAsciiPunctuation(c))
                out += u'\\';
            out += c;
        }
    }
    return out;
}

QString withHardBreaks(QStringView source)
{
    QString out;
    out.reserve(source.size() + source.size() / 16 + 16);
    bool inFence = false;
    QChar fenceChar;
    qsizetype fenceLength = 0;
    qsizetype start = 0;
    while (start <= source.size()) {
        qsizetype end = source.indexOf(u'\n', start);
        const bool hasNext = end >= 0;
        if (!hasNext)
            end = source.size();
        const QStringView line = source.mid(start, end - start);
        QChar c;
        const qsizetype run = fenceRun(line, &c);
        bool fenceLine = false;
        if (!inFence && run > 0) {
            inFence = true;
            fenceChar = c;
            fenceLength = run;
            fenceLine = true;
        } else if (inFence && run >= fenceLength && c == fenceChar && isBlank(line.mid(line.indexOf(c) + run))) {
            inFence = false;
            fenceLine = true;
        }
        out += line;
        if (hasNext) {
            if (!inFence && !fenceLine && !isBlank(line))
                out += u"  "_s;
            out += u'\n';
        }
        if (!hasNext)
            break;
        start = end + 1;
    }
    return out;
}

bool isMarkdownAffordable(QStringView source)
{
    qint64 cost = 0;
    qsizetype lines = 0;
    qsizetype lineLength = 0;
    qsizetype markers = 0;
    for (QChar c : source) {
        if (c == u'\n') {
            cost += qint64(markers) * lineLength;
            markers = 0;
            lineLength = 0;
            ++lines;
            continue;
        }
        ++lineLength;
        if (c == u'`' || c == u'*' || c == u'_' || c == u'~' || c == u'[' || c == u'|')
            ++markers;
    }
    cost += qint64(markers) * lineLength;
    return lines <= markdownMaxLines && cost <= markdownCostBudget;
}

QString markdownToHtml(const QString& source, const MarkdownPolicy& policy)
{
    QTextDocument doc;
    doc.setUndoRedoEnabled(false);
    doc.setMarkdown(source, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub) |
                                QTextDocument::MarkdownNoHTML);

    // Collect first, then edit from the end so earlier positions stay valid.
    struct Fix
    {
        int position;
        int length;
        QTextCharFormat format;
        QString replacement; // non-empty: replace the fragment's text (a refused image)
    };
    QList<Fix> fixes;
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid())
                continue;
            QTextCharFormat format = fragment.charFormat();
            bool changed = false;
            bool linked = false;
            QString href;
            if (format.isAnchor() || !format.anchorHref().isEmpty()) {
                const QUrl url = policy.link(format.anchorHref());
                changed = true;
                if (url.isValid()) {
                    href = QString::fromLatin1(url.toEncoded());
                    format.setAnchorHref(href);
                    linked = true;
                } else {
                    format.setAnchor(false);
                    format.setAnchorHref(QString());
                    format.clearForeground();
                    format.setFontUnderline(false);
                }
            }
            QString replacement;
            if (format.isImageFormat()) {
                QTextImageFormat image = format.toImageFormat();
                const QString name = image.name();
                const auto known = policy.knownImages.constFind(name);
                if (known != policy.knownImages.constEnd()) {
                    if (known->width() > 0)
                        image.setWidth(known->width());
                    if (known->height() > 0)
                        image.setHeight(known->height());
                    format = image;
                    changed = true;
                } else if (const QUrl url = policy.image(name); url.isValid()) {
                    image.setName(QString::fromLatin1(url.toEncoded()));
                    format = image;
                    changed = true;
                } else {
                    const QString alt = image.stringProperty(QTextFormat::ImageAltText).trimmed();
                    const QString text = alt.isEmpty() ? policy.imagePlaceholder : alt;
                    replacement = text.repeated(fragment.length());
                    format = QTextCharFormat();
                    if (linked) {
                        format.setAnchor(true);
                        format.setAnchorHref(href);
                    }
                    changed = true;
                }
            }
            if (changed)
                fixes.append({fragment.position(), fragment.length(), format, replacement});
        }
    }
    QTextCursor cursor(&doc);
    for (auto it = fixes.crbegin(); it != fixes.crend(); ++it) {
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + it->length, QTextCursor::KeepAnchor);
        if (it->replacement.isEmpty())
            cursor.setCharFormat(it->format);
        else
            cursor.insertText(it->replacement, it->format);
    }
    return htmlBody(doc.toHtml()).toString();
}

} // namespace content::detail
