#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refreshes translations/*.ts from the sources of core, ui and app (lupdate through the update_translations
# target that qt_add_translations defines in app/CMakeLists.txt). New strings arrive as "unfinished": translate them
# in Qt Linguist (linguist translations/hu60-notifier_zh_CN.ts), and in the English catalogue accept the source
# text, until tst_translations passes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build-translations}

if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S "$here" -B "$build_dir" -G Ninja -DHU60_BUILD_TESTS=OFF -DHU60_BENCH=OFF >/dev/null
fi
# Qt 6.4's lupdate hangs on QCoreApplication::translate(ctx, text, disambiguation, n) when the fourth argument
# contains a string literal (e.g. r.value(u"count").toInt()): compute n into a variable first. The timeout turns
# that hang into an error.
if ! timeout "${HU60_LUPDATE_TIMEOUT:-300}" cmake --build "$build_dir" --target update_translations; then
    echo "update-translations: lupdate failed or hung (see the note in $0)" >&2
    exit 1
fi
for ts in "$here"/translations/*.ts; do
    unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
    echo "$(basename "$ts"): $unfinished unfinished"
done
