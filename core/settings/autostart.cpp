// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/autostart.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace settings::autostart {

namespace {

// Desktop entry Exec values quote arguments with spaces (Desktop Entry Specification, "The Exec key").
QString quoted(const QString& program)
{
    if (!program.contains(u' ') && !program.contains(u'"'))
        return program;
    QString escaped = program;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + escaped + u'"';
}

} // namespace

QString entryPath()
{
    // Read the variable each time: tests (and the user's session) may point it elsewhere.
    QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (config.isEmpty() || !QDir::isAbsolutePath(config))
        config = QDir::homePath() + QStringLiteral("/.config");
    return config + QStringLiteral("/autostart/hu60-notifier.desktop");
}

bool isEnabled()
{
    return QFile::exists(entryPath());
}

bool setEnabled(bool enabled, const QString& executable, QString* error)
{
    const QString path = entryPath();
    if (!enabled) {
        if (QFile::exists(path) && !QFile::remove(path)) {
            if (error)
                *error = QStringLiteral("cannot remove %1").arg(path);
            return false;
        }
        return true;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder of %1").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=hu60 Notifier\n"
                                         "Comment=Notifications of the hu60.cn forum\n"
                                         "Exec=%1\n"
                                         "Icon=hu60-notifier\n"
                                         "Terminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(quoted(executable));
    file.write(entry.toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace settings::autostart
