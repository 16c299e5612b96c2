// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/cookies.h"

QString server::cookieValue(const QList<QPair<QByteArray, QByteArray>>& headers, QByteArrayView name)
{
    for (const auto& [key, value] : headers) {
        if (key.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray& part : value.split(';')) {
            const QByteArray trimmed = part.trimmed();
            const qsizetype eq = trimmed.indexOf('=');
            if (eq > 0 && trimmed.left(eq) == name)
                return QString::fromUtf8(trimmed.mid(eq + 1));
        }
    }
    return {};
}
