// SPDX-License-Identifier: GPL-3.0-or-later
// Rendering cost grows linearly with the input, whatever its shape: for every shape a hostile sender could pick,
// the time per KiB of a large message is compared with that of a small one. A quadratic step makes the large one
// eight times dearer per KiB; linear code stays near one. No absolute time is asserted (that is the benchmark's
// job), so the test holds on a slow or busy machine and under sanitizers.
#include "core/content/content.h"
#include "support/rendershapes.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

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

using rendershapes::Shape;

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
    for (const rendershapes::NamedShape& named : rendershapes::all())
        QTest::newRow(qPrintable(named.name)) << named.shape << named.units;
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
