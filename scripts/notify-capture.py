#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the app sent to a real desktop's notification server, and what that desktop did with it.

Helper of scripts/desktop-gnome-test.sh and scripts/desktop-kde-test.sh (python3-gi, gir1.2-pango-1.0):

  record OUT [--ready FILE]   become a monitor of the session bus (like dbus-monitor) and write every
                              org.freedesktop.Notifications call and signal, and the replies to Notify, as JSON lines
                              (with the sender's pid); runs until SIGTERM/SIGINT
  owner NAME                  print "PID COMMAND-LINE" of the process owning a bus name (exit 1 when none)
  gnome-eval CODE             run JavaScript in GNOME Shell (--unsafe-mode) and print the result
  gnome-focus OUT [--interval S]
                              append the focused window's title to OUT every S seconds (GNOME) until SIGTERM
  gnome-screenshot PATH       org.gnome.Shell.Screenshot into PATH
  forum-inbox HTTP NAME PASSWORD OUT [--from UID --text TEXT]
                              log in to serve's forum emulator as NAME and write that user's inbox (JSON list
                              endpoint, no side effect) to OUT; with --from/--text exit 1 unless a message from UID
                              with exactly TEXT is in it
  check --profile gnome|kde --dir DIR
                              the stage's checks over the files the session left in DIR; prints PASS:/FAIL: lines

A D-Bus monitor through Gio instead of parsing dbus-monitor's text: dbus-monitor prints strings unescaped (a body
with a quote or a line break cannot be told apart from the next field), Gio hands over the typed values.
"""
import argparse
import json
import os
import re
import signal
import sys
import time
import urllib.parse
import urllib.request

import gi

gi.require_version("Gio", "2.0")
gi.require_version("GLib", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

IFACE = "org.freedesktop.Notifications"
APP_ID = "cn.hu60.Notifier"


def session_bus():
    return Gio.bus_get_sync(Gio.BusType.SESSION, None)


def jsonable(value):
    """A GVariant's unpacked value as JSON (bytes as text or their length, tuples as lists)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return {"bytes": len(value)}
    return value


def hints_jsonable(hints):
    out = {}
    for key, value in hints.items():
        if key in ("image-data", "image_data", "icon_data") and isinstance(value, (list, tuple)):
            out[key] = {"width": value[0], "height": value[1], "bytes": len(value[6]) if len(value) > 6 else 0}
        else:
            out[key] = jsonable(value)
    return out


# ---------------------------------------------------------------------------------------------------- record


def cmd_record(args):
    out = open(args.out, "a", buffering=1, encoding="utf-8")
    loop = GLib.MainLoop()
    address = Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, None)
    flags = Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
    monitor = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
    lookup = session_bus()  # an ordinary connection: a monitor may not send anything
    pids = {}
    pending = []  # messages from the worker thread, handled in the main loop
    notify_calls = set()  # (sender, serial) of Notify calls, to keep their replies only

    def pid_of(name):
        if not name:
            return 0
        if name not in pids:
            try:
                pids[name] = lookup.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                              "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)),
                                              GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE, 2000,
                                              None).unpack()[0]
            except GLib.Error:
                pids[name] = 0
        return pids[name]

    def handle():
        while pending:
            t, m = pending.pop(0)
            kind = m.get_message_type()
            body = m.get_body()
            args_ = body.unpack() if body is not None else ()
            rec = {"t": round(t, 3), "sender": m.get_sender(), "dest": m.get_destination(), "serial": m.get_serial()}
            if kind == Gio.DBusMessageType.METHOD_RETURN or kind == Gio.DBusMessageType.ERROR:
                key = (m.get_destination(), m.get_reply_serial())
                if key not in notify_calls:
                    continue
                notify_calls.discard(key)
                rec.update(type="return" if kind == Gio.DBusMessageType.METHOD_RETURN else "error",
                           reply_serial=m.get_reply_serial(), args=jsonable(args_),
                           error=m.get_error_name() if kind == Gio.DBusMessageType.ERROR else None)
            else:
                if m.get_interface() != IFACE:
                    continue
                rec.update(type="call" if kind == Gio.DBusMessageType.METHOD_CALL else "signal",
                           member=m.get_member(), path=m.get_path())
                if rec["type"] == "call" and m.get_member() == "Notify" and len(args_) == 8:
                    notify_calls.add((m.get_sender(), m.get_serial()))
                    keys = ["app_name", "replaces_id", "app_icon", "summary", "body", "actions", "hints", "timeout"]
                    rec["notify"] = dict(zip(keys, args_))
                    rec["notify"]["hints"] = hints_jsonable(args_[6])
                    rec["notify"]["actions"] = list(args_[5])
                else:
                    rec["args"] = jsonable(args_)
            rec["sender_pid"] = pid_of(m.get_sender())
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return False

    def on_message(connection, message, incoming):
        # Worker thread: copy and queue; returning None drops the message before GDBus would answer it.
        if incoming:
            pending.append((time.time(), message.copy()))
            GLib.idle_add(handle)
        return None

    rules = [f"type='method_call',interface='{IFACE}'", f"type='signal',interface='{IFACE}'",
             "type='method_return'", "type='error'"]
    monitor.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Monitoring",
                      "BecomeMonitor", GLib.Variant("(asu)", (rules, 0)), None, Gio.DBusCallFlags.NONE, 5000, None)
    monitor.add_filter(on_message)
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda: (handle(), loop.quit(), False)[-1])
    if args.ready:
        open(args.ready, "w").write("ready\n")
    loop.run()
    handle()
    out.close()


# ---------------------------------------------------------------------------------------------------- small tools


def owner_pid(name):
    bus = session_bus()
    try:
        unique = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                               "GetNameOwner", GLib.Variant("(s)", (name,)), GLib.VariantType("(s)"),
                               Gio.DBusCallFlags.NONE, 2000, None).unpack()[0]
        return bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                             "GetConnectionUnixProcessID", GLib.Variant("(s)", (unique,)), GLib.VariantType("(u)"),
                             Gio.DBusCallFlags.NONE, 2000, None).unpack()[0]
    except GLib.Error:
        return 0


def cmd_owner(args):
    pid = owner_pid(args.name)
    if not pid:
        return 1
    try:
        cmdline = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        cmdline = "?"
    print(pid, cmdline)
    return 0


def gnome_eval(code, timeout_ms=5000):
    ok, result = session_bus().call_sync("org.gnome.Shell", "/org/gnome/Shell", "org.gnome.Shell", "Eval",
                                         GLib.Variant("(s)", (code,)), GLib.VariantType("(bs)"),
                                         Gio.DBusCallFlags.NONE, timeout_ms, None).unpack()
    return ok, result


def cmd_gnome_eval(args):
    try:
        ok, result = gnome_eval(args.code)
    except GLib.Error as e:
        print(e.message, file=sys.stderr)
        return 2
    print(result)
    return 0 if ok else 1


def cmd_gnome_focus(args):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    code = "(() => { const w = global.display.focus_window; return w ? w.get_title() : '<none>'; })()"
    with open(args.out, "a", buffering=1, encoding="utf-8") as out:
        while not stop:
            try:
                ok, result = gnome_eval(code, 2000)
                title = json.loads(result) if ok else f"<eval failed: {result}>"
            except (GLib.Error, ValueError) as e:
                title = f"<error: {getattr(e, 'message', e)}>"
            out.write(f"{time.time():.3f}\t{title}\n")
            time.sleep(args.interval)


def cmd_gnome_screenshot(args):
    ok, used = session_bus().call_sync("org.gnome.Shell.Screenshot", "/org/gnome/Shell/Screenshot",
                                       "org.gnome.Shell.Screenshot", "Screenshot",
                                       GLib.Variant("(bbs)", (False, False, args.path)), GLib.VariantType("(bs)"),
                                       Gio.DBusCallFlags.NONE, 10000, None).unpack()
    print(used)
    return 0 if ok else 1


def cmd_kwin_script(args):
    """Loads a KWin script over D-Bus and starts it (org.kde.kwin.Scripting)."""
    bus = session_bus()
    (script_id,) = bus.call_sync("org.kde.KWin", "/Scripting", "org.kde.kwin.Scripting", "loadScript",
                                 GLib.Variant("(ss)", (os.path.abspath(args.path), args.name)),
                                 GLib.VariantType("(i)"), Gio.DBusCallFlags.NONE, 5000, None).unpack()
    if script_id < 0:
        print(f"loadScript refused {args.path} (already loaded as {args.name}?)", file=sys.stderr)
        return 1
    bus.call_sync("org.kde.KWin", "/Scripting", "org.kde.kwin.Scripting", "start", None, None,
                  Gio.DBusCallFlags.NONE, 5000, None)
    print(script_id)
    return 0


def cmd_kwin_screenshot(args):
    """KWin's ScreenShot2: the workspace's pixels through a pipe, written as PNG (GdkPixbuf)."""
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import GdkPixbuf
    read_fd, write_fd = os.pipe()
    fds = Gio.UnixFDList.new()
    index = fds.append(write_fd)
    os.close(write_fd)
    bus = session_bus()
    result, _out_fds = bus.call_with_unix_fd_list_sync(
        "org.kde.KWin.ScreenShot2", "/org/kde/KWin/ScreenShot2", "org.kde.KWin.ScreenShot2", "CaptureWorkspace",
        GLib.Variant("(a{sv}h)", ({"include-cursor": GLib.Variant("b", False)}, index)), GLib.VariantType("(a{sv})"),
        Gio.DBusCallFlags.NONE, 10000, fds, None)
    fds = None
    info = result.unpack()[0]
    data = bytearray()
    with os.fdopen(read_fd, "rb") as pipe:
        while True:
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            data += chunk
    width, height, stride, fmt = info["width"], info["height"], info["stride"], info["format"]
    # QImage::Format_RGB32 (4), ARGB32 (5), ARGB32_Premultiplied (6): little-endian B, G, R, A in memory.
    if fmt not in (4, 5, 6):
        print(f"unexpected image format {fmt}", file=sys.stderr)
        return 1
    rgba = bytearray(len(data))
    rgba[0::4], rgba[1::4], rgba[2::4] = data[2::4], data[1::4], data[0::4]
    rgba[3::4] = b"\xff" * (len(data) // 4)
    pixbuf = GdkPixbuf.Pixbuf.new_from_bytes(GLib.Bytes.new(bytes(rgba)), GdkPixbuf.Colorspace.RGB, True, 8, width,
                                             height, stride)
    pixbuf.savev(args.path, "png", [], [])
    print(f"{args.path} {width}x{height}")
    return 0


def cmd_find_id(args):
    """The notification id the server gave to the app's first Notify call whose text holds MARKER."""
    capture = load_jsonl(args.capture)
    returns = {(r["dest"], r["reply_serial"]): r for r in capture if r.get("type") == "return"}
    for r in capture:
        if r.get("type") == "call" and r.get("member") == "Notify" and r.get("sender_pid") == args.pid:
            n = r["notify"]
            if args.marker in n["summary"] or args.marker in n["body"]:
                ret = returns.get((r["sender"], r["serial"]))
                if ret and ret.get("args"):
                    print(ret["args"][0])
                    return 0
    return 1


def cmd_invoke(args):
    """org.kde.NotificationManager.InvokeAction(id, key): Plasma emits ActionInvoked as for a click."""
    session_bus().call_sync("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                            "org.kde.NotificationManager", "InvokeAction", GLib.Variant("(us)", (args.id, args.key)),
                            None, Gio.DBusCallFlags.NONE, 5000, None)
    return 0


def plain_text(content):
    return "".join(s.get("value", "") for s in content if isinstance(s, dict) and s.get("type") == "text")


def cmd_forum_inbox(args):
    """The user's inbox as serve's forum emulator lists it (forum-api.md §4 login, §7 msg.index.inbox.json)."""
    base = args.http.rstrip("/") + "/q.php/"
    form = urllib.parse.urlencode({"type": 1, "name": args.name, "pass": args.password, "go": 1}).encode()
    with urllib.request.urlopen(urllib.request.Request(base + "user.login.json?_json=compact", data=form),
                                timeout=5) as r:
        sid = json.load(r).get("sid", "")
    request = urllib.request.Request(base + "msg.index.inbox.json?_json=compact&_content=json&pageSize=100",
                                     headers={"Cookie": "hu60_sid=" + sid})
    with urllib.request.urlopen(request, timeout=5) as r:
        listed = json.load(r).get("msgList", [])
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(listed, f, ensure_ascii=False)
    if args.text is None:
        return 0
    found = any(m.get("byuid") == args.sender and plain_text(m.get("content") or []) == args.text for m in listed)
    return 0 if found else 1


# ---------------------------------------------------------------------------------------------------- checks


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, seen=""):
        print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f"\n      saw: {seen}" if seen and not ok else ""))
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def load_jsonl(path):
    out = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
    return out


def pango_parse(body):
    """(ok, plain text or error) as mako and dunst parse a body."""
    gi.require_version("Pango", "1.0")
    from gi.repository import Pango
    try:
        ok, _attrs, text, _accel = Pango.parse_markup(body, -1, "\0")
        return bool(ok), text
    except GLib.Error as e:
        return False, e.message


# Markdown that must not reach the screen: bold/strike markers, ATX headings, code spans/fences, link syntax.
MARKDOWN = [
    ("**", re.compile(r"\*\*")),
    ("__", re.compile(r"(?<!\w)__\S")),
    ("heading #", re.compile(r"(^|\n)\s{0,3}#{1,6}\s")),
    ("backtick", re.compile(r"`")),
    ("](", re.compile(r"\]\(")),
    ("~~", re.compile(r"~~")),
]
GNOME_TAGS = {"b", "i", "u"}
GNOME_ENTITIES = {"amp", "quot", "apos", "lt", "gt"}


TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
LINK_OPEN = re.compile(r'<a\s+href="([^"]*)"\s*>')
ENTITY = re.compile(r"&(#?[A-Za-z0-9]+);")


def gnome_markup_problem(call):
    """What GNOME Shell would show as text: tags but b/i/u, entities but its five, a bare &."""
    body = call["notify"]["body"]
    tags = sorted({m.group(2).lower() for m in TAG.finditer(body)} - GNOME_TAGS)
    ents = sorted({m.group(1) for m in ENTITY.finditer(body)} - GNOME_ENTITIES)
    bare = re.findall(r"&(?!(?:#?[A-Za-z0-9]+);)", body)
    out = []
    if tags:
        out.append("tags " + ", ".join(f"<{t}>" for t in tags))
    if ents:
        out.append("entities " + ", ".join(f"&{e};" for e in ents))
    if bare:
        out.append("a bare &")
    return f"{'; '.join(out)} in «{short(body, 120)}»" if out else None


def short(text, n=160):
    text = text.replace("\n", "\\n")
    return text if len(text) <= n else text[:n] + "…"


def cmd_check(args):
    d = args.dir
    c = Checks()
    profile = args.profile
    capture = load_jsonl(os.path.join(d, "capture.jsonl"))
    app_pid = int(open(os.path.join(d, "app.pid")).read().strip() or 0) if os.path.exists(
        os.path.join(d, "app.pid")) else 0
    pushed = json.load(open(os.path.join(d, "pushed.json"))) if os.path.exists(os.path.join(d, "pushed.json")) else {}
    calls = [r for r in capture if r.get("type") == "call" and r.get("member") == "Notify" and "notify" in r
             and r.get("sender_pid") == app_pid and r.get("dest") == IFACE]
    others = [r for r in capture if r.get("type") == "call" and r.get("member") == "Notify" and r not in calls]
    ids = {}  # notification id -> the Notify call that got it
    for r in capture:
        if r.get("type") == "return":
            for call in calls:
                if call["serial"] == r["reply_serial"] and call["sender"] == r["dest"]:
                    call["id"] = r["args"][0] if r.get("args") else None
                    ids[call["id"]] = call

    c.check(f"the app's Notify calls were captured ({len(calls)} from pid {app_pid}; "
            f"{len(others)} from other processes)", len(calls) > 0,
            f"{len(capture)} records in capture.jsonl; Notify senders: "
            f"{sorted({(r.get('sender_pid'), r['notify'].get('app_name')) for r in others if 'notify' in r})}")
    with open(os.path.join(d, "notify-calls.txt"), "w", encoding="utf-8") as f:
        for call in calls:
            n = call["notify"]
            f.write(f"--- id {call.get('id')} replaces {n['replaces_id']} urgency {n['hints'].get('urgency')} "
                    f"desktop-entry {n['hints'].get('desktop-entry')} actions {n['actions']}\n"
                    f"summary: {n['summary']}\nbody: {n['body']}\n")

    def every(name, bad):
        """A check over every captured call: bad(call) is None when fine, else what was wrong."""
        problems = [(call, bad(call)) for call in calls]
        problems = [(call, p) for call, p in problems if p]
        seen = "; ".join(f"id {call.get('id')} «{short(call['notify']['summary'], 60)}»: {p}"
                         for call, p in problems[:4])
        if len(problems) > 4:
            seen += f"; … {len(problems) - 4} more"
        c.check(f"{name} ({len(calls) - len(problems)}/{len(calls)} calls)", bool(calls) and not problems, seen)

    # Plasma offers body-hyperlinks: there <a href="…"> is right (Pango knows no <a>), so the body is checked with
    # its links taken out, and each href on its own (an escaped attribute: no bare &, < or ").
    links = profile == "kde"

    def parse(body):
        if links:
            body = LINK_OPEN.sub("", body).replace("</a>", "")
        return pango_parse(body)

    parsed = {}
    for call in calls:
        parsed[id(call)] = parse(call["notify"]["body"])

    def markup_problem(call):
        ok, text = parsed[id(call)]
        body = call["notify"]["body"]
        if not ok:
            return f"Pango: {short(text, 100)} in «{short(body, 120)}»"
        if links:
            bad = [h for h in LINK_OPEN.findall(body) if re.search(r'&(?!(?:amp|quot|apos|lt|gt|#\d+);)|<', h)]
            if bad:
                return f"unescaped href {short(bad[0], 80)}"
            if re.search(r"<a\b(?![^>]*\bhref=)", body):
                return f"<a> without href in «{short(body, 120)}»"
        return None

    every("bodies are valid Pango markup" + (" (links as <a href>, which Plasma renders, taken out)" if links else ""),
          markup_problem)

    def shown_text(call):
        ok, text = parsed[id(call)]
        return call["notify"]["summary"] + "\n" + (text if ok else call["notify"]["body"])

    def markdown_problem(call):
        text = shown_text(call)
        found = [label for label, rx in MARKDOWN if rx.search(text)]
        return f"{', '.join(found)} in «{short(text, 140)}»" if found else None

    every("no raw Markdown in titles and bodies (**, __, heading #, backticks, ](, ~~)", markdown_problem)

    def urgency_problem(call):
        u = call["notify"]["hints"].get("urgency")
        return f"urgency {u}" if u == 2 else None

    every("urgency is never 2 (critical)", urgency_problem)

    def entry_problem(call):
        e = call["notify"]["hints"].get("desktop-entry")
        return None if e == APP_ID else f"desktop-entry {e!r}"

    every(f"desktop-entry is {APP_ID}", entry_problem)

    if profile == "gnome":
        every("GNOME: bodies use only <b> <i> <u> and &amp; &quot; &apos; &lt; &gt; (no <a>)", gnome_markup_problem)

    # Negative control: the same detectors flag planted faults and accept a good body, so a pass above is not
    # the detectors' blindness.
    bad = {"notify": {"summary": "## x", "body": '<a href="u">**粗** `c`</a> &nbsp; <span>',
                      "hints": {"urgency": 2, "desktop-entry": "hu60-notifier"}}}
    good_body = "<b>粗</b> &amp; &lt;a&gt; #1" + (' <a href="https://x.cn/?a=1&amp;b=2">链接</a>' if links else "")
    good = {"notify": {"summary": "x", "body": good_body, "hints": {"urgency": 1, "desktop-entry": APP_ID}}}
    for planted in (bad, good):
        parsed[id(planted)] = parse(planted["notify"]["body"])
    detectors = [("Pango", markup_problem), ("Markdown", markdown_problem), ("urgency", urgency_problem),
                 ("desktop-entry", entry_problem)]
    if profile == "gnome":
        detectors.append(("GNOME markup", gnome_markup_problem))
    missed = [name for name, detector in detectors if not detector(bad)]
    flagged = [name for name, detector in detectors if detector(good)]
    c.check("negative control: the detectors flag a planted bad notification and pass a good one",
            not missed and not flagged, f"missed in the bad one: {missed}; flagged in the good one: {flagged}")

    # Each pushed message reached the server (its marker in a title or body), or the check says what was sent.
    def reached(marker):
        return [call for call in calls if marker in shown_text(call) or marker in call["notify"]["body"]]

    for key, label in (("inbox", "inbox message (Markdown, face, link)"), ("mention", "@ message (with its quote)")):
        m = pushed.get(key)
        if not m:
            c.check(f"{label} was pushed", False, "no record in pushed.json")
            continue
        got = reached(m["marker"])
        c.check(f"{label} reached the notification server (marker «{m['marker']}»: {len(got)} calls)", bool(got),
                "summaries sent: " + " | ".join(short(x["notify"]["summary"], 50) for x in calls[:12]))
        if got and m.get("link_text"):
            text = shown_text(got[0])
            c.check(f"{label}: the link reads as its text «{m['link_text']}»", m["link_text"] in text, short(text))
        if got and m.get("context"):
            text = shown_text(got[0])
            c.check(f"{label}: its quoted context «{m['context']}» is shown", m["context"] in text, short(text))
    burst = pushed.get("burst", [])
    if burst:
        got = [b for b in burst if reached(b["marker"])]
        c.check(f"the burst of {len(burst)} reached the server (by itself or in a summary: {len(got)} named; "
                f"{len(calls)} Notify calls in all)", bool(got) and len(calls) >= 3,
                "summaries: " + " | ".join(short(x["notify"]["summary"], 40) for x in calls[-6:]))

    if profile == "kde":
        m = pushed.get("inbox")
        got = reached(m["marker"]) if m else []
        if got and m.get("link_url"):
            body = got[0]["notify"]["body"]
            c.check("KDE (body-hyperlinks): the link is kept as <a href> with its URL",
                    re.search(r"<a\s+href=\"" + re.escape(m["link_url"]).replace("&", "&(amp;)?"), body) is not None,
                    short(body, 200))

    focus_checks(c, d, profile)
    if profile == "gnome":
        gnome_list_checks(c, d, pushed)
    else:
        kde_action_checks(c, d, pushed, calls, capture)
    print(f"checks: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


def focus_checks(c, d, profile):
    path = os.path.join(d, "focus.txt")
    samples = [line.rstrip("\n").split("\t", 1)[-1] for line in open(path, encoding="utf-8")] if os.path.exists(
        path) else []
    terminal = open(os.path.join(d, "terminal.title")).read().strip() if os.path.exists(
        os.path.join(d, "terminal.title")) else "hu60-terminal"
    counts = {}
    for s in samples:
        counts[s] = counts.get(s, 0) + 1
    # Until the terminal first has the focus the desktop is still starting: the samples count from there.
    first = samples.index(terminal) if terminal in samples else len(samples)
    after = samples[first:]
    c.check(f"the focus never left the user's window «{terminal}» ({len(after)} samples: "
            f"{', '.join(f'{k} ×{v}' for k, v in counts.items())})",
            len(after) >= 10 and all(s == terminal for s in after),
            f"{len(samples)} samples, first on the terminal at #{first}; others: "
            f"{sorted({s for s in after if s != terminal})}")


def gnome_list_checks(c, d, pushed):
    path = os.path.join(d, "gnome-list.json")
    try:
        sources = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        c.check("GNOME's notification list was read (Main.messageTray.getSources())", False, str(e))
        return
    ours = [s for s in sources if s.get("app") == APP_ID or "hu60" in (s.get("title") or "").lower()
            or "hu60" in (s.get("app") or "").lower()]
    held = [n for s in ours for n in s.get("notifications", [])]
    described = "; ".join(f"{s.get('title')!r} (app {s.get('app')}): "
                          + " | ".join(short((n.get("title") or "") + " — " + (n.get("body") or ""), 70)
                                       for n in s.get("notifications", []))
                          for s in sources)
    with open(os.path.join(d, "gnome-list.txt"), "w", encoding="utf-8") as f:
        f.write(described + "\n")
    c.check(f"GNOME holds the app's notifications under one source, recognised as {APP_ID} by its desktop file "
            f"({len(ours)} source(s), {len(held)} notifications)",
            len(ours) == 1 and bool(held) and ours[0].get("app") == APP_ID, described)
    m = pushed.get("mention")
    if not m:
        return
    def names_mention(n):
        title, body = n.get("title") or "", n.get("body") or ""
        first_clause = re.split(r"[，,;；\n]", title, maxsplit=1)[0]
        first_line = body.split("\n", 1)[0]
        return m["marker"] in title or m["marker"] in body or "@" in first_clause or m["marker"] in first_line
    c.check("GNOME: after the burst the @ message is still in the list, or a summary names it first",
            any(names_mention(n) for n in held), described)


def kde_action_checks(c, d, pushed, calls, capture):
    invoked = {}
    path = os.path.join(d, "invoked.json")
    if os.path.exists(path):
        invoked = json.load(open(path, encoding="utf-8"))
    opened = [u.strip() for u in open(os.path.join(d, "opened.txt"))] if os.path.exists(
        os.path.join(d, "opened.txt")) else []
    signals = [r for r in capture if r.get("type") == "signal"]

    def signal_seen(member, nid):
        return [r["args"] for r in signals if r.get("member") == member and r.get("args") and r["args"][0] == nid]

    # The default action: Plasma's ActionInvoked for the @ message's notification, and the app opening that message.
    m = pushed.get("mention", {})
    want, nid = m.get("url_part"), invoked.get("default_id", 0)
    after = opened[invoked.get("opened_before", 0):invoked.get("opened_after_default", len(opened))]
    c.check(f"KDE: InvokeAction({nid}, \"default\") on the @ message's notification opened that message ({want})",
            bool(nid) and bool(want) and any(want in u for u in after),
            f"ActionInvoked on the bus: {signal_seen('ActionInvoked', nid)}; opened then: {after}")

    # The inline reply: offered on messages, typed into Plasma's popup, sent to the app, acted upon.
    inbox = pushed.get("inbox", {})
    # The message's own notification ("sender · kind"), not a burst summary that quotes a line of it: a summary
    # stands for many senders and has no one to reply to.
    offered = [call for call in calls if inbox.get("marker") and inbox["marker"] in call["notify"]["body"]
               and " · " in call["notify"]["summary"]]
    c.check("KDE (inline-reply): message notifications offer an inline reply (the inline-reply action and "
            "x-kde-reply-placeholder-text)",
            bool(offered) and all("inline-reply" in call["notify"]["actions"][0::2]
                                  and "x-kde-reply-placeholder-text" in call["notify"]["hints"] for call in offered),
            "; ".join(f"actions {call['notify']['actions'][0::2]}, hints {sorted(call['notify']['hints'])}"
                      for call in offered) or "no Notify call of the inbox message")
    rid, text = invoked.get("reply_id", 0), invoked.get("reply_text", "")
    replied = signal_seen("NotificationReplied", rid)
    c.check(f"KDE: an inline reply ({invoked.get('reply_how', 'not attempted')}) reached the app as "
            f"NotificationReplied({rid}, «{text}»)",
            bool(rid) and [rid, text] in replied, f"NotificationReplied on the bus: {replied}")
    # The app sends it to the forum itself (the clipboard is out of reach on Wayland without the keyboard focus):
    # serve's forum emulator lists it in the recipient's inbox, from the test user, with exactly the typed text.
    listed = []
    path = os.path.join(d, "forum-reply.json")
    if os.path.exists(path):
        listed = json.load(open(path, encoding="utf-8"))
    sent = [m for m in listed if m.get("byuid") == 4242 and m.get("touid") == 2333]
    c.check(f"KDE: the typed reply reached the forum: 小明 (uid 2333) has an unread inbox message from the test user "
            f"with exactly «{text}»",
            bool(text) and bool(replied) and any(plain_text(m.get("content") or []) == text and m.get("isread") == 0
                                                 for m in sent),
            "messages from 4242 to 2333 on the forum: "
            + repr([(plain_text(m.get("content") or []), m.get("isread")) for m in sent]))
    confirmations = [call for call in calls
                     if any(w in call["notify"]["summary"] + "\n" + call["notify"]["body"]
                            for w in ("Reply sent to 小明", "已回复 小明"))]
    c.check("KDE: the app confirmed the sent reply with a notification (\"Reply sent to 小明\" / \"已回复 小明\")",
            bool(confirmations),
            "; ".join(short(call["notify"]["summary"] + " — " + call["notify"]["body"], 70) for call in calls[-6:])
            or "no Notify calls")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("out")
    r.add_argument("--ready")
    o = sub.add_parser("owner")
    o.add_argument("name")
    e = sub.add_parser("gnome-eval")
    e.add_argument("code")
    f = sub.add_parser("gnome-focus")
    f.add_argument("out")
    f.add_argument("--interval", type=float, default=0.5)
    s = sub.add_parser("gnome-screenshot")
    s.add_argument("path")
    ks = sub.add_parser("kwin-script")
    ks.add_argument("path")
    ks.add_argument("name")
    kshot = sub.add_parser("kwin-screenshot")
    kshot.add_argument("path")
    fi = sub.add_parser("find-id")
    fi.add_argument("capture")
    fi.add_argument("--pid", type=int, required=True)
    fi.add_argument("--marker", required=True)
    inv = sub.add_parser("invoke")
    inv.add_argument("id", type=int)
    inv.add_argument("key")
    fb = sub.add_parser("forum-inbox")
    fb.add_argument("http")
    fb.add_argument("name")
    fb.add_argument("password")
    fb.add_argument("out")
    fb.add_argument("--from", dest="sender", type=int)
    fb.add_argument("--text")
    k = sub.add_parser("check")
    k.add_argument("--profile", choices=["gnome", "kde"], required=True)
    k.add_argument("--dir", required=True)
    args = p.parse_args()
    handler = {"record": cmd_record, "owner": cmd_owner, "gnome-eval": cmd_gnome_eval, "gnome-focus": cmd_gnome_focus,
               "gnome-screenshot": cmd_gnome_screenshot, "kwin-script": cmd_kwin_script,
               "kwin-screenshot": cmd_kwin_screenshot, "find-id": cmd_find_id, "invoke": cmd_invoke,
               "forum-inbox": cmd_forum_inbox,
               "check": cmd_check}[args.cmd]
    sys.exit(handler(args) or 0)


if __name__ == "__main__":
    main()
