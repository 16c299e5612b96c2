// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Text from the network (a server's reason, a sender's name, a forum's error) on its way to a terminal or a log:
/// whatever a terminal would obey instead of showing is made visible. Used by the readable output of the
/// command-line modes and by the log's message handler.
namespace terminaltext {

/// What happens to line breaks (LF, and U+2028/U+2029 which some terminals and editors break lines at).
enum class LineBreaks {
    Escape, ///< shown as "\n": one record stays one line (listen's readable lines)
    Keep,   ///< kept as LF (messages whose line breaks are meaningful)
};

/// @p text with the characters that steer a terminal written as visible escapes: C0 controls other than tab
/// (ESC starts ANSI CSI and OSC sequences, CR rewrites a line, BEL rings), DEL, C1 controls (U+009B is a one-
/// character CSI for some terminals) as "\xHH", and the bidirectional embeddings, overrides, isolates and marks
/// (they reorder what follows them on the line) as "\uHHHH". An unpaired surrogate becomes U+FFFD. Everything
/// else, Chinese and emoji included, is unchanged.
QString safe(const QString& text, LineBreaks lineBreaks = LineBreaks::Escape);

} // namespace terminaltext
