#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build dependencies (Debian 12) and builds into build/ (or $HU60_BUILD_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
build_type=${HU60_BUILD_TYPE:-RelWithDebInfo}

"$here/scripts/install-deps.sh"

cmake -S "$here" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE="$build_type" \
    -DHU60_WERROR="${HU60_WERROR:-OFF}" \
    "$@" >/dev/null
cmake --build "$build_dir" -j"${HU60_JOBS:-2}"
