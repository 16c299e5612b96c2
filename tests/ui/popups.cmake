# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_popup SOURCES tst_popup.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
hu60_add_test(NAME tst_nativepresenter SOURCES tst_nativepresenter.cpp LIBS hu60_ui LABELS ui TIMEOUT 60)
