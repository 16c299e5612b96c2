// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/connectiontester.h"

#include "core/forum/forumapi.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QSslSocket>
#include <QTcpSocket>

namespace settings {

ConnectionTester::ConnectionTester(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { finish(Result::Timeout); });
}

ConnectionTester::~ConnectionTester()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    if (m_socket)
        m_socket->abort();
}

void ConnectionTester::test(const QUrl& site, const QString& sid)
{
    if (m_running)
        finish(Result::Other, QStringLiteral("cancelled"));
    m_site = site;
    m_sid = sid;
    m_running = true;
    const int generation = ++m_generation;
    if (const QString refusal = siteRefusal(site); !refusal.isEmpty()) {
        // Never send the session id to a site that would carry it in clear text.
        QTimer::singleShot(0, this, [this, generation, refusal] {
            if (generation == m_generation)
                finish(Result::Other, refusal);
        });
        return;
    }
    m_timer.start(m_stepTimeout);
    m_lookupId = QHostInfo::lookupHost(site.host(), this, [this, generation](const QHostInfo& info) {
        if (generation != m_generation || !m_running)
            return;
        m_lookupId = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            finish(Result::Dns, info.errorString());
            return;
        }
        connectTcp();
    });
}

void ConnectionTester::connectTcp()
{
    const bool tls = m_site.scheme() == u"https";
    const quint16 port = quint16(m_site.port(tls ? 443 : 80));
    m_timer.start(m_stepTimeout);
    if (tls) {
        auto* socket = new QSslSocket(this);
        m_socket = socket;
        connect(socket, &QSslSocket::encrypted, this, [this, socket] {
            socket->abort();
            socket->deleteLater();
            checkForum();
        });
        connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError>& errors) {
            const TlsProblem problem = TlsProblem::from(m_site, errors, socket->peerCertificate());
            finish(Result::Tls, problem.details());
        });
        m_networkConfig.apply(socket, m_site);
        socket->connectToHostEncrypted(m_site.host(), port);
    } else {
        m_socket = new QTcpSocket(this);
        m_socket->setProxy(m_networkConfig.proxiesFor(m_site).constFirst());
        connect(m_socket, &QTcpSocket::connected, this, [this, socket = m_socket] {
            socket->abort();
            socket->deleteLater();
            checkForum();
        });
        m_socket->connectToHost(m_site.host(), port);
    }
    connect(m_socket, &QAbstractSocket::errorOccurred, this,
            [this, socket = m_socket](QAbstractSocket::SocketError error) {
                if (!m_running || socket != m_socket)
                    return;
                switch (error) {
                case QAbstractSocket::ConnectionRefusedError:
                    finish(Result::Refused, socket->errorString());
                    break;
                case QAbstractSocket::HostNotFoundError:
                    finish(Result::Dns, socket->errorString());
                    break;
                case QAbstractSocket::SslHandshakeFailedError:
                case QAbstractSocket::SslInternalError:
                case QAbstractSocket::SslInvalidUserDataError:
                    finish(Result::Tls, socket->errorString());
                    break;
                case QAbstractSocket::SocketTimeoutError:
                    finish(Result::Timeout, socket->errorString());
                    break;
                default:
                    finish(Result::Other, socket->errorString());
                    break;
                }
            });
}

void ConnectionTester::checkForum()
{
    m_socket = nullptr;
    m_timer.start(m_stepTimeout);
    auto* api = new forum::ForumApi(m_network, this);
    api->setSiteBase(m_site);
    api->setSid(m_sid);
    api->setTimeout(int(m_stepTimeout.count()));
    const int generation = m_generation;
    api->fetchStat(api, [this, api, generation](const std::optional<forum::Stat>& stat, const forum::Error& error) {
        api->deleteLater();
        if (generation != m_generation || !m_running)
            return;
        if (stat && stat->isLogin) {
            finish(Result::Ok, stat->name);
            return;
        }
        if ((stat && !stat->isLogin) || error.kind == forum::ErrorKind::NotLoggedIn) {
            finish(m_sid.isEmpty() ? Result::NoSession : Result::Auth);
            return;
        }
        if (error.kind == forum::ErrorKind::Timeout) {
            finish(Result::Timeout, error.message);
            return;
        }
        finish(error.message.contains(u"SSL", Qt::CaseInsensitive) ? Result::Tls : Result::Other, error.message);
    });
}

void ConnectionTester::finish(Result result, const QString& detail)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    m_timer.stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    emit finished(result, detail);
}

QString ConnectionTester::describe(Result result, const QString& detail)
{
    const QString suffix = detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail);
    switch (result) {
    case Result::Ok:
        return tr("Connected and logged in as %1.").arg(detail);
    case Result::NoSession:
        return tr("The forum is reachable. Log in to check your account.");
    case Result::Dns:
        return tr("The site's name could not be resolved (DNS). Check the address and your network.") + suffix;
    case Result::Refused:
        return tr("The server refused the connection: nothing listens at this address and port.") + suffix;
    case Result::Tls:
        return tr("The secure connection (TLS) failed: the certificate is not trusted or the handshake broke.") +
               suffix;
    case Result::Auth:
        return tr("The forum is reachable but does not accept your session. Log in again.");
    case Result::Timeout:
        return tr("The server did not answer in time.") + suffix;
    case Result::Other:
        break;
    }
    return tr("The connection test failed.") + suffix;
}

} // namespace settings
