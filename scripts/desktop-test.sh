#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tray app on a real Wayland desktop: sway (headless, pixman) with waybar (StatusNotifier tray) and mako
# (notification server), a foot terminal focused, QT_QPA_PLATFORM=wayland. The tray app runs against a local
# `hu60-notifier serve` as a logged-in user would (settings file, session id in the credential store's 0600 file);
# `hu60-notifier push` sends an inbox message (Markdown, a face, links), an @ message with its quoted place, a
# burst of twelve, and one message on each side of a restart of the notification server. Every call to the
# notification server is captured (`busctl --user monitor`, read by scripts/notify-check.py) and so is what the
# server holds (`makoctl list`). Checks: the app connected as the configured user; the tray item is registered;
# the keyboard focus never leaves the terminal; no window of the app appears; every body parses as Pango markup
# (the server claims body-markup) and has no <a> (it does not claim body-hyperlinks); no Markdown syntax, tags or
# entities reach the text the user reads, in what was sent and in what the server holds; urgency is never 2
# (critical); desktop-entry is the installed desktop file's id; the @ message's notification shows its quote;
# "Mark read" invoked through `makoctl invoke` marks that message (and no other) read on the forum and takes the
# notification back; the default action opens that message's place (a fake browser on PATH and in BROWSER records
# the URL); the burst becomes one summary whose title counts what it holds (a message the app took back to fold into
# the summary counts there, not as shown alone); the notification server killed and
# started again gets the next message.
# HU60_DESKTOP_NOTIFICATION_SERVER=dunst runs dunst (Wayland, layer shell) instead of mako: the same checks but the
# ones that invoke actions (dunstctl has no action by id); what dunst holds is read from `dunstctl history` after
# `dunstctl close-all`.
# HU60_DESKTOP_NO_NOTIFICATION_SERVER=1 (or ..._NOTIFICATION_SERVER=none) runs the same desktop and pushes without
# one: sway would give our popups the keyboard focus (Qt 6.4 makes a parentless tool-tip window an xdg_toplevel),
# so with a tray the app shows the news by the tray's badge only; this run checks the focus, the windows and that.
# The session bus is private and activates nothing (no notification server starts behind the test's back).
# sway refuses to run as root: as root the desktop runs as the unprivileged user hu60desk (HU60_DESKTOP_USER;
# created if missing). Everything the run starts is in one process group, ended with it (nothing else of that user).
# HU60_DESKTOP_SCREENSHOTS=DIR: DIR/wayland-sway.png (DIR/wayland-sway-dunst.png) shows the desktop once the @
# message is on screen. HU60_DESKTOP_TIMEOUT (seconds, default 240) bounds the whole run; HU60_DESKTOP_KEEP=1
# keeps the work folder.
# Exit 0 all passed, 1 a check failed, 77 skipped (packages unavailable). Last line: "desktop: N passed, M failed".
set -uo pipefail

# ---------------------------------------------------------------------------------------------------------------
# The test itself, as the desktop user inside its own session bus (dbus-run-session) and process group.
inside() {
    local work=$1
    cd "$work" || exit 1
    ps -o pgid= -p $$ | tr -d ' ' >"$work/pgid"
    local server=$HU60_SERVER py=$HU60_PYTHON shots=$HU60_SHOTS
    export HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/home/.config
    export XDG_DATA_HOME=$work/home/.local/share XDG_STATE_HOME=$work/home/.local/state
    export XDG_CACHE_HOME=$work/home/.cache
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$work/bin" "$work/serve"
    chmod 700 "$XDG_RUNTIME_DIR"
    export WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 LANGUAGE=en LC_ALL=C.UTF-8
    unset DISPLAY
    # The fake browser: every URL the app opens is appended to opened.txt.
    printf '#!/bin/sh\nprintf "%%s\\n" "$@" >> %s/opened.txt\n' "$work" >"$work/bin/xdg-open"
    chmod 755 "$work/bin/xdg-open"
    export PATH=$work/bin:$PATH BROWSER=$work/bin/xdg-open

    passed=0
    failed=0
    check() { # check NAME CONDITION-COMMAND...
        local name=$1
        shift
        if "$@" >/dev/null; then
            printf 'PASS: %s\n' "$name"
            passed=$((passed + 1))
        else
            printf 'FAIL: %s\n' "$name"
            failed=$((failed + 1))
        fi
    }
    nojson={}
    note() { printf '      %s\n' "$*"; }
    wait_until() { # wait_until SECONDS COMMAND...: true once COMMAND is
        local end=$((SECONDS + $1))
        shift
        until "$@"; do
            [ "$SECONDS" -lt "$end" ] || return 1
            sleep 0.2
        done
    }
    now() { date +%s.%N; }
    give_up() { # give_up WHAT LOG: the run cannot go on
        printf 'FAIL: %s\n' "$1"
        tail -20 "$2" 2>/dev/null | sed 's/^/      /'
        echo "desktop: $passed passed, $((failed + 1)) failed"
        return 1
    }

    # The checker first: it must tell bad markup, raw Markdown and tags shown as text from good ones.
    local selftest selftest_status
    selftest=$("$py" "$work/notify-check.py" selftest 2>&1)
    selftest_status=$?
    check "scripts/notify-check.py tells bad from good bodies ($(tail -1 <<<"$selftest"))" test "$selftest_status" = 0
    [ "$(grep -c . <<<"$selftest")" -le 1 ] || sed 's/^/      /' <<<"$selftest"

    # --- the desktop
    printf 'output HEADLESS-1 resolution 1280x800\n' >"$work/sway.conf"
    printf '{"layer":"top","position":"top","height":24,"modules-right":["tray"],"tray":{"spacing":4}}\n' \
        >"$work/waybar.json"
    sway -c "$work/sway.conf" >"$work/sway.log" 2>&1 &
    local sock=
    have_sway() { sock=$(ls "$XDG_RUNTIME_DIR"/sway-ipc.*.sock 2>/dev/null | head -1) && [ -n "$sock" ]; }
    wait_until 15 have_sway || { give_up "sway did not start" "$work/sway.log"; return 1; }
    export SWAYSOCK=$sock
    WAYLAND_DISPLAY=$(ls "$XDG_RUNTIME_DIR" | grep -E '^wayland-[0-9]+$' | head -1)
    export WAYLAND_DISPLAY
    # waybar is a layer-shell client of its own; its tray module owns the StatusNotifierWatcher.
    waybar -c "$work/waybar.json" >"$work/waybar.log" 2>&1 &
    on_bus() { busctl --user list 2>/dev/null | grep -q "^$1 "; }
    wait_until 15 on_bus org.kde.StatusNotifierWatcher || note "waybar's StatusNotifierWatcher did not appear"
    foot --app-id=hu60-terminal --working-directory="$HOME" >"$work/foot.log" 2>&1 &
    terminal_up() { swaymsg -t get_tree | grep -q hu60-terminal; }
    wait_until 15 terminal_up || note "the terminal did not appear"
    swaymsg '[app_id=hu60-terminal] focus' >/dev/null

    # --- the notification server
    printf 'ignore-timeout=1\ndefault-timeout=0\nmax-visible=6\nwidth=420\nheight=200\nfont=sans 11\n' \
        >"$work/mako.conf"
    cat >"$work/dunstrc" <<'CONF'
[global]
    width = 420
    origin = top-right
    offset = 10x30
    font = Sans 11
    markup = full
    format = "<b>%s</b>\n%b"
    history_length = 200
    sticky_history = yes
    idle_threshold = 0
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
CONF
    server_pid=
    start_server() {
        case $server in
        mako) mako -c "$work/mako.conf" >>"$work/mako.log" 2>&1 & ;;
        dunst) dunst -config "$work/dunstrc" >>"$work/dunst.log" 2>&1 & ;;
        *) return 0 ;;
        esac
        server_pid=$!
        wait_until 15 on_bus org.freedesktop.Notifications
    }
    owner() {
        busctl --user call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus GetNameOwner s \
            org.freedesktop.Notifications 2>/dev/null | sed -E 's/^s "(.*)"$/\1/'
    }
    if [ "$server" != none ]; then
        start_server || { give_up "$server did not take org.freedesktop.Notifications" "$work/$server.log"; return 1; }
    fi
    local first_owner capabilities
    first_owner=$(owner)
    capabilities=$(busctl --user call org.freedesktop.Notifications /org/freedesktop/Notifications \
        org.freedesktop.Notifications GetCapabilities 2>/dev/null)

    # Every message about notifications (calls, answers, signals) from here on, one JSON object a line.
    busctl --user monitor --json=short --match "interface='org.freedesktop.Notifications'" \
        --match "type='method_return'" --match "type='error'" >"$work/bus.jsonl" 2>"$work/monitor.log" &
    sleep 0.5

    # --- the forum: `serve` with a test user, and the app logged in as that user
    local uid=4242 sender=2333 spammer=2334 sid token
    sid=DeskTest$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    token=admin$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
    cat >"$work/serve/store.json" <<JSON
{"users": [{"uid": $uid, "name": "tester", "sid": "$sid", "password": "x"},
           {"uid": $sender, "name": "小明", "password": "x"},
           {"uid": $spammer, "name": "刷屏机", "password": "x"}],
 "messages": []}
JSON
    "$work/hu60-notifier" serve --listen 127.0.0.1:0 --http 127.0.0.1:0 --data "$work/serve/store.json" \
        --admin-token "$token" >"$work/serve.out" 2>"$work/serve.log" &
    served() { [ -s "$work/serve.out" ]; }
    wait_until 15 served || { give_up "serve did not start" "$work/serve.log"; return 1; }
    local site push_url
    site=$(head -1 "$work/serve.out" | jq -r .http)
    site=${site%/}
    push_url=$(head -1 "$work/serve.out" | jq -r .push)
    mkdir -p "$XDG_CONFIG_HOME/hu60" "$XDG_DATA_HOME/hu60/hu60-notifier"
    cat >"$XDG_CONFIG_HOME/hu60/hu60-notifier.conf" <<INI
[General]
version=2

[account]
site=$site
pushUrl=$push_url
uid=$uid
userName=tester
INI
    (umask 077 && printf '%s' "$sid" >"$XDG_DATA_HOME/hu60/hu60-notifier/credentials")

    # The keyboard focus, sampled all along.
    focused_app() { swaymsg -t get_tree | jq -r '.. | objects | select(.focused? == true) | (.app_id // .name // "")'; }
    (
        for _ in $(seq 1200); do
            [ -e "$work/stop-sampling" ] && break
            focused_app >>"$work/focus.txt"
            sleep 0.25
        done
    ) &
    local sampler=$!

    QT_QPA_PLATFORM=wayland "$work/hu60-notifier" --log-level debug >"$work/app.log" 2>&1 &
    local app_pid=$!
    connected() { grep -q "uid $uid connected" "$work/serve.log"; }
    check "the app connected to serve as the configured user (uid $uid, session id from the credential file)" \
        wait_until 30 connected

    # --- what was sent, what is held
    # How the server shows a body: parsed as markup its own way, or as plain text (scripts/notify-check.py).
    local shown_as=$server
    grep -q body-markup <<<"$capabilities" || shown_as=plain
    calls() { "$py" "$work/notify-check.py" calls "$work/bus.jsonl" "$shown_as" >"$work/calls.json" && cat "$work/calls.json"; }
    # notify_after TIME: the first Notify call sent after TIME (seconds since the epoch), answered or not.
    notify_after() { calls | jq -c --argjson t "$1" '[.notify[] | select(.time > $t)] | first // empty'; }
    has_notify_after() { [ -n "$(notify_after "$1")" ]; }
    mako_list() { # what mako holds, as records (scripts/notify-check.py)
        makoctl list >"$work/mako-list.json" 2>/dev/null || echo '{"data":[[]]}' >"$work/mako-list.json"
        "$py" "$work/notify-check.py" mako "$work/mako-list.json"
    }
    held=() # snapshots of what the server held, checked at the end
    snapshot() { # (not in a subshell: it adds to held)
        local file=$work/held-${#held[@]}.json
        case $server in
        mako) mako_list >"$file" ;;
        dunst)
            dunstctl close-all
            sleep 0.5
            dunstctl history >"$work/dunst-history.json" 2>/dev/null || echo '{"data":[[]]}' >"$work/dunst-history.json"
            "$py" "$work/notify-check.py" dunst "$work/dunst-history.json" >"$file"
            ;;
        *) return 0 ;;
        esac
        held+=("$file")
        cat "$file"
    }
    holds() { [ "$server" = mako ] && mako_list | jq -e --argjson id "$1" 'any(.[]; .id == $id)' >/dev/null; }
    push() { # push TYPE FROM CONTENT-JSON: prints the new message's id
        "$work/hu60-notifier" push --http "$site" --token "$token" --to "$uid" --from "$2" --type "$1" \
            --content "$3" 2>>"$work/push.log"
    }
    shown_text() { jq -r '(.shown_summary // "") + " / " + (.shown_body // "" | gsub("\n"; " ⏎ "))'; }

    # 1. An inbox message: a Markdown heading, bold, code, a Markdown link, a face and a forum link.
    local t1 id1 n1 rec1
    t1=$(now)
    id1=$(push 0 "$sender" '[{"type":"markdown"},{"type":"text","value":"## 标题\n**粗体** 和 "},{"type":"mdpre","data":"`代码`"},{"type":"text","value":" 以及 [链接](https://hu60.cn/q.php/bbs.topic.1.html) 桌面一号 "},{"type":"face","face":"滑稽"},{"type":"text","value":" "},{"type":"url","url":"https://hu60.cn/q.php/bbs.topic.2.html","title":"第二个链接"}]')
    if [ "$server" != none ]; then
        wait_until 15 has_notify_after "$t1"
        rec1=$(notify_after "$t1")
        n1=$(jq -r '.id // empty' <<<"$rec1")
        check "the inbox message (id $id1) reached $server (notification ${n1:-none}: $(shown_text <<<"${rec1:-$nojson}"))" \
            test -n "$n1"
        check "it reads like the message: heading, bold, code and link texts, the face (words 标题 粗体 代码 链接 桌面一号 滑稽)" \
            jq -e '(.shown_summary + .shown_body) as $s | all("标题", "粗体", "代码", "链接", "桌面一号", "滑稽"; . as $w | $s | contains($w))' <<<"${rec1:-$nojson}"
    fi

    # 2. An @ message: the place it comes from and the quoted text that mentions the user.
    local t2 id2 n2 rec2 place
    place="$site/q.php/bbs.topic.77.html?floor=5#5"
    sleep 1
    t2=$(now)
    id2=$(push 1 "$sender" '[{"type":"atMsg","uid":'"$sender"',"pos":"帖子“托盘通知测试”的5楼","url":"bbs.topic.77.{$BID}?floor=5#5","msg":[{"type":"text","value":"桌面引用上下文，"},{"type":"at","tag":"tester","uid":'"$uid"'},{"type":"text","value":" 请看看 "},{"type":"face","face":"滑稽"}]}]')
    if [ "$server" != none ]; then
        wait_until 15 has_notify_after "$t2"
        rec2=$(notify_after "$t2")
        n2=$(jq -r '.id // empty' <<<"$rec2")
        check "the @ message (id $id2) reached $server (notification ${n2:-none}: $(shown_text <<<"${rec2:-$nojson}"))" \
            test -n "$n2"
        check "the @ message's notification shows its quoted context (桌面引用上下文)" \
            jq -e '(.shown_summary + .shown_body) | contains("桌面引用上下文")' <<<"${rec2:-$nojson}"
        if [ "$server" = mako ]; then
            check "mako holds both (notifications $n1 and $n2)" wait_until 5 eval 'holds "${n1:-0}" && holds "${n2:-0}"'
        fi
        sleep 1 # drawn
    fi
    if [ -n "$shots" ]; then
        grim "$work/shot.png" 2>>"$work/grim.log" && cp "$work/shot.png" "$work/$shots"
    fi
    [ "$server" = mako ] && snapshot >/dev/null

    # 3. Actions, as a click on the notification's buttons would invoke them (mako).
    isread() { # isread ID...: the forum's read state of those messages, {"ID": true|false|null}
        "$py" - "$site" "$sid" "$@" <<'PY'
import json, sys, urllib.request
site, sid, ids = sys.argv[1], sys.argv[2], [int(i) for i in sys.argv[3:]]
request = urllib.request.Request(site + "/q.php/api.msg.isread.get.json", data=json.dumps({"ids": ids}).encode(),
                                 headers={"Content-Type": "application/json", "Cookie": "hu60_sid=" + sid})
print(json.dumps(json.load(urllib.request.urlopen(request, timeout=10)).get("result")))
PY
    }
    if [ "$server" = mako ]; then
        local before read_state
        before=$(isread "$id1" "$id2")
        local tm
        tm=$(now)
        [ -n "${n1:-}" ] && makoctl invoke -n "$n1" mark-read 2>>"$work/makoctl.log"
        is_read() { isread "$id1" | jq -e --arg id "$id1" '.[$id] == true' >/dev/null; }
        wait_until 10 is_read
        read_state=$(isread "$id1" "$id2")
        check "\"Mark read\" on notification ${n1:-none} marked message $id1 read on the forum, and only it ($before -> $read_state)" \
            jq -e --arg a "$id1" --arg b "$id2" '.[$a] == true and .[$b] == false' <<<"$read_state"
        gone() { ! holds "${n1:-0}"; }
        wait_until 5 gone
        local closes
        closes=$(calls | jq -c --argjson t "$tm" '[.close[] | select(.time > $t) | .id]')
        check "and took the notification back (mako holds it: $(holds "${n1:-0}" && echo yes || echo no); the app closed $closes)" \
            eval '[ -n "${n1:-}" ] && ! holds "$n1" && jq -e --argjson n "$n1" "index(\$n) != null" <<<"$closes" >/dev/null'

        [ -n "${n2:-}" ] && makoctl invoke -n "$n2" default 2>>"$work/makoctl.log"
        opened() { [ -s "$work/opened.txt" ]; }
        wait_until 10 opened
        sleep 0.5
        local urls
        urls=$(cat "$work/opened.txt" 2>/dev/null | tr '\n' ' ')
        # That message's place, or the forum's click-through that marks it read and goes there.
        check "the default action on notification ${n2:-none} opened message $id2's place, once (expected $place; opened: ${urls:-nothing})" \
            bash -c '[ "$(wc -l <"$1")" = 1 ] && { [ "$(cat "$1")" = "$2" ] || [ "$(cat "$1")" = "$3" ]; }' _ \
            "$work/opened.txt" "$place" "$site/q.php/link.ack.at.$id2.html"
    fi

    # 4. A burst: twelve inbox messages from one sender within a second or two, well after the others (the app's
    # burst window is 2 s).
    sleep 3
    local tb burst_ids=()
    tb=$(now)
    for i in $(seq 12); do
        burst_ids+=("$(push 0 "$spammer" '[{"type":"markdown"},{"type":"text","value":"**刷屏**测试 第'"$i"'条 `x`"}]')")
    done
    burst_seen() { calls | jq -e --argjson t "$tb" 'any(.notify[]; .time > $t and ((.summary + .body) | contains("第12条")))' >/dev/null; }
    if [ "$server" != none ]; then
        wait_until 15 burst_seen
        sleep 2 # the summary's last update (throttled)
        local burst
        # Shown alone: the sender's name as the title and one message; the rest is the summary. One shown alone and
        # taken back by the app meanwhile (folded into the summary) counts in the summary: of the burst, and the
        # earlier inbox and @ messages if still up.
        burst=$(calls | jq -c --argjson t "$tb" --argjson n1 "${n1:-0}" --argjson n2 "${n2:-0}" '
            [.notify[] | select(.time > $t)] as $b
            | [.close[] | select(.time > $t) | .id] as $closed
            | ($b | map(select(.summary | contains("刷屏机")))) as $single
            | ($b - $single) as $summary
            | {calls: ($b | length), single: ($single | map(.id) | unique),
               alone: (($single | map(.id) | unique) - $closed), summaries: ($summary | map(.id) | unique),
               title: ($summary | last | .summary // ""), lines: ($summary | last | .shown_body // "" | split("\n") | length),
               folded_inbox: ([$closed[] | select(. == $n1)] | length), folded_at: ([$closed[] | select(. == $n2)] | length)}
            | .expected = 12 - (.alone | length) + .folded_inbox')
        note "burst: $burst"
        local held_burst=
        if [ "$server" = mako ]; then
            held_burst=$(mako_list | jq '[.[] | select((.summary + .body) | test("第[0-9]+条|刷屏"))] | length')
        fi
        check "the burst of 12 became one summary beside at most 3 shown alone ($(jq -r '"\(.alone | length) alone (\(.single | length) at first), \(.summaries | length) summaries"' <<<"$burst")${held_burst:+; mako holds $held_burst of it})" \
            jq -e --argjson held "${held_burst:-0}" '(.summaries | length) == 1 and (.alone | length) <= 3 and $held <= 4' <<<"$burst"
        local expected expected_at
        expected=$(jq -r '.expected // "?"' <<<"$burst")
        expected_at=$(jq -r '.folded_at // 0' <<<"$burst")
        check "the summary's title names what it holds: $expected inbox messages, $( [ "$expected_at" = 0 ] && echo "no @" || echo "$expected_at @") ($(jq -r .title <<<"$burst"))" \
            jq -e --arg n "$expected" --arg at "$expected_at" '.title | test("(^|[^0-9])\($n)([^0-9]|$)") and test("message|内信|inbox"; "i")
                and (if $at == "0" then test("@|mention|提到"; "i") | not else test("(^|[^0-9])\($at)([^0-9]|$)") and test("@|mention"; "i") end)' <<<"$burst"
        check "the summary is bounded (at most 6 lines: $(jq .lines <<<"$burst"))" \
            jq -e '(.summaries | length) == 1 and .lines >= 1 and .lines <= 6' <<<"$burst"
    fi
    [ "$server" = mako ] && snapshot >/dev/null

    # 5. The notification server goes away (a message arrives meanwhile) and comes back: the next message shows.
    if [ "$server" != none ]; then
        if [ "$server" = dunst ]; then # what dunst holds, read before it goes
            snapshot >/dev/null
            check "dunst holds the inbox message and the @ message with its quote" \
                jq -e 'any(.[]; .shown_body | contains("桌面一号")) and any(.[]; .shown_body | contains("桌面引用上下文"))' "${held[-1]}"
        fi
        kill "$server_pid"
        not_on_bus() { ! on_bus org.freedesktop.Notifications; }
        wait_until 10 not_on_bus
        wait "$server_pid" 2>/dev/null
        local tg
        tg=$(now)
        push 0 "$sender" '[{"type":"text","value":"重启期间的内信"}]' >/dev/null
        sleep 3
        note "while $server was away: $(calls | jq -c --argjson t "$tg" '[.notify[] | select(.time > $t) | {id, error}]')"
        start_server
        local second_owner ta rec_after
        second_owner=$(owner)
        sleep 1
        ta=$(now)
        push 0 "$sender" '[{"type":"text","value":"重启之后的内信"}]' >/dev/null
        after_seen() { calls | jq -e --argjson t "$ta" 'any(.notify[]; .time > $t and ((.summary + .body) | contains("重启之后")))' >/dev/null; }
        wait_until 15 after_seen
        sleep 1
        rec_after=$(calls | jq -c --argjson t "$ta" '[.notify[] | select(.time > $t and ((.summary + .body) | contains("重启之后")))] | last // empty')
        local held_after=no
        snapshot >/dev/null
        jq -e 'any(.[]; (.summary + .body) | contains("重启之后"))' "${held[-1]}" >/dev/null && held_after=yes
        check "$server killed and started again ($first_owner -> $second_owner) gets the next message (answered by $(jq -r '.answered_by // "nobody"' <<<"${rec_after:-$nojson}"), held: $held_after)" \
            eval '[ -n "$rec_after" ] && [ "$(jq -r .answered_by <<<"$rec_after")" = "$second_owner" ] && [ "$held_after" = yes ]'
        if [ -z "$rec_after" ]; then
            note "app log: $(grep -E 'native notifications|notification service|Presenter' "$work/app.log" | tail -3 | tr '\n' ' ')"
        fi
    else
        sleep 6 # the badge and the focus, a while longer
    fi

    # --- the whole run
    touch "$work/stop-sampling"
    wait "$sampler" 2>/dev/null
    local tray_items
    tray_items=$(busctl --user get-property org.kde.StatusNotifierWatcher /StatusNotifierWatcher \
        org.kde.StatusNotifierWatcher RegisteredStatusNotifierItems 2>/dev/null)
    check "tray item registered with waybar's StatusNotifierWatcher ($tray_items)" \
        test -n "$(grep -E '"[^"]+' <<<"$tray_items")"
    check "keyboard focus stayed in the terminal ($(sort "$work/focus.txt" | uniq -c | tr -s ' \n' ' '))" \
        bash -c '[ "$(wc -l <"$1")" -ge 20 ] && ! grep -qvx hu60-terminal "$1"' _ "$work/focus.txt"
    # Every window of a process (the app's app_id follows its desktop file).
    windows_of() {
        swaymsg -t get_tree | jq --argjson pid "$1" \
            '[.. | objects | select((.type? == "con" or .type? == "floating_con") and .pid? == $pid)] | length'
    }
    local windows terminal_windows
    windows=$(windows_of "$app_pid")
    # The same query must see the terminal's window, or it proves nothing.
    terminal_windows=$(windows_of "$(swaymsg -t get_tree | jq '.. | objects | select(.app_id? == "hu60-terminal") | .pid')")
    check "no window of the app on screen ($windows; the terminal has $terminal_windows)" \
        test "$windows" = 0 -a "$terminal_windows" = 1

    calls >/dev/null
    local all=$work/calls.json
    if [ "$server" = none ]; then
        local badge
        badge=$(grep -c "shown by the tray's badge only" "$work/app.log")
        check "without a notification server the messages went to the tray's badge ($badge of the 14 pushed)" \
            test "$badge" -ge 2
        check "and no notification server answered ($(jq '[.notify[] | select(.id != null)] | length' "$all") answered Notify calls)" \
            jq -e '[.notify[] | select(.id != null)] | length == 0' "$all"
    else
        local count
        count=$(jq '.notify | length' "$all")
        check "Notify calls captured: $count (at least 4: inbox, @, a summary, after the restart)" test "$count" -ge 4
        if grep -q body-markup <<<"$capabilities"; then
            check "every body parses as Pango markup as $server reads it (it claims body-markup)$(jq -r '[.notify[] | select(.markup_error)] | if length > 0 then "; \(length) do not, e.g. \(.[0].markup_error): \(.[0].body | gsub("\n"; " ⏎ ") | .[0:160])" else "" end' "$all")" \
                jq -e '.notify | length > 0 and all(.markup_error == null)' "$all"
        fi
        if ! grep -q body-hyperlinks <<<"$capabilities"; then
            check "no <a> in any body ($server does not claim body-hyperlinks)$(jq -r '[.notify[] | select(.body | test("<a[ >]"))] | if length > 0 then "; \(length) have one" else "" end' "$all")" \
                jq -e '.notify | length > 0 and all(.body | test("<a[ >]") | not)' "$all"
        fi
        check "no Markdown syntax, tags or entities in the text shown$(jq -r '[.notify[] | select((.raw_markdown | length) > 0 or (.markup_as_text | length) > 0)] | if length > 0 then "; \(length) calls show some" else "" end' "$all")" \
            jq -e '.notify | length > 0 and all((.raw_markdown | length) == 0 and (.markup_as_text | length) == 0)' "$all"
        jq -r '[.notify[] | select((.raw_markdown | length) > 0 or (.markup_as_text | length) > 0)][0:4][]
            | "      seen: \(.raw_markdown + .markup_as_text | join(" ")) in: \(.shown_summary) / \(.shown_body | gsub("\n"; " ⏎ ") | .[0:200])"' "$all"
        local held_bad
        held_bad=$(cat "${held[@]}" /dev/null | jq -s '[add // [] | .[] | select(.markup_error or (.raw_markdown | length) > 0 or (.markup_as_text | length) > 0)]')
        check "what $server holds shows no Markdown, tags or entities either ($(cat "${held[@]}" /dev/null | jq -s 'add // [] | length') held, $(jq length <<<"$held_bad") not clean)" \
            bash -c '[ "$(cat "$@" /dev/null | jq -s "add // [] | length")" -gt 0 ] && [ "$(jq length <<<"$0")" = 0 ]' "$held_bad" "${held[@]}"
        jq -r '.[0:3][] | "      held: \(.raw_markdown + .markup_as_text | join(" ")) \(.markup_error // "") in: \(.shown_summary) / \(.shown_body | gsub("\n"; " ⏎ ") | .[0:200])"' <<<"$held_bad"
        check "urgency never 2, critical (calls by urgency: $(jq -c '[.notify[].hints.urgency] | group_by(.) | map({key: (.[0] | tostring), value: length}) | from_entries' "$all"))" \
            jq -e '.notify | length > 0 and all(.hints.urgency != 2)' "$all"
        check "desktop-entry is the installed desktop file's id cn.hu60.Notifier (seen: $(jq -c '[.notify[].hints["desktop-entry"]] | unique' "$all"))" \
            jq -e '.notify | length > 0 and all(.hints["desktop-entry"] == "cn.hu60.Notifier")' "$all"
    fi

    if [ "$failed" -gt 0 ]; then
        echo "--- app log (notifications)"
        grep -E 'hu60.ui|native|Presenter|notification' "$work/app.log" | tail -15
    fi
    echo "desktop: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

if [ "${1:-}" = --inside ]; then
    inside "$2"
    exit $?
fi
# (A fatal shell error inside the test, such as bad arithmetic, would otherwise go on from here.)
[ "${1:-}" != --inside ] || { echo "desktop: $passed passed, $((failed + 1)) failed (the test script broke)"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# As the invoking user: packages, the work folder, the desktop user, the private session bus, the time limit.
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
binary=$build_dir/app/hu60-notifier
server=${HU60_DESKTOP_NOTIFICATION_SERVER:-mako}
[ -z "${HU60_DESKTOP_NO_NOTIFICATION_SERVER:-}" ] || server=none
case $server in
mako) tools=(mako makoctl) ;;
dunst) tools=(dunst dunstctl) ;;
none) tools=() ;;
*)
    echo "desktop test: HU60_DESKTOP_NOTIFICATION_SERVER must be mako, dunst or none"
    exit 1
    ;;
esac
for tool in sway waybar foot grim swaymsg jq busctl dbus-run-session setsid "${tools[@]}"; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIPPED: desktop test: $tool is not installed (scripts/install-deps.sh installs it)"
        exit 77
    fi
done
# Pango from Python (python3-gi, gir1.2-pango-1.0): Debian's own python3, whatever python3 comes first on PATH.
python=
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import gi; gi.require_version("Pango", "1.0"); from gi.repository import Pango' 2>/dev/null; then
        python=$(command -v "$candidate")
        break
    fi
done
if [ -z "$python" ]; then
    echo "SKIPPED: desktop test: Pango is not available from Python (python3-gi, gir1.2-pango-1.0)"
    exit 77
fi
[ -x "$binary" ] || { echo "desktop test: $binary is not built"; exit 1; }

work=$(mktemp -d /tmp/hu60-desktop.XXXXXX)
chmod 755 "$work"
cp "$binary" "$work/hu60-notifier"
cp "$0" "$work/desktop-test.sh"
cp "$here/scripts/notify-check.py" "$work/notify-check.py"
chmod 755 "$work/hu60-notifier" "$work/desktop-test.sh"
mkdir -p "$work/services" "$work/bus"
# The session bus: like Debian's session.conf, but it activates nothing (an empty service folder).
cat >"$work/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$work/bus</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$work/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    user=${HU60_DESKTOP_USER:-hu60desk}
    id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
    chown -R "$user": "$work"
    run_as=(runuser -u "$user" --)
fi
shot_name=
if [ -n "${HU60_DESKTOP_SCREENSHOTS:-}" ] && [ "$server" != none ]; then
    shot_name=wayland-sway.png
    [ "$server" = mako ] || shot_name=wayland-sway-$server.png
fi

"${run_as[@]}" env -i PATH=/usr/local/bin:/usr/bin:/bin HU60_SERVER="$server" HU60_PYTHON="$python" \
    HU60_SHOTS="$shot_name" setsid -w dbus-run-session --config-file="$work/bus.conf" -- \
    bash "$work/desktop-test.sh" --inside "$work" 2> >(grep --line-buffered -v 'became a monitor' >&2) &
runner=$!
limit=${HU60_DESKTOP_TIMEOUT:-240}
(
    sleep "$limit"
    echo "desktop test: TIMEOUT after ${limit}s" >"$work/timed-out"
    kill -TERM -- "-$(cat "$work/pgid" 2>/dev/null)" 2>/dev/null
) </dev/null >/dev/null 2>&1 &
# (Its output goes nowhere: killing the subshell leaves its `sleep` running, which would otherwise hold a pipe
# to this script's output open, and `desktop-test.sh | tee` in test.sh waited the whole limit for it.)
watchdog=$!
cleanup() {
    kill "$watchdog" 2>/dev/null
    local group
    group=$(cat "$work/pgid" 2>/dev/null)
    if [ -n "$group" ]; then
        kill -TERM -- "-$group" 2>/dev/null
        sleep 0.5
        kill -KILL -- "-$group" 2>/dev/null
    fi
    kill "$runner" 2>/dev/null
    [ -n "${HU60_DESKTOP_KEEP:-}" ] && echo "desktop test: work folder kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP
wait "$runner"
status=$?
if [ -f "$work/timed-out" ]; then
    cat "$work/timed-out"
    echo "desktop: 0 passed, 1 failed"
    exit 1
fi
if [ -n "$shot_name" ] && [ -f "$work/$shot_name" ]; then
    cp "$work/$shot_name" "$HU60_DESKTOP_SCREENSHOTS/$shot_name"
fi
exit "$status"
