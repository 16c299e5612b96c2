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
    for (const auto& [key, list] : {std::pair{u"noDisturb", &user.noDisturb}, std::pair{u"blocked", &user.blocked}}) {
        for (const QJsonValue& item : o.value(key).toArray()) {
            if (const auto n = integer(item); n && !list->contains(*n))
                list->append(*n);
        }
    }
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

bool parseTopic(const QJsonValue& value, qsizetype index, Topic& topic, QString* error)
{
    const QJsonObject o = value.toObject();
    const auto tid = integer(o.value(u"tid"));
    const auto uid = integer(o.value(u"uid"));
    if (!value.isObject() || !tid || *tid <= 0 || !uid || !o.value(u"title").isString()) {
        *error = StoreText::tr("topics[%1]: needs integer \"tid\" > 0, \"uid\" and a string \"title\"").arg(index);
        return false;
    }
    topic.tid = *tid;
    topic.uid = *uid;
    topic.title = o.value(u"title").toString();
    topic.locked = o.value(u"locked").toBool();
    topic.commentsClosed = o.value(u"commentsClosed").toBool();
    topic.ctime = integer(o.value(u"ctime")).value_or(0);
    return true;
}

bool parsePost(const QJsonValue& value, qsizetype index, Post& post, QString* error)
{
    const QJsonObject o = value.toObject();
    const auto id = integer(o.value(u"id"));
    const auto tid = integer(o.value(u"tid"));
    const auto floor = integer(o.value(u"floor"));
    const auto uid = integer(o.value(u"uid"));
    const QString room = o.value(u"room").toString();
    if (!value.isObject() || !id || *id <= 0 || !floor || *floor < 0 || *floor > 1e9 || !uid ||
        room.isEmpty() == !(tid && *tid > 0) || !o.value(u"content").isArray()) {
        *error = StoreText::tr("posts[%1]: needs integer \"id\" > 0, a \"room\" or a \"tid\", integer \"floor\" "
                               "and \"uid\" and a \"content\" array")
                     .arg(index);
        return false;
    }
    post.id = *id;
    post.room = room;
    post.tid = room.isEmpty() ? *tid : 0;
    post.floor = static_cast<int>(*floor);
    post.uid = *uid;
    post.content = o.value(u"content").toArray();
    post.time = integer(o.value(u"time")).value_or(0);
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
    QList<Topic> topics;
    QList<Post> posts;
    for (const char* key : {"topics", "posts"}) {
        const QJsonValue listValue = root.value(QLatin1String(key));
        if (!listValue.isUndefined() && !listValue.isNull() && !listValue.isArray()) {
            *error = StoreText::tr("\"%1\" must be an array").arg(QLatin1String(key));
            return false;
        }
    }
    const QJsonArray topicArray = root.value(u"topics").toArray();
    for (qsizetype i = 0; i < topicArray.size(); ++i) {
        Topic topic;
        if (!parseTopic(topicArray.at(i), i, topic, error))
            return false;
        topics.append(topic);
    }
    const QJsonArray postArray = root.value(u"posts").toArray();
    QSet<qint64> postIds;
    for (qsizetype i = 0; i < postArray.size(); ++i) {
        Post post;
        if (!parsePost(postArray.at(i), i, post, error))
            return false;
        if (postIds.contains(post.id)) {
            *error = StoreText::tr("posts[%1]: duplicate id %2").arg(i).arg(post.id);
            return false;
        }
        postIds.insert(post.id);
        posts.append(post);
    }
    m_users = users;
    m_messages = messages;
    m_topics = topics;
    m_posts = posts;
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
        for (const auto& [key, list] :
             {std::pair{u"noDisturb", &user.noDisturb}, std::pair{u"blocked", &user.blocked}}) {
            if (list->isEmpty())
                continue;
            QJsonArray uids;
            for (const qint64 uid : *list)
                uids.append(uid);
            o.insert(key, uids);
        }
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
    QJsonObject root{{QStringLiteral("users"), users}, {QStringLiteral("messages"), messages}};
    if (!m_topics.isEmpty()) {
        QJsonArray topics;
        for (const Topic& t : m_topics) {
            topics.append(QJsonObject{{QStringLiteral("tid"), t.tid},
                                      {QStringLiteral("title"), t.title},
                                      {QStringLiteral("uid"), t.uid},
                                      {QStringLiteral("locked"), t.locked},
                                      {QStringLiteral("commentsClosed"), t.commentsClosed},
                                      {QStringLiteral("ctime"), t.ctime}});
        }
        root.insert(u"topics", topics);
    }
    if (!m_posts.isEmpty()) {
        QJsonArray posts;
        for (const Post& p : m_posts) {
            QJsonObject o{{QStringLiteral("id"), p.id},
                          {QStringLiteral("floor"), p.floor},
                          {QStringLiteral("uid"), p.uid},
                          {QStringLiteral("content"), p.content},
                          {QStringLiteral("time"), p.time}};
            if (p.room.isEmpty())
                o.insert(u"tid", p.tid);
            else
                o.insert(u"room", p.room);
            posts.append(o);
        }
        root.insert(u"posts", posts);
    }
    return root;
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

bool Store::setRelationship(qint64 uid, const QString& action, qint64 target, QString* error)
{
    for (User& user : m_users) {
        if (user.uid != uid)
            continue;
        const User before = user;
        QList<qint64>& list = action.endsWith(u"disturb") ? user.noDisturb : user.blocked;
        if (action == u"no_disturb" || action == u"block") {
            if (!list.contains(target))
                list.append(target);
        } else {
            list.removeAll(target);
        }
        if (!save(error)) {
            user = before;
            return false;
        }
        return true;
    }
    return true;
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

std::optional<Topic> Store::topic(qint64 tid) const
{
    for (const Topic& t : m_topics) {
        if (t.tid == tid)
            return t;
    }
    return std::nullopt;
}

QStringList Store::chatRooms() const
{
    QStringList rooms;
    for (const Post& p : m_posts) {
        if (!p.room.isEmpty() && !rooms.contains(p.room))
            rooms.append(p.room);
    }
    return rooms;
}

QList<Post> Store::posts(const QString& room, qint64 tid) const
{
    QList<Post> result;
    for (const Post& p : m_posts) {
        if (room.isEmpty() ? p.room.isEmpty() && p.tid == tid : p.room == room)
            result.append(p);
    }
    return result;
}

std::optional<Post> Store::insertPost(Post post, QString* error)
{
    qint64 maxId = 0;
    int maxFloor = -1;
    for (const Post& p : m_posts) {
        maxId = std::max(maxId, p.id);
        if (post.room.isEmpty() ? p.room.isEmpty() && p.tid == post.tid : p.room == post.room)
            maxFloor = std::max(maxFloor, p.floor);
    }
    post.id = maxId + 1;
    // Chat lines count from 1 (lid); a topic's own text is floor 0, its first reply floor 1.
    post.floor = post.room.isEmpty() ? maxFloor + 1 : std::max(maxFloor + 1, 1);
    m_posts.append(post);
    if (!save(error)) {
        m_posts.removeLast();
        return std::nullopt;
    }
    return post;
}

} // namespace server
