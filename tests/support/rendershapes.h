// SPDX-License-Identifier: GPL-3.0-or-later
// The message shapes a hostile sender could pick to make rendering expensive: tests/core/tst_rendercost.cpp checks
// that each costs time linear in its size, hu60-bench content that none of them at 64 KiB exceeds its budget.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace rendershapes {

using namespace Qt::StringLiterals;

inline QJsonObject segment(const QString& type, const QString& key, const QString& value)
{
    return QJsonObject{{u"type"_s, type}, {key, value}};
}

inline QJsonArray markdown(const QString& text)
{
    return QJsonArray{QJsonObject{{u"type"_s, u"markdown"_s}}, segment(u"text"_s, u"value"_s, text)};
}

inline QString repeated(const QString& unit, int units)
{
    return unit.repeated(units);
}

/// A segment array of `units` repetitions of one costly piece.
using Shape = std::function<QJsonArray(int units)>;

struct NamedShape
{
    QString name;
    Shape shape;
    int units; ///< a small input (a few KiB)
};

inline QList<NamedShape> all()
{
    QList<NamedShape> shapes;
    const auto text = [](const QString& unit) { return Shape([unit](int n) { return markdown(repeated(unit, n)); }); };
    shapes.append({u"'<' in Markdown"_s, text(u"<"_s), 800});
    shapes.append({u"<b> in Markdown"_s, text(u"<b>"_s), 400});
    shapes.append({u"&amp; in Markdown"_s, text(u"&amp;"_s), 300});
    shapes.append({u"numeric entities"_s, text(u"&#x41;&#65;"_s), 200});
    shapes.append({u"brackets"_s, text(u"[x]("_s), 300});
    shapes.append({u"unclosed links"_s, text(u"[a"_s), 500});
    shapes.append({u"emphasis runs"_s, text(u"*a_"_s), 400});
    shapes.append({u"strong runs"_s, text(u"**x"_s), 400});
    shapes.append({u"code spans"_s, text(u"`a"_s), 500});
    shapes.append({u"backtick runs"_s, Shape([](int n) {
                       QString s;
                       for (int i = 1; i <= n; ++i)
                           s += QString(i % 40 + 1, u'`') + u'a';
                       return markdown(s);
                   }),
                   100});
    shapes.append({u"nested quotes"_s, Shape([](int n) {
                       QString s;
                       for (int i = 0; i < n; ++i)
                           s += QString(i % 60 + 1, u'>') + u" q\n";
                       return markdown(s);
                   }),
                   40});
    shapes.append({u"nested lists"_s, Shape([](int n) {
                       QString s;
                       for (int i = 0; i < n; ++i)
                           s += QString(2 * (i % 30), u' ') + u"- item\n";
                       return markdown(s);
                   }),
                   60});
    shapes.append({u"table"_s, Shape([](int n) {
                       QString s = u"| a | b | c |\n|---|---|---|\n"_s;
                       for (int i = 0; i < n; ++i)
                           s += u"| 1 | **2** | `3` |\n"_s;
                       return markdown(s);
                   }),
                   60});
    shapes.append({u"one long line"_s, text(u"长文本 word "_s), 300});
    shapes.append({u"many lines"_s, text(u"行\n"_s), 500});
    shapes.append({u"faces"_s, Shape([](int n) {
                       QJsonArray a;
                       for (int i = 0; i < n; ++i)
                           a.append(segment(u"face"_s, u"face"_s, u"滑稽"_s));
                       return a;
                   }),
                   200});
    shapes.append({u"faces in Markdown"_s, Shape([](int n) {
                       QJsonArray a{QJsonObject{{u"type"_s, u"markdown"_s}}};
                       for (int i = 0; i < n; ++i) {
                           a.append(segment(u"face"_s, u"face"_s, u"滑稽"_s));
                           a.append(segment(u"text"_s, u"value"_s, u"*x "_s));
                       }
                       return a;
                   }),
                   100});
    shapes.append({u"UBB tags"_s, Shape([](int n) {
                       QJsonArray a;
                       for (int i = 0; i < n; ++i) {
                           a.append(segment(u"layout"_s, u"tag"_s, i % 2 ? u"/b"_s : u"b"_s));
                           a.append(segment(u"style"_s, u"tag"_s, u"color"_s));
                           a.append(segment(u"text"_s, u"value"_s, u"x  y"_s));
                       }
                       return a;
                   }),
                   100});
    shapes.append({u"links"_s, Shape([](int n) {
                       QJsonArray a;
                       for (int i = 0; i < n; ++i)
                           a.append(QJsonObject{{u"type"_s, u"url"_s}, {u"url"_s, u"https://example.com/%1"_s.arg(i)}});
                       return a;
                   }),
                   100});
    return shapes;
}

} // namespace rendershapes
