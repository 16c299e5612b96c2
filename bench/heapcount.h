// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

/// Heap bytes in use, counted by this executable's malloc/free (forwarded to glibc's), for the memory budget of a
/// rendered message. Counting starts with start() and never stops (a block freed later must be subtracted); it is
/// started only by the subcommand that measures memory, so no other timing pays for it. Not available under
/// sanitizers, which bring their own allocator.
namespace bench::heap {

bool available();
void start();
/// start() was called (and counting is available).
bool counting();
/// Bytes in use now (usable sizes of the blocks counted).
qint64 live();
/// The largest live() since the last resetPeak().
qint64 peak();
void resetPeak();

} // namespace bench::heap
