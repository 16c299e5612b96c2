// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: content::renderContent (segment JSON -> safe rich text, summary, click URL) on arbitrary
// text. Checks the promises of content.h and document.h: bounded summary, only safe click-through URLs, no script in
// the HTML, only safe link and image URLs in the document, notification markup well-formed at every capability level
// with no tag outside the spec's list.
#include "core/content/content.h"

#include <QCoreApplication>
#include <QXmlStreamReader>

#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

/// Well-formed, and every element one the Desktop Notifications spec allows at that level.
bool validMarkup(const QString& markup, content::MarkupLevel level)
{
    QXmlStreamReader reader(QStringLiteral("<body>") + markup + QStringLiteral("</body>"));
    int depth = 0;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = reader.name();
        const bool allowed = (depth++ == 0 && name == u"body") || name == u"b" || name == u"i" || name == u"u" ||
                             (level.hyperlinks && name == u"a") || (level.images && name == u"img");
        if (!allowed)
            return false;
    }
    return !reader.hasError();
}

void checkDocument(const content::Document& document)
{
    for (const QByteArray& url : document.urls)
        check(content::isSafeLinkUrl(QUrl::fromEncoded(url, QUrl::StrictMode), true));
    for (const content::Block& block : document.blocks) {
        for (const content::Span& span : block.spans) {
            check(span.link <= document.urls.size() && span.image <= document.urls.size());
            // Images never come from mailto:.
            check(span.image == 0 || content::isSafeLinkUrl(QUrl::fromEncoded(document.url(span.image))));
        }
    }
    for (const bool links : {false, true}) {
        for (const bool images : {false, true})
            check(validMarkup(content::toNotificationMarkup(document, {links, images}, 2000), {links, images}));
    }
    for (QChar c : content::toPlainText(document, 2000))
        check(c.unicode() >= 0x20 || c == u'\n' || c == u'\t');
}

} // namespace

// The translations of the renderer's words need an application object; nothing needs QtGui's.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    qputenv("QT_LOGGING_RULES", "*.debug=false;hu60.*.warning=false;qt.*.warning=false");
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 256 * 1024)
        return 0; // the renderer caps input anyway; huge inputs only slow the run down
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    content::RenderOptions options;
    options.userName = [](qint64 uid) { return uid == 1 ? QStringLiteral("<b>hu60</b>") : QString(); };
    for (int type : {0, 1}) {
        const content::Rendered rendered = content::renderContent(text, 42, type, options);
        check(rendered.summary.size() <= options.maxSummaryLength + 8); // + ellipsis and a split surrogate
        check(rendered.url.isEmpty() || content::isSafeLinkUrl(rendered.url));
        check(!rendered.html.contains(QLatin1String("<script"), Qt::CaseInsensitive));
        checkDocument(rendered.document);
    }
    return 0;
}
