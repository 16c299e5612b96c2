// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Checks notification bodies the way mako and dunst read them: with Pango's own markup parser
/// (pango_parse_markup), linked into the test when pkg-config finds pango (libpango1.0-dev).
namespace pangomarkup {

/// Whether the real parser is linked in (HU60_HAVE_PANGO); without it validate() checks the spec's tag list only.
bool isAvailable();
/// True when `markup` parses as Pango markup; else false with Pango's message in `error`.
bool validate(const QString& markup, QString* error);

} // namespace pangomarkup
