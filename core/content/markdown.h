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

/// Qt 6.4's Markdown importer is super-linear in the number of inline spans per paragraph and in list/table sizes
/// (measured: 4 K characters of `code` spans take ~0.25 s, 16 K take ~3 s). This estimates that cost so callers can
/// fall back to plain rendering instead of freezing the UI on hostile input.
bool isMarkdownAffordable(QStringView source);

/// How links and images inside rendered Markdown are treated.
struct MarkdownPolicy
{
    std::function<QUrl(const QString&)> link;  ///< safe absolute link for an href, or an invalid QUrl to unlink
    std::function<QUrl(const QString&)> image; ///< safe absolute image source, or invalid to show alt text instead
    QHash<QString, QSize> knownImages;         ///< images the renderer itself emitted (faces…), with display size
    QString imagePlaceholder;                  ///< text for a refused image without alt text
};

/// Renders `source` with QTextDocument::setMarkdown (GitHub dialect, raw HTML disabled), rewrites or removes every
/// link and image according to `policy`, and returns the body of QTextDocument::toHtml(). The caller still passes
/// the result through restrictHtml(). Needs a QGuiApplication.
QString markdownToHtml(const QString& source, const MarkdownPolicy& policy);

} // namespace content::detail
