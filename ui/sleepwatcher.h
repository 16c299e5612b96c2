// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDBusConnection>
#include <QObject>

namespace ui {

/// Follows systemd-logind's `PrepareForSleep(bool)` signal (org.freedesktop.login1.Manager on the system bus), so
/// the push connection is renewed the moment the machine wakes up instead of at the next keep-alive tick. Without a
/// system bus (containers, other init systems) it watches nothing and isWatching() is false: PushClient's own
/// clock comparison still notices a resume. Owned by the Application.
class SleepWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr auto service = "org.freedesktop.login1";
    static constexpr auto path = "/org/freedesktop/login1";
    static constexpr auto interface = "org.freedesktop.login1.Manager";

    /// Watches `bus`; the default is the system bus, and only if one can be there at all (no D-Bus thread is
    /// started in vain).
    explicit SleepWatcher(QObject* parent = nullptr);
    SleepWatcher(const QDBusConnection& bus, QObject* parent = nullptr);
    ~SleepWatcher() override;

    bool isWatching() const { return m_watching; }

Q_SIGNALS:
    void aboutToSleep();
    void resumed();

private Q_SLOTS:
    // QtDBus connects bus signals only to slots named by signature.
    void onPrepareForSleep(bool sleeping);

private:
    void watch(QDBusConnection bus);

    bool m_watching = false;
};

} // namespace ui
