// SPDX-License-Identifier: GPL-3.0-or-later
// server::cookieValue, the Cookie header reading of the push server and the forum emulator.
#include "core/server/cookies.h"

#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;
Q_DECLARE_METATYPE(Headers)

class TestCookies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cookieValue_data();
    void cookieValue();
};

void TestCookies::cookieValue_data()
{
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << Headers{{"Host", "127.0.0.1"}} << QString();
    QTest::newRow("alone") << Headers{{"Cookie", "hu60_sid=abc"}} << QStringLiteral("abc");
    QTest::newRow("among others") << Headers{{"cookie", "a=1; hu60_sid=abc ;b=2"}} << QStringLiteral("abc");
    QTest::newRow("header name in any case") << Headers{{"COOKIE", "hu60_sid=abc"}} << QStringLiteral("abc");
    QTest::newRow("second header") << Headers{{"Cookie", "a=1"}, {"Cookie", "hu60_sid=abc"}} << QStringLiteral("abc");
    QTest::newRow("first wins") << Headers{{"Cookie", "hu60_sid=one; hu60_sid=two"}} << QStringLiteral("one");
    QTest::newRow("cookie name exact") << Headers{{"Cookie", "HU60_SID=abc; xhu60_sid=def"}} << QString();
    QTest::newRow("value with =") << Headers{{"Cookie", "hu60_sid=a=b"}} << QStringLiteral("a=b");
    QTest::newRow("empty value") << Headers{{"Cookie", "hu60_sid="}} << QString();
    QTest::newRow("no name") << Headers{{"Cookie", "=abc; ;;"}} << QString();
    QTest::newRow("not a cookie header") << Headers{{"Set-Cookie", "hu60_sid=abc"}} << QString();
    QTest::newRow("utf-8") << Headers{{"Cookie", "hu60_sid=\xe5\xb0\x8f"}} << QStringLiteral("小");
}

void TestCookies::cookieValue()
{
    QFETCH(Headers, headers);
    QFETCH(QString, expected);
    QCOMPARE(server::cookieValue(headers, "hu60_sid"), expected);
}

QTEST_GUILESS_MAIN(TestCookies)
#include "tst_cookies.moc"
