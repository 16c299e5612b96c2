// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-notifier listen`: a headless subscriber printing one line per state change and event.
#include "app/modes.h"

#include "core/client/pushclient.h"
#include "core/content/content.h"
#include "core/logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>

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
    parser.addOptions({jsonOption, siteOption, pushOption, noPresenceOption, sidQueryOption});
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
    client::PushClient pushClient(config);
    pushClient.setSid(sid);
    pushClient.setPresenceWanted(!parser.isSet(noPresenceOption));

    content::RenderOptions renderOptions;
    renderOptions.siteBase = site;
    LineWriter writer(parser.isSet(jsonOption));
    int exitCode = ExitOk;

    QObject::connect(&pushClient, &client::PushClient::stateChanged, [&](client::PushClient::State state) {
        QJsonObject record{{QStringLiteral("kind"), QStringLiteral("state")},
                           {QStringLiteral("state"), stateName(state)}};
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
    QObject::connect(&pushClient, &client::PushClient::messageReceived, [&](const protocol::Msg& msg) {
        const content::Rendered rendered = content::renderContent(msg.content, msg.id, msg.type, renderOptions);
        writer.write({{QStringLiteral("kind"), QStringLiteral("msg")},
                      {QStringLiteral("source"), QStringLiteral("push")},
                      {QStringLiteral("id"), msg.id},
                      {QStringLiteral("type"), msg.type},
                      {QStringLiteral("byuid"), msg.byuid},
                      {QStringLiteral("touid"), msg.touid},
                      {QStringLiteral("text"), rendered.summary},
                      {QStringLiteral("url"), rendered.url.toString(QUrl::FullyEncoded)}});
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
