// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/logging.h"

#include "core/terminaltext.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>

#include <cstdio>

Q_LOGGING_CATEGORY(lcProtocol, "hu60.core.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcContent, "hu60.core.content", QtInfoMsg)
Q_LOGGING_CATEGORY(lcForum, "hu60.core.forum", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "hu60.core.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcInbox, "hu60.core.inbox", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPresence, "hu60.core.presence", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "hu60.core.settings", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "hu60.core.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEmulator, "hu60.core.emulator", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "hu60.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "hu60.ui", QtInfoMsg)

namespace {

// The handler may run on any thread; everything it touches lives here, behind one mutex.
struct FileLog
{
    QMutex mutex;
    QFile file;
    logging::FileOptions options;
    bool active = false;
    // The handler that was there before setup(): Qt's default, or QTest's in tests. Redacted messages still go
    // through it, so QT_MESSAGE_PATTERN, journald and QTest::failOnWarning keep working.
    QtMessageHandler previous = nullptr;
    bool installed = false;
};

Q_GLOBAL_STATIC(FileLog, fileLog)

// Logs may quote what other users wrote: files and the folder made for them are the user's alone.
constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Set while the handler runs on this thread: a warning raised by the file code itself (QFile) must not recurse
// into the file or dead-lock on the mutex.
thread_local bool t_inHandler = false;

const char* typeName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

QString rotatedPath(const QString& path, int index)
{
    return path + u'.' + QString::number(index);
}

// Called with the mutex held and the file open.
void rotate(FileLog& log)
{
    const QString path = log.file.fileName();
    log.file.close();
    const int keep = qMax(0, log.options.keepFiles);
    if (keep == 0) {
        QFile::remove(path);
    } else {
        QFile::remove(rotatedPath(path, keep));
        for (int i = keep - 1; i >= 1; --i)
            QFile::rename(rotatedPath(path, i), rotatedPath(path, i + 1));
        QFile::rename(path, rotatedPath(path, 1));
    }
    log.file.setFileName(path);
    if (!log.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text, ownerOnly))
        log.active = false;
}

void writeToFile(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    FileLog& log = *fileLog;
    QMutexLocker locker(&log.mutex);
    if (!log.active)
        return;
    const QString line = QDateTime::currentDateTime().toString(Qt::ISODateWithMs) + u' ' +
                         QLatin1String(typeName(type)) + u' ' +
                         QLatin1String(context.category ? context.category : "default") + u": " + message + u'\n';
    const QByteArray bytes = line.toUtf8();
    if (log.file.size() > 0 && log.file.size() + bytes.size() > log.options.maxBytes) {
        rotate(log);
        if (!log.active)
            return;
    }
    log.file.write(bytes);
    log.file.flush();
}

void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    // Messages quote servers and other users (a close reason, a forum's error): on a terminal or in the file,
    // none of it may act as an escape sequence.
    const QString clean = terminaltext::safe(logging::redact(message), terminaltext::LineBreaks::Keep);
    if (const QtMessageHandler previous = fileLog->previous) {
        previous(type, context, clean);
    } else {
        const QByteArray formatted = qFormatLogMessage(type, context, clean).toLocal8Bit();
        std::fprintf(stderr, "%s\n", formatted.constData());
        std::fflush(stderr);
    }
    if (t_inHandler)
        return;
    t_inHandler = true;
    writeToFile(type, context, clean);
    t_inHandler = false;
}

} // namespace

std::optional<logging::Level> logging::parseLevel(QStringView text)
{
    const QString value = text.trimmed().toString().toLower();
    if (value == u"debug")
        return Level::Debug;
    if (value == u"info")
        return Level::Info;
    if (value == u"warning" || value == u"warn")
        return Level::Warning;
    if (value == u"critical")
        return Level::Critical;
    return std::nullopt;
}

QString logging::levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return QStringLiteral("debug");
    case Level::Info:
        return QStringLiteral("info");
    case Level::Warning:
        return QStringLiteral("warning");
    case Level::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("info");
}

QString logging::filterRules(Level level)
{
    switch (level) {
    case Level::Debug:
        return QStringLiteral("hu60.*.debug=true\nhu60.*.info=true");
    case Level::Info:
        return QStringLiteral("hu60.*.debug=false\nhu60.*.info=true");
    case Level::Warning:
        return QStringLiteral("hu60.*.debug=false\nhu60.*.info=false");
    case Level::Critical:
        return QStringLiteral("hu60.*.debug=false\nhu60.*.info=false\nhu60.*.warning=false");
    }
    return {};
}

QString logging::logDirectory()
{
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    // The XDG base directory spec says relative paths are invalid and must be ignored.
    if (base.isEmpty() || QDir::isRelativePath(base))
        base = QDir::homePath() + u"/.local/state";
    return base + u"/hu60-notifier/log";
}

QString logging::logFilePath()
{
    return logDirectory() + u"/hu60-notifier.log";
}

QString logging::redact(const QString& text, const QString& knownSid)
{
    // A sid is 20–64 characters of [A-Za-z0-9_-] (spec/forum-api.md §2). The keyword must not be the tail of a
    // longer word ("consider"), and something must separate it from the token so "sideways_…" is left alone.
    static const QRegularExpression keyed(
        QStringLiteral(
            "(?<![A-Za-z])((?:x-|_)?sid[\"']?(?:\\s*[:=]\\s*|\\s+)[\"']?)[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression inPath(QStringLiteral("(/q\\.php/)[A-Za-z0-9_-]{20,64}(?=/)"));
    QString out = text;
    // Shorter ones are no sid (and would redact common words): a "sid" the server was sent by a bad client.
    if (knownSid.size() >= 8)
        out.replace(knownSid, redactedSid);
    if (!out.contains(QLatin1String("sid"), Qt::CaseInsensitive) && !out.contains(QLatin1String("/q.php/")))
        return out;
    const QString replacement = QLatin1String("\\1") + redactedSid;
    out.replace(keyed, replacement);
    out.replace(inPath, replacement);
    return out;
}

bool logging::setup(Sink sink, Level level, const FileOptions& options, QString* error)
{
    QLoggingCategory::setFilterRules(filterRules(level));
    bool ok = true;
    {
        FileLog& log = *fileLog;
        QMutexLocker locker(&log.mutex);
        log.active = false;
        log.file.close();
        log.options = options;
        if (sink == Sink::File) {
            const QString directory = logDirectory();
            // The folder made for the logs is the user's alone, like the files.
            const bool made = !QFileInfo::exists(directory) && QDir().mkpath(QFileInfo(directory).absolutePath()) &&
                              QDir().mkdir(directory, ownerOnly | QFileDevice::ExeOwner);
            if (!made && !QFileInfo(directory).isDir()) {
                ok = false;
                if (error)
                    *error = QStringLiteral("cannot create %1").arg(directory);
            } else {
                log.file.setFileName(logFilePath());
                // Created 0600 (and the rotated ones too, see rotate()); an older file is made so.
                ok = log.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text, ownerOnly);
                if (ok)
                    log.file.setPermissions(ownerOnly);
                else if (error)
                    *error = log.file.errorString();
                log.active = ok;
            }
        }
    }
    if (!fileLog->installed) {
        fileLog->previous = qInstallMessageHandler(messageHandler);
        fileLog->installed = true;
    }
    return ok;
}

void logging::shutdown()
{
    FileLog& log = *fileLog;
    if (log.installed) {
        qInstallMessageHandler(log.previous);
        log.installed = false;
        log.previous = nullptr;
    }
    QMutexLocker locker(&log.mutex);
    log.active = false;
    log.file.close();
}
