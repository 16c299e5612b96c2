// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/forumauthenticator.h"

#include "core/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace server {

namespace {

constexpr qint64 maxReplySize = 1024 * 1024;

qint64 uidOf(const QJsonValue& value)
{
    if (value.isDouble())
        return static_cast<qint64>(value.toDouble());
    if (value.isString())
        return value.toString().toLongLong();
    return 0;
}

} // namespace

QByteArray ForumAuthenticator::cookieValue(const QString& sid)
{
    // As Go's net/http writes a cookie: bytes that may not stand in a cookie value (controls, DEL, non-ASCII, '"',
    // ';', '\\') are dropped, so a sid can never add a header line or another cookie; a value with a space or a
    // comma is quoted.
    const QByteArray raw = sid.toUtf8();
    QByteArray value;
    value.reserve(raw.size());
    for (const char c : raw) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7f && b != '"' && b != ';' && b != '\\')
            value.append(c);
    }
    if (value.contains(' ') || value.contains(','))
        value = '"' + value + '"';
    return value;
}

ForumAuthenticator::ForumAuthenticator(const QUrl& forum, QObject* parent)
    : QObject(parent)
    , m_forum(forum)
    , m_network(new QNetworkAccessManager(this))
{
}

void ForumAuthenticator::check(const QString& sid, const QString& clientIp, std::function<void(const AuthResult&)> done)
{
    QUrl url = m_forum;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/q.php/user.index.json"));
    QNetworkRequest request(url);
    request.setRawHeader("Cookie", "hu60_sid=" + cookieValue(sid));
    request.setRawHeader("X-Forwarded-For", clientIp.toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    QNetworkReply* reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [reply, url, sid, done = std::move(done)] {
        reply->deleteLater();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const QByteArray body = reply->read(maxReplySize);
        if (!status.isValid()) {
            done({0, QStringLiteral("Get \"%1\": %2").arg(url.toString(), reply->errorString())});
            return;
        }
        const int code = status.toInt();
        if (code == 429) {
            done({0, QStringLiteral("too many requests! retry after: ") +
                         QString::fromLatin1(reply->rawHeader("Retry-After"))});
            return;
        }
        if (code >= 400) {
            done({0, QStringLiteral("error, status code: %1, message: %2").arg(code).arg(QString::fromUtf8(body))});
            return;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError) {
            done({0, QStringLiteral("invalid json format: ") + error.errorString()});
            return;
        }
        const qint64 uid = uidOf(document.object().value(u"uid"));
        if (uid == 0) {
            done({0, badSidReason(sid)}); // echoes the sid, as the real server does
            return;
        }
        done({uid, {}});
    });
}

Authenticator ForumAuthenticator::authenticator()
{
    QPointer<ForumAuthenticator> self(this);
    return [self](const QString& sid, const QString& clientIp, std::function<void(const AuthResult&)> done) {
        if (!self) {
            done({0, badSidReason(sid)});
            return;
        }
        self->check(sid, clientIp, std::move(done));
    };
}

} // namespace server
