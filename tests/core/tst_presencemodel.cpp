// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/presence/presencemodel.h"
#include "core/protocol/event.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using presence::PresenceModel;

class TestPresenceModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void followsFrames();
    void disabledShowsNothing();
    void names();
};

namespace {

QList<qint64> rows(const PresenceModel& model)
{
    QList<qint64> uids;
    for (int row = 0; row < model.rowCount(); ++row)
        uids.append(model.data(model.index(row), PresenceModel::UidRole).toLongLong());
    return uids;
}

// Feeds one server frame the way the client does: lsol replaces, online/offline set the count.
void feed(PresenceModel& model, const QByteArray& frame)
{
    const protocol::Event event = protocol::parseEvent(frame);
    if (event.type == protocol::EventType::Lsol)
        model.setOnlineList(event.online);
    else if (event.type == protocol::EventType::Online || event.type == protocol::EventType::Offline)
        model.setCount(event.presence.uid, event.presence.count);
}

} // namespace

void TestPresenceModel::followsFrames()
{
    PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy countChanged(&model, &PresenceModel::onlineCountChanged);

    feed(model, R"({"event":"lsol","data":{"-150":1,"-200":1,"-50":2,"-56":1}})");
    QCOMPARE(rows(model), (QList<qint64>{-50, -56, -150, -200}));
    QCOMPARE(model.data(model.index(0), PresenceModel::CountRole).toInt(), 2);

    feed(model, R"({"event":"online","data":{"uid":-51,"count":1}})");
    QCOMPARE(rows(model), (QList<qint64>{-50, -51, -56, -150, -200}));
    // One of two connections closed: still online (spec §6.2).
    feed(model, R"({"event":"offline","data":{"uid":-50,"count":1}})");
    QCOMPARE(model.count(-50), 1);
    QCOMPARE(model.rowCount(), 5);
    feed(model, R"({"event":"offline","data":{"uid":-56,"count":0}})");
    QCOMPARE(rows(model), (QList<qint64>{-50, -51, -150, -200}));
    // Offline for a robot we never saw is harmless.
    feed(model, R"({"event":"offline","data":{"uid":-999,"count":0}})");
    QCOMPARE(model.rowCount(), 4);
    // A forged presence frame changes nothing.
    feed(model, R"({"event":"online","data":{"bot":2333,"data":"x"}})");
    QCOMPARE(model.rowCount(), 4);
    feed(model, R"({"event":"lsol","data":{}})");
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(countChanged.count() >= 4);
}

void TestPresenceModel::disabledShowsNothing()
{
    PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    feed(model, R"({"event":"lsol","data":{"-50":1}})");
    model.setEnabled(false);
    QCOMPARE(model.rowCount(), 0);
    feed(model, R"({"event":"online","data":{"uid":-51,"count":1}})");
    QCOMPARE(model.rowCount(), 0);
    model.setEnabled(true);
    feed(model, R"({"event":"online","data":{"uid":-51,"count":1}})");
    QCOMPARE(model.rowCount(), 1);
}

void TestPresenceModel::names()
{
    PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCount(-50, 1);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("#-50"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setName(-50, QStringLiteral("ChatGPT"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("ChatGPT"));
}

QTEST_GUILESS_MAIN(TestPresenceModel)
#include "tst_presencemodel.moc"
