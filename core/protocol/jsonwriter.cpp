// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/jsonwriter.h"

#include <charconv>

namespace protocol {

namespace {

char hexDigit(uint value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}

} // namespace

void appendJsonString(QByteArray& out, QStringView text)
{
    // Written through a pointer into room for the worst case (6 bytes per UTF-16 unit: \uxxxx), then cut to size.
    const qsizetype at = out.size();
    out.resize(at + text.size() * 6 + 2);
    char* dst = out.data() + at;
    const char16_t* p = text.utf16();
    const char16_t* const end = p + text.size();
    *dst++ = '"';
    while (p < end) {
        const char16_t c = *p++;
        if (c < 0x80) {
            if (c >= 0x20 && c != u'"' && c != u'\\') {
                *dst++ = char(c);
                continue;
            }
            *dst++ = '\\';
            switch (c) {
            case u'"':
                *dst++ = '"';
                break;
            case u'\\':
                *dst++ = '\\';
                break;
            case u'\b':
                *dst++ = 'b';
                break;
            case u'\f':
                *dst++ = 'f';
                break;
            case u'\n':
                *dst++ = 'n';
                break;
            case u'\r':
                *dst++ = 'r';
                break;
            case u'\t':
                *dst++ = 't';
                break;
            default:
                *dst++ = 'u';
                *dst++ = '0';
                *dst++ = '0';
                *dst++ = hexDigit(c >> 4);
                *dst++ = hexDigit(c & 0xF);
            }
        } else if (c < 0x800) {
            *dst++ = char(0xC0 | (c >> 6));
            *dst++ = char(0x80 | (c & 0x3F));
        } else if (c < 0xD800 || c > 0xDFFF) {
            *dst++ = char(0xE0 | (c >> 12));
            *dst++ = char(0x80 | ((c >> 6) & 0x3F));
            *dst++ = char(0x80 | (c & 0x3F));
        } else if (c < 0xDC00 && p < end && *p >= 0xDC00 && *p <= 0xDFFF) {
            const char32_t u = 0x10000 + ((char32_t(c) - 0xD800) << 10) + (char32_t(*p) - 0xDC00);
            ++p;
            *dst++ = char(0xF0 | (u >> 18));
            *dst++ = char(0x80 | ((u >> 12) & 0x3F));
            *dst++ = char(0x80 | ((u >> 6) & 0x3F));
            *dst++ = char(0x80 | (u & 0x3F));
        } else {
            // A lone surrogate: no UTF-8 for it.
            *dst++ = '\\';
            *dst++ = 'u';
            *dst++ = hexDigit((c >> 12) & 0xF);
            *dst++ = hexDigit((c >> 8) & 0xF);
            *dst++ = hexDigit((c >> 4) & 0xF);
            *dst++ = hexDigit(c & 0xF);
        }
    }
    *dst++ = '"';
    out.resize(dst - out.constData());
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first[m_depth])
        m_out.append(',');
    m_first[m_depth] = false;
}

void JsonWriter::open(char bracket)
{
    separate();
    m_out.append(bracket);
    if (m_depth < maxDepth)
        ++m_depth;
    m_first[m_depth] = true;
}

void JsonWriter::close(char bracket)
{
    m_out.append(bracket);
    if (m_depth > 0)
        --m_depth;
}

void JsonWriter::key(QLatin1StringView name)
{
    separate();
    // Names are the caller's own ASCII words: nothing to escape.
    m_out.append('"');
    m_out.append(name.data(), name.size());
    m_out.append("\":", 2);
    m_afterKey = true;
}

void JsonWriter::string(QStringView text)
{
    separate();
    appendJsonString(m_out, text);
}

void JsonWriter::integer(qint64 value)
{
    separate();
    char digits[24];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    Q_UNUSED(error); // 24 characters hold any qint64
    m_out.append(digits, end - digits);
}

void JsonWriter::boolean(bool value)
{
    separate();
    m_out.append(value ? QByteArrayView("true") : QByteArrayView("false"));
}

void JsonWriter::null()
{
    separate();
    m_out.append("null", 4);
}

void JsonWriter::raw(QByteArrayView json)
{
    separate();
    m_out.append(json);
}

} // namespace protocol
