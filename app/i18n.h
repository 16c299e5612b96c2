// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The translation catalogues: loaded at startup and switched at run time when the language setting changes. The
/// catalogues are embedded under :/i18n by qt_add_translations (app/CMakeLists.txt); Qt's own qtbase catalogue
/// comes from the Qt installation. Installing or removing a translator makes Qt send QEvent::LanguageChange to
/// every top-level widget; the widgets that hold translated text retranslate themselves then (ui/).
namespace app::i18n {

/// The "desktop/language" setting: "" follows the system, otherwise a catalogue suffix such as "zh_CN" or "en".
QString configuredLanguage();

/// Installs our catalogue and Qt's for @p language ("" = QLocale::system().uiLanguages()) on the running
/// application, replacing the ones an earlier call installed; the translators are children of qApp. Returns the
/// locale name of the catalogue that was loaded, or "" when none matched (the English source text is shown
/// then). @p catalogueDir is where our .qm files are (tests point it at the build tree).
QString install(const QString& language, const QString& catalogueDir = QStringLiteral(":/i18n"));

/// The locale name of the catalogue install() loaded last ("" for none).
QString installedLanguage();

} // namespace app::i18n
