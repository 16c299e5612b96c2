// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/throttle.h"

#include <algorithm>

namespace server {

namespace {

constexpr qsizetype pruneThreshold = 1024;

} // namespace

Throttle::Throttle(int maxPerWindow, qint64 windowMs)
    : m_maxPerWindow(std::max(1, maxPerWindow))
    , m_windowMs(std::max<qint64>(1, windowMs))
{
}

bool Throttle::hit(const QString& key, qint64 nowMs)
{
    auto it = m_windows.find(key);
    if (it == m_windows.end()) {
        if (m_windows.size() >= pruneThreshold)
            prune(nowMs);
        m_windows.insert(key, {nowMs, 1});
        return true;
    }
    if (nowMs - it->startMs >= m_windowMs)
        *it = {nowMs, 0};
    ++it->count;
    return it->count <= m_maxPerWindow;
}

bool Throttle::exhausted(const QString& key, qint64 nowMs) const
{
    const auto it = m_windows.constFind(key);
    return it != m_windows.cend() && nowMs - it->startMs < m_windowMs && it->count >= m_maxPerWindow;
}

qint64 Throttle::retryAfterMs(const QString& key, qint64 nowMs) const
{
    if (!exhausted(key, nowMs))
        return 0;
    return m_windows.value(key).startMs + m_windowMs - nowMs;
}

int Throttle::trackedKeys() const
{
    return static_cast<int>(m_windows.size());
}

void Throttle::prune(qint64 nowMs)
{
    m_windows.removeIf([this, nowMs](const auto& entry) { return nowMs - entry.value().startMs >= m_windowMs; });
}

} // namespace server
