// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/burstdetector.h"

namespace ui {

BurstDetector::BurstDetector(int threshold, qint64 windowMs)
    : m_threshold(qMax(1, threshold))
    , m_windowMs(qMax<qint64>(0, windowMs))
{
}

bool BurstDetector::arrive(qint64 nowMs)
{
    // Forget arrivals older than the window; a clock that jumped backwards (suspend, NTP) starts afresh.
    while (!m_arrivals.isEmpty() && (m_arrivals.first() <= nowMs - m_windowMs || m_arrivals.first() > nowMs))
        m_arrivals.removeFirst();
    m_arrivals.append(nowMs);
    return m_arrivals.size() > m_threshold;
}

} // namespace ui
