// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/i18n.h"

#include "core/logging.h"
#include "core/settings/settingsmodel.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace {

// The translators install() put in place, so that the next call replaces rather than stacks them.
QPointer<QTranslator> s_ours;
QPointer<QTranslator> s_qt;
QString s_requested; ///< the `language` argument of the last install(), "" for the system language
bool s_installed = false;

void removeInstalled()
{
    for (QPointer<QTranslator>* translator : {&s_ours, &s_qt}) {
        if (*translator) {
            QCoreApplication::removeTranslator(*translator);
            delete translator->data();
        }
    }
}

} // namespace

QString app::i18n::configuredLanguage()
{
    // Read-only: nothing is created or migrated, so --version stays side-effect free.
    return settings::SettingsModel::peek().language;
}

QString app::i18n::installedLanguage()
{
    return s_ours ? s_ours->language() : QString();
}

QString app::i18n::install(const QString& language, const QString& catalogueDir)
{
    // The same choice again (settings applied without a language change): nothing to redo, no LanguageChange.
    if (s_installed && language == s_requested)
        return installedLanguage();
    s_installed = true;
    s_requested = language;

    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // Dates and numbers follow the chosen language too.
    QLocale::setDefault(locale);

    // Load first, then swap: one LanguageChange per translator change, and never a moment without any catalogue.
    auto* ours = new QTranslator(qApp);
    if (!ours->load(locale, QStringLiteral("hu60-notifier"), QStringLiteral("_"), catalogueDir)) {
        qCDebug(lcApp) << "no catalogue for" << locale.uiLanguages();
        delete ours;
        ours = nullptr;
    }
    // Qt's own strings (standard buttons, QCommandLineParser's errors); absent unless qt6-translations-l10n is
    // installed, which is fine.
    auto* qt = new QTranslator(qApp);
    if (!ours || !qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        delete qt;
        qt = nullptr;
    }
    removeInstalled();
    if (ours) {
        QCoreApplication::installTranslator(ours);
        s_ours = ours;
    }
    if (qt) {
        QCoreApplication::installTranslator(qt);
        s_qt = qt;
    }
    qCDebug(lcApp) << "language:" << (language.isEmpty() ? QStringLiteral("system") : language)
                   << "catalogue:" << installedLanguage();
    return installedLanguage();
}
