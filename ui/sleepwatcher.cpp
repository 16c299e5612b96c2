// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sleepwatcher.h"

#include "core/client/pushclient.h"
#include "core/logging.h"

namespace ui {

SleepWatcher::SleepWatcher(QObject* parent)
    : QObject(parent)
{
    if (client::systemBusMayExist())
        watch(QDBusConnection::systemBus());
    else
        qCDebug(lcUi) << "no system bus: sleep and resume are noticed by the push client's clocks only";
}

SleepWatcher::SleepWatcher(const QDBusConnection& bus, QObject* parent)
    : QObject(parent)
{
    watch(bus);
}

SleepWatcher::~SleepWatcher() = default;

void SleepWatcher::watch(QDBusConnection bus)
{
    if (!bus.isConnected())
        return;
    m_watching = bus.connect(QLatin1String(service), QLatin1String(path), QLatin1String(interface),
                             QStringLiteral("PrepareForSleep"), this, SLOT(onPrepareForSleep(bool)));
}

void SleepWatcher::onPrepareForSleep(bool sleeping)
{
    qCInfo(lcUi) << (sleeping ? "the system is going to sleep" : "the system woke up");
    if (sleeping)
        emit aboutToSleep();
    else
        emit resumed();
}

} // namespace ui
