// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-notifier render`: push frames on stdin (one per line) -> one JSON line each on stdout.
#include "app/modes.h"

#include "core/content/content.h"
#include "core/protocol/event.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QJsonObject describe(const protocol::Event& event, const content::RenderOptions& options)
{
    using protocol::EventType;
    QJsonObject out{{QStringLiteral("event"), event.name}};
    switch (event.type) {
    case EventType::Msg: {
        const content::Rendered rendered =
            content::renderContent(event.msg.content, event.msg.id, event.msg.type, options);
        out.insert(QStringLiteral("id"), event.msg.id);
        out.insert(QStringLiteral("type"), event.msg.type);
        out.insert(QStringLiteral("byuid"), event.msg.byuid);
        out.insert(QStringLiteral("touid"), event.msg.touid);
        out.insert(QStringLiteral("text"), rendered.summary);
        out.insert(QStringLiteral("html"), rendered.html);
        out.insert(QStringLiteral("url"), rendered.url.toString(QUrl::FullyEncoded));
        if (!rendered.error.isEmpty())
            out.insert(QStringLiteral("contentError"), rendered.error);
        break;
    }
    case EventType::Online:
    case EventType::Offline:
        out.insert(QStringLiteral("uid"), event.presence.uid);
        out.insert(QStringLiteral("count"), event.presence.count);
        break;
    case EventType::Lsol: {
        QJsonObject online;
        for (auto it = event.online.begin(); it != event.online.end(); ++it)
            online.insert(QString::number(it.key()), it.value());
        out.insert(QStringLiteral("online"), online);
        break;
    }
    case EventType::Lsunsub:
    case EventType::Ls:
        out.insert(QStringLiteral("names"),
                   event.names ? QJsonValue(QJsonArray::fromStringList(*event.names)) : QJsonValue());
        break;
    case EventType::Procinf:
        out.insert(QStringLiteral("startedMs"), event.startedMs);
        break;
    case EventType::Lsapi: {
        QJsonObject apis;
        for (auto it = event.apis.begin(); it != event.apis.end(); ++it)
            apis.insert(QString::number(it.key()), QJsonArray::fromStringList(it.value()));
        out.insert(QStringLiteral("apis"), apis);
        break;
    }
    case EventType::Request:
        out.insert(QStringLiteral("uid"), event.call.uid);
        out.insert(QStringLiteral("action"), event.call.action);
        break;
    case EventType::RobotResponse:
        // Possibly a forgery under a known name (spec §6.6): reported, never treated as that event.
        out.insert(QStringLiteral("robotResponse"), true);
        out.insert(QStringLiteral("bot"), event.call.uid);
        break;
    case EventType::Unknown:
        out.insert(QStringLiteral("ignored"), event.reason);
        break;
    case EventType::Ping:
    case EventType::Ack:
    case EventType::Error:
    case EventType::Disconnecting:
    case EventType::Sub:
    case EventType::Unsub:
    case EventType::Regapi:
        out.insert(QStringLiteral("data"), event.text);
        break;
    case EventType::Connected:
    case EventType::Invalid:
        break;
    }
    return out;
}

} // namespace

int modes::render(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "render", "Reads push frames (one JSON text frame per line) on stdin and prints one JSON line per frame."));
    parser.addHelpOption();
    const QCommandLineOption siteOption(QStringLiteral("site"),
                                        QCoreApplication::translate("render", "Forum site for links and faces."),
                                        QStringLiteral("url"), QStringLiteral("https://hu60.cn"));
    parser.addOption(siteOption);
    if (!parser.parse(arguments)) {
        QFile err;
        err.open(stderr, QIODevice::WriteOnly);
        err.write(parser.errorText().toUtf8() + '\n');
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk);

    content::RenderOptions options;
    const QUrl site = QUrl::fromUserInput(parser.value(siteOption));
    if (!site.isValid() || (site.scheme() != u"https" && site.scheme() != u"http")) {
        QFile err;
        err.open(stderr, QIODevice::WriteOnly);
        err.write(QCoreApplication::translate("render", "Invalid --site URL.").toUtf8() + '\n');
        return ExitBadInput;
    }
    options.siteBase = site;

    QFile in;
    QFile out;
    if (!in.open(stdin, QIODevice::ReadOnly) || !out.open(stdout, QIODevice::WriteOnly))
        return ExitFailure;

    bool anyBad = false;
    while (true) {
        QByteArray line = in.readLine();
        if (line.isEmpty() && in.atEnd())
            break;
        // A line longer than the frame cap is consumed whole but not parsed.
        bool tooLong = false;
        while (!line.endsWith('\n') && !in.atEnd()) {
            const QByteArray more = in.readLine();
            if (line.size() <= protocol::maxFrameSize)
                line += more;
            else
                tooLong = true;
        }
        if (line.trimmed().isEmpty())
            continue;
        QJsonObject result;
        if (tooLong) {
            result.insert(QStringLiteral("error"), QStringLiteral("frame exceeds the size limit"));
        } else {
            const protocol::Event event = protocol::parseEvent(line);
            if (event.type == protocol::EventType::Invalid)
                result.insert(QStringLiteral("error"), event.reason);
            else
                result = describe(event, options);
        }
        anyBad = anyBad || result.contains(u"error");
        out.write(QJsonDocument(result).toJson(QJsonDocument::Compact) + '\n');
        // Flushed whenever the input read so far is used up: a live feed is answered line by line, a file or a
        // burst in one write per buffer instead of a system call per frame.
        if (in.bytesAvailable() <= 0)
            out.flush();
    }
    return anyBad ? ExitBadInput : ExitOk;
}
