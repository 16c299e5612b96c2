# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_ui PRIVATE
    application.h application.cpp
    notifier.h notifier.cpp
    sleepwatcher.h sleepwatcher.cpp
    tray/trayicon.h tray/trayicon.cpp
    bots/avatarcache.h bots/avatarcache.cpp
    bots/robotdelegate.h bots/robotdelegate.cpp
    bots/robotpanel.h bots/robotpanel.cpp
    history/historywindow.h history/historywindow.cpp
    reply/replywindow.h reply/replywindow.cpp
    settings/logindialog.h settings/logindialog.cpp
    settings/settingsdialog.h settings/settingsdialog.cpp
)
qt_add_resources(hu60_ui "hu60_shell_icons"
    PREFIX "/icons"
    BASE "${PROJECT_SOURCE_DIR}/resources/icons"
    FILES
        ${PROJECT_SOURCE_DIR}/resources/icons/inbox.svg
        ${PROJECT_SOURCE_DIR}/resources/icons/mention.svg
)
