// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/document.h"

#include <QJsonArray>
#include <QString>
#include <QUrl>

#include <functional>

namespace content {

/// How content is rendered: where the site lives and how uids become names.
struct RenderOptions
{
    QUrl siteBase = QUrl(QStringLiteral("https://hu60.cn")); ///< forum root; pages live under <siteBase>/q.php/
    /// Current display name for a uid (sender of an atMsg, notice actors, mentions). May be empty or return
    /// an empty string, then the segment's own tag or a "#uid" fallback is used.
    std::function<QString(qint64 uid)> userName;
    int maxSummaryLength = 280;           ///< characters in the plain-text summary (an ellipsis is added when cut)
    int maxDepth = 8;                     ///< nesting depth of atMsg.msg / oriData / link titles rendered
    qsizetype maxInputSize = 1024 * 1024; ///< bytes of content JSON accepted; larger is cut and flagged
    qsizetype maxTextLength = 64 * 1024;  ///< characters of visible text rendered per message
};

/// What a message looks like to the user.
struct Rendered
{
    QString html;      ///< safe rich text for QTextDocument/QLabel (no scripts, only http(s)/mailto links)
    QString summary;   ///< plain text, bounded, for tray balloons and native notifications (toPlainText(document))
    Document document; ///< the message parsed once: what notification servers and plain surfaces are written from
    QUrl url;          ///< click-through: the @ position for mentions, the message page for inbox messages
    QString error;     ///< non-empty when the content was unparseable or cut; output is still safe
};

/// Renders a segment array. `msgId` and `msgType` (0 inbox, 1 @) choose the click-through URL.
Rendered render(const QJsonArray& segments, qint64 msgId, int msgType, const RenderOptions& options = {});

/// Parses the msg event's `content` string (a JSON text, spec §6.1) and renders it. Unparseable
/// text gives a safe fallback with `error` set.
Rendered renderContent(QStringView contentJson, qint64 msgId, int msgType, const RenderOptions& options = {});

/// Face image URL for a face name: <siteBase>/img/face/<hex of UTF-8>.gif; an http(s) name is returned
/// as-is (minus a '#' size suffix); anything else yields an invalid QUrl.
QUrl faceUrl(QStringView face, const QUrl& siteBase);

/// <siteBase>/q.php/<path> with `{$BID}` replaced by `html`; relative paths only. Never contains a sid.
QUrl pageUrl(QStringView path, const QUrl& siteBase);

/// <siteBase>/q.php/user.info.<uid>.html
QUrl userUrl(qint64 uid, const QUrl& siteBase);

/// True for URLs a user may open from content: http, https without a user part ("https://hu60.cn@evil.example/"),
/// and, when allowMailto, mailto with an address only (no query, no fragment).
bool isSafeLinkUrl(const QUrl& url, bool allowMailto = false);

} // namespace content
