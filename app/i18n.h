// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Loading the translation catalogues at startup. The catalogues are embedded under :/i18n by qt_add_translations
/// (app/CMakeLists.txt); Qt's own qtbase catalogue comes from the Qt installation.
namespace app::i18n {

/// The "desktop/language" setting: "" follows the system, otherwise a catalogue suffix such as "zh_CN" or "en".
QString configuredLanguage();

/// Installs our catalogue and Qt's for @p language ("" = QLocale::system().uiLanguages()) on the running
/// application; the translators are children of qApp. Returns the locale name of the catalogue that was loaded, or
/// "" when none matched (the English source text is shown then).
QString install(const QString& language);

} // namespace app::i18n
