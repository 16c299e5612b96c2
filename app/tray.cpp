// SPDX-License-Identifier: GPL-3.0-or-later
// The tray app: the default mode, and `--demo` against an embedded companion server. The wiring lives in
// ui::Application; this file only handles the command line, the demo scenario and the single-instance hand-over.
#include "app/demo.h"
#include "app/i18n.h"
#include "app/modes.h"
#include "app/singleinstance.h"

#include "core/client/pushclient.h"
#include "core/logging.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "ui/application.h"
#include "ui/notifier.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

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

    ui::ApplicationOptions options;
    std::unique_ptr<DemoScenario> scenario;
    if (demo) {
        scenario = std::make_unique<DemoScenario>();
        QString error;
        if (!scenario->start(&error)) {
            QMessageBox::critical(nullptr, QApplication::translate("tray", "hu60 Notifier"),
                                  QApplication::translate("tray", "The demo server could not start: %1").arg(error));
            return ExitFailure;
        }
        options.demo = true;
        options.demoSite = scenario->siteUrl();
        options.demoPushUrl = scenario->pushUrl();
        options.demoSid = scenario->sid();
    }

    ui::Application application(options);
    ui::Notifier* notifier = application.notifier();
    QObject::connect(&application, &ui::Application::quitRequested, qApp, &QApplication::quit);
    // A new language applies at once: the open windows, the tray menu and later popups retranslate themselves.
    QObject::connect(
        application.settingsModel(), &settings::SettingsModel::changed, qApp,
        [](const settings::Settings&, const settings::Settings& now) { app::i18n::install(now.language); });

    // A second launch hands over to us: show what the user most likely wants.
    if (auto* instance = qApp->findChild<app::SingleInstance*>(QStringLiteral("hu60SingleInstance")))
        QObject::connect(instance, &app::SingleInstance::activationRequested, notifier, &ui::Notifier::showHistory);

    if (scenario) {
        // Hidden hook of scripts/screenshots.sh: grab the app's own windows while the scenario plays, then quit.
        const QString screenshots = qEnvironmentVariable("HU60_SCREENSHOT_DIR");
        if (!screenshots.isEmpty()) {
            scenario->captureScreenshots(notifier, screenshots);
            QObject::connect(scenario.get(), &DemoScenario::screenshotsDone, qApp,
                             [](bool ok) { QApplication::exit(ok ? ExitOk : ExitFailure); });
        }
        // Play once the connection is up, so nothing of the scenario is lost.
        auto* once = new QObject(application.pushClient());
        QObject::connect(application.pushClient(), &client::PushClient::connected, once,
                         [&scenario, once, fast = !screenshots.isEmpty()] {
                             scenario->play(fast ? 500 : 1500);
                             once->deleteLater();
                         });
    }
    application.start();
    return QApplication::exec();
}
