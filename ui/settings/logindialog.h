// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>
#include <QUrl>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QNetworkAccessManager;
class QTabWidget;

namespace forum {
class ForumApi;
}
namespace settings {
class CredentialStore;
}

namespace ui {

/// Logs in to the forum: name, e-mail or phone with the password (user.login.json gives a session id), or a
/// pasted session id (checked for shape, then with user.stat.json isLogin). On success the sid goes to the
/// CredentialStore and the dialog accepts. The password is never stored. Explains itself for a first start: a line
/// on what the app does, every field labelled (the label is its buddy, so screen readers name it), a link to the
/// site's registration page, and (when offered) the demo. Created by the settings dialog or the controller on first
/// run; owned by its parent widget.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    LoginDialog(QNetworkAccessManager* network, const QUrl& siteBase, settings::CredentialStore* credentials,
                QWidget* parent = nullptr);
    ~LoginDialog() override;

    qint64 uid() const { return m_uid; }
    QString userName() const { return m_userName; }
    QString sid() const { return m_sid; }
    /// Shows the line about the demo with its "Try the demo" button (first start); demoRequested() when pressed.
    void setDemoOffered(bool offered);
    /// The site's registration page (user.reg.html), opened by the dialog's link.
    QUrl registerUrl() const;

Q_SIGNALS:
    void loggedIn(qint64 uid, const QString& name, const QString& sid);
    /// "Try the demo": run the app against its built-in demo server.
    void demoRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void submit();
    void verify(const QString& sid, qint64 uid, const QString& fallbackName);
    void store();
    void fail(const QString& message);
    void setBusy(bool busy);
    void openLink(const QString& link);
    void updateNameLabel();

    QPointer<settings::CredentialStore> m_credentials;
    forum::ForumApi* m_api = nullptr;
    QTabWidget* m_tabs = nullptr;
    QComboBox* m_type = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_sidEdit = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_typeLabel = nullptr;
    QLabel* m_nameLabel = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLabel* m_sidLabel = nullptr;
    QLabel* m_register = nullptr;
    QLabel* m_demoNote = nullptr;
    QPushButton* m_demo = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_submit = nullptr;
    qint64 m_uid = 0;
    QString m_userName;
    QString m_sid;
};

} // namespace ui
