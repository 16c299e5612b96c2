# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_notificationpolicy SOURCES tst_notificationpolicy.cpp LIBS hu60_core LABELS core)
