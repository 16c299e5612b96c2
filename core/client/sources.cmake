# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    client/pushclient.h client/pushclient.cpp
)
