// SPDX-License-Identifier: GPL-3.0-or-later
// hu60-bench: the step-7 benchmarks. `hu60-bench <subcommand> [options]`, or `hu60-bench --smoke` for a tiny run
// of everything (the ctest smoke test). See scripts/bench.sh.
#include "bench/benchmarks.h"
#include "bench/heapcount.h"

#include "core/server/pushserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstring>
#include <memory>
#include <tuple>

namespace bench {
namespace {
// Every metric of this process, for the table at the end of a smoke run.
QList<std::tuple<QString, double, QString>> s_emitted;
} // namespace

void emitMetric(const QString& metric, double value, const QString& unit)
{
    s_emitted.append({metric, value, unit});
    const QJsonObject line{
        {QStringLiteral("metric"), metric}, {QStringLiteral("value"), value}, {QStringLiteral("unit"), unit}};
    QTextStream out(stdout);
    out << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
}

} // namespace bench

namespace {

bool needsCoreOnly(int argc, char** argv)
{
    return argc > 1 && (std::strcmp(argv[1], "serve-host") == 0 || std::strcmp(argv[1], "report") == 0);
}

QString sibling(const QString& name)
{
    return QFileInfo(QCoreApplication::applicationDirPath() + u"/../app/" + name).absoluteFilePath();
}

} // namespace

int main(int argc, char** argv)
{
    // The server benchmark: its server child runs the event dispatcher `hu60-notifier serve` uses, and this process,
    // which holds all the clients (in real life each in a process of its own), uses it too, so that the time is the
    // server's rather than an artefact of 10 000 sockets in one poll() loop (HU60_EVENT_DISPATCHER=qt: Qt's).
    if (argc > 1 && (std::strcmp(argv[1], "server") == 0 || std::strcmp(argv[1], "serve-host") == 0))
        server::installServerEventDispatcher();
    // Counting every allocation costs time, so only the memory benchmark turns it on (before anything it measures).
    if (argc > 1 && std::strcmp(argv[1], "memory") == 0)
        bench::heap::start();
    std::unique_ptr<QCoreApplication> app;
    if (needsCoreOnly(argc, argv)) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        // Widgets for the popup presenter, QtGui for QTextDocument; never a real display.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("hu60-bench"));
    // The server logs every connection at info level: 10 000 lines would measure the terminal.
    if (!qEnvironmentVariableIsSet("HU60_BENCH_VERBOSE"))
        QLoggingCategory::setFilterRules(QStringLiteral("hu60.*.debug=false\nhu60.*.info=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Benchmarks of hu60 Notifier. Subcommands: parse, content, memory, latency, burst, server, startup, idle, "
        "report; "
        "serve-host is the server child of `server`. Each prints one JSON line per metric."));
    parser.addHelpOption();
    const QCommandLineOption smokeOption(QStringLiteral("smoke"), QStringLiteral("Tiny run of every benchmark."));
    const QCommandLineOption quickOption(QStringLiteral("quick"), QStringLiteral("Smaller sizes (BENCH_QUICK=1)."));
    const QCommandLineOption appOption(QStringLiteral("app"), QStringLiteral("hu60-notifier executable."),
                                       QStringLiteral("PATH"), sibling(QStringLiteral("hu60-notifier")));
    const QCommandLineOption floorOption(QStringLiteral("floor"), QStringLiteral("hu60-floor executable."),
                                         QStringLiteral("PATH"),
                                         QCoreApplication::applicationDirPath() + u"/hu60-floor");
    const QCommandLineOption fixturesOption(QStringLiteral("fixtures"), QStringLiteral("push-events.jsonl"),
                                            QStringLiteral("FILE"),
                                            QStringLiteral(HU60_BENCH_FIXTURES "/push-events.jsonl"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Idle window."),
                                           QStringLiteral("S"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Start-up runs per program."),
                                        QStringLiteral("N"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
                                           QStringLiteral("Comma-separated client counts for `server`."),
                                           QStringLiteral("N,M"));
    const QCommandLineOption serverDispatcherOption(
        QStringLiteral("server-dispatcher"),
        QStringLiteral("HU60_EVENT_DISPATCHER of the server child of `server` (epoll or qt; default: inherited)."),
        QStringLiteral("NAME"));
    parser.addOptions({smokeOption, quickOption, appOption, floorOption, fixturesOption, secondsOption, runsOption,
                       clientsOption, serverDispatcherOption});
    parser.parse(QCoreApplication::arguments());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0);
    if (command == u"report")
        return bench::report(QCoreApplication::arguments().mid(2));
    if (command == u"serve-host")
        return bench::serveHost();
    if (!parser.unknownOptionNames().isEmpty()) {
        QTextStream(stderr) << parser.errorText() << '\n';
        return 2;
    }

    bench::Options options;
    options.smoke = parser.isSet(smokeOption);
    options.quick = parser.isSet(quickOption) || qEnvironmentVariable("BENCH_QUICK") == u"1";
    options.appPath = parser.value(appOption);
    options.floorPath = parser.value(floorOption);
    options.fixturesPath = parser.value(fixturesOption);
    if (options.quick) {
        options.idleSeconds = 10;
        options.startupRuns = 3;
    }
    if (options.smoke) {
        options.idleSeconds = 2;
        options.startupRuns = 1;
        options.clientCounts = {QStringLiteral("20"), QStringLiteral("50")};
    }
    if (parser.isSet(secondsOption))
        options.idleSeconds = std::max(1, parser.value(secondsOption).toInt());
    if (parser.isSet(runsOption))
        options.startupRuns = std::max(1, parser.value(runsOption).toInt());
    options.serverDispatcher = parser.value(serverDispatcherOption);
    if (parser.isSet(clientsOption))
        options.clientCounts = parser.value(clientsOption).split(u',', Qt::SkipEmptyParts);

    using Benchmark = int (*)(const bench::Options&);
    const QList<QPair<QString, Benchmark>> all{
        {QStringLiteral("parse"), &bench::parseRender},   {QStringLiteral("content"), &bench::contentBudgets},
        {QStringLiteral("memory"), &bench::renderMemory}, {QStringLiteral("latency"), &bench::latency},
        {QStringLiteral("burst"), &bench::burst},         {QStringLiteral("server"), &bench::serverConnections},
        {QStringLiteral("startup"), &bench::startup},     {QStringLiteral("idle"), &bench::idle}};
    if (options.smoke) {
        int failed = 0;
        for (const auto& [name, run] : all) {
            QTextStream(stderr) << "== " << name << '\n';
            if (run(options) != 0) {
                QTextStream(stderr) << "FAILED: " << name << '\n';
                ++failed;
            }
        }
        // The smoke test's output: every metric once; the numbers mean nothing at these sizes.
        QTextStream out(stdout);
        out << "\n| metric | value | unit |\n|---|---|---|\n";
        for (const auto& [metric, value, unit] : std::as_const(bench::s_emitted))
            out << "| " << metric << " | " << value << " | " << unit << " |\n";
        return failed ? 1 : 0;
    }
    for (const auto& [name, run] : all) {
        if (name == command)
            return run(options);
    }
    QTextStream(stderr) << "unknown subcommand \"" << command << "\"; see --help\n";
    return 2;
}
