// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/document.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace inbox {

/// How a message reached us.
enum class Source {
    Push,    ///< the push service's `msg` event
    Catchup, ///< an unread list fetched over HTTP after (re)connecting
};

/// One message as the user sees it: what the history stores and what presenters show. Built by the Inbox from
/// a push or a catch-up item, after dedupe; rendering is already done (safe HTML, bounded summary).
struct Notification
{
    qint64 id = 0; ///< forum message id; 0 for a synthetic summary (e.g. "5 new @ messages")
    int type = 0;  ///< 0 inbox (内信), 1 @-mention
    qint64 byuid = 0;
    QString senderName;         ///< resolved name, may be empty
    QJsonArray content;         ///< the segments, for re-rendering (e.g. after a language change)
    QString html;               ///< safe rich text
    QString summary;            ///< plain text, bounded
    content::Document document; ///< the parsed message, for markup of each capability level (empty for summaries)
    QUrl url;                   ///< click-through
    QDateTime receivedAt;       ///< local receive time (the push carries no usable time)
    qint64 forumTime = 0;       ///< unix seconds from the forum API (catch-up), 0 if unknown
    Source source = Source::Push;
    bool read = false;        ///< marked read by the user (here or through the forum API)
    int count = 1;            ///< for a synthetic summary: how many messages it stands for
    QList<qint64> coveredIds; ///< for a synthetic summary: the message ids it announced (when known)
    qint64 historyKey = 0;    ///< row key in HistoryStore (= id; negative for summaries); 0 until stored

    bool isSummary() const { return id == 0; }
};

} // namespace inbox

Q_DECLARE_METATYPE(inbox::Notification)
