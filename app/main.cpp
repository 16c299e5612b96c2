// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli.h"
#include "app/i18n.h"
#include "app/modes.h"
#include "app/singleinstance.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

// A second tray launch hands over to the running one (it shows itself) and ends quietly with 0.
bool isAnotherInstanceRunning(bool demo)
{
    using app::SingleInstance;
    auto* instance = new SingleInstance(
        SingleInstance::socketPathFor(demo ? SingleInstance::Kind::Demo : SingleInstance::Kind::Normal), qApp);
    instance->setObjectName(QStringLiteral("hu60SingleInstance"));
    if (instance->start())
        return false;
    QTextStream(stdout) << QCoreApplication::translate("cli", "hu60 Notifier is already running; it was asked to "
                                                              "show itself.")
                        << Qt::endl;
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    using app::cli::Mode;
    const Mode mode = app::cli::modeFor(argc, argv);
    const std::unique_ptr<QCoreApplication> application = app::cli::createApplication(mode, argc, argv);
    app::cli::setApplicationInfo();
    const QString language = app::i18n::install(app::i18n::configuredLanguage());

    QStringList arguments = QCoreApplication::arguments();
    std::optional<logging::Level> level;
    QString error;
    if (!app::cli::takeLogLevel(&arguments, &level, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return modes::ExitBadInput;
    }
    const bool tray = mode == Mode::Tray || mode == Mode::Demo;
    QString logError;
    if (!logging::setup(tray ? logging::Sink::File : logging::Sink::Stderr, app::cli::effectiveLogLevel(level), {},
                        &logError))
        qCWarning(lcApp) << "logging to stderr only:" << logError;

    switch (mode) {
    case Mode::Help:
        QTextStream(stdout) << app::cli::helpText();
        return modes::ExitOk;
    case Mode::Version:
        QTextStream(stdout) << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
                            << Qt::endl;
        return modes::ExitOk;
    case Mode::DebugInfo:
        QTextStream(stdout) << app::cli::debugInfo(language);
        return modes::ExitOk;
    case Mode::Unknown:
        QTextStream(stderr) << QCoreApplication::translate("cli", "Unknown mode \"%1\".").arg(arguments.value(1))
                            << "\n\n"
                            << app::cli::helpText();
        return modes::ExitBadInput;
    case Mode::Render:
        return modes::render(app::cli::modeArguments(arguments));
    case Mode::Serve:
        return modes::serve(app::cli::modeArguments(arguments));
    case Mode::Push:
        return modes::push(app::cli::modeArguments(arguments));
    case Mode::Listen:
        return modes::listen(app::cli::modeArguments(arguments));
    case Mode::Send:
        return modes::send(app::cli::modeArguments(arguments));
    case Mode::Reply:
        return modes::reply(app::cli::modeArguments(arguments));
    case Mode::Tray:
    case Mode::Demo:
        if (isAnotherInstanceRunning(mode == Mode::Demo))
            return modes::ExitOk;
        return modes::tray(arguments, mode == Mode::Demo);
    }
    return modes::ExitFailure;
}
