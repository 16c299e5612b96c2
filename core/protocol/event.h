// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace protocol {

/// The server -> client events of spec/push-protocol.md §5, plus two results for frames we cannot act on.
enum class EventType {
    Connected,     ///< greeting after a successful sid check; no data
    Ping,          ///< reply to the ping action; text = "pong"
    Msg,           ///< new inbox message or @-mention; see Msg
    Online,        ///< a robot connection was registered; see Presence
    Offline,       ///< a robot connection ended; see Presence
    Lsol,          ///< reply to lsol: online robots; see Event::online
    Sub,           ///< reply to sub; text = "ok"
    Unsub,         ///< reply to unsub; text = "ok"
    Lsunsub,       ///< reply to lsunsub; Event::names (nullopt when the server said null)
    Ls,            ///< reply to ls; Event::names
    Procinf,       ///< reply to procinf; Event::started (Go duration text) and startedMs
    Regapi,        ///< reply to regapi; text = "ok"
    Lsapi,         ///< reply to lsapi; Event::apis
    Ack,           ///< a frame with an id was received; text = the id
    Error,         ///< the server refused a frame; text = its message
    Disconnecting, ///< the connection limit is about to drop this connection; text = the reason
    Request,       ///< "req": a robot API call addressed to us; see RobotCall. Clients ignore it.
    RobotResponse, ///< any other name with {"bot":int,"data":any}: a robot API response (or a forgery)
    Unknown,       ///< valid frame, unrecognised event name or shape; reason says why
    Invalid,       ///< not a JSON object, no event name, or a known name with the wrong data shape
};

/// A `msg` event's data (spec §6.1). content is the raw JSON text of the segment array.
struct Msg
{
    qint64 id = 0;
    qint64 touid = 0;
    qint64 byuid = 0;
    int type = 0; ///< 0 inbox (内信), 1 @-mention (@消息)
    int isread = 0;
    QString content;
    QString ctime;

    friend bool operator==(const Msg&, const Msg&) = default;
};

/// `online` / `offline` data: the robot uid and its live connection count after the change.
struct Presence
{
    qint64 uid = 0;
    int count = 0;

    friend bool operator==(const Presence&, const Presence&) = default;
};

/// `req` data (a call to us) and, reused, the robot-API response addressed to us.
struct RobotCall
{
    qint64 uid = 0;  ///< req: the caller; response: the bot that answered
    QString action;  ///< req: the API name; response: the event name
    QJsonValue data; ///< anything

    friend bool operator==(const RobotCall&, const RobotCall&) = default;
};

/// One parsed server frame. Only the members belonging to `type` are meaningful.
struct Event
{
    EventType type = EventType::Invalid;
    QString name;   ///< the event name as received (empty when there was none)
    QString text;   ///< ping, ack, error, disconnecting, sub/unsub/regapi replies
    QString reason; ///< for Unknown / Invalid: why the frame could not be used
    Msg msg;
    Presence presence;
    QMap<qint64, int> online;         ///< lsol: robot uid -> connection slots
    std::optional<QStringList> names; ///< lsunsub (nullopt = null), ls
    QMap<qint64, QStringList> apis;   ///< lsapi: uid -> registered API names
    QString started;                  ///< procinf: Go duration text
    qint64 startedMs = -1;            ///< procinf: the duration in ms, -1 if it did not parse
    RobotCall call;                   ///< req / robot response

    bool isValid() const { return type != EventType::Invalid && type != EventType::Unknown; }
};

/// Largest frame parseEvent() accepts; larger ones are Invalid without being parsed.
constexpr qsizetype maxFrameSize = 4 * 1024 * 1024;

/// Parses one text frame. Never throws; bad input yields Invalid/Unknown with a reason.
/// Trailing whitespace (the Go encoder's '\n') is ignored.
Event parseEvent(QByteArrayView frame);
/// parseEvent() without its fast path for msg frames (always through QJsonDocument): for tests that check both agree.
Event parseEventWithQJson(QByteArrayView frame);

/// The wire name of a type ("connected", "msg", ...); empty for Unknown/Invalid/RobotResponse.
QString eventName(EventType type);

/// Parses a Go duration text such as "26h3m7.52s" or "412h37m5.123456789s" into milliseconds; -1 on error.
qint64 parseGoDuration(QStringView text);
/// Formats milliseconds as a Go duration text ("1h2m3.5s", "0s").
QString formatGoDuration(qint64 ms);

// ---- Server side: encoding frames exactly as the real server does (spec §1). ----

/// The literal greeting `{"event": "connected"}` (space after the colon, no newline).
QByteArray encodeConnected();
/// `{"event":NAME,"data":DATA}\n` with Go's escaping (<, >, & as \u003c..., U+2028/9 escaped).
/// Object members come out sorted by key, as Go sorts map keys. An undefined data writes null.
QByteArray encodeEvent(QStringView name, const QJsonValue& data);
/// The msg event with its members in the server's order: id, touid, byuid, type, isread, content, ctime.
QByteArray encodeMsg(const Msg& msg);
/// An online/offline event: {"event":"online","data":{"uid":-50,"count":1}}\n (uid before count).
QByteArray encodePresence(EventType type, const Presence& presence);
/// A robot API response: {"event":NAME,"data":{"bot":UID,"data":DATA}}\n.
QByteArray encodeRobotResponse(QStringView name, qint64 bot, const QJsonValue& data);
/// A req event: {"event":"req","data":{"uid":UID,"action":NAME,"data":DATA}}\n.
QByteArray encodeRequest(qint64 uid, QStringView action, const QJsonValue& data);

/// Serialises a JSON value compactly with Go's escaping; objects sorted by key.
QByteArray goJson(const QJsonValue& value);

} // namespace protocol
