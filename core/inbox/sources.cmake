# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    inbox/notification.h
    inbox/historystore.h inbox/historystore.cpp
    inbox/inbox.h inbox/inbox.cpp
)
