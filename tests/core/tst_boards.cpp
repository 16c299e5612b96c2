// SPDX-License-Identifier: GPL-3.0-or-later
// The forum emulator's posting rules: form tokens, mentions, empty text, room names, PHP's urlencode.
#include "core/server/boards.h"

#include <QJsonObject>
#include <QTest>

using namespace server;

class TestBoards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokensAreSingleUseBoundAndExpire()
    {
        qint64 now = 0;
        FormTokens tokens;
        tokens.setClock([&now] { return now; });
        const QString a = tokens.issue(10086);
        QCOMPARE(a.size(), 32);
        QVERIFY(a != tokens.issue(10086));
        QVERIFY(tokens.consume(a, 10086));
        QVERIFY(!tokens.consume(a, 10086)); // used
        const QString b = tokens.issue(10086);
        QVERIFY(!tokens.consume(b, 2333)); // someone else's, and gone after the attempt
        QVERIFY(!tokens.consume(b, 10086));
        const QString c = tokens.issue(10086);
        now += FormTokens::lifetimeMs;
        QVERIFY(!tokens.consume(c, 10086)); // expired
        QVERIFY(!tokens.consume(QString(), 10086));
        // Bounded per user: the oldest go first.
        const QString oldest = tokens.issue(1);
        for (int i = 0; i < FormTokens::maxPerUser; ++i) {
            ++now;
            tokens.issue(1);
        }
        QVERIFY(!tokens.consume(oldest, 1));
        QVERIFY(tokens.consume(tokens.issue(1), 1));
    }

    void emptyText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("empty");
        QTest::newRow("nothing") << QString() << true;
        QTest::newRow("spaces") << QStringLiteral(" \n\t") << true;
        QTest::newRow("marker only") << QStringLiteral("<!md>\n  ") << true;
        QTest::newRow("bare tags") << QStringLiteral("[b][/b] [url]") << true;
        QTest::newRow("text") << QStringLiteral("<!md>\n好") << false;
        QTest::newRow("a face") << QStringLiteral("{滑稽}") << false;
    }
    void emptyText()
    {
        QFETCH(QString, text);
        QFETCH(bool, empty);
        QCOMPARE(boards::isEmptyText(text), empty);
    }

    void mentionsBecomeAtSegments()
    {
        const auto lookup = [](const QString& name) -> std::optional<qint64> {
            if (name == u"阿三")
                return 2333;
            return std::nullopt;
        };
        const QJsonArray segments =
            boards::segmentsOf(QStringLiteral("<!md>\n@#-50，问 ＠阿三 和 @nobody; mail a@ b@#x"), lookup);
        const auto at = [](const QString& tag, const QJsonValue& uid) {
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("at")},
                               {QStringLiteral("tag"), tag},
                               {QStringLiteral("uid"), uid}};
        };
        const auto text = [](const QString& value) {
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("value"), value}};
        };
        const QJsonArray expected{QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}},
                                  at(QStringLiteral("#-50"), -50),
                                  text(QStringLiteral("，问 ")),
                                  at(QStringLiteral("阿三"), 2333),
                                  text(QStringLiteral(" 和 ")),
                                  at(QStringLiteral("nobody"), false),
                                  text(QStringLiteral("; mail a@ b@#x"))};
        QCOMPARE(segments, expected);
        QCOMPARE(boards::mentionedUids(segments, 10086), QList<qint64>({-50, 2333}));
        // A robot mentioning a robot notifies nobody; the author is never notified; at most 5.
        QCOMPARE(boards::mentionedUids(segments, -51), QList<qint64>({2333}));
        QCOMPARE(boards::mentionedUids(segments, 2333), QList<qint64>({-50}));
        const QJsonArray many = boards::segmentsOf(QStringLiteral("@#1@#2@#3@#4@#5@#6@#2"), {});
        QCOMPARE(boards::mentionedUids(many, 0), QList<qint64>({1, 2, 3, 4, 5}));
    }

    void phpUrlEncodeAndRoomNames()
    {
        QCOMPARE(boards::phpUrlEncode(QStringLiteral("闲聊 灌水")),
                 QStringLiteral("%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4"));
        QCOMPARE(boards::phpUrlEncode(QStringLiteral("a-b_c.d~/")), QStringLiteral("a-b_c.d%7E%2F"));
        QVERIFY(boards::isValidRoomName(QStringLiteral("hu60bot")));
        QVERIFY(boards::isValidRoomName(QStringLiteral("公共聊天室")));
        QVERIFY(!boards::isValidRoomName(QString()));
        QVERIFY(!boards::isValidRoomName(QStringLiteral("<script>")));
        QVERIFY(!boards::isValidRoomName(QString(21, u'a')));
        QVERIFY(!boards::isValidRoomName(QStringLiteral("a/b")));
    }
};

QTEST_GUILESS_MAIN(TestBoards)
#include "tst_boards.moc"
