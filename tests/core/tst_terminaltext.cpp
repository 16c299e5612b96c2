// SPDX-License-Identifier: GPL-3.0-or-later
// terminaltext::safe(): remote text reaches a terminal or a log without steering it.
#include "core/terminaltext.h"

#include <QRegularExpression>
#include <QTest>

class TestTerminalText : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void neutralises_data();
    void neutralises();
    void keepsLineBreaksWhenAsked();
    void noControlCharacterSurvives();
};

void TestTerminalText::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestTerminalText::neutralises_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("connection lost: timeout") << QStringLiteral("connection lost: timeout");
    QTest::newRow("chinese and emoji") << QStringLiteral("晚上好，老虎会游泳 😀👍🏽")
                                       << QStringLiteral("晚上好，老虎会游泳 😀👍🏽");
    QTest::newRow("zero width joiner kept") << QStringLiteral("👩\u200d💻") << QStringLiteral("👩\u200d💻");
    QTest::newRow("tab kept") << QStringLiteral("a\tb") << QStringLiteral("a\tb");
    QTest::newRow("csi colour") << QStringLiteral("\x1b[31mred\x1b[0m") << QStringLiteral("\\x1B[31mred\\x1B[0m");
    QTest::newRow("osc title with bel") << QStringLiteral("\x1b]0;owned\x07!") << QStringLiteral("\\x1B]0;owned\\x07!");
    QTest::newRow("osc 52 clipboard with st")
        << QStringLiteral("\x1b]52;c;cm0gLXJmIH4=\x1b\\") << QStringLiteral("\\x1B]52;c;cm0gLXJmIH4=\\x1B\\");
    QTest::newRow("c1 csi") << QStringLiteral("a\u009b2Jb") << QStringLiteral("a\\x9B2Jb");
    QTest::newRow("c1 osc and st") << QStringLiteral("\u009d0;t\u009c") << QStringLiteral("\\x9D0;t\\x9C");
    QTest::newRow("del and nul") << QString(QStringLiteral("a\x7f") + QChar(0) + u'b')
                                 << QStringLiteral("a\\x7F\\x00b");
    QTest::newRow("carriage return") << QStringLiteral("ok\rFAKE") << QStringLiteral("ok\\x0DFAKE");
    QTest::newRow("backspace") << QStringLiteral("abc\b\b\bxyz") << QStringLiteral("abc\\x08\\x08\\x08xyz");
    QTest::newRow("line feed escaped") << QStringLiteral("one\ntwo") << QStringLiteral("one\\ntwo");
    QTest::newRow("line separator escaped") << QStringLiteral("one\u2028two") << QStringLiteral("one\\u2028two");
    QTest::newRow("right-to-left override")
        << QStringLiteral("abc\u202eexe.txt") << QStringLiteral("abc\\u202Eexe.txt");
    QTest::newRow("isolates and marks") << QStringLiteral("\u2066a\u2069\u2067b\u2068\u200e\u200f\u061c")
                                        << QStringLiteral("\\u2066a\\u2069\\u2067b\\u2068\\u200E\\u200F\\u061C");
    QTest::newRow("embeddings") << QStringLiteral("\u202a\u202b\u202c\u202d")
                                << QStringLiteral("\\u202A\\u202B\\u202C\\u202D");
    QTest::newRow("lone high surrogate") << QString(QStringLiteral("a") + QChar(0xD83D) + u'b')
                                         << QStringLiteral("a\uFFFDb");
    QTest::newRow("lone low surrogate at end")
        << QString(QStringLiteral("a") + QChar(0xDE00)) << QStringLiteral("a\uFFFD");
    QTest::newRow("empty") << QString() << QString();
}

void TestTerminalText::neutralises()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(terminaltext::safe(input), expected);
}

void TestTerminalText::keepsLineBreaksWhenAsked()
{
    using terminaltext::LineBreaks;
    QCOMPARE(terminaltext::safe(QStringLiteral("第一行\n第二行"), LineBreaks::Keep), QStringLiteral("第一行\n第二行"));
    QCOMPARE(terminaltext::safe(QStringLiteral("a\r\nb"), LineBreaks::Keep), QStringLiteral("a\nb"));
    QCOMPARE(terminaltext::safe(QStringLiteral("a\u2029b"), LineBreaks::Keep), QStringLiteral("a\nb"));
    // A lone CR still could rewrite the line: escaped in either mode.
    QCOMPARE(terminaltext::safe(QStringLiteral("a\rb\n\x1b[2J"), LineBreaks::Keep),
             QStringLiteral("a\\x0Db\n\\x1B[2J"));
}

void TestTerminalText::noControlCharacterSurvives()
{
    // Every UTF-16 unit, alone and between letters: nothing a terminal acts on comes out, in either mode.
    for (uint u = 0; u <= 0xFFFF; ++u) {
        const QString input = QStringLiteral("x") + QChar(char16_t(u)) + u'y';
        for (const auto mode : {terminaltext::LineBreaks::Escape, terminaltext::LineBreaks::Keep}) {
            const QString out = terminaltext::safe(input, mode);
            for (const QChar c : out) {
                const char16_t v = c.unicode();
                const bool lineFeedKept = v == u'\n' && mode == terminaltext::LineBreaks::Keep;
                const bool control = (v < 0x20 && v != u'\t' && !lineFeedKept) || (v >= 0x7F && v <= 0x9F);
                const bool bidi = (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x200E ||
                                  v == 0x200F || v == 0x061C;
                QVERIFY2(!control && !bidi && !c.isSurrogate() && v != 0x2028 && v != 0x2029,
                         qPrintable(QStringLiteral("U+%1 gave U+%2").arg(u, 4, 16).arg(uint(v), 4, 16)));
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
