// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QList>
#include <QUrl>

namespace ui {

/// One line of a burst summary: who wrote (empty for an earlier summary) and what, already shortened.
struct BurstLine
{
    QString title;
    QString text;
};

/// The summary notification a burst becomes (shared by the popup and native presenters): the message count,
/// @-only or not, the ids it covers and the page it opens. Text fields are left to the presenter.
inbox::Notification summarizeBurst(const QList<inbox::Notification>& burst, const QUrl& siteBase);

/// Whether every message of `burst` is an inbox message (when `inbox`) or an @ mention (when `mentions`).
bool burstIsAllOf(const QList<inbox::Notification>& burst, bool inbox, bool mentions);

/// The newest `maxLines` of a burst, newest first, each text simplified and cut to `maxLength` characters.
QList<BurstLine> burstLines(const QList<inbox::Notification>& burst, int maxLines, int maxLength);

} // namespace ui
