# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    server/boards.h server/boards.cpp
    server/companion.h server/companion.cpp
    server/cookies.h server/cookies.cpp
    server/demodata.h server/demodata.cpp
    server/forumauthenticator.h server/forumauthenticator.cpp
    server/forumemulator.h server/forumemulator.cpp
    server/httpguard.h server/httpguard.cpp
    server/images.h server/images.cpp
    server/phpjson.h server/phpjson.cpp
    server/pushfaults.h server/pushfaults.cpp
    server/pushserver.h server/pushserver.cpp
    server/store.h server/store.cpp
    server/throttle.h server/throttle.cpp
)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_sources(hu60_core PRIVATE server/epolldispatcher.h server/epolldispatcher.cpp)
endif()
