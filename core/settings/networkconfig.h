// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/settings.h"

#include <QList>
#include <QMetaType>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSslSocket;
class QWebSocket;

namespace settings {

/// "localhost", 127.0.0.0/8 or ::1. Other names are not resolved: a DNS answer must not make a host "local".
bool isLoopbackHost(const QString& host);
/// https, or plain http to a loopback host: the only sites a password or the session id may be sent to.
bool isSecureSite(const QUrl& site);
/// ws:// to a host that is not loopback: the push connection needs the user's explicit allowInsecurePush.
bool isInsecurePushUrl(const QUrl& push);
/// Why `site` is refused (translated), or an empty string when it may be used.
QString siteRefusal(const QUrl& site);

/// A certificate problem of one TLS connection, with what the user needs to judge it: every error's text and the
/// server's certificate (subject, issuer, validity, SHA-256 fingerprint). A value; travels in signals.
struct TlsProblem
{
    QString host;       ///< host:port of the connection
    QStringList errors; ///< each QSslError's text
    /// The server's own certificate (may be null when the handshake gave none). Initialised explicitly: its default
    /// constructor is explicit, which clang refuses in the copy-list-initialisation `TlsProblem t{}` (qvariant_cast).
    QSslCertificate certificate{QByteArray()};

    static TlsProblem from(const QUrl& url, const QList<QSslError>& errors,
                           const QSslCertificate& peer = QSslCertificate());
    /// SHA-256 of the certificate, as colon-separated hex pairs (empty without a certificate).
    QString fingerprint() const;
    /// Multi-line, translated: the errors, then subject, issuer, validity and fingerprint.
    QString details() const;
};

/// SHA-256 of `certificate` as colon-separated upper-case hex pairs.
QString sha256Fingerprint(const QSslCertificate& certificate);
/// A certificate's subject or issuer as one line ("CN=…, O=…").
QString describeName(const QSslCertificate& certificate, bool issuer);

/// How every connection of the client goes out: proxy (system, none or manual) and which certificates are
/// trusted besides the system's (a private CA or a pinned self-signed certificate, for self-hosted forums). One
/// value applied to the push socket, the forum requests and the connection test alike; checks are never turned
/// off. Built from Settings by the app's controller.
class NetworkConfig
{
public:
    NetworkConfig() = default;

    /// Proxy and trusted certificates from `s`. When the trusted-certificate file cannot be used, the result
    /// trusts the system's CAs only and `error` (if given) says why.
    static NetworkConfig fromSettings(const Settings& s, QString* error = nullptr);
    /// Reads PEM (or DER) certificates; false with a translated reason when the file is unreadable or holds none.
    static bool loadCertificates(const QString& path, QList<QSslCertificate>* certificates, QString* error);

    void setProxyMode(ProxyMode mode) { m_proxyMode = mode; }
    void setManualProxy(ProxyType type, const QString& host, quint16 port);
    void setTrustedCertificates(const QList<QSslCertificate>& certificates) { m_trusted = certificates; }

    ProxyMode proxyMode() const { return m_proxyMode; }
    const QList<QSslCertificate>& trustedCertificates() const { return m_trusted; }

    /// The proxies to try for `url`, in order (system mode asks the platform for each URL); loopback hosts are
    /// always reached directly.
    QList<QNetworkProxy> proxiesFor(const QUrl& url) const;
    /// `base` (the defaults when not given) with the trusted certificates added to its CA list.
    QSslConfiguration sslConfiguration(const QSslConfiguration& base = QSslConfiguration::defaultConfiguration()) const;

    /// Proxy and trust for one push socket, before it opens `url`.
    void apply(QWebSocket* socket, const QUrl& url) const;
    /// … for one raw TLS socket (the connection test), before it connects to `url`.
    void apply(QSslSocket* socket, const QUrl& url) const;

    bool operator==(const NetworkConfig& other) const;

private:
    ProxyMode m_proxyMode = ProxyMode::System;
    QNetworkProxy m_manualProxy;
    QList<QSslCertificate> m_trusted;
};

/// The app's QNetworkAccessManager: every request it sends uses the NetworkConfig's proxy and trusted
/// certificates (forum API, avatars, images, login), and certificate errors are never ignored: they fail the
/// request and are reported through tlsProblem(). Owned by the app's controller.
class NetworkManager : public QNetworkAccessManager
{
    Q_OBJECT

public:
    explicit NetworkManager(QObject* parent = nullptr);

    void setNetworkConfig(const NetworkConfig& config);
    const NetworkConfig& networkConfig() const { return m_config; }

Q_SIGNALS:
    /// A request failed certificate checks (the request fails; nothing is ignored).
    void tlsProblem(const settings::TlsProblem& problem);
    /// setNetworkConfig() changed the configuration (managers of their own, like the images', follow it).
    void networkConfigChanged(const settings::NetworkConfig& config);

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* outgoingData) override;

private:
    NetworkConfig m_config;
};

} // namespace settings

Q_DECLARE_METATYPE(settings::TlsProblem)
