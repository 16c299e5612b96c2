// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QString>

#include <functional>
#include <optional>

namespace server {

/// The forum's single-use form tokens (forum-api.md §12): 32 hex characters, bound to one user, valid 24 h,
/// deleted when checked, whatever the outcome. Bounded: a user holds at most maxPerUser (the oldest go first).
class FormTokens final
{
public:
    static constexpr qint64 lifetimeMs = 24LL * 3600 * 1000;
    static constexpr int maxPerUser = 64;

    /// Monotonic milliseconds; default: a QElapsedTimer started at construction.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    QString issue(qint64 uid);
    /// True when `token` was issued to `uid` and has not expired; the token is gone afterwards either way.
    bool consume(const QString& token, qint64 uid);

private:
    struct Issued
    {
        qint64 uid = 0;
        qint64 issuedAt = 0;
    };
    qint64 now() const;

    QHash<QString, Issued> m_tokens;
    std::function<qint64()> m_clock;
    mutable qint64 m_origin = -1;
};

namespace boards {

/// Names a user by name (nullopt: no such user), for `@name` mentions.
using NameLookup = std::function<std::optional<qint64>(const QString& name)>;

/// Whether posted text counts as empty: only whitespace, only "<!md>", only bare [tags] (forum-api.md §12).
bool isEmptyText(const QString& text);
/// Whether `text` starts with the Markdown marker line ("<!md>" or "<!-- markdown -->").
bool isMarkdown(const QString& text);
/// `text` without its Markdown marker line.
QString withoutMarker(const QString& text);
/// Posted text as the forum stores it (content-segments.md §2, §3.8): the markdown marker segment when the text
/// starts with one (the marker line removed), text segments, and an `at` segment for each `@name` / `@#uid`
/// (`＠`, `＃` too), with the uid or false when nobody has that name.
QJsonArray segmentsOf(const QString& text, const NameLookup& lookup);
/// The users a post notifies: the uids of its `at` segments in order, without duplicates and `author`, at most 5;
/// none when a robot mentions a robot.
QList<qint64> mentionedUids(const QJsonArray& segments, qint64 author);
/// PHP's urlencode: A-Za-z0-9 and -_. stay, a space becomes '+', every other byte %XX.
QString phpUrlEncode(const QString& text);
/// A chat room name the forum accepts: 1–20 characters of letters (Han included), digits, '_', '-' and spaces.
bool isValidRoomName(const QString& room);

} // namespace boards
} // namespace server
