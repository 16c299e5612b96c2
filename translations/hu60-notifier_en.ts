<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>cli</name>
    <message>
        <source>hu60 Notifier is already running; it was asked to show itself.</source>
        <translation>hu60 Notifier is already running; it was asked to show itself.</translation>
    </message>
    <message>
        <source>Unknown mode &quot;%1&quot;.</source>
        <translation>Unknown mode &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--log-level needs a value: debug, info, warning or critical.</source>
        <translation>--log-level needs a value: debug, info, warning or critical.</translation>
    </message>
    <message>
        <source>Unknown log level &quot;%1&quot;: use debug, info, warning or critical.</source>
        <translation>Unknown log level &quot;%1&quot;: use debug, info, warning or critical.</translation>
    </message>
    <message>
        <source>Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.</source>
        <translation>Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.</translation>
    </message>
    <message>
        <source>Modes:</source>
        <translation>Modes:</translation>
    </message>
    <message>
        <source>(none)   the tray app for the configured account (--demo: against an embedded demo server)</source>
        <translation>(none)   the tray app for the configured account (--demo: against an embedded demo server)</translation>
    </message>
    <message>
        <source>serve    companion server: push protocol and forum emulator on loopback</source>
        <translation>serve    companion server: push protocol and forum emulator on loopback</translation>
    </message>
    <message>
        <source>push     insert a message into a running companion server</source>
        <translation>push     insert a message into a running companion server</translation>
    </message>
    <message>
        <source>render   read push frames on stdin, print their rendered text, html and url as JSON lines</source>
        <translation>render   read push frames on stdin, print their rendered text, html and url as JSON lines</translation>
    </message>
    <message>
        <source>Run &quot;hu60-notifier MODE --help&quot; for the options of a mode.</source>
        <translation>Run &quot;hu60-notifier MODE --help&quot; for the options of a mode.</translation>
    </message>
    <message>
        <source>Run against an embedded demo server (offline).</source>
        <translation>Run against an embedded demo server (offline).</translation>
    </message>
    <message>
        <source>Log level of every mode: debug, info, warning or critical (default: $HU60_LOG_LEVEL, else the setting, else info). QT_LOGGING_RULES still overrides it.</source>
        <translation>Log level of every mode: debug, info, warning or critical (default: $HU60_LOG_LEVEL, else the setting, else info). QT_LOGGING_RULES still overrides it.</translation>
    </message>
    <message>
        <source>LEVEL</source>
        <translation>LEVEL</translation>
    </message>
    <message>
        <source>Print versions, platform and paths for a bug report, then exit.</source>
        <translation>Print versions, platform and paths for a bug report, then exit.</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Operating system</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Qt platform plugin (QT_QPA_PLATFORM)</source>
        <translation>Qt platform plugin (QT_QPA_PLATFORM)</translation>
    </message>
    <message>
        <source>System languages</source>
        <translation>System languages</translation>
    </message>
    <message>
        <source>Language setting</source>
        <translation>Language setting</translation>
    </message>
    <message>
        <source>follow the system</source>
        <translation>follow the system</translation>
    </message>
    <message>
        <source>Catalogue loaded</source>
        <translation>Catalogue loaded</translation>
    </message>
    <message>
        <source>none (English source text)</source>
        <translation>none (English source text)</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>Log level</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Log file</translation>
    </message>
    <message>
        <source>Settings file</source>
        <translation>Settings file</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Single-instance socket</source>
        <translation>Single-instance socket</translation>
    </message>
    <message>
        <source>Qt translations</source>
        <translation>Qt translations</translation>
    </message>
    <message>
        <source>Qt plugins</source>
        <translation>Qt plugins</translation>
    </message>
    <message>
        <source>listen   headless subscriber: one line per event, --exec runs a command per message (session id from HU60_SID or the keychain)</source>
        <translation>listen   headless subscriber: one line per event, --exec runs a command per message (session id from HU60_SID or the keychain)</translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input, 3 no session id or it was rejected, 4 the server could not be reached.</source>
        <translation>Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input, 3 no session id or it was rejected, 4 the server could not be reached.</translation>
    </message>
    <message>
        <source>send     send a private message (--to UID or --name NAME; text from the arguments or stdin)</source>
        <translation>send     send a private message (--to UID or --name NAME; text from the arguments or stdin)</translation>
    </message>
    <message>
        <source>reply    answer a message by id, privately or where the @ came from</source>
        <translation>reply    answer a message by id, privately or where the @ came from</translation>
    </message>
    <message>
        <source>serve, push, listen, send, reply or render; none for the tray app.</source>
        <translation>serve, push, listen, send, reply or render; none for the tray app.</translation>
    </message>
</context>
<context>
    <name>inbox::Inbox</name>
    <message numerus="yes">
        <source>%n new @ message(s)</source>
        <translation>
            <numerusform>%n new @ message</numerusform>
            <numerusform>%n new @ messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Catching up failed (%1): %2</source>
        <translation>Catching up failed (%1): %2</translation>
    </message>
</context>
<context>
    <name>listen</name>
    <message>
        <source>@ mention</source>
        <translation>@ mention</translation>
    </message>
    <message>
        <source>message</source>
        <translation>message</translation>
    </message>
    <message>
        <source>state: %1</source>
        <translation>state: %1</translation>
    </message>
    <message>
        <source> (retry in %1 s)</source>
        <translation> (retry in %1 s)</translation>
    </message>
    <message numerus="yes">
        <source>[%n new @ mention(s)]  %1</source>
        <translation>
            <numerusform>[%n new @ mention]  %1</numerusform>
            <numerusform>[%n new @ mentions]  %1</numerusform>
        </translation>
    </message>
    <message>
        <source>robot %1 %2 (%3 connections)</source>
        <translation>robot %1 %2 (%3 connections)</translation>
    </message>
    <message>
        <source>Print one JSON object per line.</source>
        <translation>Print one JSON object per line.</translation>
    </message>
    <message>
        <source>Push service URL (default: the site&apos;s /ws/msg).</source>
        <translation>Push service URL (default: the site&apos;s /ws/msg).</translation>
    </message>
    <message>
        <source>Do not report robots going online.</source>
        <translation>Do not report robots going online.</translation>
    </message>
    <message>
        <source>Send the session id as ?_sid= instead of a request header.</source>
        <translation>Send the session id as ?_sid= instead of a request header.</translation>
    </message>
    <message>
        <source>Keep the history and the ids already reported in this SQLite file, so that a message is reported once across runs.</source>
        <translation>Keep the history and the ids already reported in this SQLite file, so that a message is reported once across runs.</translation>
    </message>
    <message>
        <source>After connecting, print unread @ mentions one by one instead of their count (the forum then marks them read).</source>
        <translation>After connecting, print unread @ mentions one by one instead of their count (the forum then marks them read).</translation>
    </message>
    <message>
        <source>--site must be an http(s) URL.</source>
        <translation>--site must be an http(s) URL.</translation>
    </message>
    <message>
        <source>--push-url must be a ws:// or wss:// URL.</source>
        <translation>--push-url must be a ws:// or wss:// URL.</translation>
    </message>
    <message>
        <source>cannot use the state file (%1); continuing without it</source>
        <translation>cannot use the state file (%1); continuing without it</translation>
    </message>
    <message>
        <source>[%1 #%2] %3: %4  %5</source>
        <translation>[%1 #%2] %3: %4  %5</translation>
    </message>
    <message>
        <source>unread: %1 messages, %2 @ mentions</source>
        <translation>unread: %1 messages, %2 @ mentions</translation>
    </message>
    <message>
        <source>caught up (%1 new)</source>
        <translation>caught up (%1 new)</translation>
    </message>
    <message>
        <source>catch-up failed: %1</source>
        <translation>catch-up failed: %1</translation>
    </message>
    <message>
        <source>connection problem: %1</source>
        <translation>connection problem: %1</translation>
    </message>
    <message>
        <source>the forum says this session is logged out: log in again</source>
        <translation>the forum says this session is logged out: log in again</translation>
    </message>
    <message>
        <source>server error: %1</source>
        <translation>server error: %1</translation>
    </message>
    <message>
        <source>robots online: %1</source>
        <translation>robots online: %1</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>the system keychain</translation>
    </message>
    <message>
        <source>Forum site (links, faces, catch-up); default: the tray app&apos;s site.</source>
        <translation>Forum site (links, faces, catch-up); default: the tray app&apos;s site.</translation>
    </message>
    <message>
        <source>Keep retrying when the first connection fails (for services started before the network), instead of exiting with status 4.</source>
        <translation>Keep retrying when the first connection fails (for services started before the network), instead of exiting with status 4.</translation>
    </message>
    <message>
        <source>How many --exec commands may run at once; the others wait in turn (default 1: one after the other, in order).</source>
        <translation>How many --exec commands may run at once; the others wait in turn (default 1: one after the other, in order).</translation>
    </message>
    <message>
        <source>Stop an --exec command that runs longer than this many seconds (0: never; default 30).</source>
        <translation>Stop an --exec command that runs longer than this many seconds (0: never; default 30).</translation>
    </message>
    <message>
        <source>With --exec: the program&apos;s arguments, after &quot;--&quot;.</source>
        <translation>With --exec: the program&apos;s arguments, after &quot;--&quot;.</translation>
    </message>
    <message>
        <source>--sid is not accepted: the arguments of a running program are visible to every user of this machine. Set HU60_SID, or log in with the tray app (the session id is then read from the system keychain).</source>
        <translation>--sid is not accepted: the arguments of a running program are visible to every user of this machine. Set HU60_SID, or log in with the tray app (the session id is then read from the system keychain).</translation>
    </message>
    <message>
        <source>--exec: &quot;%1&quot; is not an executable program.</source>
        <translation>--exec: &quot;%1&quot; is not an executable program.</translation>
    </message>
    <message>
        <source>--exec-jobs must be a number from 1 to 64.</source>
        <translation>--exec-jobs must be a number from 1 to 64.</translation>
    </message>
    <message>
        <source>--exec-timeout must be a number of seconds from 0 to 86400.</source>
        <translation>--exec-timeout must be a number of seconds from 0 to 86400.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot; (program arguments need --exec).</source>
        <translation>Unexpected argument &quot;%1&quot; (program arguments need --exec).</translation>
    </message>
    <message>
        <source>--exec-jobs and --exec-timeout need --exec.</source>
        <translation>--exec-jobs and --exec-timeout need --exec.</translation>
    </message>
    <message>
        <source>No session id: none is stored (looked in %1). Log in with the tray app, or set HU60_SID.</source>
        <translation>No session id: none is stored (looked in %1). Log in with the tray app, or set HU60_SID.</translation>
    </message>
    <message>
        <source>The stored session id belongs to %1, not to %2. Set HU60_SID to use another site.</source>
        <translation>The stored session id belongs to %1, not to %2. Set HU60_SID to use another site.</translation>
    </message>
    <message>
        <source>The session id is malformed (log in again, or check HU60_SID).</source>
        <translation>The session id is malformed (log in again, or check HU60_SID).</translation>
    </message>
    <message>
        <source>The server rejected the session id: log in again.</source>
        <translation>The server rejected the session id: log in again.</translation>
    </message>
    <message>
        <source>Cannot reach %1 (%2).</source>
        <translation>Cannot reach %1 (%2).</translation>
    </message>
    <message numerus="yes">
        <source>Stopping after %n --exec command(s); signal again to stop at once.</source>
        <translation>
            <numerusform>Stopping after %n --exec command; signal again to stop at once.</numerusform>
            <numerusform>Stopping after %n --exec commands; signal again to stop at once.</numerusform>
        </translation>
    </message>
    <message>
        <source>Allow an unencrypted ws:// push URL to another computer (the session id and every message then cross the network readable by anyone on the way).</source>
        <translation>Allow an unencrypted ws:// push URL to another computer (the session id and every message then cross the network readable by anyone on the way).</translation>
    </message>
    <message>
        <source>The push URL %1 is not encrypted and not on this computer: use wss://, or pass --allow-insecure-push.</source>
        <translation>The push URL %1 is not encrypted and not on this computer: use wss://, or pass --allow-insecure-push.</translation>
    </message>
    <message>
        <source>Run this program once per message (and per @ summary) with the message as one JSON line on its stdin and HU60_MSG_* variables in its environment. Its arguments follow &quot;--&quot;. No shell is involved. With --state the runs are recorded there and what a crash or stop left is run at the next start: a run interrupted by a crash runs again with the same HU60_MSG_RUN_ID, to dedupe on.</source>
        <translation>Run this program once per message (and per @ summary) with the message as one JSON line on its stdin and HU60_MSG_* variables in its environment. Its arguments follow &quot;--&quot;. No shell is involved. With --state the runs are recorded there and what a crash or stop left is run at the next start: a run interrupted by a crash runs again with the same HU60_MSG_RUN_ID, to dedupe on.</translation>
    </message>
    <message>
        <source>--exec: cannot keep the queue of runs (%1).</source>
        <translation>--exec: cannot keep the queue of runs (%1).</translation>
    </message>
    <message numerus="yes">
        <source>%n --exec run(s) started by an earlier listen were not finished: running them again (HU60_MSG_RUN_ID is unchanged).</source>
        <translation>
            <numerusform>%n --exec run started by an earlier listen was not finished: running it again (HU60_MSG_RUN_ID is unchanged).</numerusform>
            <numerusform>%n --exec runs started by an earlier listen were not finished: running them again (HU60_MSG_RUN_ID is unchanged).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting --exec run(s) kept in the state file for the next start.</source>
        <translation>
            <numerusform>%n waiting --exec run kept in the state file for the next start.</numerusform>
            <numerusform>%n waiting --exec runs kept in the state file for the next start.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connects to the push service and prints one line per event. The session id comes from the HU60_SID environment variable, else from the tray app&apos;s login (system keychain or its fallback file); it is never accepted as an argument.

Exit codes: 0 success, 1 runtime failure, 2 bad arguments, 3 no session id or the server rejected it, 4 the server could not be reached, 5 the --state file is in use by another process.</source>
        <translation>Connects to the push service and prints one line per event. The session id comes from the HU60_SID environment variable, else from the tray app&apos;s login (system keychain or its fallback file); it is never accepted as an argument.

Exit codes: 0 success, 1 runtime failure, 2 bad arguments, 3 no session id or the server rejected it, 4 the server could not be reached, 5 the --state file is in use by another process.</translation>
    </message>
    <message>
        <source>The state file %1 is in use by another process (%2); use another --state file for a second listener.</source>
        <translation>The state file %1 is in use by another process (%2); use another --state file for a second listener.</translation>
    </message>
</context>
<context>
    <name>push</name>
    <message>
        <source>Inserts a message into a running companion server (stored unread, pushed live) and prints its id.</source>
        <translation>Inserts a message into a running companion server (stored unread, pushed live) and prints its id.</translation>
    </message>
    <message>
        <source>The server&apos;s HTTP endpoint (default http://127.0.0.1:4861).</source>
        <translation>The server&apos;s HTTP endpoint (default http://127.0.0.1:4861).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>TOKEN</source>
        <translation>TOKEN</translation>
    </message>
    <message>
        <source>Recipient uid.</source>
        <translation>Recipient uid.</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Sender uid (negative for robots).</source>
        <translation>Sender uid (negative for robots).</translation>
    </message>
    <message>
        <source>0 inbox message (default), 1 @-mention.</source>
        <translation>0 inbox message (default), 1 @-mention.</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYPE</translation>
    </message>
    <message>
        <source>Content segments as a JSON array.</source>
        <translation>Content segments as a JSON array.</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Plain text content (instead of --content).</source>
        <translation>Plain text content (instead of --content).</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>--to and --from need non-zero uids</source>
        <translation>--to and --from need non-zero uids</translation>
    </message>
    <message>
        <source>--type must be 0 or 1</source>
        <translation>--type must be 0 or 1</translation>
    </message>
    <message>
        <source>give exactly one of --content and --text</source>
        <translation>give exactly one of --content and --text</translation>
    </message>
    <message>
        <source>--content must be a JSON array of segments</source>
        <translation>--content must be a JSON array of segments</translation>
    </message>
    <message>
        <source>--http needs an http(s) URL</source>
        <translation>--http needs an http(s) URL</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>Cannot reach %1: %2</translation>
    </message>
    <message>
        <source>The server rejected the admin token.</source>
        <translation>The server rejected the admin token.</translation>
    </message>
    <message>
        <source>The server refused the message: %1</source>
        <translation>The server refused the message: %1</translation>
    </message>
    <message>
        <source>The server answered HTTP %1: %2</source>
        <translation>The server answered HTTP %1: %2</translation>
    </message>
    <message>
        <source>Admin token (default: --token-file, else $HU60_ADMIN_TOKEN). Arguments are visible to every user in ps: prefer the file or the variable.</source>
        <translation>Admin token (default: --token-file, else $HU60_ADMIN_TOKEN). Arguments are visible to every user in ps: prefer the file or the variable.</translation>
    </message>
    <message>
        <source>Read the admin token from the first line of this file.</source>
        <translation>Read the admin token from the first line of this file.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
</context>
<context>
    <name>render</name>
    <message>
        <source>Reads push frames (one JSON text frame per line) on stdin and prints one JSON line per frame.</source>
        <translation>Reads push frames (one JSON text frame per line) on stdin and prints one JSON line per frame.</translation>
    </message>
    <message>
        <source>Forum site for links and faces.</source>
        <translation>Forum site for links and faces.</translation>
    </message>
    <message>
        <source>Invalid --site URL.</source>
        <translation>Invalid --site URL.</translation>
    </message>
</context>
<context>
    <name>send</name>
    <message>
        <source>The forum says this may have been posted already; check %1 before sending again.</source>
        <translation>The forum says this may have been posted already; check %1 before sending again.</translation>
    </message>
    <message>
        <source>The forum says the session is not logged in: log in again with the tray app.</source>
        <translation>The forum says the session is not logged in: log in again with the tray app.</translation>
    </message>
    <message numerus="yes">
        <source>The forum asks to wait %n second(s) before the next request.</source>
        <translation>
            <numerusform>The forum asks to wait %n second before the next request.</numerusform>
            <numerusform>The forum asks to wait %n seconds before the next request.</numerusform>
        </translation>
    </message>
    <message>
        <source>The forum could not be reached (%1). Nothing was sent, or the answer was lost: check before sending again.</source>
        <translation>The forum could not be reached (%1). Nothing was sent, or the answer was lost: check before sending again.</translation>
    </message>
    <message>
        <source>The forum refused it: %1</source>
        <translation>The forum refused it: %1</translation>
    </message>
    <message>
        <source>Forum site; default: the tray app&apos;s site.</source>
        <translation>Forum site; default: the tray app&apos;s site.</translation>
    </message>
    <message>
        <source>Send the text as the forum&apos;s UBB markup instead of Markdown (the default).</source>
        <translation>Send the text as the forum&apos;s UBB markup instead of Markdown (the default).</translation>
    </message>
    <message>
        <source>The text is longer than %1 KiB.</source>
        <translation>The text is longer than %1 KiB.</translation>
    </message>
    <message>
        <source>Nothing to send: the text is empty.</source>
        <translation>Nothing to send: the text is empty.</translation>
    </message>
    <message>
        <source>--site must be an http(s) URL.</source>
        <translation>--site must be an http(s) URL.</translation>
    </message>
    <message>
        <source>The text; read from standard input when absent.</source>
        <translation>The text; read from standard input when absent.</translation>
    </message>
    <message>
        <source>--sid is not accepted: the arguments of a running program are visible to every user of this machine. Set HU60_SID, or log in with the tray app.</source>
        <translation>--sid is not accepted: the arguments of a running program are visible to every user of this machine. Set HU60_SID, or log in with the tray app.</translation>
    </message>
    <message>
        <source>Sends a private message (内信). The text comes from the arguments or standard input and is sent as Markdown. The session id comes from HU60_SID or the tray app&apos;s login, never from an argument.

Exit codes: 0 sent, 1 the forum refused it (the reason is printed, with the text), 2 bad arguments or empty text, 3 no session id or not logged in, 4 the forum could not be reached.</source>
        <translation>Sends a private message (内信). The text comes from the arguments or standard input and is sent as Markdown. The session id comes from HU60_SID or the tray app&apos;s login, never from an argument.

Exit codes: 0 sent, 1 the forum refused it (the reason is printed, with the text), 2 bad arguments or empty text, 3 no session id or not logged in, 4 the forum could not be reached.</translation>
    </message>
    <message>
        <source>The recipient&apos;s uid.</source>
        <translation>The recipient&apos;s uid.</translation>
    </message>
    <message>
        <source>The recipient&apos;s user name.</source>
        <translation>The recipient&apos;s user name.</translation>
    </message>
    <message>
        <source>Give exactly one of --to UID and --name NAME.</source>
        <translation>Give exactly one of --to UID and --name NAME.</translation>
    </message>
    <message>
        <source>--to needs a user id (a non-zero number).</source>
        <translation>--to needs a user id (a non-zero number).</translation>
    </message>
    <message>
        <source>Your text was:
%1</source>
        <translation>Your text was:
%1</translation>
    </message>
    <message>
        <source>Sent to uid %1.</source>
        <translation>Sent to uid %1.</translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation>Sent to %1.</translation>
    </message>
    <message>
        <source>There is no user named &quot;%1&quot;.</source>
        <translation>There is no user named &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Replies to a message by its id: a private message is answered privately; an @ mention is answered where it was written (its chat room or topic), mentioning its author. The text comes from the arguments or standard input and is sent as Markdown. Reading the message marks it read.

Exit codes: as for send.</source>
        <translation>Replies to a message by its id: a private message is answered privately; an @ mention is answered where it was written (its chat room or topic), mentioning its author. The text comes from the arguments or standard input and is sent as Markdown. Reading the message marks it read.

Exit codes: as for send.</translation>
    </message>
    <message>
        <source>The id of the message to answer.</source>
        <translation>The id of the message to answer.</translation>
    </message>
    <message>
        <source>--to-message needs the id of a message (a positive number).</source>
        <translation>--to-message needs the id of a message (a positive number).</translation>
    </message>
    <message>
        <source>There is no message %1 addressed to you.</source>
        <translation>There is no message %1 addressed to you.</translation>
    </message>
    <message>
        <source>Replied to uid %1.</source>
        <translation>Replied to uid %1.</translation>
    </message>
    <message>
        <source>Message %1 does not say where the @ came from; it cannot be answered there.</source>
        <translation>Message %1 does not say where the @ came from; it cannot be answered there.</translation>
    </message>
    <message>
        <source>Replied at %1.</source>
        <translation>Replied at %1.</translation>
    </message>
</context>
<context>
    <name>serve</name>
    <message>
        <source>Runs the companion server: the hu60 push protocol (WebSocket, paths /v1/ws and /ws/msg) and a forum emulator (HTTP, /q.php/…). The first line on stdout is JSON naming the bound endpoints.</source>
        <translation>Runs the companion server: the hu60 push protocol (WebSocket, paths /v1/ws and /ws/msg) and a forum emulator (HTTP, /q.php/…). The first line on stdout is JSON naming the bound endpoints.</translation>
    </message>
    <message>
        <source>Push endpoint (default 127.0.0.1:4860).</source>
        <translation>Push endpoint (default 127.0.0.1:4860).</translation>
    </message>
    <message>
        <source>HOST:PORT</source>
        <translation>HOST:PORT</translation>
    </message>
    <message>
        <source>Forum emulator (default 127.0.0.1:4861).</source>
        <translation>Forum emulator (default 127.0.0.1:4861).</translation>
    </message>
    <message>
        <source>Users and messages JSON file (created from the demo set if missing).</source>
        <translation>Users and messages JSON file (created from the demo set if missing).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>TOKEN</source>
        <translation>TOKEN</translation>
    </message>
    <message>
        <source>Connections per user (default 10).</source>
        <translation>Connections per user (default 10).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Disable an action (repeatable).</source>
        <translation>Disable an action (repeatable).</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Check sids against this forum&apos;s user.index.json instead of the store.</source>
        <translation>Check sids against this forum&apos;s user.index.json instead of the store.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Push connections in total; more are refused with HTTP 503 (default %1).</source>
        <translation>Push connections in total; more are refused with HTTP 503 (default %1).</translation>
    </message>
    <message>
        <source>Connections per client address not yet authenticated; more are refused with HTTP 429 (default %1).</source>
        <translation>Connections per client address not yet authenticated; more are refused with HTTP 429 (default %1).</translation>
    </message>
    <message>
        <source>Largest incoming message in bytes; larger ones close the connection with 1009 (default %1).</source>
        <translation>Largest incoming message in bytes; larger ones close the connection with 1009 (default %1).</translation>
    </message>
    <message>
        <source>BYTES</source>
        <translation>BYTES</translation>
    </message>
    <message>
        <source>Messages per second per connection, bursts of %1 allowed; faster clients are closed with 1008 (default %2).</source>
        <translation>Messages per second per connection, bursts of %1 allowed; faster clients are closed with 1008 (default %2).</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unexpected argument: %1</translation>
    </message>
    <message>
        <source>--listen needs HOST:PORT, got &quot;%1&quot;</source>
        <translation>--listen needs HOST:PORT, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--http needs HOST:PORT, got &quot;%1&quot;</source>
        <translation>--http needs HOST:PORT, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--wspu needs a positive number</source>
        <translation>--wspu needs a positive number</translation>
    </message>
    <message>
        <source>--%1 needs a positive number</source>
        <translation>--%1 needs a positive number</translation>
    </message>
    <message>
        <source>--forum-api needs an http(s) URL</source>
        <translation>--forum-api needs an http(s) URL</translation>
    </message>
    <message>
        <source>Deliver pushes as badly as the real hu60ws server, on purpose (for testing clients): a comma-separated list of drop=SHARE (lose each push with this probability), reorder (shuffle each burst), empty-frame (one empty frame per burst), drop-before-register[=MS] (lose pushes within MS, default 1000, after the greeting), break-mid-burst (abort the connection after half a burst). Messages stay stored unread; only the push is faulty.</source>
        <translation>Deliver pushes as badly as the real hu60ws server, on purpose (for testing clients): a comma-separated list of drop=SHARE (lose each push with this probability), reorder (shuffle each burst), empty-frame (one empty frame per burst), drop-before-register[=MS] (lose pushes within MS, default 1000, after the greeting), break-mid-burst (abort the connection after half a burst). Messages stay stored unread; only the push is faulty.</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>LIST</translation>
    </message>
    <message>
        <source>Seed of the random choices of --faults, for reproducible runs (default: random, logged).</source>
        <translation>Seed of the random choices of --faults, for reproducible runs (default: random, logged).</translation>
    </message>
    <message>
        <source>--faults: %1</source>
        <translation>--faults: %1</translation>
    </message>
    <message>
        <source>--fault-seed needs a number from 0 to 4294967295</source>
        <translation>--fault-seed needs a number from 0 to 4294967295</translation>
    </message>
    <message>
        <source>A reverse proxy whose X-Real-IP (else last X-Forwarded-For entry) names the client for the per-address limit (repeatable); from other peers these headers are ignored.</source>
        <translation>A reverse proxy whose X-Real-IP (else last X-Forwarded-For entry) names the client for the per-address limit (repeatable); from other peers these headers are ignored.</translation>
    </message>
    <message>
        <source>ADDRESS</source>
        <translation>ADDRESS</translation>
    </message>
    <message>
        <source>Connections not yet authenticated, all addresses together; more are refused with HTTP 503 (default %1). Each holds at most %2 bytes of frames before authentication.</source>
        <translation>Connections not yet authenticated, all addresses together; more are refused with HTTP 503 (default %1). Each holds at most %2 bytes of frames before authentication.</translation>
    </message>
    <message>
        <source>--trusted-proxy needs an IP address, got &quot;%1&quot;</source>
        <translation>--trusted-proxy needs an IP address, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Give the token or its file, not both.</source>
        <translation>Give the token or its file, not both.</translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>Cannot read the token file %1: %2</translation>
    </message>
    <message>
        <source>The token file %1 is empty.</source>
        <translation>The token file %1 is empty.</translation>
    </message>
    <message>
        <source>Token for POST /admin/push (default: --admin-token-file, else $HU60_ADMIN_TOKEN, else random). Arguments are visible to every user in ps: prefer the file or the variable.</source>
        <translation>Token for POST /admin/push (default: --admin-token-file, else $HU60_ADMIN_TOKEN, else random). Arguments are visible to every user in ps: prefer the file or the variable.</translation>
    </message>
    <message>
        <source>Read the admin token from the first line of this file.</source>
        <translation>Read the admin token from the first line of this file.</translation>
    </message>
</context>
<context>
    <name>server::Companion</name>
    <message>
        <source>Cannot load the data file: %1</source>
        <translation>Cannot load the data file: %1</translation>
    </message>
    <message>
        <source>Cannot listen for push connections on %1:%2: %3</source>
        <translation>Cannot listen for push connections on %1:%2: %3</translation>
    </message>
    <message>
        <source>Cannot listen for HTTP on %1:%2: %3</source>
        <translation>Cannot listen for HTTP on %1:%2: %3</translation>
    </message>
</context>
<context>
    <name>server::Store</name>
    <message>
        <source>not valid JSON at offset %1: %2</source>
        <translation>not valid JSON at offset %1: %2</translation>
    </message>
    <message>
        <source>expected an object with a &quot;users&quot; array</source>
        <translation>expected an object with a &quot;users&quot; array</translation>
    </message>
    <message>
        <source>users[%1]: duplicate uid or sid</source>
        <translation>users[%1]: duplicate uid or sid</translation>
    </message>
    <message>
        <source>&quot;messages&quot; must be an array</source>
        <translation>&quot;messages&quot; must be an array</translation>
    </message>
    <message>
        <source>messages[%1]: duplicate id %2</source>
        <translation>messages[%1]: duplicate id %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>users[%1]: needs a non-zero integer &quot;uid&quot; and a string &quot;name&quot;</source>
        <translation>users[%1]: needs a non-zero integer &quot;uid&quot; and a string &quot;name&quot;</translation>
    </message>
    <message>
        <source>users[%1]: &quot;%2&quot; must be a string</source>
        <translation>users[%1]: &quot;%2&quot; must be a string</translation>
    </message>
    <message>
        <source>messages[%1]: needs integer &quot;id&quot; &gt; 0, &quot;touid&quot;, &quot;byuid&quot;, &quot;type&quot; 0 or 1, &quot;isread&quot; 0 or 1, integer &quot;ctime&quot; and a &quot;content&quot; array</source>
        <translation>messages[%1]: needs integer &quot;id&quot; &gt; 0, &quot;touid&quot;, &quot;byuid&quot;, &quot;type&quot; 0 or 1, &quot;isread&quot; 0 or 1, integer &quot;ctime&quot; and a &quot;content&quot; array</translation>
    </message>
    <message>
        <source>cannot create the folder of %1</source>
        <translation>cannot create the folder of %1</translation>
    </message>
    <message>
        <source>topics[%1]: needs integer &quot;tid&quot; &gt; 0, &quot;uid&quot; and a string &quot;title&quot;</source>
        <translation>topics[%1]: needs integer &quot;tid&quot; &gt; 0, &quot;uid&quot; and a string &quot;title&quot;</translation>
    </message>
    <message>
        <source>posts[%1]: needs integer &quot;id&quot; &gt; 0, a &quot;room&quot; or a &quot;tid&quot;, integer &quot;floor&quot; and &quot;uid&quot; and a &quot;content&quot; array</source>
        <translation>posts[%1]: needs integer &quot;id&quot; &gt; 0, a &quot;room&quot; or a &quot;tid&quot;, integer &quot;floor&quot; and &quot;uid&quot; and a &quot;content&quot; array</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an array</source>
        <translation>&quot;%1&quot; must be an array</translation>
    </message>
    <message>
        <source>posts[%1]: duplicate id %2</source>
        <translation>posts[%1]: duplicate id %2</translation>
    </message>
</context>
<context>
    <name>settings::ConnectionTester</name>
    <message>
        <source>Connected and logged in as %1.</source>
        <translation>Connected and logged in as %1.</translation>
    </message>
    <message>
        <source>The forum is reachable. Log in to check your account.</source>
        <translation>The forum is reachable. Log in to check your account.</translation>
    </message>
    <message>
        <source>The site&apos;s name could not be resolved (DNS). Check the address and your network.</source>
        <translation>The site&apos;s name could not be resolved (DNS). Check the address and your network.</translation>
    </message>
    <message>
        <source>The server refused the connection: nothing listens at this address and port.</source>
        <translation>The server refused the connection: nothing listens at this address and port.</translation>
    </message>
    <message>
        <source>The secure connection (TLS) failed: the certificate is not trusted or the handshake broke.</source>
        <translation>The secure connection (TLS) failed: the certificate is not trusted or the handshake broke.</translation>
    </message>
    <message>
        <source>The forum is reachable but does not accept your session. Log in again.</source>
        <translation>The forum is reachable but does not accept your session. Log in again.</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>The server did not answer in time.</translation>
    </message>
    <message>
        <source>The connection test failed.</source>
        <translation>The connection test failed.</translation>
    </message>
</context>
<context>
    <name>settings::NetworkConfig</name>
    <message>
        <source>The site address must start with https://.</source>
        <translation>The site address must start with https://.</translation>
    </message>
    <message>
        <source>The site %1 uses plain http: your password and session would cross the network unencrypted. Use https:// (plain http is only allowed for this computer: localhost, 127.0.0.1, ::1).</source>
        <translation>The site %1 uses plain http: your password and session would cross the network unencrypted. Use https:// (plain http is only allowed for this computer: localhost, 127.0.0.1, ::1).</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>The server sent no certificate.</source>
        <translation>The server sent no certificate.</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Subject: %1</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>Issuer: %1</translation>
    </message>
    <message>
        <source>Valid from: %1</source>
        <translation>Valid from: %1</translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation>Valid until: %1</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256 fingerprint: %1</translation>
    </message>
    <message>
        <source>The manual proxy needs a host and a port; the system proxy settings are used.</source>
        <translation>The manual proxy needs a host and a port; the system proxy settings are used.</translation>
    </message>
    <message>
        <source>The trusted certificate file %1 cannot be read: %2</source>
        <translation>The trusted certificate file %1 cannot be read: %2</translation>
    </message>
    <message>
        <source>The trusted certificate file %1 is too large to be a certificate.</source>
        <translation>The trusted certificate file %1 is too large to be a certificate.</translation>
    </message>
    <message>
        <source>The file %1 holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----).</source>
        <translation>The file %1 holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----).</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <source>Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.</source>
        <translation>Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.</translation>
    </message>
    <message>
        <source>Run against an embedded demo server (offline).</source>
        <translation>Run against an embedded demo server (offline).</translation>
    </message>
    <message>
        <source>hu60 Notifier</source>
        <translation>hu60 Notifier</translation>
    </message>
    <message>
        <source>The demo server could not start: %1</source>
        <translation>The demo server could not start: %1</translation>
    </message>
</context>
<context>
    <name>ui::Application</name>
    <message>
        <source>Nothing is sent to this site. Change it in Settings → Account.</source>
        <translation>Nothing is sent to this site. Change it in Settings → Account.</translation>
    </message>
    <message>
        <source>The network settings cannot be used as they are.</source>
        <translation>The network settings cannot be used as they are.</translation>
    </message>
    <message>
        <source>Until this is fixed in Settings → Network, the part that cannot be used is left out: only the system&apos;s certificates are trusted, or the system&apos;s proxy settings apply.</source>
        <translation>Until this is fixed in Settings → Network, the part that cannot be used is left out: only the system&apos;s certificates are trusted, or the system&apos;s proxy settings apply.</translation>
    </message>
</context>
<context>
    <name>ui::BurstSummary</name>
    <message numerus="yes">
        <source>%n new inbox message(s)</source>
        <translation>
            <numerusform>%n new inbox message</numerusform>
            <numerusform>%n new inbox messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new @ mention(s)</source>
        <translation>
            <numerusform>%n new @ mention</numerusform>
            <numerusform>%n new @ mentions</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>burst summary title: inbox count, @ count</comment>
        <translation>%1, %2</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>…and %n more</numerusform>
            <numerusform>…and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::HistoryWindow</name>
    <message>
        <source>History — hu60 Notifier</source>
        <translation>History — hu60 Notifier</translation>
    </message>
    <message>
        <source>Search by sender or text</source>
        <translation>Search by sender or text</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Nothing received yet. New messages and @ mentions will be listed here.</source>
        <translation>Nothing received yet. New messages and @ mentions will be listed here.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>Mark read</translation>
    </message>
    <message>
        <source>@</source>
        <translation>@</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>hu60</source>
        <translation>hu60</translation>
    </message>
    <message>
        <source>User #%1</source>
        <translation>User #%1</translation>
    </message>
    <message>
        <source>No notification matches “%1”.</source>
        <translation>No notification matches “%1”.</translation>
    </message>
    <message>
        <source>Reply…</source>
        <translation>Reply…</translation>
    </message>
</context>
<context>
    <name>ui::ImageCache</name>
    <message>
        <source>image larger than %1 bytes</source>
        <translation>image larger than %1 bytes</translation>
    </message>
    <message>
        <source>not a supported image</source>
        <translation>not a supported image</translation>
    </message>
</context>
<context>
    <name>ui::LoginDialog</name>
    <message>
        <source>Log in to %1</source>
        <translation>Log in to %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>The password is sent to the forum once and never stored.</source>
        <translation>The password is sent to the forum once and never stored.</translation>
    </message>
    <message>
        <source>hu60_sid cookie value</source>
        <translation>hu60_sid cookie value</translation>
    </message>
    <message>
        <source>Session id</source>
        <translation>Session id</translation>
    </message>
    <message>
        <source>Copy the value of the hu60_sid cookie from a browser where you are logged in. It is a password: it is kept in your keychain.</source>
        <translation>Copy the value of the hu60_sid cookie from a browser where you are logged in. It is a password: it is kept in your keychain.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>That is not a session id: it has 20 to 64 letters, digits, “-” or “_”.</source>
        <translation>That is not a session id: it has 20 to 64 letters, digits, “-” or “_”.</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>Enter your name and password.</translation>
    </message>
    <message>
        <source>The forum refused the login: %1</source>
        <translation>The forum refused the login: %1</translation>
    </message>
    <message>
        <source>Could not log in: %1</source>
        <translation>Could not log in: %1</translation>
    </message>
    <message>
        <source>Could not reach the forum: %1</source>
        <translation>Could not reach the forum: %1</translation>
    </message>
    <message>
        <source>The forum does not accept this session id (logged out or expired).</source>
        <translation>The forum does not accept this session id (logged out or expired).</translation>
    </message>
    <message>
        <source>Logged in, but the session id could not be stored.</source>
        <translation>Logged in, but the session id could not be stored.</translation>
    </message>
    <message>
        <source>hu60 Notifier shows new inbox messages and @ mentions of the hu60 forum as desktop notifications, and which forum robots are online. Log in with your forum account.</source>
        <translation>hu60 Notifier shows new inbox messages and @ mentions of the hu60 forum as desktop notifications, and which forum robots are online. Log in with your forum account.</translation>
    </message>
    <message>
        <source>Log in &amp;with</source>
        <translation>Log in &amp;with</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Session id</source>
        <translation>&amp;Session id</translation>
    </message>
    <message>
        <source>No account yet? &lt;a href=&quot;%1&quot;&gt;Register on %2&lt;/a&gt;.</source>
        <translation>No account yet? &lt;a href=&quot;%1&quot;&gt;Register on %2&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>Just looking? The demo runs offline against a built-in server, no account needed (hu60-notifier --demo).</source>
        <translation>Just looking? The demo runs offline against a built-in server, no account needed (hu60-notifier --demo).</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Try the demo</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>P&amp;hone</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;User name</translation>
    </message>
</context>
<context>
    <name>ui::NativePresenter</name>
    <message>
        <source>no D-Bus session bus</source>
        <translation>no D-Bus session bus</translation>
    </message>
    <message>
        <source>the desktop notification service is not available (%1)</source>
        <translation>the desktop notification service is not available (%1)</translation>
    </message>
    <message>
        <source>@ mention</source>
        <translation>@ mention</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>Mark read</translation>
    </message>
    <message>
        <source>the desktop notification service failed (%1)</source>
        <translation>the desktop notification service failed (%1)</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Reply to %1…</source>
        <translation>Reply to %1…</translation>
    </message>
    <message>
        <source>Reply…</source>
        <translation>Reply…</translation>
    </message>
    <message>
        <source>Mute sender</source>
        <translation>Mute sender</translation>
    </message>
    <message>
        <source>the desktop notification service went away</source>
        <translation>the desktop notification service went away</translation>
    </message>
</context>
<context>
    <name>ui::NotificationPopup</name>
    <message>
        <source>Mark read</source>
        <translation>Mark read</translation>
    </message>
    <message>
        <source>Mute sender</source>
        <translation>Mute sender</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message numerus="yes">
        <source>%n new @ mention(s)</source>
        <translation>
            <numerusform>%n new @ mention</numerusform>
            <numerusform>%n new @ mentions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>@ mention</source>
        <translation>@ mention</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Click to open the list.</source>
        <translation>Click to open the list.</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[image]</translation>
    </message>
    <message>
        <source>Reply…</source>
        <translation>Reply…</translation>
    </message>
</context>
<context>
    <name>ui::Notifier</name>
    <message>
        <source>hu60 Notifier</source>
        <translation>hu60 Notifier</translation>
    </message>
    <message>
        <source>No system tray was found. The notifier keeps running: messages still pop up, and starting it again opens the history.</source>
        <translation>No system tray was found. The notifier keeps running: messages still pop up, and starting it again opens the history.</translation>
    </message>
    <message>
        <source>until turned off</source>
        <translation>until turned off</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>until %1</translation>
    </message>
    <message>
        <source>until tomorrow %1</source>
        <translation>until tomorrow %1</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted, so the connection was refused.</source>
        <translation>The certificate of %1 is not trusted, so the connection was refused.</translation>
    </message>
    <message>
        <source>Someone may be intercepting the connection, or the server uses a certificate of its own. If this is your own server and the details below match its certificate, trust that certificate (or its CA) in Settings → Network.</source>
        <translation>Someone may be intercepting the connection, or the server uses a certificate of its own. If this is your own server and the details below match its certificate, trust that certificate (or its CA) in Settings → Network.</translation>
    </message>
    <message>
        <source>Connection problem — hu60 Notifier</source>
        <translation>Connection problem — hu60 Notifier</translation>
    </message>
    <message>
        <source>Network settings…</source>
        <translation>Network settings…</translation>
    </message>
    <message>
        <source>Rich popups, as chosen.</source>
        <translation>Rich popups, as chosen.</translation>
    </message>
    <message>
        <source>The desktop&apos;s notifications, as chosen.</source>
        <translation>The desktop&apos;s notifications, as chosen.</translation>
    </message>
    <message>
        <source>Rich popups: this desktop (%1) lets them appear in a corner without taking the keyboard focus.</source>
        <translation>Rich popups: this desktop (%1) lets them appear in a corner without taking the keyboard focus.</translation>
    </message>
    <message>
        <source>The desktop&apos;s notifications: on this desktop (%1) the app cannot place its own popups, and they could take the keyboard focus.</source>
        <translation>The desktop&apos;s notifications: on this desktop (%1) the app cannot place its own popups, and they could take the keyboard focus.</translation>
    </message>
    <message>
        <source>Rich popups: the desktop has no notification service (%1).</source>
        <translation>Rich popups: the desktop has no notification service (%1).</translation>
    </message>
    <message>
        <source>The tray&apos;s badge: the desktop has no notification service (%1), and popups here would take the keyboard focus. Without a tray, one popup at a time.</source>
        <translation>The tray&apos;s badge: the desktop has no notification service (%1), and popups here would take the keyboard focus. Without a tray, one popup at a time.</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Reply sent to %1</source>
        <translation>Reply sent to %1</translation>
    </message>
    <message>
        <source>the forum wants you to log in again</source>
        <translation>the forum wants you to log in again</translation>
    </message>
    <message>
        <source>no answer from the forum (%1); it may have arrived, check the conversation</source>
        <translation>no answer from the forum (%1); it may have arrived, check the conversation</translation>
    </message>
    <message numerus="yes">
        <source>the forum asks to slow down (try again in %n s)</source>
        <translation>
            <numerusform>the forum asks to slow down (try again in %n s)</numerusform>
            <numerusform>the forum asks to slow down (try again in %n s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Reply to %1 not sent: %2</source>
        <translation>Reply to %1 not sent: %2</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>Connection problem</translation>
    </message>
    <message>
        <source>Click for the details.</source>
        <translation>Click for the details.</translation>
    </message>
    <message>
        <source>Replied to %1 where you were mentioned</source>
        <translation>Replied to %1 where you were mentioned</translation>
    </message>
    <message>
        <source>the forum says it may have been posted already; check before sending again</source>
        <translation>the forum says it may have been posted already; check before sending again</translation>
    </message>
    <message>
        <source>Not connected to the forum.</source>
        <translation>Not connected to the forum.</translation>
    </message>
    <message>
        <source>Asked %1. The answer arrives as an @ message.</source>
        <translation>Asked %1. The answer arrives as an @ message.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>No connection: the reply to %1 goes out when the connection is back</source>
        <translation>No connection: the reply to %1 goes out when the connection is back</translation>
    </message>
    <message>
        <source>Reply sent to %1 (it waited for the connection)</source>
        <translation>Reply sent to %1 (it waited for the connection)</translation>
    </message>
</context>
<context>
    <name>ui::ReplyWindow</name>
    <message>
        <source>Reply to %1 — hu60 Notifier</source>
        <translation>Reply to %1 — hu60 Notifier</translation>
    </message>
    <message>
        <source>Reply where %1 mentioned you (your reply mentions them):</source>
        <translation>Reply where %1 mentioned you (your reply mentions them):</translation>
    </message>
    <message>
        <source>Private reply to %1:</source>
        <translation>Private reply to %1:</translation>
    </message>
    <message>
        <source>Your reply (Markdown). Ctrl+Enter sends, Esc closes; the text is kept as a draft.</source>
        <translation>Your reply (Markdown). Ctrl+Enter sends, Esc closes; the text is kept as a draft.</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
</context>
<context>
    <name>ui::RobotDelegate</name>
    <message numerus="yes">
        <source>uid %1 · %n connection(s)</source>
        <translation>
            <numerusform>uid %1 · %n connection</numerusform>
            <numerusform>uid %1 · %n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::RobotPanel</name>
    <message>
        <source>Online robots — hu60 Notifier</source>
        <translation>Online robots — hu60 Notifier</translation>
    </message>
    <message>
        <source>Click a robot to open its profile on the forum</source>
        <translation>Click a robot to open its profile on the forum</translation>
    </message>
    <message>
        <source>No robot is online right now.
Robots appear here the moment they connect.</source>
        <translation>No robot is online right now.
Robots appear here the moment they connect.</translation>
    </message>
    <message>
        <source>Robot presence is turned off, so this list is not kept up to date.
Turn it on to see which robots are online.</source>
        <translation>Robot presence is turned off, so this list is not kept up to date.
Turn it on to see which robots are online.</translation>
    </message>
    <message>
        <source>Turn robot presence on</source>
        <translation>Turn robot presence on</translation>
    </message>
    <message>
        <source>Robot presence is off</source>
        <translation>Robot presence is off</translation>
    </message>
    <message numerus="yes">
        <source>%n robot(s) online</source>
        <translation>
            <numerusform>%n robot online</numerusform>
            <numerusform>%n robots online</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Ask</translation>
    </message>
    <message>
        <source>Robot to ask</source>
        <translation>Robot to ask</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Ask the robot a question (Markdown; Ctrl+Enter sends). The answer arrives as an @ message.</source>
        <translation>Ask the robot a question (Markdown; Ctrl+Enter sends). The answer arrives as an @ message.</translation>
    </message>
    <message>
        <source>Robot %1</source>
        <translation>Robot %1</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>Asking %1…</translation>
    </message>
</context>
<context>
    <name>ui::SettingsDialog</name>
    <message>
        <source>Settings — hu60 Notifier</source>
        <translation>Settings — hu60 Notifier</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Subscriptions</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>Log in…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>derived from the site (wss://…/ws/msg)</source>
        <translation>derived from the site (wss://…/ws/msg)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Push service</source>
        <translation>Push service</translation>
    </message>
    <message>
        <source>Rich popups (faces, quotes, Markdown)</source>
        <translation>Rich popups (faces, quotes, Markdown)</translation>
    </message>
    <message>
        <source>Desktop notifications</source>
        <translation>Desktop notifications</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>Top left</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>Top right</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>Bottom left</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>Bottom right</translation>
    </message>
    <message>
        <source>Play a sound</source>
        <translation>Play a sound</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Do not disturb</translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation>Quiet hours from</translation>
    </message>
    <message>
        <source>@ mentions still show while quiet</source>
        <translation>@ mentions still show while quiet</translation>
    </message>
    <message>
        <source>Count only (“5 new @ messages”)</source>
        <translation>Count only (“5 new @ messages”)</translation>
    </message>
    <message>
        <source>Fetch them (the forum then marks them read)</source>
        <translation>Fetch them (the forum then marks them read)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Show as</source>
        <translation>Show as</translation>
    </message>
    <message>
        <source>Hide after</source>
        <translation>Hide after</translation>
    </message>
    <message>
        <source>Corner</source>
        <translation>Corner</translation>
    </message>
    <message>
        <source>Missed @ mentions</source>
        <translation>Missed @ mentions</translation>
    </message>
    <message>
        <source>Show robots going online and offline</source>
        <translation>Show robots going online and offline</translation>
    </message>
    <message>
        <source>This is a subscription on the forum&apos;s push service, kept per account: turning it off also stops robot online/offline events in your browser tabs on the forum. It applies at once and is restored after every reconnect. New messages and @ mentions are always delivered.</source>
        <translation>This is a subscription on the forum&apos;s push service, kept per account: turning it off also stops robot online/offline events in your browser tabs on the forum. It applies at once and is restored after every reconnect. New messages and @ mentions are always delivered.</translation>
    </message>
    <message>
        <source>Start hu60 Notifier when I log in</source>
        <translation>Start hu60 Notifier when I log in</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Could not change the autostart entry: %1</source>
        <translation>Could not change the autostart entry: %1</translation>
    </message>
    <message>
        <source>Logged in as &lt;b&gt;%1&lt;/b&gt; (uid %2).</source>
        <translation>Logged in as &lt;b&gt;%1&lt;/b&gt; (uid %2).</translation>
    </message>
    <message>
        <source>A session id is stored.</source>
        <translation>A session id is stored.</translation>
    </message>
    <message>
        <source>Not logged in. Log in to receive your messages.</source>
        <translation>Not logged in. Log in to receive your messages.</translation>
    </message>
    <message>
        <source>No keychain is available: the session id is kept in a file only you can read (%1).</source>
        <translation>No keychain is available: the session id is kept in a file only you can read (%1).</translation>
    </message>
    <message>
        <source>The session id is kept in your desktop&apos;s keychain, never in the settings file.</source>
        <translation>The session id is kept in your desktop&apos;s keychain, never in the settings file.</translation>
    </message>
    <message>
        <source>Logged out on this computer. The session itself stays valid on the forum until it expires or you log out there.</source>
        <translation>Logged out on this computer. The session itself stays valid on the forum until it expires or you log out there.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>The keychain is not used in this session (demo): the session id stays in %1.</source>
        <translation>The keychain is not used in this session (demo): the session id stays in %1.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Allow this unencrypted (ws://) push connection</source>
        <translation>Allow this unencrypted (ws://) push connection</translation>
    </message>
    <message>
        <source>Without TLS, anyone on the network between you and this server can read your session id (which works like your password) and every message. Only allow this for a server you run on a network you trust; wss:// is always safer.</source>
        <translation>Without TLS, anyone on the network between you and this server can read your session id (which works like your password) and every message. Only allow this for a server you run on a network you trust; wss:// is always safer.</translation>
    </message>
    <message>
        <source>A new language applies at once.</source>
        <translation>A new language applies at once.</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy settings</source>
        <translation>Use the system&apos;s proxy settings</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <source>Manual proxy</source>
        <translation>Manual proxy</translation>
    </message>
    <message>
        <source>proxy.example.org</source>
        <translation>proxy.example.org</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>none: only the system&apos;s certificate authorities</source>
        <translation>none: only the system&apos;s certificate authorities</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Trust a certificate</source>
        <translation>Trust a certificate</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>Trusted certificate</translation>
    </message>
    <message>
        <source>For a self-hosted forum with a private certificate authority or a self-signed certificate: pick that CA&apos;s certificate, or the server&apos;s own certificate, as a PEM file. It is trusted in addition to the system&apos;s authorities; certificate checks always stay on.</source>
        <translation>For a self-hosted forum with a private certificate authority or a self-signed certificate: pick that CA&apos;s certificate, or the server&apos;s own certificate, as a PEM file. It is trusted in addition to the system&apos;s authorities; certificate checks always stay on.</translation>
    </message>
    <message>
        <source>Only the system&apos;s certificate authorities are trusted.</source>
        <translation>Only the system&apos;s certificate authorities are trusted.</translation>
    </message>
    <message>
        <source>Trusted: %1
SHA-256: %2
Valid until %3</source>
        <translation>Trusted: %1
SHA-256: %2
Valid until %3</translation>
    </message>
    <message numerus="yes">
        <source>and %n more certificate(s)</source>
        <translation>
            <numerusform>and %n more certificate</numerusform>
            <numerusform>and %n more certificates</numerusform>
        </translation>
    </message>
    <message>
        <source>The push service address must start with wss:// (or ws://).</source>
        <translation>The push service address must start with wss:// (or ws://).</translation>
    </message>
    <message>
        <source>The push service address %1 is not encrypted. Use wss://, or allow this unencrypted connection explicitly.</source>
        <translation>The push service address %1 is not encrypted. Use wss://, or allow this unencrypted connection explicitly.</translation>
    </message>
    <message>
        <source>A manual proxy needs a host and a port.</source>
        <translation>A manual proxy needs a host and a port.</translation>
    </message>
    <message>
        <source>In use: %1</source>
        <translation>In use: %1</translation>
    </message>
    <message>
        <source>Automatic (recommended)</source>
        <translation>Automatic (recommended)</translation>
    </message>
</context>
<context>
    <name>ui::TrayIcon</name>
    <message>
        <source>Log in…</source>
        <translation>Log in…</translation>
    </message>
    <message>
        <source>Open inbox</source>
        <translation>Open inbox</translation>
    </message>
    <message>
        <source>Open @ messages</source>
        <translation>Open @ messages</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>History…</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Do not disturb</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>For 1 hour</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>Until tomorrow</translation>
    </message>
    <message>
        <source>Quiet hours on</source>
        <translation>Quiet hours on</translation>
    </message>
    <message>
        <source>Quiet hours off</source>
        <translation>Quiet hours off</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconnect now</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Do not disturb: %1</source>
        <translation>Do not disturb: %1</translation>
    </message>
    <message>
        <source>Online robots (off)…</source>
        <translation>Online robots (off)…</translation>
    </message>
    <message>
        <source>Online robots (%1)…</source>
        <translation>Online robots (%1)…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Online since %1</source>
        <translation>Online since %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Offline since %1, retrying in %2 s</source>
        <translation>Offline since %1, retrying in %2 s</translation>
    </message>
    <message>
        <source>Login needed: the forum rejected the session</source>
        <translation>Login needed: the forum rejected the session</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>Login needed: the forum says you are logged out</source>
        <translation>Login needed: the forum says you are logged out</translation>
    </message>
    <message>
        <source>hu60 Notifier — %1</source>
        <translation>hu60 Notifier — %1</translation>
    </message>
    <message>
        <source> · %1 inbox, %2 @</source>
        <translation> · %1 inbox, %2 @</translation>
    </message>
    <message>
        <source>Not connected: unencrypted push address</source>
        <translation>Not connected: unencrypted push address</translation>
    </message>
    <message>
        <source>Not connected: the push address uses unencrypted ws://. Allow it in the settings or use wss://.</source>
        <translation>Not connected: the push address uses unencrypted ws://. Allow it in the settings or use wss://.</translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation>Certificate problem</translation>
    </message>
    <message>
        <source>Certificate problem: the push server&apos;s certificate is not trusted, retrying in %1 s</source>
        <translation>Certificate problem: the push server&apos;s certificate is not trusted, retrying in %1 s</translation>
    </message>
    <message>
        <source>Connection problem…</source>
        <translation>Connection problem…</translation>
    </message>
</context>
</TS>
