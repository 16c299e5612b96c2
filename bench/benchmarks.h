// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/// The benchmarks of issue "Step 7": each subcommand measures one thing once and prints one JSON line per metric
/// ({"metric":…,"value":…,"unit":…}) on stdout; scripts/bench.sh runs them several times and `hu60-bench report`
/// turns the lines into docs/benchmarks.md (medians against the budgets).
namespace bench {

/// Sizes and paths shared by all subcommands.
struct Options
{
    bool smoke = false;   ///< tiny sizes, for the ctest smoke run: nothing about time is asserted
    bool quick = false;   ///< BENCH_QUICK: smaller sizes and a 10 s idle window
    QString appPath;      ///< hu60-notifier, for start-up and idle
    QString floorPath;    ///< hu60-floor, for start-up and idle
    QString fixturesPath; ///< push-events.jsonl
    int idleSeconds = 60;
    int startupRuns = 5;
    QString serverDispatcher; ///< HU60_EVENT_DISPATCHER of the `server` benchmark's server child ("" = inherited)
    QStringList clientCounts{QStringLiteral("1000"), QStringLiteral("5000"), QStringLiteral("10000"),
                             QStringLiteral("15000")};
};

/// One result line on stdout.
void emitMetric(const QString& metric, double value, const QString& unit);

int parseRender(const Options& options);
/// Step 9b: the render CLI as a process, the popup for a Markdown message, hostile shapes at 64 KiB.
int contentBudgets(const Options& options);
/// Step 9b: heap peak and retained bytes per rendered message (counted malloc; see heapcount.h).
int renderMemory(const Options& options);
int latency(const Options& options);
int burst(const Options& options);
int serverConnections(const Options& options);
/// The child process of serverConnections(): a companion server with limits raised for 10 000 clients.
int serveHost();
int startup(const Options& options);
int idle(const Options& options);
/// Reads result lines (files or stdin), writes the Markdown report with medians, budgets and the machine.
int report(const QStringList& arguments);

} // namespace bench
