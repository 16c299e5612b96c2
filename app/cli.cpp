// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli.h"

#include "app/singleinstance.h"
#include "core/server/pushserver.h"
#include "core/settings/settingsmodel.h"
#include "ui/appid.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QSysInfo>

#include <cstring>

namespace {

// The context of these strings is "cli", for lupdate and at run time alike. (A free tr() helper would not do:
// lupdate files its strings under the enclosing namespace, which never matches the context it looks up.)
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cli)
};

bool isOneOf(const char* argument, std::initializer_list<const char*> names)
{
    for (const char* name : names) {
        if (std::strcmp(argument, name) == 0)
            return true;
    }
    return false;
}

} // namespace

app::cli::Mode app::cli::modeFor(int argc, char** argv)
{
    if (argc > 1) {
        const char* first = argv[1];
        if (std::strcmp(first, "render") == 0)
            return Mode::Render;
        if (std::strcmp(first, "serve") == 0)
            return Mode::Serve;
        if (std::strcmp(first, "push") == 0)
            return Mode::Push;
        if (std::strcmp(first, "listen") == 0)
            return Mode::Listen;
        if (std::strcmp(first, "send") == 0)
            return Mode::Send;
        if (std::strcmp(first, "reply") == 0)
            return Mode::Reply;
        if (first[0] != '-')
            return Mode::Unknown;
    }
    // Without a mode word the options belong to the tray, but --help/--version/--debug-info are answered here so
    // they work without a display (the tray needs a QApplication).
    Mode mode = Mode::Tray;
    for (int i = 1; i < argc; ++i) {
        const char* argument = argv[i];
        if (isOneOf(argument, {"--help", "-h", "-?", "--help-all"}))
            return Mode::Help;
        if (isOneOf(argument, {"--version", "-v"}))
            return Mode::Version;
        if (std::strcmp(argument, "--debug-info") == 0)
            return Mode::DebugInfo;
        if (std::strcmp(argument, "--demo") == 0)
            mode = Mode::Demo;
    }
    return mode;
}

std::unique_ptr<QCoreApplication> app::cli::createApplication(Mode mode, int& argc, char** argv)
{
    switch (mode) {
    case Mode::Tray:
    case Mode::Demo:
        return std::make_unique<QApplication>(argc, argv);
    case Mode::Serve:
        server::installServerEventDispatcher(); // thousands of connections: see there
        break;
    case Mode::Render: // content is parsed by md4c and written as text: no QtGui object, no platform plugin
    case Mode::Push:
    case Mode::Listen:
    case Mode::Send:
    case Mode::Reply:
    case Mode::Help:
    case Mode::Version:
    case Mode::DebugInfo:
    case Mode::Unknown:
        break;
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

void app::cli::setApplicationInfo()
{
    QCoreApplication::setOrganizationName(QStringLiteral("hu60"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("hu60.cn"));
    QCoreApplication::setApplicationName(QStringLiteral("hu60-notifier"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HU60_VERSION));
    // Before any window: on Wayland it is the app id, and desktops find the installed desktop file (name, icon,
    // notification settings) by it.
    QGuiApplication::setDesktopFileName(QLatin1String(ui::appId));
}

bool app::cli::takeLogLevel(QStringList* arguments, std::optional<logging::Level>* level, QString* error)
{
    static const QString name = QStringLiteral("--log-level");
    for (qsizetype i = 1; i < arguments->size();) {
        const QString& argument = arguments->at(i);
        QString value;
        if (argument == name) {
            if (i + 1 >= arguments->size()) {
                *error = Text::tr("--log-level needs a value: debug, info, warning or critical.");
                return false;
            }
            value = arguments->at(i + 1);
            arguments->remove(i, 2);
        } else if (argument.startsWith(name + u'=')) {
            value = argument.mid(name.size() + 1);
            arguments->removeAt(i);
        } else {
            ++i;
            continue;
        }
        *level = logging::parseLevel(value);
        if (!*level) {
            *error = Text::tr("Unknown log level \"%1\": use debug, info, warning or critical.").arg(value);
            return false;
        }
    }
    return true;
}

logging::Level app::cli::effectiveLogLevel(std::optional<logging::Level> fromArguments)
{
    if (fromArguments)
        return *fromArguments;
    if (const auto fromEnvironment = logging::parseLevel(qEnvironmentVariable("HU60_LOG_LEVEL")))
        return *fromEnvironment;
    if (const auto fromSettings = logging::parseLevel(settings::SettingsModel::peek().logLevel))
        return *fromSettings;
    return logging::Level::Info;
}

QString app::cli::helpText()
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Text::tr("Desktop notifications for the hu60.cn forum: private messages, @ mentions and robots going online.") +
        u"\n\n" + Text::tr("Modes:") + u"\n  " +
        Text::tr("(none)   the tray app for the configured account (--demo: against an embedded demo server)") +
        u"\n  " + Text::tr("serve    companion server: push protocol and forum emulator on loopback") + u"\n  " +
        Text::tr("push     insert a message into a running companion server") + u"\n  " +
        Text::tr("listen   headless subscriber: one line per event, --exec runs a command per message (session id "
                 "from HU60_SID or the keychain)") +
        u"\n  " +
        Text::tr("send     send a private message (--to UID or --name NAME; text from the arguments or stdin)") +
        u"\n  " + Text::tr("reply    answer a message by id, privately or where the @ came from") + u"\n  " +
        Text::tr("render   read push frames on stdin, print their rendered text, html and url as JSON lines") +
        u"\n\n" + Text::tr("Run \"hu60-notifier MODE --help\" for the options of a mode.") + u"\n\n" +
        Text::tr("Exit codes: 0 success, 1 runtime failure, 2 bad arguments or input, 3 no session id or it was "
                 "rejected, 4 the server could not be reached."));
    parser.addPositionalArgument(QStringLiteral("mode"),
                                 Text::tr("serve, push, listen, send, reply or render; none for the tray app."),
                                 QStringLiteral("[mode]"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(
        QCommandLineOption(QStringLiteral("demo"), Text::tr("Run against an embedded demo server (offline).")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("log-level"),
        Text::tr("Log level of every mode: debug, info, warning or critical (default: $HU60_LOG_LEVEL, else the "
                 "setting, else info). QT_LOGGING_RULES still overrides it."),
        Text::tr("LEVEL")));
    parser.addOption(QCommandLineOption(QStringLiteral("debug-info"),
                                        Text::tr("Print versions, platform and paths for a bug report, then exit.")));
    return parser.helpText();
}

QString app::cli::debugInfo(const QString& loadedLanguage)
{
    const settings::Settings configured = settings::SettingsModel::peek();
    QString text;
    const auto line = [&text](const QString& label, const QString& value) { text += label + u": " + value + u'\n'; };
    text += QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion() + u'\n';
    line(Text::tr("Qt"),
         QStringLiteral("%1 (built against %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    line(Text::tr("Operating system"), QSysInfo::prettyProductName() + u", " + QSysInfo::kernelType() + u' ' +
                                           QSysInfo::kernelVersion() + u", " + QSysInfo::currentCpuArchitecture());
    const auto environment = [](const char* name) {
        const QString value = qEnvironmentVariable(name);
        return value.isEmpty() ? QStringLiteral("-") : value;
    };
    line(Text::tr("Desktop"), environment("XDG_CURRENT_DESKTOP") + u" (" + environment("XDG_SESSION_TYPE") + u')');
    line(Text::tr("Qt platform plugin (QT_QPA_PLATFORM)"), environment("QT_QPA_PLATFORM"));
    line(Text::tr("System languages"), QLocale::system().uiLanguages().join(u", "));
    line(Text::tr("Language setting"),
         configured.language.isEmpty() ? Text::tr("follow the system") : configured.language);
    line(Text::tr("Catalogue loaded"),
         loadedLanguage.isEmpty() ? Text::tr("none (English source text)") : loadedLanguage);
    line(Text::tr("Log level"), logging::levelName(effectiveLogLevel(std::nullopt)));
    line(Text::tr("Log file"), logging::logFilePath());
    line(Text::tr("Settings file"), settings::SettingsModel::platformFileName());
    line(Text::tr("Data folder"), QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    line(Text::tr("Single-instance socket"), SingleInstance::socketPathFor(SingleInstance::Kind::Normal));
    line(Text::tr("Qt translations"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    line(Text::tr("Qt plugins"), QLibraryInfo::path(QLibraryInfo::PluginsPath));
    return text;
}

QStringList app::cli::modeArguments(const QStringList& arguments)
{
    QStringList out = arguments;
    if (out.size() > 1)
        out.removeAt(1);
    return out;
}
