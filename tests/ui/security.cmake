# SPDX-License-Identifier: GPL-3.0-or-later
# Security in the settings, login dialog and notifier (https-only, ws:// consent, proxy, certificates).
hu60_add_test(NAME tst_networksettings SOURCES tst_networksettings.cpp ../support/netfixtures.h
              LIBS hu60_ui Qt6::WebSockets LABELS ui TIMEOUT 90)
