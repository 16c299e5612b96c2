// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/pushfaults.h"

#include <QStringList>

namespace server {

namespace {

constexpr int defaultRegisterWindowMs = 1000;

} // namespace

bool PushFaults::any() const
{
    return dropShare > 0 || reorder || emptyFrame || dropBeforeRegisterMs > 0 || breakMidBurst;
}

std::optional<PushFaults> PushFaults::parse(const QString& text, QString* error)
{
    PushFaults faults;
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    for (const QString& item : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = item.indexOf(u'=');
        const QString name = item.left(eq).trimmed();
        const QString value = eq < 0 ? QString() : item.mid(eq + 1).trimmed();
        bool ok = true;
        if (name == u"drop") {
            faults.dropShare = value.toDouble(&ok);
            if (!ok || faults.dropShare < 0 || faults.dropShare > 1)
                return fail(QStringLiteral("drop needs a share between 0 and 1, as in drop=0.3"));
        } else if (name == u"drop-before-register") {
            faults.dropBeforeRegisterMs = value.isEmpty() ? defaultRegisterWindowMs : value.toInt(&ok);
            if (!ok || faults.dropBeforeRegisterMs <= 0)
                return fail(QStringLiteral("drop-before-register takes a positive number of milliseconds"));
        } else if (!value.isEmpty()) {
            return fail(QStringLiteral("%1 takes no value").arg(name));
        } else if (name == u"reorder") {
            faults.reorder = true;
        } else if (name == u"empty-frame") {
            faults.emptyFrame = true;
        } else if (name == u"break-mid-burst") {
            faults.breakMidBurst = true;
        } else {
            return fail(QStringLiteral("unknown fault \"%1\" (known: drop=SHARE, reorder, empty-frame, "
                                       "drop-before-register[=MS], break-mid-burst)")
                            .arg(name.left(40)));
        }
    }
    return faults;
}

QString PushFaults::describe() const
{
    QStringList parts;
    if (dropShare > 0)
        parts.append(QStringLiteral("drop=%1").arg(dropShare));
    if (reorder)
        parts.append(QStringLiteral("reorder"));
    if (emptyFrame)
        parts.append(QStringLiteral("empty-frame"));
    if (dropBeforeRegisterMs > 0)
        parts.append(QStringLiteral("drop-before-register=%1").arg(dropBeforeRegisterMs));
    if (breakMidBurst)
        parts.append(QStringLiteral("break-mid-burst"));
    return parts.join(u',');
}

} // namespace server
