# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by scripts/desktop-gnome-test.sh and scripts/desktop-kde-test.sh (sourced, not run on its own).
#
# Stage part (the caller, root or not):
#   stage_prepare NAME USER   the work folder, the unprivileged desktop user, the app, helpers and desktop file
#   stage_run SECONDS         runs $work/session.sh as that user, with a time limit; prints its log
#   stage_cleanup             (EXIT trap) ends what is left of the session, removes the work folder
#   check NAME COMMAND...     counts a check; stage_checks PROFILE runs scripts/notify-capture.py's checks
# Session part (sourced by $work/session.sh as the desktop user):
#   session_env; session_buses SESSION-SCRIPT EXCLUDED-SERVICE-NAMES...: a private system bus, then the session
#   script again inside dbus-run-session whose services leave out every other notification server
#   start_recorder, start_terminal, start_forum_and_app, push_inbox, push_mention, push_burst, write_pushed
# shellcheck shell=bash disable=SC2154  # here, binary, shots, work: set by the stage that sources this

py=/usr/bin/python3 # Debian's, with python3-gi (a python3 earlier on PATH may lack it)

# ------------------------------------------------------------------------------------------------ stage part

# stage_require LABEL DESKTOP TOOL...: the tools (and python3-gi with Pango and GTK 3) present, else installed by
# `install-deps.sh --desktop DESKTOP` (as root or with password-less sudo), else the stage is skipped (exit 77).
stage_require() {
    local label=$1 desktop=$2 install_log install_start
    shift 2
    tools_present() {
        local tool
        for tool in "$@" dbus-run-session dbus-daemon dbus-update-activation-environment "$py"; do
            command -v "$tool" >/dev/null || return 1
        done
        "$py" -c 'import gi; gi.require_version("Pango", "1.0"); gi.require_version("Gtk", "3.0")
from gi.repository import Pango, Gtk' 2>/dev/null
    }
    tools_present "$@" && return 0
    echo "desktop ($label): installing its packages (scripts/install-deps.sh --desktop $desktop)"
    if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
        install_log=$(mktemp "/tmp/hu60-install-$desktop.XXXXXX")
        install_start=$SECONDS
        "$here/scripts/install-deps.sh" --desktop "$desktop" >"$install_log" 2>&1 || tail -5 "$install_log"
        echo "desktop ($label): installing took $((SECONDS - install_start)) s"
        rm -f "$install_log"
    fi
    tools_present "$@" && return 0
    echo "SKIPPED: desktop test ($label): $* or python3-gi, gir1.2-pango-1.0, gir1.2-gtk-3.0 are not installed and" \
        "could not be installed (scripts/install-deps.sh --desktop $desktop)"
    exit 77
}

stage_prepare() {
    stage_name=$1
    desktop_user=$2
    [ -x "$binary" ] || {
        echo "desktop test ($stage_name): $binary is not built"
        exit 1
    }
    work=$(mktemp -d "/tmp/hu60-$stage_name.XXXXXX")
    chmod 755 "$work"
    run_as=()
    if [ "$(id -u)" -eq 0 ]; then
        id "$desktop_user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$desktop_user"
        chown "$desktop_user": "$work"
        run_as=(runuser -u "$desktop_user" --)
    fi
    cp "$binary" "$work/hu60-notifier"
    cp "$here/scripts/notify-capture.py" "$work/notify-capture.py"
    cp "$here/scripts/desktop-shell-lib.sh" "$work/lib.sh"
    # Installed as a user's package would: GNOME and Plasma name and group the notifications by it.
    sed "s|^Exec=.*|Exec=$work/hu60-notifier|" "$here/packaging/linux/cn.hu60.Notifier.desktop" \
        >"$work/cn.hu60.Notifier.desktop"
    chmod 755 "$work/hu60-notifier" "$work/notify-capture.py"
    chmod 644 "$work/cn.hu60.Notifier.desktop" "$work/lib.sh"
    passed=0
    failed=0
    session=
    trap stage_cleanup EXIT
}

stage_run() {
    local limit=$1 start=$SECONDS status
    chmod 755 "$work/session.sh"
    "${run_as[@]}" env SHOTS="$shots" timeout -k 10 "$limit" setsid "$work/session.sh" "$work" \
        >"$work/session.log" 2>&1 &
    session=$!
    wait "$session"
    status=$?
    echo "--- session ($((SECONDS - start)) s, exit $status)"
    grep -v '^dbus-daemon\[' "$work/session.log" | grep -v '^$'
}

stage_cleanup() {
    [ -n "$session" ] && kill -- -"$session" 2>/dev/null
    # Anything of this stage's own desktop user still running (activated services) is ended by its pid.
    if [ ${#run_as[@]} -gt 0 ]; then
        local pid
        for pid in $(ps -o pid= -u "$desktop_user" 2>/dev/null); do kill "$pid" 2>/dev/null; done
        sleep 0.5
        for pid in $(ps -o pid= -u "$desktop_user" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        for _ in $(seq 30); do
            [ -z "$(ps -o pid= -u "$desktop_user" 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
    if [ -n "${HU60_DESKTOP_KEEP:-}" ]; then
        echo "desktop ($stage_name): kept $work"
    else
        rm -rf "$work"
    fi
}

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

stage_checks() { # stage_checks gnome|kde: the checks over what the session captured
    "$py" "$here/scripts/notify-capture.py" check --profile "$1" --dir "$work" >"$work/checks.txt" 2>&1
    cat "$work/checks.txt"
    passed=$((passed + $(grep -c '^PASS:' "$work/checks.txt")))
    failed=$((failed + $(grep -c '^FAIL:' "$work/checks.txt")))
    if ! grep -q '^checks: ' "$work/checks.txt"; then
        echo "FAIL: the checks did not run to their end"
        failed=$((failed + 1))
    fi
}

stage_report() { # after the checks: on failure what was sent; the last line
    if [ "$failed" -gt 0 ]; then
        echo "--- Notify calls (summary and body as sent)"
        head -c 6000 "$work/notify-calls.txt" 2>/dev/null
        echo "--- app log (last 30 lines)"
        tail -30 "$work/app.log" 2>/dev/null
    fi
    echo "desktop: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# ------------------------------------------------------------------------------------------------ session part

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

session_env() {
    export HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/home/.config
    export XDG_DATA_HOME=$work/home/.local/share XDG_STATE_HOME=$work/home/.local/state
    export XDG_CACHE_HOME=$work/home/.cache
    export LANGUAGE=en LC_ALL=C.UTF-8 NO_AT_BRIDGE=1
    capture=$work/notify-capture.py
    # The fake browser: every URL the app opens is appended to opened.txt.
    export PATH=$work/bin:$PATH BROWSER=$work/bin/xdg-open
}

session_buses() { # session_buses SESSION-SCRIPT EXCLUDED-NAMES...: returns the session's exit status
    local script=$1 f name status system_bus
    shift
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME/applications" "$XDG_RUNTIME_DIR" "$work/bin" "$work/services"
    chmod 700 "$XDG_RUNTIME_DIR"
    cp "$work/cn.hu60.Notifier.desktop" "$XDG_DATA_HOME/applications/"
    printf '#!/bin/sh\nprintf "%%s\\n" "$@" >> %s/opened.txt\n' "$work" >"$work/bin/xdg-open"
    chmod 755 "$work/bin/xdg-open"
    # Every session service but other notification servers (mako, dunst, Plasma's waiter would be activated
    # instead of the desktop's own) and the names the caller leaves out.
    for f in /usr/share/dbus-1/services/*.service; do
        grep -q '^Name=org.freedesktop.Notifications$' "$f" && continue
        name=$(sed -n 's/^Name=//p' "$f" | head -1)
        [[ " $* " == *" $name "* ]] && continue
        ln -s "$f" "$work/services/"
    done
    cat >"$work/session.conf" <<CONF
<busconfig><type>session</type><keep_umask/><listen>unix:tmpdir=$work</listen><auth>EXTERNAL</auth>
<servicedir>$work/services</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
    # A system bus with nothing on it: GNOME Shell dies at start without one, Plasma asks it for logind.
    cat >"$work/system.conf" <<CONF
<busconfig><type>system</type><listen>unix:path=$work/system_bus_socket</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
    dbus-daemon --config-file="$work/system.conf" --nofork --nopidfile >"$work/system-bus.log" 2>&1 &
    system_bus=$!
    wait_for 50 test -S "$work/system_bus_socket" || log "the private system bus did not start"
    export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$work/system_bus_socket
    dbus-run-session --config-file="$work/session.conf" -- "$script" "$work" inside
    status=$?
    kill "$system_bus" 2>/dev/null
    return $status
}

notifications_owner_matches() { # notifications_owner_matches REGEX: the owner's command line matches
    local owner
    owner=$("$py" "$capture" owner org.freedesktop.Notifications 2>/dev/null) || return 1
    echo "$owner" >"$work/owner.txt"
    grep -qE "$1" <<<"$owner"
}

start_recorder() {
    "$py" "$capture" record "$work/capture.jsonl" --ready "$work/capture.ready" >"$work/capture.log" 2>&1 &
    recorder=$!
    wait_for 50 test -f "$work/capture.ready" || log "the bus monitor did not start"
}

stop_recorder() {
    kill "$recorder" 2>/dev/null
    wait_for 30 bash -c "! kill -0 $recorder 2>/dev/null"
}

# The user's terminal: a small GTK window that should keep the keyboard focus all along. Text written into
# $work/terminal-clip is put on the clipboard by it (a window with the focus may: a control for clipboard checks).
start_terminal() {
    echo hu60-terminal >"$work/terminal.title"
    GDK_BACKEND=wayland "$py" - "$work/terminal-clip" <<'PY' >"$work/terminal.log" 2>&1 &
import os, sys
import gi
gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, GLib, Gtk
GLib.set_prgname("hu60-terminal")
request = sys.argv[1]
w = Gtk.Window(title="hu60-terminal")
w.set_default_size(480, 240)
w.add(Gtk.Label(label="the user is typing here"))
w.connect("destroy", Gtk.main_quit)
w.show_all()
def poll():
    if os.path.exists(request):
        text = open(request, encoding="utf-8").read()
        os.remove(request)
        Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD).set_text(text, -1)
    return True
GLib.timeout_add(200, poll)
Gtk.main()
PY
    terminal=$!
}

start_forum_and_app() {
    # The forum: a test user logged in (its sid in the credential fallback file, as after a login without a
    # secret service), a sender, nothing waiting.
    token="desktop-test-admin-token"
    cat >"$work/store.json" <<JSON
{"users": [{"uid": 4242, "name": "tester", "sid": "Hu60DesktopTestSid4242Tester01", "password": "x"},
           {"uid": 2333, "name": "小明", "password": "x"}],
 "messages": []}
JSON
    "$work/hu60-notifier" serve --listen 127.0.0.1:0 --http 127.0.0.1:0 --data "$work/store.json" \
        --admin-token "$token" >"$work/serve.out" 2>"$work/serve.log" &
    serve=$!
    wait_for 100 test -s "$work/serve.out"
    http=$("$py" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["http"])' "$work/serve.out")
    push=$("$py" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["push"])' "$work/serve.out")
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
    (umask 077 && printf 'Hu60DesktopTestSid4242Tester01' >"$XDG_DATA_HOME/hu60/hu60-notifier/credentials")
    QT_QPA_PLATFORM=wayland "$work/hu60-notifier" --log-level debug >"$work/app.log" 2>&1 &
    app=$!
    echo $app >"$work/app.pid"
    wait_for 300 grep -q 'client: connected$' "$work/app.log" || log "the app did not log \"connected\" in 30 s"
    sleep 2
}

stop_app_and_forum() {
    kill "$app" "$serve" "$terminal" 2>/dev/null
    wait_for 50 bash -c "! kill -0 $app 2>/dev/null" || kill -9 "$app" 2>/dev/null
}

push_message() { # push_message TYPE CONTENT-JSON: prints the new message's id
    "$work/hu60-notifier" push --http "$http" --token "$token" --to 4242 --from 2333 --type "$1" --content "$2"
}

push_inbox() { # Markdown (heading, bold, code span, a Markdown link), a forum link with & in its URL, a face
    log "push: inbox message"
    inbox_id=$(push_message 0 '[{"type":"markdown"},{"type":"text","value":"## 部署指南\n先看 **粗体** 和 `cmake --build build` 再读 [说明](https://example.com/a?b=1&c=2)，还有 "},{"type":"url","url":"https://doc.qt.io/qt-6/qsystemtrayicon.html?x=1&y=2","title":"托盘文档"},{"type":"text","value":" 完成 "},{"type":"face","face":"滑稽"}]')
}

push_mention() { # an @ message: where it was said (its context), Markdown, a face
    log "push: @ message"
    mention_id=$(push_message 1 '[{"type":"atMsg","uid":2333,"pos":"帖子“桌面通知测试”的7楼","url":"bbs.topic.105001.{$BID}?floor=7#7","msg":[{"type":"markdown"},{"type":"text","value":"\n"},{"type":"at","tag":"tester","uid":4242},{"type":"text","value":"，**托盘测试**请看 `代码` "},{"type":"face","face":"喷"}]}]')
}

push_burst() { # 12 inbox messages in quick succession
    log "push: a burst of 12"
    burst=()
    local i
    for i in $(seq 1 12); do
        burst+=("$(push_message 0 "[{\"type\":\"markdown\"},{\"type\":\"text\",\"value\":\"刷屏第${i}条 **加粗** 内容\"}]")")
        sleep 0.15
    done
}

write_pushed() { # what was pushed, for the checks: ids, a marker text of each, what must be visible
    "$py" - "$work/pushed.json" "$inbox_id" "$mention_id" "${burst[@]}" <<'PY'
import json, sys
path, inbox, mention, *burst = sys.argv[1:]
json.dump({"inbox": {"id": inbox, "marker": "部署指南", "link_text": "托盘文档",
                     "link_url": "https://doc.qt.io/qt-6/qsystemtrayicon.html?x=1&y=2"},
           "mention": {"id": mention, "marker": "托盘测试", "context": "桌面通知测试", "url_part": "/q.php/bbs.topic.105001.html?floor=7"},
           "burst": [{"id": b, "marker": f"刷屏第{i + 1}条"} for i, b in enumerate(burst)]},
          open(path, "w"), ensure_ascii=False)
PY
}
