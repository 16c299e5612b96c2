// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace server {

/// The built-in demo data set: the demo user 小明 (uid 10086), a few friends, several robots and some unread
/// messages in realistic hu60 segment format. Used by `serve` without --data and by the app's --demo mode.
namespace demo {

inline constexpr qint64 userUid = 10086;
/// The demo user's session id (28 URL-safe characters, like the forum's own sids).
inline constexpr char16_t userSid[] = u"Hu60DemoSid10086XiaoMing0001";
inline constexpr char16_t userName[] = u"小明";
inline constexpr char16_t userPassword[] = u"demo1234";

/// Robot ChatGPT (uid -50) and its sid, for tests and demo traffic.
inline constexpr qint64 robotUid = -50;
inline constexpr char16_t robotSid[] = u"Hu60DemoSidRobot50ChatGPT001";

/// The data set in the --data file format (see Store).
QByteArray dataSet();

} // namespace demo

} // namespace server
