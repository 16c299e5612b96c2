// SPDX-License-Identifier: GPL-3.0-or-later
#ifdef HU60_HAVE_PANGO
// Before Qt: glib's headers use the word "signals", which Qt defines as a macro.
#include <pango/pango.h>
#endif

#include "support/pangomarkup.h"

#include <QRegularExpression>

bool pangomarkup::isAvailable()
{
#ifdef HU60_HAVE_PANGO
    return true;
#else
    return false;
#endif
}

bool pangomarkup::validate(const QString& markup, QString* error)
{
#ifdef HU60_HAVE_PANGO
    const QByteArray utf8 = markup.toUtf8();
    GError* gerror = nullptr;
    // accel_marker 0: no accelerator handling, as notification servers call it.
    const gboolean ok = pango_parse_markup(utf8.constData(), -1, 0, nullptr, nullptr, nullptr, &gerror);
    if (!ok) {
        *error = gerror ? QString::fromUtf8(gerror->message) : QStringLiteral("pango_parse_markup failed");
        if (gerror)
            g_error_free(gerror);
    }
    return ok;
#else
    // The spec's tags and XML's entities only; nesting is not checked here.
    static const QRegularExpression tag(QStringLiteral("<(/?)([a-zA-Z]+)[^>]*>"));
    static const QRegularExpression entity(QStringLiteral("&(?!(amp|lt|gt|quot|apos);)"));
    for (auto it = tag.globalMatch(markup); it.hasNext();) {
        const QString name = it.next().captured(2);
        if (name != u"b" && name != u"i" && name != u"u" && name != u"span") {
            *error = QStringLiteral("unknown tag ") + name;
            return false;
        }
    }
    if (entity.match(markup).hasMatch()) {
        *error = QStringLiteral("bare & or unknown entity");
        return false;
    }
    return true;
#endif
}
