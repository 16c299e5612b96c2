// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTcpServer>

namespace server {

/// The listening socket of the forum emulator. Qt HttpServer 6.4 has no request size limit: it keeps a request
/// body whole in memory however large it is (1 GB: SIGSEGV). This server sees each connection's bytes before
/// QHttpServer does (its readyRead handler is connected first) and follows the request framing itself
/// (Content-Length and chunked bodies, pipelined requests): a request whose body would pass maxBodyBytes, or
/// whose headers pass maxHeaderBytes, gets 413 / 431 here, and neither it nor anything after it on that
/// connection reaches QHttpServer. So what QHttpServer buffers for one connection stays under maxBodyBytes plus
/// maxHeaderBytes plus one socket read (what the kernel's receive buffer held). Owned by ForumEmulator;
/// QHttpServer is bound to it.
class HttpGuard final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpGuard)

public:
    static constexpr qint64 defaultMaxBodyBytes = 1024 * 1024;
    static constexpr qint64 maxHeaderBytes = 16 * 1024;

    explicit HttpGuard(QObject* parent = nullptr);
    ~HttpGuard() override;

    /// Largest request body (Content-Length, or the sum of a chunked body's chunks) that passes.
    void setMaxBodyBytes(qint64 bytes);
    qint64 maxBodyBytes() const;
    /// Requests refused so far (413 and 431), for tests.
    int refusedCount() const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Framing;

    qint64 m_maxBodyBytes = defaultMaxBodyBytes;
    int m_refused = 0;
};

} // namespace server
