// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/singleinstance.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int connectTimeoutMs = 1000;
constexpr QByteArrayView activateCommand = "activate\n";

} // namespace

app::SingleInstance::SingleInstance(const QString& socketPath, QObject* parent)
    : QObject(parent)
    , m_socketPath(socketPath)
{
}

app::SingleInstance::~SingleInstance() = default;

QString app::SingleInstance::socketPathFor(Kind kind)
{
    const QString name =
        kind == Kind::Demo ? QStringLiteral("/hu60-notifier-demo.socket") : QStringLiteral("/hu60-notifier.socket");
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QDir::isAbsolutePath(runtime) && privateFolderProblem(runtime).isEmpty())
        return runtime + name;
    return QDir::tempPath() + u"/hu60-notifier-" + QString::number(::getuid()) + name;
}

QString app::SingleInstance::privateFolderProblem(const QString& folder)
{
    struct stat info = {};
    if (::lstat(QFile::encodeName(folder).constData(), &info) != 0)
        return QStringLiteral("it does not exist");
    if (S_ISLNK(info.st_mode))
        return QStringLiteral("it is a symbolic link");
    if (!S_ISDIR(info.st_mode))
        return QStringLiteral("it is not a folder");
    if (info.st_uid != ::getuid())
        return QStringLiteral("it belongs to another user (uid %1)").arg(info.st_uid);
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return QStringLiteral("other users may use it (mode %1)").arg(info.st_mode & 07777, 4, 8, QLatin1Char('0'));
    return {};
}

bool app::SingleInstance::isPrimary() const
{
    return m_server != nullptr;
}

QString app::SingleInstance::socketPath() const
{
    return m_socketPath;
}

bool app::SingleInstance::activateRunning()
{
    QLocalSocket socket;
    socket.connectToServer(m_socketPath);
    if (!socket.waitForConnected(connectTimeoutMs))
        return false;
    socket.write(activateCommand.data(), activateCommand.size());
    socket.waitForBytesWritten(connectTimeoutMs);
    socket.disconnectFromServer();
    if (socket.state() != QLocalSocket::UnconnectedState)
        socket.waitForDisconnected(connectTimeoutMs);
    return true;
}

bool app::SingleInstance::start(QString* error)
{
    if (m_server)
        return true;
    // Another user able to write to the folder could have put a socket of theirs at our name (to be asked to
    // "activate" and keep us from starting) or a symbolic link to somewhere else of ours (to have it removed).
    const QString folder = QFileInfo(m_socketPath).absolutePath();
    if (!QFileInfo::exists(folder) && !QFileInfo(folder).isSymLink())
        QDir().mkdir(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (const QString problem = privateFolderProblem(folder); !problem.isEmpty()) {
        if (error)
            *error = QStringLiteral("the folder %1 cannot be trusted: %2").arg(folder, problem);
        qCWarning(lcApp).noquote() << QStringLiteral("single instance: not using %1 for the socket (%2): going on "
                                                     "without the single-instance guard")
                                          .arg(folder, problem);
        return true;
    }
    // Two launches at the same moment must not both see "nobody there", remove each other's socket and listen:
    // the check and the listen happen under a lock file.
    QLockFile lock(m_socketPath + u".lock");
    lock.setStaleLockTime(10 * 1000);
    if (!lock.tryLock(5 * 1000))
        qCWarning(lcApp) << "single instance: lock file busy, going on without it" << lock.fileName();

    if (activateRunning()) {
        qCInfo(lcApp) << "another instance is running; asked it to activate";
        return false;
    }
    // Nobody answered: whatever is there is left over from a crash.
    QLocalServer::removeServer(m_socketPath);
    auto* server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_socketPath)) {
        if (error)
            *error = server->errorString();
        qCWarning(lcApp) << "single instance: cannot listen on" << m_socketPath << server->errorString();
        delete server;
        // Still run: a missing single-instance guard is better than no notifier at all.
        return true;
    }
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

void app::SingleInstance::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readCommands(socket); });
        // The sender may have written before readyRead was connected.
        readCommands(socket);
    }
}

void app::SingleInstance::readCommands(QLocalSocket* socket)
{
    while (socket->canReadLine()) {
        const QByteArray line = socket->readLine().trimmed();
        if (line == "activate")
            emit activationRequested();
        else
            qCWarning(lcApp) << "single instance: unknown command" << line.left(32);
    }
}
