# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_popup SOURCES tst_popup.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
hu60_add_test(NAME tst_burstsummary SOURCES tst_burstsummary.cpp LIBS hu60_ui LABELS ui TIMEOUT 30)
hu60_add_test(NAME tst_nativepresenter
    SOURCES tst_nativepresenter.cpp ${PROJECT_SOURCE_DIR}/tests/support/fakenotificationserver.h
            ${PROJECT_SOURCE_DIR}/tests/support/pangomarkup.h
            ${PROJECT_SOURCE_DIR}/tests/support/pangomarkup.cpp
    LIBS hu60_ui LABELS ui TIMEOUT 90)
# Bodies are checked by Pango's own parser, as mako and dunst read them (scripts/install-deps.sh: libpango1.0-dev).
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
    pkg_check_modules(PANGO QUIET IMPORTED_TARGET pango)
endif()
if(PANGO_FOUND)
    target_link_libraries(tst_nativepresenter PRIVATE PkgConfig::PANGO)
    target_compile_definitions(tst_nativepresenter PRIVATE HU60_HAVE_PANGO)
endif()
add_feature_info(PangoMarkupCheck PANGO_FOUND "tst_nativepresenter validates notification bodies with pango_parse_markup")
hu60_add_test(NAME tst_nativefallback
    SOURCES tst_nativefallback.cpp ${PROJECT_SOURCE_DIR}/tests/support/fakenotificationserver.h
    LIBS hu60_ui LABELS ui TIMEOUT 60)
hu60_add_test(NAME tst_imagenetwork SOURCES tst_imagenetwork.cpp ../support/netfixtures.h
              LIBS hu60_ui LABELS ui TIMEOUT 60)
