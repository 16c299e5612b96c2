// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QThread>
#include <QUrl>

#include <functional>

namespace server {
class Companion;
struct PushServerLimits;
} // namespace server

namespace bench {

/// A companion server (built-in demo data, free loopback ports, limits raised for load) living on its own thread,
/// so that server work and client work of a benchmark do not share one event loop. Owned by the benchmark.
class ServerThread final
{
public:
    ServerThread();
    ~ServerThread();
    Q_DISABLE_COPY_MOVE(ServerThread)

    bool start(QString* error);
    QUrl pushUrl() const { return m_pushUrl; }
    QUrl httpUrl() const { return m_httpUrl; }

    /// Runs `work` on the server thread and waits for it.
    void run(const std::function<void(server::Companion*)>& work);
    /// Queues `work` on the server thread.
    void post(std::function<void(server::Companion*)> work);

    /// Limits high enough for thousands of loopback clients of one user (the defaults protect a real server).
    static server::PushServerLimits loadLimits();

private:
    QThread m_thread;
    QObject* m_context = nullptr;             ///< lives on m_thread; deleted there
    server::Companion* m_companion = nullptr; ///< child of m_context
    QUrl m_pushUrl;
    QUrl m_httpUrl;
};

} // namespace bench
