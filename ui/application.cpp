// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/application.h"

#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/logging.h"
#include "core/settings/credentialstore.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "ui/notifier.h"
#include "ui/settings/logindialog.h"
#include "ui/sleepwatcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <utility>

namespace ui {

namespace {

// The sid travels only in the header ForumApi sets. A cookie jar would keep the login reply's Set-Cookie and
// send it along later, possibly to the wrong account after a logout: remember no cookies at all.
class NoCookieJar final : public QNetworkCookieJar
{
public:
    using QNetworkCookieJar::QNetworkCookieJar;
    QList<QNetworkCookie> cookiesForUrl(const QUrl&) const override { return {}; }
    bool setCookiesFromUrl(const QList<QNetworkCookie>&, const QUrl&) override { return false; }
};

constexpr int historyLimit = 2000;
constexpr int historyOpenDelayMs = 1000;

} // namespace

Application::Application(const ApplicationOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
{
    QString dataDir = options.dataDir;
    if (options.demo) {
        m_demoDir = std::make_unique<QTemporaryDir>();
        dataDir = m_demoDir->path();
        m_settings = std::make_unique<settings::SettingsModel>(m_demoDir->filePath(QStringLiteral("demo.ini")));
    } else if (!options.settingsFile.isEmpty()) {
        m_settings = std::make_unique<settings::SettingsModel>(options.settingsFile);
    } else {
        m_settings = std::make_unique<settings::SettingsModel>(settings::SettingsModel::Storage::Platform);
    }
    if (dataDir.isEmpty())
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    // The history database and the login's fallback file live here: a folder made for them is the user's alone.
    if (!QFileInfo::exists(dataDir) && QDir().mkpath(QFileInfo(dataDir).absolutePath()))
        QDir().mkdir(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    if (options.demo) {
        m_settings->update([&options](settings::Settings& s) {
            s.site = options.demoSite;
            s.pushUrl = options.demoPushUrl;
            s.uid = 0;
        });
    }
    const settings::Settings s = m_settings->value();

    m_network = std::make_unique<settings::NetworkManager>();
    m_network->setCookieJar(new NoCookieJar(m_network.get()));
    m_api = std::make_unique<forum::ForumApi>(m_network.get());
    m_api->setSiteBase(s.site);

    client::PushClientConfig config;
    config.url = s.effectivePushUrl();
    config.sidTransport = s.sidInQuery ? client::SidTransport::Query : client::SidTransport::Headers;
    config.allowInsecure = s.allowInsecurePush;
    m_client = std::make_unique<client::PushClient>(config);
    m_users = std::make_unique<forum::UserDirectory>(m_api.get());

    m_history = std::make_unique<inbox::HistoryStore>();
    m_history->setMaxEntries(historyLimit);
    // Opened once the first connection attempt is over (before `connected` reaches the Inbox, which is connected
    // later), so the database's start-up I/O does not delay the push connection. Nothing uses it before.
    m_historyPath = QDir(dataDir).filePath(QStringLiteral("history.sqlite"));
    connect(m_client.get(), &client::PushClient::stateChanged, this, [this](client::PushClient::State state) {
        if (state != client::PushClient::State::Connecting)
            openHistory();
    });
    // A server that does not answer keeps us Connecting for a while: do not wait longer than a moment.
    QTimer::singleShot(historyOpenDelayMs, this, &Application::openHistory);
    m_inbox = std::make_unique<inbox::Inbox>(m_client.get(), m_api.get(), m_users.get(), m_history.get());
    m_inbox->setSiteBase(s.site);
    m_inbox->setFetchMentions(s.mentionCatchup == settings::MentionCatchup::Fetch);

    m_credentials = std::make_unique<settings::CredentialStore>(
        options.demo ? QStringLiteral("hu60-notifier-demo") : QStringLiteral("hu60-notifier"), dataDir);
    // The demo must never touch the real keychain.
    m_credentials->setKeychainEnabled(!options.demo);

    NotifierContext context;
    context.client = m_client.get();
    context.api = m_api.get();
    context.users = m_users.get();
    context.network = m_network.get();
    context.inbox = m_inbox.get();
    context.history = m_history.get();
    context.prepareHistory = [this] { openHistory(); };
    context.settings = m_settings.get();
    context.credentials = m_credentials.get();
    context.executable = QCoreApplication::applicationFilePath();
    m_notifier = std::make_unique<Notifier>(context);
    connect(m_notifier.get(), &Notifier::quitRequested, this, &Application::quitRequested);
    connect(m_notifier.get(), &Notifier::loggedIn, this, &Application::logIn);
    connect(m_notifier.get(), &Notifier::loggedOut, this, [this] { useSid(QString()); });
    // After the notifier (connected in its constructor), as before: the presenter and policy first.
    // Only for what they depend on: a mute from the tray must not report a configuration problem again.
    connect(m_settings.get(), &settings::SettingsModel::changed, this,
            [this](const settings::Settings& old, const settings::Settings& now) {
                if (settings::connectionChanged(old, now) || old.mentionCatchup != now.mentionCatchup)
                    applyEndpoints(now);
            });
    applyNetwork(s);
    // Sleep and resume: logind says when, so a dead socket is replaced at once after waking. Set up once the first
    // attempt is over, so that it never delays the first connection.
    connect(m_client.get(), &client::PushClient::stateChanged, this, [this](client::PushClient::State state) {
        if (m_sleepWatcher ||
            (state != client::PushClient::State::Connected && state != client::PushClient::State::Reconnecting))
            return;
        m_sleepWatcher = std::make_unique<SleepWatcher>();
        connect(m_sleepWatcher.get(), &SleepWatcher::aboutToSleep, m_client.get(), &client::PushClient::aboutToSleep);
        connect(m_sleepWatcher.get(), &SleepWatcher::resumed, m_client.get(), &client::PushClient::resumedFromSleep);
    });
    // Who we are (for the settings' account line) when only a sid is known, e.g. a pasted one or the demo.
    connect(m_client.get(), &client::PushClient::connected, this, [this] {
        if (m_settings->value().uid != 0)
            return;
        m_api->fetchStat(this, [this](const std::optional<forum::Stat>& stat, const forum::Error&) {
            if (!stat || !stat->isLogin)
                return;
            // These two fields only: an open settings dialog keeps its edits, and its OK keeps these.
            m_settings->update([&stat](settings::Settings& account) {
                account.uid = stat->uid;
                account.userName = stat->name;
            });
        });
    });
}

void Application::openHistory()
{
    if (m_historyPath.isEmpty())
        return;
    QString error;
    if (!m_history->open(std::exchange(m_historyPath, QString()), &error))
        qCWarning(lcApp).noquote() << "History is kept in memory only:" << error;
}

Application::~Application()
{
    // The notifier observes everything else: it goes first.
    m_notifier.reset();
    m_inbox.reset();
    if (m_client)
        m_client->stop();
}

void Application::start()
{
    if (m_options.demo) {
        useSid(m_options.demoSid);
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        connect(m_credentials.get(), &settings::CredentialStore::sidRead, this, [this, connection](const QString& sid) {
            disconnect(*connection);
            if (sid.isEmpty() || !forum::isValidSid(sid))
                promptLogin();
            else
                useSid(sid);
        });
    m_credentials->readSid();
}

void Application::promptLogin()
{
    qCInfo(lcApp) << "No session stored: asking the user to log in.";
    const QUrl site = m_settings->value().site;
    auto* dialog = new LoginDialog(m_network.get(), site, m_credentials.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LoginDialog::loggedIn, this,
            [this, site](qint64 uid, const QString& name, const QString& sid) { logIn(uid, name, sid, site); });
    // A first start without an account: the demo is one click away (a second instance of its own, offline).
    dialog->setDemoOffered(true);
    connect(dialog, &LoginDialog::demoRequested, this, [] {
        if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--demo")}))
            qCWarning(lcApp) << "Could not start the demo.";
    });
    dialog->show();
}

void Application::logIn(qint64 uid, const QString& name, const QString& sid, const QUrl& site)
{
    // Stopped first: the endpoints may follow the new site at once, and the old sid must not go there.
    useSid(QString());
    m_settings->update([&](settings::Settings& s) {
        s.uid = uid;
        s.userName = name;
        if (site.isValid())
            s.site = site;
    });
    useSid(sid);
}

void Application::useSid(const QString& sid)
{
    m_sid = sid;
    m_api->setSid(sid);
    m_client->setSid(sid);
    m_notifier->setSid(sid);
    if (sid.isEmpty()) {
        m_client->stop();
        return;
    }
    m_client->start();
}

void Application::applyEndpoints(const settings::Settings& s)
{
    m_inbox->setFetchMentions(s.mentionCatchup == settings::MentionCatchup::Fetch);
    client::PushClientConfig config = m_client->config();
    const QUrl push = s.effectivePushUrl();
    const auto transport = s.sidInQuery ? client::SidTransport::Query : client::SidTransport::Headers;
    const bool networkChanged = applyNetwork(s);
    if (m_api->siteBase() == s.site && config.url == push && config.sidTransport == transport &&
        config.allowInsecure == s.allowInsecurePush && !networkChanged)
        return;
    m_api->setSiteBase(s.site);
    m_inbox->setSiteBase(s.site);
    config.url = push;
    config.sidTransport = transport;
    config.allowInsecure = s.allowInsecurePush;
    m_client->setConfig(config);
    if (!m_sid.isEmpty())
        m_client->start();
}

bool Application::applyNetwork(const settings::Settings& s)
{
    // A hand-edited configuration can name a plain-http site: the forum client refuses it, the user learns why.
    if (const QString refusal = settings::siteRefusal(s.site); !refusal.isEmpty()) {
        qCWarning(lcApp).noquote() << refusal;
        m_notifier->showNetworkProblem(QStringLiteral("site ") + s.site.toString(), refusal,
                                       tr("Nothing is sent to this site. Change it in Settings → Account."), QString());
    }
    QString error;
    const settings::NetworkConfig config = settings::NetworkConfig::fromSettings(s, &error);
    if (!error.isEmpty()) {
        qCWarning(lcApp).noquote() << error;
        m_notifier->showNetworkProblem(QStringLiteral("network-settings ") + error,
                                       tr("The network settings cannot be used as they are."),
                                       tr("Until this is fixed in Settings → Network, the part that cannot be used "
                                          "is left out: only the system's certificates are trusted, or the "
                                          "system's proxy settings apply."),
                                       error);
    }
    if (config == m_network->networkConfig())
        return false;
    m_network->setNetworkConfig(config);
    m_client->setNetworkConfig(config);
    return true;
}

} // namespace ui
