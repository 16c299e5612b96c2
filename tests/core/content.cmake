# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_content SOURCES tst_content.cpp LIBS hu60_core LABELS core)
