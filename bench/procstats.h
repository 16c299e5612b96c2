// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QtGlobal>

namespace bench {

/// A snapshot of one process's cost from /proc (Linux): memory, CPU time and context switches summed over all
/// of its threads. Zeroes when the process is gone.
struct ProcStats
{
    qint64 rssKb = 0;        ///< VmRSS
    qint64 pssKb = 0;        ///< Pss from smaps_rollup (shared pages split between their users)
    qint64 cpuMs = 0;        ///< utime + stime
    qint64 voluntary = 0;    ///< voluntary context switches (blocking waits: a wake-up each)
    qint64 nonvoluntary = 0; ///< preemptions
    int threads = 0;
    QHash<qint64, qint64> switchesByThread; ///< tid -> voluntary + nonvoluntary

    static ProcStats read(qint64 pid);
    qint64 wakeups() const { return voluntary + nonvoluntary; }
    /// Context switches since `earlier`, thread by thread: threads that ended in between take their counts
    /// with them, so a plain difference of the sums could even be negative.
    qint64 wakeupsSince(const ProcStats& earlier) const;
};

/// Raises RLIMIT_NOFILE to its hard limit (children inherit it); returns the new soft limit.
qint64 raiseFileLimit();

} // namespace bench
