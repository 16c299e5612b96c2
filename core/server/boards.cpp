// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/boards.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace server {

namespace {

QElapsedTimer& monotonic()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer;
}

bool isRobot(qint64 uid)
{
    return uid <= -50 && uid != -100;
}

} // namespace

qint64 FormTokens::now() const
{
    return m_clock ? m_clock() : monotonic().elapsed();
}

QString FormTokens::issue(qint64 uid)
{
    const qint64 at = now();
    // Expired ones and, beyond the per-user bound, the user's oldest ones go first.
    QList<QString> ofUser;
    for (auto it = m_tokens.begin(); it != m_tokens.end();) {
        if (at - it->issuedAt >= lifetimeMs) {
            it = m_tokens.erase(it);
            continue;
        }
        if (it->uid == uid)
            ofUser.append(it.key());
        ++it;
    }
    if (ofUser.size() >= maxPerUser) {
        std::sort(ofUser.begin(), ofUser.end(), [this](const QString& a, const QString& b) {
            return m_tokens.value(a).issuedAt < m_tokens.value(b).issuedAt;
        });
        for (qsizetype i = 0; i <= ofUser.size() - maxPerUser; ++i)
            m_tokens.remove(ofUser.at(i));
    }
    QString token;
    do {
        quint32 words[4];
        QRandomGenerator::system()->fillRange(words);
        token = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words).toHex());
    } while (m_tokens.contains(token));
    m_tokens.insert(token, {uid, at});
    return token;
}

bool FormTokens::consume(const QString& token, qint64 uid)
{
    const auto it = m_tokens.constFind(token);
    if (it == m_tokens.cend())
        return false;
    const Issued issued = *it;
    m_tokens.erase(it);
    return issued.uid == uid && now() - issued.issuedAt < lifetimeMs;
}

namespace boards {

namespace {

const QRegularExpression& markerLine()
{
    static const QRegularExpression re(QStringLiteral("^\\s*(<!md>|<!--\\s*markdown\\s*-->)[ \\t]*(\\r?\\n)?"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-';
}

} // namespace

bool isMarkdown(const QString& text)
{
    return markerLine().match(text).hasMatch();
}

QString withoutMarker(const QString& text)
{
    QString body = text;
    return body.remove(markerLine());
}

bool isEmptyText(const QString& text)
{
    QString body = text;
    body.remove(markerLine());
    static const QRegularExpression bareTag(QStringLiteral("\\[[^\\]]*\\]"));
    return body.remove(bareTag).trimmed().isEmpty();
}

QJsonArray segmentsOf(const QString& text, const NameLookup& lookup)
{
    QJsonArray segments;
    QString body = text;
    if (const auto match = markerLine().match(body); match.hasMatch()) {
        segments.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}});
        body.remove(0, match.capturedLength());
    }
    QString pending;
    const auto flush = [&] {
        if (!pending.isEmpty())
            segments.append(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), pending}});
        pending.clear();
    };
    qsizetype i = 0;
    while (i < body.size()) {
        const QChar c = body.at(i);
        if (c != u'@' && c != u'＠') {
            pending.append(c);
            ++i;
            continue;
        }
        qsizetype end = i + 1;
        QString tag;
        QJsonValue uid = false;
        if (end < body.size() && (body.at(end) == u'#' || body.at(end) == u'＃')) {
            qsizetype digits = end + 1;
            if (digits < body.size() && body.at(digits) == u'-')
                ++digits;
            const qsizetype firstDigit = digits;
            while (digits < body.size() && digits - firstDigit < 18 && body.at(digits).isDigit() &&
                   body.at(digits).unicode() < 128)
                ++digits;
            if (digits == firstDigit) {
                pending.append(c);
                ++i;
                continue;
            }
            tag = body.mid(end, digits - end);
            uid = QString(tag).remove(0, 1).toLongLong();
            end = digits;
        } else {
            while (end < body.size() && end - i <= 16 && isNameChar(body.at(end)))
                ++end;
            tag = body.mid(i + 1, end - i - 1);
            if (tag.isEmpty()) {
                pending.append(c);
                ++i;
                continue;
            }
            if (const auto found = lookup ? lookup(tag) : std::nullopt)
                uid = *found;
        }
        flush();
        segments.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("at")},
                                    {QStringLiteral("tag"), tag},
                                    {QStringLiteral("uid"), uid}});
        i = end;
    }
    flush();
    return segments;
}

QList<qint64> mentionedUids(const QJsonArray& segments, qint64 author)
{
    QList<qint64> uids;
    for (const QJsonValue& value : segments) {
        const QJsonObject segment = value.toObject();
        if (segment.value(u"type").toString() != u"at" || !segment.value(u"uid").isDouble())
            continue;
        const qint64 uid = segment.value(u"uid").toInteger();
        if (uid == 0 || uid == author || uids.contains(uid) || (isRobot(author) && isRobot(uid)))
            continue;
        uids.append(uid);
        if (uids.size() == 5)
            break;
    }
    return uids;
}

QString phpUrlEncode(const QString& text)
{
    QString out;
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto b = static_cast<unsigned char>(ch);
        if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' ||
            b == '.')
            out.append(QLatin1Char(char(b)));
        else if (b == ' ')
            out.append(u'+');
        else
            out.append(QStringLiteral("%%1").arg(b, 2, 16, QLatin1Char('0')).toUpper());
    }
    return out;
}

bool isValidRoomName(const QString& room)
{
    if (room.isEmpty() || room.size() > 20 || room.trimmed() != room)
        return false;
    return std::all_of(room.cbegin(), room.cend(), [](QChar c) { return isNameChar(c) || c == u' '; });
}

} // namespace boards
} // namespace server
