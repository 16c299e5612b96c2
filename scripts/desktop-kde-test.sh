#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tray app under KDE Plasma 5.27 (kwin_wayland --virtual + plasmashell, headless), logged in as a test user
# against `hu60-notifier serve`. Runs as the unprivileged user hu60kde inside dbus-run-session (a service folder
# without other notification servers, KSplash and KWallet) with a private system bus. A small GTK window stands for
# the user's terminal and has the focus (foot hangs under this KWin). `hu60-notifier push` sends an inbox message
# with Markdown, a face and links, an @ message with its context, and a burst of 12; every Notify call is captured
# from the bus (scripts/notify-capture.py) and checked: bodies valid Pango markup, links kept as <a href> (Plasma
# has body-hyperlinks), no raw Markdown, urgency never 2, desktop-entry cn.hu60.Notifier, the focus never leaves
# the terminal (a KWin script logs workspace.clientActivated and samples workspace.activeClient), the default
# action through org.kde.NotificationManager.InvokeAction opens *that* @ message (a fake browser records URLs), and
# an inline reply typed into Plasma's popup (clicked and typed through KWin's fake-input protocol:
# scripts/kwin-fake-input.c) reaches the app as NotificationReplied, which sends it to the forum (serve's emulator
# then lists it in the recipient's inbox, with exactly the typed text) and confirms it with a notification.
# Debian's kwin_wayland carries the file capability cap_sys_resource and refuses to start where the caller's
# bounding set lacks it: a copy without it runs.
# Packages: installed when missing by scripts/install-deps.sh --desktop kde (~400 packages).
# HU60_DESKTOP_SCREENSHOTS=DIR: a screenshot (KWin ScreenShot2) into DIR/kde.png.
# HU60_DESKTOP_KEEP=1 keeps the work folder (its path is printed).
# Exit 0 all passed, 1 a check failed, 77 skipped (packages unavailable). Last line: "desktop: N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
binary=$build_dir/app/hu60-notifier
shots=${HU60_DESKTOP_SCREENSHOTS:-}
. "$here/scripts/desktop-shell-lib.sh"

stage_require "KDE Plasma" kde kwin_wayland plasmashell kded5 wayland-scanner gcc pkg-config
stage_prepare kde hu60kde

# KWin without its file capability; the fake-input client built against the installed protocol description.
cp /usr/bin/kwin_wayland "$work/kwin_wayland"
protocol=/usr/share/plasma-wayland-protocols/fake-input.xml
# shellcheck disable=SC2046 # pkg-config's flags are words
if wayland-scanner client-header "$protocol" "$work/fake-input-client-protocol.h" &&
    wayland-scanner private-code "$protocol" "$work/fake-input-protocol.c" &&
    gcc -O1 -Wall -I"$work" -o "$work/kwin-fake-input" "$here/scripts/kwin-fake-input.c" \
        "$work/fake-input-protocol.c" $(pkg-config --cflags --libs wayland-client) 2>"$work/fake-input-build.log"; then
    chmod 755 "$work/kwin-fake-input"
else
    echo "desktop (KDE Plasma): the fake-input client did not build: $(head -3 "$work/fake-input-build.log")"
fi
chmod 755 "$work/kwin_wayland"

cat >"$work/session.sh" <<'EOF'
#!/usr/bin/env bash
set -u
work=$1
. "$work/lib.sh"
session_env
if [ "${2:-outer}" = outer ]; then
    # kwalletd5 would ask for a wallet in a window of its own; KSplash waits for a session that never comes.
    session_buses "$0" org.kde.KSplash org.kde.kwalletd5
    exit $?
fi

export XDG_SESSION_TYPE=wayland XDG_CURRENT_DESKTOP=KDE KDE_FULL_SESSION=true KDE_SESSION_VERSION=5
export KWIN_SCREENSHOT_NO_PERMISSION_CHECKS=1 KWIN_WAYLAND_NO_PERMISSION_CHECKS=1 QT_QUICK_BACKEND=software
log "starting kwin_wayland"
"$work/kwin_wayland" --virtual --width 1280 --height 800 --no-lockscreen --no-kactivities --socket wayland-kde \
    >"$work/kwin.log" 2>&1 &
kwin=$!
wait_for 150 test -S "$XDG_RUNTIME_DIR/wayland-kde" || log "kwin_wayland did not open its socket: $(tail -3 "$work/kwin.log")"
export WAYLAND_DISPLAY=wayland-kde
# Services activated later (kactivitymanagerd, kded5) must find the display, or they abort.
dbus-update-activation-environment WAYLAND_DISPLAY QT_QPA_PLATFORM=wayland QT_QUICK_BACKEND XDG_RUNTIME_DIR \
    XDG_CURRENT_DESKTOP KDE_FULL_SESSION KDE_SESSION_VERSION XDG_SESSION_TYPE 2>/dev/null
log "starting plasmashell"
QT_QPA_PLATFORM=wayland plasmashell --no-respawn >"$work/plasma.log" 2>&1 &
plasma=$!
wait_for 300 notifications_owner_matches 'plasmashell' ||
    log "org.freedesktop.Notifications not owned by plasmashell after 30 s: $(cat "$work/owner.txt" 2>/dev/null)"
log "notification server: $(cat "$work/owner.txt" 2>/dev/null)"

# Focus: a KWin script prints every activation and, twice a second, the active window (into kwin.log).
cat >"$work/focus.js" <<'JS'
function report(what, c) { print("hu60-focus " + what + ": " + (c ? c.caption : "<none>")); }
report("initial", workspace.activeClient);
workspace.clientActivated.connect(function (c) { report("activated", c); });
workspace.clientAdded.connect(function (c) {
    if (c.notification)
        print("hu60-popup added: " + c.internalId);
});
var timer = new QTimer();
timer.interval = 500;
timer.timeout.connect(function () { report("sample", workspace.activeClient); });
timer.start();
JS
"$py" "$capture" kwin-script "$work/focus.js" hu60focus >/dev/null || log "the focus script did not load"
start_recorder
start_terminal
wait_for 150 bash -c "grep -a 'hu60-focus sample' '$work/kwin.log' | tail -1 | grep -q ': hu60-terminal$'" ||
    log "the terminal window never got the focus"

start_forum_and_app
notification_id() { # notification_id MARKER: the id Plasma gave to the app's notification holding MARKER
    local id
    for _ in $(seq 30); do
        id=$("$py" "$capture" find-id "$work/capture.jsonl" --pid "$app" --marker "$1") && { echo "$id"; return 0; }
        sleep 0.1
    done
    return 1
}
opened_count() { [ -f "$work/opened.txt" ] && wc -l <"$work/opened.txt" || echo 0; }

# First an inline reply typed into the popup of a message, as a user would: click its Reply button (the rightmost
# one, at the popup's bottom right), type, Enter. The click gives Plasma's popup the focus on purpose: the focus
# check counts from after it, once the terminal has it back.
log "push: a message to reply to"
push_message 0 '[{"type":"text","value":"回复测试：今晚见吗？"}]' >/dev/null
sleep 1.5
reply_id=$(notification_id 回复测试)
cat >"$work/popups.js" <<'JS'
var list = workspace.clientList();
for (var i = 0; i < list.length; ++i) {
    var c = list[i];
    if (c.notification)
        print("hu60-popup: " + c.internalId + " " + c.frameGeometry.x + " " + c.frameGeometry.y + " "
              + c.frameGeometry.width + " " + c.frameGeometry.height);
}
JS
"$py" "$capture" kwin-script "$work/popups.js" hu60popups >/dev/null
sleep 0.3
newest=$(grep -a 'hu60-popup added: ' "$work/kwin.log" | tail -1 | sed 's/.*added: //')
geometry=$(grep -a "hu60-popup: $newest " "$work/kwin.log" | tail -1 | cut -d' ' -f4-)
reply_text="ok, see you tonight"
opened_before_reply=$(opened_count)
if [ -n "$geometry" ] && [ -x "$work/kwin-fake-input" ]; then
    read -r x y w h <<<"$geometry"
    log "reply: popup $newest at $x,$y ${w}x$h: click $((x + w - 29)),$((y + h - 19)), type, Enter"
    "$work/kwin-fake-input" click $((x + w - 29)) $((y + h - 19)) >>"$work/fake-input.log" 2>&1
    sleep 0.7
    [ -n "${SHOTS:-}" ] && "$py" "$capture" kwin-screenshot "$work/kde-reply.png" >>"$work/screenshot.log" 2>&1
    "$work/kwin-fake-input" type "$reply_text" key enter >>"$work/fake-input.log" 2>&1
    reply_how="typed into Plasma's popup through KWin's fake-input"
    # The app sends the reply to the forum: wait until serve's emulator lists it in the recipient's inbox.
    wait_for 50 "$py" "$capture" forum-inbox "$http" 小明 x "$work/forum-reply.json" --from 4242 --text "$reply_text" \
        || log "reply: not on the forum after 5 s"
    sleep 0.5
else
    reply_how="not typed: no popup found (geometry «$geometry») or no fake-input client"
    log "reply: $reply_how"
fi
if ! wait_for 30 bash -c "grep -a 'hu60-focus sample' '$work/kwin.log' | tail -1 | grep -q ': hu60-terminal$'"; then
    log "after the reply the terminal did not get the focus back: giving it back"
    printf 'var l = workspace.clientList();\nfor (var i = 0; i < l.length; ++i)\n    if (l[i].caption == "hu60-terminal")\n        workspace.activeClient = l[i];\n' >"$work/refocus.js"
    "$py" "$capture" kwin-script "$work/refocus.js" hu60refocus >/dev/null
    sleep 1
fi
focus_from=$(grep -ac 'hu60-focus ' "$work/kwin.log")
push_inbox
sleep 3
push_mention
sleep 1.5
# A click on the @ message's popup, as Plasma sends it: InvokeAction(id, "default") makes it emit ActionInvoked.
default_id=$(notification_id 托盘测试)
opened_before=$(opened_count)
if [ -n "$default_id" ]; then
    log "InvokeAction($default_id, default)"
    "$py" "$capture" invoke "$default_id" default
    wait_for 50 bash -c "[ \$(wc -l <'$work/opened.txt' 2>/dev/null || echo 0) -gt $opened_before ]"
else
    log "no notification id for the @ message"
fi
opened_after_default=$(opened_count)
sleep 1.5
push_burst
sleep 8
write_pushed
if [ -n "${SHOTS:-}" ]; then
    "$py" "$capture" kwin-screenshot "$work/kde.png" >"$work/screenshot.log" 2>&1
fi
grep -a 'hu60-focus ' "$work/kwin.log" | tail -n +$((focus_from + 1)) | sed -e 's/^js: hu60-focus [a-z]*: /0\t/' \
    >"$work/focus.txt"
"$py" - "$work/invoked.json" "${default_id:-0}" "$opened_before" "$opened_after_default" "${reply_id:-0}" \
    "$reply_text" "$reply_how" "$opened_before_reply" <<'PY'
import json, sys
(path, default_id, opened_before, opened_after_default, reply_id, text, how, opened_before_reply) = sys.argv[1:]
json.dump({"default_id": int(default_id or 0), "opened_before": int(opened_before),
           "opened_after_default": int(opened_after_default), "reply_id": int(reply_id or 0), "reply_text": text,
           "reply_how": how, "opened_before_reply": int(opened_before_reply)},
          open(path, "w"), ensure_ascii=False)
PY

log "ending the session"
stop_recorder
stop_app_and_forum
kill "$plasma" 2>/dev/null
wait_for 100 bash -c "! kill -0 $plasma 2>/dev/null" || kill -9 "$plasma" 2>/dev/null
kill "$kwin" 2>/dev/null
wait_for 100 bash -c "! kill -0 $kwin 2>/dev/null" || kill -9 "$kwin" 2>/dev/null
log "done"
echo done >"$work/done"
EOF
stage_run 300

# (kde-reply.png, the popup's reply field before typing, stays in the work folder: HU60_DESKTOP_KEEP=1.)
if [ -n "$shots" ] && [ -s "$work/kde.png" ]; then
    cp "$work/kde.png" "$shots/kde.png" && echo "screenshot: $shots/kde.png"
fi
check "plasmashell owned org.freedesktop.Notifications ($(cat "$work/owner.txt" 2>/dev/null))" \
    grep -q 'plasmashell' "$work/owner.txt"
check "the session ran to its end within its time limit" test -f "$work/done"
check "the app, logged in as the test user, connected to serve" grep -q 'client: connected$' "$work/app.log"
stage_checks kde
if [ "$failed" -gt 0 ]; then
    echo "--- kwin_wayland / plasmashell logs (last 5 lines each)"
    grep -av 'hu60-' "$work/kwin.log" | tail -5
    tail -5 "$work/plasma.log"
fi
stage_report
