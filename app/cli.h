// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/logging.h"

#include <QStringList>

#include <memory>
#include <optional>

class QCoreApplication;

/// The top level of the command line, before and around the modes: which mode a command line asks for, the
/// application object it needs, the options every mode shares (--log-level) and the answers main() gives itself
/// (--help, --version, --debug-info). Free functions called by main() only.
namespace app::cli {

/// What main() does with a command line.
enum class Mode {
    Tray,      ///< no mode word: the tray app
    Demo,      ///< --demo: the tray app against an embedded server
    Render,    ///< render …
    Serve,     ///< serve …
    Push,      ///< push …
    Listen,    ///< listen …
    Send,      ///< send …
    Reply,     ///< reply …
    Help,      ///< --help / -h at the top level: list the modes
    Version,   ///< --version / -v at the top level
    DebugInfo, ///< --debug-info
    Unknown,   ///< the first argument is neither an option nor a mode: exit 2
};

/// Chooses the mode from the raw arguments, before any application object exists. A mode word must come first.
Mode modeFor(int argc, char** argv);

/// The application object @p mode needs: none of the command-line modes needs a display.
std::unique_ptr<QCoreApplication> createApplication(Mode mode, int& argc, char** argv);

/// Organisation and application name and version (QSettings: org "hu60", app "hu60-notifier"), and the desktop
/// file name (ui::appId: the Wayland app id).
void setApplicationInfo();

/// Removes "--log-level LEVEL" and "--log-level=LEVEL" from @p arguments (any mode takes it) and stores the level.
/// False with @p error set when the value is missing or not a level.
bool takeLogLevel(QStringList* arguments, std::optional<logging::Level>* level, QString* error);

/// The level to log at: @p fromArguments, else $HU60_LOG_LEVEL, else the "desktop/logLevel" setting, else info.
logging::Level effectiveLogLevel(std::optional<logging::Level> fromArguments);

/// Top-level help: usage, the modes, the shared options and the exit codes.
QString helpText();

/// Versions, platform, paths and the log file, for bug reports (--debug-info).
QString debugInfo(const QString& loadedLanguage);

/// Arguments after the mode word, keeping the program name first as QCommandLineParser expects.
QStringList modeArguments(const QStringList& arguments);

} // namespace app::cli
