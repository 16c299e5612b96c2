// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/serverthread.h"

#include "core/server/companion.h"
#include "core/server/pushserver.h"

namespace bench {

ServerThread::ServerThread()
{
    m_thread.setObjectName(QStringLiteral("bench-server"));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
}

ServerThread::~ServerThread()
{
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

server::PushServerLimits ServerThread::loadLimits()
{
    server::PushServerLimits limits;
    limits.messagesPerSecond = 1e6;
    limits.messageBurst = 1000000;
    limits.maxUnauthenticatedPerAddress = 100000;
    limits.maxConnections = 100000;
    limits.authTimeoutMs = 120000;
    limits.handshakeTimeoutMs = 120000;
    limits.maxPendingOutputBytes = qint64(512) * 1024 * 1024;
    return limits;
}

bool ServerThread::start(QString* error)
{
    bool ok = false;
    run([&](server::Companion*) {
        m_companion = new server::Companion(m_context);
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.connectionsPerUser = 20000;
        ok = m_companion->start(options, error);
        if (ok) {
            m_companion->pushServer()->setLimits(loadLimits());
            m_pushUrl = m_companion->pushUrl();
            m_httpUrl = m_companion->httpUrl();
        }
    });
    return ok;
}

void ServerThread::run(const std::function<void(server::Companion*)>& work)
{
    QMetaObject::invokeMethod(
        m_context, [&] { work(m_companion); }, Qt::BlockingQueuedConnection);
}

void ServerThread::post(std::function<void(server::Companion*)> work)
{
    QMetaObject::invokeMethod(
        m_context, [this, work = std::move(work)] { work(m_companion); }, Qt::QueuedConnection);
}

} // namespace bench
