// SPDX-License-Identifier: GPL-3.0-or-later
// Rendering cost grows linearly with the input, whatever its shape: for every shape a hostile sender could pick,
// the time per KiB of a large message is compared with that of a small one. A quadratic step makes the large one
// eight times dearer per KiB; linear code stays near one. No absolute time is asserted (that is the benchmark's
// job), so the test holds on a slow or busy machine and under sanitizers.
#include "core/content/content.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

QJsonObject segment(const QString& type, const QString& key, const QString& value)
{
    return QJsonObject{{u"type"_s, type}, {key, value}};
}

QJsonArray markdown(const QString& text)
{
    return QJsonArray{QJsonObject{{u"type"_s, u"markdown"_s}}, segment(u"text"_s, u"value"_s, text)};
}

/// Nanoseconds per input byte of rendering `content` (best of a few runs: the least disturbed one).
double costPerByte(const QJsonArray& content)
{
    const QString json = QString::fromUtf8(QJsonDocument(content).toJson(QJsonDocument::Compact));
    qint64 best = std::numeric_limits<qint64>::max();
    for (int run = 0; run < 9; ++run) {
        QElapsedTimer timer;
        timer.start();
        const content::Rendered r = content::renderContent(json, 1, 0);
        const QString plain = content::toPlainText(r.document);
        const QString markup = content::toNotificationMarkup(r.document, {true, true});
        best = qMin(best, timer.nsecsElapsed());
        if (r.html.isEmpty() || plain.isEmpty() || markup.isEmpty())
            return -1; // nothing rendered: the shape is broken, not cheap
    }
    return double(best) / double(json.size());
}

using Shape = std::function<QJsonArray(int units)>;

QString repeated(const QString& unit, int units)
{
    return unit.repeated(units);
}

} // namespace

class TestRenderCost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linear_data();
    void linear();
};

void TestRenderCost::linear_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("units"); // of the small input; the large one has eight times as many
    const auto text = [](const QString& unit) { return Shape([unit](int n) { return markdown(repeated(unit, n)); }); };
    QTest::newRow("'<' in Markdown") << text(u"<"_s) << 800;
    QTest::newRow("<b> in Markdown") << text(u"<b>"_s) << 400;
    QTest::newRow("&amp; in Markdown") << text(u"&amp;"_s) << 300;
    QTest::newRow("numeric entities") << text(u"&#x41;&#65;"_s) << 200;
    QTest::newRow("brackets") << text(u"[x]("_s) << 300;
    QTest::newRow("unclosed links") << text(u"[a"_s) << 500;
    QTest::newRow("emphasis runs") << text(u"*a_"_s) << 400;
    QTest::newRow("strong runs") << text(u"**x"_s) << 400;
    QTest::newRow("code spans") << text(u"`a"_s) << 500;
    QTest::newRow("backtick runs") << Shape([](int n) {
        QString s;
        for (int i = 1; i <= n; ++i)
            s += QString(i % 40 + 1, u'`') + u'a';
        return markdown(s);
    }) << 100;
    QTest::newRow("nested quotes") << Shape([](int n) {
        QString s;
        for (int i = 0; i < n; ++i)
            s += QString(i % 60 + 1, u'>') + u" q\n";
        return markdown(s);
    }) << 40;
    QTest::newRow("nested lists") << Shape([](int n) {
        QString s;
        for (int i = 0; i < n; ++i)
            s += QString(2 * (i % 30), u' ') + u"- item\n";
        return markdown(s);
    }) << 60;
    QTest::newRow("table") << Shape([](int n) {
        QString s = u"| a | b | c |\n|---|---|---|\n"_s;
        for (int i = 0; i < n; ++i)
            s += u"| 1 | **2** | `3` |\n"_s;
        return markdown(s);
    }) << 60;
    QTest::newRow("one long line") << text(u"长文本 word "_s) << 300;
    QTest::newRow("many lines") << text(u"行\n"_s) << 500;
    QTest::newRow("faces") << Shape([](int n) {
        QJsonArray a;
        for (int i = 0; i < n; ++i)
            a.append(segment(u"face"_s, u"face"_s, u"滑稽"_s));
        return a;
    }) << 200;
    QTest::newRow("faces in Markdown") << Shape([](int n) {
        QJsonArray a{QJsonObject{{u"type"_s, u"markdown"_s}}};
        for (int i = 0; i < n; ++i) {
            a.append(segment(u"face"_s, u"face"_s, u"滑稽"_s));
            a.append(segment(u"text"_s, u"value"_s, u"*x "_s));
        }
        return a;
    }) << 100;
    QTest::newRow("UBB tags") << Shape([](int n) {
        QJsonArray a;
        for (int i = 0; i < n; ++i) {
            a.append(segment(u"layout"_s, u"tag"_s, i % 2 ? u"/b"_s : u"b"_s));
            a.append(segment(u"style"_s, u"tag"_s, u"color"_s));
            a.append(segment(u"text"_s, u"value"_s, u"x  y"_s));
        }
        return a;
    }) << 100;
    QTest::newRow("links") << Shape([](int n) {
        QJsonArray a;
        for (int i = 0; i < n; ++i)
            a.append(QJsonObject{{u"type"_s, u"url"_s}, {u"url"_s, u"https://example.com/%1"_s.arg(i)}});
        return a;
    }) << 100;
}

void TestRenderCost::linear()
{
    QFETCH(Shape, shape);
    QFETCH(int, units);
    costPerByte(shape(units)); // warm-up: first-use allocations and caches
    // Best of nine for each size, and up to three tries: a busy machine (other tests run beside this one) can only
    // make a ratio worse by chance, never a quadratic step look linear.
    double small = 0;
    double large = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        small = costPerByte(shape(units));
        large = costPerByte(shape(8 * units));
        QVERIFY2(small > 0 && large > 0, "the shape rendered nothing");
        if (large / small < 3.0)
            break;
    }
    // Linear: about 1. Quadratic: about 8. The margin absorbs noise and cache effects of the larger input.
    QVERIFY2(large / small < 3.0,
             qPrintable(u"%1 ns/byte at %2 units, %3 ns/byte at %4"_s.arg(small).arg(units).arg(large).arg(8 * units)));
}

QTEST_GUILESS_MAIN(TestRenderCost)
#include "tst_rendercost.moc"
