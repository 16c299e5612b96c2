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
# HU60_DESKTOP_SCREENSHOTS=DIR: a screenshot with the message list open into DIR/gnome.png.
# HU60_DESKTOP_KEEP=1 keeps the work folder (its path is printed).
# Exit 0 all passed, 1 a check failed, 77 skipped (packages unavailable). Last line: "desktop: N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
binary=$build_dir/app/hu60-notifier
shots=${HU60_DESKTOP_SCREENSHOTS:-}
desktop_user=hu60gnome

tools_present() {
    local tool
    for tool in gnome-shell gjs dbus-run-session dbus-daemon /usr/bin/python3; do
        command -v "$tool" >/dev/null || return 1
    done
    /usr/bin/python3 -c 'import gi; gi.require_version("Pango", "1.0"); gi.require_version("Gtk", "3.0"); from gi.repository import Pango, Gtk' 2>/dev/null
}
if ! tools_present; then
    echo "desktop (GNOME): installing its packages (scripts/install-deps.sh --desktop gnome)"
    if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
        install_log=$(mktemp /tmp/hu60-install-gnome.XXXXXX)
        install_start=$SECONDS
        "$here/scripts/install-deps.sh" --desktop gnome >"$install_log" 2>&1 || tail -5 "$install_log"
        echo "desktop (GNOME): installing took $((SECONDS - install_start)) s"
        rm -f "$install_log"
    fi
    if ! tools_present; then
        echo "SKIPPED: desktop test (GNOME): gnome-shell, gjs, python3-gi, gir1.2-pango-1.0 or gir1.2-gtk-3.0 are" \
            "not installed and could not be installed (scripts/install-deps.sh --desktop gnome)"
        exit 77
    fi
fi
[ -x "$binary" ] || { echo "desktop test (GNOME): $binary is not built"; exit 1; }

work=$(mktemp -d /tmp/hu60-gnome.XXXXXX)
chmod 755 "$work"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    id "$desktop_user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$desktop_user"
    chown "$desktop_user": "$work"
    run_as=(runuser -u "$desktop_user" --)
fi
cp "$binary" "$work/hu60-notifier"
cp "$here/scripts/notify-capture.py" "$work/notify-capture.py"
sed "s|^Exec=.*|Exec=$work/hu60-notifier|" "$here/packaging/linux/cn.hu60.Notifier.desktop" >"$work/cn.hu60.Notifier.desktop"
chmod 755 "$work/hu60-notifier" "$work/notify-capture.py"
chmod 644 "$work/cn.hu60.Notifier.desktop"

# The whole session, as the desktop user: first the private system bus, then itself again inside dbus-run-session.
cat >"$work/session.sh" <<'EOF'
#!/usr/bin/env bash
set -u
work=$1
phase=${2:-outer}
export HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/home/.config
export XDG_DATA_HOME=$work/home/.local/share XDG_STATE_HOME=$work/home/.local/state XDG_CACHE_HOME=$work/home/.cache
export LANGUAGE=en LC_ALL=C.UTF-8 NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
capture=$work/notify-capture.py
log() { printf '%s %s\n' "$(date +%T.%N | cut -c1-12)" "$*"; }
wait_for() { # wait_for TENTHS COMMAND...: true once COMMAND succeeds
    local n=$1
    shift
    for _ in $(seq "$n"); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

if [ "$phase" = outer ]; then
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME/applications" "$XDG_RUNTIME_DIR" "$work/bin" "$work/services"
    chmod 700 "$XDG_RUNTIME_DIR"
    # Every session service but other notification servers (mako, dunst would be activated instead of the shell's).
    for f in /usr/share/dbus-1/services/*.service; do
        grep -q '^Name=org.freedesktop.Notifications$' "$f" && continue
        ln -s "$f" "$work/services/"
    done
    cat >"$work/session.conf" <<CONF
<busconfig><type>session</type><keep_umask/><listen>unix:tmpdir=$work</listen><auth>EXTERNAL</auth>
<servicedir>$work/services</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
    # A system bus with nothing on it: without one the shell dies at start (loginManager.js).
    cat >"$work/system.conf" <<CONF
<busconfig><type>system</type><listen>unix:path=$work/system_bus_socket</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
    dbus-daemon --config-file="$work/system.conf" --nofork --nopidfile >"$work/system-bus.log" 2>&1 &
    system_bus=$!
    wait_for 50 test -S "$work/system_bus_socket" || log "the private system bus did not start"
    export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$work/system_bus_socket
    dbus-run-session --config-file="$work/session.conf" -- "$0" "$work" inside
    status=$?
    kill "$system_bus" 2>/dev/null
    exit $status
fi

# --- inside the session bus
cp "$work/cn.hu60.Notifier.desktop" "$XDG_DATA_HOME/applications/"
# The fake browser: every URL the app opens is appended to opened.txt.
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >> %s/opened.txt\n' "$work" >"$work/bin/xdg-open"
chmod 755 "$work/bin/xdg-open"
export PATH=$work/bin:$PATH BROWSER=$work/bin/xdg-open
export XDG_SESSION_TYPE=wayland XDG_CURRENT_DESKTOP=GNOME MUTTER_DEBUG_RESET_IDLETIME=1

log "starting gnome-shell"
gnome-shell --headless --wayland --no-x11 --virtual-monitor 1280x800 --unsafe-mode >"$work/shell.log" 2>&1 &
shell=$!
echo $shell >"$work/shell.pid"
owner_is_shell() {
    local owner
    owner=$(/usr/bin/python3 "$capture" owner org.freedesktop.Notifications 2>/dev/null) || return 1
    echo "$owner" >"$work/owner.txt"
    # GNOME's notification service (gjs, started by the shell) or the shell itself; never mako or dunst.
    grep -qE 'org\.gnome\.Shell\.Notifications|gnome-shell' <<<"$owner"
}
if ! wait_for 300 owner_is_shell; then
    log "org.freedesktop.Notifications not owned by GNOME Shell after 30 s: $(cat "$work/owner.txt" 2>/dev/null)"
fi
log "notification server: $(cat "$work/owner.txt" 2>/dev/null)"
display=$(ls "$XDG_RUNTIME_DIR" | grep -E '^wayland-[0-9]+$' | head -1)
export WAYLAND_DISPLAY=$display
dbus-update-activation-environment XDG_RUNTIME_DIR WAYLAND_DISPLAY XDG_CURRENT_DESKTOP 2>/dev/null

/usr/bin/python3 "$capture" record "$work/capture.jsonl" --ready "$work/capture.ready" >"$work/capture.log" 2>&1 &
recorder=$!
wait_for 50 test -f "$work/capture.ready" || log "the bus monitor did not start"

# The user's terminal: a small GTK window that has the keyboard focus all along.
echo hu60-terminal >"$work/terminal.title"
GDK_BACKEND=wayland /usr/bin/python3 -c '
import gi
gi.require_version("Gtk", "3.0")
from gi.repository import GLib, Gtk
GLib.set_prgname("hu60-terminal")
w = Gtk.Window(title="hu60-terminal")
w.set_default_size(480, 240)
w.add(Gtk.Label(label="the user is typing here"))
w.connect("destroy", Gtk.main_quit)
w.show_all()
Gtk.main()
' >"$work/terminal.log" 2>&1 &
terminal=$!
focused_terminal() {
    [ "$(/usr/bin/python3 "$capture" gnome-eval 'global.display.focus_window ? global.display.focus_window.get_title() : ""' 2>/dev/null)" = '"hu60-terminal"' ]
}
# GNOME starts in the overview, where no window has the focus: leave it as a user would, to the desktop.
/usr/bin/python3 "$capture" gnome-eval 'Main.overview.hide(); true' >/dev/null 2>&1
wait_for 150 focused_terminal || log "the terminal window never got the focus"
/usr/bin/python3 "$capture" gnome-focus "$work/focus.txt" --interval 0.5 >"$work/focus.log" 2>&1 &
sampler=$!

# The forum: a test user logged in (its sid in the credential fallback file, as after a login without a secret
# service), a sender, nothing waiting.
token=gnome-test-admin-token
cat >"$work/store.json" <<JSON
{"users": [{"uid": 4242, "name": "tester", "sid": "Hu60GnomeTestSid4242Tester01", "password": "x"},
           {"uid": 2333, "name": "小明", "password": "x"}],
 "messages": []}
JSON
"$work/hu60-notifier" serve --listen 127.0.0.1:0 --http 127.0.0.1:0 --data "$work/store.json" --admin-token "$token" \
    >"$work/serve.out" 2>"$work/serve.log" &
serve=$!
wait_for 100 test -s "$work/serve.out"
http=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["http"])' "$work/serve.out" 2>/dev/null)
push=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["push"])' "$work/serve.out" 2>/dev/null)
log "serve: http $http push $push"
mkdir -p "$XDG_CONFIG_HOME/hu60" "$XDG_DATA_HOME/hu60/hu60-notifier"
cat >"$XDG_CONFIG_HOME/hu60/hu60-notifier.conf" <<INI
[General]
version=2

[account]
site=$http
pushUrl=$push
uid=4242
userName=tester

[desktop]
logLevel=debug
INI
(umask 077 && printf 'Hu60GnomeTestSid4242Tester01' >"$XDG_DATA_HOME/hu60/hu60-notifier/credentials")

QT_QPA_PLATFORM=wayland "$work/hu60-notifier" --log-level debug >"$work/app.log" 2>&1 &
app=$!
echo $app >"$work/app.pid"
wait_for 300 grep -q 'client: connected$' "$work/app.log" || log "the app did not log \"connected\" in 30 s"
sleep 2

push_message() { # push_message TYPE CONTENT-JSON: prints the new message's id
    "$work/hu60-notifier" push --http "$http" --token "$token" --to 4242 --from 2333 --type "$1" --content "$2"
}
inbox_content='[{"type":"markdown"},{"type":"text","value":"## 部署指南\n先看 **粗体** 和 `cmake --build build` 再读 [说明](https://example.com/a?b=1&c=2)，还有 "},{"type":"url","url":"https://doc.qt.io/qt-6/qsystemtrayicon.html?x=1&y=2","title":"托盘文档"},{"type":"text","value":" 完成 "},{"type":"face","face":"滑稽"}]'
mention_content='[{"type":"atMsg","uid":2333,"pos":"帖子“桌面通知测试”的7楼","url":"bbs.topic.105001.{$BID}?floor=7#7","msg":[{"type":"markdown"},{"type":"text","value":"\n"},{"type":"at","tag":"tester","uid":4242},{"type":"text","value":"，**托盘测试**请看 `代码` "},{"type":"face","face":"喷"}]}]'
log "push: inbox message"
inbox_id=$(push_message 0 "$inbox_content")
sleep 3
log "push: @ message"
mention_id=$(push_message 1 "$mention_content")
sleep 3
log "push: a burst of 12"
burst=()
for i in $(seq 1 12); do
    burst+=("$(push_message 0 "[{\"type\":\"markdown\"},{\"type\":\"text\",\"value\":\"刷屏第${i}条 **加粗** 内容\"}]")")
    sleep 0.15
done
sleep 8
/usr/bin/python3 - "$work/pushed.json" "$inbox_id" "$mention_id" "${burst[@]}" <<'PY'
import json, sys
path, inbox, mention, *burst = sys.argv[1:]
json.dump({"inbox": {"id": inbox, "marker": "部署指南", "link_text": "托盘文档",
                     "link_url": "https://doc.qt.io/qt-6/qsystemtrayicon.html?x=1&y=2"},
           "mention": {"id": mention, "marker": "托盘测试", "context": "桌面通知测试", "url_part": "bbs.topic.105001"},
           "burst": [{"id": b, "marker": f"刷屏第{i + 1}条"} for i, b in enumerate(burst)]},
          open(path, "w"), ensure_ascii=False)
PY

# What GNOME holds now: every source of the message tray and its notifications.
/usr/bin/python3 "$capture" gnome-eval '
Main.messageTray.getSources().map(s => ({
    title: s.title,
    app: s.app ? s.app.get_id().replace(/\.desktop$/, "") : null,
    count: s.count,
    notifications: s.notifications.map(n => ({title: n.title, body: n.bannerBodyText, markup: n.bannerBodyMarkup,
                                               urgency: n.urgency}))}))' >"$work/gnome-list.json" 2>"$work/gnome-list.err"

kill "$sampler" 2>/dev/null
if [ -n "${SHOTS:-}" ]; then
    # The message list open, as the user would look at it.
    /usr/bin/python3 "$capture" gnome-eval 'Main.panel.statusArea.dateMenu.menu.open(); true' >/dev/null 2>&1
    sleep 1.5
    /usr/bin/python3 "$capture" gnome-screenshot "$work/gnome.png" >"$work/screenshot.log" 2>&1
    /usr/bin/python3 "$capture" gnome-eval 'Main.panel.statusArea.dateMenu.menu.close(); true' >/dev/null 2>&1
fi

log "ending the session"
kill "$recorder" 2>/dev/null
wait_for 30 bash -c "! kill -0 $recorder 2>/dev/null"
# The shell first, through Eval: SIGTERM may crash it, and so did (once) its clients going away before it.
/usr/bin/python3 "$capture" gnome-eval 'global.context.terminate(); true' >/dev/null 2>&1
wait_for 100 bash -c "! kill -0 $shell 2>/dev/null" || { log "gnome-shell did not end: killing it"; kill -9 "$shell" 2>/dev/null; }
wait "$shell" 2>/dev/null
echo "$?" >"$work/shell.status"
kill "$app" "$serve" "$terminal" 2>/dev/null
wait_for 50 bash -c "! kill -0 $app 2>/dev/null" || kill -9 "$app" 2>/dev/null
log "done"
echo done >"$work/done"
EOF
chmod 755 "$work/session.sh"

start=$SECONDS
"${run_as[@]}" env SHOTS="$shots" timeout -k 10 240 setsid "$work/session.sh" "$work" >"$work/session.log" 2>&1 &
session=$!
cleanup() {
    kill -- -"$session" 2>/dev/null
    # Anything of this stage's own desktop user still running (activated services) is ended by its pid.
    if [ ${#run_as[@]} -gt 0 ]; then
        for pid in $(ps -o pid= -u "$desktop_user" 2>/dev/null); do kill "$pid" 2>/dev/null; done
        sleep 0.5
        for pid in $(ps -o pid= -u "$desktop_user" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        for _ in $(seq 30); do
            [ -z "$(ps -o pid= -u "$desktop_user" 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
    if [ -n "${HU60_DESKTOP_KEEP:-}" ]; then echo "desktop (GNOME): kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
wait "$session"
session_status=$?
echo "--- session ($((SECONDS - start)) s, exit $session_status)"
cat "$work/session.log"

if [ -n "$shots" ] && [ -s "$work/gnome.png" ]; then
    cp "$work/gnome.png" "$shots/gnome.png" && echo "screenshot: $shots/gnome.png"
fi

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
check "GNOME Shell's notification service owned org.freedesktop.Notifications ($(cat "$work/owner.txt" 2>/dev/null))" \
    grep -qE 'org\.gnome\.Shell\.Notifications|gnome-shell' "$work/owner.txt"
check "the session ran to its end within its time limit" test -f "$work/done"
check "the app, logged in as the test user, connected to serve" grep -q 'client: connected$' "$work/app.log"
/usr/bin/python3 "$here/scripts/notify-capture.py" check --profile gnome --dir "$work" >"$work/checks.txt" 2>&1
cat "$work/checks.txt"
passed=$((passed + $(grep -c '^PASS:' "$work/checks.txt")))
failed=$((failed + $(grep -c '^FAIL:' "$work/checks.txt")))
grep -q '^checks: ' "$work/checks.txt" || { echo "FAIL: the checks did not run to their end"; failed=$((failed + 1)); }
check "gnome-shell ended cleanly through Eval (exit $(cat "$work/shell.status" 2>/dev/null))" \
    test "$(cat "$work/shell.status" 2>/dev/null)" = 0

if [ "$failed" -gt 0 ]; then
    echo "--- Notify calls (summary and body as sent)"
    head -c 6000 "$work/notify-calls.txt" 2>/dev/null
    echo "--- GNOME's list"
    head -c 3000 "$work/gnome-list.txt" 2>/dev/null
    echo "--- app log (last 30 lines)"
    tail -30 "$work/app.log"
    echo "--- gnome-shell log (last 15 lines)"
    tail -15 "$work/shell.log"
fi
echo "desktop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
