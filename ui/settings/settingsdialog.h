// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/connectiontester.h"
#include "core/settings/settings.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimeEdit;

namespace settings {
class CredentialStore;
class SettingsModel;
} // namespace settings

namespace ui {

/// What the settings dialog works with; none of it is owned by the dialog.
struct SettingsContext
{
    settings::SettingsModel* settings = nullptr; ///< what is edited; null = defaults of the dialog's own, never saved
    settings::CredentialStore* credentials = nullptr; ///< where the sid is kept (shown; the login dialog writes it)
    QNetworkAccessManager* network = nullptr;
    QString sid; ///< the current session id, for "test connection" (never shown)
};

/// The settings window, in tabs: account (log in / out, site and push URLs, test connection), notifications,
/// subscriptions (robot presence: submitted at once, since it is a server-side subscription), desktop (start on
/// login, language) and network (proxy, a trusted certificate for self-hosted forums). The widgets edit a copy of
/// the settings; OK/Apply submit the fields the user edited to the SettingsModel, refusing what would be unsafe: a
/// plain-http site that is not this computer, a ws:// push URL to another host without the explicit permission, a
/// trusted-certificate file that holds none. A change made elsewhere meanwhile (the tray's do-not-disturb or mute)
/// shows at once and keeps the edits. The dialog has no side effects of its own: the consumers of the model
/// subscribe, write the autostart entry and change the language; logging out is the notifier's. Created on demand by
/// the notifier, which owns it.
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
    /// Shows the settings as they are now, dropping edits not applied (the dialog is opened again).
    void reload();
    /// Checks and submits what the user edited; false (nothing saved, the reason shown on its page) when unsafe.
    bool apply();
    /// The autostart entry could not be changed (the setting keeps what is): said on the desktop page.
    void showAutostartProblem(const QString& error);

Q_SIGNALS:
    void settingsApplied(const settings::Settings& settings);
    void robotPresenceChanged(bool wanted);
    /// Logged in against `site` (the sid is stored already): the controller takes the account and the sid.
    void loggedIn(qint64 uid, const QString& name, const QString& sid, const QUrl& site);
    /// "Log out" pressed: the notifier forgets the sid.
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
    /// Shows `s` in the widgets.
    void load(const settings::Settings& s);
    /// The settings changed (here or elsewhere): show them, keeping what the user edited and has not applied.
    void onSettingsChanged(const settings::Settings& now);
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
    std::unique_ptr<settings::SettingsModel> m_ownSettings; ///< without a model in the context
    settings::SettingsModel* m_model = nullptr;
    settings::Settings m_base; ///< the settings the widgets' edits are made against
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
