# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_ui PRIVATE
    notifier.h notifier.cpp
    tray/trayicon.h tray/trayicon.cpp
)
