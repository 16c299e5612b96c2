#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets everything up on a fresh Debian 12 machine, builds, and starts the app (by default in demo mode:
# an embedded local server plays a short scenario, no account needed). Extra arguments go to the app.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export HU60_BUILD_DIR=${HU60_BUILD_DIR:-$here/build}
"$here/scripts/build.sh"
if [ $# -eq 0 ]; then
    set -- --demo
fi
exec "$HU60_BUILD_DIR/app/hu60-notifier" "$@"
