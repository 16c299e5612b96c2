# SPDX-License-Identifier: GPL-3.0-or-later
# Tray shell: robot panel, settings, login, history, tray menu.
hu60_add_test(NAME tst_robotpanel SOURCES tst_robotpanel.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
hu60_add_test(NAME tst_settings SOURCES tst_settings.cpp LIBS hu60_core LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_settingsdialog SOURCES tst_settingsdialog.cpp ../support/serverprobe.h
              LIBS hu60_ui Qt6::WebSockets LABELS ui TIMEOUT 90)
hu60_add_test(NAME tst_trayicon SOURCES tst_trayicon.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
hu60_add_test(NAME tst_historywindow SOURCES tst_historywindow.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
hu60_add_test(NAME tst_notifier SOURCES tst_notifier.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
# The language applied at run time: the switching itself is app/i18n.cpp; the catalogues are the build's .qm files.
hu60_add_test(NAME tst_language
    SOURCES tst_language.cpp ${PROJECT_SOURCE_DIR}/app/i18n.h ${PROJECT_SOURCE_DIR}/app/i18n.cpp
    LIBS hu60_ui LABELS ui TIMEOUT 60)
target_compile_definitions(tst_language PRIVATE HU60_CATALOGUE_DIR="${PROJECT_BINARY_DIR}/app")
add_dependencies(tst_language hu60-notifier)
hu60_add_test(NAME tst_sleepwatcher SOURCES tst_sleepwatcher.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
