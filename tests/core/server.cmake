# SPDX-License-Identifier: GPL-3.0-or-later
hu60_add_test(NAME tst_pushserver
    SOURCES tst_pushserver.cpp ${PROJECT_SOURCE_DIR}/tests/support/serverprobe.h
    LIBS hu60_core Qt6::WebSockets Qt6::Network
    LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_forumemulator
    SOURCES tst_forumemulator.cpp ${PROJECT_SOURCE_DIR}/tests/support/serverprobe.h
    LIBS hu60_core Qt6::WebSockets Qt6::Network Qt6::Gui
    LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_store SOURCES tst_store.cpp LIBS hu60_core LABELS core TIMEOUT 30)
hu60_add_test(NAME tst_boards SOURCES tst_boards.cpp LIBS hu60_core LABELS core TIMEOUT 30)
hu60_add_test(NAME tst_serverlimits
    SOURCES tst_serverlimits.cpp ${PROJECT_SOURCE_DIR}/tests/support/serverprobe.h
    LIBS hu60_core Qt6::WebSockets Qt6::Network
    LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_pushfaults
    SOURCES tst_pushfaults.cpp ${PROJECT_SOURCE_DIR}/tests/support/serverprobe.h
    LIBS hu60_core Qt6::WebSockets Qt6::Network
    LABELS core TIMEOUT 60)
hu60_add_test(NAME tst_cookies SOURCES tst_cookies.cpp LIBS hu60_core LABELS core TIMEOUT 30)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    hu60_add_test(NAME tst_epolldispatcher SOURCES tst_epolldispatcher.cpp LIBS hu60_core Qt6::Network
        LABELS core TIMEOUT 120)
endif()
# The fallback `serve` keeps for HU60_EVENT_DISPATCHER=qt: the same tests on Qt's own dispatcher.
add_test(NAME tst_pushserver_qtdispatcher COMMAND tst_pushserver)
set_tests_properties(tst_pushserver_qtdispatcher PROPERTIES
    LABELS core TIMEOUT 60
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;QT_LOGGING_RULES=hu60.*.debug=false;HU60_EVENT_DISPATCHER=qt")
