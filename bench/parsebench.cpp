// SPDX-License-Identifier: GPL-3.0-or-later
// Item 1: parse + render throughput of push frames on one core, measured with QBENCHMARK.
#include "bench/benchmarks.h"

#include "core/content/content.h"
#include "core/protocol/event.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {

/// The frame sets of the fixture mix: short msg frames, big msg frames, the largest one alone, and every line.
struct FrameSets
{
    QList<QByteArray> shortMsgs; ///< msg frames under 400 bytes: one-liners, a face or two
    QList<QByteArray> bigMsgs;   ///< msg frames of 400 bytes or more: Markdown, code, quotes, images
    QList<QByteArray> largest;
    QList<QByteArray> all; ///< every fixture line, whatever its event
};

FrameSets loadFrames(const QString& path, QString* error)
{
    FrameSets sets;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return sets;
    }
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        sets.all.append(line);
        if (protocol::parseEvent(line).type != protocol::EventType::Msg)
            continue;
        (line.size() < 400 ? sets.shortMsgs : sets.bigMsgs).append(line);
        if (sets.largest.isEmpty() || line.size() > sets.largest.first().size())
            sets.largest = {line};
    }
    return sets;
}

/// What the client does with each frame: parse it, and render a msg's content as the popup will show it.
qsizetype process(const QList<QByteArray>& frames, const content::RenderOptions& options)
{
    qsizetype produced = 0;
    for (const QByteArray& frame : frames) {
        const protocol::Event event = protocol::parseEvent(frame);
        if (event.type == protocol::EventType::Msg) {
            const content::Rendered rendered =
                content::renderContent(event.msg.content, event.msg.id, event.msg.type, options);
            produced += rendered.html.size() + rendered.summary.size();
        } else {
            produced += event.name.size();
        }
    }
    return produced;
}

} // namespace

/// QTest benchmark class: one data row per frame set; each iteration processes the whole set once.
class ParseRenderBench : public QObject
{
    Q_OBJECT

public:
    explicit ParseRenderBench(FrameSets sets)
        : m_sets(std::move(sets))
    {
        m_options.userName = [](qint64 uid) { return uid == 10086 ? QStringLiteral("小明") : QString(); };
    }

private Q_SLOTS:
    void parseRender_data()
    {
        QTest::addColumn<QList<QByteArray>>("frames");
        QTest::newRow("short") << m_sets.shortMsgs;
        QTest::newRow("big") << m_sets.bigMsgs;
        QTest::newRow("largest") << m_sets.largest;
        QTest::newRow("mix") << m_sets.all;
    }

    void parseRender()
    {
        QFETCH(QList<QByteArray>, frames);
        QVERIFY(!frames.isEmpty());
        qsizetype produced = 0;
        QBENCHMARK
        {
            produced += process(frames, m_options);
        }
        QVERIFY(produced > 0);
    }

private:
    FrameSets m_sets;
    content::RenderOptions m_options;
};

int bench::parseRender(const Options& options)
{
    QString error;
    FrameSets sets = loadFrames(options.fixturesPath, &error);
    if (sets.shortMsgs.isEmpty() || sets.bigMsgs.isEmpty()) {
        QTextStream(stderr) << "no msg frames in " << options.fixturesPath << ' ' << error << '\n';
        return 1;
    }
    const QHash<QString, qsizetype> sizes{{QStringLiteral("short"), sets.shortMsgs.size()},
                                          {QStringLiteral("big"), sets.bigMsgs.size()},
                                          {QStringLiteral("largest"), 1},
                                          {QStringLiteral("mix"), sets.all.size()}};
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("parse.csv"));
    ParseRenderBench benchmark(std::move(sets));
    // Only the CSV log: stdout carries the result lines.
    QStringList arguments{QStringLiteral("hu60-bench"), QStringLiteral("-o"), csv + u",csv"};
    if (options.smoke)
        arguments << QStringLiteral("-iterations") << QStringLiteral("3");
    // For profiling one row, e.g. HU60_BENCH_QTEST_ARGS="parseRender:short" (space-separated QTest arguments).
    arguments << qEnvironmentVariable("HU60_BENCH_QTEST_ARGS").split(u' ', Qt::SkipEmptyParts);
    if (QTest::qExec(&benchmark, arguments) != 0)
        return 1;

    // Qt 6.4 CSV lines: "function","tag","metric",value per iteration,total,iterations
    QFile file(csv);
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    int found = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (qEnvironmentVariableIsSet("HU60_BENCH_DEBUG"))
            QTextStream(stderr) << line << '\n';
        const QList<QByteArray> fields = line.split(',');
        if (fields.size() < 4)
            continue;
        const QString tag = QString::fromUtf8(fields.at(1)).remove(u'"');
        const double msPerIteration = fields.at(3).toDouble();
        if (!sizes.contains(tag) || msPerIteration <= 0)
            continue;
        const double framesPerSecond = double(sizes.value(tag)) * 1000.0 / msPerIteration;
        emitMetric(QStringLiteral("parse_render_%1_fps").arg(tag), framesPerSecond, QStringLiteral("frames/s"));
        emitMetric(QStringLiteral("parse_render_%1_us").arg(tag), msPerIteration * 1000.0 / double(sizes.value(tag)),
                   QStringLiteral("µs/frame"));
        ++found;
    }
    // A smoke run (3 iterations) can time a fast row at 0 ms, which QTest reports as no value: only a full run
    // must produce every row.
    return (found == 4 || (options.smoke && found > 0)) ? 0 : 1;
}

#include "parsebench.moc"
