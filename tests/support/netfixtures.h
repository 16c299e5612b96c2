// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QFile>
#include <QHostAddress>
#include <QList>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <functional>

/// Network fixtures for the security tests (header-only): a throwaway self-signed certificate made at test time
/// with the `openssl` command, a TLS HTTP server using it, and a fake proxy that records what reaches it.
namespace netfixtures {

/// A self-signed certificate valid for 127.0.0.1 and localhost (subjectAltName), with its private key, made
/// fresh for each test run in a temporary folder. Never a real key: it lives as long as the test.
struct SelfSignedCertificate
{
    QTemporaryDir dir;
    QString certificatePath;
    QSslCertificate certificate;
    QSslKey key;
    QString error;

    /// Runs openssl; check `error` (empty on success).
    explicit SelfSignedCertificate(const QString& commonName = QStringLiteral("hu60 test server"))
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty()) {
            error = QStringLiteral("the openssl command is missing (scripts/install-deps.sh installs it)");
            return;
        }
        certificatePath = dir.filePath(QStringLiteral("server.pem"));
        const QString keyPath = dir.filePath(QStringLiteral("server.key"));
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                                QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName,
                                QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"),
                                QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certificatePath});
        if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
            error = QStringLiteral("openssl failed: ") + QString::fromLocal8Bit(process.readAll());
            return;
        }
        QFile certFile(certificatePath);
        QFile keyFile(keyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("openssl wrote no certificate");
            return;
        }
        certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
        key = QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
        if (certificate.isNull() || key.isNull())
            error = QStringLiteral("openssl's certificate or key does not load");
    }

    /// A server-side configuration presenting this certificate.
    QSslConfiguration serverConfiguration() const
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(certificate);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients present no certificate
        return config;
    }
};

/// An HTTPS server on 127.0.0.1 answering every request with `body` as JSON (Connection: close).
class TlsHttpServer
{
public:
    TlsHttpServer(const QSslConfiguration& config, QByteArray body)
        : m_body(std::move(body))
    {
        m_server.setSslConfiguration(config);
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, &m_server, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffers[socket] += socket->readAll();
                    if (!m_buffers[socket].contains("\r\n\r\n"))
                        return;
                    ++requests;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(m_body.size()) + "\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }
    int requests = 0;

private:
    QSslServer m_server;
    QByteArray m_body;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

/// A proxy that proxies nothing: it records the first bytes of every connection (an HTTP proxy's request line
/// such as `CONNECT host:443 HTTP/1.1`, or a SOCKS5 greeting starting with 0x05) and then closes it.
class FakeProxy
{
public:
    FakeProxy()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    QByteArray data = socket->readAll();
                    if (!data.isEmpty() && data.at(0) == 0x05) {
                        received.append(data);
                        socket->abort();
                        return;
                    }
                    const qsizetype end = data.indexOf("\r\n");
                    received.append(end >= 0 ? data.left(end) : data);
                    socket->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    socket->disconnectFromHost();
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> received;

private:
    QTcpServer m_server;
};

} // namespace netfixtures
