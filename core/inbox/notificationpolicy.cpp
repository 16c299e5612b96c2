// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inbox/notificationpolicy.h"

#include "core/inbox/notification.h"

namespace inbox {

NotificationPolicy::NotificationPolicy(const settings::Settings& settings)
    : m_settings(settings)
{
}

bool NotificationPolicy::inQuietHours(QTime time, QTime from, QTime to)
{
    if (!time.isValid() || !from.isValid() || !to.isValid() || from == to)
        return false;
    if (from < to)
        return from <= time && time < to;
    // 23:00 → 07:00: the window wraps around midnight.
    return time >= from || time < to;
}

bool NotificationPolicy::isMention(const Notification& notification)
{
    // A summary carries the type of the messages it counts, so "5 new @ messages" is treated as a mention.
    return notification.type == 1;
}

bool NotificationPolicy::doNotDisturbActive(const QDateTime& now) const
{
    return m_settings.doNotDisturb && (!m_settings.dndUntil.isValid() || now < m_settings.dndUntil);
}

bool NotificationPolicy::quietHoursActive(const QDateTime& now) const
{
    return m_settings.quietHours && inQuietHours(now.time(), m_settings.quietFrom, m_settings.quietTo);
}

bool NotificationPolicy::isQuiet(const QDateTime& now) const
{
    return doNotDisturbActive(now) || quietHoursActive(now);
}

QDateTime NotificationPolicy::quietUntil(const QDateTime& now) const
{
    QDateTime until;
    if (doNotDisturbActive(now)) {
        if (!m_settings.dndUntil.isValid())
            return {};
        until = m_settings.dndUntil;
    }
    if (quietHoursActive(now)) {
        // The window ends at quietTo today, or tomorrow when we are in its evening half.
        QDateTime end(now.date(), m_settings.quietTo, now.timeSpec());
        if (end <= now)
            end = end.addDays(1);
        if (!until.isValid() || end > until)
            until = end;
    }
    return until;
}

PolicyDecision NotificationPolicy::decide(const Notification& notification, const QDateTime& now) const
{
    // Muting is the user's explicit wish about one sender: it wins over everything, mentions included.
    if (!notification.isSummary() && m_settings.mutedUids.contains(notification.byuid))
        return {SuppressReason::Muted};
    if (notification.read)
        return {SuppressReason::AlreadyRead};
    const bool breaksThrough = m_settings.mentionsBreakThrough && isMention(notification);
    if (breaksThrough)
        return {};
    if (doNotDisturbActive(now))
        return {SuppressReason::DoNotDisturb};
    if (quietHoursActive(now))
        return {SuppressReason::QuietHours};
    return {};
}

} // namespace inbox
