// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/forum/userdirectory.h"

#include "core/logging.h"

#include <QPointer>
#include <QTimer>

#include <memory>

namespace forum {

UserDirectory::UserDirectory(ForumApi* api, QObject* parent)
    : QObject(parent)
    , m_api(api)
{
}

void UserDirectory::insert(const UserInfo& info)
{
    if (info.uid == 0)
        return;
    m_users.insert(info.uid, info);
    m_failed.remove(info.uid);
    emit userResolved(info.uid);
}

void UserDirectory::fetch(qint64 uid)
{
    if (m_pending.contains(uid) || m_users.contains(uid) || m_failed.contains(uid))
        return;
    m_pending.insert(uid);
    m_api->fetchUserInfo(uid, this, [this, uid](const std::optional<UserInfo>& info, const Error& error) {
        m_pending.remove(uid);
        if (info) {
            insert(*info);
            return;
        }
        // Unknown users stay unknown until restart; network failures may be retried on the next message.
        if (error.kind == ErrorKind::Forum)
            m_failed.insert(uid);
        qCDebug(lcForum) << "user" << uid << "not resolved:" << error.message;
        emit userResolved(uid);
    });
}

void UserDirectory::resolve(const QList<qint64>& uids, int timeoutMs, QObject* context, std::function<void()> done)
{
    auto missing = std::make_shared<QSet<qint64>>();
    for (qint64 uid : uids) {
        if (uid != 0 && !m_users.contains(uid) && !m_failed.contains(uid))
            missing->insert(uid);
    }
    if (missing->isEmpty()) {
        done();
        return;
    }
    // One shared completion: whichever of "all answered" and the timeout comes first calls done.
    auto finished = std::make_shared<bool>(false);
    auto finish = [finished, done, context = QPointer<QObject>(context)] {
        if (*finished || !context)
            return;
        *finished = true;
        done();
    };
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &UserDirectory::userResolved, context, [missing, finish, connection](qint64 uid) {
        missing->remove(uid);
        if (missing->isEmpty()) {
            QObject::disconnect(*connection);
            finish();
        }
    });
    QTimer::singleShot(timeoutMs, context, [finish, connection] {
        QObject::disconnect(*connection);
        finish();
    });
    for (qint64 uid : QSet<qint64>(*missing))
        fetch(uid);
}

} // namespace forum
