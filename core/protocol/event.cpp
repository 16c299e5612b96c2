// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace protocol {

namespace {

struct NamedType
{
    QStringView name;
    EventType type;
};

constexpr NamedType namedTypes[] = {
    {u"connected", EventType::Connected},
    {u"ping", EventType::Ping},
    {u"msg", EventType::Msg},
    {u"online", EventType::Online},
    {u"offline", EventType::Offline},
    {u"lsol", EventType::Lsol},
    {u"sub", EventType::Sub},
    {u"unsub", EventType::Unsub},
    {u"lsunsub", EventType::Lsunsub},
    {u"ls", EventType::Ls},
    {u"procinf", EventType::Procinf},
    {u"regapi", EventType::Regapi},
    {u"lsapi", EventType::Lsapi},
    {u"ack", EventType::Ack},
    {u"error", EventType::Error},
    {u"disconnecting", EventType::Disconnecting},
    {u"req", EventType::Request},
};

std::optional<EventType> typeForName(QStringView name)
{
    for (const auto& entry : namedTypes) {
        if (entry.name == name)
            return entry.type;
    }
    return std::nullopt;
}

// JSON numbers are doubles; accept only exact integers that fit (no 1.5, no 1e300).
std::optional<qint64> toInteger(const QJsonValue& value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    constexpr double limit = 9007199254740992.0; // 2^53: beyond it doubles are not exact integers
    if (!std::isfinite(d) || std::trunc(d) != d || std::abs(d) > limit)
        return std::nullopt;
    return static_cast<qint64>(d);
}

std::optional<qint64> toUidKey(const QString& key)
{
    bool ok = false;
    const qint64 uid = key.toLongLong(&ok);
    if (!ok || QString::number(uid) != key)
        return std::nullopt;
    return uid;
}

std::optional<QStringList> toStringList(const QJsonValue& value)
{
    if (!value.isArray())
        return std::nullopt;
    QStringList list;
    const QJsonArray array = value.toArray();
    list.reserve(array.size());
    for (const QJsonValue& item : array) {
        if (!item.isString())
            return std::nullopt;
        list.append(item.toString());
    }
    return list;
}

bool parseMsg(const QJsonValue& data, Msg& msg, QString& reason)
{
    if (!data.isObject()) {
        reason = QStringLiteral("msg data is not an object");
        return false;
    }
    const QJsonObject o = data.toObject();
    const auto id = toInteger(o.value(u"id"));
    const auto touid = toInteger(o.value(u"touid"));
    const auto byuid = toInteger(o.value(u"byuid"));
    const auto type = toInteger(o.value(u"type"));
    if (!id || *id <= 0 || !touid || !byuid || !type) {
        reason = QStringLiteral("msg data lacks integer id/touid/byuid/type");
        return false;
    }
    if (*type != 0 && *type != 1) {
        reason = QStringLiteral("msg type %1 is neither 0 nor 1").arg(*type);
        return false;
    }
    const QJsonValue content = o.value(u"content");
    if (!content.isString()) {
        reason = QStringLiteral("msg content is not a string");
        return false;
    }
    // isread and ctime carry no information on the real server (always 0 and the zero time); accept them loosely.
    const QJsonValue isread = o.value(u"isread");
    if (!isread.isUndefined() && !toInteger(isread)) {
        reason = QStringLiteral("msg isread is not an integer");
        return false;
    }
    msg.id = *id;
    msg.touid = *touid;
    msg.byuid = *byuid;
    msg.type = static_cast<int>(*type);
    msg.isread = static_cast<int>(toInteger(isread).value_or(0));
    msg.content = content.toString();
    msg.ctime = o.value(u"ctime").toString();
    return true;
}

bool parsePresence(const QJsonValue& data, Presence& presence, QString& reason)
{
    const QJsonObject o = data.toObject();
    const auto uid = toInteger(o.value(u"uid"));
    const auto count = toInteger(o.value(u"count"));
    if (!data.isObject() || !uid || !count) {
        reason = QStringLiteral("presence data lacks integer uid/count");
        return false;
    }
    // Only robot accounts (negative uids) produce presence events; counts are live connections.
    if (*uid >= 0 || *count < 0 || *count > std::numeric_limits<int>::max()) {
        reason = QStringLiteral("presence uid/count out of range");
        return false;
    }
    presence = {*uid, static_cast<int>(*count)};
    return true;
}

bool parseOnlineMap(const QJsonValue& data, QMap<qint64, int>& online, QString& reason)
{
    if (!data.isObject()) {
        reason = QStringLiteral("lsol data is not an object");
        return false;
    }
    const QJsonObject o = data.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const auto uid = toUidKey(it.key());
        const auto count = toInteger(it.value());
        if (!uid || *uid > 0 || !count || *count < 0 || *count > std::numeric_limits<int>::max()) {
            reason = QStringLiteral("lsol entry is not a robot uid with a count");
            return false;
        }
        online.insert(*uid, static_cast<int>(*count));
    }
    return true;
}

bool parseApiMap(const QJsonValue& data, QMap<qint64, QStringList>& apis, QString& reason)
{
    if (!data.isObject()) {
        reason = QStringLiteral("lsapi data is not an object");
        return false;
    }
    const QJsonObject o = data.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const auto uid = toUidKey(it.key());
        auto names = toStringList(it.value());
        if (!uid || !names) {
            reason = QStringLiteral("lsapi entry is not a uid with a list of names");
            return false;
        }
        apis.insert(*uid, *names);
    }
    return true;
}

// The robot-API response shape {"bot": <int>, "data": <any>} (spec §6.6). Any logged-in user can send it under
// any event name, so a known name with this shape is a forgery, not the event.
bool isRobotResponse(const QJsonValue& data, RobotCall& call)
{
    if (!data.isObject())
        return false;
    const QJsonObject o = data.toObject();
    const auto bot = toInteger(o.value(u"bot"));
    if (!bot || !o.contains(u"data") || o.size() != 2)
        return false;
    call.uid = *bot;
    call.data = o.value(u"data");
    return true;
}

// Fills `event` for a known name. Returns false with a reason when the data has the wrong shape.
bool parseKnown(EventType type, const QJsonObject& frame, Event& event, QString& reason)
{
    const bool hasData = frame.contains(u"data");
    const QJsonValue data = frame.value(u"data");
    const auto needString = [&](QStringView what) {
        if (!data.isString()) {
            reason = what + QStringLiteral(" data is not a string");
            return false;
        }
        event.text = data.toString();
        return true;
    };

    switch (type) {
    case EventType::Connected:
        if (hasData && !data.isNull()) {
            reason = QStringLiteral("connected carries data");
            return false;
        }
        return true;
    case EventType::Ping:
        return needString(u"ping");
    case EventType::Ack:
        return needString(u"ack");
    case EventType::Error:
        return needString(u"error");
    case EventType::Disconnecting:
        return needString(u"disconnecting");
    case EventType::Sub:
        return needString(u"sub");
    case EventType::Unsub:
        return needString(u"unsub");
    case EventType::Regapi:
        return needString(u"regapi");
    case EventType::Msg:
        return parseMsg(data, event.msg, reason);
    case EventType::Online:
    case EventType::Offline:
        return parsePresence(data, event.presence, reason);
    case EventType::Lsol:
        return parseOnlineMap(data, event.online, reason);
    case EventType::Lsapi:
        return parseApiMap(data, event.apis, reason);
    case EventType::Lsunsub:
        if (data.isNull()) {
            event.names = std::nullopt;
            return true;
        }
        event.names = toStringList(data);
        if (!event.names)
            reason = QStringLiteral("lsunsub data is neither null nor a list of names");
        return event.names.has_value();
    case EventType::Ls:
        event.names = toStringList(data);
        if (!event.names)
            reason = QStringLiteral("ls data is not a list of names");
        return event.names.has_value();
    case EventType::Procinf: {
        const QJsonValue started = data.toObject().value(u"started");
        if (!data.isObject() || !started.isString()) {
            reason = QStringLiteral("procinf data lacks a started text");
            return false;
        }
        event.started = started.toString();
        event.startedMs = parseGoDuration(event.started);
        return true;
    }
    case EventType::Request: {
        const QJsonObject o = data.toObject();
        const auto uid = toInteger(o.value(u"uid"));
        if (!data.isObject() || !uid || !o.value(u"action").isString()) {
            reason = QStringLiteral("req data lacks uid/action");
            return false;
        }
        event.call = {*uid, o.value(u"action").toString(), o.value(u"data")};
        return true;
    }
    case EventType::RobotResponse:
    case EventType::Unknown:
    case EventType::Invalid:
        break;
    }
    return false;
}

} // namespace

Event parseEvent(QByteArrayView frame)
{
    Event event;
    if (frame.size() > maxFrameSize) {
        event.reason =
            QStringLiteral("frame of %1 bytes exceeds the %2 byte limit").arg(frame.size()).arg(maxFrameSize);
        return event;
    }
    QJsonParseError error{};
    // The parser only reads the bytes during the call: no copy of the frame.
    const QByteArrayView trimmed = frame.trimmed();
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(trimmed.data(), trimmed.size()), &error);
    if (error.error != QJsonParseError::NoError) {
        event.reason = QStringLiteral("not JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset);
        return event;
    }
    if (!doc.isObject()) {
        event.reason = QStringLiteral("frame is not a JSON object");
        return event;
    }
    const QJsonObject object = doc.object();
    const QJsonValue name = object.value(u"event");
    if (!name.isString() || name.toString().isEmpty()) {
        event.reason = QStringLiteral("frame has no event name");
        return event;
    }
    event.name = name.toString();

    QString reason;
    if (const auto type = typeForName(event.name)) {
        if (parseKnown(*type, object, event, reason)) {
            event.type = *type;
            return event;
        }
    }
    if (isRobotResponse(object.value(u"data"), event.call)) {
        event.type = EventType::RobotResponse;
        event.call.action = event.name;
        return event;
    }
    if (!reason.isEmpty()) {
        event.type = EventType::Invalid;
        event.reason = reason;
        return event;
    }
    event.type = EventType::Unknown;
    event.reason = QStringLiteral("unknown event");
    return event;
}

QString eventName(EventType type)
{
    for (const auto& entry : namedTypes) {
        if (entry.type == type)
            return entry.name.toString();
    }
    return {};
}

qint64 parseGoDuration(QStringView text)
{
    // Go's time.Duration.String(): [-]{N h}{N m}{N[.frac] s|ms|µs|us|ns}, or "0s".
    if (text.isEmpty())
        return -1;
    double totalMs = 0;
    qsizetype i = 0;
    bool negative = false;
    if (text.startsWith(u'-')) {
        negative = true;
        ++i;
    }
    if (i >= text.size())
        return -1;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && (text[i].isDigit() || text[i] == u'.'))
            ++i;
        if (i == start)
            return -1;
        bool ok = false;
        const double number = text.mid(start, i - start).toDouble(&ok);
        if (!ok)
            return -1;
        const qsizetype unitStart = i;
        while (i < text.size() && !text[i].isDigit() && text[i] != u'.')
            ++i;
        const QStringView unit = text.mid(unitStart, i - unitStart);
        double factor = 0;
        if (unit == u"h")
            factor = 3600000.0;
        else if (unit == u"m")
            factor = 60000.0;
        else if (unit == u"s")
            factor = 1000.0;
        else if (unit == u"ms")
            factor = 1.0;
        else if (unit == u"us" || unit == u"\u00b5s" || unit == u"\u03bcs")
            factor = 0.001;
        else if (unit == u"ns")
            factor = 0.000001;
        else
            return -1;
        totalMs += number * factor;
    }
    if (negative || totalMs > 9.0e15)
        return -1;
    return static_cast<qint64>(totalMs);
}

QString formatGoDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    if (ms < 1000)
        return QString::number(ms) + QStringLiteral("ms");
    const qint64 hours = ms / 3600000;
    const qint64 minutes = (ms / 60000) % 60;
    const qint64 millis = ms % 60000;
    QString text;
    if (hours > 0)
        text += QString::number(hours) + u'h';
    if (hours > 0 || minutes > 0)
        text += QString::number(minutes) + u'm';
    QString seconds = QString::number(millis / 1000);
    if (millis % 1000 != 0) {
        QString frac = QStringLiteral("%1").arg(millis % 1000, 3, 10, QLatin1Char('0'));
        while (frac.endsWith(u'0'))
            frac.chop(1);
        seconds += u'.' + frac;
    }
    return text + seconds + u's';
}

} // namespace protocol
