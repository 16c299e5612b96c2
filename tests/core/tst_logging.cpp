// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

/// Rotating file log, sid redaction and level filtering of core/logging. Each test gets its own XDG_STATE_HOME.
class TestLogging : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void parsesLevels();
    void stateFolderFollowsXdg();
    void writesFileUnderStateHome();
    void rotatesAndKeepsFiles();
    void redactsSessionIds_data();
    void redactsSessionIds();
    void redactsTheKnownSid();
    void redactsBeforeWriting();
    void logsTheFirstAndEveryNth();
    void escapesControlCharacters();
    void filtersByLevel();
    void stderrSinkWritesNoFile();

private:
    QString readLog(const QString& path = logging::logFilePath()) const;

    std::unique_ptr<QTemporaryDir> m_state;
};

namespace {

constexpr auto sampleSid = "Qm9vZk3xV2Jc1dL7aPq0sTuwAQAA";

} // namespace

void TestLogging::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_state = std::make_unique<QTemporaryDir>();
    QVERIFY(m_state->isValid());
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_state->path()));
}

void TestLogging::cleanup()
{
    logging::shutdown();
    QLoggingCategory::setFilterRules(QString());
    m_state.reset();
}

QString TestLogging::readLog(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

void TestLogging::parsesLevels()
{
    QCOMPARE(logging::parseLevel(u"debug"), logging::Level::Debug);
    QCOMPARE(logging::parseLevel(u"INFO"), logging::Level::Info);
    QCOMPARE(logging::parseLevel(u" warning "), logging::Level::Warning);
    QCOMPARE(logging::parseLevel(u"warn"), logging::Level::Warning);
    QCOMPARE(logging::parseLevel(u"critical"), logging::Level::Critical);
    QVERIFY(!logging::parseLevel(u"verbose"));
    QVERIFY(!logging::parseLevel(u""));
    QCOMPARE(logging::levelName(logging::Level::Warning), QStringLiteral("warning"));
    QVERIFY(logging::filterRules(logging::Level::Debug).contains(u"hu60.*.debug=true"));
}

void TestLogging::stateFolderFollowsXdg()
{
    QCOMPARE(logging::logDirectory(), QString(m_state->path() + u"/hu60-notifier/log"));
    QCOMPARE(logging::logFilePath(), QString(m_state->path() + u"/hu60-notifier/log/hu60-notifier.log"));
    // A relative XDG_STATE_HOME is invalid per the XDG spec and falls back to ~/.local/state.
    qputenv("XDG_STATE_HOME", "relative/state");
    QCOMPARE(logging::logDirectory(), QString(QDir::homePath() + u"/.local/state/hu60-notifier/log"));
}

void TestLogging::writesFileUnderStateHome()
{
    QString error;
    QVERIFY2(logging::setup(logging::Sink::File, logging::Level::Info, {}, &error), qPrintable(error));
    qCInfo(lcClient) << "connected to" << 4860;
    const QString log = readLog();
    QVERIFY2(log.contains(u" info hu60.core.client: connected to 4860\n"), qPrintable(log));
    QCOMPARE(QFile(logging::logFilePath()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

void TestLogging::rotatesAndKeepsFiles()
{
    logging::FileOptions options;
    options.maxBytes = 400;
    options.keepFiles = 2;
    // Under the usual umask, every file (the ones made by rotating too) and the folder are the user's alone.
    const mode_t umaskBefore = ::umask(022);
    const auto restoreUmask = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Info, options));
    // Each line is ~100 bytes, so 30 lines rotate several times.
    for (int i = 0; i < 30; ++i)
        qCInfo(lcApp, "line %02d %s", i, QByteArray(50, 'x').constData());
    const QString path = logging::logFilePath();
    QVERIFY(QFile::exists(path));
    QVERIFY(QFile::exists(path + u".1"));
    QVERIFY(QFile::exists(path + u".2"));
    QVERIFY(!QFile::exists(path + u".3"));
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    for (const QString& file : QStringList{path, path + u".1", path + u".2"}) {
        QVERIFY2(QFileInfo(file).size() <= options.maxBytes, qPrintable(file));
        QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
    }
    QCOMPARE(QFile::permissions(logging::logDirectory()) & others, QFileDevice::Permissions());
    // Newest in the current file, older ones in .1 then .2; nothing lost between them.
    const QString current = readLog(path);
    const QString previous = readLog(path + u".1");
    QVERIFY(current.contains(u"line 29"));
    QVERIFY(!current.contains(u"line 00"));
    const int firstCurrent = current.mid(current.indexOf(u"line ") + 5, 2).toInt();
    QVERIFY(previous.contains(QStringLiteral("line %1").arg(firstCurrent - 1, 2, 10, QLatin1Char('0'))));
    QVERIFY(!readLog(path + u".2").contains(u"line 29"));
}

void TestLogging::redactsSessionIds_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString sid = QLatin1String(sampleSid);
    QTest::newRow("query") << u"GET /q.php/user.stat.json?_sid="_qs + sid + u"&x=1"
                           << QStringLiteral("GET /q.php/user.stat.json?_sid=<redacted>&x=1");
    QTest::newRow("cookie") << u"Cookie: hu60_sid="_qs + sid + u"; other=1"
                            << QStringLiteral("Cookie: hu60_sid=<redacted>; other=1");
    QTest::newRow("header") << u"x-sid: "_qs + sid << QStringLiteral("x-sid: <redacted>");
    QTest::newRow("header caps") << u"X-Sid:"_qs + sid << QStringLiteral("X-Sid:<redacted>");
    QTest::newRow("json") << u"{\"success\":true,\"sid\":\""_qs + sid + u"\"}"
                          << QStringLiteral("{\"success\":true,\"sid\":\"<redacted>\"}");
    QTest::newRow("words") << u"using sid "_qs + sid + u" now" << QStringLiteral("using sid <redacted> now");
    QTest::newRow("path") << u"https://hu60.cn/q.php/"_qs + sid + u"/user.stat.json"
                          << QStringLiteral("https://hu60.cn/q.php/<redacted>/user.stat.json");
    QTest::newRow("short token kept") << QStringLiteral("sid=abc") << QStringLiteral("sid=abc");
    QTest::newRow("word tail kept") << u"consider "_qs + sid << u"consider "_qs + sid;
    QTest::newRow("no separator kept") << QStringLiteral("sideways_and_then_some_more_text")
                                       << QStringLiteral("sideways_and_then_some_more_text");
    QTest::newRow("unrelated") << QStringLiteral("connected to ws://127.0.0.1:4860/v1/ws")
                               << QStringLiteral("connected to ws://127.0.0.1:4860/v1/ws");
}

void TestLogging::redactsSessionIds()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(logging::redact(input), expected);
}

void TestLogging::redactsTheKnownSid()
{
    // The sid in use goes wherever it stands, whatever it looks like; a too short one (no sid) is left alone.
    const QString odd = QStringLiteral("short.sid!");
    QCOMPARE(logging::redact(u"closed: "_qs + odd + u" rejected"_qs, odd),
             QStringLiteral("closed: <redacted> rejected"));
    QCOMPARE(logging::redact(QStringLiteral("this is it"), QStringLiteral("is")), QStringLiteral("this is it"));
    // And the patterns still apply, with the same placeholder.
    const QString sid = QLatin1String(sampleSid);
    QCOMPARE(logging::redact(u"can not get user uid. sid "_qs + sid + u" is not correct"_qs, odd),
             QStringLiteral("can not get user uid. sid <redacted> is not correct"));
    QCOMPARE(logging::redactedSid, QLatin1String("<redacted>"));
}

void TestLogging::logsTheFirstAndEveryNth()
{
    QList<qint64> written;
    for (qint64 n = 1; n <= 2500; ++n) {
        if (logging::logOccurrence(n, 1000))
            written.append(n);
    }
    QCOMPARE(written, (QList<qint64>{1, 1001, 2001}));
    QVERIFY(!logging::logOccurrence(0, 100));
    QVERIFY(logging::logOccurrence(7, 1)); // every one
}

void TestLogging::redactsBeforeWriting()
{
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Info));
    // The previous handler (QTest's here, Qt's default in the app) gets the redacted text too.
    QTest::ignoreMessage(QtInfoMsg, "login answered x-sid: <redacted>");
    qCInfo(lcForum).noquote() << "login answered x-sid:" << sampleSid;
    const QString log = readLog();
    QVERIFY2(log.contains(u"login answered x-sid: <redacted>"), qPrintable(log));
    QVERIFY(!log.contains(QLatin1String(sampleSid)));
}

void TestLogging::escapesControlCharacters()
{
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Info));
    // A server's close reason quoted as it came: shown, but no terminal showing the log obeys it.
    QTest::ignoreMessage(QtInfoMsg, "refused: \\x1B]0;owned\\x07\\x1B[2Jno\\u202E\nsecond line");
    qCInfo(lcClient).noquote() << "refused:" << QStringLiteral("\x1b]0;owned\x07\x1b[2Jno\u202e\nsecond line");
    const QString log = readLog();
    QVERIFY2(log.contains(u"refused: \\x1B]0;owned\\x07\\x1B[2Jno\\u202E\nsecond line"), qPrintable(log));
    QVERIFY(!log.contains(QChar(0x1b)) && !log.contains(QChar(0x07)) && !log.contains(QChar(0x202e)));
}

void TestLogging::filtersByLevel()
{
    // main() below clears QT_LOGGING_RULES, which would otherwise override these rules.
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Critical));
    QVERIFY(!lcInbox().isWarningEnabled());
    QVERIFY(lcInbox().isCriticalEnabled());
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Warning));
    QVERIFY(!lcInbox().isInfoEnabled());
    QVERIFY(!lcInbox().isDebugEnabled());
    QVERIFY(lcInbox().isWarningEnabled());
    qCInfo(lcInbox, "hidden info");
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Info));
    QVERIFY(lcInbox().isInfoEnabled());
    QVERIFY(!lcInbox().isDebugEnabled());
    qCInfo(lcInbox, "shown info");
    qCDebug(lcInbox, "hidden debug");
    QVERIFY(logging::setup(logging::Sink::File, logging::Level::Debug));
    QVERIFY(lcUi().isDebugEnabled());
    qCDebug(lcUi, "shown debug");
    const QString log = readLog();
    QVERIFY(!log.contains(u"hidden"));
    QVERIFY(log.contains(u"info hu60.core.inbox: shown info"));
    QVERIFY(log.contains(u"debug hu60.ui: shown debug"));
}

void TestLogging::stderrSinkWritesNoFile()
{
    QVERIFY(logging::setup(logging::Sink::Stderr, logging::Level::Info));
    qCInfo(lcApp, "to stderr only");
    QVERIFY(!QFile::exists(logging::logFilePath()));
}

int main(int argc, char** argv)
{
    // ctest sets QT_LOGGING_RULES for every test; environment rules beat setFilterRules(), so drop it here to test
    // our own rules.
    qunsetenv("QT_LOGGING_RULES");
    QCoreApplication app(argc, argv);
    TestLogging test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logging.moc"
