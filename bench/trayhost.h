// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/privatebus.h"

#include <QDBusConnection>
#include <QDBusContext>
#include <QHash>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <memory>

namespace bench {

/// A minimal org.kde.StatusNotifierWatcher with a host registered: what KDE, GNOME's AppIndicator extension and most
/// other desktops with a tray run. Qt (QGenericUnixTheme on xcb) then uses its D-Bus tray icon, and
/// QSystemTrayIcon::isSystemTrayAvailable() is true. Records which processes registered an item.
class StatusNotifierWatcher
    : public QObject
    , protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ isHostRegistered)
    Q_PROPERTY(int ProtocolVersion READ protocolVersion)
    Q_PROPERTY(QStringList RegisteredStatusNotifierItems READ registeredItems)

public:
    using QObject::QObject;

    bool isHostRegistered() const { return true; }
    int protocolVersion() const { return 0; }
    QStringList registeredItems() const { return m_items; }
    /// How many items the process `pid` registered.
    int itemsOf(qint64 pid) const { return m_itemsByPid.value(pid); }

public slots:
    void RegisterStatusNotifierItem(const QString& service);
    void RegisterStatusNotifierHost(const QString& service);

signals:
    void StatusNotifierItemRegistered(const QString& service);
    void StatusNotifierItemUnregistered(const QString& service);
    void StatusNotifierHostRegistered();
    void StatusNotifierHostUnregistered();

private:
    QStringList m_items;
    QHash<qint64, int> m_itemsByPid;
};

/// A desktop with a tray, for the programs under test: an Xvfb display and a private session bus on which a
/// StatusNotifierWatcher (with a host) is registered. Stops both when destroyed.
class TrayDesktop
{
public:
    TrayDesktop() = default;
    ~TrayDesktop();
    Q_DISABLE_COPY_MOVE(TrayDesktop)

    /// Whether Xvfb and dbus-daemon are installed.
    static bool isAvailable();
    /// Starts Xvfb, the bus and the watcher; false (with `error` set) if any of them did not come up.
    bool start(QString* error);

    QString display() const { return m_display; }
    QString busAddress() const { return m_bus.address(); }
    const StatusNotifierWatcher& watcher() const { return m_watcher; }

private:
    QProcess m_xvfb;
    QString m_display;
    PrivateBus m_bus;
    QString m_connectionName;
    StatusNotifierWatcher m_watcher;
};

} // namespace bench
