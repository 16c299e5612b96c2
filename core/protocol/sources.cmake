# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    protocol/action.h protocol/action.cpp
    protocol/event.h protocol/event.cpp
    protocol/gojson.cpp
    protocol/jsonwriter.h protocol/jsonwriter.cpp
)
