# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_pushclient SOURCES tst_pushclient.cpp LIBS hu60_core Qt6::WebSockets LABELS core)
