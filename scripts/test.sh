#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets everything up on a fresh Debian 12 machine and runs the whole test suite (what CI runs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export HU60_WERROR=ON
export HU60_BUILD_DIR=${HU60_BUILD_DIR:-$here/build}
"$here/scripts/build.sh"
cd "$HU60_BUILD_DIR"
ctest --output-on-failure -j2 --timeout 300
