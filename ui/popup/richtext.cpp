// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/richtext.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>

namespace ui::richtext {

namespace {

const QRegularExpression& imageTag()
{
    static const QRegularExpression re(QStringLiteral("<img\\b[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    return re;
}

QString escapeMarkup(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'&')
            out += u"&amp;";
        else if (c == u'<')
            out += u"&lt;";
        else if (c == u'>')
            out += u"&gt;";
        else if (c == u'"')
            out += u"&quot;";
        else if (c == QChar::Nbsp || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            out += c == QChar::Nbsp ? u' ' : u'\n';
        else
            out += c;
    }
    return out;
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

QString toNotificationMarkup(const QString& html, int maxChars)
{
    QTextDocument document;
    document.setHtml(mapImages(html, [](const QUrl&, QStringView, QStringView alt) { return alt.toString(); }));
    QString out;
    int visible = 0;
    bool cut = false;
    for (QTextBlock block = document.begin(); block.isValid() && !cut; block = block.next()) {
        if (block != document.begin())
            out += u'\n';
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QString text = fragment.text();
            if (visible + text.size() > maxChars) {
                text = text.left(qMax(0, maxChars - visible)) + u'…';
                cut = true;
            }
            visible += int(text.size());
            const QTextCharFormat format = fragment.charFormat();
            QString piece = escapeMarkup(text);
            if (format.fontWeight() >= QFont::Bold)
                piece = u"<b>" + piece + u"</b>";
            if (format.fontItalic())
                piece = u"<i>" + piece + u"</i>";
            if (format.fontUnderline() && !format.isAnchor())
                piece = u"<u>" + piece + u"</u>";
            if (format.isAnchor()) {
                const QUrl href(format.anchorHref());
                if (href.scheme() == u"http" || href.scheme() == u"https" || href.scheme() == u"mailto")
                    piece =
                        u"<a href=\"" + escapeMarkup(QString::fromLatin1(href.toEncoded())) + u"\">" + piece + u"</a>";
            }
            out += piece;
            if (cut)
                break;
        }
    }
    return out.trimmed();
}

} // namespace ui::richtext
