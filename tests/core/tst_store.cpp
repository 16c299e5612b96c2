// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/demodata.h"
#include "core/server/phpjson.h"
#include "core/server/store.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void demoDataLoads()
    {
        server::Store store;
        QString error;
        QVERIFY2(store.loadJson(server::demo::dataSet(), &error), qPrintable(error));
        const auto me = store.userBySid(QString::fromUtf16(server::demo::userSid));
        QVERIFY(me);
        QCOMPARE(me->uid, server::demo::userUid);
        QVERIFY(store.userByUid(server::demo::robotUid));
        QVERIFY(store.unreadCount(server::demo::userUid, 0) > 0);
        QVERIFY(store.unreadCount(server::demo::userUid, 1) > 0);
        QVERIFY(!store.userBySid(QString()));
    }

    void invalidDocuments_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{");
        QTest::newRow("no users") << QByteArray("{}");
        QTest::newRow("uid 0") << QByteArray(R"({"users":[{"uid":0,"name":"x"}]})");
        QTest::newRow("duplicate uid") << QByteArray(R"({"users":[{"uid":1,"name":"x"},{"uid":1,"name":"y"}]})");
        QTest::newRow("bad type") << QByteArray(
            R"({"users":[{"uid":1,"name":"x"}],"messages":[{"id":1,"touid":1,"byuid":1,"type":2,"content":[]}]})");
        QTest::newRow("content not array") << QByteArray(
            R"({"users":[{"uid":1,"name":"x"}],"messages":[{"id":1,"touid":1,"byuid":1,"type":0,"content":"[]"}]})");
    }
    void invalidDocuments()
    {
        QFETCH(QByteArray, json);
        server::Store store;
        QString error;
        QVERIFY(!store.loadJson(json, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(store.users().isEmpty());
    }

    void persistence()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.json"));
        server::Store store;
        QString error;
        QVERIFY2(store.loadFile(path, server::demo::dataSet(), &error), qPrintable(error));
        QVERIFY(QFile::exists(path)); // a missing file is created from the fallback
        server::Message message;
        message.touid = server::demo::userUid;
        message.byuid = 2333;
        message.type = 0;
        message.content = QJsonDocument::fromJson(R"([{"type":"text","value":"hi"}])").array();
        message.ctime = 1700000000;
        const qint64 id = store.insertMessage(message, &error);
        QVERIFY(id > 0);
        QCOMPARE(store.insertMessage(message, &error), id + 1);
        QCOMPARE(store.markRead({id, 424242}, &error), 1);

        server::Store reloaded;
        QVERIFY2(reloaded.loadFile(path, {}, &error), qPrintable(error));
        QCOMPARE(reloaded.message(id)->isread, 1);
        QVERIFY(reloaded.message(id)->rtime > 0);
        QCOMPARE(reloaded.message(id + 1)->isread, 0);
        QCOMPARE(reloaded.message(id + 1)->content, message.content);
    }

    void corruptFileIsNeverOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"users\": [");
        file.close();
        server::Store store;
        QString error;
        QVERIFY(!store.loadFile(path, server::demo::dataSet(), &error));
        QVERIFY(error.contains(path));
        QVERIFY(store.filePath().isEmpty());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"users\": ["));
    }

    void filesAreTheOwnersAlone()
    {
        // The usual umask, which alone would leave the file readable by everyone.
        const mode_t umaskBefore = ::umask(022);
        const auto restoreUmask = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString folder = dir.filePath(QStringLiteral("new/serve"));
        const QString path = folder + QStringLiteral("/data.json");
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        server::Store store;
        QString error;
        QVERIFY2(store.loadFile(path, server::demo::dataSet(), &error), qPrintable(error));
        QCOMPARE(QFileInfo(path).permissions() & others, QFileDevice::Permissions());
        QVERIFY(QFileInfo(path).permissions().testFlag(QFileDevice::ReadOwner));
        QCOMPARE(QFileInfo(folder).permissions() & others, QFileDevice::Permissions());
        // An older file readable by others becomes private with the next save.
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                                QFileDevice::ReadOther));
        server::Store again;
        QVERIFY2(again.loadFile(path, {}, &error), qPrintable(error));
        server::Message message;
        message.touid = server::demo::userUid;
        message.byuid = server::demo::robotUid;
        QVERIFY2(again.insertMessage(message, &error) > 0, qPrintable(error));
        QCOMPARE(QFileInfo(path).permissions() & others, QFileDevice::Permissions());
    }

    void phpJsonKeepsTypeFirst()
    {
        const QJsonValue value =
            QJsonDocument::fromJson(
                "[{\"value\":\"a/b \\u2028 <é>\\n\\u0001\",\"type\":\"text\"},{\"uid\":-50,\"n\":1.5}]")
                .array();
        QCOMPARE(
            server::phpJson(value),
            QByteArray("[{\"type\":\"text\",\"value\":\"a/b \\u2028 <\xc3\xa9>\\n\\u0001\"},{\"n\":1.5,\"uid\":-50}]"));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
