// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/logindialog.h"

#include "core/forum/forumapi.h"
#include "core/settings/credentialstore.h"
#include "core/settings/networkconfig.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ui {

LoginDialog::LoginDialog(QNetworkAccessManager* network, const QUrl& siteBase, settings::CredentialStore* credentials,
                         QWidget* parent)
    : QDialog(parent)
    , m_credentials(credentials)
    , m_api(new forum::ForumApi(network, this))
{
    setObjectName(QStringLiteral("loginDialog"));
    m_api->setSiteBase(siteBase);

    auto* passwordPage = new QWidget(this);
    m_type = new QComboBox(passwordPage);
    m_type->setObjectName(QStringLiteral("loginType"));
    for (const auto type : {forum::LoginType::Name, forum::LoginType::Mail, forum::LoginType::Phone})
        m_type->addItem(QString(), int(type));
    m_name = new QLineEdit(passwordPage);
    m_name->setObjectName(QStringLiteral("loginName"));
    m_password = new QLineEdit(passwordPage);
    m_password->setObjectName(QStringLiteral("loginPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    auto* form = new QFormLayout(passwordPage);
    form->addRow(QString(), m_type);
    form->addRow(QString(), m_name);
    form->addRow(QString(), m_password);
    auto* passwordNote = new QLabel(passwordPage);
    passwordNote->setObjectName(QStringLiteral("loginPasswordNote"));
    passwordNote->setWordWrap(true);
    form->addRow(passwordNote);

    auto* sidPage = new QWidget(this);
    m_sidEdit = new QLineEdit(sidPage);
    m_sidEdit->setObjectName(QStringLiteral("loginSid"));
    m_sidEdit->setEchoMode(QLineEdit::Password);
    auto* sidForm = new QFormLayout(sidPage);
    sidForm->addRow(QString(), m_sidEdit);
    auto* sidNote = new QLabel(sidPage);
    sidNote->setObjectName(QStringLiteral("loginSidNote"));
    sidNote->setWordWrap(true);
    sidForm->addRow(sidNote);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("loginTabs"));
    m_tabs->addTab(passwordPage, QString());
    m_tabs->addTab(sidPage, QString());

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    // Our own accept button, not a relabelled Ok: the button box resets the text of its standard buttons when the
    // language changes.
    m_submit = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_submit->setObjectName(QStringLiteral("loginButton"));
    m_submit->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    retranslateUi();
}

LoginDialog::~LoginDialog() = default;

void LoginDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void LoginDialog::retranslateUi()
{
    setWindowTitle(tr("Log in to %1").arg(m_api->siteBase().host()));
    m_type->setItemText(0, tr("User name"));
    m_type->setItemText(1, tr("E-mail"));
    m_type->setItemText(2, tr("Phone"));
    const auto label = [](QWidget* field, const QString& text) {
        auto* form = qobject_cast<QFormLayout*>(field->parentWidget()->layout());
        if (auto* widget = qobject_cast<QLabel*>(form ? form->labelForField(field) : nullptr))
            widget->setText(text);
    };
    label(m_type, tr("Log in with"));
    label(m_name, tr("Name"));
    label(m_password, tr("Password"));
    label(m_sidEdit, tr("Session id"));
    m_sidEdit->setPlaceholderText(tr("hu60_sid cookie value"));
    findChild<QLabel*>(QStringLiteral("loginPasswordNote"))
        ->setText(tr("The password is sent to the forum once and never stored."));
    findChild<QLabel*>(QStringLiteral("loginSidNote"))
        ->setText(tr("Copy the value of the hu60_sid cookie from a browser where you are logged in. It is a "
                     "password: it is kept in your keychain."));
    m_tabs->setTabText(0, tr("Password"));
    m_tabs->setTabText(1, tr("Session id"));
    m_submit->setText(tr("Log in"));
}

void LoginDialog::setBusy(bool busy)
{
    m_submit->setEnabled(!busy);
    m_tabs->setEnabled(!busy);
    if (busy)
        m_error->hide();
}

void LoginDialog::fail(const QString& message)
{
    setBusy(false);
    m_error->setText(message);
    m_error->show();
}

void LoginDialog::submit()
{
    // ForumApi refuses such a site too; saying why here spares the user a puzzling network error.
    if (const QString refusal = settings::siteRefusal(m_api->siteBase()); !refusal.isEmpty()) {
        fail(refusal);
        return;
    }
    if (m_tabs->currentIndex() == 1) {
        const QString sid = m_sidEdit->text().trimmed();
        if (!forum::isValidSid(sid)) {
            fail(tr("That is not a session id: it has 20 to 64 letters, digits, “-” or “_”."));
            return;
        }
        setBusy(true);
        verify(sid, 0, QString());
        return;
    }
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || m_password->text().isEmpty()) {
        fail(tr("Enter your name and password."));
        return;
    }
    setBusy(true);
    const auto type = forum::LoginType(m_type->currentData().toInt());
    m_api->login(type, name, m_password->text(), this,
                 [this, name, type](const std::optional<forum::LoginResult>& result, const forum::Error& error) {
                     if (!result) {
                         fail(error.kind == forum::ErrorKind::Forum
                                  ? tr("The forum refused the login: %1").arg(error.message)
                                  : tr("Could not log in: %1").arg(error.message));
                         return;
                     }
                     m_password->clear();
                     verify(result->sid, result->uid, type == forum::LoginType::Name ? name : QString());
                 });
}

void LoginDialog::verify(const QString& sid, qint64 uid, const QString& fallbackName)
{
    // The one check that counts (forum-api.md §11): user.stat.json says isLogin.
    m_api->setSid(sid);
    m_api->fetchStat(this,
                     [this, sid, uid, fallbackName](const std::optional<forum::Stat>& stat, const forum::Error& error) {
                         m_api->setSid(QString());
                         if (!stat || !stat->isLogin) {
                             fail(error.kind == forum::ErrorKind::Network || error.kind == forum::ErrorKind::Timeout
                                      ? tr("Could not reach the forum: %1").arg(error.message)
                                      : tr("The forum does not accept this session id (logged out or expired)."));
                             return;
                         }
                         m_sid = sid;
                         m_uid = stat->uid ? stat->uid : uid;
                         m_userName = stat->name.isEmpty() ? fallbackName : stat->name;
                         store();
                     });
}

void LoginDialog::store()
{
    if (!m_credentials) {
        emit loggedIn(m_uid, m_userName, m_sid);
        accept();
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_credentials, &settings::CredentialStore::sidWritten, this, [this, connection](bool ok) {
        disconnect(*connection);
        if (!ok) {
            fail(tr("Logged in, but the session id could not be stored."));
            return;
        }
        emit loggedIn(m_uid, m_userName, m_sid);
        accept();
    });
    m_credentials->writeSid(m_sid);
}

} // namespace ui
