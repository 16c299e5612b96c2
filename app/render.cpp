// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-notifier render`: push frames on stdin (one per line) -> one JSON line each on stdout.
#include "app/modes.h"

#include "core/content/content.h"
#include "core/protocol/event.h"
#include "core/protocol/jsonwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace {

using namespace Qt::StringLiterals;
using protocol::JsonWriter;

/// A member whose value is a QJsonObject (lsol, lsapi: rare), written as QJsonDocument writes it.
void objectMember(JsonWriter& out, QLatin1StringView key, const QJsonObject& object)
{
    out.key(key);
    out.raw(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

/// One output line for a parsed frame: the members of each event in QJsonObject's (sorted) order, so the line is
/// byte for byte what serialising the same QJsonObject gave before, without building one.
void describe(QByteArray& line, const protocol::Event& event, const content::RenderOptions& options)
{
    using protocol::EventType;
    JsonWriter out(line);
    out.beginObject();
    const auto name = [&] {
        out.key("event"_L1);
        out.string(event.name);
    };
    switch (event.type) {
    case EventType::Msg: {
        const content::Rendered rendered =
            content::renderContent(event.msg.content, event.msg.id, event.msg.type, options);
        out.key("byuid"_L1);
        out.integer(event.msg.byuid);
        if (!rendered.error.isEmpty()) {
            out.key("contentError"_L1);
            out.string(rendered.error);
        }
        name();
        out.key("html"_L1);
        out.string(rendered.html);
        out.key("id"_L1);
        out.integer(event.msg.id);
        out.key("text"_L1);
        out.string(rendered.summary);
        out.key("touid"_L1);
        out.integer(event.msg.touid);
        out.key("type"_L1);
        out.integer(event.msg.type);
        out.key("url"_L1);
        out.string(rendered.url.toString(QUrl::FullyEncoded));
        break;
    }
    case EventType::Online:
    case EventType::Offline:
        out.key("count"_L1);
        out.integer(event.presence.count);
        name();
        out.key("uid"_L1);
        out.integer(event.presence.uid);
        break;
    case EventType::Lsol: {
        QJsonObject online;
        for (auto it = event.online.begin(); it != event.online.end(); ++it)
            online.insert(QString::number(it.key()), it.value());
        name();
        objectMember(out, "online"_L1, online);
        break;
    }
    case EventType::Lsunsub:
    case EventType::Ls:
        name();
        out.key("names"_L1);
        if (event.names) {
            out.beginArray();
            for (const QString& item : *event.names)
                out.string(item);
            out.endArray();
        } else {
            out.null();
        }
        break;
    case EventType::Procinf:
        name();
        out.key("startedMs"_L1);
        out.integer(event.startedMs);
        break;
    case EventType::Lsapi: {
        QJsonObject apis;
        for (auto it = event.apis.begin(); it != event.apis.end(); ++it)
            apis.insert(QString::number(it.key()), QJsonArray::fromStringList(it.value()));
        objectMember(out, "apis"_L1, apis);
        name();
        break;
    }
    case EventType::Request:
        out.key("action"_L1);
        out.string(event.call.action);
        name();
        out.key("uid"_L1);
        out.integer(event.call.uid);
        break;
    case EventType::RobotResponse:
        // Possibly a forgery under a known name (spec §6.6): reported, never treated as that event.
        out.key("bot"_L1);
        out.integer(event.call.uid);
        name();
        out.key("robotResponse"_L1);
        out.boolean(true);
        break;
    case EventType::Unknown:
        name();
        out.key("ignored"_L1);
        out.string(event.reason);
        break;
    case EventType::Ping:
    case EventType::Ack:
    case EventType::Error:
    case EventType::Disconnecting:
    case EventType::Sub:
    case EventType::Unsub:
    case EventType::Regapi:
        out.key("data"_L1);
        out.string(event.text);
        name();
        break;
    case EventType::Connected:
    case EventType::Invalid:
        name();
        break;
    }
    out.endObject();
}

void errorLine(QByteArray& line, QStringView error)
{
    JsonWriter out(line);
    out.beginObject();
    out.key("error"_L1);
    out.string(error);
    out.endObject();
}

/// stdin and stdout as plain file descriptors: a read returns what a pipe has (a live feed is answered line by line),
/// output is collected and written in large pieces.
qsizetype readSome(char* buffer, qsizetype size)
{
    while (true) {
#ifdef Q_OS_WIN
        const auto n = ::_read(0, buffer, static_cast<unsigned>(size));
#else
        const auto n = ::read(0, buffer, static_cast<std::size_t>(size));
#endif
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

bool writeAll(QByteArray& buffer)
{
    const char* p = buffer.constData();
    qsizetype left = buffer.size();
    while (left > 0) {
#ifdef Q_OS_WIN
        const auto n = ::_write(1, p, static_cast<unsigned>(left));
#else
        const auto n = ::write(1, p, static_cast<std::size_t>(left));
#endif
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            buffer.clear();
            return false;
        }
        p += n;
        left -= n;
    }
    buffer.resize(0); // the capacity stays for the next lines
    return true;
}

bool isBlank(QByteArrayView bytes)
{
    return bytes.trimmed().isEmpty();
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

    constexpr qsizetype chunk = 64 * 1024;
    constexpr qsizetype flushAt = 256 * 1024;
    QByteArray input; // bytes read and not yet used: input[start, end of buffer)
    qsizetype start = 0;
    qsizetype scanned = 0; // no '\n' in input[start, scanned)
    QByteArray output;
    output.reserve(flushAt + chunk);
    // A line longer than the frame cap is consumed (and counted) but neither kept nor parsed.
    qsizetype discarded = 0;
    bool discardedText = false;
    bool anyBad = false;
    bool atEnd = false;

    const auto answer = [&](QByteArrayView frame, bool tooLong, qsizetype frameSize) {
        bool bad = false;
        if (tooLong) {
            // What parseEvent() says of a frame over the limit.
            errorLine(output, QStringLiteral("frame of %1 bytes exceeds the %2 byte limit")
                                  .arg(frameSize)
                                  .arg(protocol::maxFrameSize));
            bad = true;
        } else {
            const protocol::Event event = protocol::parseEvent(frame);
            if (event.type == protocol::EventType::Invalid) {
                errorLine(output, event.reason);
                bad = true;
            } else {
                describe(output, event, options);
            }
        }
        anyBad = anyBad || bad;
        output += '\n';
        if (output.size() >= flushAt)
            writeAll(output);
    };

    while (true) {
        // Every complete line in the buffer.
        while (true) {
            const qsizetype newline = input.indexOf('\n', scanned);
            if (newline < 0) {
                scanned = input.size();
                break;
            }
            const QByteArrayView frame(input.constData() + start, newline + 1 - start);
            if (discarded > 0) {
                discardedText = discardedText || !isBlank(frame);
                if (discardedText)
                    answer({}, true, discarded + frame.size());
                discarded = 0;
                discardedText = false;
            } else if (!isBlank(frame)) {
                answer(frame, frame.size() > protocol::maxFrameSize, frame.size());
            }
            start = scanned = newline + 1;
        }
        // The rest of the buffer begins a line: keep it (moved to the front), unless it is already over the cap.
        const qsizetype pending = input.size() - start;
        if (pending > protocol::maxFrameSize) {
            const QByteArrayView part(input.constData() + start, pending);
            discardedText = discardedText || !isBlank(part);
            discarded += pending;
            input.clear();
        } else {
            input.remove(0, start);
        }
        start = 0;
        scanned = input.size();
        if (atEnd)
            break;
        // Nothing left to answer before the next read: what was written so far goes out now.
        if (!output.isEmpty())
            writeAll(output);
        const qsizetype at = input.size();
        input.resize(at + chunk);
        const qsizetype n = readSome(input.data() + at, chunk);
        input.resize(at + std::max<qsizetype>(n, 0));
        if (n <= 0) {
            atEnd = true;
            // The last line without a newline.
            if (discarded > 0 || !input.isEmpty()) {
                const QByteArrayView rest(input);
                if (discarded > 0) {
                    discardedText = discardedText || !isBlank(rest);
                    if (discardedText)
                        answer({}, true, discarded + rest.size());
                } else if (!isBlank(rest)) {
                    answer(rest, rest.size() > protocol::maxFrameSize, rest.size());
                }
            }
            break;
        }
    }
    if (!output.isEmpty())
        writeAll(output);
    return anyBad ? ExitBadInput : ExitOk;
}
