// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/networkconfig.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QNetworkProxyFactory>
#include <QNetworkProxyQuery>
#include <QNetworkReply>
#include <QSslSocket>
#include <QWebSocket>

namespace settings {

namespace {

// lupdate sees this context, unlike that of a free translate helper.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(settings::NetworkConfig)
};

/// Files this large are not certificates someone picked on purpose.
constexpr qint64 maxCertificateFileSize = 1024 * 1024;

} // namespace

bool isLoopbackHost(const QString& host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isSecureSite(const QUrl& site)
{
    if (!site.isValid() || site.host().isEmpty())
        return false;
    return site.scheme() == u"https" || (site.scheme() == u"http" && isLoopbackHost(site.host()));
}

bool isInsecurePushUrl(const QUrl& push)
{
    return push.scheme() == u"ws" && !isLoopbackHost(push.host());
}

QString siteRefusal(const QUrl& site)
{
    if (!site.isValid() || site.host().isEmpty() || (site.scheme() != u"https" && site.scheme() != u"http"))
        return Text::tr("The site address must start with https://.");
    if (!isSecureSite(site))
        return Text::tr("The site %1 uses plain http: your password and session would cross the network unencrypted. "
                        "Use https:// (plain http is only allowed for this computer: localhost, 127.0.0.1, ::1).")
            .arg(site.host());
    return {};
}

QString sha256Fingerprint(const QSslCertificate& certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString describeName(const QSslCertificate& certificate, bool issuer)
{
    QStringList parts;
    const QList<QByteArray> attributes =
        issuer ? certificate.issuerInfoAttributes() : certificate.subjectInfoAttributes();
    for (const QByteArray& attribute : attributes) {
        const QStringList values = issuer ? certificate.issuerInfo(attribute) : certificate.subjectInfo(attribute);
        for (const QString& value : values)
            parts.append(QString::fromLatin1(attribute) + u'=' + value);
    }
    return parts.join(QStringLiteral(", "));
}

TlsProblem TlsProblem::from(const QUrl& url, const QList<QSslError>& errors, const QSslCertificate& peer)
{
    TlsProblem problem;
    const bool secure = url.scheme() == u"https" || url.scheme() == u"wss";
    problem.host = url.host() + u':' + QString::number(url.port(secure ? 443 : 80));
    problem.certificate = peer;
    for (const QSslError& error : errors) {
        problem.errors.append(error.errorString());
        if (problem.certificate.isNull() && !error.certificate().isNull())
            problem.certificate = error.certificate();
    }
    return problem;
}

QString TlsProblem::fingerprint() const
{
    return sha256Fingerprint(certificate);
}

QString TlsProblem::details() const
{
    QStringList lines;
    lines.append(Text::tr("Server: %1").arg(host));
    for (const QString& error : errors)
        lines.append(Text::tr("Error: %1").arg(error));
    if (certificate.isNull()) {
        lines.append(Text::tr("The server sent no certificate."));
        return lines.join(u'\n');
    }
    lines.append(Text::tr("Subject: %1").arg(describeName(certificate, false)));
    lines.append(Text::tr("Issuer: %1").arg(describeName(certificate, true)));
    lines.append(Text::tr("Valid from: %1").arg(certificate.effectiveDate().toUTC().toString(Qt::ISODate)));
    lines.append(Text::tr("Valid until: %1").arg(certificate.expiryDate().toUTC().toString(Qt::ISODate)));
    lines.append(Text::tr("SHA-256 fingerprint: %1").arg(fingerprint()));
    return lines.join(u'\n');
}

NetworkConfig NetworkConfig::fromSettings(const Settings& s, QString* error)
{
    NetworkConfig config;
    QStringList problems;
    config.m_proxyMode = s.proxyMode;
    if (s.proxyMode == ProxyMode::Manual) {
        if (s.proxyHost.isEmpty() || s.proxyPort <= 0 || s.proxyPort > 65535) {
            problems.append(Text::tr("The manual proxy needs a host and a port; the system proxy settings are used."));
            config.m_proxyMode = ProxyMode::System;
        } else {
            config.setManualProxy(s.proxyType, s.proxyHost, quint16(s.proxyPort));
        }
    }
    if (!s.trustedCaFile.isEmpty()) {
        QString reason;
        if (!loadCertificates(s.trustedCaFile, &config.m_trusted, &reason))
            problems.append(reason);
    }
    if (error)
        *error = problems.join(u'\n');
    return config;
}

bool NetworkConfig::loadCertificates(const QString& path, QList<QSslCertificate>* certificates, QString* error)
{
    auto failWith = [error](const QString& reason) {
        if (error)
            *error = reason;
        return false;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(Text::tr("The trusted certificate file %1 cannot be read: %2").arg(path, file.errorString()));
    if (file.size() > maxCertificateFileSize)
        return failWith(Text::tr("The trusted certificate file %1 is too large to be a certificate.").arg(path));
    const QByteArray data = file.readAll();
    QList<QSslCertificate> found = QSslCertificate::fromData(data, QSsl::Pem);
    if (found.isEmpty())
        found = QSslCertificate::fromData(data, QSsl::Der);
    found.removeIf([](const QSslCertificate& c) { return c.isNull(); });
    if (found.isEmpty())
        return failWith(
            Text::tr("The file %1 holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----).").arg(path));
    if (certificates)
        *certificates = found;
    return true;
}

void NetworkConfig::setManualProxy(ProxyType type, const QString& host, quint16 port)
{
    m_proxyMode = ProxyMode::Manual;
    m_manualProxy =
        QNetworkProxy(type == ProxyType::Socks5 ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, host, port);
}

QList<QNetworkProxy> NetworkConfig::proxiesFor(const QUrl& url) const
{
    // Like browsers: this computer is always reached directly (a local companion server, a tunnel's end).
    if (isLoopbackHost(url.host()))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    switch (m_proxyMode) {
    case ProxyMode::None:
        break;
    case ProxyMode::Manual:
        return {m_manualProxy};
    case ProxyMode::System: {
        // QWebSocket asks with its ws(s) URL; the platform knows the proxies by http(s).
        QUrl query = url;
        if (query.scheme() == u"wss")
            query.setScheme(QStringLiteral("https"));
        else if (query.scheme() == u"ws")
            query.setScheme(QStringLiteral("http"));
        const QList<QNetworkProxy> system = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(query));
        if (!system.isEmpty())
            return system;
        break;
    }
    }
    return {QNetworkProxy(QNetworkProxy::NoProxy)};
}

QSslConfiguration NetworkConfig::sslConfiguration(const QSslConfiguration& base) const
{
    QSslConfiguration config = base;
    if (!m_trusted.isEmpty())
        config.addCaCertificates(m_trusted);
    return config;
}

void NetworkConfig::apply(QWebSocket* socket, const QUrl& url) const
{
    socket->setProxy(proxiesFor(url).constFirst());
    socket->setSslConfiguration(sslConfiguration(socket->sslConfiguration()));
}

void NetworkConfig::apply(QSslSocket* socket, const QUrl& url) const
{
    socket->setProxy(proxiesFor(url).constFirst());
    socket->setSslConfiguration(sslConfiguration(socket->sslConfiguration()));
}

bool NetworkConfig::operator==(const NetworkConfig& other) const
{
    return m_proxyMode == other.m_proxyMode && m_manualProxy == other.m_manualProxy && m_trusted == other.m_trusted;
}

namespace {

/// Hands a NetworkManager's requests the proxies of its NetworkConfig (owned by the manager).
class ConfigProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit ConfigProxyFactory(NetworkConfig config)
        : m_config(std::move(config))
    {
    }
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override
    {
        return m_config.proxiesFor(query.url());
    }

private:
    NetworkConfig m_config;
};

} // namespace

NetworkManager::NetworkManager(QObject* parent)
    : QNetworkAccessManager(parent)
{
    qRegisterMetaType<settings::TlsProblem>();
    setNetworkConfig(NetworkConfig());
    connect(this, &QNetworkAccessManager::sslErrors, this,
            [this](QNetworkReply* reply, const QList<QSslError>& errors) {
                // Not ignored: the reply fails with a TLS error after this. Only the user is told, with the details.
                const TlsProblem problem =
                    TlsProblem::from(reply->url(), errors, reply->sslConfiguration().peerCertificate());
                qCWarning(lcForum).noquote()
                    << "certificate problem with" << problem.host << "-" << problem.errors.join(u"; ");
                emit tlsProblem(problem);
            });
}

void NetworkManager::setNetworkConfig(const NetworkConfig& config)
{
    const bool changed = !(config == m_config);
    m_config = config;
    setProxyFactory(new ConfigProxyFactory(config));
    // Connections already open keep the trust they were made with; new requests must not reuse them.
    clearConnectionCache();
    if (changed)
        emit networkConfigChanged(m_config);
}

QNetworkReply* NetworkManager::createRequest(Operation op, const QNetworkRequest& request, QIODevice* outgoingData)
{
    if (request.url().scheme() != u"https" || m_config.trustedCertificates().isEmpty())
        return QNetworkAccessManager::createRequest(op, request, outgoingData);
    QNetworkRequest trusted = request;
    trusted.setSslConfiguration(m_config.sslConfiguration(request.sslConfiguration()));
    return QNetworkAccessManager::createRequest(op, trusted, outgoingData);
}

} // namespace settings
