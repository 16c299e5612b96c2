// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/logging.h"

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
