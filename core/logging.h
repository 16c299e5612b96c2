// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>
#include <QString>
#include <QStringView>

#include <optional>

// Every logging category of the project, in one place. Names are hu60.<layer>.<area>.
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)
Q_DECLARE_LOGGING_CATEGORY(lcContent)
Q_DECLARE_LOGGING_CATEGORY(lcForum)
Q_DECLARE_LOGGING_CATEGORY(lcClient)
Q_DECLARE_LOGGING_CATEGORY(lcInbox)
Q_DECLARE_LOGGING_CATEGORY(lcPresence)
Q_DECLARE_LOGGING_CATEGORY(lcSettings)
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcEmulator)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

/// Where log messages go and how much of them: one knob (--log-level, HU60_LOG_LEVEL or the settings) becomes
/// QLoggingCategory filter rules for the hu60.* categories; QT_LOGGING_RULES still overrides them, because Qt
/// applies environment rules after API rules. main() calls setup() once; nothing else owns logging state.
namespace logging {

/// The lowest message type of the hu60.* categories that gets through.
enum class Level {
    Debug,    ///< everything
    Info,     ///< the default: info, warnings and errors
    Warning,  ///< only warnings and errors
    Critical, ///< only errors
};

/// Where messages are written.
enum class Sink {
    Stderr, ///< command-line modes: stderr only, as Qt does by default
    File,   ///< tray modes: a rotating file in the XDG state folder, and stderr
};

/// Size limits of the rotating log file.
struct FileOptions
{
    qint64 maxBytes = 1024 * 1024; ///< rotate before the current file would grow past this
    int keepFiles = 3;             ///< rotated files kept beside the current one (.1 is the newest)
};

/// "debug", "info", "warning" or "critical" (case-insensitive; "warn" too); nullopt for anything else.
std::optional<Level> parseLevel(QStringView text);
QString levelName(Level level);

/// The filter rules for @p level, in QLoggingCategory::setFilterRules() syntax.
QString filterRules(Level level);

/// $XDG_STATE_HOME/hu60-notifier/log, or ~/.local/state/hu60-notifier/log (QStandardPaths has no state
/// location before Qt 6.7).
QString logDirectory();
/// The current log file inside logDirectory().
QString logFilePath();

/// What stands for a session id in the log and in messages: the one placeholder of every redaction.
inline constexpr QLatin1String redactedSid("<redacted>");
/// Replaces `knownSid` (the sid in use, when it has 8 characters or more) wherever it appears, and anything that
/// looks like a session id (20–64 of [A-Za-z0-9_-] after "sid", "_sid=", "hu60_sid=", "x-sid" or in a
/// /q.php/<sid>/ path), with redactedSid. The one redaction of the program (the log handler, the push client's
/// error texts, the push server's log). Defence in depth: code must not log a sid anyway.
QString redact(const QString& text, const QString& knownSid = {});

/// For a line repeated on every occurrence of something (a full queue, a wrong token): whether occurrence `n`
/// (1 = the first) is written: the first, then every `every`-th after it, so that a flood cannot flood the log as
/// well. (Per key and per time window: server::Throttle, as the push server's limit messages.)
constexpr bool logOccurrence(qint64 n, qint64 every)
{
    return n >= 1 && (every <= 1 || (n - 1) % every == 0);
}

/// Applies the filter rules for @p level and installs a message handler that redacts every message, makes its
/// control characters visible (terminaltext::safe(), line breaks kept) and writes it to stderr and, for
/// Sink::File, to the rotating log file. Returns false (and keeps logging to stderr) when the log file cannot be
/// opened; @p error then says why.
bool setup(Sink sink, Level level, const FileOptions& options = {}, QString* error = nullptr);

/// Restores the message handler from before setup() and closes the log file (tests; setup() may be called again).
void shutdown();

} // namespace logging
