// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstring>

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

// ---- Fast path for the frame every push is: {"event":"msg","data":{id,touid,byuid,type,isread,content,ctime}} ----
//
// QJsonDocument builds a whole tree for it and was a quarter of the client's per-message work (parse + render). This
// scanner reads exactly that shape and gives up (std::nullopt) on anything else: other events, other or repeated
// members, numbers that are not plain integers, escapes of surrogates or NUL, invalid UTF-8, control characters,
// invalid values... parseEvent() then takes the general path, so the result is always the one QJsonDocument gives
// (a test compares both over the fixtures and mutations of them).
class MsgFrameScanner
{
public:
    explicit MsgFrameScanner(QByteArrayView frame)
        : m_p(frame.data())
        , m_end(frame.data() + frame.size())
    {
    }

    std::optional<Msg> scan()
    {
        if (!scanFrame() || !m_id || !m_touid || !m_byuid || !m_type || !m_content || *m_id <= 0 ||
            (*m_type != 0 && *m_type != 1) || !m_isEvent)
            return std::nullopt;
        Msg msg;
        msg.id = *m_id;
        msg.touid = *m_touid;
        msg.byuid = *m_byuid;
        msg.type = static_cast<int>(*m_type);
        msg.isread = static_cast<int>(m_isread.value_or(0));
        msg.content = std::move(*m_content);
        msg.ctime = m_ctime.value_or(QString());
        return msg;
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool expect(char c)
    {
        skipSpace();
        if (m_p >= m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    // A plain member name (ASCII letters only: every name this shape has).
    std::optional<QByteArrayView> name()
    {
        if (!expect('"'))
            return std::nullopt;
        const char* start = m_p;
        while (m_p < m_end && ((*m_p >= 'a' && *m_p <= 'z') || (*m_p >= 'A' && *m_p <= 'Z')))
            ++m_p;
        if (m_p >= m_end || *m_p != '"')
            return std::nullopt;
        const QByteArrayView result(start, m_p - start);
        ++m_p;
        if (!expect(':'))
            return std::nullopt;
        return result;
    }

    // -?(0|[1-9][0-9]{0,14}) followed by a delimiter: exact in a double, so QJsonValue would hold the same integer.
    std::optional<qint64> integer()
    {
        skipSpace();
        const bool negative = m_p < m_end && *m_p == '-';
        if (negative)
            ++m_p;
        const char* start = m_p;
        qint64 value = 0;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 16)
            value = value * 10 + (*m_p++ - '0');
        const qsizetype digits = m_p - start;
        if (digits == 0 || digits > 15 || (digits > 1 && *start == '0'))
            return std::nullopt;
        if (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ' ' && *m_p != '\t' && *m_p != '\n' && *m_p != '\r')
            return std::nullopt; // a fraction, an exponent or garbage: the general path decides
        return negative ? -value : value;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // Length of a valid UTF-8 sequence of non-ASCII code point at `p` (no overlongs, no surrogates, <= U+10FFFF), or 0.
    static qsizetype utf8Length(const uchar* p, const uchar* end)
    {
        const uchar b = p[0];
        qsizetype n = 0;
        char32_t min = 0;
        char32_t cp = 0;
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
            min = 0x80;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            min = 0x800;
            cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            min = 0x10000;
            cp = b & 0x07;
        } else {
            return 0;
        }
        if (end - p < n)
            return 0;
        for (qsizetype i = 1; i < n; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        return n;
    }

    // Where the string starting after the opening quote at `p` ends (its closing quote), or nullptr.
    const char* closingQuote(const char* p) const
    {
        while (p < m_end) {
            const char* quote = static_cast<const char*>(std::memchr(p, '"', std::size_t(m_end - p)));
            if (!quote)
                return nullptr;
            qsizetype backslashes = 0;
            for (const char* b = quote; b > p && b[-1] == '\\'; --b)
                ++backslashes;
            if (backslashes % 2 == 0)
                return quote;
            p = quote + 1;
        }
        return nullptr;
    }

    // Decoded straight into UTF-16 (at most one unit per input byte); the UTF-8 is checked on the way.
    std::optional<QString> string()
    {
        if (!expect('"'))
            return std::nullopt;
        const char* close = closingQuote(m_p);
        if (!close)
            return std::nullopt;
        QString out(close - m_p, Qt::Uninitialized);
        char16_t* dst = reinterpret_cast<char16_t*>(out.data());
        const char16_t* const begin = dst;
        while (m_p < close) {
            const uchar c = static_cast<uchar>(*m_p);
            if (c < 0x20)
                return std::nullopt;
            if (c >= 0x80) {
                const qsizetype n =
                    utf8Length(reinterpret_cast<const uchar*>(m_p), reinterpret_cast<const uchar*>(close));
                if (n == 0)
                    return std::nullopt;
                const auto* b = reinterpret_cast<const uchar*>(m_p);
                if (n == 2) {
                    *dst++ = char16_t(((b[0] & 0x1F) << 6) | (b[1] & 0x3F));
                } else if (n == 3) {
                    *dst++ = char16_t(((b[0] & 0x0F) << 12) | ((b[1] & 0x3F) << 6) | (b[2] & 0x3F));
                } else {
                    const char32_t cp =
                        ((b[0] & 0x07) << 18) | ((b[1] & 0x3F) << 12) | ((b[2] & 0x3F) << 6) | (b[3] & 0x3F);
                    *dst++ = QChar::highSurrogate(cp);
                    *dst++ = QChar::lowSurrogate(cp);
                }
                m_p += n;
                continue;
            }
            if (c != '\\') {
                *dst++ = c;
                ++m_p;
                continue;
            }
            if (close - m_p < 2)
                return std::nullopt;
            const char e = m_p[1];
            m_p += 2;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                *dst++ = char16_t(e);
                break;
            case 'b':
                *dst++ = u'\b';
                break;
            case 'f':
                *dst++ = u'\f';
                break;
            case 'n':
                *dst++ = u'\n';
                break;
            case 'r':
                *dst++ = u'\r';
                break;
            case 't':
                *dst++ = u'\t';
                break;
            case 'u': {
                if (close - m_p < 4)
                    return std::nullopt;
                int code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(m_p[i]);
                    if (h < 0)
                        return std::nullopt;
                    code = code * 16 + h;
                }
                if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
                    return std::nullopt; // pairs and NUL: the general path
                *dst++ = char16_t(code);
                m_p += 4;
                break;
            }
            default:
                return std::nullopt;
            }
        }
        ++m_p; // the closing quote
        out.truncate(dst - begin);
        return out;
    }

    template<typename T>
    static bool setOnce(std::optional<T>& member, std::optional<T> value)
    {
        if (member || !value)
            return false;
        member = std::move(value);
        return true;
    }

    bool dataObject()
    {
        if (!expect('{'))
            return false;
        skipSpace();
        if (m_p < m_end && *m_p == '}')
            return false; // empty data: not a msg
        do {
            const auto key = name();
            if (!key)
                return false;
            // Each member at most once, and only the members of a msg: anything else is for the general path.
            bool ok = false;
            if (*key == "id")
                ok = setOnce(m_id, integer());
            else if (*key == "touid")
                ok = setOnce(m_touid, integer());
            else if (*key == "byuid")
                ok = setOnce(m_byuid, integer());
            else if (*key == "type")
                ok = setOnce(m_type, integer());
            else if (*key == "isread")
                ok = setOnce(m_isread, integer());
            else if (*key == "content")
                ok = setOnce(m_content, string());
            else if (*key == "ctime")
                ok = setOnce(m_ctime, string());
            if (!ok)
                return false;
        } while (expect(','));
        return expect('}');
    }

    bool scanFrame()
    {
        if (!expect('{'))
            return false;
        bool hasEvent = false;
        bool hasData = false;
        do {
            const auto key = name();
            if (!key)
                return false;
            if (*key == "event" && !hasEvent) {
                hasEvent = true;
                const auto value = string();
                if (!value)
                    return false;
                m_isEvent = *value == u"msg";
            } else if (*key == "data" && !hasData) {
                hasData = true;
                if (!dataObject())
                    return false;
            } else {
                return false;
            }
        } while (expect(','));
        if (!expect('}'))
            return false;
        skipSpace();
        return m_p == m_end && hasEvent && hasData;
    }

    const char* m_p;
    const char* m_end;
    bool m_isEvent = false;
    std::optional<qint64> m_id;
    std::optional<qint64> m_touid;
    std::optional<qint64> m_byuid;
    std::optional<qint64> m_type;
    std::optional<qint64> m_isread;
    std::optional<QString> m_content;
    std::optional<QString> m_ctime;
};

} // namespace

Event parseEvent(QByteArrayView frame)
{
    if (frame.size() <= maxFrameSize) {
        if (std::optional<Msg> msg = MsgFrameScanner(frame.trimmed()).scan()) {
            Event event;
            event.type = EventType::Msg;
            event.name = QStringLiteral("msg");
            event.msg = std::move(*msg);
            return event;
        }
    }
    return parseEventWithQJson(frame);
}

Event parseEventWithQJson(QByteArrayView frame)
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
