// SPDX-License-Identifier: GPL-3.0-or-later
// The translation catalogues are complete: no unfinished or empty message, and every translation keeps the %N
// placeholders of its source text.
#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void checkerFindsProblems_data();
    void checkerFindsProblems();
    void catalogueIsComplete_data();
    void catalogueIsComplete();
    void sourcesUseVisibleContexts();

private:
    struct Report
    {
        QString language;
        int messages = 0;
        QStringList problems;
    };
    static Report check(QIODevice* device);
};

namespace {

// The distinct placeholders of a text: %1…%99 and the numerus %n (%L1 counts as %1).
QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?([1-9][0-9]?|n)"));
    QSet<QString> out;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(1));
    return out;
}

QString excerpt(const QString& source)
{
    return source.size() > 60 ? source.left(57) + u"..." : source;
}

} // namespace

TestTranslations::Report TestTranslations::check(QIODevice* device)
{
    Report report;
    QXmlStreamReader xml(device);
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"TS") {
            report.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"source") {
            source = xml.readElementText();
        } else if (name == u"translation") {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            // Entries lupdate keeps for removed source strings are never shown.
            if (type == u"vanished" || type == u"obsolete") {
                xml.skipCurrentElement();
                continue;
            }
            ++report.messages;
            const QString where = context + u": \"" + excerpt(source) + u'"';
            // A numerus translation is a list of <numerusform>; a plain one is text.
            QStringList forms;
            while (xml.readNext() != QXmlStreamReader::EndElement || xml.name() != u"translation") {
                if (xml.hasError())
                    break;
                if (xml.isStartElement() && xml.name() == u"numerusform")
                    forms.append(xml.readElementText());
                else if (xml.isCharacters() && !xml.isWhitespace())
                    forms.append(xml.text().toString());
            }
            if (type == u"unfinished")
                report.problems.append(u"unfinished: "_qs + where);
            if (forms.isEmpty() ||
                std::any_of(forms.cbegin(), forms.cend(), [](const QString& f) { return f.isEmpty(); }))
                report.problems.append(u"empty translation: "_qs + where);
            for (const QString& form : std::as_const(forms)) {
                if (!form.isEmpty() && placeholders(form) != placeholders(source)) {
                    report.problems.append(u"placeholders differ: "_qs + where + u" -> \"" + excerpt(form) + u'"');
                    break;
                }
            }
        }
    }
    if (xml.hasError())
        report.problems.append(u"XML error: "_qs + xml.errorString());
    return report;
}

void TestTranslations::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestTranslations::checkerFindsProblems_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("problem");
    QTest::newRow("finished") << QStringLiteral("<source>Open %1</source><translation>打开 %1</translation>")
                              << QString();
    QTest::newRow("unfinished") << QStringLiteral(
                                       "<source>Quit</source><translation type=\"unfinished\">退出</translation>")
                                << QStringLiteral("unfinished");
    QTest::newRow("empty") << QStringLiteral("<source>Quit</source><translation></translation>")
                           << QStringLiteral("empty translation");
    QTest::newRow("new from lupdate") << QStringLiteral(
                                             "<source>Quit</source><translation type=\"unfinished\"></translation>")
                                      << QStringLiteral("unfinished");
    QTest::newRow("placeholder lost") << QStringLiteral(
                                             "<source>Open %1 at %2</source><translation>打开 %1</translation>")
                                      << QStringLiteral("placeholders differ");
    QTest::newRow("placeholder renumbered")
        << QStringLiteral("<source>%1 of %2</source><translation>%2 中的 %3</translation>")
        << QStringLiteral("placeholders differ");
    QTest::newRow("placeholders reordered")
        << QStringLiteral("<source>%1 of %2</source><translation>%2 中的 %1</translation>") << QString();
    QTest::newRow("numerus") << QStringLiteral("<source>%n message(s)</source><translation>"
                                               "<numerusform>%n 条消息</numerusform></translation>")
                             << QString();
    QTest::newRow("numerus empty form")
        << QStringLiteral("<source>%n message(s)</source><translation><numerusform></numerusform></translation>")
        << QStringLiteral("empty translation");
    QTest::newRow("vanished ignored") << QStringLiteral(
                                             "<source>Old</source><translation type=\"vanished\">旧</translation>")
                                      << QString();
}

void TestTranslations::checkerFindsProblems()
{
    QFETCH(QString, message);
    QFETCH(QString, problem);
    QByteArray ts = "<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE TS><TS version=\"2.1\" language=\"zh_CN\">"
                    "<context><name>tray</name><message>" +
                    message.toUtf8() + "</message></context></TS>";
    QBuffer buffer(&ts);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const Report report = check(&buffer);
    QCOMPARE(report.language, QStringLiteral("zh_CN"));
    if (problem.isEmpty()) {
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
    } else {
        QVERIFY(!report.problems.isEmpty());
        QVERIFY2(report.problems.first().startsWith(problem), qPrintable(report.problems.first()));
        QVERIFY(report.problems.first().contains(u"tray: \""));
    }
}

void TestTranslations::catalogueIsComplete_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    QTest::newRow("en") << QStringLiteral("en");
}

void TestTranslations::catalogueIsComplete()
{
    QFETCH(QString, language);
    QFile file(QStringLiteral(HU60_TRANSLATIONS_DIR "/hu60-notifier_") + language + u".ts");
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const Report report = check(&file);
    QCOMPARE(report.language, language);
    // An empty catalogue means lupdate never ran: scripts/update-translations.sh.
    QVERIFY(report.messages > 0);
    QVERIFY2(report.problems.isEmpty(), qPrintable(QString::number(report.problems.size()) + u" problem(s) in " +
                                                   file.fileName() + u"; run scripts/update-translations.sh and " +
                                                   u"finish them in Qt Linguist:\n" + report.problems.join(u'\n')));
}

void TestTranslations::sourcesUseVisibleContexts()
{
    // lupdate files the strings of a free helper like `QString tr(const char* s) { return translate("serve", s); }`
    // under the enclosing namespace ("modes"), while the program looks them up under "serve": such strings can
    // never be translated. Use QCoreApplication::translate("ctx", "text") at the call or Q_DECLARE_TR_FUNCTIONS.
    static const QRegularExpression freeHelper(
        QStringLiteral("^\\s*(static\\s+)?(inline\\s+)?QString\\s+tr\\s*\\(\\s*const\\s+char\\s*\\*"));
    QStringList offenders;
    for (const char* folder : {"core", "ui", "app"}) {
        QDirIterator it(QStringLiteral(HU60_SOURCE_DIR "/") + QLatin1String(folder),
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
            int number = 0;
            while (!file.atEnd()) {
                ++number;
                if (freeHelper.match(QString::fromUtf8(file.readLine())).hasMatch())
                    offenders.append(file.fileName() + u':' + QString::number(number));
            }
        }
    }
    QVERIFY2(offenders.isEmpty(),
             qPrintable(u"free tr() helpers, invisible to lupdate's context:\n"_qs + offenders.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
