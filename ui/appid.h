// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace ui {

/// The app's identity on the desktop: the installed desktop file's name without ".desktop" (the Wayland app id,
/// the notifications' "desktop-entry" hint and the icon name). One value with the packaging: CMake's HU60_APP_ID.
inline constexpr auto appId = HU60_APP_ID;
/// The app's human name, as the desktop file's Name= (the notification servers' app_name).
inline constexpr auto appDisplayName = "hu60 Notifier";

} // namespace ui
