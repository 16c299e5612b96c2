// SPDX-License-Identifier: GPL-3.0-or-later
// Items 3 and 4: the running tray app against hu60-floor. Both are separate processes connected to a companion
// server in this process, each with its own empty home (config, data, cache, runtime). Start-up runs them on the
// offscreen platform; idle runs them on a desktop with a tray (Xvfb + a StatusNotifier host on a private session bus,
// see trayhost.h) when Xvfb and dbus-daemon are installed, as the budget is about a tray program on such a desktop.
// Offscreen has no tray, so the app would show its one-time "no system tray" notice, whose text layout (HarfBuzz,
// FreeType, fonts) the floor never pays for.
#include "bench/benchmarks.h"
#include "bench/procstats.h"
#include "bench/stats.h"
#include "bench/trayhost.h"

#include "core/server/companion.h"
#include "core/server/pushserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace {

constexpr int connectTimeoutMs = 30'000;
/// After connecting, the app catches up over HTTP and loads its UI lazily; idle starts after that.
constexpr int settleMs = 3'000;

/// One program under test: which executable, its private home and its arguments.
struct Program
{
    QString name; ///< "app" or "floor"
    QString path;
    QStringList arguments;
};

/// The companion server both programs connect to, and the homes they run in.
class Harness
{
public:
    /// `nothingUnread`: the demo user alone, with no message, so that "idle" is idle: no catch-up popup whose
    /// layout would load fonts that the floor never loads. Otherwise the built-in demo data with its unread messages.
    bool start(QString* error, bool nothingUnread = false)
    {
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.connectionsPerUser = 100;
        if (nothingUnread) {
            options.dataFile = m_dir.filePath(QStringLiteral("store.json"));
            QFile store(options.dataFile);
            const QJsonObject user{{QStringLiteral("uid"), 10086},
                                   {QStringLiteral("name"), QStringLiteral("小明")},
                                   {QStringLiteral("sid"), server::Companion::demoSid()}};
            const QJsonObject data{{QStringLiteral("users"), QJsonArray{user}},
                                   {QStringLiteral("messages"), QJsonArray{}}};
            if (!store.open(QIODevice::WriteOnly) || store.write(QJsonDocument(data).toJson()) < 0) {
                *error = QStringLiteral("cannot write %1").arg(options.dataFile);
                return false;
            }
        }
        if (!m_companion.start(options, error))
            return false;
        QObject::connect(m_companion.pushServer(), &server::PushServer::clientAuthenticated, &m_companion,
                         [this](qint64) { ++m_authenticated; });
        return m_dir.isValid();
    }

    QList<Program> programs(const bench::Options& options) const
    {
        return {{QStringLiteral("floor"), options.floorPath, {m_companion.proxyPushUrl().toString()}},
                {QStringLiteral("app"), options.appPath, {}}};
    }

    /// Runs the programs launched from now on in `desktop` (X11 with a tray) instead of offscreen without a bus.
    void useDesktop(const bench::TrayDesktop* desktop) { m_desktop = desktop; }

    /// Starts `program` in a fresh home; the process is owned by the caller.
    std::unique_ptr<QProcess> launch(const Program& program, int serial)
    {
        const QString home = m_dir.filePath(QStringLiteral("%1-%2").arg(program.name).arg(serial));
        QDir().mkpath(home + u"/config/hu60");
        QDir().mkpath(home + u"/runtime");
        QFile::setPermissions(home + u"/runtime",
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        {
            // The tray app's configuration: the old top-level keys and the versioned ones, so either reader works.
            QSettings settings(home + u"/config/hu60/hu60-notifier.conf", QSettings::IniFormat);
            const QString site = m_companion.httpUrl().toString();
            const QString push = m_companion.proxyPushUrl().toString();
            settings.setValue(QStringLiteral("site"), site);
            settings.setValue(QStringLiteral("pushUrl"), push);
            settings.setValue(QStringLiteral("account/site"), site);
            settings.setValue(QStringLiteral("account/pushUrl"), push);
            settings.setValue(QStringLiteral("account/allowInsecurePush"), true);
        }
        {
            // The session id where the app's credential store falls back to when no secret service runs (as here:
            // no D-Bus session); HU60_SID below is for older builds that read the environment.
            const QString folder = home + u"/data/hu60/hu60-notifier";
            QDir().mkpath(folder);
            QFile credentials(folder + u"/credentials");
            if (credentials.open(QIODevice::WriteOnly)) {
                credentials.write(server::Companion::demoSid().toUtf8());
                credentials.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            }
        }
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), home);
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + u"/config");
        environment.insert(QStringLiteral("XDG_DATA_HOME"), home + u"/data");
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + u"/cache");
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + u"/runtime");
        environment.insert(QStringLiteral("HU60_SID"), server::Companion::demoSid());
        if (m_desktop) {
            // A generic X11 desktop: Qt's generic theme, which uses the StatusNotifier tray when a host is there.
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
            environment.insert(QStringLiteral("DISPLAY"), m_desktop->display());
            environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_desktop->busAddress());
            for (const char* name :
                 {"WAYLAND_DISPLAY", "XAUTHORITY", "XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP", "DESKTOP_SESSION",
                  "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID", "QT_QPA_PLATFORMTHEME"})
                environment.remove(QString::fromLatin1(name));
        } else {
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        }
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment);
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->setStandardOutputFile(QProcess::nullDevice());
        process->start(program.path, program.arguments);
        return process;
    }

    /// Waits until `count` sockets in total have authenticated; false on timeout.
    bool waitForAuthenticated(int count, int timeoutMs = connectTimeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_authenticated < count && timer.elapsed() < timeoutMs) {
            QEventLoop loop;
            QObject::connect(m_companion.pushServer(), &server::PushServer::clientAuthenticated, &loop,
                             &QEventLoop::quit);
            QTimer::singleShot(100, &loop, &QEventLoop::quit);
            loop.exec();
        }
        return m_authenticated >= count;
    }

    int authenticated() const { return m_authenticated; }

private:
    server::Companion m_companion;
    QTemporaryDir m_dir;
    int m_authenticated = 0;
    const bench::TrayDesktop* m_desktop = nullptr;
};

void stop(QProcess* process)
{
    process->terminate();
    if (!process->waitForFinished(5'000)) {
        process->kill();
        process->waitForFinished(5'000);
    }
}

void wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool checkPrograms(const bench::Options& options)
{
    for (const QString& path : {options.appPath, options.floorPath}) {
        if (!QFileInfo(path).isExecutable()) {
            QTextStream(stderr) << "not an executable: " << path << " (see --app / --floor)\n";
            return false;
        }
    }
    return true;
}

} // namespace

int bench::startup(const Options& options)
{
    if (!checkPrograms(options))
        return 1;
    Harness harness;
    QString error;
    if (!harness.start(&error)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    const QList<Program> programs = harness.programs(options);
    QHash<QString, QList<double>> times;
    int serial = 0;
    for (int run = 0; run < options.startupRuns; ++run) {
        // Alternate the order so neither program always starts with warmer caches.
        for (int i = 0; i < programs.size(); ++i) {
            const Program& program = programs.at((i + run) % programs.size());
            const int before = harness.authenticated();
            QElapsedTimer timer;
            timer.start();
            const std::unique_ptr<QProcess> process = harness.launch(program, ++serial);
            if (!harness.waitForAuthenticated(before + 1)) {
                QTextStream(stderr) << program.name << " did not connect\n";
                stop(process.get());
                return 1;
            }
            times[program.name].append(double(timer.nsecsElapsed()) / 1e6);
            stop(process.get());
        }
    }
    const double floorMs = median(times.value(QStringLiteral("floor")));
    const double appMs = median(times.value(QStringLiteral("app")));
    emitMetric(QStringLiteral("startup_floor_ms"), floorMs, QStringLiteral("ms"));
    emitMetric(QStringLiteral("startup_app_ms"), appMs, QStringLiteral("ms"));
    emitMetric(QStringLiteral("startup_ratio"), appMs / floorMs, QStringLiteral("×"));
    return 0;
}

int bench::idle(const Options& options)
{
    if (!checkPrograms(options))
        return 1;
    Harness harness;
    QString error;
    if (!harness.start(&error, true)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    // The budget's case: a desktop with a tray. Offscreen (no tray: the app shows its notice) only as a fallback.
    bench::TrayDesktop desktop;
    bool withTray = false;
    if (bench::TrayDesktop::isAvailable()) {
        withTray = desktop.start(&error);
        if (!withTray)
            QTextStream(stderr) << "idle: no tray desktop (" << error << "), measuring offscreen without a tray\n";
    } else {
        QTextStream(stderr) << "idle: Xvfb or dbus-daemon not installed, measuring offscreen without a tray\n";
    }
    if (withTray)
        harness.useDesktop(&desktop);
    // Both at once, so they share the same minute of machine noise.
    const QList<Program> programs = harness.programs(options);
    std::vector<std::unique_ptr<QProcess>> processes;
    int serial = 0;
    for (const Program& program : programs)
        processes.push_back(harness.launch(program, ++serial));
    const bool connected = harness.waitForAuthenticated(int(programs.size()));
    if (withTray) {
        // Each program must have put its icon in the tray: proof that Qt found the tray (so the app needed no notice).
        QElapsedTimer timer;
        timer.start();
        const auto allRegistered = [&] {
            for (const auto& process : processes) {
                if (desktop.watcher().itemsOf(process->processId()) == 0)
                    return false;
            }
            return true;
        };
        while (!allRegistered() && timer.elapsed() < connectTimeoutMs)
            wait(100);
        bool missing = false;
        for (int i = 0; i < programs.size(); ++i) {
            if (desktop.watcher().itemsOf(processes.at(i)->processId()) == 0) {
                QTextStream(stderr) << "idle: " << programs.at(i).name
                                    << " registered no StatusNotifierItem with the tray host within "
                                    << connectTimeoutMs / 1000 << " s\n";
                missing = true;
            }
        }
        if (missing) {
            for (const auto& process : processes)
                stop(process.get());
            return 1;
        }
    }
    wait(settleMs);
    QList<ProcStats> begin;
    for (const auto& process : processes)
        begin.append(ProcStats::read(process->processId()));
    wait(options.idleSeconds * 1000);
    QList<ProcStats> end;
    for (const auto& process : processes)
        end.append(ProcStats::read(process->processId()));
    bool alive = true;
    for (const auto& process : processes) {
        alive = alive && process->state() == QProcess::Running;
        stop(process.get());
    }
    if (!connected || !alive) {
        QTextStream(stderr) << "idle: a program did not connect or did not stay up\n";
        return 1;
    }
    const double perMinute = 60.0 / options.idleSeconds;
    emitMetric(QStringLiteral("idle_tray_host"), withTray ? 1 : 0, QString());
    for (int i = 0; i < programs.size(); ++i) {
        const QString& name = programs.at(i).name;
        emitMetric(QStringLiteral("idle_%1_rss_mb").arg(name), double(end.at(i).rssKb) / 1024, QStringLiteral("MiB"));
        emitMetric(QStringLiteral("idle_%1_pss_mb").arg(name), double(end.at(i).pssKb) / 1024, QStringLiteral("MiB"));
        emitMetric(QStringLiteral("idle_%1_cpu_ms_per_min").arg(name),
                   double(end.at(i).cpuMs - begin.at(i).cpuMs) * perMinute, QStringLiteral("ms/min"));
        emitMetric(QStringLiteral("idle_%1_wakeups_per_min").arg(name),
                   double(end.at(i).wakeupsSince(begin.at(i))) * perMinute, QStringLiteral("/min"));
        emitMetric(QStringLiteral("idle_%1_threads").arg(name), end.at(i).threads, QString());
    }
    emitMetric(QStringLiteral("idle_rss_ratio"), double(end.at(1).rssKb) / double(end.at(0).rssKb),
               QStringLiteral("×"));
    emitMetric(QStringLiteral("idle_pss_ratio"), double(end.at(1).pssKb) / double(end.at(0).pssKb),
               QStringLiteral("×"));
    return 0;
}
