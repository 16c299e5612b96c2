// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inbox/notification.h"
#include "core/inbox/notificationpolicy.h"

#include <QRegularExpression>
#include <QTest>

using inbox::Notification;
using inbox::NotificationPolicy;
using inbox::SuppressReason;

class TestNotificationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void quietHoursWindow_data();
    void quietHoursWindow();
    void defaultsShowEverything();
    void doNotDisturbUntil();
    void doNotDisturbIndefinite();
    void quietHoursAcrossMidnight();
    void mentionsBreakThrough();
    void mentionSummaryBreaksThrough();
    void mutedWinsOverBreakThrough();
    void readIsNotShown();
    void quietUntil();
};

namespace {

Notification message(int type, qint64 byuid = 2333, qint64 id = 1000)
{
    Notification n;
    n.id = id;
    n.type = type;
    n.byuid = byuid;
    return n;
}

Notification summary(int type, int count)
{
    Notification n;
    n.id = 0;
    n.type = type;
    n.count = count;
    return n;
}

QDateTime at(int hour, int minute = 0, int day = 10)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::UTC);
}

} // namespace

void TestNotificationPolicy::quietHoursWindow_data()
{
    QTest::addColumn<QTime>("time");
    QTest::addColumn<QTime>("from");
    QTest::addColumn<QTime>("to");
    QTest::addColumn<bool>("inside");

    QTest::newRow("day window, inside") << QTime(13, 0) << QTime(12, 0) << QTime(14, 0) << true;
    QTest::newRow("day window, start inclusive") << QTime(12, 0) << QTime(12, 0) << QTime(14, 0) << true;
    QTest::newRow("day window, end exclusive") << QTime(14, 0) << QTime(12, 0) << QTime(14, 0) << false;
    QTest::newRow("day window, before") << QTime(11, 59) << QTime(12, 0) << QTime(14, 0) << false;
    QTest::newRow("night, evening") << QTime(23, 30) << QTime(23, 0) << QTime(7, 0) << true;
    QTest::newRow("night, midnight") << QTime(0, 0) << QTime(23, 0) << QTime(7, 0) << true;
    QTest::newRow("night, early morning") << QTime(6, 59) << QTime(23, 0) << QTime(7, 0) << true;
    QTest::newRow("night, end exclusive") << QTime(7, 0) << QTime(23, 0) << QTime(7, 0) << false;
    QTest::newRow("night, afternoon") << QTime(15, 0) << QTime(23, 0) << QTime(7, 0) << false;
    QTest::newRow("empty window") << QTime(8, 0) << QTime(8, 0) << QTime(8, 0) << false;
    QTest::newRow("invalid bound") << QTime(8, 0) << QTime() << QTime(9, 0) << false;
}

void TestNotificationPolicy::quietHoursWindow()
{
    QFETCH(QTime, time);
    QFETCH(QTime, from);
    QFETCH(QTime, to);
    QFETCH(bool, inside);
    QCOMPARE(NotificationPolicy::inQuietHours(time, from, to), inside);
}

void TestNotificationPolicy::defaultsShowEverything()
{
    const NotificationPolicy policy;
    QVERIFY(policy.decide(message(0), at(3)).shown());
    QVERIFY(policy.decide(message(1), at(23, 30)).shown());
    QVERIFY(policy.decide(summary(0, 5), at(12)).shown());
    QVERIFY(!policy.isQuiet(at(3)));
}

void TestNotificationPolicy::doNotDisturbUntil()
{
    settings::Settings s;
    s.doNotDisturb = true;
    s.dndUntil = at(18);
    s.mentionsBreakThrough = false;
    const NotificationPolicy policy(s);
    QCOMPARE(policy.decide(message(0), at(17, 59)).reason, SuppressReason::DoNotDisturb);
    QCOMPARE(policy.decide(message(1), at(17, 59)).reason, SuppressReason::DoNotDisturb);
    QCOMPARE(policy.decide(summary(0, 3), at(9)).reason, SuppressReason::DoNotDisturb);
    // The moment it expires, everything flows again (no timer needed to switch it off).
    QVERIFY(policy.decide(message(0), at(18)).shown());
    QVERIFY(policy.decide(message(0), at(10, 0, 11)).shown());
}

void TestNotificationPolicy::doNotDisturbIndefinite()
{
    settings::Settings s;
    s.doNotDisturb = true;
    s.mentionsBreakThrough = false;
    const NotificationPolicy policy(s);
    QCOMPARE(policy.decide(message(0), at(12, 0, 1)).reason, SuppressReason::DoNotDisturb);
    QCOMPARE(policy.decide(message(0), at(12, 0, 28)).reason, SuppressReason::DoNotDisturb);
    QVERIFY(policy.isQuiet(at(12)));
    QVERIFY(!policy.quietUntil(at(12)).isValid());

    s.doNotDisturb = false;
    QVERIFY(NotificationPolicy(s).decide(message(0), at(12)).shown());
}

void TestNotificationPolicy::quietHoursAcrossMidnight()
{
    settings::Settings s;
    s.quietHours = true;
    s.quietFrom = QTime(23, 0);
    s.quietTo = QTime(7, 0);
    s.mentionsBreakThrough = false;
    const NotificationPolicy policy(s);
    QCOMPARE(policy.decide(message(0), at(23, 15)).reason, SuppressReason::QuietHours);
    QCOMPARE(policy.decide(message(0), at(2)).reason, SuppressReason::QuietHours);
    QVERIFY(policy.decide(message(0), at(7)).shown());
    QVERIFY(policy.decide(message(0), at(22, 59)).shown());

    s.quietHours = false;
    QVERIFY(NotificationPolicy(s).decide(message(0), at(2)).shown());
}

void TestNotificationPolicy::mentionsBreakThrough()
{
    settings::Settings s;
    s.doNotDisturb = true;
    s.quietHours = true;
    s.mentionsBreakThrough = true;
    const NotificationPolicy policy(s);
    QVERIFY(policy.decide(message(1), at(2)).shown());
    QCOMPARE(policy.decide(message(0), at(2)).reason, SuppressReason::DoNotDisturb);

    s.doNotDisturb = false;
    const NotificationPolicy quiet(s);
    QVERIFY(quiet.decide(message(1), at(2)).shown());
    QCOMPARE(quiet.decide(message(0), at(2)).reason, SuppressReason::QuietHours);
}

void TestNotificationPolicy::mentionSummaryBreaksThrough()
{
    settings::Settings s;
    s.doNotDisturb = true;
    s.mentionsBreakThrough = true;
    const NotificationPolicy policy(s);
    QVERIFY(NotificationPolicy::isMention(summary(1, 4)));
    QVERIFY(policy.decide(summary(1, 4), at(12)).shown());
    QCOMPARE(policy.decide(summary(0, 4), at(12)).reason, SuppressReason::DoNotDisturb);
}

void TestNotificationPolicy::mutedWinsOverBreakThrough()
{
    settings::Settings s;
    s.mutedUids = {2333, -50};
    s.mentionsBreakThrough = true;
    const NotificationPolicy policy(s);
    QCOMPARE(policy.decide(message(0, 2333), at(12)).reason, SuppressReason::Muted);
    QCOMPARE(policy.decide(message(1, 2333), at(12)).reason, SuppressReason::Muted);
    QCOMPARE(policy.decide(message(1, -50), at(12)).reason, SuppressReason::Muted);
    QVERIFY(policy.decide(message(1, 520), at(12)).shown());
    // A summary has no sender: muting someone must not hide "N new messages".
    QVERIFY(policy.decide(summary(1, 2), at(12)).shown());
}

void TestNotificationPolicy::readIsNotShown()
{
    const NotificationPolicy policy;
    Notification n = message(0);
    n.read = true;
    QCOMPARE(policy.decide(n, at(12)).reason, SuppressReason::AlreadyRead);
}

void TestNotificationPolicy::quietUntil()
{
    settings::Settings s;
    s.quietHours = true;
    s.quietFrom = QTime(23, 0);
    s.quietTo = QTime(7, 0);
    NotificationPolicy policy(s);
    QCOMPARE(policy.quietUntil(at(23, 30, 10)), at(7, 0, 11));
    QCOMPARE(policy.quietUntil(at(3, 0, 11)), at(7, 0, 11));
    QVERIFY(!policy.quietUntil(at(12)).isValid());

    s.doNotDisturb = true;
    s.dndUntil = at(9, 0, 11);
    policy.setSettings(s);
    QCOMPARE(policy.quietUntil(at(23, 30, 10)), at(9, 0, 11));
    QCOMPARE(policy.quietUntil(at(8, 0, 11)), at(9, 0, 11));
}

QTEST_GUILESS_MAIN(TestNotificationPolicy)
#include "tst_notificationpolicy.moc"
