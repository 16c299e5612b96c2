// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/markdown.h"

#include "core/content/htmlfilter.h"

#include <QList>

namespace content::detail {
namespace {

using namespace Qt::StringLiterals;

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

} // namespace content::detail
