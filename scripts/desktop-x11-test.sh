#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tray app on X11 with a real window manager (openbox) and an XEmbed tray (trayer), on Xvfb: runs
# `hu60-notifier --demo` while another window (xmessage, standing in for the user's terminal) has the focus, and
# checks that the focus never moves, that our popups appear, sit in the bottom-right corner and do not overlap.
# HU60_DESKTOP_SCREENSHOTS=DIR: DIR/x11-openbox.png shows the most popups seen at once.
# Exit 0 all passed, 1 a check failed, 77 skipped. Last line: "desktop-x11: N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
binary=$build_dir/app/hu60-notifier
for tool in Xvfb openbox trayer xdotool xmessage; do
    command -v "$tool" >/dev/null || { echo "SKIPPED: desktop-x11 test: $tool is not installed"; exit 77; }
done
[ -x "$binary" ] || { echo "desktop-x11 test: $binary is not built"; exit 1; }

passed=0
failed=0
check() {
    local name=$1
    shift
    if "$@"; then printf 'PASS: %s\n' "$name"; passed=$((passed + 1)); else printf 'FAIL: %s\n' "$name"; failed=$((failed + 1)); fi
}
work=$(mktemp -d /tmp/hu60-x11.XXXXXX)
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state
export XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/run LANGUAGE=en LC_ALL=C.UTF-8
mkdir -p "$XDG_RUNTIME_DIR" "$work/bin" && chmod 700 "$XDG_RUNTIME_DIR"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >> %s/opened.txt\n' "$work" >"$work/bin/xdg-open"
chmod 755 "$work/bin/xdg-open"
export PATH=$work/bin:$PATH BROWSER=$work/bin/xdg-open
# Xvfb picks a free display number itself and writes it to fd 3.
# -fbdir: the screen is also a file (XWD), for the screenshot.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -fbdir "$work" 3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids=($!)
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
display=:$(head -1 "$work/display")
cleanup() {
    kill "${pids[@]}" 2>/dev/null
    sleep 0.3
    rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
# A loaded CI machine can take seconds before the server answers; nothing below works without it.
for _ in $(seq 200); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
openbox >"$work/openbox.log" 2>&1 &
pids+=($!)
# The tray must be up before the app starts, or the app (rightly) says "No system tray" first. trayer gives up
# at once when it cannot open the display: start it again until its window is mapped.
for _ in 1 2 3; do
    trayer --edge top --align right --widthtype pixel --width 100 --height 24 >>"$work/trayer.log" 2>&1 &
    trayer_pid=$!
    for _ in $(seq 50); do
        xdotool search --onlyvisible --class trayer >/dev/null 2>&1 && break 2
        kill -0 "$trayer_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$trayer_pid" 2>/dev/null
    sleep 0.5
done
pids+=($trayer_pid)
xmessage -geometry 600x300+100+100 "the user's terminal" &
pids+=($!)
for _ in $(seq 50); do term=$(xdotool search --name "^xmessage$" 2>/dev/null | head -1); [ -n "$term" ] && break; sleep 0.1; done
xdotool windowactivate --sync "$term" 2>/dev/null || xdotool windowfocus --sync "$term"
sleep 0.5
focused=$(xdotool getwindowfocus)
# No session bus: the app has no desktop notification service to fall back on, and does not need one on X11.
env -u DBUS_SESSION_BUS_ADDRESS QT_QPA_PLATFORM=xcb "$binary" --demo >"$work/app.log" 2>&1 &
pids+=($!)

focus_kept=true
max_windows=0
placement_ok=true
for _ in $(seq 28); do
    [ "$(xdotool getwindowfocus)" = "$focused" ] || focus_kept=false
    mapfile -t popups < <(xdotool search --onlyvisible --class hu60-notifier 2>/dev/null)
    rects=()
    lowest=0
    for w in "${popups[@]}"; do
        eval "$(xdotool getwindowgeometry --shell "$w")"
        [ "$WIDTH" -gt 100 ] || continue # not a card (e.g. the tray icon's own window)
        rects+=("$X $Y $WIDTH $HEIGHT")
        # Bottom-right corner: right-aligned with the screen's edge (the stack grows upwards from the bottom).
        [ $((Y + HEIGHT)) -gt "$lowest" ] && lowest=$((Y + HEIGHT))
        if [ $((X + WIDTH)) -lt 1200 ]; then placement_ok=false; echo "misplaced: $X $Y $WIDTH $HEIGHT" >>"$work/placement.txt"; fi
    done
    if [ "${#rects[@]}" -gt "$max_windows" ]; then
        max_windows=${#rects[@]}
        # The screenshot shows the most cards seen at once.
        [ -z "${HU60_DESKTOP_SCREENSHOTS:-}" ] || cp "$work/Xvfb_screen0" "$work/shot.xwd"
    fi
    if [ "${#rects[@]}" -gt 0 ] && [ "$lowest" -lt 700 ]; then
        placement_ok=false
        echo "stack not at the bottom: lowest edge $lowest" >>"$work/placement.txt"
    fi
    overlapping=false
    # No two cards overlap.
    for ((i = 0; i < ${#rects[@]}; i++)); do
        for ((j = i + 1; j < ${#rects[@]}; j++)); do
            read -r ax ay aw ah <<<"${rects[i]}"
            read -r bx by bw bh <<<"${rects[j]}"
            if [ "$ax" -lt $((bx + bw)) ] && [ "$bx" -lt $((ax + aw)) ] && [ "$ay" -lt $((by + bh)) ] && [ "$by" -lt $((ay + ah)) ]; then
                overlapping=true
                echo "overlap: ${rects[i]} / ${rects[j]}" >>"$work/placement.txt"
            fi
        done
    done
    # A card that just grew (an image arrived) is moved on the next relayout: only an overlap seen twice in a row
    # (half a second apart) counts.
    if $overlapping && ${overlapped_before:-false}; then placement_ok=false; fi
    overlapped_before=$overlapping
    sleep 0.5
done
check "keyboard focus stayed in the user's window" $focus_kept
check "popups appeared ($max_windows at most at once)" test "$max_windows" -ge 1
check "popups sit in the bottom-right corner and never overlap" $placement_ok
check "the tray icon docked in trayer (no 'No system tray' in the log)" bash -c '! grep -q "No system tray" "$1"' _ "$work/app.log"
if [ -n "${HU60_DESKTOP_SCREENSHOTS:-}" ] && [ -f "$work/shot.xwd" ]; then
    python3 "$here/scripts/xwd2png.py" "$work/shot.xwd" "$HU60_DESKTOP_SCREENSHOTS/x11-openbox.png"
fi
if [ "$failed" -gt 0 ]; then
    sort "$work/placement.txt" 2>/dev/null | uniq -c | head -10
    tail -30 "$work/app.log"
    tail -5 "$work/trayer.log"
fi
echo "desktop-x11: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
