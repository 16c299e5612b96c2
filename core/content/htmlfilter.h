// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace content::detail {

/// The whitelist filter for HTML: re-serialises `html` keeping only a list of
/// presentational tags and attributes. Links survive only as http(s)/mailto, images only as http(s) (otherwise
/// their alt text is shown), style attributes only without url()/expression()/escapes. Script, style and head
/// elements are dropped with their content; comments and unknown tags are dropped, their text kept. The renderer
/// does not need it (content::toHtml escapes every value by construction); the tests use it as the oracle that the
/// renderer's output is a fixed point of the filter.
QString restrictHtml(QStringView html);

/// Replaces the ':' after javascript/vbscript/livescript/file/data and the '=' after an "on…" word by character
/// references (they render the same), so text that merely looks like a script URL or an event handler never
/// appears literally in the output. restrictHtml() ends with it; the renderer runs it over the markup it builds
/// itself (whose structure needs no filtering: every interpolated value is escaped by construction).
QString defuseText(const QString& html);

/// The character reference QString::toHtmlEscaped() writes for `c` (<, >, & and "), or a null view. Inline: it runs
/// for every character of every message.
inline QStringView htmlEntityFor(char16_t c)
{
    switch (c) {
    case u'<':
        return u"&lt;";
    case u'>':
        return u"&gt;";
    case u'&':
        return u"&amp;";
    case u'"':
        return u"&quot;";
    default:
        return {};
    }
}

/// What QString::toHtmlEscaped() gives (<, >, & and " as references), appended in runs instead of per character.
void appendHtmlEscaped(QString& out, QStringView text);
QString htmlEscaped(QStringView text);

} // namespace content::detail
