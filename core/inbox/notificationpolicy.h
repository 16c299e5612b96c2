// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/settings.h"

#include <QDateTime>
#include <QTime>

namespace inbox {

struct Notification;

/// Why a notification is not shown (None: it is).
enum class SuppressReason {
    None,         ///< show it
    Muted,        ///< the sender (user or robot) is muted
    DoNotDisturb, ///< do-not-disturb is on (indefinitely or until Settings::dndUntil)
    QuietHours,   ///< inside the daily quiet-hours window
    AlreadyRead,  ///< read elsewhere before it could be shown
};

/// The outcome of NotificationPolicy::decide().
struct PolicyDecision
{
    SuppressReason reason = SuppressReason::None;

    bool shown() const { return reason == SuppressReason::None; }
};

/// Decides whether a notification reaches the user, from the settings and an injected "now": muted senders,
/// do-not-disturb (until a time or indefinitely), daily quiet hours (possibly across midnight), and @ mentions
/// breaking through either. Pure: no timers, no clock of its own, so the tray can ask it anything and tests never
/// wait. Suppressed notifications still go to the history (that is the Inbox's business, not this one's).
/// Owned by the Notifier; a value type, cheap to copy.
class NotificationPolicy final
{
public:
    explicit NotificationPolicy(const settings::Settings& settings = {});

    void setSettings(const settings::Settings& settings) { m_settings = settings; }
    const settings::Settings& settings() const { return m_settings; }

    PolicyDecision decide(const Notification& notification, const QDateTime& now) const;

    /// True while do-not-disturb or quiet hours silence ordinary notifications.
    bool isQuiet(const QDateTime& now) const;
    /// When the current silence ends: dndUntil, or the end of today's/tonight's quiet hours, whichever is later.
    /// Invalid when not quiet or when do-not-disturb has no end.
    QDateTime quietUntil(const QDateTime& now) const;

    /// True when `time` lies in [from, to). A window with from > to runs across midnight; from == to is empty.
    static bool inQuietHours(QTime time, QTime from, QTime to);
    /// @ mentions, including synthetic "N new @ messages" summaries.
    static bool isMention(const Notification& notification);

private:
    bool doNotDisturbActive(const QDateTime& now) const;
    bool quietHoursActive(const QDateTime& now) const;

    settings::Settings m_settings;
};

} // namespace inbox
