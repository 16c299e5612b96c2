#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tray app on a real Wayland desktop: sway (headless, pixman) with waybar (StatusNotifier tray) and mako
# (notification server), a foot terminal focused. Runs `hu60-notifier --demo` (an inbox message, an @ message and
# a robot's message from the embedded server) with QT_QPA_PLATFORM=wayland and checks: the tray item is registered,
# the keyboard focus never leaves the terminal, every message reached the notification server, and invoking a
# notification's default action opens the message (a fake browser records the URL).
# sway refuses to run as root: as root the desktop runs as the unprivileged user hu60desk (created if missing).
# HU60_DESKTOP_NO_NOTIFICATION_SERVER=1 runs the same desktop without mako: sway would give our popups the keyboard
# focus (Qt 6.4 makes a parentless tool-tip window an xdg_toplevel), so with a tray the app shows the news by the
# tray's badge only; this run checks the focus and that the messages were handled that way.
# Exit 0 all passed, 1 a check failed, 77 skipped (packages unavailable). Last line: "desktop: N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
binary=$build_dir/app/hu60-notifier
shots=${HU60_DESKTOP_SCREENSHOTS:-}

for tool in sway waybar mako makoctl foot grim swaymsg jq busctl; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIPPED: desktop test: $tool is not installed (scripts/install-deps.sh installs it)"
        exit 77
    fi
done
[ -x "$binary" ] || { echo "desktop test: $binary is not built"; exit 1; }

passed=0
failed=0
check() { # check NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then
        printf 'PASS: %s\n' "$name"
        passed=$((passed + 1))
    else
        printf 'FAIL: %s\n' "$name"
        failed=$((failed + 1))
    fi
}

work=$(mktemp -d /tmp/hu60-desktop.XXXXXX)
chmod 755 "$work"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    id hu60desk >/dev/null 2>&1 || useradd --create-home --shell /bin/bash hu60desk
    chown hu60desk: "$work"
    run_as=(runuser -u hu60desk --)
fi
cp "$binary" "$work/hu60-notifier"
chmod 755 "$work/hu60-notifier"

# The desktop session, as the desktop user, in one script (its own runtime dir and session bus).
cat >"$work/session.sh" <<'EOF'
#!/usr/bin/env bash
set -u
work=$1
export HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/home/.config
export XDG_DATA_HOME=$work/home/.local/share XDG_STATE_HOME=$work/home/.local/state XDG_CACHE_HOME=$work/home/.cache
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" "$work/bin"
chmod 700 "$XDG_RUNTIME_DIR"
export WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 LANGUAGE=en LC_ALL=C.UTF-8
# The fake browser: every URL the app opens is appended to opened.txt.
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >> %s/opened.txt\n' "$work" >"$work/bin/xdg-open"
chmod 755 "$work/bin/xdg-open"
export PATH=$work/bin:$PATH BROWSER=$work/bin/xdg-open
cat >"$work/sway.conf" <<CONF
output HEADLESS-1 resolution 1280x800
CONF
printf '{"layer":"top","position":"top","height":24,"modules-right":["tray"],"tray":{"spacing":4}}\n' >"$work/waybar.json"
eval "$(dbus-launch --sh-syntax)"
echo "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" >"$work/env"
sway -c "$work/sway.conf" >"$work/sway.log" 2>&1 &
for _ in $(seq 100); do
    sock=$(ls "$XDG_RUNTIME_DIR"/sway-ipc.*.sock 2>/dev/null | head -1)
    [ -n "$sock" ] && break
    sleep 0.1
done
export SWAYSOCK=$sock
display=$(ls "$XDG_RUNTIME_DIR" | grep -E '^wayland-[0-9]+$' | head -1)
export WAYLAND_DISPLAY=$display
{ echo "SWAYSOCK=$SWAYSOCK"; echo "WAYLAND_DISPLAY=$WAYLAND_DISPLAY"; } >>"$work/env"
[ -n "${NO_NOTIFICATION_SERVER:-}" ] || mako >"$work/mako.log" 2>&1 &
# waybar is a layer-shell client of its own; its tray module owns the StatusNotifierWatcher.
waybar -c "$work/waybar.json" >"$work/waybar.log" 2>&1 &
for _ in $(seq 100); do
    busctl --user list 2>/dev/null | grep -q org.kde.StatusNotifierWatcher && break
    sleep 0.1
done
foot --app-id=hu60-terminal >"$work/foot.log" 2>&1 &
for _ in $(seq 100); do
    swaymsg -t get_tree | grep -q hu60-terminal && break
    sleep 0.1
done
swaymsg '[app_id=hu60-terminal] focus' >/dev/null
sleep 1
QT_QPA_PLATFORM=wayland "$work/hu60-notifier" --demo --log-level debug >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
echo ready >"$work/ready"
wait
EOF
chmod 755 "$work/session.sh"
"${run_as[@]}" env NO_NOTIFICATION_SERVER="${HU60_DESKTOP_NO_NOTIFICATION_SERVER:-}" setsid "$work/session.sh" "$work" >"$work/session.log" 2>&1 &
session=$!
cleanup() {
    kill -- -"$session" 2>/dev/null
    pkill -u hu60desk 2>/dev/null
    sleep 0.5
    [ -n "${HU60_DESKTOP_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 200); do
    [ -f "$work/ready" ] && break
    sleep 0.1
done
as_user() {
    "${run_as[@]}" env $(cat "$work/env") XDG_RUNTIME_DIR="$work/run" "$@"
}
focused_app() {
    as_user swaymsg -t get_tree | jq -r '.. | objects | select(.focused? == true) | (.app_id // .name // "")'
}

# The demo plays for ~12 s: watch the focus all along.
focus_kept=true
focus_log=$work/focus.txt
for _ in $(seq 28); do
    app=$(focused_app)
    echo "$app" >>"$focus_log"
    [ "$app" = hu60-terminal ] || focus_kept=false
    sleep 0.5
done

tray_items=$(as_user busctl --user get-property org.kde.StatusNotifierWatcher /StatusNotifierWatcher \
    org.kde.StatusNotifierWatcher RegisteredStatusNotifierItems 2>/dev/null)
check "tray item registered with waybar's StatusNotifierWatcher ($tray_items)" \
    test -n "$(grep -E '"[^"]+' <<<"$tray_items")"
check "keyboard focus stayed in the terminal ($(sort "$focus_log" | uniq -c | tr '\n' ' '))" $focus_kept
# Every window of a process (the app's app_id is its desktop file's name, cn.hu60.Notifier).
windows_of() {
    as_user swaymsg -t get_tree | jq --argjson pid "$1" \
        '[.. | objects | select((.type? == "con" or .type? == "floating_con") and .pid? == $pid)] | length'
}
windows=$(windows_of "$(cat "$work/app.pid")")
# The same query must see the terminal's window, or it proves nothing.
terminal_windows=$(windows_of "$(as_user swaymsg -t get_tree | jq '.. | objects | select(.app_id? == "hu60-terminal") | .pid')")
check "no window of the app on screen ($windows; the terminal has $terminal_windows)" \
    test "$windows" = 0 -a "$terminal_windows" = 1

if [ -n "${HU60_DESKTOP_NO_NOTIFICATION_SERVER:-}" ]; then
    check "without a notification server the messages went to the tray's badge" \
        grep -q "shown by the tray's badge only" "$work/app.log"
else
    history=$(as_user makoctl history 2>/dev/null)
    list=$(as_user makoctl list 2>/dev/null)
    all="$history $list"
    check "inbox message reached mako" grep -q "开黑" <<<"$all"
    check "@ message reached mako (with the quoted context)" grep -q "托盘通知" <<<"$all"
    # The demo's catch-up finds a batch of unread messages at once: they arrive as one summary, not a bubble each.
    count=$(( $(jq '.data[0] | length' <<<"$history" 2>/dev/null || echo 0) + $(jq '.data[0] | length' <<<"$list" 2>/dev/null || echo 0) ))
    check "a burst became one summary (\"N new inbox messages, M new @ mentions\"), $count notifications in all" \
        bash -c 'grep -qE "[0-9]+ new (inbox message|@ mention)" <<<"$1" && [ "$2" -ge 1 ] && [ "$2" -le 6 ]' _ "$all" "$count"
    check "notifications name the app (desktop-entry cn.hu60.Notifier, app name)" grep -q "cn.hu60.Notifier" <<<"$all"

    # The newest notification still up: invoke its default action, as a click would.
    id=$(jq -r '.data[0][0].id.data // empty' <<<"$list" 2>/dev/null)
    if [ -n "$id" ]; then
        as_user makoctl invoke -n "$id" default
        for _ in $(seq 30); do
            [ -s "$work/opened.txt" ] && break
            sleep 0.1
        done
    fi
    check "clicking a notification opens the message on the forum ($(cat "$work/opened.txt" 2>/dev/null | head -1))" \
        grep -q 'http://127.0.0.1:[0-9]*/q.php/' "$work/opened.txt"

fi
if [ -n "$shots" ]; then
    as_user makoctl restore 2>/dev/null
    as_user grim "$work/shot.png" && cp "$work/shot.png" "$shots/wayland-sway.png"
fi
if [ "$failed" -gt 0 ]; then
    echo "--- app log"
    tail -40 "$work/app.log"
    echo "--- makoctl list"
    echo "$list" | head -60
fi
echo "desktop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
