// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/networkconfig.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QTcpSocket;

namespace settings {

/// The settings' "test connection" button: checks the forum step by step so the user learns *what* is wrong —
/// the name does not resolve, the server refuses, TLS fails, or the forum rejects the session id. Owned by the
/// settings dialog; one test at a time (a new test() cancels the running one).
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    enum class Result {
        Ok,        ///< reachable and logged in
        NoSession, ///< reachable; no session id to check yet
        Dns,       ///< the host name does not resolve
        Refused,   ///< nothing listens on the port
        Tls,       ///< TLS handshake or certificate failure
        Auth,      ///< the forum says the session id is not logged in
        Timeout,   ///< a step did not finish in time
        Other,     ///< anything else (bad answer, reset, …)
    };
    Q_ENUM(Result)

    explicit ConnectionTester(QNetworkAccessManager* network, QObject* parent = nullptr);
    ~ConnectionTester() override;

    void setStepTimeout(std::chrono::milliseconds timeout) { m_stepTimeout = timeout; }
    /// Proxy and trusted certificates of the connection step (the forum step uses the network manager's).
    void setNetworkConfig(const NetworkConfig& config) { m_networkConfig = config; }
    bool isRunning() const { return m_running; }

    /// Tests `site` (http or https) with `sid` (may be empty). Answers with finished().
    void test(const QUrl& site, const QString& sid);

    /// A user-facing sentence for a result (translated).
    static QString describe(Result result, const QString& detail);

Q_SIGNALS:
    void finished(settings::ConnectionTester::Result result, const QString& detail);

private:
    void connectTcp();
    void checkForum();
    void finish(Result result, const QString& detail = {});

    QNetworkAccessManager* m_network;
    NetworkConfig m_networkConfig;
    std::chrono::milliseconds m_stepTimeout{10'000};
    QUrl m_site;
    QString m_sid;
    QPointer<QTcpSocket> m_socket;
    QTimer m_timer;
    int m_lookupId = -1;
    int m_generation = 0;
    bool m_running = false;
};

} // namespace settings
