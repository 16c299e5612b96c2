// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/document.h"
#include "core/inbox/notification.h"
#include "tests/support/spans.h"
#include "ui/popup/burstsummary.h"

#include <QRegularExpression>
#include <QTest>

using inbox::Notification;
using ui::BurstSummary;

class TestBurstSummary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void titleNamesWhatItHolds();
    void mentionsAreListedFirst();
    void staysBounded();
    void linesArePlainText();
    void inboxSummariesCountAsMany();
    void removeByIdSenderAndKind();
    void sameMessageTwiceCountsOnce();
    void mergeAddsUp();

private:
    static Notification message(qint64 id, int type, const QString& text, qint64 uid = 2333);
};

Notification TestBurstSummary::message(qint64 id, int type, const QString& text, qint64 uid)
{
    Notification n;
    n.id = id;
    n.type = type;
    n.byuid = uid;
    n.senderName = QStringLiteral("用户%1").arg(uid);
    n.summary = text;
    return n;
}

void TestBurstSummary::titleNamesWhatItHolds()
{
    BurstSummary summary;
    QVERIFY(summary.isEmpty());
    for (int i = 0; i < 3; ++i)
        summary.add(message(i + 1, 0, QStringLiteral("x")));
    QCOMPARE(summary.title(), QStringLiteral("3 new inbox message(s)"));
    summary.add(message(10, 1, QStringLiteral("y")));
    summary.add(message(11, 1, QStringLiteral("z")));
    QCOMPARE(summary.title(), QStringLiteral("3 new inbox message(s), 2 new @ mention(s)"));
    QCOMPARE(summary.url(QUrl(QStringLiteral("https://hu60.cn"))),
             QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.inbox.html")));
    summary.removeKinds(true, false);
    QCOMPARE(summary.title(), QStringLiteral("2 new @ mention(s)"));
    QCOMPARE(summary.url(QUrl(QStringLiteral("https://hu60.cn"))),
             QUrl(QStringLiteral("https://hu60.cn/q.php/msg.index.@.html")));
    const Notification n = summary.notification(QUrl(QStringLiteral("https://hu60.cn")));
    QCOMPARE(n.id, 0);
    QCOMPARE(n.type, 1);
    QCOMPARE(n.count, 2);
    QCOMPARE(n.senderName, QStringLiteral("2 new @ mention(s)"));
    QCOMPARE(n.coveredIds, (QList<qint64>{10, 11}));
}

void TestBurstSummary::mentionsAreListedFirst()
{
    BurstSummary summary;
    summary.add(message(1, 1, QStringLiteral("早的@")));
    for (int i = 0; i < 5; ++i)
        summary.add(message(10 + i, 0, QStringLiteral("内信%1").arg(i)));
    // However many inbox messages come after it, the @ stays on the first line.
    QCOMPARE(summary.lines(), (QStringList{QStringLiteral("用户2333: 早的@"), QStringLiteral("用户2333: 内信4"),
                                           QStringLiteral("用户2333: 内信3"), QStringLiteral("…and 3 more")}));
}

void TestBurstSummary::staysBounded()
{
    BurstSummary summary;
    for (int i = 0; i < 100'000; ++i)
        summary.add(message(i + 1, i % 2, QStringLiteral("m%1").arg(i)));
    QCOMPARE(summary.count(), 100'000);
    QCOMPARE(summary.lines().size(), BurstSummary::defaultMaxLines + 1);
    QCOMPARE(summary.lines().last(), QStringLiteral("…and 99997 more"));
    // Only the newest are tracked one by one; the rest are counted.
    QCOMPARE(summary.trackedIds().size(), BurstSummary::maxTracked);
    QCOMPARE(summary.trackedIds().last(), 100'000);
    QVERIFY(!summary.remove(1));
    QVERIFY(summary.remove(100'000));
    QCOMPARE(summary.count(), 99'999);
}

void TestBurstSummary::linesArePlainText()
{
    using content::Block;
    using content::Span;
    Notification n = message(1, 0, QStringLiteral("**粗体** 的源文"));
    Block block;
    block.spans.append(testsupport::makeSpan(Span::Text, Span::Bold, QStringLiteral("粗体")));
    block.spans.append(testsupport::makeSpan(Span::Text, Span::Plain, QStringLiteral(" <b> & 一段很长很长的文字")));
    block.spans.append(testsupport::makeSpan(Span::Image, Span::Plain, QStringLiteral("{滑稽}"), true));
    n.document.blocks = {block};
    BurstSummary summary;
    summary.add(n);
    // From the document: no Markdown markers, nothing escaped (the presenters escape for their surface).
    QCOMPARE(summary.lines(), QStringList{QStringLiteral("用户2333: 粗体 <b> & 一段很长很长的文字{滑稽}")});
    QCOMPARE(summary.notification(QUrl(QStringLiteral("https://hu60.cn"))).html,
             QStringLiteral("<b>用户2333</b>: 粗体 &lt;b&gt; &amp; 一段很长很长的文字{滑稽}"));
    // Long texts are cut to one line.
    BurstSummary longOne;
    longOne.add(message(2, 0, QString(500, u'长')));
    QCOMPARE(longOne.lines().first().size(), QStringLiteral("用户2333: ").size() + BurstSummary::lineLength);
    QVERIFY(longOne.lines().first().endsWith(u'…'));
}

void TestBurstSummary::inboxSummariesCountAsMany()
{
    Notification ofInbox;
    ofInbox.id = 0;
    ofInbox.type = 1;
    ofInbox.count = 5;
    ofInbox.summary = QStringLiteral("5 条新@消息");
    BurstSummary summary;
    summary.add(ofInbox);
    summary.add(message(1, 0, QStringLiteral("a")));
    QCOMPARE(summary.title(), QStringLiteral("1 new inbox message(s), 5 new @ mention(s)"));
    // Its line stands for all five: nothing "more".
    QCOMPARE(summary.lines(), (QStringList{QStringLiteral("5 条新@消息"), QStringLiteral("用户2333: a")}));
}

void TestBurstSummary::removeByIdSenderAndKind()
{
    BurstSummary summary;
    summary.add(message(1, 0, QStringLiteral("a"), 7));
    summary.add(message(2, 1, QStringLiteral("b"), 8));
    summary.add(message(3, 0, QStringLiteral("c"), 8));
    QVERIFY(!summary.remove(42));
    QVERIFY(summary.remove(2));
    QCOMPARE(summary.title(), QStringLiteral("2 new inbox message(s)"));
    QCOMPARE(summary.lines(), (QStringList{QStringLiteral("用户8: c"), QStringLiteral("用户7: a")}));
    QVERIFY(summary.removeSender(8));
    QVERIFY(!summary.removeSender(8));
    QCOMPARE(summary.lines(), QStringList{QStringLiteral("用户7: a")});
    QVERIFY(summary.isAllOf(true, false));
    QVERIFY(!summary.removeKinds(false, true));
    QVERIFY(summary.removeKinds(true, false));
    QVERIFY(summary.isEmpty());
    QVERIFY(summary.lines().isEmpty());
}

void TestBurstSummary::sameMessageTwiceCountsOnce()
{
    BurstSummary summary;
    summary.add(message(1, 0, QStringLiteral("a")));
    summary.add(message(1, 0, QStringLiteral("a")));
    QCOMPARE(summary.count(), 1);
}

void TestBurstSummary::mergeAddsUp()
{
    BurstSummary older;
    older.add(message(1, 1, QStringLiteral("@")));
    BurstSummary newer;
    newer.add(message(2, 0, QStringLiteral("a")));
    newer.merge(older);
    QCOMPARE(newer.title(), QStringLiteral("1 new inbox message(s), 1 new @ mention(s)"));
    QCOMPARE(newer.lines().first(), QStringLiteral("用户2333: @"));
    QVERIFY(newer.remove(1));
}

QTEST_MAIN(TestBurstSummary)
#include "tst_burstsummary.moc"
