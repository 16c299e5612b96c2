// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/phpjson.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace server {

namespace {

void writeString(QByteArray& out, const QString& text)
{
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8.at(i));
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += QByteArray::number(c, 16).rightJustified(2, '0');
            } else if (c == 0xE2 && i + 2 < utf8.size() && static_cast<unsigned char>(utf8.at(i + 1)) == 0x80 &&
                       (static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 ||
                        static_cast<unsigned char>(utf8.at(i + 2)) == 0xA9)) {
                out += static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void write(QByteArray& out, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && std::trunc(d) == d && std::abs(d) < 9007199254740992.0)
            out += QByteArray::number(static_cast<qint64>(d));
        else if (std::isfinite(d))
            out += QByteArray::number(d, 'g', 17);
        else
            out += '0';
        break;
    }
    case QJsonValue::String:
        writeString(out, value.toString());
        break;
    case QJsonValue::Array: {
        out += '[';
        bool first = true;
        for (const QJsonValue& item : value.toArray()) {
            if (!first)
                out += ',';
            first = false;
            write(out, item);
        }
        out += ']';
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        QStringList keys = object.keys();
        if (keys.removeOne(QStringLiteral("type")))
            keys.prepend(QStringLiteral("type"));
        out += '{';
        bool first = true;
        for (const QString& key : std::as_const(keys)) {
            if (!first)
                out += ',';
            first = false;
            writeString(out, key);
            out += ':';
            write(out, object.value(key));
        }
        out += '}';
        break;
    }
    }
}

} // namespace

QByteArray phpJson(const QJsonValue& value)
{
    QByteArray out;
    write(out, value);
    return out;
}

} // namespace server
