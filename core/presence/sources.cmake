# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    presence/presencemodel.h presence/presencemodel.cpp
)
