// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>
#include <vector>

namespace content::json {

class Tree;

/// A read-only view of one value in a Tree, with the subset of QJsonValue's interface the renderer uses. A missing
/// member, or toObject()/toArray() of the wrong type, gives an undefined value (empty, no members), as QJsonValue's
/// accessors do. Valid while its Tree lives (and is not moved).
class Value
{
public:
    enum class Type : quint8 { Undefined, Null, Bool, Number, String, Array, Object };

    Value() = default;

    Type type() const;
    bool isUndefined() const { return type() == Type::Undefined; }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isDouble() const { return type() == Type::Number; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    bool toBool() const;
    double toDouble() const;
    /// The text of a string value; empty for anything else.
    QStringView stringView() const;
    QString toString() const { return stringView().toString(); }

    /// This value if it is an object (toObject) or an array (toArray), else an undefined one.
    Value toObject() const { return isObject() ? *this : Value(); }
    Value toArray() const { return isArray() ? *this : Value(); }

    /// An object's member; undefined when absent or when this is not an object.
    Value value(QLatin1StringView key) const;
    bool contains(QLatin1StringView key) const { return !value(key).isUndefined(); }
    /// Members of an object or elements of an array (0 for anything else).
    qsizetype size() const;
    bool isEmpty() const { return size() == 0; }

    /// The elements of an array, in order (nothing for anything else).
    class Iterator
    {
    public:
        Value operator*() const { return Value(m_tree, m_index); }
        Iterator& operator++();
        bool operator!=(const Iterator& other) const { return m_left != other.m_left; }

    private:
        friend class Value;
        Iterator(const Tree* tree, quint32 index, quint32 left)
            : m_tree(tree)
            , m_index(index)
            , m_left(left)
        {
        }
        const Tree* m_tree;
        quint32 m_index;
        quint32 m_left;
    };
    Iterator begin() const;
    Iterator end() const;

    /// The same value as a QJsonValue (for tests, and for comparing with QJsonDocument's parse).
    QJsonValue toQJsonValue() const;

private:
    friend class Tree;
    Value(const Tree* tree, quint32 index)
        : m_tree(tree)
        , m_index(index)
    {
    }
    const Tree* m_tree = nullptr;
    quint32 m_index = 0;
};

/// A parsed JSON text: the segment arrays of message content (spec §6.1), read once per message. parse() is a small
/// strict reader over the UTF-16 text (no conversion to UTF-8, strings without escapes stay views of the source);
/// for anything outside the plain shapes the forum sends (fractions, exponents, integers beyond 2^53, \u escapes
/// of surrogates or NUL, lone surrogates, duplicate or very many members, deep nesting, any syntax error) it gives
/// nullopt, and the caller takes QJsonDocument's answer instead (fromQJson), so results are the same either way.
class Tree
{
public:
    /// Strict parse of `json`, which must outlive the tree. nullopt: use QJsonDocument (see the class comment).
    static std::optional<Tree> parse(QStringView json);
    /// A copy of a QJsonValue (strings copied, object members in QJsonObject's order).
    static Tree fromQJson(const QJsonValue& value);

    Tree(Tree&&) = default;
    Tree& operator=(Tree&&) = default;

    Value root() const { return Value(this, m_root); }
    /// Makes the root an array of one element, the old root (content given as a single segment object).
    void wrapRootInArray();

private:
    friend class Value;
    friend class Parser;
    Tree() = default;

    enum Flag : quint8 {
        KeyOwned = 1,  ///< the member's key is in m_strings (decoded or copied), else in m_source
        TextOwned = 2, ///< the same for a string's text
        True = 4,      ///< a Bool that is true
    };
    /// 24 bytes per value: containers use (a, b) as (first child, count), strings as (offset, length), numbers a as
    /// an index into m_numbers.
    struct Node
    {
        Value::Type type = Value::Type::Undefined;
        quint8 flags = 0;
        quint32 next = 0; ///< next sibling (0: none; the root is never a sibling)
        quint32 keyOffset = 0;
        quint32 keyLength = 0;
        quint32 a = 0;
        quint32 b = 0;
    };

    QStringView text(quint32 offset, quint32 length, bool owned) const
    {
        return (owned ? QStringView(m_strings) : m_source).mid(offset, length);
    }
    /// Links `child` after `last` (or as the first child of `parent`), and makes it the last.
    void appendChild(quint32 parent, quint32& last, quint32 child);
    /// Copies `text` into m_strings; returns its offset.
    quint32 own(QStringView text);
    /// Deeper than the reader's own limit becomes null: the recursion stays bounded whatever QJsonDocument took.
    quint32 addFromQJson(const QJsonValue& value, int depth = 0);

    QStringView m_source;
    QString m_strings;
    std::vector<Node> m_nodes;
    std::vector<double> m_numbers;
    quint32 m_root = 0;
};

} // namespace content::json
