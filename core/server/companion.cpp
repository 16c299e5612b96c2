// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/companion.h"

#include "core/logging.h"
#include "core/server/demodata.h"
#include "core/server/forumauthenticator.h"
#include "core/server/forumemulator.h"
#include "core/server/pushserver.h"
#include "core/server/store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>

namespace server {

namespace {

QString hostForUrl(const QHostAddress& address)
{
    // A wildcard bind is reachable through loopback; name that in URLs.
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        return QStringLiteral("127.0.0.1");
    if (address == QHostAddress::AnyIPv6)
        return QStringLiteral("::1");
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

QString randomToken()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

Companion::Companion(QObject* parent)
    : QObject(parent)
{
}

Companion::~Companion()
{
    stop();
}

bool Companion::start(const CompanionOptions& options, QString* error)
{
    stop();
    QString detail;
    auto store = std::make_unique<Store>();
    m_demoData = options.dataFile.isEmpty();
    if (m_demoData ? !store->loadJson(demo::dataSet(), &detail)
                   : !store->loadFile(options.dataFile, demo::dataSet(), &detail)) {
        if (error)
            *error = QCoreApplication::translate("server::Companion", "Cannot load the data file: %1").arg(detail);
        return false;
    }
    m_store = std::move(store);
    m_adminToken = options.adminToken;
    m_tokenGenerated = m_adminToken.isEmpty();
    if (m_tokenGenerated)
        m_adminToken = randomToken();

    m_push = new PushServer(this);
    m_push->setConnectionsPerUser(options.connectionsPerUser);
    m_push->setLimits(options.pushLimits);
    m_push->setFaults(options.pushFaults);
    m_push->setDisabledActions(options.disabledActions);
    if (options.forumApi.isValid() && !options.forumApi.isEmpty()) {
        m_forumAuth = new ForumAuthenticator(options.forumApi, this);
        m_push->setAuthenticator(m_forumAuth->authenticator());
    } else {
        Store* storePtr = m_store.get();
        m_push->setAuthenticator([storePtr](const QString& sid, const QString&, auto done) {
            const auto user = storePtr->userBySid(sid);
            // Like the real server, the reason echoes the sid (to its sender only).
            done(user ? AuthResult{user->uid, {}} : AuthResult{0, badSidReason(sid)});
        });
    }
    m_emulator = new ForumEmulator(m_store.get(), this);
    m_emulator->setAdminToken(m_adminToken);
    connect(m_emulator, &ForumEmulator::messageInserted, this, &Companion::onMessageInserted);

    for (const QHostAddress& address : {options.pushAddress, options.httpAddress}) {
        if (!address.isLoopback())
            qCWarning(lcServer) << "binding" << address.toString()
                                << "exposes the companion server beyond this machine";
    }
    if (!m_push->listen(options.pushAddress, options.pushPort, &detail)) {
        if (error)
            *error = QCoreApplication::translate("server::Companion", "Cannot listen for push connections on %1:%2: %3")
                         .arg(options.pushAddress.toString())
                         .arg(options.pushPort)
                         .arg(detail);
        stop();
        return false;
    }
    if (!m_emulator->listen(options.httpAddress, options.httpPort, &detail)) {
        if (error)
            *error = QCoreApplication::translate("server::Companion", "Cannot listen for HTTP on %1:%2: %3")
                         .arg(options.httpAddress.toString())
                         .arg(options.httpPort)
                         .arg(detail);
        stop();
        return false;
    }
    return true;
}

void Companion::stop()
{
    delete m_emulator;
    m_emulator = nullptr;
    delete m_push;
    m_push = nullptr;
    delete m_forumAuth;
    m_forumAuth = nullptr;
    m_store.reset();
}

bool Companion::isRunning() const
{
    return m_push && m_emulator;
}

QUrl Companion::pushUrl() const
{
    if (!m_push)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(hostForUrl(m_push->serverAddress()));
    url.setPort(m_push->serverPort());
    url.setPath(QStringLiteral("/v1/ws"));
    return url;
}

QUrl Companion::proxyPushUrl() const
{
    QUrl url = pushUrl();
    if (!url.isEmpty())
        url.setPath(QStringLiteral("/ws/msg"));
    return url;
}

QUrl Companion::httpUrl() const
{
    if (!m_emulator)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(hostForUrl(m_emulator->serverAddress()));
    url.setPort(m_emulator->serverPort());
    return url;
}

QString Companion::adminToken() const
{
    return m_adminToken;
}

bool Companion::adminTokenGenerated() const
{
    return m_tokenGenerated;
}

bool Companion::usesDemoData() const
{
    return m_demoData;
}

qint64 Companion::demoUid()
{
    return demo::userUid;
}

QString Companion::demoSid()
{
    return QString::fromUtf16(demo::userSid);
}

qint64 Companion::demoRobotUid()
{
    return demo::robotUid;
}

QString Companion::demoRobotSid()
{
    return QString::fromUtf16(demo::robotSid);
}

qint64 Companion::insertMessage(qint64 touid, qint64 byuid, int type, const QJsonArray& content, QString* error)
{
    QString detail;
    if (!m_store || !m_store->userByUid(touid) || (type != 0 && type != 1)) {
        if (error)
            *error = QStringLiteral("unknown recipient or bad type");
        return 0;
    }
    Message message;
    message.touid = touid;
    message.byuid = byuid;
    message.type = type;
    message.content = content;
    message.ctime = QDateTime::currentSecsSinceEpoch();
    message.id = m_store->insertMessage(message, &detail);
    if (message.id == 0) {
        if (error)
            *error = detail;
        return 0;
    }
    onMessageInserted(message);
    return message.id;
}

void Companion::onMessageInserted(const Message& message)
{
    if (m_push)
        m_push->pushMessage(message);
    Q_EMIT messageInserted(message.id, message.touid);
}

Store* Companion::store() const
{
    return m_store.get();
}

PushServer* Companion::pushServer() const
{
    return m_push;
}

ForumEmulator* Companion::emulator() const
{
    return m_emulator;
}

} // namespace server
