// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/pushserver.h"

#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace server {

/// `serve --forum-api URL`: checks sids the way the production push server does, by calling
/// GET {URL}/q.php/user.index.json with `Cookie: hu60_sid=<sid>` and `X-Forwarded-For: <client IP>` and taking
/// the uid from the JSON (spec push-protocol §2). Close reasons follow the real server's texts, except that the
/// sid is never echoed. Owned by Companion.
class ForumAuthenticator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForumAuthenticator)

public:
    explicit ForumAuthenticator(const QUrl& forum, QObject* parent = nullptr);

    void check(const QString& sid, const QString& clientIp, std::function<void(const AuthResult&)> done);
    /// An Authenticator for PushServer bound to this object.
    Authenticator authenticator();
    /// The sid as the value of the `hu60_sid` cookie sent to the forum, cleaned as Go's net/http cleans it.
    static QByteArray cookieValue(const QString& sid);

private:
    QUrl m_forum;
    QNetworkAccessManager* m_network = nullptr;
};

} // namespace server
