# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_render_cli SOURCES tst_render_cli.cpp LABELS app)
target_compile_definitions(tst_render_cli PRIVATE HU60_NOTIFIER_BINARY="$<TARGET_FILE:hu60-notifier>")
add_dependencies(tst_render_cli hu60-notifier)
