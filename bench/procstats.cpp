// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/procstats.h"

#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace bench {
namespace {

// "Key:   123 kB" lines of /proc status-like files.
qint64 field(const QByteArray& text, QByteArrayView key)
{
    for (const QByteArray& line : text.split('\n')) {
        if (line.startsWith(key) && line.size() > key.size() && line.at(key.size()) == ':')
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

QByteArray slurp(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

ProcStats ProcStats::read(qint64 pid)
{
    ProcStats stats;
    const QString base = QStringLiteral("/proc/%1").arg(pid);
    const QByteArray status = slurp(base + u"/status");
    if (status.isEmpty())
        return stats;
    stats.rssKb = field(status, "VmRSS");
    stats.pssKb = field(slurp(base + u"/smaps_rollup"), "Pss");
    // /proc/<pid>/status counts the main thread only; every thread can wake the CPU.
    const QStringList tasks = QDir(base + u"/task").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& task : tasks) {
        const QByteArray taskStatus = slurp(base + u"/task/" + task + u"/status");
        const qint64 voluntary = field(taskStatus, "voluntary_ctxt_switches");
        const qint64 nonvoluntary = field(taskStatus, "nonvoluntary_ctxt_switches");
        stats.voluntary += voluntary;
        stats.nonvoluntary += nonvoluntary;
        stats.switchesByThread.insert(task.toLongLong(), voluntary + nonvoluntary);
    }
    stats.threads = int(tasks.size());
    // stat: the command may contain spaces, so count fields after the closing parenthesis.
    const QByteArray stat = slurp(base + u"/stat");
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // After ")": state is field 3, utime field 14, stime field 15 (proc(5)), i.e. indexes 11 and 12 here.
    if (fields.size() > 12) {
        const long ticks = sysconf(_SC_CLK_TCK);
        stats.cpuMs = (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1000 / (ticks > 0 ? ticks : 100);
    }
    return stats;
}

qint64 ProcStats::wakeupsSince(const ProcStats& earlier) const
{
    qint64 total = 0;
    for (auto it = switchesByThread.cbegin(); it != switchesByThread.cend(); ++it)
        total += it.value() - earlier.switchesByThread.value(it.key(), 0);
    return total;
}

qint64 raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return qint64(limit.rlim_cur);
}

} // namespace bench
