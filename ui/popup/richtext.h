// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <functional>

/// Small helpers over the safe rich text of core/content (whose <img> tags are written by content::restrictHtml
/// as `<img src="…" alt="…" … />`), shared by the popups and the native presenter.
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

/// The limited markup of the freedesktop notification spec (b, i, u, a; text escaped; newlines between blocks),
/// images replaced by their alt text (a notification server must not fetch remote pictures), at most `maxChars`
/// visible characters.
QString toNotificationMarkup(const QString& html, int maxChars = 600);

} // namespace ui::richtext
