// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSize>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <functional>

namespace content::detail {

/// Backslash-escapes ASCII punctuation so `text` stays literal inside Markdown (link and alt text); line breaks
/// become spaces so a name can never start a new block.
QString escapeMarkdown(QStringView text);

/// The forum renders Markdown with "line breaks enabled": a single newline is a line break. CommonMark needs two
/// trailing spaces for that, so they are added to every non-blank line outside fenced code.
QString withHardBreaks(QStringView source);

} // namespace content::detail
