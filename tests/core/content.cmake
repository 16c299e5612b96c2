# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_content SOURCES tst_content.cpp LIBS hu60_core LABELS core)
# Pango checks notification markup as mako and dunst parse it.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PANGO REQUIRED IMPORTED_TARGET pango)
hu60_add_test(NAME tst_document SOURCES tst_document.cpp LIBS hu60_core PkgConfig::PANGO LABELS core)
