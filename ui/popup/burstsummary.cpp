// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/burstsummary.h"

#include "core/content/content.h"
#include "core/content/document.h"
#include "ui/popup/notificationpopup.h"

#include <algorithm>

namespace ui {

QString plainTextOf(const inbox::Notification& notification, int maxLength)
{
    if (!notification.document.isEmpty())
        return content::toPlainText(notification.document, maxLength);
    // Cut as toPlainText cuts: `maxLength` characters, then "…".
    if (maxLength > 0 && notification.summary.size() > maxLength)
        return notification.summary.left(maxLength) + u'…';
    return notification.summary;
}

BurstSummary::BurstSummary(int maxLines)
    : m_maxLines(qMax(1, maxLines))
{
}

void BurstSummary::add(const inbox::Notification& notification)
{
    // One line each: the whole text would be cut anyway, so only a little more than a line is written.
    QString text = plainTextOf(notification, lineLength * 2).simplified();
    if (text.size() > lineLength)
        text = text.left(lineLength - 1) + u'…';
    const bool ofInbox = notification.isSummary(); // the Inbox's own "5 new @ messages": counted, not tracked
    const int type = notification.type == 1 ? 1 : 0;
    if (!ofInbox) {
        // The same message again (a catch-up racing a push) is not a second one.
        const auto same = [&notification](const auto& item) { return item.id == notification.id; };
        if (std::any_of(m_members.cbegin(), m_members.cend(), same))
            return;
    }
    (type == 1 ? m_mentions : m_inbox) += ofInbox ? qMax(1, notification.count) : 1;
    if (!ofInbox) {
        m_members.append({notification.id, type, notification.byuid});
        if (m_members.size() > maxTracked)
            m_members.removeFirst(); // still counted, no longer removable one by one
    }
    addLine({notification.id, type, notification.byuid, ofInbox ? QString() : NotificationPopup::titleFor(notification),
             text, ofInbox ? qMax(1, notification.count) : 1});
}

void BurstSummary::addLine(const Line& line)
{
    QList<Line>& lines = line.type == 1 ? m_mentionLines : m_inboxLines;
    lines.append(line);
    if (lines.size() > m_maxLines)
        lines.removeFirst();
}

void BurstSummary::merge(const BurstSummary& other)
{
    m_inbox += other.m_inbox;
    m_mentions += other.m_mentions;
    for (const Line& line : other.m_mentionLines)
        addLine(line);
    for (const Line& line : other.m_inboxLines)
        addLine(line);
    m_members.append(other.m_members);
    if (m_members.size() > maxTracked)
        m_members.remove(0, m_members.size() - maxTracked);
}

void BurstSummary::dropMember(qsizetype index)
{
    const Member member = m_members.takeAt(index);
    int& count = member.type == 1 ? m_mentions : m_inbox;
    count = qMax(0, count - 1);
    QList<Line>& lines = member.type == 1 ? m_mentionLines : m_inboxLines;
    lines.removeIf([&member](const Line& line) { return line.id == member.id; });
}

bool BurstSummary::remove(qint64 id)
{
    if (id <= 0)
        return false;
    bool changed = false;
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        if (m_members.at(i).id == id) {
            dropMember(i);
            changed = true;
        }
    }
    return changed;
}

bool BurstSummary::removeSender(qint64 uid)
{
    if (uid == 0)
        return false;
    bool changed = false;
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        if (m_members.at(i).byuid == uid) {
            dropMember(i);
            changed = true;
        }
    }
    return changed;
}

bool BurstSummary::removeKinds(bool inboxRead, bool mentionsRead)
{
    bool changed = false;
    if (inboxRead && m_inbox > 0) {
        m_inbox = 0;
        m_inboxLines.clear();
        m_members.removeIf([](const Member& m) { return m.type != 1; });
        changed = true;
    }
    if (mentionsRead && m_mentions > 0) {
        m_mentions = 0;
        m_mentionLines.clear();
        m_members.removeIf([](const Member& m) { return m.type == 1; });
        changed = true;
    }
    return changed;
}

bool BurstSummary::isAllOf(bool inbox, bool mentions) const
{
    return (inbox || m_inbox == 0) && (mentions || m_mentions == 0);
}

QList<qint64> BurstSummary::trackedIds() const
{
    QList<qint64> ids;
    ids.reserve(m_members.size());
    for (const Member& member : m_members)
        ids.append(member.id);
    return ids;
}

QString BurstSummary::title() const
{
    const QString inbox = tr("%n new inbox message(s)", nullptr, m_inbox);
    const QString mentions = tr("%n new @ mention(s)", nullptr, m_mentions);
    if (m_inbox > 0 && m_mentions > 0)
        return tr("%1, %2", "burst summary title: inbox count, @ count").arg(inbox, mentions);
    return m_mentions > 0 ? mentions : inbox;
}

QList<BurstSummary::Line> BurstSummary::shownLines() const
{
    QList<Line> shown;
    for (const QList<Line>* kind : {&m_mentionLines, &m_inboxLines}) {
        for (auto it = kind->crbegin(); it != kind->crend() && shown.size() < m_maxLines; ++it)
            shown.append(*it);
    }
    return shown;
}

int BurstSummary::moreCount(const QList<Line>& shown) const
{
    // A line of the Inbox's own summary stands for several messages: "more" counts the messages left unnamed.
    int named = 0;
    for (const Line& line : shown)
        named += line.count;
    return qMax(0, count() - named);
}

QStringList BurstSummary::writeLines(const std::function<QString(const QString&, const QString&)>& write) const
{
    const QList<Line> shown = shownLines();
    QStringList lines;
    for (const Line& line : shown)
        lines.append(write(line.title, line.text));
    if (const int more = moreCount(shown); more > 0)
        lines.append(write(QString(), tr("…and %n more", nullptr, more)));
    return lines;
}

QStringList BurstSummary::lines() const
{
    return writeLines(
        [](const QString& title, const QString& text) { return title.isEmpty() ? text : title + u": " + text; });
}

QUrl BurstSummary::url(const QUrl& siteBase) const
{
    const bool mentionsOnly = isAllOf(false, true) && !isEmpty();
    return content::pageUrl(mentionsOnly ? u"msg.index.@.{$BID}" : u"msg.index.inbox.{$BID}", siteBase);
}

inbox::Notification BurstSummary::notification(const QUrl& siteBase) const
{
    inbox::Notification summary;
    summary.id = 0;
    summary.count = count();
    summary.type = isAllOf(false, true) && !isEmpty() ? 1 : 0;
    summary.coveredIds = trackedIds();
    summary.url = url(siteBase);
    summary.senderName = title();
    summary.summary = lines().join(u'\n');
    summary.html = writeLines([](const QString& title, const QString& text) {
                       return title.isEmpty() ? text.toHtmlEscaped()
                                              : u"<b>" + title.toHtmlEscaped() + u"</b>: " + text.toHtmlEscaped();
                   }).join(u"<br />");
    return summary;
}

} // namespace ui
