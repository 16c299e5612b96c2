// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: protocol::parseAction (the server's decoder of client frames) on arbitrary bytes, and the
// client-side encoders fed with what it decoded: whatever a client may send must decode to the same action.
#include "core/protocol/action.h"
#include "core/protocol/event.h"

#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView frame(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const protocol::Action action = protocol::parseAction(frame);
    if (!action.ok) {
        if (action.error.isEmpty())
            std::abort(); // a refused frame always says why (the server sends that text back)
        return 0;
    }
    // Re-encode the decoded action the way a client would and decode it again.
    QJsonObject object{{QStringLiteral("action"), action.name}};
    if (!action.data.isUndefined())
        object.insert(QStringLiteral("data"), action.data);
    if (!action.id.isEmpty())
        object.insert(QStringLiteral("id"), action.id);
    const protocol::Action again = protocol::parseAction(protocol::goJson(object));
    if (!again.ok || again.name != action.name || again.id != action.id)
        std::abort();
    return 0;
}
