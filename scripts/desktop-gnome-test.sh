#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tray app under GNOME Shell 43 (headless, Wayland), logged in as a test user against `hu60-notifier serve`.
# GNOME Shell runs as the unprivileged user hu60gnome inside dbus-run-session (a service folder without mako or
# dunst: the shell's own notification service must own org.freedesktop.Notifications) with a private system bus
# and --unsafe-mode (org.gnome.Shell.Eval, Screenshot). A small GTK window stands for the user's terminal and has
# the focus. `hu60-notifier push` sends an inbox message with Markdown, a face and links, an @ message with its
# context, and a burst of 12 inbox messages; every Notify call is captured from the bus (scripts/notify-capture.py)
# and checked: bodies valid Pango markup with GNOME's tags only (b, i, u; no <a>) and its five entities, no raw
# Markdown, urgency never 2, desktop-entry cn.hu60.Notifier, the focus never leaves the terminal (sampled through
# Eval), and after the burst the @ message is still in GNOME's list (at most 3 notifications per app) or a
# summary names it first. The shell is ended through Eval (it may crash on SIGTERM).
# Packages: installed when missing by scripts/install-deps.sh --desktop gnome (~150 packages).
# HU60_DESKTOP_SCREENSHOTS=DIR: a screenshot with the message list open into DIR/gnome.png.
# HU60_DESKTOP_KEEP=1 keeps the work folder (its path is printed).
# Exit 0 all passed, 1 a check failed, 77 skipped (packages unavailable). Last line: "desktop: N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
binary=$build_dir/app/hu60-notifier
shots=${HU60_DESKTOP_SCREENSHOTS:-}
. "$here/scripts/desktop-shell-lib.sh"

stage_require GNOME gnome gnome-shell gjs
stage_prepare gnome hu60gnome

# The whole session, as the desktop user: first the private system bus, then itself again inside dbus-run-session.
cat >"$work/session.sh" <<'EOF'
#!/usr/bin/env bash
set -u
work=$1
. "$work/lib.sh"
session_env
if [ "${2:-outer}" = outer ]; then
    session_buses "$0"
    exit $?
fi

export XDG_SESSION_TYPE=wayland XDG_CURRENT_DESKTOP=GNOME MUTTER_DEBUG_RESET_IDLETIME=1 GSETTINGS_BACKEND=memory
log "starting gnome-shell"
gnome-shell --headless --wayland --no-x11 --virtual-monitor 1280x800 --unsafe-mode >"$work/shell.log" 2>&1 &
shell=$!
# GNOME's notification service (gjs, started by the shell) or the shell itself; never mako or dunst.
wait_for 300 notifications_owner_matches 'org\.gnome\.Shell\.Notifications|gnome-shell' ||
    log "org.freedesktop.Notifications not owned by GNOME Shell after 30 s: $(cat "$work/owner.txt" 2>/dev/null)"
log "notification server: $(cat "$work/owner.txt" 2>/dev/null)"
WAYLAND_DISPLAY=$(ls "$XDG_RUNTIME_DIR" | grep -E '^wayland-[0-9]+$' | head -1)
export WAYLAND_DISPLAY
dbus-update-activation-environment XDG_RUNTIME_DIR WAYLAND_DISPLAY XDG_CURRENT_DESKTOP 2>/dev/null

start_recorder
start_terminal
focused_terminal() {
    local title
    title=$("$py" "$capture" gnome-eval 'global.display.focus_window ? global.display.focus_window.get_title() : ""')
    [ "$title" = '"hu60-terminal"' ]
}
# GNOME starts in the overview, where no window has the focus: leave it as a user would, to the desktop.
"$py" "$capture" gnome-eval 'Main.overview.hide(); true' >/dev/null 2>&1
wait_for 150 focused_terminal 2>/dev/null || log "the terminal window never got the focus"
"$py" "$capture" gnome-focus "$work/focus.txt" --interval 0.5 >"$work/focus.log" 2>&1 &
sampler=$!

start_forum_and_app
push_inbox
sleep 3
push_mention
sleep 3
push_burst
sleep 8
write_pushed

# What GNOME holds now: every source of the message tray and its notifications.
"$py" "$capture" gnome-eval '
Main.messageTray.getSources().map(s => ({
    title: s.title,
    app: s.app ? s.app.get_id().replace(/\.desktop$/, "") : null,
    count: s.count,
    notifications: s.notifications.map(n => ({title: n.title, body: n.bannerBodyText, markup: n.bannerBodyMarkup,
                                               urgency: n.urgency}))}))' >"$work/gnome-list.json" 2>"$work/gnome-list.err"
kill "$sampler" 2>/dev/null

if [ -n "${SHOTS:-}" ]; then
    # The message list open, as the user would look at it.
    "$py" "$capture" gnome-eval 'Main.panel.statusArea.dateMenu.menu.open(); true' >/dev/null 2>&1
    sleep 1.5
    "$py" "$capture" gnome-screenshot "$work/gnome.png" >"$work/screenshot.log" 2>&1
    "$py" "$capture" gnome-eval 'Main.panel.statusArea.dateMenu.menu.close(); true' >/dev/null 2>&1
fi

log "ending the session"
stop_recorder
# The shell first, through Eval: SIGTERM may crash it, and so did (once) its clients going away before it.
"$py" "$capture" gnome-eval 'global.context.terminate(); true' >/dev/null 2>&1
if ! wait_for 100 bash -c "! kill -0 $shell 2>/dev/null"; then
    log "gnome-shell did not end: killing it"
    kill -9 "$shell" 2>/dev/null
fi
wait "$shell" 2>/dev/null
echo "$?" >"$work/shell.status"
stop_app_and_forum
log "done"
echo done >"$work/done"
EOF
stage_run 240

if [ -n "$shots" ] && [ -s "$work/gnome.png" ]; then
    cp "$work/gnome.png" "$shots/gnome.png" && echo "screenshot: $shots/gnome.png"
fi
check "GNOME Shell's notification service owned org.freedesktop.Notifications ($(cat "$work/owner.txt" 2>/dev/null))" \
    grep -qE 'org\.gnome\.Shell\.Notifications|gnome-shell' "$work/owner.txt"
check "the session ran to its end within its time limit" test -f "$work/done"
check "the app, logged in as the test user, connected to serve" grep -q 'client: connected$' "$work/app.log"
stage_checks gnome
check "gnome-shell ended cleanly through Eval (exit $(cat "$work/shell.status" 2>/dev/null))" \
    test "$(cat "$work/shell.status" 2>/dev/null)" = 0
if [ "$failed" -gt 0 ]; then
    echo "--- GNOME's list"
    head -c 3000 "$work/gnome-list.txt" 2>/dev/null
    echo
    echo "--- gnome-shell log (last 10 lines)"
    tail -10 "$work/shell.log"
fi
stage_report
