// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/terminaltext.h"

#include <algorithm>

namespace {

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

void appendEscape(QString* out, char32_t c)
{
    const QString hex = QString::number(uint(c), 16).toUpper();
    *out += c <= 0xFF ? QLatin1String("\\x") + hex.rightJustified(2, u'0')
                      : QLatin1String("\\u") + hex.rightJustified(4, u'0');
}

} // namespace

QString terminaltext::safe(const QString& text, LineBreaks lineBreaks)
{
    const auto needsWork = [](QChar c) {
        const char16_t u = c.unicode();
        return u < 0x20 || (u >= 0x7F && u <= 0x9F) || c.isSurrogate() || isBidiControl(u) || u == 0x2028 ||
               u == 0x2029;
    };
    if (std::none_of(text.begin(), text.end(), needsWork))
        return text;

    QString out;
    out.reserve(text.size() + 16);
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < size && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
            continue;
        }
        if (c.isSurrogate()) {
            out += QChar(QChar::ReplacementCharacter);
            continue;
        }
        const char16_t u = c.unicode();
        const bool lineBreak = u == u'\n' || u == 0x2028 || u == 0x2029;
        if (lineBreak && lineBreaks == LineBreaks::Keep) {
            out += u'\n';
        } else if (u == u'\r' && lineBreaks == LineBreaks::Keep && i + 1 < size && text.at(i + 1) == u'\n') {
            continue; // CR LF: the LF alone
        } else if (u == u'\n') {
            out += QLatin1String("\\n");
        } else if (u == u'\t' || !needsWork(c)) {
            out += c;
        } else {
            appendEscape(&out, u);
        }
    }
    return out;
}
