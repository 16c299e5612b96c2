# SPDX-License-Identifier: GPL-3.0-or-later
# A whole tray session (and a listen child) scanned for the session id.
hu60_add_test(NAME tst_sidscan SOURCES tst_sidscan.cpp LIBS hu60_ui LABELS app TIMEOUT 180)
target_compile_definitions(tst_sidscan PRIVATE HU60_NOTIFIER_BINARY="$<TARGET_FILE:hu60-notifier>")
add_dependencies(tst_sidscan hu60-notifier)
