// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-notifier listen`: a headless subscriber printing one line per state change and event.
#include "app/modes.h"

#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QNetworkAccessManager>

#include <chrono>

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
            m_out.write(humanLine(record).toUtf8() + '\n');
        }
        m_out.flush();
    }

private:
    static QString humanLine(const QJsonObject& r)
    {
        const QString kind = r.value(u"kind").toString();
        if (kind == u"msg") {
            const QString what = r.value(u"type").toInt() == 1 ? QCoreApplication::translate("listen", "@ mention")
                                                               : QCoreApplication::translate("listen", "message");
            return QCoreApplication::translate("listen", "[%1 #%2 from %3] %4  %5")
                .arg(what)
                .arg(r.value(u"id").toInteger())
                .arg(r.value(u"byuid").toInteger())
                .arg(r.value(u"text").toString(), r.value(u"url").toString());
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
    err.write(QStringLiteral("hu60-notifier listen: %1\n").arg(text).toUtf8());
}

} // namespace

int modes::listen(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "listen", "Connects to the push service and prints one line per event. The session id is read from the "
                  "HU60_SID environment variable."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QCoreApplication::translate("listen", "Print one JSON object per line."));
    const QCommandLineOption siteOption(QStringLiteral("site"),
                                        QCoreApplication::translate("listen", "Forum site (links, faces, catch-up)."),
                                        QStringLiteral("url"), QStringLiteral("https://hu60.cn"));
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
    parser.addOptions(
        {jsonOption, siteOption, pushOption, noPresenceOption, sidQueryOption, stateOption, fetchMentionsOption});
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk);

    const QUrl site(parser.value(siteOption));
    if (!site.isValid() || (site.scheme() != u"http" && site.scheme() != u"https") || site.host().isEmpty()) {
        printError(QCoreApplication::translate("listen", "--site must be an http(s) URL."));
        return ExitBadInput;
    }
    const QUrl pushUrl = parser.isSet(pushOption) ? QUrl(parser.value(pushOption)) : defaultPushUrl(site);
    if (!pushUrl.isValid() || (pushUrl.scheme() != u"ws" && pushUrl.scheme() != u"wss")) {
        printError(QCoreApplication::translate("listen", "--push-url must be a ws:// or wss:// URL."));
        return ExitBadInput;
    }
    const QString sid = qEnvironmentVariable("HU60_SID");
    if (sid.isEmpty()) {
        printError(QCoreApplication::translate("listen", "Set HU60_SID to your session id (it is never accepted as "
                                                         "an argument, where other users could see it)."));
        return ExitBadInput;
    }

    client::PushClientConfig config;
    config.url = pushUrl;
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
        if (!history.open(parser.value(stateOption), &error))
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

    QObject::connect(&pushClient, &client::PushClient::stateChanged, [&](client::PushClient::State state) {
        QJsonObject record{{QStringLiteral("kind"), QStringLiteral("state")},
                           {QStringLiteral("state"), stateName(state)},
                           {QStringLiteral("t"), clock.elapsed()}};
        if (state == client::PushClient::State::Reconnecting)
            record.insert(QStringLiteral("retryInMs"), pushClient.msUntilReconnect());
        writer.write(record);
        if (state == client::PushClient::State::AuthRejected) {
            exitCode = ExitAuthFailed;
            QCoreApplication::exit(ExitAuthFailed);
        }
    });
    QObject::connect(&pushClient, &client::PushClient::failure,
                     [&](client::PushClient::Failure, const QString& description) {
                         writer.write({{QStringLiteral("kind"), QStringLiteral("failure")},
                                       {QStringLiteral("reason"), description}});
                     });
    QObject::connect(&inbox, &inbox::Inbox::notificationReady, [&](const inbox::Notification& n) {
        if (n.isSummary()) {
            QJsonArray ids;
            for (qint64 id : n.coveredIds)
                ids.append(id);
            writer.write({{QStringLiteral("kind"), QStringLiteral("mentions")},
                          {QStringLiteral("source"), sourceName(n.source)},
                          {QStringLiteral("count"), n.count},
                          {QStringLiteral("ids"), ids},
                          {QStringLiteral("text"), n.summary},
                          {QStringLiteral("url"), n.url.toString(QUrl::FullyEncoded)}});
            return;
        }
        writer.write({{QStringLiteral("kind"), QStringLiteral("msg")},
                      {QStringLiteral("source"), sourceName(n.source)},
                      {QStringLiteral("id"), n.id},
                      {QStringLiteral("type"), n.type},
                      {QStringLiteral("byuid"), n.byuid},
                      {QStringLiteral("touid"), inbox.uid()},
                      {QStringLiteral("text"), n.summary},
                      {QStringLiteral("url"), n.url.toString(QUrl::FullyEncoded)}});
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

    pushClient.start();
    const int rc = QCoreApplication::exec();
    return rc != ExitOk ? rc : exitCode;
}
