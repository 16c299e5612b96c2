// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <optional>

// Each mode of the one hu60-notifier binary. main() creates the application object the mode needs and calls
// it with the arguments after the mode name (arguments.first() is the program name).
namespace modes {

/// Exit codes shared by all modes (documented in README).
enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1,     ///< generic runtime failure
    ExitBadInput = 2,    ///< render: at least one bad line; other modes: bad arguments
    ExitAuthFailed = 3,  ///< the server or forum rejected the session id
    ExitUnreachable = 4, ///< the server could not be reached
    ExitInUse = 5,       ///< listen: the --state file is in use by another process
};

/// A secret from, in this order, its argument (visible in ps), the first line of `file` (when not empty) or the
/// environment variable `variable`; "" when none is set. nullopt with `error` when the file cannot be read or is
/// empty, or when both the argument and the file are given. Shared by serve and push.
std::optional<QString> readToken(const std::optional<QString>& argument, const QString& file, const char* variable,
                                 QString* error);

int render(const QStringList& arguments);
int serve(const QStringList& arguments);
int push(const QStringList& arguments);
int listen(const QStringList& arguments);
int send(const QStringList& arguments);
int reply(const QStringList& arguments);
int tray(const QStringList& arguments, bool demo);

} // namespace modes
