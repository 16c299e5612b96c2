// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/richtext.h"

#include <QRegularExpression>

namespace ui::richtext {

namespace {

const QRegularExpression& imageTag()
{
    static const QRegularExpression re(QStringLiteral("<img\\b[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

QStringView attribute(QStringView tag, QStringView name)
{
    const QString needle = u' ' + name.toString() + u"=\"";
    const qsizetype start = tag.indexOf(needle);
    if (start < 0)
        return {};
    const qsizetype valueStart = start + needle.size();
    const qsizetype end = tag.indexOf(u'"', valueStart);
    return end < 0 ? QStringView() : tag.mid(valueStart, end - valueStart);
}

QString decodeAttribute(QStringView value)
{
    static const QRegularExpression reference(QStringLiteral("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);"));
    QString out;
    qsizetype last = 0;
    auto it = reference.globalMatch(value);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += value.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QStringView name = m.capturedView(1);
        if (name == u"amp")
            out += u'&';
        else if (name == u"lt")
            out += u'<';
        else if (name == u"gt")
            out += u'>';
        else if (name == u"quot")
            out += u'"';
        else if (name == u"apos")
            out += u'\'';
        else {
            const bool hex = name.size() > 1 && (name[1] == u'x' || name[1] == u'X');
            bool ok = false;
            const uint code = name.mid(hex ? 2 : 1).toUInt(&ok, hex ? 16 : 10);
            if (ok && code > 0 && code <= 0x10FFFF) {
                const char32_t c = code;
                out += QString::fromUcs4(&c, 1);
            }
        }
    }
    out += value.mid(last);
    return out;
}

QString mapImages(const QString& html,
                  const std::function<QString(const QUrl& src, QStringView tag, QStringView altHtml)>& replace)
{
    QString out;
    qsizetype last = 0;
    auto it = imageTag().globalMatch(html);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(html).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QStringView tag = m.capturedView();
        out += replace(QUrl(decodeAttribute(attribute(tag, u"src"))), tag, attribute(tag, u"alt"));
    }
    out += QStringView(html).mid(last);
    return out;
}

QList<QUrl> imageUrls(const QString& html)
{
    QList<QUrl> urls;
    auto it = imageTag().globalMatch(html);
    while (it.hasNext()) {
        const QUrl url(decodeAttribute(attribute(it.next().capturedView(), u"src")));
        if (url.isValid() && !urls.contains(url))
            urls.append(url);
    }
    return urls;
}

} // namespace ui::richtext
