// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/connectiontester.h"
#include "core/settings/settings.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimeEdit;

namespace client {
class PushClient;
}
namespace settings {
class CredentialStore;
}

namespace ui {

/// What the settings dialog works with; none of it is owned by the dialog.
struct SettingsContext
{
    settings::SettingsStore* store = nullptr;
    settings::CredentialStore* credentials = nullptr;
    client::PushClient* client = nullptr; ///< for the live robot-presence toggle; may be null
    QNetworkAccessManager* network = nullptr;
    QString sid;        ///< the current session id, for "test connection" (never shown)
    QString executable; ///< written to the autostart entry
};

/// The settings window, in tabs: account (log in / out, site and push URLs, test connection), notifications,
/// subscriptions (robot presence: applied and saved at once, since it is a server-side subscription), desktop
/// (start on login, language) and network (proxy, a trusted certificate for self-hosted forums). Other changes
/// apply with OK/Apply, which refuse what would be unsafe: a plain-http site that is not this computer, a ws://
/// push URL to another host without the explicit permission, a trusted-certificate file that holds none. Created on
/// demand by the notifier, which owns it.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Page { Account, Notifications, Subscriptions, Desktop, Network };
    Q_ENUM(Page)

    explicit SettingsDialog(const SettingsContext& context, QWidget* parent = nullptr);
    /// The presenter the notifier uses now and why ("automatic" resolved), shown under the choice.
    void setPresenterInUse(const QString& description);
    QString presenterInUse() const { return m_presenterInUse; }
    ~SettingsDialog() override;

    void showPage(Page page);
    void setSid(const QString& sid) { m_context.sid = sid; }
    /// The settings as the widgets show them now.
    settings::Settings currentSettings() const;
    /// Re-reads the store into the widgets (e.g. do-not-disturb changed from the tray menu).
    void reloadFromStore();
    /// Checks and saves what the widgets show; false (nothing saved, the reason shown on its page) when unsafe.
    bool apply();

Q_SIGNALS:
    void settingsApplied(const settings::Settings& settings);
    void robotPresenceChanged(bool wanted);
    void loggedIn(qint64 uid, const QString& name, const QString& sid);
    void loggedOut();

protected:
    void changeEvent(QEvent* event) override;

private:
    void addPages();
    void retranslateUi();
    QWidget* buildAccountPage();
    QWidget* buildNotificationsPage();
    QWidget* buildSubscriptionsPage();
    QWidget* buildDesktopPage();
    QWidget* buildNetworkPage();
    void load(const settings::Settings& s);
    /// Why `s` cannot be saved (translated) and on which page, or an empty string.
    QString problemWith(const settings::Settings& s, Page* page) const;
    void updateInsecurePush();
    void updateProxyWidgets();
    void updateTrustedCertificate();
    void updateAccount();
    void openLogin();
    void logOut();
    void testConnection();
    void onPresenceToggled(bool on);

    SettingsContext m_context;
    settings::Settings m_settings;
    settings::ConnectionTester* m_tester = nullptr;
    QTabWidget* m_tabs = nullptr;
    // Account
    QLabel* m_account = nullptr;
    QPushButton* m_login = nullptr;
    QPushButton* m_logout = nullptr;
    QLineEdit* m_site = nullptr;
    QLineEdit* m_push = nullptr;
    QPushButton* m_test = nullptr;
    QLabel* m_testResult = nullptr;
    QLabel* m_credentialNote = nullptr;
    QCheckBox* m_insecurePush = nullptr;
    QLabel* m_insecurePushNote = nullptr;
    QLabel* m_accountError = nullptr;
    // Notifications
    QComboBox* m_presenter = nullptr;
    QLabel* m_presenterNote = nullptr;
    QString m_presenterInUse; ///< the reason last given by the notifier, kept across a rebuild of the pages
    QSpinBox* m_seconds = nullptr;
    QComboBox* m_corner = nullptr;
    QCheckBox* m_sound = nullptr;
    QCheckBox* m_dnd = nullptr;
    QCheckBox* m_quiet = nullptr;
    QTimeEdit* m_quietFrom = nullptr;
    QTimeEdit* m_quietTo = nullptr;
    QCheckBox* m_breakThrough = nullptr;
    QComboBox* m_mentionCatchup = nullptr;
    // Subscriptions
    QCheckBox* m_presence = nullptr;
    // Desktop
    QCheckBox* m_autostart = nullptr;
    QComboBox* m_language = nullptr;
    QLabel* m_desktopNote = nullptr;
    // Network
    QComboBox* m_proxyMode = nullptr;
    QComboBox* m_proxyType = nullptr;
    QLineEdit* m_proxyHost = nullptr;
    QSpinBox* m_proxyPort = nullptr;
    QLineEdit* m_trustedCa = nullptr;
    QPushButton* m_trustedCaBrowse = nullptr;
    QLabel* m_trustedCaStatus = nullptr;
    QLabel* m_networkError = nullptr;
};

} // namespace ui
