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

# The catalogues cover the sources: lupdate over the current sources finds nothing new (a tr() string added without
# updating translations/ fails here, not silently at run time as untranslated English).
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)
add_test(NAME translations_cover_sources
    COMMAND ${CMAKE_COMMAND}
        -DLUPDATE=$<TARGET_FILE:Qt6::lupdate>
        -DLUPDATE_PROJECT_GENERATOR=${Qt6LinguistTools_DIR}/GenerateLUpdateProject.cmake
        -DPROJECT_IN=${PROJECT_BINARY_DIR}/app/.lupdate/hu60-notifier_project.cmake
        -DTS_DIR=${PROJECT_SOURCE_DIR}/translations
        -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations-cover-sources
        -P ${CMAKE_CURRENT_SOURCE_DIR}/translations-cover-sources.cmake)
set_tests_properties(translations_cover_sources PROPERTIES LABELS "app;style" TIMEOUT 300)
