#include "advisor/PromptTemplate.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <variant>
#include <vector>

#include <QStringList>
#include <QVariantHash>
#include <QVariantList>

namespace
{
struct Position
{
    int line = 1;
    int column = 1;
};

QString toText(Position position)
{
    return QStringLiteral("%1:%2").arg(position.line).arg(position.column);
}

struct Failure
{
    Position position;
    QString message;
};

// Python's str.isspace(), which Jinja's whitespace control uses: Qt's spaces and the four ASCII separators.
bool isWhitespace(QChar character)
{
    return character.isSpace() || (character.unicode() >= 0x1c && character.unicode() <= 0x1f);
}

bool isAsciiDigit(QChar character)
{
    return character >= u'0' && character <= u'9';
}

bool isHexadecimalDigit(QChar character)
{
    return isAsciiDigit(character) || (character >= u'a' && character <= u'f')
        || (character >= u'A' && character <= u'F');
}

bool startsPair(const QString& text, qsizetype index)
{
    return text.at(index).isHighSurrogate() && index + 1 < text.size() && text.at(index + 1).isLowSurrogate();
}

// Characters as Python counts them: a surrogate pair is one.
qsizetype characterCount(const QString& text)
{
    qsizetype count = 0;
    for (qsizetype index = 0; index < text.size(); index += startsPair(text, index) ? 2 : 1) {
        ++count;
    }
    return count;
}

QVariantList charactersOf(const QString& text)
{
    QVariantList characters;
    for (qsizetype index = 0; index < text.size();) {
        const qsizetype length = startsPair(text, index) ? 2 : 1;
        characters.append(text.mid(index, length));
        index += length;
    }
    return characters;
}

enum class Side { Start, End, Both };

// Python's str.strip() family: whitespace, or any of characters when given.
QString stripped(const QString& text, Side side, const std::optional<QString>& characters = std::nullopt)
{
    const auto strips = [&characters](QChar character) {
        return characters ? characters->contains(character) : isWhitespace(character);
    };
    qsizetype first = 0;
    qsizetype last = text.size();
    while (side != Side::End && first < last && strips(text.at(first))) {
        ++first;
    }
    while (side != Side::Start && last > first && strips(text.at(last - 1))) {
        --last;
    }
    return text.mid(first, last - first);
}

QString describeCharacter(QChar character)
{
    if (character.isPrint()) {
        return QStringLiteral("'%1'").arg(character);
    }
    return QStringLiteral("U+%1").arg(character.unicode(), 4, 16, QLatin1Char('0')).toUpper();
}

// Values

// A value as Jinja sees it: a QVariant from the context or the template, or undefined (a missing variable or
// attribute), which prints as nothing and is false.
struct Value
{
    QVariant variant;
    bool defined = true;
    // How the template reached it ("a.b"), for the error when an attribute of it is read while it is undefined.
    QString name;
};

Value undefinedValue(const QString& name)
{
    return Value{QVariant(), false, name};
}

enum class Type { Undefined, None, Boolean, Integer, Real, String, List, Map };

Type typeOf(const QVariant& variant)
{
    switch (variant.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return Type::None;
    case QMetaType::Bool:
        return Type::Boolean;
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return Type::Integer;
    case QMetaType::Float:
    case QMetaType::Double:
        return Type::Real;
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return Type::List;
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        return Type::Map;
    default:
        // Strings, and whatever else QVariant can give as a string (dates, URLs).
        return Type::String;
    }
}

Type typeOf(const Value& value)
{
    return value.defined ? typeOf(value.variant) : Type::Undefined;
}

QString describeType(Type type)
{
    switch (type) {
    case Type::Undefined:
        return QStringLiteral("an undefined value");
    case Type::None:
        return QStringLiteral("none");
    case Type::Boolean:
        return QStringLiteral("a boolean");
    case Type::Integer:
        return QStringLiteral("an integer");
    case Type::Real:
        return QStringLiteral("a number");
    case Type::String:
        return QStringLiteral("a string");
    case Type::List:
        return QStringLiteral("a list");
    case Type::Map:
        return QStringLiteral("a map");
    }
    return QString();
}

QVariantMap mapOf(const QVariant& variant)
{
    if (variant.typeId() != QMetaType::QVariantHash) {
        return variant.toMap();
    }
    const QVariantHash hash = variant.toHash();
    QVariantMap map;
    for (auto entry = hash.cbegin(); entry != hash.cend(); ++entry) {
        map.insert(entry.key(), entry.value());
    }
    return map;
}

// The size a value's text or items make, for the render budget.
qint64 costOf(const Value& value)
{
    switch (typeOf(value)) {
    case Type::String:
        return value.variant.toString().size();
    case Type::List:
        return value.variant.toList().size();
    case Type::Map:
        return mapOf(value.variant).size();
    default:
        return 1;
    }
}

// Python's truth: empty strings, lists and maps, zero, false, none and undefined are false.
bool isTrue(const Value& value)
{
    switch (typeOf(value)) {
    case Type::Undefined:
    case Type::None:
        return false;
    case Type::Boolean:
        return value.variant.toBool();
    case Type::Integer:
        return value.variant.toLongLong() != 0;
    case Type::Real:
        return value.variant.toDouble() != 0.0;
    case Type::String:
    case Type::List:
    case Type::Map:
        return costOf(value) > 0;
    }
    return false;
}

// Python's repr of a float, which Jinja prints: the shortest digits that read back the same, positional from 1e-4
// up to 1e16 (with ".0" when whole) and scientific beyond.
QString pythonFloat(double number)
{
    if (std::isnan(number)) {
        return QStringLiteral("nan");
    }
    if (std::isinf(number)) {
        return number < 0 ? QStringLiteral("-inf") : QStringLiteral("inf");
    }
    const QString scientific = QString::number(number, 'e', QLocale::FloatingPointShortest);
    const qsizetype exponentAt = scientific.indexOf(u'e');
    const int exponent = scientific.mid(exponentAt + 1).toInt();
    QString digits = scientific.left(exponentAt);
    // signbit(), as number() drops the sign of -0.0.
    const bool negative = std::signbit(number);
    digits.remove(u'-').remove(u'.');
    QString text;
    if (exponent < -4 || exponent >= 16) {
        text = digits.left(1) + (digits.size() > 1 ? u'.' + digits.mid(1) : QString())
            + QStringLiteral("e%1%2")
                  .arg(QChar(exponent < 0 ? u'-' : u'+'))
                  .arg(std::abs(exponent), 2, 10, QLatin1Char('0'));
    } else if (exponent < 0) {
        text = QStringLiteral("0.") + QString(-exponent - 1, u'0') + digits;
    } else {
        digits = digits.leftJustified(exponent + 1, u'0');
        const QString fraction = digits.mid(exponent + 1);
        text = digits.left(exponent + 1) + u'.' + (fraction.isEmpty() ? QStringLiteral("0") : fraction);
    }
    return negative ? u'-' + text : text;
}

// Python's str.isprintable() for one character: not a control, format, unassigned or separator character, bar the
// space.
bool isPrintable(uint codePoint)
{
    if (codePoint == u' ') {
        return true;
    }
    switch (QChar::category(char32_t(codePoint))) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

// Python's repr of a string, which Jinja prints for the strings inside a list or a map.
QString pythonString(const QString& text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString quoted = quote;
    for (const uint codePoint : text.toUcs4()) {
        if (codePoint == quote.unicode() || codePoint == u'\\') {
            quoted += u'\\';
            quoted += QChar(codePoint);
        } else if (codePoint == u'\n') {
            quoted += QStringLiteral("\\n");
        } else if (codePoint == u'\r') {
            quoted += QStringLiteral("\\r");
        } else if (codePoint == u'\t') {
            quoted += QStringLiteral("\\t");
        } else if (isPrintable(codePoint)) {
            const char32_t character = codePoint;
            quoted += QString::fromUcs4(&character, 1);
        } else if (codePoint < 0x100) {
            quoted += QStringLiteral("\\x%1").arg(codePoint, 2, 16, QLatin1Char('0'));
        } else if (codePoint < 0x10000) {
            quoted += QStringLiteral("\\u%1").arg(codePoint, 4, 16, QLatin1Char('0'));
        } else {
            quoted += QStringLiteral("\\U%1").arg(codePoint, 8, 16, QLatin1Char('0'));
        }
    }
    return quoted + quote;
}

QString textOf(const QVariant& variant);

QString representationOf(const QVariant& variant)
{
    return typeOf(variant) == Type::String ? pythonString(variant.toString()) : textOf(variant);
}

// Python's str(), which Jinja prints: True and False, None, lists and maps as Python writes them.
QString textOf(const QVariant& variant)
{
    switch (typeOf(variant)) {
    case Type::None:
        return QStringLiteral("None");
    case Type::Boolean:
        return variant.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case Type::Real:
        return pythonFloat(variant.toDouble());
    case Type::List: {
        QStringList items;
        for (const QVariant& item : variant.toList()) {
            items.append(representationOf(item));
        }
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    case Type::Map: {
        QStringList entries;
        const QVariantMap map = mapOf(variant);
        for (auto entry = map.cbegin(); entry != map.cend(); ++entry) {
            entries.append(pythonString(entry.key()) + QStringLiteral(": ") + representationOf(entry.value()));
        }
        return u'{' + entries.join(QStringLiteral(", ")) + u'}';
    }
    default:
        return variant.toString();
    }
}

QString textOf(const Value& value)
{
    return value.defined ? textOf(value.variant) : QString();
}

bool isNumber(Type type)
{
    return type == Type::Boolean || type == Type::Integer || type == Type::Real;
}

// Python's ==: numbers (booleans among them) by value, strings, lists and maps by content, nothing else across types.
bool equals(const QVariant& left, const QVariant& right)
{
    const Type leftType = typeOf(left);
    const Type rightType = typeOf(right);
    if (isNumber(leftType) && isNumber(rightType)) {
        if (leftType == Type::Real || rightType == Type::Real) {
            return left.toDouble() == right.toDouble();
        }
        return left.toLongLong() == right.toLongLong();
    }
    if (leftType != rightType) {
        return false;
    }
    switch (leftType) {
    case Type::String:
        return left.toString() == right.toString();
    case Type::List: {
        const QVariantList leftItems = left.toList();
        const QVariantList rightItems = right.toList();
        return std::equal(
            leftItems.cbegin(), leftItems.cend(), rightItems.cbegin(), rightItems.cend(),
            [](const QVariant& leftItem, const QVariant& rightItem) { return equals(leftItem, rightItem); });
    }
    case Type::Map: {
        const QVariantMap leftMap = mapOf(left);
        const QVariantMap rightMap = mapOf(right);
        if (leftMap.size() != rightMap.size()) {
            return false;
        }
        for (auto entry = leftMap.cbegin(); entry != leftMap.cend(); ++entry) {
            const auto other = rightMap.constFind(entry.key());
            if (other == rightMap.cend() || !equals(entry.value(), other.value())) {
                return false;
            }
        }
        return true;
    }
    default:
        // None is none.
        return true;
    }
}

bool equals(const Value& left, const Value& right)
{
    // Jinja's Undefined equals another undefined and nothing else.
    if (!left.defined || !right.defined) {
        return left.defined == right.defined;
    }
    return equals(left.variant, right.variant);
}

// Reading the template: pieces of text and tags

struct Token
{
    enum class Type { Name, Integer, String, Symbol, End };

    Type type = Type::End;
    // The name, the string's value, the symbol or the digits; for End, the closing delimiter as written.
    QString text;
    qint64 integer = 0;
    Position position;
};

QString describe(const Token& token)
{
    return token.type == Token::Type::String ? QStringLiteral("a string") : u'\'' + token.text + u'\'';
}

// Text, an output tag ({{ }}) or a statement tag ({% %}), whose tokens end with an End token; comments are dropped.
struct Piece
{
    enum class Type { Text, Output, Statement };

    Type type = Type::Text;
    QString text;
    std::vector<Token> tokens;
    // Where the text or the tag's opening delimiter is.
    Position position;
};

// Jinja reads "\r\n" and "\r" as "\n" and, keep_trailing_newline being off, drops one final newline.
QString normalizedSource(const QString& text)
{
    QString source = text;
    source.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    if (source.endsWith(u'\n')) {
        source.chop(1);
    }
    return source;
}

// Turns offsets into 1-based lines and columns, a surrogate pair being one column. Offsets must not decrease, as they
// do not while the lexer reads forward.
class Locator
{
public:
    explicit Locator(const QString& source)
        : m_source(source)
    { }

    Position at(qsizetype offset)
    {
        for (; m_offset < offset; ++m_offset) {
            const QChar character = m_source.at(m_offset);
            if (character == u'\n') {
                ++m_position.line;
                m_position.column = 1;
            } else if (!character.isLowSurrogate()) {
                ++m_position.column;
            }
        }
        return m_position;
    }

private:
    const QString& m_source;
    qsizetype m_offset = 0;
    Position m_position;
};

// Splits the template into pieces as Jinja's lexer does, applying the whitespace control on the way. It reads
// forward only, a character at a time within tags, so it ends on any input in time linear in its length.
class Lexer
{
public:
    explicit Lexer(const QString& source)
        : m_source(source)
        , m_locator(source)
    { }

    bool read()
    {
        bool stripNextText = false;
        qsizetype textStart = 0;
        while (true) {
            const qsizetype open = nextTagStart(textStart);
            const QChar marker = open >= 0 && open + 2 < m_source.size() ? m_source.at(open + 2) : QChar();
            const bool hasMarker = marker == u'-' || marker == u'+';
            QString text = m_source.mid(textStart, (open >= 0 ? open : m_source.size()) - textStart);
            if (stripNextText) {
                text = stripped(text, Side::Start);
            }
            if (marker == u'-') {
                text = stripped(text, Side::End);
            }
            if (!text.isEmpty()) {
                m_pieces.push_back(Piece{Piece::Type::Text, text, {}, m_locator.at(textStart)});
            }
            if (open < 0) {
                m_end = m_locator.at(m_source.size());
                return true;
            }
            m_offset = open + (hasMarker ? 3 : 2);
            const QChar kind = m_source.at(open + 1);
            if (kind == u'#'
                    ? !readComment(open, &stripNextText)
                    : !readTag(kind == u'{' ? Piece::Type::Output : Piece::Type::Statement, open, &stripNextText)) {
                return false;
            }
            textStart = m_offset;
        }
    }

    std::vector<Piece> takePieces()
    {
        return std::move(m_pieces);
    }

    Position end() const
    {
        return m_end;
    }

    const Failure& failure() const
    {
        return m_failure;
    }

private:
    qsizetype nextTagStart(qsizetype from) const
    {
        for (qsizetype brace = m_source.indexOf(u'{', from); brace >= 0 && brace + 1 < m_source.size();
             brace = m_source.indexOf(u'{', brace + 1)) {
            const QChar next = m_source.at(brace + 1);
            if (next == u'{' || next == u'%' || next == u'#') {
                return brace;
            }
        }
        return -1;
    }

    bool readComment(qsizetype open, bool* stripNextText)
    {
        const qsizetype close = m_source.indexOf(QStringLiteral("#}"), m_offset);
        if (close < 0) {
            return failUnclosed(m_locator.at(open), QStringLiteral("{#"));
        }
        // "-#}" strips, but not the '-' of "{#-" right before "#}".
        *stripNextText = close > m_offset && m_source.at(close - 1) == u'-';
        m_offset = close + 2;
        return true;
    }

    bool readTag(Piece::Type type, qsizetype open, bool* stripNextText)
    {
        const bool isOutput = type == Piece::Type::Output;
        const QString opening = isOutput ? QStringLiteral("{{") : QStringLiteral("{%");
        const QString closing = isOutput ? QStringLiteral("}}") : QStringLiteral("%}");
        const QString otherClosing = isOutput ? QStringLiteral("%}") : QStringLiteral("}}");
        Piece piece{type, QString(), {}, m_locator.at(open)};
        while (true) {
            while (m_offset < m_source.size() && isWhitespace(m_source.at(m_offset))) {
                ++m_offset;
            }
            if (m_offset >= m_source.size()) {
                return failUnclosed(piece.position, opening);
            }
            const QStringView rest = QStringView(m_source).mid(m_offset);
            qsizetype closingLength = 0;
            const bool strips = rest.startsWith(u'-' + closing);
            if (strips || (!isOutput && rest.startsWith(u'+' + closing))) {
                closingLength = 3;
            } else if (rest.startsWith(closing)) {
                closingLength = 2;
            } else if (rest.startsWith(otherClosing)) {
                return fail(m_offset,
                            QStringLiteral("'%1' opened at %2 is closed with '%3'; expected '%4'")
                                .arg(opening, toText(piece.position), otherClosing, closing));
            }
            if (closingLength > 0) {
                *stripNextText = strips;
                piece.tokens.push_back(
                    Token{Token::Type::End, rest.left(closingLength).toString(), 0, m_locator.at(m_offset)});
                m_offset += closingLength;
                m_pieces.push_back(std::move(piece));
                return true;
            }
            Token token;
            if (!readToken(&token)) {
                return false;
            }
            piece.tokens.push_back(std::move(token));
        }
    }

    bool readToken(Token* token)
    {
        const qsizetype start = m_offset;
        const QChar first = m_source.at(start);
        token->position = m_locator.at(start);
        if (first.isLetter() || first == u'_') {
            while (m_offset < m_source.size()
                   && (m_source.at(m_offset).isLetterOrNumber() || m_source.at(m_offset) == u'_'
                       || m_source.at(m_offset).isMark())) {
                ++m_offset;
            }
            token->type = Token::Type::Name;
        } else if (isAsciiDigit(first)) {
            while (m_offset < m_source.size() && isAsciiDigit(m_source.at(m_offset))) {
                ++m_offset;
            }
            token->type = Token::Type::Integer;
            bool isInRange = false;
            token->integer = QStringView(m_source).mid(start, m_offset - start).toLongLong(&isInRange);
            if (!isInRange) {
                return fail(start, QStringLiteral("the integer is too large"));
            }
        } else if (first == u'\'' || first == u'"') {
            token->type = Token::Type::String;
            return readString(token);
        } else {
            const QStringView rest = QStringView(m_source).mid(start);
            if (rest.startsWith(u"==") || rest.startsWith(u"!=")) {
                m_offset += 2;
            } else if (first.unicode() < 0x80 && first.isPrint()) {
                ++m_offset;
            } else {
                return fail(start, QStringLiteral("unexpected character %1").arg(describeCharacter(first)));
            }
            token->type = Token::Type::Symbol;
        }
        token->text = m_source.mid(start, m_offset - start);
        return true;
    }

    // Python's escapes, which Jinja decodes; unknown ones stay as written.
    bool readString(Token* token)
    {
        const qsizetype start = m_offset;
        const QChar quote = m_source.at(start);
        for (qsizetype index = start + 1; index < m_source.size();) {
            const QChar character = m_source.at(index);
            if (character == quote) {
                m_offset = index + 1;
                return true;
            }
            if (character != u'\\' || index + 1 >= m_source.size()) {
                token->text += character;
                ++index;
                continue;
            }
            const QChar escaped = m_source.at(index + 1);
            const qsizetype backslash = index;
            index += 2;
            switch (escaped.unicode()) {
            case u'\n':
                break;
            case u'\\':
            case u'\'':
            case u'"':
                token->text += escaped;
                break;
            case u'a':
                token->text += QChar(0x07);
                break;
            case u'b':
                token->text += QChar(0x08);
                break;
            case u'f':
                token->text += QChar(0x0c);
                break;
            case u'n':
                token->text += u'\n';
                break;
            case u'r':
                token->text += u'\r';
                break;
            case u't':
                token->text += u'\t';
                break;
            case u'v':
                token->text += QChar(0x0b);
                break;
            case u'x':
            case u'u':
            case u'U': {
                const qsizetype digits = escaped == u'x' ? 2 : escaped == u'u' ? 4 : 8;
                bool isHexadecimal = index + digits <= m_source.size();
                for (qsizetype digit = index; isHexadecimal && digit < index + digits; ++digit) {
                    isHexadecimal = isHexadecimalDigit(m_source.at(digit));
                }
                if (!isHexadecimal) {
                    return fail(backslash, QStringLiteral("truncated '\\%1' escape in a string").arg(escaped));
                }
                const uint codePoint = QStringView(m_source).mid(index, digits).toUInt(nullptr, 16);
                if (codePoint > 0x10ffff) {
                    return fail(backslash, QStringLiteral("'\\U' escape beyond U+10FFFF in a string"));
                }
                const char32_t character = codePoint;
                token->text += QString::fromUcs4(&character, 1);
                index += digits;
                break;
            }
            case u'N':
                return fail(backslash, QStringLiteral("'\\N{...}' escapes are not supported"));
            default:
                if (escaped >= u'0' && escaped <= u'7') {
                    uint codePoint = escaped.unicode() - u'0';
                    for (int digit = 1; digit < 3 && index < m_source.size() && m_source.at(index) >= u'0'
                         && m_source.at(index) <= u'7';
                         ++digit, ++index) {
                        codePoint = codePoint * 8 + (m_source.at(index).unicode() - u'0');
                    }
                    token->text += QChar(codePoint);
                } else {
                    token->text += u'\\';
                    token->text += escaped;
                }
            }
        }
        return fail(start, QStringLiteral("unterminated string"));
    }

    bool failUnclosed(Position opened, const QString& opening)
    {
        return fail(m_source.size(), QStringLiteral("'%1' opened at %2 is never closed").arg(opening, toText(opened)));
    }

    bool fail(qsizetype offset, const QString& message)
    {
        m_failure = Failure{m_locator.at(offset), message};
        return false;
    }

    const QString& m_source;
    Locator m_locator;
    qsizetype m_offset = 0;
    std::vector<Piece> m_pieces;
    Position m_end;
    Failure m_failure;
};

// The parsed tree

struct Expression;
using ExpressionPointer = std::unique_ptr<Expression>;

struct Constant
{
    QVariant value;
};

// Resolved while parsing, as Jinja's loops scope their variables statically: a loop's variable, or loop, names
// the frame of that loop (0 the outermost) while rendering; anything else is looked up in the context.
struct Variable
{
    QString name;
    int frame = -1;
    bool isLoop = false;
};

struct Not
{
    ExpressionPointer operand;
};

// Operands of one operator kind in a list rather than nested, so that a long chain does not nest deep.
struct Logical
{
    bool isOr = false;
    std::vector<ExpressionPointer> operands;
};

enum class Comparator { Equal, NotEqual };

// Chained as in Python: a == b != c is a == b and b != c.
struct Comparison
{
    std::vector<ExpressionPointer> operands;
    std::vector<Comparator> comparators;
};

struct Attribute
{
    QString name;
    Position position;
};

struct Access
{
    ExpressionPointer object;
    std::vector<Attribute> attributes;
};

enum class Filter { Capitalize, Upper, Lower, Trim, Default, Join, Length };

struct FilterSpecification
{
    QStringView name;
    Filter filter;
    int maximumArguments;
};

constexpr FilterSpecification filterSpecifications[] = {
    {u"capitalize", Filter::Capitalize, 0}, {u"upper", Filter::Upper, 0},
    {u"lower", Filter::Lower, 0},           {u"trim", Filter::Trim, 1},
    {u"default", Filter::Default, 2},       {u"join", Filter::Join, 1},
    {u"length", Filter::Length, 0},
};

struct FilterCall
{
    Filter filter;
    Position position;
    std::vector<ExpressionPointer> arguments;
};

struct Filtered
{
    ExpressionPointer operand;
    std::vector<FilterCall> filters;
};

struct Expression
{
    Position position;
    std::variant<Constant, Variable, Not, Logical, Comparison, Access, Filtered> content;
};

struct Node;
using Body = std::vector<Node>;

struct TextNode
{
    QString text;
};

struct OutputNode
{
    ExpressionPointer expression;
};

struct Branch
{
    // Null for else.
    ExpressionPointer condition;
    Body body;
};

struct IfNode
{
    std::vector<Branch> branches;
};

struct ForNode
{
    ExpressionPointer iterable;
    Body body;
    Body otherwise;
};

struct Node
{
    Position position;
    std::variant<TextNode, OutputNode, IfNode, ForNode> content;
};

template<typename Content>
ExpressionPointer makeExpression(Position position, Content content)
{
    return std::make_unique<Expression>(Expression{position, std::move(content)});
}

bool isKeyword(const QString& name)
{
    static const QStringList keywords{QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("not"),
                                      QStringLiteral("in"),  QStringLiteral("is"), QStringLiteral("if"),
                                      QStringLiteral("else")};
    return keywords.contains(name);
}

bool isName(const Token& token, QStringView name)
{
    return token.type == Token::Type::Name && token.text == name;
}

bool isSymbol(const Token& token, QStringView symbol)
{
    return token.type == Token::Type::Symbol && token.text == symbol;
}

// Tags that continue or close a block, which the block's parser takes.
bool isContinuation(const QString& tag)
{
    return tag == u"elif" || tag == u"else" || tag == u"endif" || tag == u"endfor";
}

QString tagText(const QString& tag)
{
    return QStringLiteral("'{% %1 %}'").arg(tag);
}

// Recursive descent over the pieces, block tags nested at most MaximumNesting deep and expressions too, so that the
// recursion, while rendering as well, stays well within the stack.
class Parser
{
public:
    Parser(std::vector<Piece> pieces, Position end)
        : m_pieces(std::move(pieces))
        , m_end(end)
    { }

    bool parse(Body* body)
    {
        if (!parseBody(body, 0)) {
            return false;
        }
        if (m_index == m_pieces.size()) {
            return true;
        }
        const QString tag = tagName();
        const QString opener = tag == u"else" ? QStringLiteral("'{% if %}' or '{% for %}'")
            : tag == u"endfor"                ? tagText(QStringLiteral("for"))
                                              : tagText(QStringLiteral("if"));
        return fail(piece().position, QStringLiteral("%1 without a matching %2").arg(tagText(tag), opener));
    }

    const Failure& failure() const
    {
        return m_failure;
    }

private:
    // Reads nodes up to the end or up to a tag that continues or closes a block, which it leaves for the caller.
    bool parseBody(Body* body, int depth)
    {
        for (; m_index < m_pieces.size(); ++m_index) {
            m_token = 0;
            const Piece& current = piece();
            if (current.type == Piece::Type::Text) {
                body->push_back(Node{current.position, TextNode{current.text}});
                continue;
            }
            if (current.type == Piece::Type::Output) {
                ExpressionPointer expression = parseExpression(0);
                if (!expression || !expectEnd()) {
                    return false;
                }
                body->push_back(Node{current.position, OutputNode{std::move(expression)}});
                continue;
            }
            if (token().type != Token::Type::Name) {
                return fail(token().position, QStringLiteral("expected a tag name, found %1").arg(describe(token())));
            }
            const QString tag = token().text;
            if (isContinuation(tag)) {
                return true;
            }
            if (tag != u"if" && tag != u"for") {
                return fail(current.position, QStringLiteral("unknown tag '%1'").arg(tag));
            }
            if (depth >= PromptTemplate::MaximumNesting) {
                return fail(current.position,
                            QStringLiteral("blocks are nested more than %1 deep").arg(PromptTemplate::MaximumNesting));
            }
            if (!(tag == u"if" ? parseIf(body, depth + 1) : parseFor(body, depth + 1))) {
                return false;
            }
        }
        return true;
    }

    // At the if tag; leaves m_index at the endif tag.
    bool parseIf(Body* body, int depth)
    {
        const Position opened = piece().position;
        IfNode node;
        bool hasElse = false;
        for (QString tag = QStringLiteral("if"); tag != u"endif"; tag = tagName()) {
            if (hasElse) {
                return fail(piece().position,
                            QStringLiteral("%1 after '{% else %}' in the '{% if %}' opened at %2")
                                .arg(tagText(tag), toText(opened)));
            }
            if (tag != u"if" && tag != u"elif" && tag != u"else") {
                return failMismatch(QStringLiteral("if"), opened, tag);
            }
            advance();
            Branch branch;
            hasElse = tag == u"else";
            if (!hasElse && !(branch.condition = parseExpression(0))) {
                return false;
            }
            if (!expectEnd()) {
                return false;
            }
            ++m_index;
            if (!parseBody(&branch.body, depth)) {
                return false;
            }
            node.branches.push_back(std::move(branch));
            if (m_index == m_pieces.size()) {
                return failNeverClosed(QStringLiteral("if"), opened);
            }
        }
        advance();
        if (!expectEnd()) {
            return false;
        }
        body->push_back(Node{opened, std::move(node)});
        return true;
    }

    // At the for tag; leaves m_index at the endfor tag.
    bool parseFor(Body* body, int depth)
    {
        const Position opened = piece().position;
        advance();
        ForNode node;
        const Token& variable = token();
        if (variable.type != Token::Type::Name || isKeyword(variable.text)) {
            return fail(variable.position,
                        QStringLiteral("expected a loop variable name after 'for', found %1").arg(describe(variable)));
        }
        if (variable.text == u"loop") {
            return fail(variable.position, QStringLiteral("'loop' is the loop's own variable and cannot be assigned"));
        }
        advance();
        if (!isName(token(), u"in")) {
            return fail(token().position,
                        QStringLiteral("expected 'in' after the loop variable, found %1").arg(describe(token())));
        }
        advance();
        node.iterable = parseExpression(0);
        if (!node.iterable || !expectEnd()) {
            return false;
        }
        ++m_index;
        m_loopVariables.push_back(variable.text);
        const bool parsedBody = parseBody(&node.body, depth);
        m_loopVariables.pop_back();
        if (!parsedBody) {
            return false;
        }
        if (m_index < m_pieces.size() && tagName() == u"else") {
            advance();
            if (!expectEnd()) {
                return false;
            }
            ++m_index;
            if (!parseBody(&node.otherwise, depth)) {
                return false;
            }
        }
        if (m_index == m_pieces.size()) {
            return failNeverClosed(QStringLiteral("for"), opened);
        }
        const QString tag = tagName();
        if (tag == u"else") {
            return fail(
                piece().position,
                QStringLiteral("'{% else %}' after '{% else %}' in the '{% for %}' opened at %1").arg(toText(opened)));
        }
        if (tag != u"endfor") {
            return failMismatch(QStringLiteral("for"), opened, tag);
        }
        advance();
        if (!expectEnd()) {
            return false;
        }
        body->push_back(Node{opened, std::move(node)});
        return true;
    }

    // or, and, not, comparisons, filters, attributes and primaries, from the loosest to the tightest, as in Jinja.
    ExpressionPointer parseExpression(int depth)
    {
        if (depth >= PromptTemplate::MaximumNesting) {
            fail(token().position,
                 QStringLiteral("the expression is nested more than %1 deep").arg(PromptTemplate::MaximumNesting));
            return nullptr;
        }
        return parseLogical(true, depth);
    }

    ExpressionPointer parseLogical(bool isOr, int depth)
    {
        const QString keyword = isOr ? QStringLiteral("or") : QStringLiteral("and");
        ExpressionPointer first = isOr ? parseLogical(false, depth) : parseNot(depth);
        if (!first || !isName(token(), keyword)) {
            return first;
        }
        const Position position = first->position;
        Logical logical{isOr, {}};
        logical.operands.push_back(std::move(first));
        while (isName(token(), keyword)) {
            advance();
            ExpressionPointer next = isOr ? parseLogical(false, depth) : parseNot(depth);
            if (!next) {
                return nullptr;
            }
            logical.operands.push_back(std::move(next));
        }
        return makeExpression(position, std::move(logical));
    }

    ExpressionPointer parseNot(int depth)
    {
        if (!isName(token(), u"not")) {
            return parseComparison(depth);
        }
        const Position position = token().position;
        if (depth + 1 >= PromptTemplate::MaximumNesting) {
            fail(position,
                 QStringLiteral("the expression is nested more than %1 deep").arg(PromptTemplate::MaximumNesting));
            return nullptr;
        }
        advance();
        ExpressionPointer operand = parseNot(depth + 1);
        return operand ? makeExpression(position, Not{std::move(operand)}) : nullptr;
    }

    ExpressionPointer parseComparison(int depth)
    {
        ExpressionPointer first = parseFiltered(depth);
        if (!first || !(isSymbol(token(), u"==") || isSymbol(token(), u"!="))) {
            return first;
        }
        const Position position = first->position;
        Comparison comparison;
        comparison.operands.push_back(std::move(first));
        while (isSymbol(token(), u"==") || isSymbol(token(), u"!=")) {
            comparison.comparators.push_back(token().text == u"==" ? Comparator::Equal : Comparator::NotEqual);
            advance();
            ExpressionPointer next = parseFiltered(depth);
            if (!next) {
                return nullptr;
            }
            comparison.operands.push_back(std::move(next));
        }
        return makeExpression(position, std::move(comparison));
    }

    ExpressionPointer parseFiltered(int depth)
    {
        ExpressionPointer operand = parseAccess(depth);
        if (!operand || !isSymbol(token(), u"|")) {
            return operand;
        }
        const Position position = operand->position;
        Filtered filtered{std::move(operand), {}};
        while (isSymbol(token(), u"|")) {
            advance();
            const Token name = token();
            if (name.type != Token::Type::Name) {
                fail(name.position, QStringLiteral("expected a filter name after '|', found %1").arg(describe(name)));
                return nullptr;
            }
            const auto* specification
                = std::find_if(std::cbegin(filterSpecifications), std::cend(filterSpecifications),
                               [&name](const FilterSpecification& candidate) { return candidate.name == name.text; });
            if (specification == std::cend(filterSpecifications)) {
                fail(name.position, QStringLiteral("unknown filter '%1'").arg(name.text));
                return nullptr;
            }
            advance();
            FilterCall call{specification->filter, name.position, {}};
            if (isSymbol(token(), u"(")) {
                advance();
                while (!isSymbol(token(), u")")) {
                    if (!call.arguments.empty()) {
                        if (!isSymbol(token(), u",")) {
                            fail(token().position,
                                 QStringLiteral("expected ',' or ')' after an argument of '%1', found %2")
                                     .arg(name.text, describe(token())));
                            return nullptr;
                        }
                        advance();
                    }
                    ExpressionPointer argument = parseExpression(depth + 1);
                    if (!argument) {
                        return nullptr;
                    }
                    call.arguments.push_back(std::move(argument));
                }
                advance();
            }
            if (int(call.arguments.size()) > specification->maximumArguments) {
                fail(name.position,
                     specification->maximumArguments == 0 ? QStringLiteral("'%1' takes no arguments").arg(name.text)
                                                          : QStringLiteral("'%1' takes at most %2 arguments, not %3")
                                                                .arg(name.text)
                                                                .arg(specification->maximumArguments)
                                                                .arg(call.arguments.size()));
                return nullptr;
            }
            filtered.filters.push_back(std::move(call));
        }
        return makeExpression(position, std::move(filtered));
    }

    ExpressionPointer parseAccess(int depth)
    {
        ExpressionPointer object = parsePrimary(depth);
        if (!object || !isSymbol(token(), u".")) {
            return object;
        }
        const Position position = object->position;
        Access access{std::move(object), {}};
        while (isSymbol(token(), u".")) {
            advance();
            if (token().type != Token::Type::Name) {
                fail(token().position,
                     QStringLiteral("expected an attribute name after '.', found %1").arg(describe(token())));
                return nullptr;
            }
            access.attributes.push_back(Attribute{token().text, token().position});
            advance();
        }
        return makeExpression(position, std::move(access));
    }

    ExpressionPointer parsePrimary(int depth)
    {
        const Token current = token();
        if (isSymbol(current, u"(")) {
            advance();
            ExpressionPointer inner = parseExpression(depth + 1);
            if (!inner) {
                return nullptr;
            }
            if (!isSymbol(token(), u")")) {
                fail(token().position,
                     QStringLiteral("expected ')' to close the '(' at %1, found %2")
                         .arg(toText(current.position), describe(token())));
                return nullptr;
            }
            advance();
            return inner;
        }
        if (current.type == Token::Type::String) {
            advance();
            return makeExpression(current.position, Constant{current.text});
        }
        if (current.type == Token::Type::Integer) {
            advance();
            return makeExpression(current.position, Constant{current.integer});
        }
        if (current.type != Token::Type::Name || isKeyword(current.text)) {
            fail(current.position, QStringLiteral("expected an expression, found %1").arg(describe(current)));
            return nullptr;
        }
        advance();
        if (current.text == u"true" || current.text == u"True") {
            return makeExpression(current.position, Constant{true});
        }
        if (current.text == u"false" || current.text == u"False") {
            return makeExpression(current.position, Constant{false});
        }
        if (current.text == u"none" || current.text == u"None") {
            return makeExpression(current.position, Constant{QVariant::fromValue(nullptr)});
        }
        const auto loop = std::find(m_loopVariables.crbegin(), m_loopVariables.crend(), current.text);
        if (loop != m_loopVariables.crend()) {
            return makeExpression(current.position,
                                  Variable{current.text, int(std::distance(loop, m_loopVariables.crend())) - 1});
        }
        if (current.text == u"loop" && !m_loopVariables.empty()) {
            return makeExpression(current.position, Variable{current.text, int(m_loopVariables.size()) - 1, true});
        }
        return makeExpression(current.position, Variable{current.text});
    }

    const Piece& piece() const
    {
        return m_pieces.at(m_index);
    }

    const Token& token() const
    {
        return piece().tokens.at(m_token);
    }

    // Never past the End token, which nothing matches.
    void advance()
    {
        if (m_token + 1 < piece().tokens.size()) {
            ++m_token;
        }
    }

    // At a tag parseBody() stopped at, whose first token it checked is a name.
    QString tagName() const
    {
        return piece().tokens.front().text;
    }

    bool expectEnd()
    {
        if (token().type == Token::Type::End) {
            return true;
        }
        const QString closing = piece().type == Piece::Type::Output ? QStringLiteral("}}") : QStringLiteral("%}");
        return fail(token().position, QStringLiteral("expected '%1', found %2").arg(closing, describe(token())));
    }

    bool failNeverClosed(const QString& tag, Position opened)
    {
        return fail(m_end, QStringLiteral("%1 opened at %2 is never closed").arg(tagText(tag), toText(opened)));
    }

    bool failMismatch(const QString& tag, Position opened, const QString& found)
    {
        return fail(piece().position,
                    QStringLiteral("expected %1 to close the %2 opened at %3, found %4")
                        .arg(tagText(QStringLiteral("end") + tag), tagText(tag), toText(opened), tagText(found)));
    }

    bool fail(Position position, const QString& message)
    {
        m_failure = Failure{position, message};
        return false;
    }

    std::vector<Piece> m_pieces;
    Position m_end;
    // The variables of the loops around the piece being parsed, innermost last.
    QStringList m_loopVariables;
    size_t m_index = 0;
    size_t m_token = 0;
    Failure m_failure;
};

// Rendering

// Walks the tree once a render; every node and expression costs a step and every character a filter makes costs
// one too, so that loops nested over long lists end with an error instead of running for hours.
class Renderer
{
    // A loop in progress: its variable's item this round, and the round, for loop.index and the others.
    struct Frame
    {
        QVariant item;
        qint64 index = 0;
        qint64 length = 0;
    };

public:
    explicit Renderer(const QVariantMap& context)
        : m_context(context)
    { }

    bool render(const Body& body)
    {
        for (const Node& node : body) {
            if (!charge(1, node.position)) {
                return false;
            }
            if (const auto* text = std::get_if<TextNode>(&node.content)) {
                if (!append(text->text, node.position)) {
                    return false;
                }
            } else if (const auto* output = std::get_if<OutputNode>(&node.content)) {
                const std::optional<Value> value = evaluate(*output->expression);
                if (!value || !append(textOf(*value), node.position)) {
                    return false;
                }
            } else if (const auto* condition = std::get_if<IfNode>(&node.content)) {
                if (!renderIf(*condition)) {
                    return false;
                }
            } else if (!renderFor(std::get<ForNode>(node.content))) {
                return false;
            }
        }
        return true;
    }

    // Not null, even when empty: a null QString tells the caller that rendering failed.
    QString output() const
    {
        return m_output.isNull() ? QStringLiteral("") : m_output;
    }

    const Failure& failure() const
    {
        return m_failure;
    }

private:
    bool renderIf(const IfNode& node)
    {
        for (const Branch& branch : node.branches) {
            if (!branch.condition) {
                return render(branch.body);
            }
            const std::optional<Value> condition = evaluate(*branch.condition);
            if (!condition) {
                return false;
            }
            if (isTrue(*condition)) {
                return render(branch.body);
            }
        }
        return true;
    }

    bool renderFor(const ForNode& node)
    {
        const std::optional<Value> iterable = evaluate(*node.iterable);
        if (!iterable) {
            return false;
        }
        const std::optional<QVariantList> items = itemsOf(*iterable);
        if (!items) {
            return fail(node.iterable->position,
                        QStringLiteral("cannot loop over %1").arg(describeType(typeOf(*iterable))));
        }
        if (items->isEmpty()) {
            return render(node.otherwise);
        }
        m_frames.push_back(Frame{QVariant(), 0, items->size()});
        bool rendered = true;
        for (qint64 index = 0; rendered && index < items->size(); ++index) {
            m_frames.back().item = items->at(index);
            m_frames.back().index = index;
            rendered = render(node.body);
        }
        m_frames.pop_back();
        return rendered;
    }

    // Made only when the template reads loop, which saves a map a round.
    static QVariantMap loopVariables(const Frame& frame)
    {
        return QVariantMap{
            {QStringLiteral("index"), frame.index + 1},
            {QStringLiteral("index0"), frame.index},
            {QStringLiteral("revindex"), frame.length - frame.index},
            {QStringLiteral("revindex0"), frame.length - frame.index - 1},
            {QStringLiteral("first"), frame.index == 0},
            {QStringLiteral("last"), frame.index == frame.length - 1},
            {QStringLiteral("length"), frame.length},
        };
    }

    // What iterating gives, as in Python: a list's items, a string's characters, a map's keys; nothing for an
    // undefined value; nullopt for what cannot be iterated.
    static std::optional<QVariantList> itemsOf(const Value& value)
    {
        switch (typeOf(value)) {
        case Type::Undefined:
            return QVariantList();
        case Type::List:
            return value.variant.toList();
        case Type::String:
            return charactersOf(value.variant.toString());
        case Type::Map: {
            QVariantList keys;
            for (const QString& key : mapOf(value.variant).keys()) {
                keys.append(key);
            }
            return keys;
        }
        default:
            return std::nullopt;
        }
    }

    std::optional<Value> evaluate(const Expression& expression)
    {
        if (!charge(1, expression.position)) {
            return std::nullopt;
        }
        if (const auto* constant = std::get_if<Constant>(&expression.content)) {
            return Value{constant->value};
        }
        if (const auto* variable = std::get_if<Variable>(&expression.content)) {
            return lookUp(*variable);
        }
        if (const auto* negation = std::get_if<Not>(&expression.content)) {
            const std::optional<Value> operand = evaluate(*negation->operand);
            return operand ? std::optional(Value{!isTrue(*operand)}) : std::nullopt;
        }
        if (const auto* logical = std::get_if<Logical>(&expression.content)) {
            return evaluateLogical(*logical);
        }
        if (const auto* comparison = std::get_if<Comparison>(&expression.content)) {
            return evaluateComparison(*comparison);
        }
        if (const auto* access = std::get_if<Access>(&expression.content)) {
            return evaluateAccess(*access);
        }
        const auto& filtered = std::get<Filtered>(expression.content);
        std::optional<Value> value = evaluate(*filtered.operand);
        for (auto filter = filtered.filters.cbegin(); value && filter != filtered.filters.cend(); ++filter) {
            value = applyFilter(*filter, *value);
        }
        return value;
    }

    // As in Python, the operand that decides, as it is: a or b is a when a is true, else b.
    std::optional<Value> evaluateLogical(const Logical& logical)
    {
        std::optional<Value> value;
        for (const ExpressionPointer& operand : logical.operands) {
            value = evaluate(*operand);
            if (!value || isTrue(*value) == logical.isOr) {
                break;
            }
        }
        return value;
    }

    std::optional<Value> evaluateComparison(const Comparison& comparison)
    {
        std::optional<Value> left = evaluate(*comparison.operands.front());
        for (size_t index = 0; left && index < comparison.comparators.size(); ++index) {
            const Expression& operand = *comparison.operands.at(index + 1);
            std::optional<Value> right = evaluate(operand);
            if (!right || !charge(costOf(*left) + costOf(*right), operand.position)) {
                return std::nullopt;
            }
            if (equals(*left, *right) != (comparison.comparators.at(index) == Comparator::Equal)) {
                return Value{false};
            }
            left = std::move(right);
        }
        return left ? std::optional(Value{true}) : std::nullopt;
    }

    std::optional<Value> evaluateAccess(const Access& access)
    {
        std::optional<Value> value = evaluate(*access.object);
        for (auto attribute = access.attributes.cbegin(); value && attribute != access.attributes.cend(); ++attribute) {
            // Jinja's default Undefined prints as nothing but fails when read from.
            if (!value->defined) {
                fail(
                    attribute->position,
                    QStringLiteral("'%1' is undefined, so it has no attribute '%2'").arg(value->name, attribute->name));
                return std::nullopt;
            }
            const QString path
                = (value->name.isEmpty() ? QStringLiteral("(...)") : value->name) + u'.' + attribute->name;
            if (typeOf(value->variant) != Type::Map) {
                value = undefinedValue(path);
                continue;
            }
            const QVariantMap map = mapOf(value->variant);
            const auto found = map.constFind(attribute->name);
            value = found == map.cend() ? undefinedValue(path) : Value{found.value(), true, path};
        }
        return value;
    }

    std::optional<Value> applyFilter(const FilterCall& call, const Value& input)
    {
        std::vector<Value> arguments;
        for (const ExpressionPointer& argument : call.arguments) {
            std::optional<Value> value = evaluate(*argument);
            if (!value) {
                return std::nullopt;
            }
            arguments.push_back(std::move(*value));
        }
        QString text;
        switch (call.filter) {
        case Filter::Default: {
            const bool replacesFalse = arguments.size() > 1 && isTrue(arguments.at(1));
            if (input.defined && !(replacesFalse && !isTrue(input))) {
                return input;
            }
            return arguments.empty() ? Value{QStringLiteral("")} : arguments.front();
        }
        case Filter::Length:
            return length(call, input);
        case Filter::Join:
            return join(call, input, arguments.empty() ? QString() : textOf(arguments.front()));
        case Filter::Capitalize: {
            // Only the first character: Jinja's lower-cases the rest too, which would make "SRE" "Sre".
            text = textOf(input);
            const qsizetype firstLength = !text.isEmpty() && startsPair(text, 0) ? 2 : 1;
            text = text.left(firstLength).toUpper() + text.mid(firstLength);
            break;
        }
        case Filter::Upper:
            text = textOf(input).toUpper();
            break;
        case Filter::Lower:
            text = textOf(input).toLower();
            break;
        case Filter::Trim:
            text = stripped(textOf(input), Side::Both,
                            arguments.empty() ? std::nullopt : std::optional(textOf(arguments.front())));
            break;
        }
        if (!charge(text.size(), call.position)) {
            return std::nullopt;
        }
        return Value{text};
    }

    std::optional<Value> length(const FilterCall& call, const Value& input)
    {
        switch (typeOf(input)) {
        case Type::Undefined:
            return Value{qint64(0)};
        case Type::String: {
            const QString text = input.variant.toString();
            if (!charge(text.size(), call.position)) {
                return std::nullopt;
            }
            return Value{qint64(characterCount(text))};
        }
        case Type::List:
        case Type::Map:
            return Value{costOf(input)};
        default:
            fail(call.position,
                 QStringLiteral("'length' takes a string, a list or a map, not %1").arg(describeType(typeOf(input))));
            return std::nullopt;
        }
    }

    std::optional<Value> join(const FilterCall& call, const Value& input, const QString& separator)
    {
        const std::optional<QVariantList> items = itemsOf(input);
        if (!items) {
            fail(call.position, QStringLiteral("'join' takes a list, not %1").arg(describeType(typeOf(input))));
            return std::nullopt;
        }
        QString joined;
        for (qsizetype index = 0; index < items->size(); ++index) {
            joined += (index > 0 ? separator : QString()) + textOf(items->at(index));
            if (joined.size() > PromptTemplate::MaximumOutputLength) {
                fail(call.position,
                     QStringLiteral("'join' would make more than %1 characters")
                         .arg(PromptTemplate::MaximumOutputLength));
                return std::nullopt;
            }
        }
        if (!charge(joined.size() + items->size(), call.position)) {
            return std::nullopt;
        }
        return Value{joined};
    }

    Value lookUp(const Variable& variable) const
    {
        if (variable.frame >= 0) {
            const Frame& frame = m_frames.at(variable.frame);
            return Value{variable.isLoop ? loopVariables(frame) : frame.item, true, variable.name};
        }
        const auto global = m_context.constFind(variable.name);
        return global == m_context.cend() ? undefinedValue(variable.name) : Value{global.value(), true, variable.name};
    }

    bool append(const QString& text, Position position)
    {
        if (m_output.size() + text.size() > PromptTemplate::MaximumOutputLength) {
            return fail(position,
                        QStringLiteral("the rendered text would be longer than %1 characters")
                            .arg(PromptTemplate::MaximumOutputLength));
        }
        m_output += text;
        return true;
    }

    bool charge(qint64 steps, Position position)
    {
        m_steps += steps;
        if (m_steps <= PromptTemplate::MaximumRenderSteps) {
            return true;
        }
        return fail(position,
                    QStringLiteral("rendering takes more than %1 steps: loops nested over long lists?")
                        .arg(PromptTemplate::MaximumRenderSteps));
    }

    bool fail(Position position, const QString& message)
    {
        m_failure = Failure{position, message};
        return false;
    }

    const QVariantMap& m_context;
    // The loops in progress, innermost last.
    std::vector<Frame> m_frames;
    QString m_output;
    qint64 m_steps = 0;
    Failure m_failure;
};

PromptTemplate::Error errorOf(const QString& fileName, const Failure& failure)
{
    return PromptTemplate::Error{fileName, failure.position.line, failure.position.column, failure.message};
}
} // namespace

struct PromptTemplate::Tree
{
    Body body;
};

QString PromptTemplate::Error::toString() const
{
    // One arg() call: a message quoting the template may hold "%1" itself.
    return QStringLiteral("%1:%2:%3: %4").arg(file, QString::number(line), QString::number(column), message);
}

std::optional<PromptTemplate> PromptTemplate::parse(const QString& text, const QString& fileName, Error* error)
{
    const QString source = normalizedSource(text);
    Lexer lexer(source);
    if (!lexer.read()) {
        if (error) {
            *error = errorOf(fileName, lexer.failure());
        }
        return std::nullopt;
    }
    Parser parser(lexer.takePieces(), lexer.end());
    auto tree = std::make_shared<Tree>();
    if (!parser.parse(&tree->body)) {
        if (error) {
            *error = errorOf(fileName, parser.failure());
        }
        return std::nullopt;
    }
    PromptTemplate parsed;
    parsed.m_fileName = fileName;
    parsed.m_tree = std::move(tree);
    return parsed;
}

QString PromptTemplate::render(const QVariantMap& context, Error* error) const
{
    Renderer renderer(context);
    if (m_tree && !renderer.render(m_tree->body)) {
        if (error) {
            *error = errorOf(m_fileName, renderer.failure());
        }
        return QString();
    }
    return renderer.output();
}
