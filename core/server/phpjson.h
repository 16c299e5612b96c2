// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace server {

/// Compact JSON the way the forum's PHP json_encode(JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) stores
/// message content: raw UTF-8, unescaped '/', U+2028/U+2029 escaped. QJsonObject does not keep member order, so
/// objects are written with "type" first (as every segment the forum creates starts) and the rest sorted.
QByteArray phpJson(const QJsonValue& value);

} // namespace server
