// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/httpguard.h"

#include "core/logging.h"

#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

#include <memory>

namespace server {

namespace {

constexpr qsizetype maxChunkLineBytes = 1024;
constexpr int refusedLingerMs = 1000;

} // namespace

/// Where one connection's byte stream is in its current request. Fed every byte once, in order.
struct HttpGuard::Framing
{
    enum class State {
        Headers,   ///< collecting a request head up to its empty line
        Body,      ///< `remaining` bytes of a Content-Length body
        ChunkSize, ///< a chunk-size line of a chunked body
        ChunkData, ///< `remaining` bytes of chunk data
        ChunkEnd,  ///< the CRLF after chunk data (`remaining` bytes of it left)
        Trailers,  ///< trailer lines after the last chunk, up to an empty line
        Refused,   ///< answered 413/431: everything after is discarded
    };
    enum class Verdict {
        Fine,
        BodyTooLarge,
        HeadersTooLarge,
    };

    State state = State::Headers;
    QByteArray line; ///< the head (Headers), or the current line (ChunkSize, Trailers)
    qint64 remaining = 0;
    qint64 bodyBytes = 0;

    Verdict feed(const char* data, qsizetype size, qint64 maxBody)
    {
        qsizetype i = 0;
        while (i < size) {
            switch (state) {
            case State::Headers: {
                const char c = data[i++];
                line.append(c);
                if (line.size() > maxHeaderBytes)
                    return Verdict::HeadersTooLarge;
                if (c == '\n' &&
                    (line.endsWith("\r\n\r\n") || line.endsWith("\n\n") || line == "\r\n" || line == "\n")) {
                    if (line.trimmed().isEmpty()) { // blank lines between requests are ignored, as by http_parser
                        line.clear();
                        break;
                    }
                    const Verdict verdict = startBody(maxBody);
                    if (verdict != Verdict::Fine)
                        return verdict;
                }
                break;
            }
            case State::Body:
            case State::ChunkData: {
                const qint64 take = std::min<qint64>(remaining, size - i);
                i += take;
                remaining -= take;
                if (remaining == 0) {
                    if (state == State::Body) {
                        state = State::Headers;
                    } else {
                        state = State::ChunkEnd;
                        remaining = 2;
                    }
                }
                break;
            }
            case State::ChunkEnd: {
                const char c = data[i++];
                if (c == '\n' || --remaining == 0)
                    state = State::ChunkSize;
                break;
            }
            case State::ChunkSize:
            case State::Trailers: {
                const char c = data[i++];
                line.append(c);
                if (line.size() > maxChunkLineBytes)
                    return Verdict::HeadersTooLarge;
                if (c != '\n')
                    break;
                const QByteArray text = line.trimmed();
                line.clear();
                if (state == State::Trailers) {
                    if (text.isEmpty())
                        state = State::Headers;
                    break;
                }
                bool ok = false;
                const qsizetype extension = text.indexOf(';'); // chunk extensions are ignored
                const qint64 chunk = (extension < 0 ? text : text.left(extension)).trimmed().toLongLong(&ok, 16);
                if (!ok || chunk < 0) // QHttpServer answers the malformed rest itself
                    return Verdict::Fine;
                bodyBytes += chunk;
                if (bodyBytes > maxBody)
                    return Verdict::BodyTooLarge;
                remaining = chunk;
                state = chunk == 0 ? State::Trailers : State::ChunkData;
                break;
            }
            case State::Refused:
                return Verdict::Fine;
            }
        }
        return Verdict::Fine;
    }

    Verdict startBody(qint64 maxBody)
    {
        const QList<QByteArray> lines = line.split('\n');
        line.clear();
        bool chunked = false;
        qint64 length = 0;
        for (const QByteArray& raw : lines) {
            const qsizetype colon = raw.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = raw.left(colon).trimmed().toLower();
            const QByteArray value = raw.mid(colon + 1).trimmed().toLower();
            if (name == "transfer-encoding" && value.contains("chunked")) {
                chunked = true;
            } else if (name == "content-length") {
                bool ok = false;
                const qint64 parsed = value.toLongLong(&ok);
                // An unparsable length is refused by QHttpServer's parser; one beyond qint64 is too large.
                length = ok ? std::max(length, parsed) : (value.isEmpty() ? 0 : maxBody + 1);
            }
        }
        bodyBytes = 0;
        if (chunked) {
            state = State::ChunkSize;
            return Verdict::Fine;
        }
        if (length > maxBody)
            return Verdict::BodyTooLarge;
        remaining = length;
        state = length > 0 ? State::Body : State::Headers;
        return Verdict::Fine;
    }
};

HttpGuard::HttpGuard(QObject* parent)
    : QTcpServer(parent)
{
}

HttpGuard::~HttpGuard() = default;

void HttpGuard::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = std::max<qint64>(0, bytes);
}

qint64 HttpGuard::maxBodyBytes() const
{
    return m_maxBodyBytes;
}

int HttpGuard::refusedCount() const
{
    return m_refused;
}

void HttpGuard::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // No setReadBufferSize(): with a limit, Qt 6.4 stopped delivering readyRead once that much had passed through
    // (measured: a chunked upload stalled at 256 KiB). Each read takes what the kernel holds, and QHttpServer
    // consumes it in the same readyRead.
    auto framing = std::make_shared<Framing>();
    // Connected before QHttpServer connects its own handler (in addPendingConnection()'s signal), so it runs first
    // and can take the bytes of a refused request away before QHttpServer reads them.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, framing] {
        if (framing->state == Framing::State::Refused) {
            socket->skip(socket->bytesAvailable());
            return;
        }
        const QByteArray data = socket->peek(socket->bytesAvailable());
        const Framing::Verdict verdict = framing->feed(data.constData(), data.size(), m_maxBodyBytes);
        if (verdict == Framing::Verdict::Fine)
            return;
        framing->state = Framing::State::Refused;
        framing->line.clear();
        ++m_refused;
        // Whatever QHttpServer already has of this request (at most the limit) dies with the connection.
        socket->skip(socket->bytesAvailable());
        const bool body = verdict == Framing::Verdict::BodyTooLarge;
        qCInfo(lcEmulator) << "refused a request:" << (body ? "body too large" : "head too large") << "from"
                           << socket->peerAddress().toString();
        const QByteArray text = body ? QByteArrayLiteral("{\"error\":\"request body too large\"}")
                                     : QByteArrayLiteral("{\"error\":\"request header fields too large\"}");
        socket->write((body ? QByteArrayLiteral("HTTP/1.1 413 Payload Too Large")
                            : QByteArrayLiteral("HTTP/1.1 431 Request Header Fields Too Large")) +
                      "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(text.size()) +
                      "\r\nConnection: close\r\n\r\n" + text);
        socket->flush();
        socket->disconnectFromHost();
        // A sender that keeps sending and never reads must not keep the socket.
        QTimer::singleShot(refusedLingerMs, socket, &QTcpSocket::abort);
    });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    addPendingConnection(socket); // QTcpServer emits newConnection() after this returns
}

} // namespace server
