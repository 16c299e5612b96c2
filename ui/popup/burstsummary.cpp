// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/burstsummary.h"

#include "core/content/content.h"
#include "ui/popup/notificationpopup.h"

#include <algorithm>

namespace ui {

inbox::Notification summarizeBurst(const QList<inbox::Notification>& burst, const QUrl& siteBase)
{
    inbox::Notification summary;
    summary.id = 0;
    summary.count = 0;
    for (const inbox::Notification& n : burst) {
        summary.count += qMax(1, n.count);
        if (!n.isSummary())
            summary.coveredIds.append(n.id);
    }
    const bool mentionsOnly = burstIsAllOf(burst, false, true);
    summary.type = mentionsOnly ? 1 : 0;
    summary.url = content::pageUrl(mentionsOnly ? u"msg.index.@.{$BID}" : u"msg.index.inbox.{$BID}", siteBase);
    return summary;
}

bool burstIsAllOf(const QList<inbox::Notification>& burst, bool inbox, bool mentions)
{
    return std::all_of(burst.cbegin(), burst.cend(),
                       [inbox, mentions](const inbox::Notification& n) { return n.type == 1 ? mentions : inbox; });
}

QList<BurstLine> burstLines(const QList<inbox::Notification>& burst, int maxLines, int maxLength)
{
    QList<BurstLine> lines;
    for (auto it = burst.crbegin(); it != burst.crend() && lines.size() < maxLines; ++it) {
        QString text = it->summary.simplified();
        if (text.size() > maxLength)
            text = text.left(maxLength - 1) + u'…';
        lines.append({it->isSummary() ? QString() : NotificationPopup::titleFor(*it), text});
    }
    return lines;
}

} // namespace ui
