// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the push server's action handling (decode, ack, dispatch, sub/unsub/regapi/resp/robot
// calls) through PushServer::handleLocalFrame(), without sockets. The input is split into frames at '\n';
// the first byte picks the sending uid. State (subscriptions, registered APIs) carries over between inputs,
// as it does on a long-running server. Every frame the server answers with must parse on the client side.
#include "core/protocol/event.h"
#include "core/server/pushserver.h"

#include <QCoreApplication>

#include <cstdint>
#include <cstdlib>

namespace {

server::PushServer* pushServer = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    qputenv("QT_LOGGING_RULES", "*.debug=false;hu60.*.info=false");
    static QCoreApplication app(*argc, *argv);
    static server::PushServer instance;
    pushServer = &instance;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0 || size > 64 * 1024)
        return 0;
    static constexpr qint64 uids[] = {10086, -50, 1, 0};
    const qint64 uid = uids[data[0] % 4];
    const QByteArray input(reinterpret_cast<const char*>(data) + 1, static_cast<qsizetype>(size - 1));
    const QList<QByteArray> frames = input.split('\n');
    for (qsizetype i = 0; i < frames.size() && i < 32; ++i) {
        for (const QByteArray& reply : pushServer->handleLocalFrame(uid, frames.at(i))) {
            if (protocol::parseEvent(reply).type == protocol::EventType::Invalid)
                std::abort(); // the server sent something our own client cannot read
        }
    }
    return 0;
}
