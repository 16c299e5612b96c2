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

    /// $XDG_RUNTIME_DIR/hu60-notifier[-demo].socket, or hu60-notifier[-demo]-<uid>.socket in QDir::tempPath() when
    /// there is no runtime dir (QStandardPaths::RuntimeLocation would warn and create one there).
    static QString socketPathFor(Kind kind);

    /// Becomes the running instance and returns true, or, when another instance answers on the socket, asks it to
    /// activate and returns false. A socket file nobody listens on (a crashed instance) is removed first.
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
