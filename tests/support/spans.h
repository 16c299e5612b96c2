// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/document.h"

namespace testsupport {

/// A span of a hand-made document: the fields a test sets, the rest as the renderer leaves them.
inline content::Span makeSpan(content::Span::Kind kind, quint8 style, const QString& text, bool face = false,
                              quint16 link = 0, quint16 image = 0)
{
    content::Span span;
    span.kind = kind;
    span.style = style;
    span.face = face;
    span.link = link;
    span.image = image;
    span.text = text;
    return span;
}

} // namespace testsupport
