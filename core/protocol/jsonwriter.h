// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QStringView>

namespace protocol {

/// Appends `text` as a JSON string exactly as QJsonDocument::toJson() writes it: UTF-8; '"', '\\' and the control
/// characters escaped (\b \f \n \r \t, others as \u00xx); a lone surrogate as a \uxxxx escape (lowercase hex).
void appendJsonString(QByteArray& out, QStringView text);

/// Writes compact JSON into a buffer, byte for byte what QJsonDocument::toJson(QJsonDocument::Compact) gives for
/// the same values (integers as integers), without building a QJsonObject. Members come out in the order written:
/// QJsonObject sorts its keys, so a caller that must match it writes them sorted. Nesting up to 8 levels.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray& out)
        : m_out(out)
    {
    }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    /// An object's member name; the value follows.
    void key(QLatin1StringView name);

    void string(QStringView text);
    void integer(qint64 value);
    void boolean(bool value);
    void null();
    /// A value that is already JSON text.
    void raw(QByteArrayView json);

private:
    void open(char bracket);
    void close(char bracket);
    void separate();

    static constexpr int maxDepth = 8;
    QByteArray& m_out;
    int m_depth = 0;
    bool m_first[maxDepth + 1] = {true};
    bool m_afterKey = false;
};

} // namespace protocol
