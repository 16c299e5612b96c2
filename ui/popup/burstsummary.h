// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QCoreApplication>
#include <QList>
#include <QUrl>

#include <functional>

namespace ui {

/// A message as one line of plain text (no markup, no Markdown markers): its parsed document when it has one,
/// else its rendered summary; at most `maxLength` characters and then "…" (non-positive: no limit).
QString plainTextOf(const inbox::Notification& notification, int maxLength = 0);

/// What one burst summary stands for, kept bounded however long the burst goes on: the counts per kind, the
/// newest few lines of each kind (@ mentions are listed first, so inbox messages never push them out of sight)
/// and the ids and senders of the newest `maxTracked` messages (so that a message read elsewhere or a muted
/// sender can be taken out of it again). Older messages are only counted ("…and K more"). A value, shared by the
/// popup and native presenters; each owns its own.
class BurstSummary final
{
    Q_DECLARE_TR_FUNCTIONS(ui::BurstSummary)

public:
    static constexpr int defaultMaxLines = 3;
    static constexpr int lineLength = 60;
    static constexpr int maxTracked = 200;

    /// One line: who wrote (empty for an earlier summary of the Inbox's) and what, plain and shortened.
    struct Line
    {
        qint64 id = 0;
        int type = 0;
        qint64 byuid = 0;
        QString title;
        QString text;
        int count = 1; ///< messages the line stands for (more than 1 for a summary of the Inbox's)
    };

    explicit BurstSummary(int maxLines = defaultMaxLines);

    /// Adds a message (or a summary of the Inbox's, which counts as many messages as it stands for).
    void add(const inbox::Notification& notification);
    /// Adds everything `other` holds (an older summary folded into this one).
    void merge(const BurstSummary& other);
    /// Takes message `id` out; false when it is not (or no longer) tracked.
    bool remove(qint64 id);
    /// Takes every tracked message of `uid` out; false when there was none.
    bool removeSender(qint64 uid);
    /// Forgets everything of the kinds now read (inbox, @); false when nothing changed.
    bool removeKinds(bool inboxRead, bool mentionsRead);

    int count() const { return m_inbox + m_mentions; }
    bool isEmpty() const { return count() == 0; }
    /// Whether every message it holds is an inbox message (when `inbox`) or an @ mention (when `mentions`).
    bool isAllOf(bool inbox, bool mentions) const;
    /// The ids of the tracked messages, oldest first (at most maxTracked).
    QList<qint64> trackedIds() const;

    /// "3 条新内信，2 条@消息", "3 条新内信" or "2 条@消息" (plural forms in English). Never markup.
    QString title() const;
    /// The lines shown: @ mentions first, newest first within a kind, at most maxLines, then "…and K more" when
    /// it holds more than that. Plain text.
    QStringList lines() const;
    /// Where a click goes: the @ list when it holds @ mentions only, else the inbox.
    QUrl url(const QUrl& siteBase) const;
    /// The summary as a notification (id 0): count, type (1 when @ mentions only), tracked ids, url; `summary` the
    /// lines joined by '\n', `html` the same escaped with the senders in bold, `senderName` the title.
    inbox::Notification notification(const QUrl& siteBase) const;

private:
    struct Member
    {
        qint64 id = 0;
        int type = 0;
        qint64 byuid = 0;
    };

    void addLine(const Line& line);
    QList<Line> shownLines() const;
    int moreCount(const QList<Line>& shown) const;
    /// The shown lines, each as `write(title, text)` gives it (title empty for a line of the Inbox's summary),
    /// then "…and K more" when it holds more.
    QStringList writeLines(const std::function<QString(const QString&, const QString&)>& write) const;
    void dropMember(qsizetype index);

    int m_maxLines;
    int m_inbox = 0;
    int m_mentions = 0;
    QList<Line> m_mentionLines; ///< newest last, at most m_maxLines
    QList<Line> m_inboxLines;   ///< newest last, at most m_maxLines
    QList<Member> m_members;    ///< newest last, at most maxTracked
};

} // namespace ui
