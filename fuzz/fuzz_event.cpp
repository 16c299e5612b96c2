// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: protocol::parseEvent on arbitrary frames (its msg fast path against the general QJsonDocument
// path), plus encode -> parse round trips of what it accepted (a frame the server side would encode must come back
// identical on the client side).
#include "core/protocol/event.h"

#include <QByteArrayView>
#include <QJsonValue>

#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer reports the input that broke the round trip
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using protocol::EventType;
    const QByteArrayView frame(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const protocol::Event event = protocol::parseEvent(frame);
    // parseEvent() has a scanner of its own for msg frames: it must agree with the general path on every input.
    const protocol::Event general = protocol::parseEventWithQJson(frame);
    check(event.type == general.type && event.name == general.name && event.reason == general.reason &&
          event.msg == general.msg && event.text == general.text && event.call == general.call);
    switch (event.type) {
    case EventType::Msg: {
        const protocol::Event again = protocol::parseEvent(protocol::encodeMsg(event.msg));
        check(again.type == EventType::Msg && again.msg == event.msg);
        break;
    }
    case EventType::Online:
    case EventType::Offline: {
        const protocol::Event again = protocol::parseEvent(protocol::encodePresence(event.type, event.presence));
        check(again.type == event.type && again.presence == event.presence);
        break;
    }
    case EventType::Ping:
    case EventType::Ack:
    case EventType::Error:
    case EventType::Disconnecting: {
        const protocol::Event again = protocol::parseEvent(protocol::encodeEvent(event.name, event.text));
        check(again.type == event.type && again.text == event.text);
        break;
    }
    case EventType::Request: {
        const protocol::Event again =
            protocol::parseEvent(protocol::encodeRequest(event.call.uid, event.call.action, event.call.data));
        check(again.type == EventType::Request && again.call.uid == event.call.uid &&
              again.call.action == event.call.action);
        // A req without data (undefined) may come back as null; anything present must survive unchanged.
        if (!event.call.data.isUndefined())
            check(again.call.data == event.call.data);
        break;
    }
    default:
        // Every other result must at least name its type; the names of valid events round-trip.
        if (event.isValid() && event.type != EventType::RobotResponse)
            check(protocol::eventName(event.type) == event.name);
        break;
    }
    return 0;
}
