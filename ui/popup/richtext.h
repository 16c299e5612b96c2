// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <functional>

/// Small helpers over the safe rich text of core/content (whose <img> tags are written by content::toHtml
/// as `<img src="…" alt="…" … />`), used by the popups.
namespace ui::richtext {

/// The raw (still escaped) value of attribute `name` in one start tag; empty when absent.
QStringView attribute(QStringView tag, QStringView name);
/// Decodes the character references an attribute value may contain.
QString decodeAttribute(QStringView value);

/// The distinct image sources in `html`, in document order.
QList<QUrl> imageUrls(const QString& html);
/// Rewrites every <img> of `html` to what `replace(src, tag, altHtml)` returns (altHtml is already escaped).
QString mapImages(const QString& html,
                  const std::function<QString(const QUrl& src, QStringView tag, QStringView altHtml)>& replace);

} // namespace ui::richtext
