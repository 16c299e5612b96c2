// SPDX-License-Identifier: GPL-3.0-or-later
// Item 6: server mode. A companion server in a child process (so its memory is its own) holds N authenticated
// idle clients of this process; we report its memory per connection and the time to broadcast a robot's
// `online` to all of them.
#include "bench/benchmarks.h"
#include "bench/procstats.h"
#include "bench/serverthread.h"
#include "bench/stats.h"

#include "core/server/companion.h"
#include "core/server/pushserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>
#include <QWebSocket>

#include <unistd.h>

namespace {

constexpr int maxInFlight = 100; ///< handshakes at once: below the listen backlog, so no SYN is dropped
constexpr qint64 roundTimeoutMs = 300'000;

void settle(int ms);

QNetworkRequest requestFor(const QUrl& url, const QString& sid)
{
    QNetworkRequest request(url);
    request.setRawHeader("x-sid", sid.toUtf8());
    return request;
}

/// The clients of one benchmark run and what they have received.
class Clients
{
public:
    explicit Clients(QUrl url)
        : m_url(std::move(url))
    {
        m_clock.start();
    }
    ~Clients() { qDeleteAll(m_sockets); }
    Q_DISABLE_COPY_MOVE(Clients)

    int size() const { return int(m_sockets.size()); }

    /// Sends `frame` from every client.
    void sendToAll(const QString& frame)
    {
        for (QWebSocket* socket : std::as_const(m_sockets))
            socket->sendTextMessage(frame);
    }

    /// Sends a ping from the next clients in turn, `share` of them (fractions carry over): called every `tick` ms
    /// with share = tick / 60 000, every client pings once a minute, as real clients keep their connection alive.
    void pingShare(double share)
    {
        if (m_sockets.isEmpty())
            return;
        m_pingDebt += share * double(m_sockets.size());
        while (m_pingDebt >= 1) {
            m_pingDebt -= 1;
            m_sockets.at(m_pingCursor)->sendTextMessage(QStringLiteral("{\"action\":\"ping\"}"));
            m_pingCursor = (m_pingCursor + 1) % m_sockets.size();
        }
    }

    /// Opens clients until `target` are connected (greeted); false on timeout or failure.
    bool growTo(int target)
    {
        QEventLoop loop;
        m_loop = &loop;
        m_target = target;
        m_expected.clear();
        QTimer::singleShot(roundTimeoutMs, &loop, [&loop] { loop.exit(1); });
        openMore();
        const int rc = m_greeted >= target ? 0 : loop.exec();
        m_loop = nullptr;
        return rc == 0 && !m_failed;
    }

    /// Resets the counters and waits until every client received `event` (or the timeout); returns the ns at which
    /// the last one arrived, measured on m_clock, or -1.
    qint64 waitForAll(QByteArrayView event, const std::function<void()>& trigger, qint64* startNs)
    {
        m_expected = event.toByteArray();
        m_received = 0;
        m_lastNs = -1;
        QEventLoop loop;
        m_loop = &loop;
        QTimer::singleShot(roundTimeoutMs, &loop, [&loop] { loop.exit(1); });
        *startNs = m_clock.nsecsElapsed();
        trigger();
        const int rc = loop.exec();
        m_loop = nullptr;
        m_expected.clear();
        return rc == 0 ? m_lastNs : -1;
    }

private:
    void openMore()
    {
        while (m_sockets.size() < m_target && m_sockets.size() - m_greeted < maxInFlight) {
            auto* socket = new QWebSocket;
            m_sockets.append(socket);
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [this, socket](const QString& text) { onText(socket, text); });
            QObject::connect(socket, &QWebSocket::disconnected, socket, [this] {
                m_failed = true;
                if (m_loop)
                    m_loop->exit(1);
            });
            socket->open(requestFor(m_url, server::Companion::demoSid()));
        }
    }

    void onText(QWebSocket* socket, const QString& text)
    {
        if (!socket->property("greeted").toBool()) {
            if (text.startsWith(u"{\"event\": \"connected\"")) {
                socket->setProperty("greeted", true);
                ++m_greeted;
                if (m_greeted >= m_target && m_loop && m_expected.isEmpty())
                    m_loop->exit(0);
                else
                    openMore();
            }
            return;
        }
        if (!m_expected.isEmpty() && text.toUtf8().contains(m_expected)) {
            m_lastNs = m_clock.nsecsElapsed();
            if (++m_received == m_sockets.size() && m_loop)
                m_loop->exit(0);
        }
    }

    QUrl m_url;
    QElapsedTimer m_clock;
    QList<QWebSocket*> m_sockets;
    QEventLoop* m_loop = nullptr;
    qsizetype m_target = 0;
    qsizetype m_greeted = 0;
    QByteArray m_expected;
    qsizetype m_received = 0;
    qint64 m_lastNs = -1;
    bool m_failed = false;
    double m_pingDebt = 0;
    qsizetype m_pingCursor = 0;
};

/// Every client pings once a minute while it runs (Clients::pingShare() every tick).
class Pinger
{
public:
    explicit Pinger(Clients* clients)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(tickMs);
        QObject::connect(&m_timer, &QTimer::timeout, [clients] { clients->pingShare(double(tickMs) / 60'000); });
    }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }

private:
    static constexpr int tickMs = 20;
    QTimer m_timer;
};

/// Push latency to one user while the others idle: two connections of the robot, `sender` sending `resp` frames
/// addressed to the robot's own uid; the server delivers each to both, and the time until `receiver` has it is a
/// push to one user (one hash lookup, one frame written), measured from this process. Sequential, with a short
/// pause between pushes. Empty on failure.
QList<double> pushLatencies(QWebSocket* sender, QWebSocket* receiver, int count)
{
    QElapsedTimer clock;
    clock.start();
    qint64 sentNs = 0;
    QList<double> samples;
    QEventLoop loop;
    QObject::connect(receiver, &QWebSocket::textMessageReceived, &loop, [&](const QString& text) {
        if (sentNs > 0 && text.contains(u"\"bench\"")) {
            samples.append(double(clock.nsecsElapsed() - sentNs) / 1e6);
            sentNs = 0;
            loop.exit(0);
        }
    });
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    const QString frame = QStringLiteral("{\"action\":\"resp\",\"data\":{\"uid\":%1,\"action\":\"bench\",\"data\":1}}")
                              .arg(server::Companion::demoRobotUid());
    for (int i = 0; i < count; ++i) {
        settle(2);
        guard.start(10'000);
        sentNs = clock.nsecsElapsed();
        sender->sendTextMessage(frame);
        if (loop.exec() != 0)
            return {};
    }
    return samples;
}

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int bench::serveHost()
{
    QTextStream err(stderr);
    server::Companion companion;
    server::CompanionOptions options;
    options.pushPort = 0;
    options.httpPort = 0;
    options.connectionsPerUser = 20000;
    QString error;
    if (!companion.start(options, &error)) {
        err << error << '\n';
        return 1;
    }
    companion.pushServer()->setLimits(ServerThread::loadLimits());
    // Ends with its parent: stdin is a pipe from the benchmark.
    QSocketNotifier stdinWatch(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &companion, [&stdinWatch] {
        char buffer[64];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            stdinWatch.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    QTextStream out(stdout);
    out << QJsonDocument(QJsonObject{{QStringLiteral("push"), companion.pushUrl().toString()}})
               .toJson(QJsonDocument::Compact)
        << '\n';
    out.flush();
    return QCoreApplication::exec();
}

int bench::serverConnections(const Options& options)
{
    QTextStream err(stderr);
    const qint64 fileLimit = raiseFileLimit();
    QProcess host;
    host.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (!options.serverDispatcher.isEmpty()) {
        // Only the server: its clients here stay on this process's dispatcher.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HU60_EVENT_DISPATCHER"), options.serverDispatcher);
        host.setProcessEnvironment(environment);
    }
    host.start(QCoreApplication::applicationFilePath(), {QStringLiteral("serve-host")});
    if (!host.waitForStarted() || !host.waitForReadyRead(10'000)) {
        err << "server host did not start\n";
        return 1;
    }
    const QUrl url(QJsonDocument::fromJson(host.readLine()).object().value(u"push").toString());
    settle(300);
    const ProcStats before = ProcStats::read(host.processId());

    // Idle window per size: 30 s as in issue "Step 12"'s budget (per client per 30 s).
    const int idleSeconds = options.smoke ? 1 : options.quick ? 10 : 30;
    const int latencySamples = options.smoke ? 20 : 1000;
    int rc = 0;
    {
        Clients clients(url);
        Pinger pinger(&clients);
        for (const QString& countText : options.clientCounts) {
            const int count = countText.toInt();
            if (count < 1 || count + 100 > fileLimit) {
                err << "skipping " << count << " clients: file limit " << fileLimit << '\n';
                continue;
            }
            QElapsedTimer connectTime;
            connectTime.start();
            if (!clients.growTo(count)) {
                err << "could not connect " << count << " clients\n";
                emitMetric(QStringLiteral("server_%1_held").arg(count), 0, QString());
                rc = 1;
                break;
            }
            const double connectSeconds = double(connectTime.nsecsElapsed()) / 1e9;
            settle(500);
            const ProcStats held = ProcStats::read(host.processId());
            emitMetric(QStringLiteral("server_%1_connect_per_s").arg(count), count / connectSeconds,
                       QStringLiteral("connections/s"));
            emitMetric(QStringLiteral("server_%1_rss_per_conn_kb").arg(count),
                       double(held.rssKb - before.rssKb) / count, QStringLiteral("KiB"));
            emitMetric(QStringLiteral("server_%1_pss_per_conn_kb").arg(count),
                       double(held.pssKb - before.pssKb) / count, QStringLiteral("KiB"));
            emitMetric(QStringLiteral("server_%1_rss_mb").arg(count), double(held.rssKb) / 1024, QStringLiteral("MiB"));

            // Idle: every client pings once a minute; the server's CPU time over the window, and its wake-ups.
            pinger.start();
            const ProcStats idleStart = ProcStats::read(host.processId());
            settle(idleSeconds * 1000);
            const ProcStats idleEnd = ProcStats::read(host.processId());
            const double idleCpuMs = double(idleEnd.cpuMs - idleStart.cpuMs) * 30 / idleSeconds;
            emitMetric(QStringLiteral("server_%1_idle_cpu_ms").arg(count), idleCpuMs, QStringLiteral("ms per 30 s"));
            emitMetric(QStringLiteral("server_%1_idle_cpu_per_client_ms").arg(count), idleCpuMs / count,
                       QStringLiteral("ms per 30 s"));
            emitMetric(QStringLiteral("server_%1_idle_wakeups_per_s").arg(count),
                       double(idleEnd.wakeupsSince(idleStart)) / idleSeconds, QStringLiteral("/s"));

            // A robot connects: every client must receive `online`.
            QWebSocket robot;
            qint64 startNs = 0;
            const qint64 lastNs = clients.waitForAll(
                "\"event\":\"online\"", [&] { robot.open(requestFor(url, server::Companion::demoRobotSid())); },
                &startNs);
            if (lastNs < 0) {
                err << "broadcast to " << count << " clients did not complete\n";
                rc = 1;
                break;
            }
            emitMetric(QStringLiteral("server_%1_broadcast_ms").arg(count), double(lastNs - startNs) / 1e6,
                       QStringLiteral("ms"));
            // A push to one user while the others keep pinging (after the second robot connection's `online`
            // has reached everyone, and until its `offline` has).
            QWebSocket receiver;
            const bool receiverOnline =
                clients.waitForAll(
                    "\"event\":\"online\"", [&] { receiver.open(requestFor(url, server::Companion::demoRobotSid())); },
                    &startNs) >= 0;
            const QList<double> latencies =
                receiverOnline ? pushLatencies(&robot, &receiver, latencySamples) : QList<double>();
            pinger.stop();
            if (latencies.isEmpty() || clients.waitForAll(
                                           "\"event\":\"offline\"", [&] { receiver.close(); }, &startNs) < 0) {
                err << "push latency with " << count << " clients did not complete\n";
                rc = 1;
                break;
            }
            emitMetric(QStringLiteral("server_%1_push_p50_ms").arg(count), percentile(latencies, 0.5),
                       QStringLiteral("ms"));
            emitMetric(QStringLiteral("server_%1_push_p99_ms").arg(count), percentile(latencies, 0.99),
                       QStringLiteral("ms"));
            emitMetric(QStringLiteral("server_%1_held").arg(count), 1, QString());
            // Every client pings at once (the keep-alive all clients send, spec §7): until each has its pong.
            const ProcStats beforePing = ProcStats::read(host.processId());
            const qint64 pongNs = clients.waitForAll(
                "\"data\":\"pong\"", [&] { clients.sendToAll(QStringLiteral("{\"action\":\"ping\"}")); }, &startNs);
            if (pongNs < 0) {
                err << "ping round with " << count << " clients did not complete\n";
                rc = 1;
                break;
            }
            const ProcStats afterPing = ProcStats::read(host.processId());
            emitMetric(QStringLiteral("server_%1_ping_round_ms").arg(count), double(pongNs - startNs) / 1e6,
                       QStringLiteral("ms"));
            emitMetric(QStringLiteral("server_%1_ping_round_cpu_ms").arg(count),
                       double(afterPing.cpuMs - beforePing.cpuMs), QStringLiteral("ms"));
            // And goes again, so the next round starts with the robot offline.
            if (clients.waitForAll(
                    "\"event\":\"offline\"", [&] { robot.close(); }, &startNs) < 0) {
                err << "offline broadcast did not complete\n";
                rc = 1;
                break;
            }
        }
        host.closeWriteChannel();
    }
    if (!host.waitForFinished(30'000))
        host.kill();
    return rc;
}
