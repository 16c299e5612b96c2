# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    inbox/notificationpolicy.h inbox/notificationpolicy.cpp
)
