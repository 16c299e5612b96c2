// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <QMultiHash>

#include <set>
#include <vector>

class QSocketNotifier;

namespace server {

/// An event dispatcher (Linux) whose cost per wake-up does not grow with the number of idle connections, for
/// `hu60-notifier serve` and the server tests. Qt's UNIX dispatcher builds a pollfd for every socket notifier on
/// every wake-up and walks them all afterwards, so n idle clients that each ping once a minute cost O(n²) (5 000
/// clients: most of a core). Here sockets live in one epoll set whose interest list changes only when a notifier
/// does (level-triggered, so it behaves like poll()); changes are applied just before the next wait, so a write
/// notifier switched on and off within one turn costs no system call. Timers sit in an ordered set: a wake-up
/// touches only the timers that are due. Wake-ups from other threads go through an eventfd.
///
/// The semantics follow Qt's UNIX dispatcher: posted events are sent at the start of each processEvents() turn, a
/// timer is not re-entered while its own handler runs a nested event loop, a notifier unregistered during
/// activation is not activated afterwards, zero timers fire once per turn. Coarse timers keep 5% accuracy, very
/// coarse ones full seconds. Install it before the QCoreApplication (QCoreApplication::setEventDispatcher) or on
/// a QThread before it starts; the thread owns it.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    /// False when the kernel refused the epoll set or the eventfd (then nothing works: do not install it).
    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }
    /// Sockets with at least one registered notifier, and timers (for tests).
    int watchedSocketCount() const { return int(m_watches.size()); }
    int timerCount() const { return int(m_timers.size()); }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    /// Position in the timer queue: due time, then order of scheduling (unique), then the timer.
    struct TimerKey
    {
        qint64 dueNs = 0;
        quint64 order = 0;
        int id = 0;
        bool operator<(const TimerKey& other) const
        {
            return dueNs != other.dueNs ? dueNs < other.dueNs : order < other.order;
        }
    };
    struct Timer
    {
        TimerKey key;
        qint64 intervalMs = 0; ///< as registered
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        quint64 serial = 0;  ///< unique per registration: an id can be reused while its old handler runs
        bool firing = false; ///< its handler runs (maybe in a nested loop): not sent again until it returns
    };
    /// One file descriptor: its notifiers by QSocketNotifier::Type and the events the epoll set holds for it.
    struct Watch
    {
        QSocketNotifier* notifiers[3] = {};
        quint32 kernelEvents = 0;
        bool dirty = false;       ///< in m_dirty: the epoll set may differ from the notifiers
        bool alwaysReady = false; ///< epoll refused it (a regular file): ready on every turn, as poll() says
    };

    void schedule(Timer* timer, qint64 nowNs, bool first);
    int activateTimers();
    int activateSocketNotifiers(std::vector<QSocketNotifier*>* ready);
    /// Brings the epoll set in line with the notifiers of every changed descriptor.
    void applyChanges();
    void forgetWatch(int fd);
    /// Waits for descriptors (or only the eventfd); fills `ready` with the notifiers to activate.
    int wait(int timeoutMs, bool notifiers, std::vector<QSocketNotifier*>* ready);
    void drainWakeUps();

    int m_epoll = -1;
    int m_wake = -1;
    QAtomicInt m_wakePending;
    QAtomicInt m_interrupted;
    QHash<int, Watch> m_watches;
    std::vector<int> m_dirty;
    int m_alwaysReady = 0; ///< watches with alwaysReady set
    /// Notifier lists being activated (one per nested processEvents()); unregistering clears its entries there.
    std::vector<std::vector<QSocketNotifier*>*> m_activating;
    QHash<int, Timer> m_timers;
    QMultiHash<QObject*, int> m_timersByObject;
    std::set<TimerKey> m_queue;
    quint64 m_nextOrder = 0;
    quint64 m_nextSerial = 0;
};

} // namespace server
