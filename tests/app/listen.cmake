# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_listen_e2e SOURCES tst_listen_e2e.cpp LIBS hu60_core LABELS app TIMEOUT 180)
target_compile_definitions(tst_listen_e2e PRIVATE HU60_NOTIFIER_BINARY="$<TARGET_FILE:hu60-notifier>")
add_dependencies(tst_listen_e2e hu60-notifier)

hu60_add_test(NAME tst_commandrunner
    SOURCES tst_commandrunner.cpp
        ${PROJECT_SOURCE_DIR}/app/commandrunner.h ${PROJECT_SOURCE_DIR}/app/commandrunner.cpp
    LIBS hu60_core
    LABELS app TIMEOUT 60)

hu60_add_test(NAME tst_send_e2e SOURCES tst_send_e2e.cpp LIBS hu60_core LABELS app TIMEOUT 180)
target_compile_definitions(tst_send_e2e PRIVATE HU60_NOTIFIER_BINARY="$<TARGET_FILE:hu60-notifier>")
add_dependencies(tst_send_e2e hu60-notifier)
