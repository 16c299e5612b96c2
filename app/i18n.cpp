// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/i18n.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

QString app::i18n::configuredLanguage()
{
    // Read-only: a plain QSettings read does not create or migrate the file, so --version stays side-effect free.
    const QSettings settings;
    return settings.value(QStringLiteral("desktop/language")).toString().trimmed();
}

QString app::i18n::install(const QString& language)
{
    QLocale locale = QLocale::system();
    if (!language.isEmpty()) {
        locale = QLocale(language);
        // Dates and numbers follow the chosen language too.
        QLocale::setDefault(locale);
    }
    auto* ours = new QTranslator(qApp);
    if (!ours->load(locale, QStringLiteral("hu60-notifier"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        qCDebug(lcApp) << "no catalogue for" << locale.uiLanguages();
        delete ours;
        return {};
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own strings (standard buttons, QCommandLineParser's errors); absent unless qt6-translations-l10n is
    // installed, which is fine.
    auto* qt = new QTranslator(qApp);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return ours->language();
}
