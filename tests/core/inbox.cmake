# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_historystore SOURCES tst_historystore.cpp LIBS hu60_core LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_inbox SOURCES tst_inbox.cpp LIBS hu60_core LABELS core TIMEOUT 90)
# Recovery from the push server's injected faults (serve --faults): every message of a burst once, in seconds.
hu60_add_test(NAME tst_recovery SOURCES tst_recovery.cpp LIBS hu60_core LABELS core TIMEOUT 180)
