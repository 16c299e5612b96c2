// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace settings {

/// Start on login, the freedesktop way: a desktop entry in $XDG_CONFIG_HOME/autostart (default ~/.config).
namespace autostart {

/// The entry's path: <XDG_CONFIG_HOME or ~/.config>/autostart/hu60-notifier.desktop.
QString entryPath();
bool isEnabled();
/// Writes (with `executable` as Exec) or removes the entry; false with `error` set on failure.
bool setEnabled(bool enabled, const QString& executable, QString* error = nullptr);

} // namespace autostart

} // namespace settings
