// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/action.h"

#include "core/protocol/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace protocol {

namespace {

QJsonArray toArray(const QStringList& list)
{
    QJsonArray array;
    for (const QString& item : list)
        array.append(item);
    return array;
}

QString goKind(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("string");
    }
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Length of the first JSON value in `text` starting at `pos` (Go's Decoder reads only that), or -1 when the
// text ends inside it. Syntax inside the value is checked later by the real parser.
qsizetype firstValueEnd(QByteArrayView text, qsizetype pos)
{
    const char first = text[pos];
    if (first == '{' || first == '[') {
        int depth = 0;
        bool inString = false;
        for (qsizetype i = pos; i < text.size(); ++i) {
            const char c = text[i];
            if (inString) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return -1;
    }
    if (first == '"') {
        for (qsizetype i = pos + 1; i < text.size(); ++i) {
            if (text[i] == '\\')
                ++i;
            else if (text[i] == '"')
                return i + 1;
        }
        return -1;
    }
    qsizetype i = pos;
    while (i < text.size() && !isJsonSpace(text[i]) && text[i] != '{' && text[i] != '[' && text[i] != '"')
        ++i;
    return i;
}

QString invalidCharacter(char c, const char* context)
{
    const QString shown = (c >= 0x20 && c < 0x7f) ? QString(QLatin1Char(c))
                                                  : QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
    return QStringLiteral("invalid character '%1' %2").arg(shown, QLatin1String(context));
}

} // namespace

QStringList builtinActions()
{
    return {actions::ping.toString(),    actions::lsol.toString(),    actions::sub.toString(),
            actions::unsub.toString(),   actions::lsunsub.toString(), actions::ls.toString(),
            actions::procinf.toString(), actions::regapi.toString(),  actions::lsapi.toString(),
            actions::resp.toString()};
}

QByteArray encodeAction(QStringView action, const QJsonValue& data, QStringView id)
{
    // Member order action, data, id; the server does not care, but it reads naturally in logs and captures.
    QByteArray frame = QByteArrayLiteral("{\"action\":") + goJson(action.toString());
    if (!data.isUndefined())
        frame += QByteArrayLiteral(",\"data\":") + goJson(data);
    if (!id.isEmpty())
        frame += QByteArrayLiteral(",\"id\":") + goJson(id.toString());
    return frame + '}';
}

QByteArray pingAction(QStringView id)
{
    return encodeAction(actions::ping, QJsonValue::Undefined, id);
}

QByteArray lsolAction(QStringView id)
{
    return encodeAction(actions::lsol, QJsonValue::Undefined, id);
}

QByteArray subAction(const QStringList& events, QStringView id)
{
    return encodeAction(actions::sub, toArray(events), id);
}

QByteArray unsubAction(const QStringList& events, QStringView id)
{
    return encodeAction(actions::unsub, toArray(events), id);
}

QByteArray lsunsubAction(QStringView id)
{
    return encodeAction(actions::lsunsub, QJsonValue::Undefined, id);
}

QByteArray lsAction(QStringView id)
{
    return encodeAction(actions::ls, QJsonValue::Undefined, id);
}

QByteArray procinfAction(QStringView id)
{
    return encodeAction(actions::procinf, QJsonValue::Undefined, id);
}

QByteArray regapiAction(const QStringList& names, QStringView id)
{
    return encodeAction(actions::regapi, toArray(names), id);
}

QByteArray lsapiAction(QStringView id)
{
    return encodeAction(actions::lsapi, QJsonValue::Undefined, id);
}

QByteArray respAction(qint64 uid, QStringView action, const QJsonValue& data, QStringView id)
{
    QJsonObject object{{QStringLiteral("uid"), uid},
                       {QStringLiteral("action"), action.toString()},
                       {QStringLiteral("data"), data.isUndefined() ? QJsonValue() : data}};
    return encodeAction(actions::resp, object, id);
}

QByteArray robotCallAction(QStringView action, qint64 bot, const QJsonValue& data, QStringView id)
{
    QJsonObject object{{QStringLiteral("bot"), bot},
                       {QStringLiteral("data"), data.isUndefined() ? QJsonValue() : data}};
    return encodeAction(action, object, id);
}

Action parseAction(QByteArrayView frame)
{
    Action result;
    if (frame.size() > maxFrameSize) {
        result.error = QStringLiteral("frame too large");
        return result;
    }
    qsizetype pos = 0;
    while (pos < frame.size() && isJsonSpace(frame[pos]))
        ++pos;
    if (pos == frame.size()) {
        result.error = QStringLiteral("EOF");
        return result;
    }
    const char first = frame[pos];
    const bool scalarStart =
        first == '"' || first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f' || first == 'n';
    if (first != '{' && first != '[' && !scalarStart) {
        result.error = invalidCharacter(first, "looking for beginning of value");
        return result;
    }
    const qsizetype end = firstValueEnd(frame, pos);
    if (end < 0) {
        result.error = QStringLiteral("unexpected EOF");
        return result;
    }
    // Wrap in an array so that scalars parse too (QJsonDocument only takes arrays and objects at the top).
    const QByteArray wrapped = '[' + frame.sliced(pos, end - pos).toByteArray() + ']';
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError) {
        const qsizetype at = qBound(qsizetype(0), qsizetype(error.offset) - 1, wrapped.size() - 1);
        result.error = error.error == QJsonParseError::UnterminatedObject ||
                               error.error == QJsonParseError::UnterminatedArray ||
                               error.error == QJsonParseError::UnterminatedString
                           ? QStringLiteral("unexpected EOF")
                           : invalidCharacter(wrapped[at], "in JSON value");
        return result;
    }
    const QJsonValue value = doc.array().at(0);
    if (value.isNull()) {
        // Go leaves the struct untouched: an empty action, which the server then calls unsupported.
        result.ok = true;
        return result;
    }
    if (!value.isObject()) {
        result.error = QStringLiteral("json: cannot unmarshal %1 into Go value of type BotCmd").arg(goKind(value));
        return result;
    }
    // encoding/json matches member names case-insensitively, the exact spelling winning.
    const QJsonObject object = value.toObject();
    QJsonValue action;
    QJsonValue data = QJsonValue::Undefined;
    QJsonValue id;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key().toLower();
        if (key == u"action" && (action.isNull() || it.key() == u"action"))
            action = it.value();
        else if (key == u"data" && (data.isUndefined() || it.key() == u"data"))
            data = it.value();
        else if (key == u"id" && (id.isNull() || it.key() == u"id"))
            id = it.value();
    }
    if (!id.isNull() && !id.isString()) {
        result.error =
            QStringLiteral("json: cannot unmarshal %1 into Go struct field BotCmd.id of type string").arg(goKind(id));
        return result;
    }
    if (!action.isNull() && !action.isString()) {
        result.error = QStringLiteral("json: cannot unmarshal %1 into Go struct field BotCmd.action of type string")
                           .arg(goKind(action));
        return result;
    }
    result.ok = true;
    result.name = action.toString();
    result.data = data;
    result.id = id.toString();
    return result;
}

} // namespace protocol
