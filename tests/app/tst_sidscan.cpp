// SPDX-License-Identifier: GPL-3.0-or-later
// The session id never lands anywhere but the credential store. A whole tray session runs against the companion
// server with debug logging to file: first-run login through the login dialog, catch-up, live messages, a
// server restart (reconnect), a rejected session and a fresh start, plus a `listen` child process. Then every
// file written under the session's private home (log files, history database, settings, caches) and the captured
// stderr/stdout are scanned for the sid, raw, percent-encoded, hex and base64 (at every alignment). The only
// place allowed is the 0600 credential fallback file (no secret service runs in the test). A negative control
// proves the scanner finds a planted sid.
#include "core/client/pushclient.h"
#include "core/inbox/historystore.h"
#include "core/logging.h"
#include "core/server/companion.h"
#include "core/settings/settings.h"
#include "ui/application.h"
#include "ui/settings/logindialog.h"

#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString binary = QStringLiteral(HU60_NOTIFIER_BINARY);
constexpr qint64 userUid = 4242;
constexpr qint64 senderUid = 2333;
// Generous: on failure only. Under ASan, on 2 cores shared with the chaos test, one step (a reconnect after the
// server's restart with backoff and jitter, an ASan-built `listen` starting) can take well over 20 s.
constexpr int stepTimeout = 60'000;

/// The session's private home: HOME and every XDG folder point into it before the application object exists.
QTemporaryDir* s_home = nullptr;

QString randomToken(int length)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString token;
    for (int i = 0; i < length; ++i)
        token.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(62)]));
    return token;
}

/// Every encoding of `sid` that a careless line of code could write.
QList<QByteArray> needles(const QString& sid)
{
    const QByteArray raw = sid.toUtf8();
    QList<QByteArray> out{raw, QUrl::toPercentEncoding(sid), raw.toHex(), raw.toHex().toUpper(),
                          QUrl::toPercentEncoding(QStringLiteral("hu60_sid=") + sid)};
    // Base64 of the sid inside a longer text depends on its offset modulo 3: take the part of each alignment that
    // encodes sid bytes only.
    for (int offset = 0; offset < 3; ++offset) {
        for (const auto option : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
            const QByteArray encoded = QByteArray(QByteArray(offset, 'x') + raw).toBase64(option);
            const int skip = offset == 0 ? 0 : offset + 1; // characters that still carry padding bits
            out.append(encoded.mid(skip, encoded.size() - skip - 4));
        }
    }
    return out;
}

/// Files under `root` holding any of `patterns`, with the first pattern found.
QMap<QString, QByteArray> scan(const QString& root, const QList<QByteArray>& patterns)
{
    QMap<QString, QByteArray> hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            hits.insert(path, QByteArrayLiteral("<unreadable: cannot prove it clean>"));
            continue;
        }
        const QByteArray data = file.readAll();
        for (const QByteArray& pattern : patterns) {
            if (data.contains(pattern)) {
                hits.insert(path, pattern);
                break;
            }
        }
    }
    return hits;
}

/// Sends a file descriptor (stdout, stderr) into a file for as long as it lives.
class OutputCapture
{
public:
    OutputCapture(int fd, const QString& path)
        : m_fd(fd)
        , m_path(path)
    {
        fflush(stdout);
        fflush(stderr);
        m_saved = dup(fd);
        const int file = open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (file >= 0) {
            dup2(file, fd);
            close(file);
        }
    }
    ~OutputCapture()
    {
        fflush(stdout);
        fflush(stderr);
        if (m_saved >= 0) {
            dup2(m_saved, m_fd);
            close(m_saved);
        }
        // A failing check wrote its message (QTest's FAIL! line, the log) into the capture: show it where it
        // belongs, or the failure would be reported without its reason.
        if (QTest::currentTestFailed()) {
            QFile captured(m_path);
            if (captured.open(QIODevice::ReadOnly)) {
                const QByteArray text = captured.readAll().right(64 * 1024);
                if (write(m_fd, text.constData(), size_t(text.size())) < 0)
                    perror("tst_sidscan: replaying captured output");
            }
        }
    }
    Q_DISABLE_COPY_MOVE(OutputCapture)

private:
    int m_fd;
    QString m_path;
    int m_saved = -1;
};

ui::LoginDialog* findLoginDialog()
{
    for (QWidget* window : QApplication::topLevelWidgets()) {
        if (auto* dialog = qobject_cast<ui::LoginDialog*>(window); dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

QJsonArray textContent(const QString& text)
{
    return QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), text}}};
}

} // namespace

class TestSidScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeSessionKeepsTheSidInTheCredentialStoreOnly();

private:
    bool startServer(const QString& sid);
    void writeData(const QString& sid);

    QTemporaryDir m_serverDir; ///< the server's own data (holds the sid legitimately; not scanned)
    std::unique_ptr<server::Companion> m_companion;
    quint16 m_pushPort = 0;
    quint16 m_httpPort = 0;
    QJsonArray m_messages;
};

void TestSidScan::writeData(const QString& sid)
{
    const QString path = m_serverDir.filePath(QStringLiteral("store.json"));
    QJsonObject document;
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly))
        document = QJsonDocument::fromJson(existing.readAll()).object();
    existing.close();
    QJsonArray users{QJsonObject{{QStringLiteral("uid"), userUid},
                                 {QStringLiteral("name"), QStringLiteral("scanner")},
                                 {QStringLiteral("sid"), sid},
                                 {QStringLiteral("password"), QStringLiteral("correct horse")}},
                     QJsonObject{{QStringLiteral("uid"), senderUid},
                                 {QStringLiteral("name"), QStringLiteral("sender")},
                                 {QStringLiteral("password"), QStringLiteral("x")}}};
    document.insert(QStringLiteral("users"), users);
    if (!document.contains(QStringLiteral("messages"))) {
        // Two unread messages waiting before the first connect: the catch-up.
        QJsonArray messages;
        for (int id = 1; id <= 2; ++id)
            messages.append(
                QJsonObject{{QStringLiteral("id"), id},
                            {QStringLiteral("touid"), userUid},
                            {QStringLiteral("byuid"), senderUid},
                            {QStringLiteral("type"), 0},
                            {QStringLiteral("isread"), 0},
                            {QStringLiteral("ctime"), 1'700'000'000 + id},
                            {QStringLiteral("content"), textContent(QStringLiteral("waiting %1").arg(id))}});
        document.insert(QStringLiteral("messages"), messages);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(document).toJson());
}

bool TestSidScan::startServer(const QString& sid)
{
    if (m_companion)
        m_companion->stop();
    m_companion.reset();
    writeData(sid);
    auto companion = std::make_unique<server::Companion>();
    server::CompanionOptions options;
    options.pushPort = m_pushPort;
    options.httpPort = m_httpPort;
    options.dataFile = m_serverDir.filePath(QStringLiteral("store.json"));
    QString error;
    if (!companion->start(options, &error)) {
        qWarning().noquote() << "companion:" << error;
        return false;
    }
    m_pushPort = quint16(companion->pushUrl().port());
    m_httpPort = quint16(companion->httpUrl().port());
    m_companion = std::move(companion);
    return true;
}

void TestSidScan::wholeSessionKeepsTheSidInTheCredentialStoreOnly()
{
    const QString home = s_home->path();
    const QString sid = QStringLiteral("sIdScAn") + randomToken(33); // 40 characters, never seen anywhere else
    QVERIFY(startServer(sid));

    QString logError;
    QVERIFY2(logging::setup(logging::Sink::File, logging::Level::Debug, {}, &logError), qPrintable(logError));
    QVERIFY(logging::logFilePath().startsWith(home));
    // Everything printed during the session (the log handler's stderr copy, QTest's own lines) is scanned too.
    auto stderrCapture = std::make_unique<OutputCapture>(STDERR_FILENO, home + u"/captured-stderr.txt");
    auto stdoutCapture = std::make_unique<OutputCapture>(STDOUT_FILENO, home + u"/captured-stdout.txt");

    const QString settingsFile = home + u"/config/hu60/hu60-notifier.conf";
    {
        QSettings backend(settingsFile, QSettings::IniFormat);
        settings::SettingsStore store(&backend);
        settings::Settings s;
        s.site = m_companion->httpUrl();
        s.pushUrl = m_companion->pushUrl();
        s.logLevel = QStringLiteral("debug");
        store.save(s);
    }
    ui::ApplicationOptions options;
    options.settingsFile = settingsFile;
    options.dataDir = home + u"/data/hu60/hu60-notifier";
    auto application = std::make_unique<ui::Application>(options);
    client::PushClient* client = application->pushClient();
    inbox::HistoryStore* history = application->history();
    auto historySize = [history] { return history->list(QString(), 1000).size(); };

    // First run: no sid stored, so the login dialog asks; log in with the password like a user would.
    application->start();
    ui::LoginDialog* login = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((login = findLoginDialog()) != nullptr, stepTimeout);
    login->findChild<QLineEdit*>(QStringLiteral("loginName"))->setText(QStringLiteral("scanner"));
    login->findChild<QLineEdit*>(QStringLiteral("loginPassword"))->setText(QStringLiteral("correct horse"));
    login->findChild<QPushButton*>(QStringLiteral("loginButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), client::PushClient::State::Connected, stepTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(historySize() >= 2, stepTimeout); // the catch-up

    // Live messages.
    for (int i = 0; i < 2; ++i)
        QVERIFY(m_companion->insertMessage(userUid, senderUid, 0, textContent(QStringLiteral("live %1").arg(i))) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(historySize() >= 4, stepTimeout);

    // The server goes away and comes back with a message that arrived meanwhile: reconnect and catch-up.
    m_companion->stop();
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), client::PushClient::State::Reconnecting, stepTimeout);
    QVERIFY(startServer(sid));
    QVERIFY(m_companion->insertMessage(userUid, senderUid, 1, textContent(QStringLiteral("@scanner while away"))) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), client::PushClient::State::Connected, stepTimeout);

    // The forum forgets the session: the push server rejects the sid (its reason would echo it).
    m_companion->stop();
    QVERIFY(startServer(randomToken(30)));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), client::PushClient::State::AuthRejected, 60'000);

    // The session is valid again (e.g. fixed on the forum); "reconnect" starts over.
    m_companion->stop();
    QVERIFY(startServer(sid));
    client->start();
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), client::PushClient::State::Connected, stepTimeout);
    QVERIFY(m_companion->insertMessage(userUid, senderUid, 0, textContent(QStringLiteral("back again"))) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(historySize() >= 6, stepTimeout);

    // A headless subscriber with the sid in its environment (never on its command line), output captured.
    {
        QProcess listener;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HU60_SID"), sid);
        env.insert(QStringLiteral("HU60_LOG_LEVEL"), QStringLiteral("debug"));
        listener.setProcessEnvironment(env);
        listener.setStandardOutputFile(home + u"/listen-stdout.txt");
        listener.setStandardErrorFile(home + u"/listen-stderr.txt");
        const QStringList arguments{QStringLiteral("listen"),     QStringLiteral("--json"),
                                    QStringLiteral("--site"),     m_companion->httpUrl().toString(),
                                    QStringLiteral("--push-url"), m_companion->pushUrl().toString()};
        for (const QString& argument : arguments)
            QVERIFY(!argument.contains(sid));
        listener.start(binary, arguments);
        QVERIFY(listener.waitForStarted());
        QFile out(home + u"/listen-stdout.txt");
        QTRY_VERIFY_WITH_TIMEOUT(out.size() > 0, stepTimeout);
        QVERIFY(m_companion->insertMessage(userUid, senderUid, 0, textContent(QStringLiteral("to both"))) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(out.fileName()).size() > 0 &&
                [&] {
                    QFile f(out.fileName());
                    return f.open(QIODevice::ReadOnly) && f.readAll().contains("to both");
                }(),
            stepTimeout);
        listener.terminate();
        QVERIFY(listener.waitForFinished(10'000));
    }

    // Everything written down and closed.
    const QString credentials = options.dataDir + u"/credentials";
    application.reset();
    m_companion->stop();
    stdoutCapture.reset();
    stderrCapture.reset();

    const QList<QByteArray> patterns = needles(sid);
    const QMap<QString, QByteArray> hits = scan(home, patterns);
    QStringList report;
    for (auto it = hits.begin(); it != hits.end(); ++it)
        report.append(it.key() + u" (" + QString::fromLatin1(it.value() == sid.toUtf8() ? "raw" : "encoded") + u')');
    QVERIFY2(hits.keys() == QStringList{credentials},
             qPrintable(QStringLiteral("the sid was found in: ") + report.join(QStringLiteral(", "))));
    const QFileDevice::Permissions permissions = QFileInfo(credentials).permissions();
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner) && permissions.testFlag(QFileDevice::WriteOwner));
    QCOMPARE(permissions & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther),
             QFileDevice::Permissions());
    // Private files, and the folders made for them, are nobody else's (under the usual umask, see main()).
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    for (const QString& file : QStringList{options.dataDir, options.dataDir + u"/history.sqlite",
                                           logging::logDirectory(), logging::logFilePath()})
        QVERIFY2((QFileInfo(file).permissions() & others) == QFileDevice::Permissions(), qPrintable(file));
    // The scan saw the session's real files, not an empty folder.
    QVERIFY(QFileInfo(logging::logFilePath()).size() > 0);
    QVERIFY(QFileInfo::exists(options.dataDir + u"/history.sqlite"));
    QVERIFY(QFileInfo(settingsFile).size() > 0);
    QVERIFY(QFileInfo(home + u"/captured-stderr.txt").size() + QFileInfo(home + u"/captured-stdout.txt").size() > 0);
    QVERIFY(QFileInfo(home + u"/listen-stderr.txt").size() > 0);

    // Negative control: a debug line with the bare sid, and its base64 in some file, are found.
    qCDebug(lcApp).noquote() << "planted for the scanner's negative control:" << sid;
    logging::shutdown();
    QFile planted(home + u"/cache/planted.bin");
    QVERIFY(QDir().mkpath(home + u"/cache"));
    QVERIFY(planted.open(QIODevice::WriteOnly));
    planted.write("prefix:" + QByteArray(QByteArrayLiteral("hu60_sid=") + sid.toUtf8()).toBase64() + ":suffix");
    planted.close();
    const QMap<QString, QByteArray> control = scan(home, patterns);
    QVERIFY2(control.contains(logging::logFilePath()), "the scanner missed a sid logged with qCDebug");
    QVERIFY2(control.contains(planted.fileName()), "the scanner missed a base64-encoded sid");
}

int main(int argc, char** argv)
{
    // Before any Qt object reads them: a private home for everything the session writes, no secret service (the
    // credential store must fall back to its file), and no logging rules that would hide debug output.
    QTemporaryDir home;
    s_home = &home;
    const QByteArray path = QFile::encodeName(home.path());
    qputenv("HOME", path);
    qputenv("XDG_CONFIG_HOME", path + "/config");
    qputenv("XDG_DATA_HOME", path + "/data");
    qputenv("XDG_CACHE_HOME", path + "/cache");
    qputenv("XDG_STATE_HOME", path + "/state");
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + path + "/no-session-bus");
    qunsetenv("QT_LOGGING_RULES");
    ::umask(022); // the usual one: what the files are created with must not depend on a stricter one here
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("hu60"));
    QApplication::setApplicationName(QStringLiteral("hu60-notifier"));
    TestSidScan test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sidscan.moc"
