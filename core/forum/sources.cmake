# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    forum/forumapi.h forum/forumapi.cpp
    forum/userdirectory.h forum/userdirectory.cpp
)
