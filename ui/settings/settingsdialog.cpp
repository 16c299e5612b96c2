// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/settingsdialog.h"

#include "core/settings/autostart.h"
#include "core/settings/credentialstore.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settingsmodel.h"
#include "ui/settings/logindialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace ui {

namespace {

QLabel* errorLabel(const char* name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c0392b;"));
    label->hide();
    return label;
}

QLabel* note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.92);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

template<class T>
T* named(T* widget, const char* name)
{
    widget->setObjectName(QString::fromLatin1(name));
    return widget;
}

// Same text: left alone, so the cursor and the undo history of a field being edited stay.
void setText(QLineEdit* edit, const QString& text)
{
    if (edit->text() != text)
        edit->setText(text);
}

} // namespace

SettingsDialog::SettingsDialog(const SettingsContext& context, QWidget* parent)
    : QDialog(parent)
    , m_context(context)
    , m_ownSettings(context.settings
                        ? nullptr
                        : std::make_unique<settings::SettingsModel>(settings::SettingsModel::Storage::Memory))
    , m_model(context.settings ? context.settings : m_ownSettings.get())
    , m_tester(new settings::ConnectionTester(context.network, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings — hu60 Notifier"));

    m_tabs = named(new QTabWidget(this), "settingsTabs");
    addPages();

    auto* buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Apply)->setObjectName(QStringLiteral("applyButton"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);

    connect(m_tester, &settings::ConnectionTester::finished, this,
            [this](settings::ConnectionTester::Result result, const QString& detail) {
                m_test->setEnabled(true);
                m_testResult->setText(settings::ConnectionTester::describe(result, detail));
                m_testResult->setProperty("result", int(result));
            });
    if (m_context.credentials) {
        connect(m_context.credentials, &settings::CredentialStore::fallbackUsed, this, [this] { updateAccount(); });
    }
    connect(m_model, &settings::SettingsModel::changed, this,
            [this](const settings::Settings&, const settings::Settings& now) { onSettingsChanged(now); });
    reload();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::addPages()
{
    m_tabs->addTab(buildAccountPage(), tr("Account"));
    m_tabs->addTab(buildNotificationsPage(), tr("Notifications"));
    m_tabs->addTab(buildSubscriptionsPage(), tr("Subscriptions"));
    m_tabs->addTab(buildDesktopPage(), tr("Desktop"));
    m_tabs->addTab(buildNetworkPage(), tr("Network"));
}

void SettingsDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange && m_tabs)
        retranslateUi();
}

void SettingsDialog::retranslateUi()
{
    // The pages set their texts where they are built: build them again in the new language, keeping what the user
    // has entered but not applied yet, and the page shown. (The standard buttons retranslate themselves.)
    const settings::Settings edited = currentSettings();
    // As typed, even when not (yet) a valid URL.
    const QString siteText = m_site->text();
    const QString pushText = m_push->text();
    const int page = m_tabs->currentIndex();
    setWindowTitle(tr("Settings — hu60 Notifier"));
    while (m_tabs->count() > 0) {
        QWidget* old = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete old;
    }
    addPages();
    // The rebuilt page says again what is in use (the notifier rewords the reason in the new language too).
    setPresenterInUse(m_presenterInUse);
    load(edited);
    m_site->setText(siteText);
    m_push->setText(pushText);
    m_tabs->setCurrentIndex(page);
}

QWidget* SettingsDialog::buildAccountPage()
{
    auto* page = new QWidget(this);
    m_account = named(new QLabel(page), "accountLabel");
    m_account->setWordWrap(true);
    m_login = named(new QPushButton(tr("Log in…"), page), "loginButton");
    m_logout = named(new QPushButton(tr("Log out"), page), "logoutButton");
    connect(m_login, &QPushButton::clicked, this, &SettingsDialog::openLogin);
    connect(m_logout, &QPushButton::clicked, this, &SettingsDialog::logOut);
    auto* accountButtons = new QHBoxLayout;
    accountButtons->addWidget(m_login);
    accountButtons->addWidget(m_logout);
    accountButtons->addStretch();
    m_credentialNote = named(note(QString(), page), "credentialNote");

    m_site = named(new QLineEdit(page), "siteEdit");
    m_site->setPlaceholderText(QStringLiteral("https://hu60.cn"));
    m_push = named(new QLineEdit(page), "pushEdit");
    m_push->setPlaceholderText(tr("derived from the site (wss://…/ws/msg)"));
    m_test = named(new QPushButton(tr("Test connection"), page), "testConnectionButton");
    m_testResult = named(new QLabel(page), "testConnectionResult");
    m_testResult->setWordWrap(true);
    connect(m_test, &QPushButton::clicked, this, &SettingsDialog::testConnection);

    m_insecurePush =
        named(new QCheckBox(tr("Allow this unencrypted (ws://) push connection"), page), "insecurePushCheck");
    m_insecurePushNote =
        named(note(tr("Without TLS, anyone on the network between you and this server can read your session id "
                      "(which works like your password) and every message. Only allow this for a server you "
                      "run on a network you trust; wss:// is always safer."),
                   page),
              "insecurePushNote");
    m_accountError = errorLabel("accountError", page);
    connect(m_push, &QLineEdit::textChanged, this, &SettingsDialog::updateInsecurePush);
    connect(m_site, &QLineEdit::textChanged, this, &SettingsDialog::updateInsecurePush);

    auto* form = new QFormLayout;
    form->addRow(tr("Site"), m_site);
    form->addRow(tr("Push service"), m_push);
    form->addRow(QString(), m_insecurePush);
    form->addRow(QString(), m_insecurePushNote);

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_account);
    layout->addLayout(accountButtons);
    layout->addWidget(m_credentialNote);
    layout->addSpacing(8);
    layout->addLayout(form);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);
    layout->addLayout(testRow);
    layout->addWidget(m_accountError);
    layout->addStretch();
    return page;
}

void SettingsDialog::setPresenterInUse(const QString& description)
{
    m_presenterInUse = description;
    // Hidden until told (the page is built before the notifier says what is in use).
    m_presenterNote->setText(description.isEmpty() ? QString() : tr("In use: %1").arg(description));
    m_presenterNote->setVisible(!description.isEmpty());
}

QWidget* SettingsDialog::buildNotificationsPage()
{
    auto* page = new QWidget(this);
    m_presenter = named(new QComboBox(page), "presenterCombo");
    m_presenter->addItem(tr("Automatic (recommended)"), int(settings::Presenter::Automatic));
    m_presenter->addItem(tr("Rich popups (faces, quotes, Markdown)"), int(settings::Presenter::Popup));
    m_presenter->addItem(tr("Desktop notifications"), int(settings::Presenter::Native));
    m_presenterNote = named(new QLabel(page), "presenterNote");
    m_presenterNote->setWordWrap(true);
    m_presenterNote->setTextFormat(Qt::PlainText);
    m_presenterNote->setVisible(false);
    m_seconds = named(new QSpinBox(page), "popupSecondsSpin");
    m_seconds->setRange(2, 120);
    m_seconds->setSuffix(tr(" s"));
    m_corner = named(new QComboBox(page), "cornerCombo");
    m_corner->addItem(tr("Top left"), int(settings::Corner::TopLeft));
    m_corner->addItem(tr("Top right"), int(settings::Corner::TopRight));
    m_corner->addItem(tr("Bottom left"), int(settings::Corner::BottomLeft));
    m_corner->addItem(tr("Bottom right"), int(settings::Corner::BottomRight));
    m_sound = named(new QCheckBox(tr("Play a sound"), page), "soundCheck");
    m_dnd = named(new QCheckBox(tr("Do not disturb"), page), "dndCheck");
    m_quiet = named(new QCheckBox(tr("Quiet hours from"), page), "quietHoursCheck");
    m_quietFrom = named(new QTimeEdit(page), "quietFromEdit");
    m_quietTo = named(new QTimeEdit(page), "quietToEdit");
    m_quietFrom->setDisplayFormat(QStringLiteral("HH:mm"));
    m_quietTo->setDisplayFormat(QStringLiteral("HH:mm"));
    m_breakThrough = named(new QCheckBox(tr("@ mentions still show while quiet"), page), "breakThroughCheck");
    m_mentionCatchup = named(new QComboBox(page), "mentionCatchupCombo");
    m_mentionCatchup->addItem(tr("Count only (“5 new @ messages”)"), int(settings::MentionCatchup::CountOnly));
    m_mentionCatchup->addItem(tr("Fetch them (the forum then marks them read)"), int(settings::MentionCatchup::Fetch));

    auto* quietRow = new QHBoxLayout;
    quietRow->addWidget(m_quiet);
    quietRow->addWidget(m_quietFrom);
    quietRow->addWidget(new QLabel(tr("to"), page));
    quietRow->addWidget(m_quietTo);
    quietRow->addStretch();

    auto* form = new QFormLayout(page);
    form->addRow(tr("Show as"), m_presenter);
    form->addRow(QString(), m_presenterNote);
    form->addRow(tr("Hide after"), m_seconds);
    form->addRow(tr("Corner"), m_corner);
    form->addRow(QString(), m_sound);
    form->addRow(QString(), m_dnd);
    form->addRow(quietRow);
    form->addRow(QString(), m_breakThrough);
    form->addRow(tr("Missed @ mentions"), m_mentionCatchup);
    return page;
}

QWidget* SettingsDialog::buildSubscriptionsPage()
{
    auto* page = new QWidget(this);
    m_presence = named(new QCheckBox(tr("Show robots going online and offline"), page), "robotPresenceCheck");
    connect(m_presence, &QCheckBox::toggled, this, &SettingsDialog::onPresenceToggled);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_presence);
    layout->addWidget(named(note(tr("This is a subscription on the forum's push service, kept per account: turning "
                                    "it off also stops robot online/offline events in your browser tabs on the "
                                    "forum. It applies at once and is restored after every reconnect. New "
                                    "messages and @ mentions are always delivered."),
                                 page),
                            "robotPresenceNote"));
    layout->addStretch();
    return page;
}

QWidget* SettingsDialog::buildDesktopPage()
{
    auto* page = new QWidget(this);
    m_autostart = named(new QCheckBox(tr("Start hu60 Notifier when I log in"), page), "autostartCheck");
    m_language = named(new QComboBox(page), "languageCombo");
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_desktopNote = named(note(tr("A new language applies at once."), page), "languageNote");
    auto* form = new QFormLayout(page);
    form->addRow(QString(), m_autostart);
    form->addRow(tr("Language"), m_language);
    form->addRow(QString(), m_desktopNote);
    return page;
}

QWidget* SettingsDialog::buildNetworkPage()
{
    auto* page = new QWidget(this);
    m_proxyMode = named(new QComboBox(page), "proxyModeCombo");
    m_proxyMode->addItem(tr("Use the system's proxy settings"), int(settings::ProxyMode::System));
    m_proxyMode->addItem(tr("No proxy"), int(settings::ProxyMode::None));
    m_proxyMode->addItem(tr("Manual proxy"), int(settings::ProxyMode::Manual));
    m_proxyType = named(new QComboBox(page), "proxyTypeCombo");
    m_proxyType->addItem(QStringLiteral("HTTP"), int(settings::ProxyType::Http));
    m_proxyType->addItem(QStringLiteral("SOCKS5"), int(settings::ProxyType::Socks5));
    m_proxyHost = named(new QLineEdit(page), "proxyHostEdit");
    m_proxyHost->setPlaceholderText(tr("proxy.example.org"));
    m_proxyPort = named(new QSpinBox(page), "proxyPortSpin");
    m_proxyPort->setRange(0, 65535);
    m_proxyPort->setSpecialValueText(tr("port"));
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateProxyWidgets);
    auto* proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyType);
    proxyRow->addWidget(m_proxyHost, 1);
    proxyRow->addWidget(m_proxyPort);

    m_trustedCa = named(new QLineEdit(page), "trustedCaEdit");
    m_trustedCa->setPlaceholderText(tr("none: only the system's certificate authorities"));
    m_trustedCa->setClearButtonEnabled(true);
    m_trustedCaBrowse = named(new QPushButton(tr("Choose…"), page), "trustedCaBrowseButton");
    m_trustedCaStatus = named(note(QString(), page), "trustedCaStatus");
    m_trustedCaStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_trustedCa, &QLineEdit::textChanged, this, &SettingsDialog::updateTrustedCertificate);
    connect(m_trustedCaBrowse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Trust a certificate"), m_trustedCa->text(),
                                                          tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_trustedCa->setText(file);
    });
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_trustedCa, 1);
    caRow->addWidget(m_trustedCaBrowse);

    m_networkError = errorLabel("networkError", page);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Proxy"), m_proxyMode);
    form->addRow(QString(), proxyRow);
    form->addRow(tr("Trusted certificate"), caRow);
    form->addRow(QString(), m_trustedCaStatus);
    form->addRow(QString(),
                 note(tr("For a self-hosted forum with a private certificate authority or a self-signed certificate: "
                         "pick that CA's certificate, or the server's own certificate, as a PEM file. It is trusted "
                         "in addition to the system's authorities; certificate checks always stay on."),
                      page));
    form->addRow(m_networkError);
    return page;
}

void SettingsDialog::updateInsecurePush()
{
    settings::Settings s = m_base;
    const QString push = m_push->text().trimmed();
    s.pushUrl = push.isEmpty() ? QUrl() : QUrl(push);
    const QUrl site = QUrl::fromUserInput(m_site->text().trimmed());
    if (site.isValid())
        s.site = site;
    const bool insecure = settings::isInsecurePushUrl(s.effectivePushUrl());
    m_insecurePush->setVisible(insecure);
    m_insecurePushNote->setVisible(insecure);
}

void SettingsDialog::updateProxyWidgets()
{
    const bool manual = settings::ProxyMode(m_proxyMode->currentData().toInt()) == settings::ProxyMode::Manual;
    m_proxyType->setEnabled(manual);
    m_proxyHost->setEnabled(manual);
    m_proxyPort->setEnabled(manual);
}

void SettingsDialog::updateTrustedCertificate()
{
    const QString path = m_trustedCa->text().trimmed();
    if (path.isEmpty()) {
        m_trustedCaStatus->setText(tr("Only the system's certificate authorities are trusted."));
        return;
    }
    QList<QSslCertificate> certificates;
    QString error;
    if (!settings::NetworkConfig::loadCertificates(path, &certificates, &error)) {
        m_trustedCaStatus->setText(error);
        return;
    }
    const QSslCertificate& first = certificates.constFirst();
    QString text = tr("Trusted: %1\nSHA-256: %2\nValid until %3")
                       .arg(settings::describeName(first, false), settings::sha256Fingerprint(first),
                            first.expiryDate().toLocalTime().toString(Qt::ISODate));
    if (certificates.size() > 1)
        text += u'\n' + tr("and %n more certificate(s)", nullptr, int(certificates.size() - 1));
    m_trustedCaStatus->setText(text);
}

void SettingsDialog::showPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

void SettingsDialog::reload()
{
    m_base = m_model->value();
    load(m_base);
    m_accountError->hide();
    m_networkError->hide();
}

void SettingsDialog::onSettingsChanged(const settings::Settings& now)
{
    // What was typed stays as typed, even when not (yet) a valid URL.
    const QString siteText = m_site->text();
    const QString pushText = m_push->text();
    const bool siteTyped = siteText != m_base.site.toString();
    const bool pushTyped = pushText != m_base.pushUrl.toString();
    const settings::Settings shown = settings::SettingsModel::merge(m_base, currentSettings(), now);
    m_base = now;
    load(shown);
    if (siteTyped)
        setText(m_site, siteText);
    if (pushTyped)
        setText(m_push, pushText);
}

void SettingsDialog::load(const settings::Settings& s)
{
    setText(m_site, s.site.toString());
    setText(m_push, s.pushUrl.toString());
    m_presenter->setCurrentIndex(m_presenter->findData(int(s.presenter)));
    m_seconds->setValue(s.popupSeconds);
    m_corner->setCurrentIndex(m_corner->findData(int(s.corner)));
    m_sound->setChecked(s.sound);
    m_dnd->setChecked(s.doNotDisturb);
    m_quiet->setChecked(s.quietHours);
    m_quietFrom->setTime(s.quietFrom);
    m_quietTo->setTime(s.quietTo);
    m_breakThrough->setChecked(s.mentionsBreakThrough);
    m_mentionCatchup->setCurrentIndex(m_mentionCatchup->findData(int(s.mentionCatchup)));
    {
        const QSignalBlocker blocker(m_presence); // loading is not a toggle: nothing to send
        m_presence->setChecked(s.robotPresence);
    }
    m_autostart->setChecked(s.startOnLogin || settings::autostart::isEnabled());
    m_language->setCurrentIndex(qMax(0, m_language->findData(s.language)));
    m_insecurePush->setChecked(s.allowInsecurePush);
    m_proxyMode->setCurrentIndex(qMax(0, m_proxyMode->findData(int(s.proxyMode))));
    m_proxyType->setCurrentIndex(qMax(0, m_proxyType->findData(int(s.proxyType))));
    setText(m_proxyHost, s.proxyHost);
    m_proxyPort->setValue(s.proxyPort);
    setText(m_trustedCa, s.trustedCaFile);
    updateInsecurePush();
    updateProxyWidgets();
    updateTrustedCertificate();
    updateAccount();
}

settings::Settings SettingsDialog::currentSettings() const
{
    settings::Settings s = m_base;
    const QUrl site = QUrl::fromUserInput(m_site->text().trimmed());
    if (site.isValid() && (site.scheme() == u"http" || site.scheme() == u"https"))
        s.site = site;
    const QString push = m_push->text().trimmed();
    s.pushUrl = push.isEmpty() ? QUrl() : QUrl(push);
    // The permission belongs to the URL it was given for: a secure URL needs none.
    s.allowInsecurePush = settings::isInsecurePushUrl(s.effectivePushUrl()) && m_insecurePush->isChecked();
    s.presenter = settings::Presenter(m_presenter->currentData().toInt());
    s.popupSeconds = m_seconds->value();
    s.corner = settings::Corner(m_corner->currentData().toInt());
    s.sound = m_sound->isChecked();
    if (s.doNotDisturb != m_dnd->isChecked()) {
        s.doNotDisturb = m_dnd->isChecked();
        s.dndUntil = QDateTime(); // set here it means "until I turn it off"
    }
    s.quietHours = m_quiet->isChecked();
    s.quietFrom = m_quietFrom->time();
    s.quietTo = m_quietTo->time();
    s.mentionsBreakThrough = m_breakThrough->isChecked();
    s.mentionCatchup = settings::MentionCatchup(m_mentionCatchup->currentData().toInt());
    s.robotPresence = m_presence->isChecked();
    s.startOnLogin = m_autostart->isChecked();
    s.language = m_language->currentData().toString();
    s.proxyMode = settings::ProxyMode(m_proxyMode->currentData().toInt());
    s.proxyType = settings::ProxyType(m_proxyType->currentData().toInt());
    s.proxyHost = m_proxyHost->text().trimmed();
    s.proxyPort = m_proxyPort->value();
    s.trustedCaFile = m_trustedCa->text().trimmed();
    return s;
}

QString SettingsDialog::problemWith(const settings::Settings& s, Page* page) const
{
    *page = Page::Account;
    const QString siteText = m_site->text().trimmed();
    const QUrl site = siteText.isEmpty() ? s.site : QUrl::fromUserInput(siteText);
    if (const QString refusal = settings::siteRefusal(site); !refusal.isEmpty())
        return refusal;
    const QString push = m_push->text().trimmed();
    if (!push.isEmpty() && (!s.pushUrl.isValid() || (s.pushUrl.scheme() != u"wss" && s.pushUrl.scheme() != u"ws") ||
                            s.pushUrl.host().isEmpty()))
        return tr("The push service address must start with wss:// (or ws://).");
    if (settings::isInsecurePushUrl(s.effectivePushUrl()) && !s.allowInsecurePush)
        return tr("The push service address %1 is not encrypted. Use wss://, or allow this unencrypted connection "
                  "explicitly.")
            .arg(s.effectivePushUrl().host());
    *page = Page::Network;
    if (s.proxyMode == settings::ProxyMode::Manual && (s.proxyHost.isEmpty() || s.proxyPort <= 0))
        return tr("A manual proxy needs a host and a port.");
    QString error;
    if (!s.trustedCaFile.isEmpty() && !settings::NetworkConfig::loadCertificates(s.trustedCaFile, nullptr, &error))
        return error;
    return {};
}

bool SettingsDialog::apply()
{
    const settings::Settings wanted = currentSettings();
    Page page = Page::Account;
    m_accountError->hide();
    m_networkError->hide();
    if (const QString problem = problemWith(wanted, &page); !problem.isEmpty()) {
        QLabel* label = page == Page::Network ? m_networkError : m_accountError;
        label->setText(problem);
        label->show();
        showPage(page);
        return false;
    }
    m_desktopNote->setText(tr("A new language applies at once."));
    // Only what the user edited: what the tray changed meanwhile stays (the model's `changed` shows it here).
    m_model->submit(m_base, wanted);
    emit settingsApplied(m_model->value());
    return true;
}

void SettingsDialog::showAutostartProblem(const QString& error)
{
    m_desktopNote->setText(tr("Could not change the autostart entry: %1").arg(error));
}

void SettingsDialog::onPresenceToggled(bool on)
{
    // A server-side subscription: submitted now, not on OK (the notifier sends unsub/sub).
    m_model->update([on](settings::Settings& s) { s.robotPresence = on; });
    emit robotPresenceChanged(on);
}

void SettingsDialog::updateAccount()
{
    const bool loggedIn = !m_context.sid.isEmpty();
    const settings::Settings& account = m_model->value();
    if (loggedIn && account.uid != 0)
        m_account->setText(
            tr("Logged in as <b>%1</b> (uid %2).").arg(account.userName.toHtmlEscaped()).arg(account.uid));
    else if (loggedIn)
        m_account->setText(tr("A session id is stored."));
    else
        m_account->setText(tr("Not logged in. Log in to receive your messages."));
    m_logout->setEnabled(loggedIn);
    QString where;
    if (m_context.credentials && !m_context.credentials->isKeychainEnabled())
        where = tr("The keychain is not used in this session (demo): the session id stays in %1.")
                    .arg(m_context.credentials->fallbackPath());
    else if (m_context.credentials && m_context.credentials->backend() == settings::CredentialStore::Backend::File)
        where = tr("No keychain is available: the session id is kept in a file only you can read (%1).")
                    .arg(m_context.credentials->fallbackPath());
    else
        where = tr("The session id is kept in your desktop's keychain, never in the settings file.");
    m_credentialNote->setText(where);
}

void SettingsDialog::openLogin()
{
    const settings::Settings s = currentSettings();
    auto* dialog = new LoginDialog(m_context.network, s.site, m_context.credentials, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LoginDialog::loggedIn, this,
            [this, site = s.site](qint64 uid, const QString& name, const QString& sid) {
                m_context.sid = sid;
                // The controller takes the account and the site it belongs to (the model then shows them here).
                emit loggedIn(uid, name, sid, site);
                updateAccount();
            });
    dialog->open();
}

void SettingsDialog::logOut()
{
    m_context.sid.clear();
    // The notifier forgets the sid and the account.
    emit loggedOut();
    updateAccount();
    m_account->setText(tr("Logged out on this computer. The session itself stays valid on the forum until it "
                          "expires or you log out there."));
}

void SettingsDialog::testConnection()
{
    m_test->setEnabled(false);
    m_testResult->setText(tr("Testing…"));
    m_testResult->setProperty("result", QVariant());
    const settings::Settings s = currentSettings();
    m_tester->setNetworkConfig(settings::NetworkConfig::fromSettings(s));
    m_tester->test(s.site, m_context.sid);
}

} // namespace ui
