# SPDX-License-Identifier: GPL-3.0-or-later
# Transport security (https-only login, certificate problems, trusted certificates, proxies) and the sid scan.
hu60_add_test(NAME tst_networksecurity SOURCES tst_networksecurity.cpp ../support/netfixtures.h
              LIBS hu60_core Qt6::WebSockets LABELS core TIMEOUT 120)
