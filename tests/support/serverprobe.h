// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkRequest>
#include <QObject>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>
#include <QWebSocket>

/// A plain QWebSocket client for black-box tests of the companion push server: records every frame and how the
/// connection ended. Header-only; list it in a test's SOURCES so that moc sees it.
class ServerProbe final : public QObject
{
    Q_OBJECT

public:
    /// Connects to `url` (add ?_sid= yourself or use withSid()); `origin` is sent as the Origin header when set.
    explicit ServerProbe(const QNetworkRequest& request, const QString& origin = {})
        : socket(origin)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this,
                [this](const QString& text) { frames.append(text.toUtf8()); });
        connect(&socket, &QWebSocket::binaryMessageReceived, this,
                [this](const QByteArray& data) { frames.append(data); });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            disconnected = true;
            closeCode = socket.closeCode();
            closeReason = socket.closeReason();
        });
        socket.open(request);
    }

    static QUrl withSid(QUrl url, const QString& sid)
    {
        QUrlQuery query(url);
        query.addQueryItem(QStringLiteral("_sid"), sid);
        url.setQuery(query);
        return url;
    }

    /// Waits for the greeting; true when it arrived byte-exact.
    bool waitConnected(int timeoutMs = 5000)
    {
        if (!QTest::qWaitFor([this] { return !frames.isEmpty() || disconnected; }, timeoutMs))
            return false;
        if (frames.isEmpty() || frames.first() != QByteArrayLiteral("{\"event\": \"connected\"}"))
            return false;
        frames.removeFirst();
        return true;
    }
    bool waitFrames(int count, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this, count] { return frames.size() >= count; }, timeoutMs);
    }
    /// The next frame, waiting for it; empty when none arrived.
    QByteArray next(int timeoutMs = 5000)
    {
        if (!waitFrames(1, timeoutMs))
            return {};
        return frames.takeFirst();
    }
    bool waitDisconnected(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return disconnected; }, timeoutMs);
    }
    void send(const QByteArray& frame) { socket.sendTextMessage(QString::fromUtf8(frame)); }
    /// Sends a ping and waits for the pong: everything pushed before it has arrived by then.
    bool sync()
    {
        send(QByteArrayLiteral("{\"action\":\"ping\"}"));
        return QTest::qWaitFor(
                   [this] { return frames.contains(QByteArrayLiteral("{\"event\":\"ping\",\"data\":\"pong\"}\n")); },
                   5000) &&
               frames.removeAll(QByteArrayLiteral("{\"event\":\"ping\",\"data\":\"pong\"}\n")) == 1;
    }

    QWebSocket socket;
    QList<QByteArray> frames;
    bool disconnected = false;
    QWebSocketProtocol::CloseCode closeCode = QWebSocketProtocol::CloseCodeNormal;
    QString closeReason;
};
