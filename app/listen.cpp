// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-notifier listen`: a headless subscriber printing one line per state change and event.
#include "app/modes.h"

#include "app/account.h"
#include "app/commandrunner.h"
#include "app/execjournal.h"
#include "app/stopsignals.h"

#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/logging.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settings.h"
#include "core/terminaltext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QStandardPaths>

#include <algorithm>
#include <chrono>
#include <memory>

namespace {

QString stateName(client::PushClient::State state)
{
    using State = client::PushClient::State;
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Connected:
        return QStringLiteral("connected");
    case State::Reconnecting:
        return QStringLiteral("reconnecting");
    case State::AuthRejected:
        return QStringLiteral("auth-rejected");
    }
    return {};
}

/// One line of text for a terminal: control characters (ANSI escapes, bidi overrides, line breaks) of untrusted
/// text become spaces, runs of white space one space, and the result at most @p maxLength characters.
QString oneLine(const QString& text, qsizetype maxLength = 200)
{
    QString out;
    out.reserve(std::min(text.size(), maxLength + 1));
    bool space = false;
    for (const QChar c : text) {
        const bool blank = c.isSpace() || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
        if (blank) {
            space = !out.isEmpty();
            continue;
        }
        if (space) {
            out += u' ';
            space = false;
        }
        out += c;
        if (out.size() > maxLength) {
            out.truncate(maxLength - 1);
            if (out.back().isHighSurrogate()) // never half a character (an emoji, say)
                out.chop(1);
            out += u'…';
            break;
        }
    }
    return out;
}

/// Writes each record as one JSON line, or as a short human-readable line.
class LineWriter
{
public:
    explicit LineWriter(bool json)
        : m_json(json)
    {
        m_out.open(stdout, QIODevice::WriteOnly);
    }

    void write(const QJsonObject& record)
    {
        if (m_json) {
            m_out.write(QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n');
        } else {
            // Reasons, names and forum errors come from the network: no terminal control gets through.
            m_out.write(terminaltext::safe(humanLine(record)).toUtf8() + '\n');
        }
        m_out.flush();
    }

private:
    static QString humanLine(const QJsonObject& r)
    {
        const QString kind = r.value(u"kind").toString();
        // The message's own time when it has one (catch-up), else now; local time, to the second.
        QDateTime when = QDateTime::fromString(r.value(u"time").toString(), Qt::ISODate);
        if (!when.isValid())
            when = QDateTime::currentDateTime();
        const QString time = when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        return time + QStringLiteral("  ") + body(kind, r);
    }

    static QString body(const QString& kind, const QJsonObject& r)
    {
        if (kind == u"msg") {
            const QString what = r.value(u"type").toInt() == 1 ? QCoreApplication::translate("listen", "@ mention")
                                                               : QCoreApplication::translate("listen", "message");
            const QString name = oneLine(r.value(u"byname").toString(), 40);
            const QString uid = QString::number(r.value(u"byuid").toInteger());
            const QString sender = name.isEmpty() ? uid : QStringLiteral("%1 (%2)").arg(name, uid);
            return QCoreApplication::translate("listen", "[%1 #%2] %3: %4  %5")
                .arg(what)
                .arg(r.value(u"id").toInteger())
                .arg(sender, oneLine(r.value(u"text").toString()), r.value(u"url").toString());
        }
        if (kind == u"state") {
            QString line = QCoreApplication::translate("listen", "state: %1").arg(r.value(u"state").toString());
            if (r.contains(u"retryInMs"))
                line += QCoreApplication::translate("listen", " (retry in %1 s)")
                            .arg(r.value(u"retryInMs").toInteger() / 1000.0, 0, 'f', 1);
            if (r.contains(u"reason"))
                line += QStringLiteral(": ") + r.value(u"reason").toString();
            return line;
        }
        if (kind == u"mentions") {
            // A plain variable: Qt 6.4's lupdate hangs on a string literal in translate()'s count argument.
            const int count = r.value(QLatin1String("count")).toInt();
            return QCoreApplication::translate("listen", "[%n new @ mention(s)]  %1", nullptr, count)
                .arg(r.value(QLatin1String("url")).toString());
        }
        if (kind == u"counts") {
            return QCoreApplication::translate("listen", "unread: %1 messages, %2 @ mentions")
                .arg(r.value(u"inbox").toInt())
                .arg(r.value(u"mentions").toInt());
        }
        if (kind == u"catchup")
            return QCoreApplication::translate("listen", "caught up (%1 new)").arg(r.value(u"notified").toInt());
        if (kind == u"catchup-failed")
            return QCoreApplication::translate("listen", "catch-up failed: %1").arg(r.value(u"reason").toString());
        if (kind == u"failure")
            return QCoreApplication::translate("listen", "connection problem: %1").arg(r.value(u"reason").toString());
        if (kind == u"login-needed")
            return QCoreApplication::translate("listen", "the forum says this session is logged out: log in again");
        if (kind == u"server-error")
            return QCoreApplication::translate("listen", "server error: %1").arg(oneLine(r.value(u"text").toString()));
        if (kind == u"lsol") {
            QStringList robots;
            const QJsonObject online = r.value(u"online").toObject();
            for (auto it = online.begin(); it != online.end(); ++it)
                robots.append(it.key());
            return QCoreApplication::translate("listen", "robots online: %1")
                .arg(robots.isEmpty() ? QStringLiteral("-") : robots.join(QStringLiteral(", ")));
        }
        if (kind == u"online" || kind == u"offline") {
            return QCoreApplication::translate("listen", "robot %1 %2 (%3 connections)")
                .arg(r.value(u"uid").toInteger())
                .arg(kind)
                .arg(r.value(u"count").toInt());
        }
        return QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact));
    }

    bool m_json;
    QFile m_out;
};

QUrl defaultPushUrl(const QUrl& site)
{
    QUrl push = site;
    push.setScheme(site.scheme() == u"http" ? QStringLiteral("ws") : QStringLiteral("wss"));
    push.setPath(QStringLiteral("/ws/msg"));
    push.setQuery(QString());
    push.setFragment(QString());
    return push;
}

/// Test hook (HU60_TEST_FAST_BACKOFF=1): the same reconnect and retry logic with delays in the 100 ms range, so
/// that fault-injection tests (tests/chaos) can cut connections many times a minute. Not for normal use.
void applyFastBackoff(client::PushClientConfig* config, inbox::Inbox* inbox, forum::ForumApi* api)
{
    using namespace std::chrono_literals;
    config->backoffMin = 100ms;
    config->backoffMax = 800ms;
    config->kickBackoffMin = 200ms;
    config->kickBackoffMax = 800ms;
    config->connectTimeout = 5s;
    config->stableAfter = 400ms;
    inbox->setRetryDelay(200ms);
    inbox->setPollInterval(5s);
    api->setTimeout(5000);
}

QString sourceName(inbox::Source source)
{
    return source == inbox::Source::Catchup ? QStringLiteral("catchup") : QStringLiteral("push");
}

void printError(const QString& text)
{
    QFile err;
    err.open(stderr, QIODevice::WriteOnly);
    // The text may quote a server (why it refused us) or a forum: its line breaks are kept, nothing else.
    err.write(QStringLiteral("hu60-notifier listen: %1\n")
                  .arg(terminaltext::safe(text, terminaltext::LineBreaks::Keep))
                  .toUtf8());
}

/// The message's time: the forum's when it is known (catch-up), else when it arrived; ISO 8601 in UTC.
QString timeOf(const inbox::Notification& n)
{
    const QDateTime when = n.forumTime > 0 ? QDateTime::fromSecsSinceEpoch(n.forumTime) : n.receivedAt;
    return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
}

/// The record of a message or of an @ summary, as --json prints it and --exec receives it.
QJsonObject notificationRecord(const inbox::Notification& n, qint64 touid)
{
    QJsonObject record;
    if (n.isSummary()) {
        QJsonArray ids;
        for (qint64 id : n.coveredIds)
            ids.append(id);
        record = {{QStringLiteral("kind"), QStringLiteral("mentions")},
                  {QStringLiteral("source"), sourceName(n.source)},
                  {QStringLiteral("count"), n.count},
                  {QStringLiteral("ids"), ids},
                  {QStringLiteral("text"), n.summary},
                  {QStringLiteral("url"), n.url.toString(QUrl::FullyEncoded)}};
    } else {
        record = {{QStringLiteral("kind"), QStringLiteral("msg")},
                  {QStringLiteral("source"), sourceName(n.source)},
                  {QStringLiteral("id"), n.id},
                  {QStringLiteral("type"), n.type},
                  {QStringLiteral("byuid"), n.byuid},
                  {QStringLiteral("touid"), touid},
                  {QStringLiteral("text"), n.summary},
                  {QStringLiteral("url"), n.url.toString(QUrl::FullyEncoded)}};
        if (!n.senderName.isEmpty())
            record.insert(QStringLiteral("byname"), n.senderName);
    }
    if (const QString time = timeOf(n); !time.isEmpty())
        record.insert(QStringLiteral("time"), time);
    return record;
}

/// What an --exec command gets: the record as one JSON line on stdin, and its main fields as HU60_MSG_*
/// variables (the text only on stdin: it can be long, and environment strings have size limits).
app::CommandRunner::Job commandJob(const QJsonObject& record)
{
    app::CommandRunner::Job job;
    job.input = QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n';
    const QString kind = record.value(u"kind").toString();
    const auto add = [&job](const char* name, const QString& value) {
        job.environment.append({QString::fromLatin1(name), value});
    };
    add("HU60_MSG_KIND", kind);
    add("HU60_MSG_SOURCE", record.value(u"source").toString());
    add("HU60_MSG_URL", record.value(u"url").toString());
    add("HU60_MSG_TIME", record.value(u"time").toString());
    if (kind == u"mentions") {
        QStringList ids;
        for (const QJsonValue id : record.value(u"ids").toArray())
            ids.append(QString::number(id.toInteger()));
        add("HU60_MSG_TYPE", QStringLiteral("1"));
        add("HU60_MSG_COUNT", QString::number(record.value(u"count").toInt()));
        add("HU60_MSG_IDS", ids.join(u' '));
        job.label = QStringLiteral("%1 @ mention(s)").arg(record.value(u"count").toInt());
    } else {
        const QString id = QString::number(record.value(u"id").toInteger());
        add("HU60_MSG_ID", id);
        add("HU60_MSG_TYPE", QString::number(record.value(u"type").toInt()));
        add("HU60_MSG_FROM", QString::number(record.value(u"byuid").toInteger()));
        add("HU60_MSG_FROM_NAME", record.value(u"byname").toString());
        add("HU60_MSG_TO", QString::number(record.value(u"touid").toInteger()));
        job.label = QStringLiteral("message %1").arg(id);
    }
    return job;
}

/// The run id of a notification's --exec run: the same when the notification is presented again after a crash.
QString runIdOf(const inbox::Notification& n)
{
    return n.isSummary() ? QStringLiteral("mentions-%1").arg(-n.historyKey) : QStringLiteral("msg-%1").arg(n.id);
}

} // namespace

int modes::listen(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "listen", "Connects to the push service and prints one line per event. The session id comes from the "
                  "HU60_SID environment variable, else from the tray app's login (system keychain or its fallback "
                  "file); it is never accepted as an argument.\n\nExit codes: 0 success, 1 runtime failure, 2 bad "
                  "arguments, 3 no session id or the server rejected it, 4 the server could not be reached, 5 the "
                  "--state file is in use by another process."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QCoreApplication::translate("listen", "Print one JSON object per line."));
    const QCommandLineOption siteOption(
        QStringLiteral("site"),
        QCoreApplication::translate("listen", "Forum site (links, faces, catch-up); default: the tray app's site."),
        QStringLiteral("url"));
    const QCommandLineOption pushOption(
        QStringLiteral("push-url"),
        QCoreApplication::translate("listen", "Push service URL (default: the site's /ws/msg)."),
        QStringLiteral("url"));
    const QCommandLineOption noPresenceOption(
        QStringLiteral("no-presence"), QCoreApplication::translate("listen", "Do not report robots going online."));
    const QCommandLineOption sidQueryOption(
        QStringLiteral("sid-in-url"),
        QCoreApplication::translate("listen", "Send the session id as ?_sid= instead of a request header."));
    const QCommandLineOption stateOption(
        QStringLiteral("state"),
        QCoreApplication::translate("listen", "Keep the history and the ids already reported in this SQLite file, "
                                              "so that a message is reported once across runs."),
        QStringLiteral("file"));
    const QCommandLineOption fetchMentionsOption(
        QStringLiteral("fetch-mentions"),
        QCoreApplication::translate("listen", "After connecting, print unread @ mentions one by one instead of "
                                              "their count (the forum then marks them read)."));
    const QCommandLineOption keepTryingOption(
        QStringLiteral("keep-trying"),
        QCoreApplication::translate("listen", "Keep retrying when the first connection fails (for services started "
                                              "before the network), instead of exiting with status 4."));
    const QCommandLineOption execOption(
        QStringLiteral("exec"),
        QCoreApplication::translate("listen", "Run this program once per message (and per @ summary) with the "
                                              "message as one JSON line on its stdin and HU60_MSG_* variables in "
                                              "its environment. Its arguments follow \"--\". No shell is involved. "
                                              "With --state the runs are recorded there and what a crash or stop "
                                              "left is run at the next start: a run interrupted by a crash runs "
                                              "again with the same HU60_MSG_RUN_ID, to dedupe on."),
        QStringLiteral("program"));
    const QCommandLineOption execJobsOption(
        QStringLiteral("exec-jobs"),
        QCoreApplication::translate("listen", "How many --exec commands may run at once; the others wait in turn "
                                              "(default 1: one after the other, in order)."),
        QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption execTimeoutOption(
        QStringLiteral("exec-timeout"),
        QCoreApplication::translate("listen", "Stop an --exec command that runs longer than this many seconds (0: "
                                              "never; default 30)."),
        QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption insecurePushOption(
        QStringLiteral("allow-insecure-push"),
        QCoreApplication::translate("listen", "Allow an unencrypted ws:// push URL to another computer (the session "
                                              "id and every message then cross the network readable by anyone on "
                                              "the way)."));
    // Only to say why it is refused: arguments are visible to every user of the machine (ps, /proc).
    QCommandLineOption sidOption(QStringLiteral("sid"), QString(), QStringLiteral("sid"));
    sidOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({jsonOption, siteOption, pushOption, noPresenceOption, sidQueryOption, stateOption,
                       fetchMentionsOption, keepTryingOption, execOption, execJobsOption, execTimeoutOption,
                       insecurePushOption, sidOption});
    parser.addPositionalArgument(
        QStringLiteral("arguments"),
        QCoreApplication::translate("listen", "With --exec: the program's arguments, after \"--\"."),
        QStringLiteral("[-- arguments...]"));
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk);
    if (parser.isSet(sidOption)) {
        printError(QCoreApplication::translate(
            "listen", "--sid is not accepted: the arguments of a running program are visible to every user of "
                      "this machine. Set HU60_SID, or log in with the tray app (the session id is then read from "
                      "the system keychain)."));
        return ExitBadInput;
    }

    // --exec: a program and its own arguments, checked before anything connects.
    std::unique_ptr<app::CommandRunner> runner;
    if (parser.isSet(execOption)) {
        const QString program = parser.value(execOption);
        const QString resolved =
            program.contains(u'/') ? QFileInfo(program).absoluteFilePath() : QStandardPaths::findExecutable(program);
        const QFileInfo info(resolved);
        if (resolved.isEmpty() || !info.isFile() || !info.isExecutable()) {
            printError(
                QCoreApplication::translate("listen", "--exec: \"%1\" is not an executable program.").arg(program));
            return ExitBadInput;
        }
        bool jobsOk = false;
        bool timeoutOk = false;
        const int jobs = parser.value(execJobsOption).toInt(&jobsOk);
        const int timeout = parser.value(execTimeoutOption).toInt(&timeoutOk);
        if (!jobsOk || jobs < 1 || jobs > 64) {
            printError(QCoreApplication::translate("listen", "--exec-jobs must be a number from 1 to 64."));
            return ExitBadInput;
        }
        if (!timeoutOk || timeout < 0 || timeout > 86400) {
            printError(QCoreApplication::translate("listen", "--exec-timeout must be a number of seconds from 0 "
                                                             "to 86400."));
            return ExitBadInput;
        }
        app::CommandRunner::Options options;
        options.program = resolved;
        options.arguments = parser.positionalArguments();
        options.maxRunning = jobs;
        options.timeout = std::chrono::seconds(timeout);
        runner = std::make_unique<app::CommandRunner>(options);
    } else if (!parser.positionalArguments().isEmpty()) {
        printError(QCoreApplication::translate("listen", "Unexpected argument \"%1\" (program arguments need "
                                                         "--exec).")
                       .arg(parser.positionalArguments().constFirst()));
        return ExitBadInput;
    } else if (parser.isSet(execJobsOption) || parser.isSet(execTimeoutOption)) {
        printError(QCoreApplication::translate("listen", "--exec-jobs and --exec-timeout need --exec."));
        return ExitBadInput;
    }

    const settings::Settings configured = app::configuredSettings();
    const QUrl site = parser.isSet(siteOption) ? QUrl(parser.value(siteOption)) : configured.site;
    if (!site.isValid() || (site.scheme() != u"http" && site.scheme() != u"https") || site.host().isEmpty()) {
        printError(QCoreApplication::translate("listen", "--site must be an http(s) URL."));
        return ExitBadInput;
    }
    QUrl pushUrl = defaultPushUrl(site);
    if (parser.isSet(pushOption))
        pushUrl = QUrl(parser.value(pushOption));
    else if (!parser.isSet(siteOption))
        pushUrl = configured.effectivePushUrl();
    if (!pushUrl.isValid() || (pushUrl.scheme() != u"ws" && pushUrl.scheme() != u"wss")) {
        printError(QCoreApplication::translate("listen", "--push-url must be a ws:// or wss:// URL."));
        return ExitBadInput;
    }
    // The same rules as the tray app: the forum only over https (or plain http to this computer), and an
    // unencrypted push connection to another computer only when asked for explicitly.
    if (const QString refusal = settings::siteRefusal(site); !refusal.isEmpty()) {
        printError(refusal);
        return ExitBadInput;
    }
    const bool allowInsecurePush = parser.isSet(insecurePushOption);
    if (settings::isInsecurePushUrl(pushUrl) && !allowInsecurePush) {
        printError(QCoreApplication::translate("listen", "The push URL %1 is not encrypted and not on this "
                                                         "computer: use wss://, or pass --allow-insecure-push.")
                       .arg(pushUrl.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
        return ExitBadInput;
    }

    // The session id: HU60_SID, else the tray app's login. Never an argument (see --sid above).
    QString sid = qEnvironmentVariable("HU60_SID").trimmed();
    if (sid.isEmpty()) {
        QString where;
        sid = app::storedSid(&where).trimmed();
        if (sid.isEmpty()) {
            printError(QCoreApplication::translate("listen", "No session id: none is stored (looked in %1). Log in "
                                                             "with the tray app, or set HU60_SID.")
                           .arg(where));
            return ExitAuthFailed;
        }
        // The stored session belongs to the configured site and push service: never hand it to other ones.
        const QUrl configuredPush = configured.effectivePushUrl();
        const bool otherSite = !app::sameOrigin(site, configured.site);
        if (otherSite || !app::sameOrigin(pushUrl, configuredPush)) {
            printError(QCoreApplication::translate("listen", "The stored session id belongs to %1, not to %2. "
                                                             "Set HU60_SID to use another site.")
                           .arg(otherSite ? configured.site.toString() : configuredPush.toString(QUrl::RemoveQuery),
                                otherSite ? site.toString() : pushUrl.toString(QUrl::RemoveQuery)));
            return ExitBadInput;
        }
        qCInfo(lcApp).noquote() << "listen: using the stored session id from" << where;
    }
    if (!forum::isValidSid(sid)) {
        printError(QCoreApplication::translate("listen", "The session id is malformed (log in again, or check "
                                                         "HU60_SID)."));
        return ExitAuthFailed;
    }

    client::PushClientConfig config;
    config.url = pushUrl;
    config.allowInsecure = allowInsecurePush;
    config.sidTransport = parser.isSet(sidQueryOption) ? client::SidTransport::Query : client::SidTransport::Headers;
    client::PushClient pushClient;
    pushClient.setSid(sid);
    pushClient.setPresenceWanted(!parser.isSet(noPresenceOption));

    // The same catch-up and dedupe as the tray app: missed messages are fetched after every (re)connect, and
    // an id is printed once whether it came by push, by catch-up or both.
    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(site);
    api.setSid(sid);
    forum::UserDirectory users(&api);
    inbox::HistoryStore history;
    if (parser.isSet(stateOption)) {
        QString error;
        if (!history.open(parser.value(stateOption), &error) && history.isInUseElsewhere()) {
            // Two listeners on one file would split the messages between them and replay each other's rows.
            printError(QCoreApplication::translate("listen", "The state file %1 is in use by another process (%2); "
                                                             "use another --state file for a second listener.")
                           .arg(parser.value(stateOption), error));
            return ExitInUse;
        }
        if (!history.isPersistent())
            printError(QCoreApplication::translate("listen", "cannot use the state file (%1); continuing without it")
                           .arg(error));
    }
    inbox::Inbox inbox(&pushClient, &api, &users, &history);
    inbox.setSiteBase(site);
    inbox.setFetchMentions(parser.isSet(fetchMentionsOption));
    if (qEnvironmentVariable("HU60_TEST_FAST_BACKOFF") == u"1")
        applyFastBackoff(&config, &inbox, &api);
    pushClient.setConfig(config);

    LineWriter writer(parser.isSet(jsonOption));
    // Milliseconds since start on state lines: lets scripts and the chaos test check the reconnect timing.
    QElapsedTimer clock;
    clock.start();
    int exitCode = ExitOk;
    bool everConnected = false;
    const bool keepTrying = parser.isSet(keepTryingOption);

    QObject::connect(&pushClient, &client::PushClient::stateChanged, [&](client::PushClient::State state) {
        QJsonObject record{{QStringLiteral("kind"), QStringLiteral("state")},
                           {QStringLiteral("state"), stateName(state)},
                           {QStringLiteral("t"), clock.elapsed()}};
        if (state == client::PushClient::State::Reconnecting)
            record.insert(QStringLiteral("retryInMs"), pushClient.msUntilReconnect());
        writer.write(record);
        if (state == client::PushClient::State::Connected)
            everConnected = true;
        if (state == client::PushClient::State::AuthRejected) {
            printError(QCoreApplication::translate("listen", "The server rejected the session id: log in again."));
            exitCode = ExitAuthFailed;
            QCoreApplication::exit(ExitAuthFailed);
        }
    });
    QObject::connect(
        &pushClient, &client::PushClient::failure, [&](client::PushClient::Failure kind, const QString& description) {
            writer.write(
                {{QStringLiteral("kind"), QStringLiteral("failure")}, {QStringLiteral("reason"), description}});
            // Never connected and no network-level answer: a wrong URL or a server that is down.
            // Once connected, a lost connection is retried forever.
            const bool unreachable =
                kind == client::PushClient::Failure::Network || kind == client::PushClient::Failure::Timeout;
            if (unreachable && !everConnected && !keepTrying && exitCode == ExitOk) {
                printError(QCoreApplication::translate("listen", "Cannot reach %1 (%2).")
                               .arg(pushUrl.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo), description));
                exitCode = ExitUnreachable;
                pushClient.stop();
                QCoreApplication::exit(ExitUnreachable);
            }
        });
    // --exec: every run goes through the journal (the state file's queue) before it may start, and is handed to
    // the runner only when a slot is free, so the runner's own queue never fills and nothing is dropped.
    app::ExecJournal journal;
    bool stopping = false;
    const auto exitWhenSettled = [&] {
        // Stopping: with a state file the waiting runs stay there for the next start; without one they run first.
        if (stopping && runner->running() == 0 && (journal.isPersistent() || journal.queuedCount() == 0))
            QCoreApplication::exit(exitCode);
    };
    const auto pump = [&] {
        if (!runner || (stopping && journal.isPersistent()))
            return;
        while (runner->running() + runner->queued() < runner->maxRunning()) {
            const app::ExecJournal::Run run = journal.startNext();
            if (run.runId.isEmpty())
                break;
            app::CommandRunner::Job job = commandJob(QJsonDocument::fromJson(run.record).object());
            job.label = run.runId;
            job.environment.append({QStringLiteral("HU60_MSG_RUN_ID"), run.runId});
            job.environment.append({QStringLiteral("HU60_MSG_ATTEMPT"), QString::number(run.attempts + 1)});
            if (run.attempts > 0)
                qCInfo(lcApp).noquote() << "exec: running" << run.runId << "again (attempt" << run.attempts + 1
                                        << "): an earlier listen stopped before it was done";
            runner->enqueue(std::move(job));
        }
    };
    if (runner) {
        const QString statePath = history.isPersistent() ? history.path() : QString();
        QString error;
        if (!journal.open(statePath, &error) && !journal.open(QString(), &error)) {
            printError(QCoreApplication::translate("listen", "--exec: cannot keep the queue of runs (%1).").arg(error));
            return ExitFailure;
        }
        if (const int replayed = journal.requeueStarted(); replayed > 0)
            printError(QCoreApplication::translate("listen",
                                                   "%n --exec run(s) started by an earlier listen were not "
                                                   "finished: running them again (HU60_MSG_RUN_ID is unchanged).",
                                                   nullptr, replayed));
        QObject::connect(runner.get(), &app::CommandRunner::finished, qApp, [&](const QString& label) {
            journal.markDone(label);
            // Queued: the runner may report a failure to start from inside enqueue(), i.e. from inside pump().
            QMetaObject::invokeMethod(
                qApp,
                [&] {
                    pump();
                    exitWhenSettled();
                },
                Qt::QueuedConnection);
        });
    }
    QObject::connect(&inbox, &inbox::Inbox::notificationReady, [&](const inbox::Notification& n) {
        const QJsonObject record = notificationRecord(n, inbox.uid());
        writer.write(record);
        if (!runner)
            return;
        switch (journal.add(runIdOf(n), QJsonDocument(record).toJson(QJsonDocument::Compact))) {
        case app::ExecJournal::Added::New:
            pump();
            break;
        case app::ExecJournal::Added::Duplicate: // presented again after a crash: its run is already recorded
            break;
        case app::ExecJournal::Added::Failed: // the database refused the write (logged): run it anyway, unrecorded
            runner->enqueue(commandJob(record));
            break;
        }
    });
    QObject::connect(&inbox, &inbox::Inbox::unreadCountsChanged, [&](int unreadInbox, int unreadMentions) {
        writer.write({{QStringLiteral("kind"), QStringLiteral("counts")},
                      {QStringLiteral("inbox"), unreadInbox},
                      {QStringLiteral("mentions"), unreadMentions}});
    });
    QObject::connect(&inbox, &inbox::Inbox::catchUpFinished, [&](int notified) {
        writer.write({{QStringLiteral("kind"), QStringLiteral("catchup")}, {QStringLiteral("notified"), notified}});
    });
    QObject::connect(&inbox, &inbox::Inbox::catchUpFailed, [&](const QString& description) {
        writer.write(
            {{QStringLiteral("kind"), QStringLiteral("catchup-failed")}, {QStringLiteral("reason"), description}});
    });
    QObject::connect(&inbox, &inbox::Inbox::loginNeeded, [&] {
        writer.write({{QStringLiteral("kind"), QStringLiteral("login-needed")}});
    });
    const auto presence = [&](const char* kind, const protocol::Presence& p) {
        writer.write({{QStringLiteral("kind"), QLatin1String(kind)},
                      {QStringLiteral("uid"), p.uid},
                      {QStringLiteral("count"), p.count}});
    };
    QObject::connect(&pushClient, &client::PushClient::robotOnline,
                     [&](const protocol::Presence& p) { presence("online", p); });
    QObject::connect(&pushClient, &client::PushClient::robotOffline,
                     [&](const protocol::Presence& p) { presence("offline", p); });
    QObject::connect(&pushClient, &client::PushClient::onlineListReceived, [&](const QMap<qint64, int>& online) {
        QJsonObject map;
        for (auto it = online.begin(); it != online.end(); ++it)
            map.insert(QString::number(it.key()), it.value());
        writer.write({{QStringLiteral("kind"), QStringLiteral("lsol")}, {QStringLiteral("online"), map}});
    });
    QObject::connect(&pushClient, &client::PushClient::serverErrorReceived, [&](const QString& text) {
        writer.write({{QStringLiteral("kind"), QStringLiteral("server-error")}, {QStringLiteral("text"), text}});
    });

    // SIGTERM or Ctrl-C: stop listening and exit 0 once the --exec commands running have ended (each within its
    // timeout). The runs still waiting stay in the state file and run at the next start; without --state they run
    // first. A second signal ends at once, stopping the commands still running (they run again at the next start).
    app::StopSignals stopSignals;
    QObject::connect(&stopSignals, &app::StopSignals::stopRequested, [&](int, int count) {
        pushClient.stop();
        stopping = true;
        const int running = runner ? runner->running() : 0;
        const int waiting = runner ? journal.queuedCount() : 0;
        const int pending = running + (journal.isPersistent() ? 0 : waiting);
        if (count > 1 || pending == 0) {
            if (waiting > 0 && journal.isPersistent())
                printError(QCoreApplication::translate("listen",
                                                       "%n waiting --exec run(s) kept in the state file "
                                                       "for the next start.",
                                                       nullptr, waiting));
            QCoreApplication::exit(exitCode);
            return;
        }
        printError(QCoreApplication::translate("listen",
                                               "Stopping after %n --exec command(s); signal again to stop "
                                               "at once.",
                                               nullptr, pending));
        if (journal.isPersistent() && waiting > 0)
            printError(QCoreApplication::translate("listen",
                                                   "%n waiting --exec run(s) kept in the state file "
                                                   "for the next start.",
                                                   nullptr, waiting));
    });

    pump(); // what an earlier listen left queued or started
    pushClient.start();
    const int rc = QCoreApplication::exec();
    return rc != ExitOk ? rc : exitCode;
}
