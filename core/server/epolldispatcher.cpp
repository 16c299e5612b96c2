// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/epolldispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <cerrno>
#include <climits>
#include <ctime>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace server {

namespace {

constexpr int maxEventsPerWait = 256;
constexpr qint64 nsPerMs = 1'000'000;

qint64 monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

quint32 eventsFor(QSocketNotifier* const* notifiers)
{
    quint32 events = 0;
    if (notifiers[QSocketNotifier::Read])
        events |= EPOLLIN;
    if (notifiers[QSocketNotifier::Write])
        events |= EPOLLOUT;
    if (notifiers[QSocketNotifier::Exception])
        events |= EPOLLPRI;
    return events;
}

const char* typeName(QSocketNotifier::Type type)
{
    switch (type) {
    case QSocketNotifier::Read:
        return "Read";
    case QSocketNotifier::Write:
        return "Write";
    case QSocketNotifier::Exception:
        return "Exception";
    }
    return "?";
}

/// Rounds `ns` up to a multiple of `stepMs` milliseconds.
qint64 roundUp(qint64 ns, qint64 stepMs)
{
    const qint64 step = stepMs * nsPerMs;
    return (ns + step - 1) / step * step;
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject* parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wake < 0) {
        qErrnoWarning("EpollEventDispatcher: epoll_create1/eventfd");
        return;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wake;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0)
        qErrnoWarning("EpollEventDispatcher: epoll_ctl(eventfd)");
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool timers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool notifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted.loadRelaxed();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;

    int timeoutMs = canWait ? -1 : 0;
    if (canWait && timers && !m_queue.empty()) {
        // Rounded up: waking before a timer is due would only mean another wait.
        const qint64 leftNs = m_queue.begin()->dueNs - monotonicNs();
        timeoutMs = leftNs <= 0 ? 0 : int(std::min<qint64>((leftNs + nsPerMs - 1) / nsPerMs, INT_MAX));
    }
    if (notifiers && m_alwaysReady > 0)
        timeoutMs = 0;

    std::vector<QSocketNotifier*> ready;
    int handled = wait(timeoutMs, notifiers, &ready);
    if (notifiers)
        handled += activateSocketNotifiers(&ready);
    if (timers)
        handled += activateTimers();
    return handled > 0;
}

int EpollEventDispatcher::wait(int timeoutMs, bool notifiers, std::vector<QSocketNotifier*>* ready)
{
    if (!notifiers) {
        // Only a wake-up or a timer may end this wait: epoll would report the (level-triggered) sockets at once.
        pollfd wake{m_wake, POLLIN, 0};
        const int n = ::poll(&wake, 1, timeoutMs);
        if (n > 0) {
            drainWakeUps();
            return 1;
        }
        if (n < 0 && errno != EINTR)
            qErrnoWarning("EpollEventDispatcher: poll");
        return 0;
    }

    applyChanges();
    epoll_event events[maxEventsPerWait];
    const int n = epoll_wait(m_epoll, events, maxEventsPerWait, timeoutMs);
    if (n < 0) {
        if (errno != EINTR)
            qErrnoWarning("EpollEventDispatcher: epoll_wait");
        return 0;
    }
    int handled = 0;
    ready->reserve(std::size_t(n) + std::size_t(m_alwaysReady));
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wake) {
            drainWakeUps();
            ++handled;
            continue;
        }
        const auto watch = m_watches.constFind(fd);
        if (watch == m_watches.cend())
            continue; // unregistered since the set was last brought in line
        const quint32 got = events[i].events;
        // As Qt's poll() dispatcher: a hang-up or an error wakes the reader (which then sees the end), and the
        // writer too, so a socket with only a write notifier left cannot make every wait return at once.
        if ((got & (EPOLLIN | EPOLLHUP | EPOLLERR)) && watch->notifiers[QSocketNotifier::Read])
            ready->push_back(watch->notifiers[QSocketNotifier::Read]);
        if ((got & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && watch->notifiers[QSocketNotifier::Write])
            ready->push_back(watch->notifiers[QSocketNotifier::Write]);
        if ((got & EPOLLPRI) && watch->notifiers[QSocketNotifier::Exception])
            ready->push_back(watch->notifiers[QSocketNotifier::Exception]);
    }
    if (m_alwaysReady > 0) {
        for (const Watch& watch : std::as_const(m_watches)) {
            if (!watch.alwaysReady)
                continue;
            for (QSocketNotifier* notifier : watch.notifiers) {
                if (notifier && notifier->type() != QSocketNotifier::Exception)
                    ready->push_back(notifier);
            }
        }
    }
    return handled;
}

void EpollEventDispatcher::drainWakeUps()
{
    eventfd_t value = 0;
    while (eventfd_read(m_wake, &value) == 0) {
    }
    // After the read: a wakeUp() racing with this writes again, and what it announced was posted before it, so the
    // next turn's sendPostedEvents() sees it either way.
    m_wakePending.storeRelease(0);
}

int EpollEventDispatcher::activateSocketNotifiers(std::vector<QSocketNotifier*>* ready)
{
    if (ready->empty())
        return 0;
    // unregisterSocketNotifier() clears entries of this list, so a notifier deleted by an earlier one's handler is
    // never touched.
    m_activating.push_back(ready);
    int activated = 0;
    for (QSocketNotifier*& entry : *ready) {
        QSocketNotifier* notifier = entry;
        if (!notifier)
            continue;
        entry = nullptr;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    m_activating.pop_back();
    return activated;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const auto fd = int(notifier->socket());
    const QSocketNotifier::Type type = notifier->type();
    if (fd < 0) {
        qWarning("EpollEventDispatcher: invalid socket %d", fd);
        return;
    }
    Watch& watch = m_watches[fd];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier)
        qWarning("EpollEventDispatcher: multiple socket notifiers for socket %d and type %s", fd, typeName(type));
    watch.notifiers[type] = notifier;
    if (!watch.dirty) {
        watch.dirty = true;
        m_dirty.push_back(fd);
    }
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const auto fd = int(notifier->socket());
    const QSocketNotifier::Type type = notifier->type();
    for (std::vector<QSocketNotifier*>* batch : m_activating) {
        for (QSocketNotifier*& entry : *batch) {
            if (entry == notifier)
                entry = nullptr;
        }
    }
    const auto watch = m_watches.find(fd);
    if (watch == m_watches.end() || watch->notifiers[type] != notifier)
        return;
    watch->notifiers[type] = nullptr;
    if (!watch->notifiers[0] && !watch->notifiers[1] && !watch->notifiers[2]) {
        // At once, not at the next wait: the descriptor is usually closed next, and a new socket may get its
        // number before then.
        forgetWatch(fd);
        return;
    }
    if (!watch->dirty) {
        watch->dirty = true;
        m_dirty.push_back(fd);
    }
}

void EpollEventDispatcher::forgetWatch(int fd)
{
    const auto watch = m_watches.find(fd);
    if (watch == m_watches.end())
        return;
    if (watch->kernelEvents != 0)
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); // fails harmlessly when the descriptor is already closed
    if (watch->alwaysReady)
        --m_alwaysReady;
    m_watches.erase(watch);
}

void EpollEventDispatcher::applyChanges()
{
    for (const int fd : m_dirty) {
        const auto watch = m_watches.find(fd);
        if (watch == m_watches.end() || !watch->dirty)
            continue;
        watch->dirty = false;
        if (watch->alwaysReady)
            continue;
        const quint32 wanted = eventsFor(watch->notifiers);
        if (wanted == watch->kernelEvents)
            continue;
        epoll_event event{};
        event.events = wanted;
        event.data.fd = fd;
        int rc = epoll_ctl(m_epoll, watch->kernelEvents ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
        if (rc != 0 && errno == ENOENT)
            rc = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        else if (rc != 0 && errno == EEXIST)
            rc = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
        if (rc == 0) {
            watch->kernelEvents = wanted;
        } else if (errno == EPERM) {
            // A regular file or a directory: poll() calls it ready for reading and writing at all times.
            watch->alwaysReady = true;
            ++m_alwaysReady;
        } else {
            qWarning("EpollEventDispatcher: cannot watch socket %d (%s)", fd, qPrintable(qt_error_string(errno)));
        }
    }
    m_dirty.clear();
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object)
{
    if (timerId < 1 || interval < 0 || !object) {
        qWarning("EpollEventDispatcher::registerTimer: invalid arguments");
        return;
    }
    Timer timer;
    timer.key.id = timerId;
    timer.intervalMs = interval;
    timer.type = timerType;
    timer.object = object;
    timer.serial = ++m_nextSerial;
    const auto old = m_timers.constFind(timerId);
    if (old != m_timers.cend()) {
        // Qt never does this; keep the books straight if someone does.
        m_queue.erase(old->key);
        m_timersByObject.remove(old->object, timerId);
    }
    Timer& stored = m_timers[timerId] = timer;
    m_timersByObject.insert(object, timerId);
    schedule(&stored, monotonicNs(), true);
}

void EpollEventDispatcher::schedule(Timer* timer, qint64 nowNs, bool first)
{
    const qint64 interval = timer->intervalMs;
    Qt::TimerType type = timer->type;
    // Qt's rule: below 20 ms 5% is under a millisecond, from 20 s on it is over a second.
    if (type == Qt::CoarseTimer && interval <= 20)
        type = Qt::PreciseTimer;
    else if (type == Qt::CoarseTimer && interval >= 20'000)
        type = Qt::VeryCoarseTimer;
    if (interval == 0)
        type = Qt::PreciseTimer;

    qint64 due = 0;
    switch (type) {
    case Qt::PreciseTimer:
        // Without drift: from the previous due time, unless that fell behind.
        due = first ? nowNs + interval * nsPerMs : timer->key.dueNs + interval * nsPerMs;
        if (due < nowNs)
            due = nowNs + interval * nsPerMs;
        break;
    case Qt::CoarseTimer: {
        // Up to 5% late, on a round boundary, so that timers of similar length share a wake-up.
        qint64 step = 1;
        for (const qint64 candidate : {500, 250, 100, 50, 25, 10, 5}) {
            if (candidate * 20 <= interval) {
                step = candidate;
                break;
            }
        }
        due = roundUp(nowNs + interval * nsPerMs, step);
        break;
    }
    case Qt::VeryCoarseTimer: {
        // Whole seconds (at least one), due on a full second of the clock: within half a second either way.
        const qint64 seconds = std::max<qint64>(1, (interval + 500) / 1000);
        const qint64 second = 1000 * nsPerMs;
        due = (nowNs + seconds * second + second / 2) / second * second;
        break;
    }
    }
    if (!first)
        m_queue.erase(timer->key);
    timer->key.dueNs = due;
    timer->key.order = ++m_nextOrder;
    m_queue.insert(timer->key);
}

int EpollEventDispatcher::activateTimers()
{
    if (m_queue.empty())
        return 0;
    const qint64 now = monotonicNs();
    if (m_queue.begin()->dueNs > now)
        return 0;
    // The due ones as they stand now: a handler may add, remove or re-add timers; those wait for the next turn.
    struct Due
    {
        int id;
        quint64 order;
    };
    QVarLengthArray<Due, 32> due;
    for (auto it = m_queue.cbegin(); it != m_queue.cend() && it->dueNs <= now; ++it)
        due.append({it->id, it->order});

    int activated = 0;
    for (const Due& entry : std::as_const(due)) {
        const auto found = m_timers.find(entry.id);
        if (found == m_timers.end() || found->key.order != entry.order)
            continue; // unregistered or rescheduled by an earlier handler
        schedule(&*found, now, false);
        if (found->intervalMs > 0)
            ++activated;
        if (found->firing)
            continue;
        found->firing = true;
        const quint64 serial = found->serial;
        QObject* object = found->object;
        QTimerEvent event(entry.id);
        QCoreApplication::sendEvent(object, &event);
        // The handler may have killed it, deleted its object, or even registered a new timer under the same id.
        const auto after = m_timers.find(entry.id);
        if (after != m_timers.end() && after->serial == serial)
            after->firing = false;
    }
    return activated;
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto found = m_timers.find(timerId);
    if (found == m_timers.end())
        return false;
    m_queue.erase(found->key);
    m_timersByObject.remove(found->object, timerId);
    m_timers.erase(found);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    const QList<int> ids = m_timersByObject.values(object);
    if (ids.isEmpty())
        return false;
    for (const int id : ids) {
        const auto found = m_timers.find(id);
        if (found == m_timers.end())
            continue;
        m_queue.erase(found->key);
        m_timers.erase(found);
    }
    m_timersByObject.remove(object);
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject* object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timersByObject.constFind(object); it != m_timersByObject.cend() && it.key() == object; ++it) {
        const auto found = m_timers.constFind(it.value());
        if (found != m_timers.cend())
            timers.append(TimerInfo(it.value(), int(found->intervalMs), found->type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto found = m_timers.constFind(timerId);
    if (found == m_timers.cend())
        return -1;
    const qint64 leftNs = found->key.dueNs - monotonicNs();
    return leftNs <= 0 ? 0 : int(std::min<qint64>((leftNs + nsPerMs - 1) / nsPerMs, INT_MAX));
}

void EpollEventDispatcher::wakeUp()
{
    // One write per sleep, however many threads post.
    if (m_wakePending.testAndSetAcquire(0, 1))
        eventfd_write(m_wake, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

} // namespace server
