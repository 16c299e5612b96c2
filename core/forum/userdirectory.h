// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/forum/forumapi.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

namespace forum {

/// Caches user names (and avatars) by uid, fetched from user.info.<uid>.json on demand. Senders and mentioners
/// are shown by their current name, as the forum does. Owned by the notifier; shares its ForumApi.
class UserDirectory : public QObject
{
    Q_OBJECT

public:
    explicit UserDirectory(ForumApi* api, QObject* parent = nullptr);

    /// The cached name, or an empty string.
    QString name(qint64 uid) const { return m_users.value(uid).name; }
    QUrl avatar(qint64 uid) const { return m_users.value(uid).avatar; }
    bool contains(qint64 uid) const { return m_users.contains(uid); }
    void insert(const UserInfo& info);

    /// Calls `done` once every uid is known or has failed, or after `timeoutMs`, whichever is first.
    void resolve(const QList<qint64>& uids, int timeoutMs, QObject* context, std::function<void()> done);

Q_SIGNALS:
    void userResolved(qint64 uid);

private:
    void fetch(qint64 uid);

    ForumApi* m_api;
    QHash<qint64, UserInfo> m_users;
    QSet<qint64> m_pending;
    QSet<qint64> m_failed;
};

} // namespace forum
