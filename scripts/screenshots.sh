#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates docs/screenshots/*.png from `hu60-notifier --demo`: builds the app if needed, starts Xvfb (:97,
# 1280x800) and, when one is installed, a small window manager, then runs the demo with HU60_SCREENSHOT_DIR set so
# the app grabs its own windows (popups, robot panel, tray menu, settings, history) and quits. Without Xvfb it
# falls back to Qt's offscreen platform (the widgets render the same; only window decorations are absent).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
out_dir=${1:-$here/docs/screenshots}
app="$build_dir/app/hu60-notifier"

if [[ ! -x "$app" ]]; then
    cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build_dir" -j"${HU60_JOBS:-2}" --target hu60-notifier
fi
mkdir -p "$out_dir"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

platform=offscreen
if command -v Xvfb >/dev/null; then
    display=${HU60_SCREENSHOT_DISPLAY:-:97}
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    pids+=("$!")
    for _ in $(seq 50); do
        [[ -e "/tmp/.X11-unix/X${display#:}" ]] && break
        sleep 0.1
    done
    export DISPLAY=$display
    platform=xcb
    for wm in openbox xfwm4 metacity twm; do
        if command -v "$wm" >/dev/null; then
            "$wm" >/dev/null 2>&1 &
            pids+=("$!")
            break
        fi
    done
fi

# A clean, predictable look: Fusion style, C.UTF-8 locale, no user config, no session bus (popups, not D-Bus).
tmp_home=$(mktemp -d)
pids+=()
export HOME=$tmp_home XDG_CONFIG_HOME=$tmp_home/config XDG_DATA_HOME=$tmp_home/data XDG_CACHE_HOME=$tmp_home/cache
# Simplified Chinese is the primary language: pictures show it unless HU60_SCREENSHOT_LANGUAGE says otherwise.
export LANGUAGE=${HU60_SCREENSHOT_LANGUAGE:-zh_CN}
export LC_ALL=C.UTF-8 QT_QPA_PLATFORM=$platform QT_STYLE_OVERRIDE=Fusion DBUS_SESSION_BUS_ADDRESS=disabled:
export HU60_SCREENSHOT_DIR=$out_dir
timeout 90 "$app" --demo
rm -rf "$tmp_home"
# HU60_SCREENSHOT_DESKTOPS=1: also the desktops' pictures of the README (wayland-sway.png once the @ message is on
# mako, x11-openbox.png with the most cards), taken by the desktop stages themselves; a failed check is reported but
# does not stop the pictures.
if [[ -n "${HU60_SCREENSHOT_DESKTOPS:-}" ]]; then
    HU60_BUILD_DIR=$build_dir HU60_DESKTOP_SCREENSHOTS=$out_dir "$here/scripts/desktop-test.sh" | tail -1 || true
    HU60_BUILD_DIR=$build_dir HU60_DESKTOP_SCREENSHOTS=$out_dir "$here/scripts/desktop-x11-test.sh" | tail -1 || true
fi
echo "screenshots in $out_dir:"
ls -1 "$out_dir"/*.png
