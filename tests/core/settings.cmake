# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_settingsmodel SOURCES tst_settingsmodel.cpp LIBS hu60_core LABELS core)
