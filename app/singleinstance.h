// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace app {

/// Keeps one tray instance per user and per kind (normal or --demo): the first launch listens on a per-user local
/// socket; a later launch connects, sends "activate" and exits. main() creates it for the tray modes, parented to
/// qApp with objectName "hu60SingleInstance"; the tray shell connects to activationRequested().
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    /// Which tray may run once: a normal instance and a demo may run side by side, but not two of either.
    enum class Kind {
        Normal,
        Demo,
    };

    /// @p socketPath is the full path of the local socket (see socketPathFor()).
    explicit SingleInstance(const QString& socketPath, QObject* parent = nullptr);
    ~SingleInstance() override;

    /// $XDG_RUNTIME_DIR/hu60-notifier[-demo].socket. Without a runtime dir, or one that privateFolderProblem()
    /// refuses, the same name in hu60-notifier-<uid> in QDir::tempPath(), a folder start() creates 0700 (the shared
    /// temp folder itself would let another user put a socket of theirs at our name). QStandardPaths'
    /// RuntimeLocation would do much the same, but warns.
    static QString socketPathFor(Kind kind);

    /// Why @p folder cannot be trusted with the socket: it is missing, a symbolic link, not a folder, another user's,
    /// or open to others (any group or other permission). Empty when it is a folder of this user's alone.
    static QString privateFolderProblem(const QString& folder);

    /// Becomes the running instance and returns true, or, when another instance answers on the socket, asks it to
    /// activate and returns false. A socket file nobody listens on (a crashed instance) is removed first. The
    /// socket's folder is created 0700 when it is missing; when privateFolderProblem() refuses it, nothing there is
    /// trusted or touched: a warning is logged and this returns true without becoming primary (the tray then runs
    /// without the single-instance guard, as when listening fails).
    bool start(QString* error = nullptr);

    bool isPrimary() const;
    QString socketPath() const;

signals:
    /// Another launch asked this instance to show itself.
    void activationRequested();

private:
    bool activateRunning();
    void onNewConnection();
    void readCommands(QLocalSocket* socket);

    QString m_socketPath;
    QLocalServer* m_server = nullptr;
};

} // namespace app
