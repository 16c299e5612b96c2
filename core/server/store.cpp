// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/store.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSet>

#include <cmath>

namespace server {

namespace {

std::optional<qint64> integer(const QJsonValue& value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || std::abs(d) > 9007199254740992.0)
        return std::nullopt;
    return static_cast<qint64>(d);
}

// lupdate only sees contexts declared like this, not a free StoreText::tr() helper.
struct StoreText
{
    Q_DECLARE_TR_FUNCTIONS(server::Store)
};

bool parseUser(const QJsonValue& value, qsizetype index, User& user, QString* error)
{
    const QJsonObject o = value.toObject();
    const auto uid = integer(o.value(u"uid"));
    if (!value.isObject() || !uid || *uid == 0 || !o.value(u"name").isString()) {
        *error = StoreText::tr("users[%1]: needs a non-zero integer \"uid\" and a string \"name\"").arg(index);
        return false;
    }
    for (const char* key : {"sid", "password", "signature"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isNull() && !v.isString()) {
            *error = StoreText::tr("users[%1]: \"%2\" must be a string").arg(index).arg(QLatin1String(key));
            return false;
        }
    }
    user.uid = *uid;
    user.name = o.value(u"name").toString();
    user.sid = o.value(u"sid").toString();
    user.password = o.value(u"password").toString();
    user.signature = o.value(u"signature").toString();
    user.regtime = integer(o.value(u"regtime")).value_or(0);
    return true;
}

bool parseMessage(const QJsonValue& value, qsizetype index, Message& message, QString* error)
{
    const QJsonObject o = value.toObject();
    const auto id = integer(o.value(u"id"));
    const auto touid = integer(o.value(u"touid"));
    const auto byuid = integer(o.value(u"byuid"));
    const auto type = integer(o.value(u"type"));
    const QJsonValue isreadValue = o.value(u"isread");
    const auto isread = isreadValue.isUndefined() ? std::optional<qint64>(0) : integer(isreadValue);
    const QJsonValue ctimeValue = o.value(u"ctime");
    const auto ctime = ctimeValue.isUndefined() ? std::optional<qint64>(0) : integer(ctimeValue);
    if (!value.isObject() || !id || *id <= 0 || !touid || !byuid || !type || (*type != 0 && *type != 1) || !isread ||
        (*isread != 0 && *isread != 1) || !ctime || !o.value(u"content").isArray()) {
        *error = StoreText::tr(
                     "messages[%1]: needs integer \"id\" > 0, \"touid\", \"byuid\", \"type\" 0 or 1, \"isread\" 0 or "
                     "1, integer \"ctime\" and a \"content\" array")
                     .arg(index);
        return false;
    }
    message.id = *id;
    message.touid = *touid;
    message.byuid = *byuid;
    message.type = static_cast<int>(*type);
    message.isread = static_cast<int>(*isread);
    message.content = o.value(u"content").toArray();
    message.ctime = *ctime;
    message.rtime = integer(o.value(u"rtime")).value_or(message.isread ? message.ctime : 0);
    return true;
}

// 28 URL-safe characters, the length of the forum's own sids.
QString randomSid()
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString sid;
    for (int i = 0; i < 28; ++i)
        sid.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(64)]));
    return sid;
}

} // namespace

bool Store::loadJson(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = StoreText::tr("not valid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return false;
    }
    if (!document.isObject() || !document.object().value(u"users").isArray()) {
        *error = StoreText::tr("expected an object with a \"users\" array");
        return false;
    }
    const QJsonObject root = document.object();
    QList<User> users;
    QSet<qint64> uids;
    QSet<QString> sids;
    const QJsonArray userArray = root.value(u"users").toArray();
    for (qsizetype i = 0; i < userArray.size(); ++i) {
        User user;
        if (!parseUser(userArray.at(i), i, user, error))
            return false;
        if (uids.contains(user.uid) || (!user.sid.isEmpty() && sids.contains(user.sid))) {
            *error = StoreText::tr("users[%1]: duplicate uid or sid").arg(i);
            return false;
        }
        uids.insert(user.uid);
        if (!user.sid.isEmpty())
            sids.insert(user.sid);
        users.append(user);
    }
    QList<Message> messages;
    QSet<qint64> ids;
    const QJsonValue messageValue = root.value(u"messages");
    if (!messageValue.isUndefined() && !messageValue.isNull() && !messageValue.isArray()) {
        *error = StoreText::tr("\"messages\" must be an array");
        return false;
    }
    const QJsonArray messageArray = messageValue.toArray();
    for (qsizetype i = 0; i < messageArray.size(); ++i) {
        Message message;
        if (!parseMessage(messageArray.at(i), i, message, error))
            return false;
        if (ids.contains(message.id)) {
            *error = StoreText::tr("messages[%1]: duplicate id %2").arg(i).arg(message.id);
            return false;
        }
        ids.insert(message.id);
        messages.append(message);
    }
    m_users = users;
    m_messages = messages;
    return true;
}

bool Store::loadFile(const QString& path, const QByteArray& fallback, QString* error)
{
    QFile file(path);
    if (!file.exists()) {
        if (!loadJson(fallback, error))
            return false;
        // Passwords and private messages: a folder made for them is the owner's alone.
        const QFileInfo info(path);
        if (!info.dir().exists()) {
            if (!QDir().mkpath(info.absolutePath()) ||
                !QFile::setPermissions(info.absolutePath(),
                                       QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
                *error = StoreText::tr("cannot create the folder of %1").arg(path);
                return false;
            }
        }
        m_path = path;
        return save(error);
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = StoreText::tr("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QString detail;
    if (!loadJson(file.readAll(), &detail)) {
        *error = StoreText::tr("%1: %2").arg(path, detail);
        return false;
    }
    m_path = path;
    return true;
}

QJsonObject Store::toJson() const
{
    QJsonArray users;
    for (const User& user : m_users) {
        QJsonObject o{{QStringLiteral("uid"), user.uid}, {QStringLiteral("name"), user.name}};
        if (!user.sid.isEmpty())
            o.insert(u"sid", user.sid);
        if (!user.password.isEmpty())
            o.insert(u"password", user.password);
        if (!user.signature.isEmpty())
            o.insert(u"signature", user.signature);
        if (user.regtime != 0)
            o.insert(u"regtime", user.regtime);
        users.append(o);
    }
    QJsonArray messages;
    for (const Message& m : m_messages) {
        messages.append(QJsonObject{{QStringLiteral("id"), m.id},
                                    {QStringLiteral("touid"), m.touid},
                                    {QStringLiteral("byuid"), m.byuid},
                                    {QStringLiteral("type"), m.type},
                                    {QStringLiteral("isread"), m.isread},
                                    {QStringLiteral("content"), m.content},
                                    {QStringLiteral("ctime"), m.ctime},
                                    {QStringLiteral("rtime"), m.rtime}});
    }
    return QJsonObject{{QStringLiteral("users"), users}, {QStringLiteral("messages"), messages}};
}

bool Store::save(QString* error) const
{
    if (m_path.isEmpty())
        return true;
    QSaveFile file(m_path);
    // 0600 whatever the umask or an older file's mode: it holds passwords, sids and private messages.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = StoreText::tr("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = StoreText::tr("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

std::optional<User> Store::userByUid(qint64 uid) const
{
    for (const User& user : m_users) {
        if (user.uid == uid)
            return user;
    }
    return std::nullopt;
}

std::optional<User> Store::userBySid(const QString& sid) const
{
    if (sid.isEmpty())
        return std::nullopt;
    for (const User& user : m_users) {
        if (user.sid == sid)
            return user;
    }
    return std::nullopt;
}

std::optional<User> Store::userByName(const QString& name) const
{
    for (const User& user : m_users) {
        if (user.name == name)
            return user;
    }
    return std::nullopt;
}

QString Store::ensureSid(qint64 uid, QString* error)
{
    for (User& user : m_users) {
        if (user.uid != uid)
            continue;
        if (user.sid.isEmpty()) {
            user.sid = randomSid();
            if (!save(error))
                return {};
        }
        return user.sid;
    }
    return {};
}

std::optional<Message> Store::message(qint64 id) const
{
    for (const Message& m : m_messages) {
        if (m.id == id)
            return m;
    }
    return std::nullopt;
}

qint64 Store::insertMessage(Message message, QString* error)
{
    qint64 maxId = 0;
    for (const Message& m : m_messages)
        maxId = std::max(maxId, m.id);
    message.id = maxId + 1;
    m_messages.append(message);
    if (!save(error)) {
        m_messages.removeLast();
        return 0;
    }
    return message.id;
}

int Store::markRead(const QList<qint64>& ids, QString* error)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QList<qsizetype> changed;
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        Message& m = m_messages[i];
        if (m.isread == 0 && ids.contains(m.id)) {
            m.isread = 1;
            m.rtime = now;
            changed.append(i);
        }
    }
    if (changed.isEmpty())
        return 0;
    if (!save(error)) {
        for (qsizetype i : changed) {
            m_messages[i].isread = 0;
            m_messages[i].rtime = 0;
        }
        return -1;
    }
    return static_cast<int>(changed.size());
}

int Store::unreadCount(qint64 uid, int type) const
{
    int count = 0;
    for (const Message& m : m_messages) {
        if (m.touid == uid && m.type == type && m.isread == 0)
            ++count;
    }
    return count;
}

} // namespace server
