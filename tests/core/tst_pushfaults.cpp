// SPDX-License-Identifier: GPL-3.0-or-later
// `serve --faults`: each injected failure of the real hu60ws server (spec/push-protocol.md §9) as a loopback
// QWebSocket client sees it, reproducible by seed, with every message still stored unread.
#include "core/server/companion.h"
#include "core/server/pushfaults.h"
#include "core/server/pushserver.h"
#include "core/server/store.h"
#include "support/serverprobe.h"
#include "support/servertestmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <memory>

using server::Companion;
using server::PushFaults;

class TestPushFaults : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Companion> m_companion;
    qint64 m_now = 0;

    void start(const PushFaults& faults)
    {
        m_companion = std::make_unique<Companion>();
        server::CompanionOptions options;
        options.pushPort = 0;
        options.httpPort = 0;
        options.adminToken = QStringLiteral("test-token");
        options.pushFaults = faults;
        QString error;
        QVERIFY2(m_companion->start(options, &error), qPrintable(error));
        m_companion->pushServer()->setClock([this] { return m_now; });
    }

    std::unique_ptr<ServerProbe> connectDemo()
    {
        auto probe = std::make_unique<ServerProbe>(
            QNetworkRequest(ServerProbe::withSid(m_companion->pushUrl(), Companion::demoSid())));
        if (!probe->waitConnected())
            return nullptr;
        return probe;
    }

    /// `count` messages to the demo user in one event loop turn: one burst. Returns their ids.
    QList<qint64> burst(int count)
    {
        QList<qint64> ids;
        for (int i = 0; i < count; ++i) {
            const QJsonArray content{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                 {QStringLiteral("value"), QString::number(i)}}};
            ids.append(m_companion->insertMessage(Companion::demoUid(), Companion::demoRobotUid(), 0, content));
        }
        return ids;
    }

    /// Ids of the msg frames received so far (an empty frame counts as -1); other frames are left out.
    static QList<qint64> receivedIds(const ServerProbe& probe)
    {
        QList<qint64> ids;
        for (const QByteArray& frame : probe.frames) {
            if (frame.isEmpty()) {
                ids.append(-1);
                continue;
            }
            const QJsonObject object = QJsonDocument::fromJson(frame).object();
            if (object.value(u"event").toString() == u"msg")
                ids.append(object.value(u"data").toObject().value(u"id").toInteger());
        }
        return ids;
    }

    /// One server with `faults`, one client, one burst of `count`: the ids as received, once all are in.
    QList<qint64> runBurst(const PushFaults& faults, int count, QList<qint64>* sent = nullptr)
    {
        start(faults);
        auto probe = connectDemo();
        if (!probe)
            return {-100};
        const int unreadBefore = m_companion->store()->unreadCount(Companion::demoUid(), 0);
        const QList<qint64> ids = burst(count);
        if (sent)
            *sent = ids;
        if (!probe->sync())
            return {-101};
        // Only the push is faulty: every message is stored unread for a client that reconciles over HTTP.
        if (m_companion->store()->unreadCount(Companion::demoUid(), 0) != unreadBefore + count)
            return {-102};
        return receivedIds(*probe);
    }

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        m_now = 0;
    }

    void cleanup() { m_companion.reset(); }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("described");
        QTest::newRow("all") << QStringLiteral("drop=0.3,reorder,empty-frame,drop-before-register,break-mid-burst")
                             << true
                             << QStringLiteral(
                                    "drop=0.3,reorder,empty-frame,drop-before-register=1000,break-mid-burst");
        QTest::newRow("window") << QStringLiteral("drop-before-register=250") << true
                                << QStringLiteral("drop-before-register=250");
        QTest::newRow("empty") << QString() << true << QString();
        QTest::newRow("share above 1") << QStringLiteral("drop=1.5") << false << QString();
        QTest::newRow("share missing") << QStringLiteral("drop") << false << QString();
        QTest::newRow("unknown") << QStringLiteral("reorder,explode") << false << QString();
        QTest::newRow("value on flag") << QStringLiteral("reorder=1") << false << QString();
        QTest::newRow("bad window") << QStringLiteral("drop-before-register=-5") << false << QString();
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, described);
        QString error;
        const auto faults = PushFaults::parse(text, &error);
        QCOMPARE(faults.has_value(), valid);
        QCOMPARE(error.isEmpty(), valid);
        if (faults)
            QCOMPARE(faults->describe(), described);
    }

    void noFaultsDeliversEverythingInOrder()
    {
        QList<qint64> sent;
        const QList<qint64> received = runBurst({}, 50, &sent);
        QCOMPARE(received, sent);
    }

    void dropLosesAShareReproducibly()
    {
        PushFaults faults;
        faults.dropShare = 0.5;
        faults.seed = 42;
        QList<qint64> sent;
        const QList<qint64> first = runBurst(faults, 100, &sent);
        QVERIFY2(first.size() > 10 && first.size() < 90, qPrintable(QString::number(first.size())));
        // What arrives keeps its order and is a part of what was sent.
        QVERIFY(std::is_sorted(first.cbegin(), first.cend()));
        for (const qint64 id : first)
            QVERIFY(sent.contains(id));
        // The same seed loses the same positions of the burst.
        const qint64 offset = sent.first();
        QList<qint64> again;
        const QList<qint64> second = runBurst(faults, 100, &again);
        QList<qint64> firstPositions;
        QList<qint64> secondPositions;
        for (const qint64 id : first)
            firstPositions.append(id - offset);
        for (const qint64 id : second)
            secondPositions.append(id - again.first());
        QCOMPARE(secondPositions, firstPositions);
        // Another seed loses others.
        faults.seed = 43;
        QList<qint64> third;
        const QList<qint64> other = runBurst(faults, 100, &third);
        QList<qint64> otherPositions;
        for (const qint64 id : other)
            otherPositions.append(id - third.first());
        QVERIFY(otherPositions != firstPositions);
    }

    void dropAllLosesEverything()
    {
        PushFaults faults;
        faults.dropShare = 1;
        QCOMPARE(runBurst(faults, 20), QList<qint64>());
    }

    void reorderShufflesEachBurst()
    {
        PushFaults faults;
        faults.reorder = true;
        faults.seed = 7;
        QList<qint64> sent;
        const QList<qint64> received = runBurst(faults, 30, &sent);
        QVERIFY(received != sent);
        QList<qint64> sorted = received;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, sent); // nothing lost, nothing twice
        QList<qint64> again;
        QList<qint64> second = runBurst(faults, 30, &again);
        for (qint64& id : second)
            id += sent.first() - again.first();
        QCOMPARE(second, received);
    }

    void emptyFrameOncePerBurst()
    {
        PushFaults faults;
        faults.emptyFrame = true;
        faults.seed = 3;
        QList<qint64> sent;
        QList<qint64> received = runBurst(faults, 5, &sent);
        QCOMPARE(received.size(), 6);
        QCOMPARE(received.count(-1), 1);
        received.removeAll(-1);
        QCOMPARE(received, sent);
    }

    void dropBeforeRegistration()
    {
        PushFaults faults;
        faults.dropBeforeRegisterMs = 1000;
        start(faults);
        auto probe = connectDemo();
        QVERIFY(probe);
        const QList<qint64> lost = burst(3); // right after the greeting: lost, as on the real server
        m_now += 999;
        const QList<qint64> lostToo = burst(1);
        QVERIFY(probe->sync());
        QCOMPARE(receivedIds(*probe), QList<qint64>());
        m_now += 1;
        const QList<qint64> delivered = burst(2);
        QVERIFY(probe->sync());
        QCOMPARE(receivedIds(*probe), delivered);
        QCOMPARE(m_companion->store()->unreadCount(Companion::demoUid(), 0) >= 6, true);
        // A second connection has its own window; the first one keeps receiving.
        auto late = connectDemo();
        QVERIFY(late);
        probe->frames.clear();
        const QList<qint64> onlyFirst = burst(1);
        QVERIFY(probe->sync());
        QVERIFY(late->sync());
        QCOMPARE(receivedIds(*probe), onlyFirst);
        QCOMPARE(receivedIds(*late), QList<qint64>());
    }

    void breakMidBurst()
    {
        PushFaults faults;
        faults.breakMidBurst = true;
        start(faults);
        auto probe = connectDemo();
        QVERIFY(probe);
        // A single push is no burst: it arrives and the connection stays.
        const QList<qint64> single = burst(1);
        QVERIFY(probe->sync());
        QCOMPARE(receivedIds(*probe), single);
        probe->frames.clear();
        const QList<qint64> sent = burst(10);
        QVERIFY(probe->waitDisconnected());
        QCOMPARE(receivedIds(*probe), sent.mid(0, 5));
        QVERIFY(probe->closeReason.isEmpty()); // aborted: no Close frame (Qt 6.4's client then reports 1000)
        QTRY_COMPARE(m_companion->pushServer()->liveConnections(Companion::demoUid()), 0);
        QCOMPARE(m_companion->store()->unreadCount(Companion::demoUid(), 0) >= 11, true);
        // The server carries on: a new connection gets the next single push.
        auto again = connectDemo();
        QVERIFY(again);
        const QList<qint64> next = burst(1);
        QVERIFY(again->sync());
        QCOMPARE(receivedIds(*again), next);
    }
};

HU60_SERVER_TEST_MAIN(TestPushFaults)
#include "tst_pushfaults.moc"
