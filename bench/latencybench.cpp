// SPDX-License-Identifier: GPL-3.0-or-later
// Item 2: end-to-end push latency over loopback at a steady 100 msg/s: from the server storing and pushing a
// message (its own thread) to inbox::Inbox::notificationReady in this thread (the popup model is ready).
#include "bench/benchmarks.h"
#include "bench/clientstack.h"
#include "bench/serverthread.h"
#include "bench/stats.h"

#include "core/inbox/inbox.h"
#include "core/server/companion.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

namespace bench {

/// A typical short message whose first word after "bench" is its sequence number.
QJsonArray sequencedContent(int sequence)
{
    return QJsonArray{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                    {QStringLiteral("value"), QStringLiteral("bench %1 晚上一起开黑吗？老地方见").arg(sequence)}},
        QJsonObject{{QStringLiteral("type"), QStringLiteral("face")},
                    {QStringLiteral("face"), QStringLiteral("哈哈")}}};
}

/// The sequence number of a sequencedContent() message, or -1.
int sequenceOf(const QJsonArray& content)
{
    const QString text = content.at(0).toObject().value(u"value").toString();
    if (!text.startsWith(u"bench "))
        return -1;
    bool ok = false;
    const int sequence = text.section(u' ', 1, 1).toInt(&ok);
    return ok ? sequence : -1;
}

} // namespace bench

int bench::latency(const Options& options)
{
    QTextStream err(stderr);
    ServerThread server;
    QString error;
    if (!server.start(&error)) {
        err << error << '\n';
        return 1;
    }
    ClientStack stack(server.pushUrl(), server.httpUrl());
    if (!stack.connectAndCatchUp(10'000)) {
        err << "latency: no connection / catch-up\n";
        return 1;
    }

    // The first messages warm up the sender's name cache and the database; they are not counted.
    const int warmup = options.smoke ? 5 : 50;
    const int measured = options.smoke ? 20 : options.quick ? 300 : 1000;
    const int total = warmup + measured;
    auto sentNs = std::make_shared<std::vector<std::atomic<qint64>>>(total);
    QList<double> latenciesMs;
    int received = 0;

    QEventLoop loop;
    QObject::connect(stack.inbox(), &inbox::Inbox::notificationReady, &loop,
                     [&](const inbox::Notification& notification) {
                         const qint64 arrived = nowNs();
                         const int sequence = sequenceOf(notification.content);
                         if (sequence < 0 || sequence >= total)
                             return;
                         if (sequence >= warmup)
                             latenciesMs.append(double(arrived - sentNs->at(sequence).load()) / 1e6);
                         if (++received == total)
                             loop.exit(0);
                     });
    int next = 0;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(10); // 100 msg/s
    QObject::connect(&pacer, &QTimer::timeout, &loop, [&] {
        if (next == total) {
            pacer.stop();
            return;
        }
        const int sequence = next++;
        server.post([sentNs, sequence](server::Companion* companion) {
            (*sentNs)[sequence] = nowNs();
            companion->insertMessage(server::Companion::demoUid(), 2333, 0, sequencedContent(sequence));
        });
    });
    QTimer::singleShot(total * 10 + 30'000, &loop, [&loop] { loop.exit(1); });
    pacer.start();
    if (loop.exec() != 0) {
        err << "latency: only " << received << " of " << total << " notifications arrived\n";
        return 1;
    }
    emitMetric(QStringLiteral("latency_p50_ms"), percentile(latenciesMs, 0.50), QStringLiteral("ms"));
    emitMetric(QStringLiteral("latency_p99_ms"), percentile(latenciesMs, 0.99), QStringLiteral("ms"));
    emitMetric(QStringLiteral("latency_max_ms"), percentile(latenciesMs, 1.0), QStringLiteral("ms"));
    return 0;
}
