# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_logging SOURCES tst_logging.cpp LIBS hu60_core LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_terminaltext SOURCES tst_terminaltext.cpp LIBS hu60_core LABELS core TIMEOUT 30)
