// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/trayhost.h"

#include <QDBusConnectionInterface>
#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QStandardPaths>

namespace bench {

void StatusNotifierWatcher::RegisterStatusNotifierItem(const QString& service)
{
    // Qt names its item "org.kde.StatusNotifierItem-PID-N"; the sender's pid says the same without relying on it.
    qint64 pid = 0;
    if (calledFromDBus()) {
        const QDBusReply<uint> reply = connection().interface()->servicePid(message().service());
        if (reply.isValid())
            pid = reply.value();
    }
    if (pid == 0) {
        static const QRegularExpression name(QStringLiteral("^org\\.kde\\.StatusNotifierItem-(\\d+)-"));
        pid = name.match(service).captured(1).toLongLong();
    }
    m_items.append(service);
    ++m_itemsByPid[pid];
    emit StatusNotifierItemRegistered(service);
}

void StatusNotifierWatcher::RegisterStatusNotifierHost(const QString& service)
{
    Q_UNUSED(service)
    emit StatusNotifierHostRegistered();
}

TrayDesktop::~TrayDesktop()
{
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
    if (m_xvfb.state() != QProcess::NotRunning) {
        m_xvfb.terminate();
        if (!m_xvfb.waitForFinished(3000)) {
            m_xvfb.kill();
            m_xvfb.waitForFinished(3000);
        }
    }
}

bool TrayDesktop::isAvailable()
{
    return PrivateBus::isAvailable() && !QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty();
}

bool TrayDesktop::start(QString* error)
{
    // -displayfd: Xvfb picks a free display number and writes it once it accepts connections.
    m_xvfb.setProcessChannelMode(QProcess::SeparateChannels);
    m_xvfb.setStandardErrorFile(QProcess::nullDevice());
    m_xvfb.start(QStandardPaths::findExecutable(QStringLiteral("Xvfb")),
                 {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"), QStringLiteral("0"),
                  QStringLiteral("1280x800x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
    if (!m_xvfb.waitForStarted(5000)) {
        *error = QStringLiteral("Xvfb did not start");
        return false;
    }
    QDeadlineTimer deadline(10'000);
    while (!m_xvfb.canReadLine() && !deadline.hasExpired() && m_xvfb.state() == QProcess::Running)
        m_xvfb.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    bool ok = false;
    const int number = QString::fromLatin1(m_xvfb.readLine()).trimmed().toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("Xvfb printed no display number");
        return false;
    }
    m_display = QStringLiteral(":%1").arg(number);

    if (!m_bus.start(error))
        return false;
    m_connectionName = QStringLiteral("hu60-bench-tray-host");
    QDBusConnection bus = QDBusConnection::connectToBus(m_bus.address(), m_connectionName);
    if (!bus.isConnected()) {
        *error = QStringLiteral("cannot connect to the private bus: %1").arg(bus.lastError().message());
        return false;
    }
    if (!bus.registerObject(QStringLiteral("/StatusNotifierWatcher"), &m_watcher, QDBusConnection::ExportAllContents) ||
        !bus.registerService(QStringLiteral("org.kde.StatusNotifierWatcher"))) {
        *error = QStringLiteral("cannot register the StatusNotifierWatcher: %1").arg(bus.lastError().message());
        return false;
    }
    return true;
}

} // namespace bench
