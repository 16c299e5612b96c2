// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QTemporaryDir;

namespace client {
class PushClient;
}
namespace forum {
class ForumApi;
class UserDirectory;
} // namespace forum
namespace inbox {
class HistoryStore;
class Inbox;
} // namespace inbox
namespace settings {
class CredentialStore;
class NetworkManager;
class SettingsModel;
struct Settings;
} // namespace settings

namespace ui {

class Notifier;
class SleepWatcher;

/// How the tray app runs.
struct ApplicationOptions
{
    /// --demo: site, push URL and sid come from here; settings, history and credentials live in a temporary folder,
    /// so a demo never touches the user's real settings, history or keychain.
    bool demo = false;
    QUrl demoSite;
    QUrl demoPushUrl;
    QString demoSid;
    /// Where history and the credential fallback live; empty = QStandardPaths::AppDataLocation.
    QString dataDir;
    /// The settings file; empty = the platform's default QSettings (or, in demo mode, a temporary file).
    QString settingsFile;
};

/// The tray app's controller: owns the network, forum API, push client, user directory, history, inbox, the
/// settings model, the credential store and the Notifier, and wires them. It follows the settings' `changed` for the
/// endpoints and the network, and writes the account (login, the uid learnt from the forum). First run (no stored
/// sid) opens the login dialog. Created by app/tray.cpp; lives as long as the app.
class Application : public QObject
{
    Q_OBJECT

public:
    explicit Application(const ApplicationOptions& options, QObject* parent = nullptr);
    ~Application() override;

    /// Reads the sid (keychain/fallback) and connects, or asks the user to log in.
    void start();

    Notifier* notifier() const { return m_notifier.get(); }
    client::PushClient* pushClient() const { return m_client.get(); }
    inbox::HistoryStore* history() const { return m_history.get(); }
    inbox::Inbox* inbox() const { return m_inbox.get(); }
    settings::SettingsModel* settingsModel() const { return m_settings.get(); }

Q_SIGNALS:
    void quitRequested();

private:
    void useSid(const QString& sid);
    /// Takes a login: the account and the site it belongs to, then the sid (never the old sid to the new site, nor
    /// the new one to the old site).
    void logIn(qint64 uid, const QString& name, const QString& sid, const QUrl& site);
    void applyEndpoints(const settings::Settings& s);
    /// Proxy and trusted certificates for the forum requests and the push socket; true when they changed.
    bool applyNetwork(const settings::Settings& s);
    void promptLogin();
    void openHistory();

    ApplicationOptions m_options;
    std::unique_ptr<QTemporaryDir> m_demoDir;
    std::unique_ptr<settings::SettingsModel> m_settings;
    std::unique_ptr<settings::NetworkManager> m_network;
    std::unique_ptr<forum::ForumApi> m_api;
    std::unique_ptr<client::PushClient> m_client;
    std::unique_ptr<forum::UserDirectory> m_users;
    std::unique_ptr<inbox::HistoryStore> m_history;
    std::unique_ptr<inbox::Inbox> m_inbox;
    std::unique_ptr<settings::CredentialStore> m_credentials;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<SleepWatcher> m_sleepWatcher;
    QString m_sid;
    QString m_historyPath; ///< set until the history database is opened
};

} // namespace ui
