// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace protocol {

namespace {

// Go's encoding/json escapes these inside strings so that JSON can be embedded in HTML; the real server's frames
// carry them, so a compatible server must too. They only ever occur inside strings in compact JSON.
QByteArray goEscape(QByteArray json)
{
    if (!json.contains('<') && !json.contains('>') && !json.contains('&') && !json.contains("\xe2\x80\xa8") &&
        !json.contains("\xe2\x80\xa9")) {
        return json;
    }
    json.replace('<', "\\u003c");
    json.replace('>', "\\u003e");
    json.replace('&', "\\u0026");
    json.replace("\xe2\x80\xa8", "\\u2028");
    json.replace("\xe2\x80\xa9", "\\u2029");
    return json;
}

QByteArray compact(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    case QJsonValue::Array:
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return QByteArrayLiteral("null");
    default: {
        // Wrap a scalar in an array to reuse Qt's number and string formatting, then strip the brackets.
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2);
    }
    }
}

QByteArray frame(QStringView name, const QByteArray& dataJson)
{
    return QByteArrayLiteral("{\"event\":") + goJson(name.toString()) + QByteArrayLiteral(",\"data\":") + dataJson +
           QByteArrayLiteral("}\n");
}

} // namespace

QByteArray goJson(const QJsonValue& value)
{
    // QJsonObject keeps its keys sorted by UTF-16 code units, which equals Go's byte order for the ASCII keys
    // the protocol uses (uid keys such as "-150" < "-50").
    return goEscape(compact(value));
}

QByteArray encodeConnected()
{
    return QByteArrayLiteral("{\"event\": \"connected\"}");
}

QByteArray encodeEvent(QStringView name, const QJsonValue& data)
{
    return frame(name, goJson(data));
}

QByteArray encodeMsg(const Msg& msg)
{
    QByteArray data = QByteArrayLiteral("{\"id\":") + QByteArray::number(msg.id) + QByteArrayLiteral(",\"touid\":") +
                      QByteArray::number(msg.touid) + QByteArrayLiteral(",\"byuid\":") + QByteArray::number(msg.byuid) +
                      QByteArrayLiteral(",\"type\":") + QByteArray::number(msg.type) +
                      QByteArrayLiteral(",\"isread\":") + QByteArray::number(msg.isread) +
                      QByteArrayLiteral(",\"content\":") + goJson(msg.content) + QByteArrayLiteral(",\"ctime\":") +
                      goJson(msg.ctime) + '}';
    return frame(u"msg", data);
}

QByteArray encodePresence(EventType type, const Presence& presence)
{
    const QByteArray data = QByteArrayLiteral("{\"uid\":") + QByteArray::number(presence.uid) +
                            QByteArrayLiteral(",\"count\":") + QByteArray::number(presence.count) + '}';
    return frame(eventName(type), data);
}

QByteArray encodeRobotResponse(QStringView name, qint64 bot, const QJsonValue& data)
{
    return frame(name, QByteArrayLiteral("{\"bot\":") + QByteArray::number(bot) + QByteArrayLiteral(",\"data\":") +
                           goJson(data) + '}');
}

QByteArray encodeRequest(qint64 uid, QStringView action, const QJsonValue& data)
{
    return frame(u"req", QByteArrayLiteral("{\"uid\":") + QByteArray::number(uid) + QByteArrayLiteral(",\"action\":") +
                             goJson(action.toString()) + QByteArrayLiteral(",\"data\":") + goJson(data) + '}');
}

} // namespace protocol
