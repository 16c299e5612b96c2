// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/settings.h"

#include <QString>
#include <QUrl>

namespace app {

/// The keychain entry and fallback folder of the tray app's account (ui::Application uses the same).
inline constexpr auto credentialService = "hu60-notifier";

/// The tray app's configured endpoints, read-only (no settings file is created or migrated when there is none).
settings::Settings configuredSettings();

/// Reads the tray app's stored session id (keychain, or its 0600 fallback file); empty when none is stored.
/// `where` says where it looked, for messages.
QString storedSid(QString* where);

/// Same scheme, host and port (default ports filled in).
bool sameOrigin(const QUrl& a, const QUrl& b);

/// The session id a command-line mode acts with: HU60_SID, else the tray app's stored one — which only for the
/// site it belongs to (`site` must be the configured site's origin). Never an argument (visible in ps). Empty with
/// `error` (translated, for the user) when there is none or it is malformed; `exitCode` is then set.
QString commandLineSid(const QUrl& site, const char* context, QString* error, int* exitCode);

} // namespace app
