#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a notification server was sent and what it shows, as JSON, for scripts/desktop-test.sh.

  notify-check.py calls CAPTURE [SERVER]   a `busctl --user monitor --json=short` capture -> {"notify": [...],
                                           "close": [...], "signals": [...]}: every Notify call with its arguments,
                                           the id the server answered (or its error) and who answered
  notify-check.py mako LIST                `makoctl list` -> what mako holds
  notify-check.py dunst HISTORY            `dunstctl history` -> what dunst holds (once closed)
  notify-check.py selftest                 the checks below on known good and bad bodies (exit 1 if one is wrong)

Every notification record gets what the user would read on SERVER: `shown_summary` (the summary is never markup)
and `shown_body`, with `markup_error` (Pango's complaint, or null):
  mako   the body is parsed as Pango markup; one that fails is shown raw, tags and entities included;
  dunst  <a> and <img> are taken out (their text kept), then Pango; one that still fails is shown with every tag
         taken out and five entities decoded (dunst's markup_strip);
  plain  a server without body-markup: the body is the text.
`raw_markdown` and `markup_as_text` list Markdown syntax, and tags or entities, left in what is shown.
"""
import json
import re
import sys

try:
    import gi

    gi.require_version("Pango", "1.0")
    from gi.repository import GLib, Pango
except (ImportError, ValueError) as error:  # python3-gi, gir1.2-pango-1.0 (scripts/install-deps.sh)
    print(f"notify-check.py: Pango from Python is not available: {error}", file=sys.stderr)
    sys.exit(77)

MARKDOWN = [
    (re.compile(r"\*\*"), "**"),
    (re.compile(r"__"), "__"),
    (re.compile(r"`"), "`"),
    (re.compile(r"\]\("), "]("),
    (re.compile(r"(?m)^\s*#{1,6}\s"), "# heading"),
]
# A tag or an entity that reached the screen as text (none of the test's messages contains one on purpose).
AS_TEXT = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>|&(amp|lt|gt|quot|apos|nbsp|#[0-9]+|#x[0-9a-fA-F]+);")


LINK_OR_IMAGE = re.compile(r"</?a(\s[^<>]*)?>|<img(\s[^<>]*)?/?>")
ANY_TAG = re.compile(r"<[^<>]*>")


def shown(record, server):
    body = record.get("body") or ""
    record["markup_error"] = None
    text = body
    if server in ("mako", "dunst"):
        markup = LINK_OR_IMAGE.sub("", body) if server == "dunst" else body
        try:
            ok, _attrs, parsed, _accel = Pango.parse_markup(markup, -1, "\0")
            if ok:
                text = parsed
        except GLib.Error as error:
            record["markup_error"] = error.message
            if server == "dunst":
                text = ANY_TAG.sub("", markup)
                for entity, char in (("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
                    text = text.replace(entity, char)
    record["shown_summary"] = record.get("summary") or ""
    record["shown_body"] = text
    seen = record["shown_summary"] + "\n" + text
    record["raw_markdown"] = [name for pattern, name in MARKDOWN if pattern.search(seen)]
    record["markup_as_text"] = [m.group(0) for m in AS_TEXT.finditer(seen)][:5]
    return record


def variant(value):
    """busctl's JSON of a variant: {"type": "y", "data": 1}."""
    if isinstance(value, dict) and set(value) == {"type", "data"}:
        return value["data"]
    return value


def calls(path, server):
    messages = []
    with open(path, encoding="utf-8", errors="replace") as capture:
        for line in capture:
            line = line.strip()
            if line.startswith("{"):
                try:
                    messages.append(json.loads(line))
                except json.JSONDecodeError:
                    pass  # a line cut short by the monitor being stopped
    replies = {}
    for m in messages:
        if m.get("type") in ("method_return", "error") and "reply_cookie" in m:
            replies[(m.get("destination"), m["reply_cookie"])] = m
    notify, close, signals = [], [], []
    for m in messages:
        if m.get("interface") != "org.freedesktop.Notifications":
            continue
        data = (m.get("payload") or {}).get("data") or []
        member = m.get("member")
        when = m.get("timestamp-realtime", 0) / 1e6
        if m.get("type") == "signal":
            signals.append({"member": member, "sender": m.get("sender"), "args": data, "time": when})
            continue
        if m.get("type") != "method_call":
            continue
        reply = replies.get((m.get("sender"), m.get("cookie")))
        answered = {
            "answered_by": reply.get("sender") if reply else None,
            "error": (reply.get("error_name") or "error") if reply and reply.get("type") == "error" else None,
        }
        if member == "CloseNotification":
            close.append({"sender": m.get("sender"), "id": data[0] if data else None, "time": when, **answered})
            continue
        if member != "Notify" or len(data) < 8:
            continue
        hints = {key: variant(value) for key, value in (data[6] or {}).items()}
        record = {
            "sender": m.get("sender"),
            "time": when,
            "app_name": data[0],
            "replaces_id": data[1],
            "app_icon": data[2],
            "summary": data[3],
            "body": data[4],
            "actions": [[data[5][i], data[5][i + 1]] for i in range(0, len(data[5]) - 1, 2)],
            "hints": {
                "urgency": hints.get("urgency"),
                "desktop-entry": hints.get("desktop-entry"),
                "category": hints.get("category"),
                "image-data": "image-data" in hints or "image_data" in hints,
                "names": sorted(hints),
            },
            "expire_timeout": data[7],
            "id": None,
            **answered,
        }
        if reply and reply.get("type") == "method_return":
            record["id"] = ((reply.get("payload") or {}).get("data") or [None])[0]
        notify.append(shown(record, server))
    return {"notify": notify, "close": close, "signals": signals}


def mako(path, _server):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    out = []
    for item in (document.get("data") or [[]])[0]:
        record = {key.replace("-", "_"): variant(value) for key, value in item.items()}
        actions = record.get("actions") or {}
        record["actions"] = sorted(actions) if isinstance(actions, dict) else actions
        out.append(shown(record, "mako"))
    return out


def dunst(path, _server):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    out = []
    for item in (document.get("data") or [[]])[0]:
        record = {key: variant(value) for key, value in item.items()}
        record["app_name"] = record.get("appname")
        out.append(shown(record, "dunst"))
    return out


def selftest():
    """Each case: (server, summary, body, expected markup error?, expected raw Markdown, tags or entities shown?)."""
    cases = [
        ("mako", "小明", "<b>粗体</b> 和 代码 &amp; 1&lt;2", False, False),
        ("mako", "小明", '<a href="https://hu60.cn/">链接</a>', True, True),  # mako: <a> fails, shown raw
        ("dunst", "小明", '<a href="https://hu60.cn/">链接</a>', False, False),  # dunst takes <a> out
        ("dunst", "小明", "<b>未闭合", True, False),  # dunst: tags stripped
        ("mako", "小明", "<b>未闭合", True, True),
        ("mako", "小明", "**粗体**", False, True),
        ("mako", "小明", "`代码`", False, True),
        ("mako", "小明", "[链接](https://hu60.cn/)", False, True),
        ("mako", "小明", "第一行\n## 标题", False, True),
        ("mako", "## 标题", "正文", False, True),
        ("mako", "小明", "&amp;lt;b&amp;gt;", False, True),  # an entity shown as text
        ("plain", "小明", "<b>x</b>", False, True),
        ("plain", "小明", "C# 和 1 # 2", False, False),
    ]
    wrong = 0
    for server, summary, body, error, dirty in cases:
        record = shown({"summary": summary, "body": body}, server)
        got_error = record["markup_error"] is not None
        got_dirty = bool(record["raw_markdown"] or record["markup_as_text"])
        if got_error != error or got_dirty != dirty:
            wrong += 1
            print(f"selftest: {server} {summary!r} {body!r}: markup error {got_error} (expected {error}), "
                  f"Markdown/tags shown {got_dirty} (expected {dirty}): {record}", file=sys.stderr)
    print(f"selftest: {len(cases) - wrong} of {len(cases)} cases right")
    return 1 if wrong else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "selftest":
        return selftest()
    if len(argv) < 3 or argv[1] not in ("calls", "mako", "dunst"):
        print(__doc__, file=sys.stderr)
        return 2
    server = argv[3] if len(argv) > 3 else "mako"
    if server not in ("mako", "dunst", "plain"):
        print(__doc__, file=sys.stderr)
        return 2
    result = {"calls": calls, "mako": mako, "dunst": dunst}[argv[1]](argv[2], server)
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
