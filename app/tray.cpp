// SPDX-License-Identifier: GPL-3.0-or-later
// The tray app: the default mode, and `--demo` against an embedded companion server.
#include "app/demo.h"
#include "app/modes.h"

#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/logging.h"
#include "ui/notifier.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>

namespace {

QUrl defaultPushUrl(const QUrl& site)
{
    QUrl push = site;
    push.setScheme(site.scheme() == u"http" ? QStringLiteral("ws") : QStringLiteral("wss"));
    push.setPath(QStringLiteral("/ws/msg"));
    push.setQuery(QString());
    return push;
}

} // namespace

int modes::tray(const QStringList& arguments, bool demo)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("tray", "Desktop notifications for the hu60.cn forum: private messages, @ mentions "
                                        "and robots going online."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QApplication::translate("tray", "Run against an embedded demo server (offline)."));
    parser.addOption(demoOption);
    parser.process(arguments);

    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hu60-notifier.svg")));

    QUrl site;
    QUrl pushUrl;
    QString sid;
    std::unique_ptr<DemoScenario> scenario;
    if (demo) {
        scenario = std::make_unique<DemoScenario>();
        QString error;
        if (!scenario->start(&error)) {
            QMessageBox::critical(nullptr, QApplication::translate("tray", "hu60 Notifier"),
                                  QApplication::translate("tray", "The demo server could not start: %1").arg(error));
            return ExitFailure;
        }
        site = scenario->siteUrl();
        pushUrl = scenario->pushUrl();
        sid = scenario->sid();
    } else {
        QSettings settings;
        site = QUrl(settings.value(QStringLiteral("site"), QStringLiteral("https://hu60.cn")).toString());
        pushUrl = QUrl(settings.value(QStringLiteral("pushUrl"), defaultPushUrl(site).toString()).toString());
        // Until the settings dialog and keychain storage exist, the session id comes from the environment.
        sid = qEnvironmentVariable("HU60_SID");
    }

    QNetworkAccessManager network;
    forum::ForumApi api(&network);
    api.setSiteBase(site);
    api.setSid(sid);

    client::PushClientConfig config;
    config.url = pushUrl;
    client::PushClient pushClient(config);
    pushClient.setSid(sid);

    ui::Notifier notifier(&pushClient, &api, site);
    QObject::connect(&notifier, &ui::Notifier::quitRequested, qApp, &QApplication::quit);

    if (scenario) {
        // Play once the connection is up, so nothing of the scenario is lost.
        auto* once = new QObject(&pushClient);
        QObject::connect(&pushClient, &client::PushClient::connected, once, [&scenario, once] {
            scenario->play();
            once->deleteLater();
        });
    }
    if (sid.isEmpty())
        qCInfo(lcApp) << "No session id configured: set HU60_SID or try --demo.";
    else
        pushClient.start();
    return QApplication::exec();
}
