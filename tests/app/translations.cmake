# SPDX-License-Identifier: GPL-3.0-or-later
# Desktop citizenship: translation catalogues, single instance, the top-level command line.
hu60_add_test(NAME tst_translations SOURCES tst_translations.cpp LABELS app TIMEOUT 30)
target_compile_definitions(tst_translations PRIVATE HU60_TRANSLATIONS_DIR="${PROJECT_SOURCE_DIR}/translations"
                                                    HU60_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

hu60_add_test(NAME tst_singleinstance
    SOURCES tst_singleinstance.cpp
        ${PROJECT_SOURCE_DIR}/app/singleinstance.h ${PROJECT_SOURCE_DIR}/app/singleinstance.cpp
    LIBS hu60_core Qt6::Network
    LABELS app TIMEOUT 30)

hu60_add_test(NAME tst_cli
    SOURCES tst_cli.cpp ${PROJECT_SOURCE_DIR}/app/singleinstance.h ${PROJECT_SOURCE_DIR}/app/singleinstance.cpp
    LIBS hu60_core Qt6::Network
    LABELS app TIMEOUT 60)
target_compile_definitions(tst_cli PRIVATE HU60_NOTIFIER_BINARY="$<TARGET_FILE:hu60-notifier>")
add_dependencies(tst_cli hu60-notifier)
