// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace app {

/// SIGTERM and SIGINT as a Qt signal, for the headless modes: the handler only writes the signal number into a
/// pipe (async-signal-safe); a QSocketNotifier turns it into stopRequested() on the event loop. One instance at a
/// time; the previous handlers come back when it is destroyed.
class StopSignals : public QObject
{
    Q_OBJECT

public:
    explicit StopSignals(QObject* parent = nullptr);
    ~StopSignals() override;
    Q_DISABLE_COPY_MOVE(StopSignals)

    /// False when the pipe or the handlers could not be set up (the default handlers stay then).
    bool isActive() const { return m_notifier != nullptr; }

Q_SIGNALS:
    /// `count` is 1 for the first signal, 2 for the second, and so on.
    void stopRequested(int signalNumber, int count);

private:
    QSocketNotifier* m_notifier = nullptr;
    int m_count = 0;
};

} // namespace app
