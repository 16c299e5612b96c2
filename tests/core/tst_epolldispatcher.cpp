// SPDX-License-Identifier: GPL-3.0-or-later
// The epoll event dispatcher of `serve` (core/server/epolldispatcher.h), installed for this whole test as serve
// installs it: before the QCoreApplication.
#include "core/server/epolldispatcher.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

/// Both ends of a Unix stream socket pair, closed on destruction.
struct SocketPair
{
    int fds[2] = {-1, -1};
    SocketPair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0); }
    ~SocketPair()
    {
        for (const int fd : fds) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    Q_DISABLE_COPY_MOVE(SocketPair)
    void send(int end = 1) const { QCOMPARE(::write(fds[end], "x", 1), 1); }
    void drain(int end = 0) const
    {
        char buffer[256];
        while (::read(fds[end], buffer, sizeof buffer) > 0) {
        }
    }
    void closeEnd(int end)
    {
        ::close(fds[end]);
        fds[end] = -1;
    }
};

/// Runs the event loop for a few turns without waiting (for "nothing happens" checks).
void spinWithoutWaiting()
{
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

server::EpollEventDispatcher* dispatcher()
{
    return qobject_cast<server::EpollEventDispatcher*>(QCoreApplication::eventDispatcher());
}

class PostedEvent final : public QEvent
{
public:
    static constexpr auto eventType = QEvent::Type(QEvent::User + 24);
    PostedEvent()
        : QEvent(eventType)
    {
    }
};

class Receiver final : public QObject
{
public:
    QList<int> seen;
    bool event(QEvent* event) override
    {
        if (event->type() == PostedEvent::eventType) {
            seen.append(int(event->type()));
            return true;
        }
        return QObject::event(event);
    }
};

/// Counts its timer events, and can run a nested loop in the first one.
class TimerCounter final : public QObject
{
public:
    int events = 0;
    int reentered = 0;
    bool inside = false;
    std::function<void()> onFirst;
    void timerEvent(QTimerEvent*) override
    {
        if (inside)
            ++reentered;
        ++events;
        if (events == 1 && onFirst) {
            inside = true;
            onFirst();
            inside = false;
        }
    }
};

/// Deletes itself in its first timer event.
class SelfDeleting final : public QObject
{
public:
    void timerEvent(QTimerEvent*) override { delete this; }
};

} // namespace

class TstEpollDispatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void installedForTheWholeProcess()
    {
        QVERIFY(dispatcher());
        QVERIFY(dispatcher()->isValid());
    }

    void readNotifierFiresWhileDataWaits()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        spinWithoutWaiting();
        QCOMPARE(activated.count(), 0);
        pair.send();
        QTRY_VERIFY(activated.count() >= 1);
        // Level-triggered like poll(): again while unread, never once drained.
        const int before = int(activated.count());
        spinWithoutWaiting();
        QVERIFY(activated.count() > before);
        pair.drain();
        spinWithoutWaiting();
        const int drained = int(activated.count());
        spinWithoutWaiting();
        QCOMPARE(activated.count(), drained);
    }

    void disabledNotifierStaysQuiet()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        notifier.setEnabled(false);
        pair.send();
        spinWithoutWaiting();
        QCOMPARE(activated.count(), 0);
        QCOMPARE(dispatcher()->watchedSocketCount(), 0);
        notifier.setEnabled(true);
        QTRY_VERIFY(activated.count() >= 1);
        // Disabled and enabled again within one turn: no change reaches the kernel, still works.
        pair.drain();
        notifier.setEnabled(false);
        notifier.setEnabled(true);
        pair.send();
        const int before = int(activated.count());
        QTRY_VERIFY(activated.count() > before);
    }

    void writeNotifierFiresWhileThereIsRoom()
    {
        SocketPair pair;
        QSocketNotifier writer(pair.fds[0], QSocketNotifier::Write);
        QSocketNotifier reader(pair.fds[0], QSocketNotifier::Read);
        QSignalSpy writable(&writer, &QSocketNotifier::activated);
        QSignalSpy readable(&reader, &QSocketNotifier::activated);
        QTRY_VERIFY(writable.count() >= 1);
        QCOMPARE(readable.count(), 0);
        // The read half of the same descriptor keeps working when the write half goes.
        writer.setEnabled(false);
        spinWithoutWaiting();
        const int written = int(writable.count());
        pair.send();
        QTRY_VERIFY(readable.count() >= 1);
        QCOMPARE(writable.count(), written);
        // Full socket: not writable until the peer reads.
        pair.drain();
        char block[4096] = {};
        while (::write(pair.fds[0], block, sizeof block) > 0) {
        }
        writer.setEnabled(true);
        spinWithoutWaiting();
        QCOMPARE(writable.count(), written);
        pair.drain(1);
        QTRY_VERIFY(writable.count() > written);
    }

    void exceptionNotifierSeesUrgentData()
    {
        // TCP out-of-band data is what poll() reports as POLLPRI.
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(listener >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr*>(&address), length), 0);
        QCOMPARE(::listen(listener, 1), 0);
        QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
        const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QCOMPARE(::connect(client, reinterpret_cast<sockaddr*>(&address), length), 0);
        const int accepted = ::accept(listener, nullptr, nullptr);
        QVERIFY(accepted >= 0);
        {
            QSocketNotifier exception(accepted, QSocketNotifier::Exception);
            QSignalSpy urgent(&exception, &QSocketNotifier::activated);
            spinWithoutWaiting();
            QCOMPARE(urgent.count(), 0);
            QCOMPARE(::send(client, "!", 1, MSG_OOB), 1);
            QTRY_VERIFY(urgent.count() >= 1);
        }
        ::close(accepted);
        ::close(client);
        ::close(listener);
    }

    void hangUpWakesTheReader()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        pair.closeEnd(1);
        QTRY_VERIFY(activated.count() >= 1);
        char byte = 0;
        QCOMPARE(::read(pair.fds[0], &byte, 1), 0); // end of stream
    }

    void onlyTheReadySocketOfManyFires()
    {
        std::vector<std::unique_ptr<SocketPair>> pairs;
        std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
        int fired = 0;
        int wrongOne = 0;
        for (int i = 0; i < 300; ++i) {
            pairs.push_back(std::make_unique<SocketPair>());
            notifiers.push_back(std::make_unique<QSocketNotifier>(pairs.back()->fds[0], QSocketNotifier::Read));
            connect(notifiers.back().get(), &QSocketNotifier::activated, this, [&fired, &wrongOne, i, &pairs] {
                if (i == 123) {
                    ++fired;
                    pairs[std::size_t(i)]->drain();
                } else {
                    ++wrongOne;
                }
            });
        }
        QCOMPARE(dispatcher()->watchedSocketCount(), 300);
        pairs[123]->send();
        QTRY_COMPARE(fired, 1);
        spinWithoutWaiting();
        QCOMPARE(wrongOne, 0);
        notifiers.clear();
        QCOMPARE(dispatcher()->watchedSocketCount(), 0);
    }

    void notifierUnregisteredDuringActivationIsNotActivated()
    {
        // Both ready in the same wait; whichever runs first deletes the other.
        SocketPair first;
        SocketPair second;
        auto* a = new QSocketNotifier(first.fds[0], QSocketNotifier::Read);
        auto* b = new QSocketNotifier(second.fds[0], QSocketNotifier::Read);
        QPointer<QSocketNotifier> guardA(a);
        QPointer<QSocketNotifier> guardB(b);
        int activations = 0;
        connect(a, &QSocketNotifier::activated, this, [&] {
            ++activations;
            delete guardB.data();
            first.drain();
        });
        connect(b, &QSocketNotifier::activated, this, [&] {
            ++activations;
            delete guardA.data();
            second.drain();
        });
        first.send();
        second.send();
        // One blocking turn sees both sockets.
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCOMPARE(activations, 1);
        QVERIFY(guardA.isNull() != guardB.isNull());
        delete guardA.data();
        delete guardB.data();
    }

    void reusedDescriptorNumberIsWatchedAgain()
    {
        // A socket closed right after its notifier went, and a new one given the same number in the same turn.
        auto pair = std::make_unique<SocketPair>();
        const int number = pair->fds[0];
        {
            QSocketNotifier old(number, QSocketNotifier::Read);
            spinWithoutWaiting();
        }
        pair.reset();
        SocketPair fresh;
        if (fresh.fds[0] != number) { // usually the kernel gives the lowest free number, this one, anyway
            QCOMPARE(::dup2(fresh.fds[0], number), number);
            ::close(fresh.fds[0]);
            fresh.fds[0] = number;
        }
        QSocketNotifier notifier(number, QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        fresh.send();
        QTRY_VERIFY(activated.count() >= 1);
    }

    void excludedNotifiersWaitForTheirTurn()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        pair.send();
        for (int i = 0; i < 3; ++i)
            QCoreApplication::processEvents(QEventLoop::ExcludeSocketNotifiers);
        QCOMPARE(activated.count(), 0);
        QTRY_VERIFY(activated.count() >= 1);
    }

    void qtSocketsTalk()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_VERIFY(server.hasPendingConnections());
        std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        const QByteArray big(256 * 1024, 'z'); // more than one write: the write notifier must come and go
        client.write(big);
        QByteArray received;
        connect(accepted.get(), &QTcpSocket::readyRead, this, [&] { received += accepted->readAll(); });
        QTRY_COMPARE(received.size(), big.size());
        QCOMPARE(received, big);
        client.disconnectFromHost();
        QTRY_COMPARE(accepted->state(), QAbstractSocket::UnconnectedState);
    }

    void timersFireInDueOrder()
    {
        QStringList order;
        const auto add = [&](int ms, Qt::TimerType type, const QString& name) {
            QTimer::singleShot(ms, type, this, [&order, name] { order.append(name); });
        };
        add(1200, Qt::VeryCoarseTimer, QStringLiteral("very coarse 1200"));
        add(300, Qt::CoarseTimer, QStringLiteral("coarse 300"));
        add(60, Qt::PreciseTimer, QStringLiteral("precise 60"));
        add(30, Qt::PreciseTimer, QStringLiteral("precise 30 a"));
        add(30, Qt::PreciseTimer, QStringLiteral("precise 30 b"));
        add(5, Qt::CoarseTimer, QStringLiteral("coarse 5"));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 6, 10000);
        QCOMPARE(order, (QStringList{QStringLiteral("coarse 5"), QStringLiteral("precise 30 a"),
                                     QStringLiteral("precise 30 b"), QStringLiteral("precise 60"),
                                     QStringLiteral("coarse 300"), QStringLiteral("very coarse 1200")}));
        QCOMPARE(dispatcher()->timerCount(), 0);
    }

    void remainingTimeStaysWithinTheTimerTypesAccuracy()
    {
        QObject owner;
        const int precise = owner.startTimer(10000, Qt::PreciseTimer);
        const int coarse = owner.startTimer(10000, Qt::CoarseTimer);
        const int veryCoarse = owner.startTimer(10000, Qt::VeryCoarseTimer);
        const int left = dispatcher()->remainingTime(precise);
        QVERIFY2(left > 5000 && left <= 10000, qPrintable(QString::number(left)));
        QVERIFY(dispatcher()->remainingTime(coarse) <= 10500); // 5%
        QVERIFY(dispatcher()->remainingTime(coarse) > 5000);
        QVERIFY(dispatcher()->remainingTime(veryCoarse) <= 10500); // half a second either way
        QVERIFY(dispatcher()->remainingTime(veryCoarse) > 5000);
        QCOMPARE(dispatcher()->remainingTime(987654), -1);

        const QList<QAbstractEventDispatcher::TimerInfo> timers = dispatcher()->registeredTimers(&owner);
        QCOMPARE(timers.size(), 3);
        for (const auto& info : timers) {
            QCOMPARE(info.interval, 10000);
            QCOMPARE(info.timerType, info.timerId == precise  ? Qt::PreciseTimer
                                     : info.timerId == coarse ? Qt::CoarseTimer
                                                              : Qt::VeryCoarseTimer);
        }
        owner.killTimer(coarse);
        QCOMPARE(dispatcher()->registeredTimers(&owner).size(), 2);
        QCOMPARE(dispatcher()->remainingTime(coarse), -1);
        QVERIFY(dispatcher()->unregisterTimers(&owner));
        QVERIFY(dispatcher()->registeredTimers(&owner).isEmpty());
        QVERIFY(!dispatcher()->unregisterTimers(&owner));
        QCOMPARE(dispatcher()->timerCount(), 0);
    }

    void zeroTimersShareTheLoop()
    {
        // A zero timer fires once per turn and never starves posted events, sockets or other timers.
        TimerCounter zero;
        const int id = zero.startTimer(0);
        Receiver receiver;
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        bool timerFired = false;
        QTimer::singleShot(20, this, [&timerFired] { timerFired = true; });
        QCoreApplication::postEvent(&receiver, new PostedEvent);
        pair.send();
        QTRY_VERIFY(timerFired && !receiver.seen.isEmpty() && activated.count() > 0);
        QVERIFY(zero.events > 1);
        // Excluding timers leaves it alone.
        const int events = zero.events;
        QCoreApplication::processEvents(QEventLoop::X11ExcludeTimers);
        QCOMPARE(zero.events, events);
        zero.killTimer(id);
    }

    void postedEventsAndDeleteLater()
    {
        Receiver receiver;
        QCoreApplication::postEvent(&receiver, new PostedEvent);
        QCoreApplication::postEvent(&receiver, new PostedEvent);
        QCoreApplication::processEvents();
        QCOMPARE(receiver.seen.size(), 2);

        // deleteLater() from a slot of a running loop: gone before the loop's next queued call.
        QEventLoop loop;
        QPointer<QObject> doomed(new QObject);
        bool deletedInTime = false;
        QMetaObject::invokeMethod(
            &loop,
            [&] {
                doomed->deleteLater();
                QMetaObject::invokeMethod(
                    &loop,
                    [&] {
                        deletedInTime = doomed.isNull();
                        loop.quit();
                    },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
        loop.exec();
        QVERIFY(deletedInTime);
    }

    void wakeUpFromAnotherThreadEndsTheWait()
    {
        // Without the wake-up the wait below would last until the 60 s guard timer.
        bool guardFired = false;
        QTimer guard;
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, this, [&guardFired] { guardFired = true; });
        guard.start(60000);
        std::atomic<bool> started{false};
        std::thread other([&started] {
            while (!started.load())
                std::this_thread::yield();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            QCoreApplication::eventDispatcher()->wakeUp();
        });
        started = true;
        QCoreApplication::eventDispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        other.join();
        QVERIFY(!guardFired);

        // A queued call from another thread, into a running loop.
        QEventLoop loop;
        std::thread poster([&loop] { QMetaObject::invokeMethod(&loop, "quit", Qt::QueuedConnection); });
        loop.exec();
        poster.join();
        QVERIFY(!guardFired);
    }

    void interruptEndsTheTurn()
    {
        bool guardFired = false;
        QTimer guard;
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, this, [&guardFired] { guardFired = true; });
        guard.start(60000);
        std::thread other([] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            QCoreApplication::eventDispatcher()->interrupt();
        });
        const bool handled = QCoreApplication::eventDispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        other.join();
        QVERIFY(!guardFired);
        Q_UNUSED(handled);
        // Interrupted before the wait (a handler quits the loop): the turn returns without blocking.
        QEventLoop loop;
        QTimer::singleShot(0, &loop, &QEventLoop::quit);
        QCOMPARE(loop.exec(), 0);
        QVERIFY(!guardFired);
    }

    void nestedLoopInsideATimerHandler()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        int readsInNestedLoop = 0;
        TimerCounter counter;
        bool nestedDone = false;
        counter.onFirst = [&] {
            // The repeating timer that runs this must not fire again inside; sockets and other timers still work.
            QEventLoop nested;
            connect(&notifier, &QSocketNotifier::activated, &nested, [&] {
                ++readsInNestedLoop;
                pair.drain();
                QTimer::singleShot(100, &nested, &QEventLoop::quit);
            });
            pair.send();
            nested.exec();
            nestedDone = true;
        };
        const int id = counter.startTimer(5, Qt::PreciseTimer);
        QTRY_VERIFY(nestedDone && counter.events >= 3);
        QCOMPARE(counter.reentered, 0);
        QVERIFY(readsInNestedLoop >= 1);
        counter.killTimer(id);
    }

    void timerHandlerThatKillsOrDeletesItsOwner()
    {
        const int before = dispatcher()->timerCount();
        QPointer<QObject> selfDeleting(new SelfDeleting);
        selfDeleting->startTimer(0);
        // Two timers due in the same turn: the first one's handler kills the second before its turn.
        TimerCounter killer;
        TimerCounter victim;
        killer.startTimer(0);
        const int victimId = victim.startTimer(0);
        killer.onFirst = [&] { victim.killTimer(victimId); };
        QTRY_VERIFY(selfDeleting.isNull());
        QVERIFY(killer.events >= 1);
        spinWithoutWaiting();
        QCOMPARE(victim.events, 0);
        QCOMPARE(dispatcher()->timerCount(), before + 1); // the killer's own
    }
};

int main(int argc, char** argv)
{
    QCoreApplication::setEventDispatcher(new server::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TstEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
