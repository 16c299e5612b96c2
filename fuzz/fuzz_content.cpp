// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: content::renderContent (segment JSON -> safe rich text, summary, click URL) on arbitrary
// text. Checks the promises of content.h: bounded summary, only safe click-through URLs, no script in the HTML.
#include "core/content/content.h"

#include <QGuiApplication>

#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

// QTextDocument (Markdown) needs a QGuiApplication; one offscreen instance lives for the whole run.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "*.debug=false;hu60.*.warning=false;qt.*.warning=false");
    static QGuiApplication app(*argc, *argv);
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
    }
    return 0;
}
