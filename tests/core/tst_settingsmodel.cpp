// SPDX-License-Identifier: GPL-3.0-or-later
// SettingsModel, the one owner of the settings: saves what changes, says old and new, and a submit from an editor
// takes only the fields it edited, so changes made meanwhile (a mute, do-not-disturb, the account) survive.
#include "core/settings/settingsmodel.h"

#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using settings::Settings;
using settings::SettingsModel;

class TestSettingsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void updateSavesAndSignals();
    void submitKeepsChangesMadeMeanwhile();
    void mergeTakesEveryEditedField();
    void mergeTakesGroupsTogether();
    void mutedSendersMergeAsASet();
    void changesByReceiversComeInOrder();
    void connectionChangedOnlyForConnections();
    void memoryIsNeverSaved();
    void peekWritesNothing();

private:
    QString iniPath(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestSettingsModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The platform location of this test only, before the first QSettings.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
    QCoreApplication::setOrganizationName(QStringLiteral("hu60-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settingsmodel"));
}

void TestSettingsModel::updateSavesAndSignals()
{
    SettingsModel model(iniPath("update.ini"));
    QSignalSpy changed(&model, &SettingsModel::changed);
    model.update([](Settings& s) { s.sound = true; });
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<Settings>().sound, false);
    QCOMPARE(changed.first().at(1).value<Settings>().sound, true);
    QVERIFY(model.value().sound);

    // Nothing different: nothing said, nothing written.
    model.update([](Settings& s) { s.sound = true; });
    model.submit(model.value(), model.value());
    QCOMPARE(changed.count(), 1);

    // Saved: a new model on the same file reads it.
    QVERIFY(SettingsModel(iniPath("update.ini")).value().sound);
}

void TestSettingsModel::submitKeepsChangesMadeMeanwhile()
{
    SettingsModel model(iniPath("submit.ini"));
    // The dialog opens: its copy.
    const Settings base = model.value();
    Settings edited = base;
    edited.popupSeconds = 30;
    edited.language = QStringLiteral("en");
    // Meanwhile the tray mutes a sender and turns do-not-disturb on, the controller learns the account.
    model.update([](Settings& s) {
        s.mutedUids.append(2333);
        s.doNotDisturb = true;
        s.dndUntil = QDateTime(QDate(2026, 12, 5), QTime(8, 0));
    });
    model.update([](Settings& s) {
        s.uid = 42;
        s.userName = QStringLiteral("小明");
    });
    // OK.
    model.submit(base, edited);
    const Settings now = SettingsModel(iniPath("submit.ini")).value();
    QCOMPARE(now.popupSeconds, 30);
    QCOMPARE(now.language, QStringLiteral("en"));
    QCOMPARE(now.mutedUids, QList<qint64>{2333});
    QVERIFY(now.doNotDisturb);
    QCOMPARE(now.dndUntil, QDateTime(QDate(2026, 12, 5), QTime(8, 0)));
    QCOMPARE(now.uid, 42);
    QCOMPARE(now.userName, QStringLiteral("小明"));
}

void TestSettingsModel::mergeTakesEveryEditedField()
{
    // Every field different from the defaults: a merge onto unchanged settings gives the edit back whole, so a new
    // field cannot be forgotten in merge() (add it here too).
    const Settings defaults;
    Settings edited;
    edited.site = QUrl(QStringLiteral("https://forum.example"));
    edited.pushUrl = QUrl(QStringLiteral("wss://push.example/ws/msg"));
    edited.sidInQuery = true;
    edited.allowInsecurePush = true;
    edited.uid = 7;
    edited.userName = QStringLiteral("阿三");
    edited.presenter = settings::Presenter::Native;
    edited.corner = settings::Corner::TopLeft;
    edited.popupSeconds = 60;
    edited.sound = true;
    edited.doNotDisturb = true;
    edited.dndUntil = QDateTime(QDate(2026, 12, 5), QTime(9, 0));
    edited.quietHours = true;
    edited.quietFrom = QTime(22, 0);
    edited.quietTo = QTime(6, 30);
    edited.mentionsBreakThrough = false;
    edited.mutedUids = {1, 2};
    edited.mentionCatchup = settings::MentionCatchup::Fetch;
    edited.robotPresence = false;
    edited.startOnLogin = true;
    edited.language = QStringLiteral("zh_CN");
    edited.logLevel = QStringLiteral("debug");
    edited.proxyMode = settings::ProxyMode::Manual;
    edited.proxyType = settings::ProxyType::Socks5;
    edited.proxyHost = QStringLiteral("proxy.example");
    edited.proxyPort = 1080;
    edited.trustedCaFile = QStringLiteral("/tmp/ca.pem");
    QVERIFY(SettingsModel::merge(defaults, edited, defaults) == edited);
    // And nothing edited takes nothing.
    QVERIFY(SettingsModel::merge(edited, edited, defaults) == defaults);
    QVERIFY(SettingsModel::merge(defaults, defaults, edited) == edited);
}

void TestSettingsModel::mergeTakesGroupsTogether()
{
    Settings base;
    base.doNotDisturb = true;
    base.dndUntil = QDateTime(QDate(2026, 12, 5), QTime(8, 0));
    // The dialog turns do-not-disturb off (which also ends it); the tray meanwhile moved its end.
    Settings edited = base;
    edited.doNotDisturb = false;
    edited.dndUntil = QDateTime();
    Settings current = base;
    current.dndUntil = QDateTime(QDate(2026, 12, 5), QTime(11, 0));
    const Settings merged = SettingsModel::merge(base, edited, current);
    QVERIFY(!merged.doNotDisturb);
    QVERIFY(!merged.dndUntil.isValid());
}

void TestSettingsModel::mutedSendersMergeAsASet()
{
    Settings base;
    base.mutedUids = {1, 2};
    Settings edited = base;
    edited.mutedUids = {2, 3}; // 1 unmuted, 3 muted in the editor
    Settings current = base;
    current.mutedUids = {1, 2, 4}; // 4 muted from the tray meanwhile
    QCOMPARE(SettingsModel::merge(base, edited, current).mutedUids, (QList<qint64>{2, 4, 3}));
}

void TestSettingsModel::changesByReceiversComeInOrder()
{
    SettingsModel model(SettingsModel::Storage::Memory);
    // The first receiver changes the settings again (as the autostart consumer does when the entry cannot be
    // written); the second must still see the changes in order, each with its own old and new value.
    connect(&model, &SettingsModel::changed, this, [&model](const Settings&, const Settings& now) {
        if (now.startOnLogin)
            model.update([](Settings& s) { s.startOnLogin = false; });
    });
    QList<std::pair<bool, bool>> seen;
    connect(&model, &SettingsModel::changed, this, [&seen](const Settings& old, const Settings& now) {
        seen.append({old.startOnLogin, now.startOnLogin});
    });
    model.update([](Settings& s) { s.startOnLogin = true; });
    QCOMPARE(seen, (QList<std::pair<bool, bool>>{{false, true}, {true, false}}));
    QVERIFY(!model.value().startOnLogin);
}

void TestSettingsModel::connectionChangedOnlyForConnections()
{
    const Settings base;
    Settings other = base;
    other.mutedUids = {2333};
    other.doNotDisturb = true;
    other.sound = true;
    QVERIFY(!settings::connectionChanged(base, other));
    other.trustedCaFile = QStringLiteral("/tmp/ca.pem");
    QVERIFY(settings::connectionChanged(base, other));
    other = base;
    other.site = QUrl(QStringLiteral("https://forum.example"));
    QVERIFY(settings::connectionChanged(base, other));
    other = base;
    other.proxyPort = 8080;
    QVERIFY(settings::connectionChanged(base, other));
}

void TestSettingsModel::memoryIsNeverSaved()
{
    SettingsModel model(SettingsModel::Storage::Memory);
    model.update([](Settings& s) { s.language = QStringLiteral("en"); });
    QCOMPARE(model.value().language, QStringLiteral("en"));
    QVERIFY(!QFile::exists(SettingsModel::platformFileName()));
}

void TestSettingsModel::peekWritesNothing()
{
    const QString file = SettingsModel::platformFileName();
    QVERIFY2(file.startsWith(m_dir.path()), qPrintable(file));
    QVERIFY(!QFile::exists(file));
    QCOMPARE(SettingsModel::peek().language, QString());
    QVERIFY(!QFile::exists(file));
    {
        SettingsModel platform(SettingsModel::Storage::Platform);
        platform.update([](Settings& s) {
            s.language = QStringLiteral("zh_CN");
            s.logLevel = QStringLiteral("debug");
        });
    }
    QVERIFY(QFile::exists(file));
    const Settings peeked = SettingsModel::peek();
    QCOMPARE(peeked.language, QStringLiteral("zh_CN"));
    QCOMPARE(peeked.logLevel, QStringLiteral("debug"));
}

QTEST_GUILESS_MAIN(TestSettingsModel)
#include "tst_settingsmodel.moc"
