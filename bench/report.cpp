// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-bench report [--out FILE] [--title TEXT] [--notes FILE] RESULTS...`: medians of the result lines of several
// runs, against the budgets of issue "Step 7", as Markdown.
#include "bench/benchmarks.h"
#include "bench/stats.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <cmath>
#include <functional>
#include <optional>

namespace {

using Medians = QHash<QString, double>;

/// One row of the report: a measured metric, or a ratio computed from two, and its budget (if any).
struct Row
{
    QString item;
    QString metric;
    QString label;
    QString budget; ///< "" = reported only
    std::function<std::optional<bool>(const Medians&)> check;
};

std::optional<bool> atLeast(const Medians& m, const QString& metric, double limit)
{
    return m.contains(metric) ? std::optional<bool>(m.value(metric) >= limit) : std::nullopt;
}

std::optional<bool> atMost(const Medians& m, const QString& metric, double limit)
{
    return m.contains(metric) ? std::optional<bool>(m.value(metric) <= limit) : std::nullopt;
}

QList<Row> rows()
{
    using namespace Qt::StringLiterals;
    const auto none = [](const Medians&) { return std::optional<bool>(); };
    QList<Row> list{
        {u"1"_s, u"parse_render_short_fps"_s, u"parse + render, short msg frames"_s, u"≥ 100 000 frames/s"_s,
         [](const Medians& m) { return atLeast(m, u"parse_render_short_fps"_s, 100'000); }},
        {u"1"_s, u"parse_render_big_fps"_s, u"parse + render, big msg frames (Markdown, code, quotes)"_s, {}, none},
        {u"1"_s, u"parse_render_largest_fps"_s, u"parse + render, the largest fixture frame (9 KB)"_s, {}, none},
        {u"1"_s, u"parse_render_mix_fps"_s, u"parse (+ render if msg), every fixture line"_s, {}, none},
        {u"9b"_s, u"render_cli_mix_fps"_s, u"`hu60-notifier render` process, every fixture line (×600)"_s,
         u"≥ 100 000 frames/s"_s, [](const Medians& m) { return atLeast(m, u"render_cli_mix_fps"_s, 100'000); }},
        {u"9b"_s, u"render_cli_mix_cpu_fps"_s, u"the same, per CPU second of the process"_s, {}, none},
        {u"9b"_s, u"render_cli_msgs_fps"_s, u"`hu60-notifier render` process, the msg frames only (×600)"_s, {}, none},
        {u"9b"_s, u"popup_ready_p50_ms"_s, u"popup card built and laid out, Markdown message, p50"_s, {}, none},
        {u"9b"_s, u"popup_ready_p99_ms"_s, u"popup card built and laid out, Markdown message, p99"_s, u"≤ 1 ms"_s,
         [](const Medians& m) { return atMost(m, u"popup_ready_p99_ms"_s, 1); }},
        {u"9b"_s, u"render_64k_worst_ms"_s, u"the costliest hostile shape at 64 KiB, every surface"_s, u"≤ 20 ms"_s,
         [](const Medians& m) { return atMost(m, u"render_64k_worst_ms"_s, 20); }},
        {u"9b"_s, u"render_heap_peak_ratio_max"_s,
         u"heap peak while parsing + rendering, per frame byte, worst fixture"_s, u"≤ 4×"_s,
         [](const Medians& m) { return atMost(m, u"render_heap_peak_ratio_max"_s, 4); }},
        {u"9b"_s, u"render_heap_peak_ratio_median"_s, u"the same, median fixture message"_s, {}, none},
        {u"9b"_s,
         u"render_retained_ratio_max"_s,
         u"heap kept by the rendered result, per frame byte, worst fixture"_s,
         {},
         none},
        {u"9b"_s,
         u"render_heap_peak_ratio_hostile_max"_s,
         u"heap peak per content byte, worst hostile shape at 64 KiB"_s,
         {},
         none},
        {u"2"_s, u"latency_p50_ms"_s, u"push → notificationReady, p50 at 100 msg/s"_s, {}, none},
        {u"2"_s, u"latency_p99_ms"_s, u"push → notificationReady, p99 at 100 msg/s"_s, u"< 5 ms"_s,
         [](const Medians& m) { return atMost(m, u"latency_p99_ms"_s, 5); }},
        {u"2"_s, u"latency_max_ms"_s, u"push → notificationReady, max"_s, {}, none},
        {u"3"_s,
         u"idle_tray_host"_s,
         u"idle measured on X11 with a StatusNotifier tray host (1) or offscreen, no tray (0)"_s,
         {},
         none},
        {u"3"_s, u"idle_floor_rss_mb"_s, u"idle RSS, floor (bare Qt tray + QWebSocket)"_s, {}, none},
        {u"3"_s, u"idle_app_rss_mb"_s, u"idle RSS, tray app"_s, {}, none},
        {u"3"_s, u"idle_rss_ratio"_s, u"idle RSS, app / floor"_s, u"≤ 1.3×"_s,
         [](const Medians& m) { return atMost(m, u"idle_rss_ratio"_s, 1.3); }},
        {u"3"_s, u"idle_floor_pss_mb"_s, u"idle PSS, floor"_s, {}, none},
        {u"3"_s, u"idle_app_pss_mb"_s, u"idle PSS, tray app"_s, {}, none},
        {u"3"_s, u"idle_floor_cpu_ms_per_min"_s, u"idle CPU time, floor"_s, {}, none},
        {u"3"_s, u"idle_app_cpu_ms_per_min"_s, u"idle CPU time, tray app"_s, {}, none},
        {u"3"_s, u"idle_floor_wakeups_per_min"_s, u"idle wake-ups (context switches, all threads), floor"_s, {}, none},
        {u"3"_s, u"idle_app_wakeups_per_min"_s, u"idle wake-ups (context switches, all threads), tray app"_s,
         u"≤ floor + 12/min"_s,
         [](const Medians& m) -> std::optional<bool> {
             if (!m.contains(u"idle_app_wakeups_per_min"_s) || !m.contains(u"idle_floor_wakeups_per_min"_s))
                 return std::nullopt;
             // The keep-alive ping and its pong: a few wake-ups a minute more than the floor's are that ping.
             return m.value(u"idle_app_wakeups_per_min"_s) <= m.value(u"idle_floor_wakeups_per_min"_s) + 12;
         }},
        {u"3"_s, u"idle_floor_threads"_s, u"threads, floor"_s, {}, none},
        {u"3"_s, u"idle_app_threads"_s, u"threads, tray app"_s, {}, none},
        {u"4"_s, u"startup_floor_ms"_s, u"start → connected, floor"_s, {}, none},
        {u"4"_s, u"startup_app_ms"_s, u"start → connected, tray app"_s, {}, none},
        {u"4"_s, u"startup_ratio"_s, u"start → connected, app / floor"_s, u"≤ 1.5×"_s,
         [](const Medians& m) { return atMost(m, u"startup_ratio"_s, 1.5); }},
        {u"5"_s, u"burst_messages"_s, u"burst size (pushed at once)"_s, {}, none},
        {u"5"_s, u"burst_server_push_ms"_s, u"server: store + push all"_s, {}, none},
        {u"5"_s, u"burst_last_ready_ms"_s, u"until the last notificationReady"_s, {}, none},
        {u"5"_s, u"burst_responsive_ms"_s, u"until the UI thread is responsive again"_s, {}, none},
        {u"5"_s, u"burst_max_stall_ms"_s, u"longest UI-thread stall during the burst"_s, {}, none},
        {u"5"_s, u"burst_cards_created"_s, u"popup cards that appeared"_s, u"≤ 6 (5 cards + 1 summary)"_s,
         [](const Medians& m) { return atMost(m, u"burst_cards_created"_s, 6); }},
    };
    // Issue "Step 12"'s budgets for `serve` (the real Go server's figures): per client and per 1 000 clients.
    for (const QString& n : {u"1000"_s, u"5000"_s, u"10000"_s, u"15000"_s}) {
        const double clients = n.toDouble();
        list.append({u"6"_s,
                     u"server_%1_connect_per_s"_s.arg(n),
                     u"%1 clients: connect + authenticate rate"_s.arg(n),
                     {},
                     none});
        list.append({u"6"_s, u"server_%1_held"_s.arg(n), u"%1 clients held (1 = all, no error)"_s.arg(n),
                     n == u"15000" ? u"1"_s : QString(), [n](const Medians& m) -> std::optional<bool> {
                         if (n != u"15000")
                             return std::nullopt;
                         return atLeast(m, u"server_%1_held"_s.arg(n), 1);
                     }});
        list.append({u"6"_s, u"server_%1_rss_per_conn_kb"_s.arg(n), u"%1 clients: server RSS per connection"_s.arg(n),
                     u"≤ 18 KiB"_s,
                     [n](const Medians& m) { return atMost(m, u"server_%1_rss_per_conn_kb"_s.arg(n), 18); }});
        list.append({u"6"_s,
                     u"server_%1_pss_per_conn_kb"_s.arg(n),
                     u"%1 clients: server PSS per connection"_s.arg(n),
                     {},
                     none});
        list.append({u"6"_s, u"server_%1_rss_mb"_s.arg(n), u"%1 clients: server RSS"_s.arg(n), {}, none});
        list.append({u"6"_s, u"server_%1_broadcast_ms"_s.arg(n),
                     u"%1 clients: robot connects → last client has `online`"_s.arg(n),
                     u"≤ %1 ms (9 per 1 000)"_s.arg(9 * clients / 1000), [n, clients](const Medians& m) {
                         return atMost(m, u"server_%1_broadcast_ms"_s.arg(n), 9 * clients / 1000);
                     }});
        list.append({u"6"_s,
                     u"server_%1_idle_cpu_ms"_s.arg(n),
                     u"%1 clients pinging once a minute: server CPU per 30 s"_s.arg(n),
                     {},
                     none});
        list.append({u"6"_s, u"server_%1_idle_cpu_per_client_ms"_s.arg(n),
                     u"%1 clients pinging once a minute: server CPU per client per 30 s"_s.arg(n), u"≤ 0.13 ms"_s,
                     [n](const Medians& m) { return atMost(m, u"server_%1_idle_cpu_per_client_ms"_s.arg(n), 0.13); }});
        list.append({u"6"_s,
                     u"server_%1_idle_wakeups_per_s"_s.arg(n),
                     u"%1 clients pinging: server wake-ups (context switches)"_s.arg(n),
                     {},
                     none});
        list.append(
            {u"6"_s, u"server_%1_push_p50_ms"_s.arg(n), u"%1 clients idle: push to one user, p50"_s.arg(n), {}, none});
        list.append({u"6"_s, u"server_%1_push_p99_ms"_s.arg(n), u"%1 clients idle: push to one user, p99"_s.arg(n),
                     u"≤ 1.2 ms"_s,
                     [n](const Medians& m) { return atMost(m, u"server_%1_push_p99_ms"_s.arg(n), 1.2); }});
    }
    return list;
}

QString format(double value)
{
    const double magnitude = std::abs(value);
    if (magnitude >= 10000)
        return QLocale(QLocale::English).toString(value, 'f', 0).replace(u',', u' ');
    if (magnitude >= 100)
        return QString::number(value, 'f', 0);
    if (magnitude >= 10)
        return QString::number(value, 'f', 1);
    return QString::number(value, 'f', 2);
}

QString firstLine(const QString& path, const QByteArray& key)
{
    // /proc files report size 0, so QFile::atEnd() is true at once: read everything, then split.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith(key))
            return QString::fromUtf8(key.isEmpty() ? line : line.mid(line.indexOf(':') + 1).trimmed());
    }
    return {};
}

} // namespace

int bench::report(const QStringList& arguments)
{
    QString outPath;
    QString title = QStringLiteral("full run");
    QString notesPath;
    QStringList inputs;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument == u"--out" && i + 1 < arguments.size())
            outPath = arguments.at(++i);
        else if (argument == u"--title" && i + 1 < arguments.size())
            title = arguments.at(++i);
        else if (argument == u"--notes" && i + 1 < arguments.size())
            notesPath = arguments.at(++i);
        else
            inputs.append(argument);
    }

    QHash<QString, QList<double>> samples;
    QHash<QString, QString> units;
    for (const QString& input : std::as_const(inputs)) {
        QFile file(input);
        if (!file.open(QIODevice::ReadOnly)) {
            QTextStream(stderr) << "cannot read " << input << '\n';
            return 1;
        }
        while (!file.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
            const QString metric = line.value(u"metric").toString();
            if (metric.isEmpty())
                continue;
            samples[metric].append(line.value(u"value").toDouble());
            units[metric] = line.value(u"unit").toString();
        }
    }
    Medians medians;
    for (auto it = samples.cbegin(); it != samples.cend(); ++it)
        medians.insert(it.key(), median(it.value()));

    QString text;
    QTextStream out(&text);
    out << "# Benchmarks\n\n"
        << "Generated by `scripts/bench.sh` (" << title << ") on "
        << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << ". Each result is the median of the runs shown "
        << "(`n`); budgets are those of issues \"Step 7 — Fast and light\" (items 1–6) and \"Step 9b — One render "
           "pass\" (9b). Benchmarks, not tests: nothing here runs "
           "in CTest except a smoke run with tiny sizes.\n\n"
        << "| item | metric | result | n | budget | pass |\n|---|---|---|---|---|---|\n";
    int failed = 0;
    for (const Row& row : rows()) {
        if (!samples.contains(row.metric))
            continue;
        const std::optional<bool> pass = row.check(medians);
        if (pass == false)
            ++failed;
        // Item 3's rows say where both programs ran (every run of a report is on the same machine, so all alike).
        const QString trayHost = QStringLiteral("idle_tray_host");
        QString label = row.label;
        if (row.metric.startsWith(u"idle_") && row.metric != trayHost && samples.contains(trayHost)) {
            label += medians.value(trayHost) > 0.5 ? QStringLiteral(" (X11 + StatusNotifier tray host)")
                                                   : QStringLiteral(" (offscreen, no tray)");
        }
        out << "| " << row.item << " | " << label << " | " << format(medians.value(row.metric)) << ' '
            << units.value(row.metric) << " | " << samples.value(row.metric).size() << " | "
            << (row.budget.isEmpty() ? QStringLiteral("—") : row.budget) << " | "
            << (pass.has_value() ? (*pass ? QStringLiteral("✅ pass") : QStringLiteral("❌ **fail**"))
                                 : QStringLiteral("—"))
            << " |\n";
    }

    const qint64 memKb = firstLine(QStringLiteral("/proc/meminfo"), "MemTotal").split(u' ').value(0).toLongLong();
    out << "\n## Machine\n\n"
        << "| | |\n|---|---|\n"
        << "| CPU | " << firstLine(QStringLiteral("/proc/cpuinfo"), "model name") << " |\n"
        << "| cores (nproc) | " << QThread::idealThreadCount() << " |\n"
        << "| RAM | " << format(double(memKb) / 1024 / 1024) << " GiB |\n"
        << "| OS | " << QSysInfo::prettyProductName() << ", kernel " << QSysInfo::kernelVersion() << " |\n"
        << "| Qt | " << qVersion() << " |\n"
        << "| load average at report time | " << firstLine(QStringLiteral("/proc/loadavg"), "").trimmed() << " |\n"
        << "| date | " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << " |\n";

    out << "\n## How to reproduce\n\n"
        << "```sh\n"
        << "./scripts/bench.sh              # Release build in build-bench, all benchmarks, writes this file (~15 "
           "min)\n"
        << "BENCH_QUICK=1 ./scripts/bench.sh # fewer runs, 10 s idle window (~4 min)\n"
        << "build-bench/bench/hu60-bench --help\n"
        << "```\n\n"
        << "Raw result lines (one JSON object per metric and run) are kept in `build-bench/bench-results/`.\n";
    if (!notesPath.isEmpty()) {
        QFile notes(notesPath);
        if (notes.open(QIODevice::ReadOnly))
            out << '\n' << QString::fromUtf8(notes.readAll());
    }
    out.flush();

    if (outPath.isEmpty()) {
        QTextStream(stdout) << text;
    } else {
        QFile file(outPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            QTextStream(stderr) << "cannot write " << outPath << '\n';
            return 1;
        }
        file.write(text.toUtf8());
    }
    QTextStream(stderr) << (failed ? QStringLiteral("%1 budget(s) missed\n").arg(failed)
                                   : QStringLiteral("all budgets met\n"));
    return 0;
}
