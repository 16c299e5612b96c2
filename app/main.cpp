// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/modes.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>

#include <cstring>
#include <memory>

namespace {

enum class Mode { Tray, Demo, Render, Serve, Push, Listen };

// The mode is chosen before any application object exists: serve/push/listen must not need a display, render
// needs QtGui (QTextDocument) but no window system.
Mode modeFor(int argc, char** argv)
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
    }
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--demo") == 0)
            return Mode::Demo;
    }
    return Mode::Tray;
}

void setApplicationInfo()
{
    QCoreApplication::setOrganizationName(QStringLiteral("hu60"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("hu60.cn"));
    QCoreApplication::setApplicationName(QStringLiteral("hu60-notifier"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HU60_VERSION));
}

// Arguments after the mode word, keeping the program name first as QCommandLineParser expects.
QStringList modeArguments(const QStringList& all)
{
    QStringList arguments = all;
    if (arguments.size() > 1)
        arguments.removeAt(1);
    return arguments;
}

} // namespace

int main(int argc, char** argv)
{
    const Mode mode = modeFor(argc, argv);
    std::unique_ptr<QCoreApplication> app;
    switch (mode) {
    case Mode::Render:
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
        break;
    case Mode::Serve:
    case Mode::Push:
    case Mode::Listen:
        app = std::make_unique<QCoreApplication>(argc, argv);
        break;
    case Mode::Tray:
    case Mode::Demo:
        app = std::make_unique<QApplication>(argc, argv);
        break;
    }
    setApplicationInfo();

    const QStringList arguments = QCoreApplication::arguments();
    switch (mode) {
    case Mode::Render:
        return modes::render(modeArguments(arguments));
    case Mode::Serve:
        return modes::serve(modeArguments(arguments));
    case Mode::Push:
        return modes::push(modeArguments(arguments));
    case Mode::Listen:
        return modes::listen(modeArguments(arguments));
    case Mode::Tray:
        return modes::tray(arguments, false);
    case Mode::Demo:
        return modes::tray(arguments, true);
    }
    return modes::ExitFailure;
}
