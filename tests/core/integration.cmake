# SPDX-License-Identifier: GPL-3.0-or-later
# The step-1 PushClient against the real companion server, in one process.
hu60_add_test(NAME tst_client_server SOURCES tst_client_server.cpp LIBS hu60_core Qt6::WebSockets LABELS core)
