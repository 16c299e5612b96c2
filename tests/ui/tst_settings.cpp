// SPDX-License-Identifier: GPL-3.0-or-later
// Settings round trip (save/load/clamp/migrate), the credential store's file fallback and the XDG autostart entry.
#include "core/settings/autostart.h"
#include "core/settings/credentialstore.h"
#include "core/settings/settings.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void defaultsWhenEmpty();
    void roundTrip();
    void clampsBadValues();
    void migratesVersion0();
    void migratesVersion1Presenter();
    void effectivePushUrl();
    void credentialFileFallback();
    void autostartEntry();

private:
    QTemporaryDir m_dir;
    QString iniPath(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
};

void TestSettings::defaultsWhenEmpty()
{
    QSettings backend(iniPath("empty.ini"), QSettings::IniFormat);
    const settings::Settings s = settings::SettingsStore(&backend).load();
    const settings::Settings defaults;
    QCOMPARE(s.site, defaults.site);
    QCOMPARE(s.popupSeconds, 8);
    QCOMPARE(s.robotPresence, true);
    QCOMPARE(s.presenter, settings::Presenter::Automatic);
    QCOMPARE(backend.value(QStringLiteral("version")).toInt(), settings::SettingsStore::currentVersion);
}

void TestSettings::roundTrip()
{
    settings::Settings s;
    s.site = QUrl(QStringLiteral("http://127.0.0.1:4861"));
    s.pushUrl = QUrl(QStringLiteral("ws://127.0.0.1:4860/ws/msg"));
    s.uid = 10086;
    s.userName = QStringLiteral("小明");
    s.presenter = settings::Presenter::Native;
    s.corner = settings::Corner::TopLeft;
    s.popupSeconds = 30;
    s.sound = true;
    s.doNotDisturb = true;
    s.dndUntil = QDateTime(QDate(2026, 1, 2), QTime(10, 42));
    s.quietHours = true;
    s.quietFrom = QTime(22, 30);
    s.quietTo = QTime(6, 15);
    s.mentionsBreakThrough = false;
    s.mutedUids = {2333, -50};
    s.mentionCatchup = settings::MentionCatchup::Fetch;
    s.robotPresence = false;
    s.startOnLogin = true;
    s.language = QStringLiteral("zh_CN");
    {
        QSettings backend(iniPath("roundtrip.ini"), QSettings::IniFormat);
        settings::SettingsStore(&backend).save(s);
    }
    QSettings backend(iniPath("roundtrip.ini"), QSettings::IniFormat);
    const settings::Settings loaded = settings::SettingsStore(&backend).load();
    QCOMPARE(loaded.site, s.site);
    QCOMPARE(loaded.pushUrl, s.pushUrl);
    QCOMPARE(loaded.uid, s.uid);
    QCOMPARE(loaded.userName, s.userName);
    QCOMPARE(loaded.presenter, s.presenter);
    QCOMPARE(loaded.corner, s.corner);
    QCOMPARE(loaded.popupSeconds, s.popupSeconds);
    QCOMPARE(loaded.sound, true);
    QCOMPARE(loaded.doNotDisturb, true);
    QCOMPARE(loaded.dndUntil, s.dndUntil);
    QCOMPARE(loaded.quietHours, true);
    QCOMPARE(loaded.quietFrom, s.quietFrom);
    QCOMPARE(loaded.quietTo, s.quietTo);
    QCOMPARE(loaded.mentionsBreakThrough, false);
    QCOMPARE(loaded.mutedUids, s.mutedUids);
    QCOMPARE(loaded.mentionCatchup, s.mentionCatchup);
    QCOMPARE(loaded.robotPresence, false);
    QCOMPARE(loaded.startOnLogin, true);
    QCOMPARE(loaded.language, s.language);
    // The sid never goes into the settings file.
    QFile file(iniPath("roundtrip.ini"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("sid="));
}

void TestSettings::clampsBadValues()
{
    QSettings backend(iniPath("bad.ini"), QSettings::IniFormat);
    backend.setValue(QStringLiteral("version"), 1);
    backend.setValue(QStringLiteral("notifications/popupSeconds"), 100000);
    backend.setValue(QStringLiteral("notifications/corner"), 17);
    backend.setValue(QStringLiteral("notifications/presenter"), -3);
    backend.setValue(QStringLiteral("notifications/quietFrom"), QStringLiteral("25:99"));
    backend.setValue(QStringLiteral("account/site"), QStringLiteral("ftp://example.org"));
    backend.setValue(QStringLiteral("account/pushUrl"), QStringLiteral("http://not-a-websocket"));
    backend.setValue(QStringLiteral("desktop/language"), QStringLiteral("klingon"));
    backend.setValue(QStringLiteral("network/proxyPort"), 99999);
    backend.setValue(QStringLiteral("notifications/mutedUids"), QStringList{QStringLiteral("x"), QStringLiteral("5")});
    const settings::Settings s = settings::SettingsStore(&backend).load();
    QCOMPARE(s.popupSeconds, 120);
    QCOMPARE(s.corner, settings::Corner::BottomRight);
    QCOMPARE(s.presenter, settings::Presenter::Automatic);
    QCOMPARE(s.quietFrom, QTime(23, 0));
    QCOMPARE(s.site, QUrl(QStringLiteral("https://hu60.cn")));
    QVERIFY(s.pushUrl.isEmpty());
    QCOMPARE(s.language, QString());
    QCOMPARE(s.proxyPort, 65535);
    QCOMPARE(s.mutedUids, QList<qint64>{5});
    backend.setValue(QStringLiteral("notifications/popupSeconds"), 0);
    QCOMPARE(settings::SettingsStore(&backend).load().popupSeconds, 2);
}

void TestSettings::migratesVersion1Presenter()
{
    // Version 1 stored its default (popups) for everyone: that becomes automatic; a deliberate "desktop
    // notifications" stays, and a popup choice made after the migration stays too.
    QSettings v1(iniPath("v1.ini"), QSettings::IniFormat);
    v1.setValue(QStringLiteral("version"), 1);
    v1.setValue(QStringLiteral("notifications/presenter"), int(settings::Presenter::Popup));
    settings::SettingsStore store(&v1);
    QCOMPARE(store.load().presenter, settings::Presenter::Automatic);
    settings::Settings chosen = store.load();
    chosen.presenter = settings::Presenter::Popup;
    store.save(chosen);
    QCOMPARE(settings::SettingsStore(&v1).load().presenter, settings::Presenter::Popup);

    QSettings native(iniPath("v1-native.ini"), QSettings::IniFormat);
    native.setValue(QStringLiteral("version"), 1);
    native.setValue(QStringLiteral("notifications/presenter"), int(settings::Presenter::Native));
    QCOMPARE(settings::SettingsStore(&native).load().presenter, settings::Presenter::Native);
}

void TestSettings::migratesVersion0()
{
    QSettings backend(iniPath("v0.ini"), QSettings::IniFormat);
    backend.setValue(QStringLiteral("site"), QStringLiteral("http://127.0.0.1:9"));
    backend.setValue(QStringLiteral("pushUrl"), QStringLiteral("ws://127.0.0.1:8/ws/msg"));
    backend.setValue(QStringLiteral("sid"), QStringLiteral("Hu60DemoSid10086XiaoMing0001"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Removed a session id")));
    const settings::Settings s = settings::SettingsStore(&backend).load();
    QCOMPARE(s.site, QUrl(QStringLiteral("http://127.0.0.1:9")));
    QCOMPARE(s.pushUrl, QUrl(QStringLiteral("ws://127.0.0.1:8/ws/msg")));
    QVERIFY(!backend.contains(QStringLiteral("site")));
    QVERIFY(!backend.contains(QStringLiteral("sid")));
    QCOMPARE(backend.value(QStringLiteral("version")).toInt(), settings::SettingsStore::currentVersion);
}

void TestSettings::effectivePushUrl()
{
    settings::Settings s;
    QCOMPARE(s.effectivePushUrl(), QUrl(QStringLiteral("wss://hu60.cn/ws/msg")));
    s.site = QUrl(QStringLiteral("http://127.0.0.1:4861"));
    QCOMPARE(s.effectivePushUrl(), QUrl(QStringLiteral("ws://127.0.0.1:4861/ws/msg")));
    s.pushUrl = QUrl(QStringLiteral("ws://127.0.0.1:4860/v1/ws"));
    QCOMPARE(s.effectivePushUrl(), s.pushUrl);
}

void TestSettings::credentialFileFallback()
{
    const QString dir = m_dir.filePath(QStringLiteral("data"));
    settings::CredentialStore store(QStringLiteral("hu60-notifier-test"), dir);
    store.setKeychainEnabled(false);
    QSignalSpy read(&store, &settings::CredentialStore::sidRead);
    QSignalSpy written(&store, &settings::CredentialStore::sidWritten);

    store.readSid();
    QVERIFY(read.wait(2000));
    QCOMPARE(read.takeFirst().at(0).toString(), QString());

    store.writeSid(QStringLiteral("Hu60DemoSid10086XiaoMing0001"));
    QVERIFY(written.wait(2000));
    QCOMPARE(written.takeFirst().at(0).toBool(), true);
    QCOMPARE(store.backend(), settings::CredentialStore::Backend::File);
    // 0600: nobody but the owner may read it.
    const QFileDevice::Permissions permissions = QFile::permissions(store.fallbackPath());
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QCOMPARE(permissions & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                            QFileDevice::WriteOther | QFileDevice::ExeOwner),
             QFileDevice::Permissions());

    settings::CredentialStore again(QStringLiteral("hu60-notifier-test"), dir);
    again.setKeychainEnabled(false);
    QSignalSpy readAgain(&again, &settings::CredentialStore::sidRead);
    again.readSid();
    QVERIFY(readAgain.wait(2000));
    QCOMPARE(readAgain.takeFirst().at(0).toString(), QStringLiteral("Hu60DemoSid10086XiaoMing0001"));

    // With the keychain enabled, a sid in the fallback file is read from there without probing the secret service
    // (the file only exists while the keychain was unusable).
    settings::CredentialStore withKeychain(QStringLiteral("hu60-notifier-test"), dir);
    QVERIFY(withKeychain.isKeychainEnabled());
    QSignalSpy readFromFile(&withKeychain, &settings::CredentialStore::sidRead);
    withKeychain.readSid();
    for (const QObject* child : withKeychain.children())
        QVERIFY2(!QByteArray(child->metaObject()->className()).startsWith("QKeychain::"),
                 child->metaObject()->className());
    QVERIFY(readFromFile.wait(2000));
    QCOMPARE(readFromFile.takeFirst().at(0).toString(), QStringLiteral("Hu60DemoSid10086XiaoMing0001"));
    QCOMPARE(withKeychain.backend(), settings::CredentialStore::Backend::File);

    again.forgetSid();
    QSignalSpy forgotten(&again, &settings::CredentialStore::sidWritten);
    QVERIFY(forgotten.wait(2000));
    QVERIFY(!QFile::exists(again.fallbackPath()));
}

void TestSettings::autostartEntry()
{
    const QByteArray old = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    const QString expected = m_dir.filePath(QStringLiteral("config/autostart/hu60-notifier.desktop"));
    QCOMPARE(settings::autostart::entryPath(), expected);
    QVERIFY(!settings::autostart::isEnabled());
    QString error;
    QVERIFY2(settings::autostart::setEnabled(true, QStringLiteral("/opt/hu60 notifier/hu60-notifier"), &error),
             qPrintable(error));
    QVERIFY(settings::autostart::isEnabled());
    QFile file(expected);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray entry = file.readAll();
    QVERIFY(entry.startsWith("[Desktop Entry]\n"));
    QVERIFY(entry.contains("Type=Application\n"));
    QVERIFY(entry.contains("Exec=\"/opt/hu60 notifier/hu60-notifier\"\n"));
    file.close();
    QVERIFY(settings::autostart::setEnabled(false, QString(), &error));
    QVERIFY(!QFile::exists(expected));
    qputenv("XDG_CONFIG_HOME", old);
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
