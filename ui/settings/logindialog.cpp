// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/logindialog.h"

#include "core/content/content.h"
#include "core/forum/forumapi.h"
#include "core/settings/credentialstore.h"
#include "core/settings/networkconfig.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
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

    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("loginIntro"));
    m_intro->setWordWrap(true);

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
    // Real labels, each the buddy of its field: addRow(QString(), field) makes none, and a field without one has no
    // name for a screen reader (nor a mnemonic).
    const auto label = [](QWidget* page, QWidget* field, const char* name) {
        auto* widget = new QLabel(page);
        widget->setObjectName(QString::fromLatin1(name));
        widget->setBuddy(field);
        return widget;
    };
    m_typeLabel = label(passwordPage, m_type, "loginTypeLabel");
    m_nameLabel = label(passwordPage, m_name, "loginNameLabel");
    m_passwordLabel = label(passwordPage, m_password, "loginPasswordLabel");
    auto* form = new QFormLayout(passwordPage);
    form->addRow(m_typeLabel, m_type);
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_passwordLabel, m_password);
    // The name field is named after what it takes: a user name, an e-mail address or a phone number.
    connect(m_type, &QComboBox::currentIndexChanged, this, &LoginDialog::updateNameLabel);
    auto* passwordNote = new QLabel(passwordPage);
    passwordNote->setObjectName(QStringLiteral("loginPasswordNote"));
    passwordNote->setWordWrap(true);
    form->addRow(passwordNote);

    auto* sidPage = new QWidget(this);
    m_sidEdit = new QLineEdit(sidPage);
    m_sidEdit->setObjectName(QStringLiteral("loginSid"));
    m_sidEdit->setEchoMode(QLineEdit::Password);
    m_sidLabel = label(sidPage, m_sidEdit, "loginSidLabel");
    auto* sidForm = new QFormLayout(sidPage);
    sidForm->addRow(m_sidLabel, m_sidEdit);
    auto* sidNote = new QLabel(sidPage);
    sidNote->setObjectName(QStringLiteral("loginSidNote"));
    sidNote->setWordWrap(true);
    sidForm->addRow(sidNote);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("loginTabs"));
    m_tabs->addTab(passwordPage, QString());
    m_tabs->addTab(sidPage, QString());

    // Links are opened here, and only to web pages.
    m_register = new QLabel(this);
    m_register->setObjectName(QStringLiteral("loginRegister"));
    m_register->setWordWrap(true);
    m_register->setTextFormat(Qt::RichText);
    m_register->setOpenExternalLinks(false);
    m_register->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_register, &QLabel::linkActivated, this, &LoginDialog::openLink);

    m_demoNote = new QLabel(this);
    m_demoNote->setObjectName(QStringLiteral("loginDemoNote"));
    m_demoNote->setWordWrap(true);
    m_demo = new QPushButton(this);
    m_demo->setObjectName(QStringLiteral("loginDemoButton"));
    m_demo->setAutoDefault(false);
    connect(m_demo, &QPushButton::clicked, this, &LoginDialog::demoRequested);
    auto* demoRow = new QHBoxLayout;
    demoRow->addWidget(m_demoNote, 1);
    demoRow->addWidget(m_demo);
    m_demoNote->hide();
    m_demo->hide();

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
    layout->addWidget(m_intro);
    layout->addWidget(m_tabs);
    layout->addWidget(m_register);
    layout->addLayout(demoRow);
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
    m_intro->setText(tr("hu60 Notifier shows new inbox messages and @ mentions of the hu60 forum as desktop "
                        "notifications, and which forum robots are online. Log in with your forum account."));
    m_typeLabel->setText(tr("Log in &with"));
    updateNameLabel();
    m_passwordLabel->setText(tr("&Password"));
    m_sidLabel->setText(tr("&Session id"));
    m_register->setText(
        tr("No account yet? <a href=\"%1\">Register on %2</a>.")
            .arg(registerUrl().toString(QUrl::FullyEncoded).toHtmlEscaped(), m_api->siteBase().host().toHtmlEscaped()));
    m_demoNote->setText(tr("Just looking? The demo runs offline against a built-in server, no account needed "
                           "(hu60-notifier --demo)."));
    m_demo->setText(tr("Try the demo"));
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

void LoginDialog::updateNameLabel()
{
    switch (forum::LoginType(m_type->currentData().toInt())) {
    case forum::LoginType::Mail:
        m_nameLabel->setText(tr("&E-mail"));
        break;
    case forum::LoginType::Phone:
        m_nameLabel->setText(tr("P&hone"));
        break;
    default:
        m_nameLabel->setText(tr("&User name"));
        break;
    }
}

void LoginDialog::setDemoOffered(bool offered)
{
    m_demoNote->setVisible(offered);
    m_demo->setVisible(offered);
}

QUrl LoginDialog::registerUrl() const
{
    return content::pageUrl(u"user.reg.html", m_api->siteBase());
}

void LoginDialog::openLink(const QString& link)
{
    const QUrl url(link);
    if (content::isSafeLinkUrl(url))
        QDesktopServices::openUrl(url);
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
