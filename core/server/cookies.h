// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace server {

/// The value of cookie `name` in a request's Cookie headers (any number of them, names compared exactly, the
/// first match wins); empty when there is none. Shared by the push server and the forum emulator.
QString cookieValue(const QList<QPair<QByteArray, QByteArray>>& headers, QByteArrayView name);

} // namespace server
