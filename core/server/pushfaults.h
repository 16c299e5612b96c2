// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace server {

/// Failures of the real hu60ws server (spec/push-protocol.md §9, items 8 and 10), injected on purpose by
/// `serve --faults` so that a client's recovery can be tested against them. They apply to `msg` pushes only; the
/// messages themselves stay stored unread in the forum emulator, so a client that reconciles over HTTP finds them.
/// A burst is every push to one connection within one turn of the event loop (a loop of Companion::insertMessage()
/// calls, one /admin/push request each turn). Held by value by PushServer; its random choices come from one
/// generator seeded with `seed`, so a run is reproducible.
struct PushFaults
{
    double dropShare = 0;         ///< each push is lost with this probability (0…1)
    bool reorder = false;         ///< the pushes of a burst arrive shuffled
    bool emptyFrame = false;      ///< one empty text frame is sent at a random place in each burst
    int dropBeforeRegisterMs = 0; ///< pushes within this long after the `connected` greeting are lost (0 = off)
    bool breakMidBurst = false;   ///< a burst of 2 or more pushes aborts the connection (no Close frame) after half
    quint32 seed = 0;

    /// True when any fault is on.
    bool any() const;
    /// "drop=0.3,reorder,empty-frame,drop-before-register[=MS],break-mid-burst" (any subset, in any order;
    /// drop-before-register alone means 1000 ms). The seed is not part of it. On error `error` says why.
    static std::optional<PushFaults> parse(const QString& text, QString* error);
    /// The faults in parse()'s syntax, for the log.
    QString describe() const;
};

} // namespace server
