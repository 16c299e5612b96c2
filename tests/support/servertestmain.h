// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/server/pushserver.h"

#include <QCoreApplication>
#include <QTest>

/// QTEST_GUILESS_MAIN for tests of the server: the process runs on the event dispatcher `hu60-notifier serve`
/// uses (server::installServerEventDispatcher(): epoll, or Qt's with HU60_EVENT_DISPATCHER=qt), installed as serve
/// installs it, before the QCoreApplication.
#define HU60_SERVER_TEST_MAIN(TestObject)                                                                              \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        server::installServerEventDispatcher();                                                                        \
        QCoreApplication app(argc, argv);                                                                              \
        TestObject test;                                                                                               \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
