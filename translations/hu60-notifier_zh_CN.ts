<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>cli</name>
    <message>
        <source>hu60 Notifier is already running; it was asked to show itself.</source>
        <translation>虎绿林消息通知已在运行，已请它显示出来。</translation>
    </message>
    <message>
        <source>Unknown mode &quot;%1&quot;.</source>
        <translation>未知模式“%1”。</translation>
    </message>
    <message>
        <source>--log-level needs a value: debug, info, warning or critical.</source>
        <translation>--log-level 需要一个值：debug、info、warning 或 critical。</translation>
    </message>
    <message>
        <source>Unknown log level &quot;%1&quot;: use debug, info, warning or critical.</source>
        <translation>未知日志级别“%1”：请使用 debug、info、warning 或 critical。</translation>
    </message>
    <message>
        <source>Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.</source>
        <translation>虎绿林论坛的桌面通知：内信、@消息和机器人上线。</translation>
    </message>
    <message>
        <source>Modes:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>(none)   the tray app for the configured account (--demo: against an embedded demo server)</source>
        <translation>（无）   为已配置账号运行托盘程序（--demo：使用内置演示服务器）</translation>
    </message>
    <message>
        <source>serve    companion server: push protocol and forum emulator on loopback</source>
        <translation>serve    伴随服务器：在本机回环地址上提供推送协议和论坛模拟器</translation>
    </message>
    <message>
        <source>push     insert a message into a running companion server</source>
        <translation>push     向正在运行的伴随服务器插入一条消息</translation>
    </message>
    <message>
        <source>render   read push frames on stdin, print their rendered text, html and url as JSON lines</source>
        <translation>render   从标准输入读取推送帧，以 JSON 行输出其渲染后的文本、HTML 和链接</translation>
    </message>
    <message>
        <source>Run &quot;hu60-notifier MODE --help&quot; for the options of a mode.</source>
        <translation>运行“hu60-notifier MODE --help”查看某个模式的选项。</translation>
    </message>
    <message>
        <source>Run against an embedded demo server (offline).</source>
        <translation>连接内置演示服务器运行（离线）。</translation>
    </message>
    <message>
        <source>Log level of every mode: debug, info, warning or critical (default: $HU60_LOG_LEVEL, else the setting, else info). QT_LOGGING_RULES still overrides it.</source>
        <translation>所有模式的日志级别：debug、info、warning 或 critical（默认：$HU60_LOG_LEVEL，其次是设置，再次为 info）。QT_LOGGING_RULES 仍可覆盖它。</translation>
    </message>
    <message>
        <source>LEVEL</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Print versions, platform and paths for a bug report, then exit.</source>
        <translation>打印版本、平台和路径信息以便报告问题，然后退出。</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>Qt platform plugin (QT_QPA_PLATFORM)</source>
        <translation>Qt 平台插件（QT_QPA_PLATFORM）</translation>
    </message>
    <message>
        <source>System languages</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language setting</source>
        <translation>语言设置</translation>
    </message>
    <message>
        <source>follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Catalogue loaded</source>
        <translation>已加载的翻译</translation>
    </message>
    <message>
        <source>none (English source text)</source>
        <translation>无（英文原文）</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>日志级别</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>Settings file</source>
        <translation>设置文件</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Single-instance socket</source>
        <translation>单实例套接字</translation>
    </message>
    <message>
        <source>Qt translations</source>
        <translation>Qt 翻译</translation>
    </message>
    <message>
        <source>Qt plugins</source>
        <translation>Qt 插件</translation>
    </message>
    <message>
        <source>listen   headless subscriber: one line per event, --exec runs a command per message (session id from HU60_SID or the keychain)</source>
        <translation>listen   无界面订阅：每个事件输出一行，--exec 为每条消息运行一个命令（会话 ID 取自 HU60_SID 或系统钥匙串）</translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input, 3 no session id or it was rejected, 4 the server could not be reached.</source>
        <translation>退出码：0 成功，1 运行时失败，2 参数或输入有误，3 没有会话 ID 或会话 ID 被拒绝，4 无法连接服务器。</translation>
    </message>
    <message>
        <source>send     send a private message (--to UID or --name NAME; text from the arguments or stdin)</source>
        <translation>send     发送内信（--to UID 或 --name 用户名；内容来自参数或标准输入）</translation>
    </message>
    <message>
        <source>reply    answer a message by id, privately or where the @ came from</source>
        <translation>reply    按消息 id 回复：内信私下回复，@消息回到它所在的地方</translation>
    </message>
    <message>
        <source>serve, push, listen, send, reply or render; none for the tray app.</source>
        <translation>serve、push、listen、send、reply 或 render；不写则运行托盘程序。</translation>
    </message>
</context>
<context>
    <name>inbox::Inbox</name>
    <message numerus="yes">
        <source>%n new @ message(s)</source>
        <translation>
            <numerusform>%n 条新@消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Catching up failed (%1): %2</source>
        <translation>补收消息失败（%1）：%2</translation>
    </message>
</context>
<context>
    <name>listen</name>
    <message>
        <source>@ mention</source>
        <translation>@消息</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>state: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source> (retry in %1 s)</source>
        <translation>（%1 秒后重试）</translation>
    </message>
    <message numerus="yes">
        <source>[%n new @ mention(s)]  %1</source>
        <translation>
            <numerusform>[%n 条新@消息]  %1</numerusform>
        </translation>
    </message>
    <message>
        <source>robot %1 %2 (%3 connections)</source>
        <translation>机器人 %1 %2（%3 个连接）</translation>
    </message>
    <message>
        <source>Print one JSON object per line.</source>
        <translation>每行输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>Push service URL (default: the site&apos;s /ws/msg).</source>
        <translation>推送服务地址（默认：站点的 /ws/msg）。</translation>
    </message>
    <message>
        <source>Do not report robots going online.</source>
        <translation>不报告机器人上线。</translation>
    </message>
    <message>
        <source>Send the session id as ?_sid= instead of a request header.</source>
        <translation>以 ?_sid= 发送会话 ID，而不是放在请求头中。</translation>
    </message>
    <message>
        <source>Keep the history and the ids already reported in this SQLite file, so that a message is reported once across runs.</source>
        <translation>在此 SQLite 文件中保存历史和已报告的消息 ID，使每条消息在多次运行中只报告一次。</translation>
    </message>
    <message>
        <source>After connecting, print unread @ mentions one by one instead of their count (the forum then marks them read).</source>
        <translation>连接后逐条输出未读@消息，而不是只输出数量（论坛随后会将其标为已读）。</translation>
    </message>
    <message>
        <source>--site must be an http(s) URL.</source>
        <translation>--site 必须是 http(s) 地址。</translation>
    </message>
    <message>
        <source>--push-url must be a ws:// or wss:// URL.</source>
        <translation>--push-url 必须是 ws:// 或 wss:// 地址。</translation>
    </message>
    <message>
        <source>cannot use the state file (%1); continuing without it</source>
        <translation>无法使用状态文件（%1）；将不使用它继续运行</translation>
    </message>
    <message>
        <source>[%1 #%2] %3: %4  %5</source>
        <translation>[%1 #%2] %3：%4  %5</translation>
    </message>
    <message>
        <source>unread: %1 messages, %2 @ mentions</source>
        <translation>未读：%1 条内信，%2 条 @消息</translation>
    </message>
    <message>
        <source>caught up (%1 new)</source>
        <translation>补收完成（%1 条新消息）</translation>
    </message>
    <message>
        <source>catch-up failed: %1</source>
        <translation>补收消息失败：%1</translation>
    </message>
    <message>
        <source>connection problem: %1</source>
        <translation>连接问题：%1</translation>
    </message>
    <message>
        <source>the forum says this session is logged out: log in again</source>
        <translation>论坛表示此会话已登出：请重新登录</translation>
    </message>
    <message>
        <source>server error: %1</source>
        <translation>服务器错误：%1</translation>
    </message>
    <message>
        <source>robots online: %1</source>
        <translation>在线机器人：%1</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>Forum site (links, faces, catch-up); default: the tray app&apos;s site.</source>
        <translation>论坛站点（用于链接、表情和补收消息）；默认为托盘程序所用的站点。</translation>
    </message>
    <message>
        <source>Keep retrying when the first connection fails (for services started before the network), instead of exiting with status 4.</source>
        <translation>首次连接失败时持续重试（适用于先于网络启动的服务），而不是以状态 4 退出。</translation>
    </message>
    <message>
        <source>How many --exec commands may run at once; the others wait in turn (default 1: one after the other, in order).</source>
        <translation>最多同时运行多少个 --exec 命令；其余的依次等待（默认 1：按顺序逐个运行）。</translation>
    </message>
    <message>
        <source>Stop an --exec command that runs longer than this many seconds (0: never; default 30).</source>
        <translation>--exec 命令运行超过这么多秒即终止（0：不限；默认 30）。</translation>
    </message>
    <message>
        <source>With --exec: the program&apos;s arguments, after &quot;--&quot;.</source>
        <translation>配合 --exec：程序的参数，写在 “--”之后。</translation>
    </message>
    <message>
        <source>--sid is not accepted: the arguments of a running program are visible to every user of this machine. Set HU60_SID, or log in with the tray app (the session id is then read from the system keychain).</source>
        <translation>不接受 --sid：运行中程序的参数对本机所有用户可见。请设置 HU60_SID，或在托盘程序中登录（届时会话 ID 从系统钥匙串读取）。</translation>
    </message>
    <message>
        <source>--exec: &quot;%1&quot; is not an executable program.</source>
        <translation>--exec：“%1”不是可执行程序。</translation>
    </message>
    <message>
        <source>--exec-jobs must be a number from 1 to 64.</source>
        <translation>--exec-jobs 必须是 1 到 64 之间的数字。</translation>
    </message>
    <message>
        <source>--exec-timeout must be a number of seconds from 0 to 86400.</source>
        <translation>--exec-timeout 必须是 0 到 86400 之间的秒数。</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot; (program arguments need --exec).</source>
        <translation>多余的参数“%1”（程序参数需要配合 --exec）。</translation>
    </message>
    <message>
        <source>--exec-jobs and --exec-timeout need --exec.</source>
        <translation>--exec-jobs 和 --exec-timeout 需要配合 --exec 使用。</translation>
    </message>
    <message>
        <source>No session id: none is stored (looked in %1). Log in with the tray app, or set HU60_SID.</source>
        <translation>没有会话 ID：未找到已保存的会话 ID（查找位置：%1）。请在托盘程序中登录，或设置 HU60_SID。</translation>
    </message>
    <message>
        <source>The stored session id belongs to %1, not to %2. Set HU60_SID to use another site.</source>
        <translation>已保存的会话 ID 属于 %1，而不是 %2。要使用其他站点，请设置 HU60_SID。</translation>
    </message>
    <message>
        <source>The session id is malformed (log in again, or check HU60_SID).</source>
        <translation>会话 ID 格式不正确（请重新登录，或检查 HU60_SID）。</translation>
    </message>
    <message>
        <source>The server rejected the session id: log in again.</source>
        <translation>服务器拒绝了会话 ID：请重新登录。</translation>
    </message>
    <message>
        <source>Cannot reach %1 (%2).</source>
        <translation>无法连接 %1（%2）。</translation>
    </message>
    <message numerus="yes">
        <source>Stopping after %n --exec command(s); signal again to stop at once.</source>
        <translation>
            <numerusform>将在 %n 个 --exec 命令结束后停止；再发一次信号可立即停止。</numerusform>
        </translation>
    </message>
    <message>
        <source>Allow an unencrypted ws:// push URL to another computer (the session id and every message then cross the network readable by anyone on the way).</source>
        <translation>允许连接到其他计算机的未加密 ws:// 推送地址（会话 ID 和每一条消息将以明文在网络上传输，途经的任何人都能读到）。</translation>
    </message>
    <message>
        <source>The push URL %1 is not encrypted and not on this computer: use wss://, or pass --allow-insecure-push.</source>
        <translation>推送地址 %1 未加密且不在本机：请使用 wss://，或加上 --allow-insecure-push。</translation>
    </message>
    <message>
        <source>Run this program once per message (and per @ summary) with the message as one JSON line on its stdin and HU60_MSG_* variables in its environment. Its arguments follow &quot;--&quot;. No shell is involved. With --state the runs are recorded there and what a crash or stop left is run at the next start: a run interrupted by a crash runs again with the same HU60_MSG_RUN_ID, to dedupe on.</source>
        <translation>每条消息（以及每条 @ 汇总）运行一次此程序：消息以一行 JSON 写入其标准输入，HU60_MSG_* 变量放入其环境。程序参数写在 “--”之后。不经过 shell。使用 --state 时运行记录保存在该文件中，崩溃或停止时遗留的运行会在下次启动时执行：被崩溃打断的运行会以相同的 HU60_MSG_RUN_ID 再次运行，可据此去重。</translation>
    </message>
    <message>
        <source>--exec: cannot keep the queue of runs (%1).</source>
        <translation>--exec：无法保存运行队列（%1）。</translation>
    </message>
    <message numerus="yes">
        <source>%n --exec run(s) started by an earlier listen were not finished: running them again (HU60_MSG_RUN_ID is unchanged).</source>
        <translation>
            <numerusform>上一次 listen 启动的 %n 个 --exec 运行未完成：正在重新运行（HU60_MSG_RUN_ID 不变）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting --exec run(s) kept in the state file for the next start.</source>
        <translation>
            <numerusform>%n 个等待中的 --exec 运行已保存在状态文件中，下次启动时运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Connects to the push service and prints one line per event. The session id comes from the HU60_SID environment variable, else from the tray app&apos;s login (system keychain or its fallback file); it is never accepted as an argument.

Exit codes: 0 success, 1 runtime failure, 2 bad arguments, 3 no session id or the server rejected it, 4 the server could not be reached, 5 the --state file is in use by another process.</source>
        <translation>连接推送服务，每个事件输出一行。会话 ID 取自环境变量 HU60_SID，否则取自托盘程序的登录信息（系统钥匙串或其备用文件）；绝不接受以命令行参数传入。

退出码：0 成功，1 运行时失败，2 参数有误，3 没有会话 ID 或被服务器拒绝，4 无法连接服务器，5 --state 文件正被另一个进程使用。</translation>
    </message>
    <message>
        <source>The state file %1 is in use by another process (%2); use another --state file for a second listener.</source>
        <translation>状态文件 %1 正被另一个进程使用（%2）；第二个监听进程请使用另一个 --state 文件。</translation>
    </message>
</context>
<context>
    <name>push</name>
    <message>
        <source>Inserts a message into a running companion server (stored unread, pushed live) and prints its id.</source>
        <translation>向正在运行的伴随服务器插入一条消息（存为未读并实时推送），并打印其 id。</translation>
    </message>
    <message>
        <source>The server&apos;s HTTP endpoint (default http://127.0.0.1:4861).</source>
        <translation>服务器的 HTTP 端点（默认 http://127.0.0.1:4861）。</translation>
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
        <translation>接收者 uid。</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Sender uid (negative for robots).</source>
        <translation>发送者 uid（机器人为负数）。</translation>
    </message>
    <message>
        <source>0 inbox message (default), 1 @-mention.</source>
        <translation>0 为内信（默认），1 为 @消息。</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYPE</translation>
    </message>
    <message>
        <source>Content segments as a JSON array.</source>
        <translation>内容片段，JSON 数组。</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Plain text content (instead of --content).</source>
        <translation>纯文本内容（代替 --content）。</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>--to and --from need non-zero uids</source>
        <translation>--to 和 --from 需要非零的 uid</translation>
    </message>
    <message>
        <source>--type must be 0 or 1</source>
        <translation>--type 必须是 0 或 1</translation>
    </message>
    <message>
        <source>give exactly one of --content and --text</source>
        <translation>--content 和 --text 必须且只能给出一个</translation>
    </message>
    <message>
        <source>--content must be a JSON array of segments</source>
        <translation>--content 必须是内容片段的 JSON 数组</translation>
    </message>
    <message>
        <source>--http needs an http(s) URL</source>
        <translation>--http 需要一个 http(s) URL</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <source>The server rejected the admin token.</source>
        <translation>服务器拒绝了管理令牌。</translation>
    </message>
    <message>
        <source>The server refused the message: %1</source>
        <translation>服务器拒绝了这条消息：%1</translation>
    </message>
    <message>
        <source>The server answered HTTP %1: %2</source>
        <translation>服务器返回 HTTP %1：%2</translation>
    </message>
    <message>
        <source>Admin token (default: --token-file, else $HU60_ADMIN_TOKEN). Arguments are visible to every user in ps: prefer the file or the variable.</source>
        <translation>管理令牌（默认：--token-file，否则 $HU60_ADMIN_TOKEN）。命令行参数对所有用户在 ps 中可见：请优先使用文件或环境变量。</translation>
    </message>
    <message>
        <source>Read the admin token from the first line of this file.</source>
        <translation>从此文件的第一行读取管理令牌。</translation>
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
        <translation>从标准输入读取推送帧（每行一个 JSON 文本帧），每帧输出一行 JSON。</translation>
    </message>
    <message>
        <source>Forum site for links and faces.</source>
        <translation>用于链接和表情的论坛站点。</translation>
    </message>
    <message>
        <source>Invalid --site URL.</source>
        <translation>无效的 --site 地址。</translation>
    </message>
</context>
<context>
    <name>send</name>
    <message>
        <source>The forum says this may have been posted already; check %1 before sending again.</source>
        <translation>论坛说这条内容可能已经发出去了；请先查看 %1，再决定是否重发。</translation>
    </message>
    <message>
        <source>The forum says the session is not logged in: log in again with the tray app.</source>
        <translation>论坛说当前会话未登录：请用托盘程序重新登录。</translation>
    </message>
    <message numerus="yes">
        <source>The forum asks to wait %n second(s) before the next request.</source>
        <translation>
            <numerusform>论坛要求等待 %n 秒后再发请求。</numerusform>
        </translation>
    </message>
    <message>
        <source>The forum could not be reached (%1). Nothing was sent, or the answer was lost: check before sending again.</source>
        <translation>无法连接论坛（%1）。内容可能没有发出，也可能只是回应丢失了：重发前请先确认。</translation>
    </message>
    <message>
        <source>The forum refused it: %1</source>
        <translation>论坛拒绝了：%1</translation>
    </message>
    <message>
        <source>Forum site; default: the tray app&apos;s site.</source>
        <translation>论坛网址；默认为托盘程序设置的网址。</translation>
    </message>
    <message>
        <source>Send the text as the forum&apos;s UBB markup instead of Markdown (the default).</source>
        <translation>按论坛的 UBB 标记发送，而不是默认的 Markdown。</translation>
    </message>
    <message>
        <source>The text is longer than %1 KiB.</source>
        <translation>内容超过了 %1 KiB。</translation>
    </message>
    <message>
        <source>Nothing to send: the text is empty.</source>
        <translation>没有可发送的内容：文本为空。</translation>
    </message>
    <message>
        <source>--site must be an http(s) URL.</source>
        <translation>--site 必须是 http(s) 网址。</translation>
    </message>
    <message>
        <source>The text; read from standard input when absent.</source>
        <translation>要发送的内容；省略时从标准输入读取。</translation>
    </message>
    <message>
        <source>--sid is not accepted: the arguments of a running program are visible to every user of this machine. Set HU60_SID, or log in with the tray app.</source>
        <translation>不接受 --sid：运行中程序的参数对本机所有用户可见。请设置 HU60_SID，或用托盘程序登录。</translation>
    </message>
    <message>
        <source>Sends a private message (内信). The text comes from the arguments or standard input and is sent as Markdown. The session id comes from HU60_SID or the tray app&apos;s login, never from an argument.

Exit codes: 0 sent, 1 the forum refused it (the reason is printed, with the text), 2 bad arguments or empty text, 3 no session id or not logged in, 4 the forum could not be reached.</source>
        <translation>发送一条内信。内容来自参数或标准输入，按 Markdown 发送。会话 ID 来自 HU60_SID 或托盘程序的登录，从不来自参数。

退出码：0 已发送，1 论坛拒绝（会打印原因和你写的内容），2 参数错误或内容为空，3 没有会话 ID 或未登录，4 无法连接论坛。</translation>
    </message>
    <message>
        <source>The recipient&apos;s uid.</source>
        <translation>收信人的 uid。</translation>
    </message>
    <message>
        <source>The recipient&apos;s user name.</source>
        <translation>收信人的用户名。</translation>
    </message>
    <message>
        <source>Give exactly one of --to UID and --name NAME.</source>
        <translation>--to UID 和 --name 用户名 只能且必须给出一个。</translation>
    </message>
    <message>
        <source>--to needs a user id (a non-zero number).</source>
        <translation>--to 需要一个用户 id（非零数字）。</translation>
    </message>
    <message>
        <source>Your text was:
%1</source>
        <translation>你写的内容是：
%1</translation>
    </message>
    <message>
        <source>Sent to uid %1.</source>
        <translation>已发送给 uid %1。</translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation>已发送给 %1。</translation>
    </message>
    <message>
        <source>There is no user named &quot;%1&quot;.</source>
        <translation>没有名为“%1”的用户。</translation>
    </message>
    <message>
        <source>Replies to a message by its id: a private message is answered privately; an @ mention is answered where it was written (its chat room or topic), mentioning its author. The text comes from the arguments or standard input and is sent as Markdown. Reading the message marks it read.

Exit codes: as for send.</source>
        <translation>按 id 回复一条消息：内信以内信回复；@消息在它所在的聊天室或帖子里回复，并 @ 它的作者。内容来自参数或标准输入，按 Markdown 发送。读取这条消息会把它标为已读。

退出码：与 send 相同。</translation>
    </message>
    <message>
        <source>The id of the message to answer.</source>
        <translation>要回复的消息 id。</translation>
    </message>
    <message>
        <source>--to-message needs the id of a message (a positive number).</source>
        <translation>--to-message 需要一条消息的 id（正数）。</translation>
    </message>
    <message>
        <source>There is no message %1 addressed to you.</source>
        <translation>没有发给你的消息 %1。</translation>
    </message>
    <message>
        <source>Replied to uid %1.</source>
        <translation>已回复 uid %1。</translation>
    </message>
    <message>
        <source>Message %1 does not say where the @ came from; it cannot be answered there.</source>
        <translation>消息 %1 没有说明 @ 来自哪里，无法在原处回复。</translation>
    </message>
    <message>
        <source>Replied at %1.</source>
        <translation>已在 %1 回复。</translation>
    </message>
</context>
<context>
    <name>serve</name>
    <message>
        <source>Runs the companion server: the hu60 push protocol (WebSocket, paths /v1/ws and /ws/msg) and a forum emulator (HTTP, /q.php/…). The first line on stdout is JSON naming the bound endpoints.</source>
        <translation>运行伴随服务器：虎绿林推送协议（WebSocket，路径 /v1/ws 和 /ws/msg）和论坛模拟器（HTTP，/q.php/…）。标准输出的第一行是列出实际绑定端点的 JSON。</translation>
    </message>
    <message>
        <source>Push endpoint (default 127.0.0.1:4860).</source>
        <translation>推送端点（默认 127.0.0.1:4860）。</translation>
    </message>
    <message>
        <source>HOST:PORT</source>
        <translation>HOST:PORT</translation>
    </message>
    <message>
        <source>Forum emulator (default 127.0.0.1:4861).</source>
        <translation>论坛模拟器（默认 127.0.0.1:4861）。</translation>
    </message>
    <message>
        <source>Users and messages JSON file (created from the demo set if missing).</source>
        <translation>用户和消息的 JSON 文件（不存在时用演示数据创建）。</translation>
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
        <translation>每个用户的连接数（默认 10）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Disable an action (repeatable).</source>
        <translation>禁用一个动作（可重复）。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Check sids against this forum&apos;s user.index.json instead of the store.</source>
        <translation>用这个论坛的 user.index.json 验证 sid，而不是本地数据。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Push connections in total; more are refused with HTTP 503 (default %1).</source>
        <translation>推送连接总数上限；超出的以 HTTP 503 拒绝（默认 %1）。</translation>
    </message>
    <message>
        <source>Connections per client address not yet authenticated; more are refused with HTTP 429 (default %1).</source>
        <translation>每个客户端地址尚未认证的连接数上限；超出的以 HTTP 429 拒绝（默认 %1）。</translation>
    </message>
    <message>
        <source>Largest incoming message in bytes; larger ones close the connection with 1009 (default %1).</source>
        <translation>接收消息的最大字节数；更大的消息以 1009 关闭连接（默认 %1）。</translation>
    </message>
    <message>
        <source>BYTES</source>
        <translation>BYTES</translation>
    </message>
    <message>
        <source>Messages per second per connection, bursts of %1 allowed; faster clients are closed with 1008 (default %2).</source>
        <translation>每个连接每秒的消息数，允许突发 %1 条；超出的客户端以 1008 关闭（默认 %2）。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>--listen needs HOST:PORT, got &quot;%1&quot;</source>
        <translation>--listen 需要 HOST:PORT，收到的是“%1”</translation>
    </message>
    <message>
        <source>--http needs HOST:PORT, got &quot;%1&quot;</source>
        <translation>--http 需要 HOST:PORT，收到的是“%1”</translation>
    </message>
    <message>
        <source>--wspu needs a positive number</source>
        <translation>--wspu 需要一个正数</translation>
    </message>
    <message>
        <source>--%1 needs a positive number</source>
        <translation>--%1 需要一个正数</translation>
    </message>
    <message>
        <source>--forum-api needs an http(s) URL</source>
        <translation>--forum-api 需要一个 http(s) URL</translation>
    </message>
    <message>
        <source>Deliver pushes as badly as the real hu60ws server, on purpose (for testing clients): a comma-separated list of drop=SHARE (lose each push with this probability), reorder (shuffle each burst), empty-frame (one empty frame per burst), drop-before-register[=MS] (lose pushes within MS, default 1000, after the greeting), break-mid-burst (abort the connection after half a burst). Messages stay stored unread; only the push is faulty.</source>
        <translation>故意像真实的 hu60ws 服务器一样糟糕地投递推送（用于测试客户端）：逗号分隔的列表，可含 drop=SHARE（每条推送按此概率丢失）、reorder（打乱每批推送的顺序）、empty-frame（每批发送一个空帧）、drop-before-register[=MS]（问候之后 MS 毫秒内的推送丢失，默认 1000）、break-mid-burst（一批推送发到一半时断开连接）。消息仍以未读状态保存，只有推送出错。</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Seed of the random choices of --faults, for reproducible runs (default: random, logged).</source>
        <translation>--faults 随机选择的种子，用于可重现的运行（默认：随机，并写入日志）。</translation>
    </message>
    <message>
        <source>--faults: %1</source>
        <translation>--faults：%1</translation>
    </message>
    <message>
        <source>--fault-seed needs a number from 0 to 4294967295</source>
        <translation>--fault-seed 需要 0 到 4294967295 之间的数字</translation>
    </message>
    <message>
        <source>A reverse proxy whose X-Real-IP (else last X-Forwarded-For entry) names the client for the per-address limit (repeatable); from other peers these headers are ignored.</source>
        <translation>一个反向代理：按地址的限制以它的 X-Real-IP（否则 X-Forwarded-For 的最后一项）作为客户端地址（可重复）；来自其他对端的这些请求头将被忽略。</translation>
    </message>
    <message>
        <source>ADDRESS</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Connections not yet authenticated, all addresses together; more are refused with HTTP 503 (default %1). Each holds at most %2 bytes of frames before authentication.</source>
        <translation>所有地址合计的尚未认证的连接数；超出的以 HTTP 503 拒绝（默认 %1）。每个连接在认证前最多保留 %2 字节的帧。</translation>
    </message>
    <message>
        <source>--trusted-proxy needs an IP address, got &quot;%1&quot;</source>
        <translation>--trusted-proxy 需要一个 IP 地址，得到的是“%1”</translation>
    </message>
    <message>
        <source>Give the token or its file, not both.</source>
        <translation>请给出令牌或令牌文件，不要同时给出。</translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>无法读取令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>The token file %1 is empty.</source>
        <translation>令牌文件 %1 为空。</translation>
    </message>
    <message>
        <source>Token for POST /admin/push (default: --admin-token-file, else $HU60_ADMIN_TOKEN, else random). Arguments are visible to every user in ps: prefer the file or the variable.</source>
        <translation>POST /admin/push 的令牌（默认：--admin-token-file，否则 $HU60_ADMIN_TOKEN，否则随机生成）。命令行参数对所有用户在 ps 中可见：请优先使用文件或环境变量。</translation>
    </message>
    <message>
        <source>Read the admin token from the first line of this file.</source>
        <translation>从此文件的第一行读取管理令牌。</translation>
    </message>
</context>
<context>
    <name>server::Companion</name>
    <message>
        <source>Cannot load the data file: %1</source>
        <translation>无法加载数据文件：%1</translation>
    </message>
    <message>
        <source>Cannot listen for push connections on %1:%2: %3</source>
        <translation>无法在 %1:%2 上监听推送连接：%3</translation>
    </message>
    <message>
        <source>Cannot listen for HTTP on %1:%2: %3</source>
        <translation>无法在 %1:%2 上监听 HTTP：%3</translation>
    </message>
</context>
<context>
    <name>server::Store</name>
    <message>
        <source>not valid JSON at offset %1: %2</source>
        <translation>偏移 %1 处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>expected an object with a &quot;users&quot; array</source>
        <translation>需要一个含“users”数组的对象</translation>
    </message>
    <message>
        <source>users[%1]: duplicate uid or sid</source>
        <translation>users[%1]：uid 或 sid 重复</translation>
    </message>
    <message>
        <source>&quot;messages&quot; must be an array</source>
        <translation>“messages”必须是数组</translation>
    </message>
    <message>
        <source>messages[%1]: duplicate id %2</source>
        <translation>messages[%1]：id %2 重复</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>users[%1]: needs a non-zero integer &quot;uid&quot; and a string &quot;name&quot;</source>
        <translation>users[%1]：需要非零整数 &quot;uid&quot; 和字符串 &quot;name&quot;</translation>
    </message>
    <message>
        <source>users[%1]: &quot;%2&quot; must be a string</source>
        <translation>users[%1]：&quot;%2&quot; 必须是字符串</translation>
    </message>
    <message>
        <source>messages[%1]: needs integer &quot;id&quot; &gt; 0, &quot;touid&quot;, &quot;byuid&quot;, &quot;type&quot; 0 or 1, &quot;isread&quot; 0 or 1, integer &quot;ctime&quot; and a &quot;content&quot; array</source>
        <translation>messages[%1]：需要整数 &quot;id&quot; &gt; 0、&quot;touid&quot;、&quot;byuid&quot;、值为 0 或 1 的 &quot;type&quot; 和 &quot;isread&quot;、整数 &quot;ctime&quot; 以及 &quot;content&quot; 数组</translation>
    </message>
    <message>
        <source>cannot create the folder of %1</source>
        <translation>无法创建 %1 所在的文件夹</translation>
    </message>
    <message>
        <source>topics[%1]: needs integer &quot;tid&quot; &gt; 0, &quot;uid&quot; and a string &quot;title&quot;</source>
        <translation>topics[%1]：需要大于 0 的整数 &quot;tid&quot;、&quot;uid&quot; 和字符串 &quot;title&quot;</translation>
    </message>
    <message>
        <source>posts[%1]: needs integer &quot;id&quot; &gt; 0, a &quot;room&quot; or a &quot;tid&quot;, integer &quot;floor&quot; and &quot;uid&quot; and a &quot;content&quot; array</source>
        <translation>posts[%1]：需要大于 0 的整数 &quot;id&quot;、&quot;room&quot; 或 &quot;tid&quot; 之一、整数 &quot;floor&quot; 和 &quot;uid&quot;，以及 &quot;content&quot; 数组</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an array</source>
        <translation>&quot;%1&quot; 必须是数组</translation>
    </message>
    <message>
        <source>posts[%1]: duplicate id %2</source>
        <translation>posts[%1]：重复的 id %2</translation>
    </message>
</context>
<context>
    <name>settings::ConnectionTester</name>
    <message>
        <source>Connected and logged in as %1.</source>
        <translation>已连接并以 %1 的身份登录。</translation>
    </message>
    <message>
        <source>The forum is reachable. Log in to check your account.</source>
        <translation>论坛可以访问。登录后可检查你的账号。</translation>
    </message>
    <message>
        <source>The site&apos;s name could not be resolved (DNS). Check the address and your network.</source>
        <translation>无法解析站点域名（DNS）。请检查地址和网络。</translation>
    </message>
    <message>
        <source>The server refused the connection: nothing listens at this address and port.</source>
        <translation>服务器拒绝了连接：该地址和端口上没有服务在监听。</translation>
    </message>
    <message>
        <source>The secure connection (TLS) failed: the certificate is not trusted or the handshake broke.</source>
        <translation>安全连接（TLS）失败：证书不受信任或握手中断。</translation>
    </message>
    <message>
        <source>The forum is reachable but does not accept your session. Log in again.</source>
        <translation>论坛可以访问，但不接受你的会话。请重新登录。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器未及时响应。</translation>
    </message>
    <message>
        <source>The connection test failed.</source>
        <translation>连接测试失败。</translation>
    </message>
</context>
<context>
    <name>settings::NetworkConfig</name>
    <message>
        <source>The site address must start with https://.</source>
        <translation>站点地址必须以 https:// 开头。</translation>
    </message>
    <message>
        <source>The site %1 uses plain http: your password and session would cross the network unencrypted. Use https:// (plain http is only allowed for this computer: localhost, 127.0.0.1, ::1).</source>
        <translation>站点 %1 使用明文 http：你的密码和会话将未经加密地在网络上传输。请使用 https://（明文 http 只允许用于本机：localhost、127.0.0.1、::1）。</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>The server sent no certificate.</source>
        <translation>服务器没有发送证书。</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>使用者：%1</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>颁发者：%1</translation>
    </message>
    <message>
        <source>Valid from: %1</source>
        <translation>有效期自：%1</translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation>有效期至：%1</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256 指纹：%1</translation>
    </message>
    <message>
        <source>The manual proxy needs a host and a port; the system proxy settings are used.</source>
        <translation>手动代理需要主机和端口；现使用系统代理设置。</translation>
    </message>
    <message>
        <source>The trusted certificate file %1 cannot be read: %2</source>
        <translation>无法读取受信任的证书文件 %1：%2</translation>
    </message>
    <message>
        <source>The trusted certificate file %1 is too large to be a certificate.</source>
        <translation>受信任的证书文件 %1 太大，不可能是证书。</translation>
    </message>
    <message>
        <source>The file %1 holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----).</source>
        <translation>文件 %1 中没有证书（应为 PEM 格式：-----BEGIN CERTIFICATE-----）。</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <source>Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.</source>
        <translation>虎绿林论坛的桌面通知：内信、@消息和机器人上线。</translation>
    </message>
    <message>
        <source>Run against an embedded demo server (offline).</source>
        <translation>连接内置演示服务器运行（离线）。</translation>
    </message>
    <message>
        <source>hu60 Notifier</source>
        <translation>虎绿林消息通知</translation>
    </message>
    <message>
        <source>The demo server could not start: %1</source>
        <translation>演示服务器无法启动：%1</translation>
    </message>
</context>
<context>
    <name>ui::Application</name>
    <message>
        <source>Nothing is sent to this site. Change it in Settings → Account.</source>
        <translation>不会向此站点发送任何内容。请在“设置 → 账号”中修改。</translation>
    </message>
    <message>
        <source>The network settings cannot be used as they are.</source>
        <translation>当前的网络设置无法使用。</translation>
    </message>
    <message>
        <source>Until this is fixed in Settings → Network, the part that cannot be used is left out: only the system&apos;s certificates are trusted, or the system&apos;s proxy settings apply.</source>
        <translation>在“设置 → 网络”中修正之前，无法使用的部分将被忽略：只信任系统的证书，或使用系统代理设置。</translation>
    </message>
</context>
<context>
    <name>ui::BurstSummary</name>
    <message numerus="yes">
        <source>%n new inbox message(s)</source>
        <translation>
            <numerusform>%n 条新内信</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new @ mention(s)</source>
        <translation>
            <numerusform>%n 条@消息</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>burst summary title: inbox count, @ count</comment>
        <translation>%1，%2</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>……还有 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::HistoryWindow</name>
    <message>
        <source>History — hu60 Notifier</source>
        <translation>历史记录 — 虎绿林消息通知</translation>
    </message>
    <message>
        <source>Search by sender or text</source>
        <translation>按发送者或内容搜索</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Nothing received yet. New messages and @ mentions will be listed here.</source>
        <translation>尚未收到任何消息。新的内信和@消息会列在这里。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <source>@</source>
        <translation>@</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>内信</translation>
    </message>
    <message>
        <source>hu60</source>
        <translation>虎绿林</translation>
    </message>
    <message>
        <source>User #%1</source>
        <translation>用户 #%1</translation>
    </message>
    <message>
        <source>No notification matches “%1”.</source>
        <translation>没有与“%1”匹配的通知。</translation>
    </message>
    <message>
        <source>Reply…</source>
        <translation>回复…</translation>
    </message>
</context>
<context>
    <name>ui::ImageCache</name>
    <message>
        <source>image larger than %1 bytes</source>
        <translation>图片大于 %1 字节</translation>
    </message>
    <message>
        <source>not a supported image</source>
        <translation>不支持的图片格式</translation>
    </message>
</context>
<context>
    <name>ui::LoginDialog</name>
    <message>
        <source>Log in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The password is sent to the forum once and never stored.</source>
        <translation>密码只会发送给论坛一次，绝不保存。</translation>
    </message>
    <message>
        <source>hu60_sid cookie value</source>
        <translation>hu60_sid Cookie 的值</translation>
    </message>
    <message>
        <source>Session id</source>
        <translation>会话 ID</translation>
    </message>
    <message>
        <source>Copy the value of the hu60_sid cookie from a browser where you are logged in. It is a password: it is kept in your keychain.</source>
        <translation>从已登录的浏览器中复制 hu60_sid Cookie 的值。它相当于密码：会保存在你的密钥环中。</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>That is not a session id: it has 20 to 64 letters, digits, “-” or “_”.</source>
        <translation>这不是会话 ID：会话 ID 由 20 到 64 个字母、数字、“-”或“_”组成。</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>The forum refused the login: %1</source>
        <translation>论坛拒绝了登录：%1</translation>
    </message>
    <message>
        <source>Could not log in: %1</source>
        <translation>无法登录：%1</translation>
    </message>
    <message>
        <source>Could not reach the forum: %1</source>
        <translation>无法连接论坛：%1</translation>
    </message>
    <message>
        <source>The forum does not accept this session id (logged out or expired).</source>
        <translation>论坛不接受此会话 ID（已退出或已过期）。</translation>
    </message>
    <message>
        <source>Logged in, but the session id could not be stored.</source>
        <translation>已登录，但无法保存会话 ID。</translation>
    </message>
    <message>
        <source>hu60 Notifier shows new inbox messages and @ mentions of the hu60 forum as desktop notifications, and which forum robots are online. Log in with your forum account.</source>
        <translation>虎绿林消息通知把虎绿林论坛的新内信和 @消息显示为桌面通知，并显示哪些论坛机器人在线。请用你的论坛账号登录。</translation>
    </message>
    <message>
        <source>Log in &amp;with</source>
        <translation>登录方式</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Session id</source>
        <translation>会话 ID</translation>
    </message>
    <message>
        <source>No account yet? &lt;a href=&quot;%1&quot;&gt;Register on %2&lt;/a&gt;.</source>
        <translation>还没有账号？&lt;a href=&quot;%1&quot;&gt;在 %2 注册&lt;/a&gt;。</translation>
    </message>
    <message>
        <source>Just looking? The demo runs offline against a built-in server, no account needed (hu60-notifier --demo).</source>
        <translation>只想看看？演示模式使用内置服务器离线运行，无需账号（hu60-notifier --demo）。</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名</translation>
    </message>
</context>
<context>
    <name>ui::NativePresenter</name>
    <message>
        <source>no D-Bus session bus</source>
        <translation>没有 D-Bus 会话总线</translation>
    </message>
    <message>
        <source>the desktop notification service is not available (%1)</source>
        <translation>桌面通知服务不可用（%1）</translation>
    </message>
    <message>
        <source>@ mention</source>
        <translation>@消息</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>内信</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <source>the desktop notification service failed (%1)</source>
        <translation>桌面通知服务出错（%1）</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Reply to %1…</source>
        <translation>回复 %1…</translation>
    </message>
    <message>
        <source>Reply…</source>
        <translation>回复…</translation>
    </message>
    <message>
        <source>Mute sender</source>
        <translation>屏蔽发送者</translation>
    </message>
    <message>
        <source>the desktop notification service went away</source>
        <translation>桌面通知服务已退出</translation>
    </message>
</context>
<context>
    <name>ui::NotificationPopup</name>
    <message>
        <source>Mark read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <source>Mute sender</source>
        <translation>屏蔽发送者</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n new @ mention(s)</source>
        <translation>
            <numerusform>%n 条新@消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n 条新内信</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>@ mention</source>
        <translation>@消息</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>内信</translation>
    </message>
    <message>
        <source>Click to open the list.</source>
        <translation>点击打开列表。</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
    <message>
        <source>Reply…</source>
        <translation>回复…</translation>
    </message>
</context>
<context>
    <name>ui::Notifier</name>
    <message>
        <source>hu60 Notifier</source>
        <translation>虎绿林消息通知</translation>
    </message>
    <message>
        <source>No system tray was found. The notifier keeps running: messages still pop up, and starting it again opens the history.</source>
        <translation>未找到系统托盘。通知程序会继续运行：消息仍会弹出，再次启动它会打开历史记录。</translation>
    </message>
    <message>
        <source>until turned off</source>
        <translation>直到手动关闭</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>直到 %1</translation>
    </message>
    <message>
        <source>until tomorrow %1</source>
        <translation>直到明天 %1</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted, so the connection was refused.</source>
        <translation>%1 的证书不受信任，因此拒绝了连接。</translation>
    </message>
    <message>
        <source>Someone may be intercepting the connection, or the server uses a certificate of its own. If this is your own server and the details below match its certificate, trust that certificate (or its CA) in Settings → Network.</source>
        <translation>可能有人在截获连接，或者服务器使用的是自己签发的证书。如果这是你自己的服务器，并且下面的详细信息与其证书一致，请在“设置 → 网络”中信任该证书（或其 CA）。</translation>
    </message>
    <message>
        <source>Connection problem — hu60 Notifier</source>
        <translation>连接问题 — 虎绿林消息通知</translation>
    </message>
    <message>
        <source>Network settings…</source>
        <translation>网络设置…</translation>
    </message>
    <message>
        <source>Rich popups, as chosen.</source>
        <translation>富文本弹窗（按您的选择）。</translation>
    </message>
    <message>
        <source>The desktop&apos;s notifications, as chosen.</source>
        <translation>桌面通知（按您的选择）。</translation>
    </message>
    <message>
        <source>Rich popups: this desktop (%1) lets them appear in a corner without taking the keyboard focus.</source>
        <translation>富文本弹窗：此桌面（%1）允许弹窗显示在屏幕角落且不抢占键盘焦点。</translation>
    </message>
    <message>
        <source>The desktop&apos;s notifications: on this desktop (%1) the app cannot place its own popups, and they could take the keyboard focus.</source>
        <translation>桌面通知：在此桌面（%1）上本程序无法摆放自己的弹窗，弹窗还可能抢占键盘焦点。</translation>
    </message>
    <message>
        <source>Rich popups: the desktop has no notification service (%1).</source>
        <translation>富文本弹窗：此桌面没有通知服务（%1）。</translation>
    </message>
    <message>
        <source>The tray&apos;s badge: the desktop has no notification service (%1), and popups here would take the keyboard focus. Without a tray, one popup at a time.</source>
        <translation>托盘图标的角标：此桌面没有通知服务（%1），而在这里弹窗会抢占键盘焦点。没有托盘时，每次只显示一个弹窗。</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Reply sent to %1</source>
        <translation>已回复 %1</translation>
    </message>
    <message>
        <source>the forum wants you to log in again</source>
        <translation>论坛要求重新登录</translation>
    </message>
    <message>
        <source>no answer from the forum (%1); it may have arrived, check the conversation</source>
        <translation>论坛没有回应（%1）；回复可能已送达，请查看对话</translation>
    </message>
    <message numerus="yes">
        <source>the forum asks to slow down (try again in %n s)</source>
        <translation>
            <numerusform>论坛要求放慢速度（%n 秒后再试）</numerusform>
        </translation>
    </message>
    <message>
        <source>Reply to %1 not sent: %2</source>
        <translation>回复 %1 未发送：%2</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>连接问题</translation>
    </message>
    <message>
        <source>Click for the details.</source>
        <translation>点击查看详情。</translation>
    </message>
    <message>
        <source>Replied to %1 where you were mentioned</source>
        <translation>已在 @ 你的地方回复 %1</translation>
    </message>
    <message>
        <source>the forum says it may have been posted already; check before sending again</source>
        <translation>论坛说它可能已经发出去了；重发前请先确认</translation>
    </message>
    <message>
        <source>Not connected to the forum.</source>
        <translation>未连接到论坛。</translation>
    </message>
    <message>
        <source>Asked %1. The answer arrives as an @ message.</source>
        <translation>已向 %1 提问。回答会以 @消息送达。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>No connection: the reply to %1 goes out when the connection is back</source>
        <translation>没有网络连接：给 %1 的回复会在连接恢复后发出</translation>
    </message>
    <message>
        <source>Reply sent to %1 (it waited for the connection)</source>
        <translation>给 %1 的回复已发出（等到了网络连接）</translation>
    </message>
</context>
<context>
    <name>ui::ReplyWindow</name>
    <message>
        <source>Reply to %1 — hu60 Notifier</source>
        <translation>回复 %1 — hu60 Notifier</translation>
    </message>
    <message>
        <source>Reply where %1 mentioned you (your reply mentions them):</source>
        <translation>在 %1 @你的地方回复（回复会 @ 对方）：</translation>
    </message>
    <message>
        <source>Private reply to %1:</source>
        <translation>以内信回复 %1：</translation>
    </message>
    <message>
        <source>Your reply (Markdown). Ctrl+Enter sends, Esc closes; the text is kept as a draft.</source>
        <translation>你的回复（Markdown）。Ctrl+Enter 发送，Esc 关闭；内容会作为草稿保留。</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
</context>
<context>
    <name>ui::RobotDelegate</name>
    <message numerus="yes">
        <source>uid %1 · %n connection(s)</source>
        <translation>
            <numerusform>uid %1 · %n 个连接</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::RobotPanel</name>
    <message>
        <source>Online robots — hu60 Notifier</source>
        <translation>在线机器人 — 虎绿林消息通知</translation>
    </message>
    <message>
        <source>Click a robot to open its profile on the forum</source>
        <translation>点击机器人可在论坛中打开其资料页</translation>
    </message>
    <message>
        <source>No robot is online right now.
Robots appear here the moment they connect.</source>
        <translation>当前没有在线的机器人。
机器人一连接就会出现在这里。</translation>
    </message>
    <message>
        <source>Robot presence is turned off, so this list is not kept up to date.
Turn it on to see which robots are online.</source>
        <translation>机器人在线状态已关闭，此列表不会更新。
打开它即可查看哪些机器人在线。</translation>
    </message>
    <message>
        <source>Turn robot presence on</source>
        <translation>打开机器人在线状态</translation>
    </message>
    <message>
        <source>Robot presence is off</source>
        <translation>机器人在线状态已关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n robot(s) online</source>
        <translation>
            <numerusform>%n 个机器人在线</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Robot to ask</source>
        <translation>提问的机器人</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Ask the robot a question (Markdown; Ctrl+Enter sends). The answer arrives as an @ message.</source>
        <translation>向机器人提问（支持 Markdown；Ctrl+Enter 发送）。回答会以 @消息送达。</translation>
    </message>
    <message>
        <source>Robot %1</source>
        <translation>机器人 %1</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>正在向 %1 提问…</translation>
    </message>
</context>
<context>
    <name>ui::SettingsDialog</name>
    <message>
        <source>Settings — hu60 Notifier</source>
        <translation>设置 — 虎绿林消息通知</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>derived from the site (wss://…/ws/msg)</source>
        <translation>由站点推导（wss://…/ws/msg）</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Push service</source>
        <translation>推送服务</translation>
    </message>
    <message>
        <source>Rich popups (faces, quotes, Markdown)</source>
        <translation>富文本弹窗（表情、引用、Markdown）</translation>
    </message>
    <message>
        <source>Desktop notifications</source>
        <translation>桌面通知</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>左上角</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>右上角</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>左下角</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>右下角</translation>
    </message>
    <message>
        <source>Play a sound</source>
        <translation>播放提示音</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation>安静时段从</translation>
    </message>
    <message>
        <source>@ mentions still show while quiet</source>
        <translation>安静时仍显示@消息</translation>
    </message>
    <message>
        <source>Count only (“5 new @ messages”)</source>
        <translation>只显示数量（“5 条新@消息”）</translation>
    </message>
    <message>
        <source>Fetch them (the forum then marks them read)</source>
        <translation>逐条获取（论坛随后会将其标为已读）</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Show as</source>
        <translation>显示方式</translation>
    </message>
    <message>
        <source>Hide after</source>
        <translation>隐藏时间</translation>
    </message>
    <message>
        <source>Corner</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Missed @ mentions</source>
        <translation>错过的@消息</translation>
    </message>
    <message>
        <source>Show robots going online and offline</source>
        <translation>显示机器人上线和下线</translation>
    </message>
    <message>
        <source>This is a subscription on the forum&apos;s push service, kept per account: turning it off also stops robot online/offline events in your browser tabs on the forum. It applies at once and is restored after every reconnect. New messages and @ mentions are always delivered.</source>
        <translation>这是论坛推送服务上按账号保存的订阅：关闭后，你在论坛浏览器标签页中也不会再收到机器人上下线事件。更改立即生效，并会在每次重连后恢复。新的内信和@消息始终会送达。</translation>
    </message>
    <message>
        <source>Start hu60 Notifier when I log in</source>
        <translation>登录系统时启动虎绿林消息通知</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Could not change the autostart entry: %1</source>
        <translation>无法更改自启动项：%1</translation>
    </message>
    <message>
        <source>Logged in as &lt;b&gt;%1&lt;/b&gt; (uid %2).</source>
        <translation>已以 &lt;b&gt;%1&lt;/b&gt;（uid %2）的身份登录。</translation>
    </message>
    <message>
        <source>A session id is stored.</source>
        <translation>已保存会话 ID。</translation>
    </message>
    <message>
        <source>Not logged in. Log in to receive your messages.</source>
        <translation>未登录。登录后才能接收你的消息。</translation>
    </message>
    <message>
        <source>No keychain is available: the session id is kept in a file only you can read (%1).</source>
        <translation>没有可用的密钥环：会话 ID 保存在只有你能读取的文件中（%1）。</translation>
    </message>
    <message>
        <source>The session id is kept in your desktop&apos;s keychain, never in the settings file.</source>
        <translation>会话 ID 保存在桌面密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>Logged out on this computer. The session itself stays valid on the forum until it expires or you log out there.</source>
        <translation>已在这台电脑上退出登录。会话本身在论坛上仍然有效，直到过期或你在论坛上退出登录。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>The keychain is not used in this session (demo): the session id stays in %1.</source>
        <translation>本次会话（演示）不使用系统密钥环：会话 id 保存在 %1。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Allow this unencrypted (ws://) push connection</source>
        <translation>允许此未加密（ws://）的推送连接</translation>
    </message>
    <message>
        <source>Without TLS, anyone on the network between you and this server can read your session id (which works like your password) and every message. Only allow this for a server you run on a network you trust; wss:// is always safer.</source>
        <translation>没有 TLS 时，你和该服务器之间网络上的任何人都能读到你的会话 ID（其作用等同于密码）和每一条消息。只应对你自己运行、位于可信网络中的服务器允许此项；wss:// 始终更安全。</translation>
    </message>
    <message>
        <source>A new language applies at once.</source>
        <translation>新的语言会立即生效。</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy settings</source>
        <translation>使用系统代理设置</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>Manual proxy</source>
        <translation>手动代理</translation>
    </message>
    <message>
        <source>proxy.example.org</source>
        <translation>proxy.example.org</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>none: only the system&apos;s certificate authorities</source>
        <translation>无：只信任系统的证书颁发机构</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Trust a certificate</source>
        <translation>信任证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <source>For a self-hosted forum with a private certificate authority or a self-signed certificate: pick that CA&apos;s certificate, or the server&apos;s own certificate, as a PEM file. It is trusted in addition to the system&apos;s authorities; certificate checks always stay on.</source>
        <translation>用于使用私有证书颁发机构或自签名证书的自建论坛：选择该 CA 的证书或服务器自身的证书（PEM 文件）。它会在系统证书颁发机构之外额外受信任；证书检查始终开启。</translation>
    </message>
    <message>
        <source>Only the system&apos;s certificate authorities are trusted.</source>
        <translation>只信任系统的证书颁发机构。</translation>
    </message>
    <message>
        <source>Trusted: %1
SHA-256: %2
Valid until %3</source>
        <translation>已信任：%1
SHA-256：%2
有效期至 %3</translation>
    </message>
    <message numerus="yes">
        <source>and %n more certificate(s)</source>
        <translation>
            <numerusform>以及另外 %n 个证书</numerusform>
        </translation>
    </message>
    <message>
        <source>The push service address must start with wss:// (or ws://).</source>
        <translation>推送服务地址必须以 wss://（或 ws://）开头。</translation>
    </message>
    <message>
        <source>The push service address %1 is not encrypted. Use wss://, or allow this unencrypted connection explicitly.</source>
        <translation>推送服务地址 %1 未加密。请使用 wss://，或明确允许此未加密连接。</translation>
    </message>
    <message>
        <source>A manual proxy needs a host and a port.</source>
        <translation>手动代理需要主机和端口。</translation>
    </message>
    <message>
        <source>In use: %1</source>
        <translation>当前使用：%1</translation>
    </message>
    <message>
        <source>Automatic (recommended)</source>
        <translation>自动（推荐）</translation>
    </message>
</context>
<context>
    <name>ui::TrayIcon</name>
    <message>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Open inbox</source>
        <translation>打开内信</translation>
    </message>
    <message>
        <source>Open @ messages</source>
        <translation>打开@消息</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>历史记录…</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>直到明天</translation>
    </message>
    <message>
        <source>Quiet hours on</source>
        <translation>开启安静时段</translation>
    </message>
    <message>
        <source>Quiet hours off</source>
        <translation>关闭安静时段</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>立即重连</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Do not disturb: %1</source>
        <translation>勿扰：%1</translation>
    </message>
    <message>
        <source>Online robots (off)…</source>
        <translation>在线机器人（已关闭）…</translation>
    </message>
    <message>
        <source>Online robots (%1)…</source>
        <translation>在线机器人（%1）…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Online since %1</source>
        <translation>自 %1 起在线</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Offline since %1, retrying in %2 s</source>
        <translation>自 %1 起离线，%2 秒后重试</translation>
    </message>
    <message>
        <source>Login needed: the forum rejected the session</source>
        <translation>需要登录：论坛拒绝了会话</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Login needed: the forum says you are logged out</source>
        <translation>需要登录：论坛表示你已退出登录</translation>
    </message>
    <message>
        <source>hu60 Notifier — %1</source>
        <translation>虎绿林消息通知 — %1</translation>
    </message>
    <message>
        <source> · %1 inbox, %2 @</source>
        <translation> · %1 条内信，%2 条@</translation>
    </message>
    <message>
        <source>Not connected: unencrypted push address</source>
        <translation>未连接：推送地址未加密</translation>
    </message>
    <message>
        <source>Not connected: the push address uses unencrypted ws://. Allow it in the settings or use wss://.</source>
        <translation>未连接：推送地址使用未加密的 ws://。请在设置中允许，或改用 wss://。</translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation>证书问题</translation>
    </message>
    <message>
        <source>Certificate problem: the push server&apos;s certificate is not trusted, retrying in %1 s</source>
        <translation>证书问题：推送服务器的证书不受信任，%1 秒后重试</translation>
    </message>
    <message>
        <source>Connection problem…</source>
        <translation>连接问题…</translation>
    </message>
</context>
</TS>
