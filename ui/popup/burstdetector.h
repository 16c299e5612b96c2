// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QtGlobal>

namespace ui {

/// Tells a presenter when notifications arrive so fast that showing each one would build a wall: more than
/// `threshold` arrivals within `windowMs` milliseconds. The first `threshold` of a burst are shown on their own,
/// the rest go into one summary. Time is passed in (milliseconds on any monotonic clock), so tests never wait.
/// A value owned by each presenter.
class BurstDetector final
{
public:
    static constexpr int defaultThreshold = 3;
    static constexpr qint64 defaultWindowMs = 2000;

    explicit BurstDetector(int threshold = defaultThreshold, qint64 windowMs = defaultWindowMs);

    void setThreshold(int threshold) { m_threshold = qMax(1, threshold); }
    int threshold() const { return m_threshold; }
    void setWindow(qint64 windowMs) { m_windowMs = qMax<qint64>(0, windowMs); }

    /// Records an arrival at `nowMs`; true when it belongs in the summary rather than a popup of its own.
    bool arrive(qint64 nowMs);
    void reset() { m_arrivals.clear(); }

private:
    int m_threshold;
    qint64 m_windowMs;
    QList<qint64> m_arrivals;
};

} // namespace ui
