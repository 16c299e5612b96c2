# SPDX-License-Identifier: GPL-3.0-or-later
find_package(Qt6Keychain REQUIRED)
target_sources(hu60_core PRIVATE
    settings/settings.h settings/settings.cpp
    settings/settingsmodel.h settings/settingsmodel.cpp
    settings/credentialstore.h settings/credentialstore.cpp
    settings/autostart.h settings/autostart.cpp
    settings/connectiontester.h settings/connectiontester.cpp
    settings/networkconfig.h settings/networkconfig.cpp
)
target_link_libraries(hu60_core PUBLIC qt6keychain)
