// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

namespace server {

/// Counts events per key (a client address, "limit|address") in fixed windows: at most `maxPerWindow` events
/// are allowed per key and window. The push server uses one to log each limit hit once a minute per address,
/// the forum emulator one to refuse admin token guesses. Time is passed in (ms, monotonic), so tests never
/// sleep. Keys of expired windows are dropped as new keys arrive, so a flood of addresses cannot grow it
/// without bound. Owned by value by its user.
class Throttle final
{
public:
    Throttle(int maxPerWindow, qint64 windowMs);

    /// Records one event of `key`; true while the key is still within its budget (this event included).
    bool hit(const QString& key, qint64 nowMs);
    /// True when the next hit() of `key` would be refused.
    bool exhausted(const QString& key, qint64 nowMs) const;
    /// How long until `key` has budget again (0 when it has now).
    qint64 retryAfterMs(const QString& key, qint64 nowMs) const;
    int trackedKeys() const;

private:
    struct Window
    {
        qint64 startMs = 0;
        int count = 0;
    };

    void prune(qint64 nowMs);

    int m_maxPerWindow;
    qint64 m_windowMs;
    QHash<QString, Window> m_windows;
};

} // namespace server
