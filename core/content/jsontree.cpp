// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/content/jsontree.h"

#include <QJsonArray>
#include <QJsonObject>

namespace content::json {

namespace {

constexpr int maxDepth = 64;         // QJsonDocument allows 1024; deeper texts take its path
constexpr quint32 maxMembers = 64;   // per object: keeps the duplicate check cheap; larger ones take Qt's path
constexpr int maxIntegerDigits = 15; // below 2^53: exact as a double, as QJsonValue::toDouble() gives it

bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

/// What a one-letter escape stands for (\" \\ \/ \b \f \n \r \t), or 0.
char16_t simpleEscape(char16_t letter)
{
    static constexpr char16_t pairs[][2] = {{u'"', u'"'},  {u'\\', u'\\'}, {u'/', u'/'},  {u'b', u'\b'},
                                            {u'f', u'\f'}, {u'n', u'\n'},  {u'r', u'\r'}, {u't', u'\t'}};
    for (const auto& pair : pairs) {
        if (pair[0] == letter)
            return pair[1];
    }
    return 0;
}

} // namespace

/// Recursive descent over UTF-16 with a depth limit; false for anything it leaves to QJsonDocument.
class Parser
{
public:
    Parser(QStringView json, Tree& tree)
        : m_p(json.utf16())
        , m_begin(json.utf16())
        , m_end(json.utf16() + json.size())
        , m_tree(tree)
    {
    }

    bool run()
    {
        skipSpace();
        quint32 root = 0;
        // A segment array, or one segment: QJsonDocument reads nothing else either.
        if (m_p >= m_end || (*m_p != u'[' && *m_p != u'{') || !value(0, root))
            return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }

    bool literal(QStringView word)
    {
        if (m_end - m_p < word.size() || QStringView(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        return true;
    }

    quint32 newNode(Value::Type type)
    {
        m_tree.m_nodes.push_back({});
        m_tree.m_nodes.back().type = type;
        return quint32(m_tree.m_nodes.size() - 1);
    }

    bool value(int depth, quint32& index)
    {
        if (m_p >= m_end)
            return false;
        switch (*m_p) {
        case u'{':
            return object(depth + 1, index);
        case u'[':
            return array(depth + 1, index);
        case u'"': {
            index = newNode(Value::Type::String);
            quint32 offset = 0;
            quint32 length = 0;
            bool owned = false;
            if (!string(offset, length, owned))
                return false;
            Tree::Node& node = m_tree.m_nodes[index];
            node.a = offset;
            node.b = length;
            node.flags = owned ? Tree::TextOwned : 0;
            return true;
        }
        case u't':
            index = newNode(Value::Type::Bool);
            m_tree.m_nodes[index].flags = Tree::True;
            return literal(u"true");
        case u'f':
            index = newNode(Value::Type::Bool);
            return literal(u"false");
        case u'n':
            index = newNode(Value::Type::Null);
            return literal(u"null");
        default:
            index = newNode(Value::Type::Number);
            return number(index);
        }
    }

    // Integers of up to 15 digits only: fractions, exponents and larger numbers take QJsonDocument's path.
    bool number(quint32 index)
    {
        bool negative = false;
        if (m_p < m_end && *m_p == u'-') {
            negative = true;
            ++m_p;
        }
        if (m_p >= m_end || *m_p < u'0' || *m_p > u'9')
            return false;
        qint64 n = 0;
        int digits = 0;
        if (*m_p == u'0') {
            ++m_p;
            digits = 1;
        } else {
            while (m_p < m_end && *m_p >= u'0' && *m_p <= u'9') {
                if (++digits > maxIntegerDigits)
                    return false;
                n = n * 10 + (*m_p - u'0');
                ++m_p;
            }
        }
        if (m_p < m_end && ((*m_p >= u'0' && *m_p <= u'9') || *m_p == u'.' || *m_p == u'e' || *m_p == u'E'))
            return false;
        m_tree.m_nodes[index].a = quint32(m_tree.m_numbers.size());
        m_tree.m_numbers.push_back(double(negative ? -n : n));
        return true;
    }

    // At the opening quote. A string without escapes is a view of the source; one with escapes is decoded into the
    // tree's string buffer.
    bool string(quint32& offset, quint32& length, bool& owned)
    {
        ++m_p;
        const char16_t* start = m_p;
        QString* out = nullptr;
        qsizetype outStart = 0;
        const char16_t* run = m_p; // not yet copied (when decoding)
        while (m_p < m_end) {
            const char16_t c = *m_p;
            if (c == u'"') {
                if (!out) {
                    offset = quint32(start - m_begin);
                    length = quint32(m_p - start);
                    owned = false;
                } else {
                    out->append(QStringView(run, m_p - run));
                    offset = quint32(outStart);
                    length = quint32(out->size() - outStart);
                    owned = true;
                }
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c >= 0xD800 && c <= 0xDFFF) {
                // A pair is copied as it is; a lone surrogate takes QJsonDocument's path (it sees UTF-8 of it).
                if (c >= 0xDC00 || m_end - m_p < 2 || m_p[1] < 0xDC00 || m_p[1] > 0xDFFF)
                    return false;
                m_p += 2;
                continue;
            }
            if (c != u'\\') {
                ++m_p;
                continue;
            }
            if (!out) {
                out = &m_tree.m_strings;
                outStart = out->size();
            }
            out->append(QStringView(run, m_p - run));
            if (m_end - m_p < 2)
                return false;
            const char16_t e = m_p[1];
            m_p += 2;
            if (const char16_t plain = simpleEscape(e)) {
                out->append(QChar(plain));
                run = m_p;
                continue;
            }
            if (e != u'u' || m_end - m_p < 4)
                return false;
            int code = 0;
            for (int i = 0; i < 4; ++i) {
                const int h = hexValue(m_p[i]);
                if (h < 0)
                    return false;
                code = code * 16 + h;
            }
            if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
                return false; // NUL and surrogates (paired or not): QJsonDocument's path
            out->append(QChar(char16_t(code)));
            m_p += 4;
            run = m_p;
        }
        return false;
    }

    // At '[' or '{': the elements or members up to `close`, each read by `item`.
    template<typename Item>
    bool container(int depth, quint32& index, Value::Type type, char16_t close, Item item)
    {
        if (depth > maxDepth)
            return false;
        index = newNode(type);
        ++m_p;
        skipSpace();
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return true;
        }
        quint32 last = 0;
        while (true) {
            quint32 child = 0;
            if (!item(child))
                return false;
            m_tree.appendChild(index, last, child);
            skipSpace();
            if (m_p >= m_end)
                return false;
            if (*m_p == close) {
                ++m_p;
                return true;
            }
            if (*m_p != u',')
                return false;
            ++m_p;
            skipSpace();
        }
    }

    bool array(int depth, quint32& index)
    {
        return container(depth, index, Value::Type::Array, u']', [&](quint32& child) { return value(depth, child); });
    }

    bool object(int depth, quint32& index)
    {
        return container(depth, index, Value::Type::Object, u'}',
                         [&](quint32& child) { return member(depth, index, child); });
    }

    // One "key": value of the object `parent`.
    bool member(int depth, quint32 parent, quint32& child)
    {
        if (m_p >= m_end || *m_p != u'"')
            return false;
        quint32 keyOffset = 0;
        quint32 keyLength = 0;
        bool keyOwned = false;
        if (!string(keyOffset, keyLength, keyOwned))
            return false;
        const QStringView key = m_tree.text(keyOffset, keyLength, keyOwned);
        // A repeated key: QJsonDocument decides which one counts.
        const Tree::Node& self = m_tree.m_nodes[parent];
        for (quint32 i = 0, k = self.a; i < self.b; ++i, k = m_tree.m_nodes[k].next) {
            const Tree::Node& other = m_tree.m_nodes[k];
            if (m_tree.text(other.keyOffset, other.keyLength, other.flags & Tree::KeyOwned) == key)
                return false;
        }
        if (self.b >= maxMembers)
            return false;
        skipSpace();
        if (m_p >= m_end || *m_p != u':')
            return false;
        ++m_p;
        skipSpace();
        if (!value(depth, child))
            return false;
        Tree::Node& node = m_tree.m_nodes[child];
        node.keyOffset = keyOffset;
        node.keyLength = keyLength;
        if (keyOwned)
            node.flags |= Tree::KeyOwned;
        return true;
    }

    const char16_t* m_p;
    const char16_t* m_begin;
    const char16_t* m_end;
    Tree& m_tree;
};

std::optional<Tree> Tree::parse(QStringView json)
{
    if (json.size() >= qsizetype(std::numeric_limits<quint32>::max()))
        return std::nullopt;
    Tree tree;
    tree.m_source = json;
    tree.m_nodes.reserve(std::size_t(std::min<qsizetype>(json.size() / 16 + 4, 4096)));
    if (!Parser(json, tree).run())
        return std::nullopt;
    return tree;
}

Tree Tree::fromQJson(const QJsonValue& value)
{
    Tree tree;
    tree.m_root = tree.addFromQJson(value);
    return tree;
}

void Tree::wrapRootInArray()
{
    Node wrapper;
    wrapper.type = Value::Type::Array;
    wrapper.a = m_root;
    wrapper.b = 1;
    m_nodes.push_back(wrapper);
    m_root = quint32(m_nodes.size() - 1);
}

void Tree::appendChild(quint32 parent, quint32& last, quint32 child)
{
    Node& p = m_nodes[parent];
    if (p.b == 0)
        p.a = child;
    else
        m_nodes[last].next = child;
    last = child;
    ++p.b;
}

quint32 Tree::own(QStringView text)
{
    const qsizetype offset = m_strings.size();
    m_strings.append(text);
    return quint32(offset);
}

quint32 Tree::addFromQJson(const QJsonValue& value, int depth)
{
    const auto add = [this](Value::Type type) {
        m_nodes.push_back({});
        m_nodes.back().type = type;
        return quint32(m_nodes.size() - 1);
    };
    if (depth > maxDepth && (value.isArray() || value.isObject()))
        return add(Value::Type::Null);
    switch (value.type()) {
    case QJsonValue::Null:
        return add(Value::Type::Null);
    case QJsonValue::Bool: {
        const quint32 index = add(Value::Type::Bool);
        m_nodes[index].flags = value.toBool() ? True : 0;
        return index;
    }
    case QJsonValue::Double: {
        const quint32 index = add(Value::Type::Number);
        m_nodes[index].a = quint32(m_numbers.size());
        m_numbers.push_back(value.toDouble());
        return index;
    }
    case QJsonValue::String: {
        const quint32 index = add(Value::Type::String);
        const QString text = value.toString();
        m_nodes[index].a = own(text);
        m_nodes[index].b = quint32(text.size());
        m_nodes[index].flags = TextOwned;
        return index;
    }
    case QJsonValue::Array: {
        const quint32 index = add(Value::Type::Array);
        quint32 last = 0;
        const QJsonArray array = value.toArray();
        for (const QJsonValue& item : array) {
            appendChild(index, last, addFromQJson(item, depth + 1));
        }
        return index;
    }
    case QJsonValue::Object: {
        const quint32 index = add(Value::Type::Object);
        quint32 last = 0;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const quint32 child = addFromQJson(it.value(), depth + 1);
            const QString key = it.key();
            m_nodes[child].keyOffset = own(key);
            m_nodes[child].keyLength = quint32(key.size());
            m_nodes[child].flags |= KeyOwned;
            appendChild(index, last, child);
        }
        return index;
    }
    case QJsonValue::Undefined:
        break;
    }
    return add(Value::Type::Undefined);
}

Value::Type Value::type() const
{
    return m_tree ? m_tree->m_nodes[m_index].type : Type::Undefined;
}

bool Value::toBool() const
{
    return isBool() && (m_tree->m_nodes[m_index].flags & Tree::True);
}

double Value::toDouble() const
{
    return isDouble() ? m_tree->m_numbers[m_tree->m_nodes[m_index].a] : 0.0;
}

QStringView Value::stringView() const
{
    if (!isString())
        return {};
    const Tree::Node& node = m_tree->m_nodes[m_index];
    return m_tree->text(node.a, node.b, node.flags & Tree::TextOwned);
}

Value Value::value(QLatin1StringView key) const
{
    if (!isObject())
        return {};
    const Tree::Node& self = m_tree->m_nodes[m_index];
    for (quint32 i = 0, k = self.a; i < self.b; ++i) {
        const Tree::Node& member = m_tree->m_nodes[k];
        if (m_tree->text(member.keyOffset, member.keyLength, member.flags & Tree::KeyOwned) == key)
            return Value(m_tree, k);
        k = member.next;
    }
    return {};
}

qsizetype Value::size() const
{
    return isArray() || isObject() ? qsizetype(m_tree->m_nodes[m_index].b) : 0;
}

Value::Iterator& Value::Iterator::operator++()
{
    m_index = m_tree->m_nodes[m_index].next;
    --m_left;
    return *this;
}

Value::Iterator Value::begin() const
{
    if (!isArray())
        return end();
    const Tree::Node& self = m_tree->m_nodes[m_index];
    return Iterator(m_tree, self.a, self.b);
}

Value::Iterator Value::end() const
{
    return Iterator(m_tree, 0, 0);
}

QJsonValue Value::toQJsonValue() const
{
    switch (type()) {
    case Type::Undefined:
        return QJsonValue(QJsonValue::Undefined);
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return toBool();
    case Type::Number: {
        const double d = toDouble();
        if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == double(qint64(d)))
            return qint64(d);
        return d;
    }
    case Type::String:
        return toString();
    case Type::Array: {
        QJsonArray array;
        for (const Value item : *this)
            array.append(item.toQJsonValue());
        return array;
    }
    case Type::Object: {
        QJsonObject object;
        const Tree::Node& self = m_tree->m_nodes[m_index];
        for (quint32 i = 0, k = self.a; i < self.b; ++i) {
            const Tree::Node& member = m_tree->m_nodes[k];
            object.insert(m_tree->text(member.keyOffset, member.keyLength, member.flags & Tree::KeyOwned),
                          Value(m_tree, k).toQJsonValue());
            k = member.next;
        }
        return object;
    }
    }
    return {};
}

} // namespace content::json
