#include "advisor/BraceOutliner.h"

#include "advisor/IdentifierSplitter.h"

#include <algorithm>

#include <QList>
#include <QRegularExpression>
#include <QStringList>

namespace
{
using Dialect = BraceOutliner::Dialect;

// The text with comments and the insides of strings blanked (line breaks kept), and what each line
// holds.
struct Lexed
{
    QString code;
    QList<bool> lineHasCode;
    QList<bool> lineHasComment;
};

class Lexer
{
public:
    Lexer(const QString& text, Dialect dialect)
        : m_text(text)
        , m_dialect(dialect)
    {
        m_lexed.code = text;
        const qsizetype lines = text.count(u'\n') + 1;
        m_lexed.lineHasCode.fill(false, lines);
        m_lexed.lineHasComment.fill(false, lines);
    }

    Lexed run()
    {
        const qsizetype size = m_text.size();
        qsizetype index = 0;
        bool lineIsBlank = true;
        while (index < size) {
            const QChar character = m_text.at(index);
            if (character.isSpace()) {
                lineIsBlank = lineIsBlank || character == u'\n';
                take(index++, Kind::Code);
                continue;
            }
            const bool startsLine = lineIsBlank;
            lineIsBlank = false;
            const QChar next = index + 1 < size ? m_text.at(index + 1) : QChar();
            if (startsLine && character == u'#' && (m_dialect == Dialect::C || m_dialect == Dialect::Cpp)) {
                index = directive(index);
            } else if (character == u'/' && next == u'/') {
                index = restOfLine(index, Kind::Comment);
            } else if (character == u'/' && next == u'*') {
                index = blockComment(index);
            } else if (character == u'"') {
                index = doubleQuoted(index);
            } else if (character == u'\'') {
                index = singleQuoted(index);
            } else if (character == u'`' && m_dialect == Dialect::Go) {
                take(index, Kind::Delimiter);
                index = takeUntil(index + 1, QStringLiteral("`"), false);
            } else if (character == u'`' && m_dialect == Dialect::JavaScript) {
                take(index, Kind::Delimiter);
                index = templateText(index + 1);
            } else if (character == u'}' && !m_templateBraces.isEmpty() && m_templateBraces.last() == 0) {
                // The end of a template's `${…}`: back to its text.
                m_templateBraces.removeLast();
                take(index, Kind::Inside);
                index = templateText(index + 1);
            } else {
                if (!m_templateBraces.isEmpty() && character == u'{') {
                    ++m_templateBraces.last();
                } else if (!m_templateBraces.isEmpty() && character == u'}') {
                    --m_templateBraces.last();
                }
                take(index++, Kind::Code);
            }
        }
        return std::move(m_lexed);
    }

private:
    enum class Kind {
        Code,
        Delimiter, // a string's quote: kept, so that the line and the statement show a value
        Inside, // a string's content: blanked, but the line holds code
        Comment,
    };

    void take(qsizetype index, Kind kind)
    {
        const QChar character = m_text.at(index);
        if (character == u'\n') {
            ++m_line;
            return;
        }
        if (kind == Kind::Inside || kind == Kind::Comment) {
            m_lexed.code[index] = u' ';
        }
        if (character.isSpace()) {
            return;
        }
        (kind == Kind::Comment ? m_lexed.lineHasComment : m_lexed.lineHasCode)[m_line] = true;
    }

    // Takes a string's inside from index to the end of terminator (included; its quotes as
    // delimiters), or to the end of the line when stopAtLineEnd, or of the text.
    qsizetype takeUntil(qsizetype index, const QString& terminator, bool escapes, bool stopAtLineEnd = false)
    {
        const qsizetype size = m_text.size();
        while (index < size) {
            if (escapes && m_text.at(index) == u'\\' && index + 1 < size) {
                take(index++, Kind::Inside);
                take(index++, Kind::Inside);
                continue;
            }
            if (QStringView(m_text).sliced(index).startsWith(terminator)) {
                for (const QChar character : terminator) {
                    const bool isQuote = character == u'"' || character == u'\'' || character == u'`';
                    take(index++, isQuote ? Kind::Delimiter : Kind::Inside);
                }
                return index;
            }
            if (stopAtLineEnd && m_text.at(index) == u'\n') {
                return index;
            }
            take(index++, Kind::Inside);
        }
        return index;
    }

    // Up to the line break, which is left for the caller.
    qsizetype restOfLine(qsizetype index, Kind kind)
    {
        while (index < m_text.size() && m_text.at(index) != u'\n') {
            take(index++, kind);
        }
        return index;
    }

    // `#include …`, `#define …` with its `\` continuations: a statement of its own, so it stands
    // as a `;` (and its braces, if any, are not counted).
    qsizetype directive(qsizetype index)
    {
        take(index, Kind::Code);
        m_lexed.code[index++] = u';';
        index = restOfLine(index, Kind::Inside);
        while (index > 0 && m_text.at(index - 1) == u'\\' && index < m_text.size()) {
            take(index++, Kind::Code);
            index = restOfLine(index, Kind::Inside);
        }
        return index;
    }

    qsizetype blockComment(qsizetype index)
    {
        const qsizetype size = m_text.size();
        int depth = 0;
        while (index < size) {
            const QStringView rest = QStringView(m_text).sliced(index);
            if (rest.startsWith(u"/*") && (depth == 0 || m_dialect == Dialect::Rust)) {
                ++depth;
                take(index++, Kind::Comment);
            } else if (rest.startsWith(u"*/")) {
                take(index++, Kind::Comment);
                take(index++, Kind::Comment);
                if (--depth == 0) {
                    return index;
                }
                continue;
            }
            take(index++, Kind::Comment);
        }
        return index;
    }

    // The identifier that ends right before index, as in `u8R` before `"`.
    QStringView identifierBefore(qsizetype index) const
    {
        qsizetype start = index;
        while (start > 0 && IdentifierSplitter::isIdentifierCharacter(m_text.at(start - 1))) {
            --start;
        }
        return QStringView(m_text).sliced(start, index - start);
    }

    qsizetype doubleQuoted(qsizetype index)
    {
        take(index, Kind::Delimiter);
        const QStringView rest = QStringView(m_text).sliced(index);
        if (m_dialect == Dialect::Cpp) {
            const QStringView prefix = identifierBefore(index);
            if (prefix == u"R" || prefix == u"u8R" || prefix == u"uR" || prefix == u"UR" || prefix == u"LR") {
                const qsizetype open = m_text.indexOf(u'(', index);
                if (open > index && open - index <= 17) {
                    const QString terminator = u')' + m_text.mid(index + 1, open - index - 1) + u'"';
                    return takeUntil(index + 1, terminator, false);
                }
            }
        }
        if (m_dialect == Dialect::Rust) {
            qsizetype hashes = 0;
            while (index - hashes - 1 >= 0 && m_text.at(index - hashes - 1) == u'#') {
                ++hashes;
            }
            const QStringView prefix = identifierBefore(index - hashes);
            if (prefix == u"r" || prefix == u"br") {
                return takeUntil(index + 1, u'"' + QString(hashes, u'#'), false);
            }
        }
        if (m_dialect == Dialect::Java && rest.startsWith(u"\"\"\"")) {
            take(index + 1, Kind::Delimiter);
            take(index + 2, Kind::Delimiter);
            return takeUntil(index + 3, QStringLiteral("\"\"\""), true);
        }
        // Only Rust's ordinary strings may span lines; elsewhere an unclosed one ends with its line.
        return takeUntil(index + 1, QStringLiteral("\""), true, m_dialect != Dialect::Rust);
    }

    qsizetype singleQuoted(qsizetype index)
    {
        const qsizetype size = m_text.size();
        if (m_dialect == Dialect::Rust) {
            // `'a'`, `'\n'`, `'\u{1F600}'` are characters; `'a` and `'static` are lifetimes.
            const bool escaped = index + 1 < size && m_text.at(index + 1) == u'\\';
            const qsizetype width = index + 1 < size && m_text.at(index + 1).isHighSurrogate() ? 2 : 1;
            if (!escaped && !(index + 1 + width < size && m_text.at(index + 1 + width) == u'\'')) {
                take(index, Kind::Code);
                return index + 1;
            }
        }
        if (m_dialect == Dialect::Cpp && index > 0 && m_text.at(index - 1).isDigit() && index + 1 < size
            && IdentifierSplitter::isIdentifierCharacter(m_text.at(index + 1))) {
            // A digit separator, as in 1'000'000.
            take(index, Kind::Code);
            return index + 1;
        }
        take(index, Kind::Delimiter);
        return takeUntil(index + 1, QStringLiteral("'"), true, true);
    }

    // A template's text from index: to its closing backtick, or into a `${`.
    qsizetype templateText(qsizetype index)
    {
        const qsizetype size = m_text.size();
        while (index < size) {
            const QChar character = m_text.at(index);
            if (character == u'\\' && index + 1 < size) {
                take(index++, Kind::Inside);
                take(index++, Kind::Inside);
            } else if (character == u'`') {
                take(index, Kind::Delimiter);
                return index + 1;
            } else if (character == u'$' && index + 1 < size && m_text.at(index + 1) == u'{') {
                take(index++, Kind::Inside);
                take(index++, Kind::Inside);
                m_templateBraces.append(0);
                return index;
            } else {
                take(index++, Kind::Inside);
            }
        }
        return index;
    }

    const QString& m_text;
    const Dialect m_dialect;
    Lexed m_lexed;
    qsizetype m_line = 0;
    QList<int> m_templateBraces; // for each `${` still open, the braces opened inside it
};

// A statement that holds a block, by positions in the text.
struct Statement
{
    qsizetype start = 0;
    qsizetype last = 0; // its last character
    qsizetype mainOpen = 0; // the `{` of its block (the first one outside parentheses, if any)
    std::vector<Statement> members; // the statements in that block that hold a block
};

// Where a brace level is: the statement under way and the ones finished.
struct Level
{
    qsizetype open = -1; // the `{` that opened the level; -1 for the file
    qsizetype start = -1;
    qsizetype last = -1;
    qsizetype mainOpen = -1;
    bool mainIsOutsideParentheses = false;
    bool hasBlock = false;
    int parentheses = 0;
    // After a `}` or, where `;` may be left out, a line that can end a statement: the statement
    // ends unless what comes next carries it on.
    bool mayEnd = false;
    std::vector<Statement> mainMembers;
    std::vector<Statement> statements;

    void finishStatement()
    {
        if (start >= 0 && hasBlock) {
            statements.push_back(Statement{start, last, mainOpen, std::move(mainMembers)});
        }
        start = -1;
        last = -1;
        mainOpen = -1;
        mainIsOutsideParentheses = false;
        hasBlock = false;
        parentheses = 0;
        mayEnd = false;
        mainMembers.clear();
    }
};

bool continuesStatement(QChar character)
{
    return QStringView(u".,)]?:=+-*/%&|^<>!~{([;").contains(character);
}

std::vector<Statement> statementsOf(const QString& code, Dialect dialect)
{
    static const QRegularExpression accessSpecifier(
        QStringLiteral("^\\s*(?:(?:public|protected|private)(?:\\s+(?:slots|Q_SLOTS))?|signals|Q_SIGNALS)\\s*$"));
    const bool semicolonsOptional = dialect == Dialect::Go || dialect == Dialect::JavaScript;
    QList<Level> levels(1);
    QChar lastOnLine;
    QChar beforeLastOnLine;
    bool lineIsDecorator = false;
    bool lineIsEmpty = true;
    for (qsizetype index = 0; index < code.size(); ++index) {
        const QChar character = code.at(index);
        if (character == u'\n') {
            Level& level = levels.last();
            const bool endsValue = IdentifierSplitter::isIdentifierCharacter(lastOnLine)
                || QStringView(u")]}\"'`").contains(lastOnLine)
                || ((lastOnLine == u'+' || lastOnLine == u'-') && beforeLastOnLine == lastOnLine);
            if (semicolonsOptional && !lineIsEmpty && !lineIsDecorator && level.start >= 0 && level.parentheses == 0
                && endsValue) {
                level.mayEnd = true;
            }
            lineIsEmpty = true;
            lastOnLine = QChar();
            continue;
        }
        if (character.isSpace()) {
            continue;
        }
        if (lineIsEmpty) {
            lineIsDecorator = character == u'@';
            lineIsEmpty = false;
        }
        beforeLastOnLine = lastOnLine;
        lastOnLine = character;
        Level* level = &levels.last();
        if (level->mayEnd) {
            level->mayEnd = false;
            if (!continuesStatement(character)) {
                level->finishStatement();
            }
        }
        if (level->start < 0 && character != u';' && character != u'}') {
            level->start = index;
        }
        switch (character.unicode()) {
        case u'(':
        case u'[':
            ++level->parentheses;
            break;
        case u')':
        case u']':
            level->parentheses = std::max(0, level->parentheses - 1);
            break;
        case u':':
            // `public:`, `signals:`: the member after it starts a statement of its own.
            if (dialect == Dialect::Cpp && level->parentheses == 0
                && accessSpecifier.match(QStringView(code).sliced(level->start, index - level->start)).hasMatch()) {
                level->finishStatement();
                continue;
            }
            break;
        case u';':
            if (level->parentheses == 0) {
                level->last = level->start >= 0 ? index : level->last;
                level->finishStatement();
                continue;
            }
            break;
        case u'{':
            if (level->mainOpen < 0 || (level->parentheses == 0 && !level->mainIsOutsideParentheses)) {
                level->mainOpen = index;
                level->mainIsOutsideParentheses = level->parentheses == 0;
            }
            level->last = index;
            levels.append(Level{});
            levels.last().open = index;
            continue;
        case u'}':
            if (levels.size() > 1) {
                Level inner = levels.takeLast();
                inner.finishStatement();
                level = &levels.last();
                level->hasBlock = true;
                if (inner.open == level->mainOpen && levels.size() <= OutlineEntry::MaxDepth) {
                    level->mainMembers = std::move(inner.statements);
                }
                level->last = index;
                level->mayEnd = level->parentheses == 0;
                continue;
            }
            break;
        default:
            break;
        }
        if (level->start >= 0) {
            level->last = index;
        }
    }
    // An unclosed block ends with the text.
    while (levels.size() > 1) {
        Level inner = levels.takeLast();
        inner.finishStatement();
        Level& level = levels.last();
        level.hasBlock = true;
        if (inner.open == level.mainOpen && levels.size() <= OutlineEntry::MaxDepth) {
            level.mainMembers = std::move(inner.statements);
        }
        level.last = std::max(level.last, inner.open);
    }
    levels.last().finishStatement();
    return std::move(levels.last().statements);
}

struct Description
{
    QString symbol;
    bool isContainer = false;
};

// `std::map<int, Foo<T>> Foo<T>::bar` → `std::map Foo::bar`; the `>` of `->` and `=>` is kept.
QString withoutAngleBrackets(const QString& text)
{
    QString result;
    QList<qsizetype> opens;
    for (const QChar character : text) {
        if (character == u'<') {
            opens.append(result.size());
        } else if (character == u'>' && !opens.isEmpty() && !result.endsWith(u'-') && !result.endsWith(u'=')) {
            result.truncate(opens.takeLast());
            continue;
        }
        result.append(character);
    }
    return result;
}

QString matched(const QRegularExpression& expression, const QString& text, int group = 1)
{
    return expression.match(text).captured(group);
}

bool isKeyword(const QString& word)
{
    static const QStringList keywords{
        QStringLiteral("if"),    QStringLiteral("for"),      QStringLiteral("while"),  QStringLiteral("switch"),
        QStringLiteral("catch"), QStringLiteral("with"),     QStringLiteral("return"), QStringLiteral("function"),
        QStringLiteral("else"),  QStringLiteral("do"),       QStringLiteral("try"),    QStringLiteral("new"),
        QStringLiteral("await"), QStringLiteral("sizeof"),   QStringLiteral("static"), QStringLiteral("synchronized"),
        QStringLiteral("match"), QStringLiteral("loop"),     QStringLiteral("unsafe"), QStringLiteral("finally"),
        QStringLiteral("yield"), QStringLiteral("decltype"), QStringLiteral("typeof"), QStringLiteral("select"),
    };
    return keywords.contains(word);
}

// C, C++, Java and the rest: what is before the first `(` names a function (`Foo::bar`, `main`),
// what is before an `=` a variable (`auto handler = [](…) {`, `int table[] = {`).
QString functionOrVariableName(const QString& header)
{
    static const QRegularExpression assignment(QStringLiteral("(?<![=!<>+\\-*/%&|^])=(?![=>])"));
    static const QRegularExpression variable(QStringLiteral("([\\w$]+)\\s*(?:\\[[^\\]]*\\]\\s*)*$"));
    static const QRegularExpression function(
        QStringLiteral("((?:[\\w$~]+\\s*::\\s*)*(?:operator\\s*[^\\s\\w(]+|~?[\\w$]+))\\s*$"));
    const qsizetype parenthesis = header.indexOf(u'(');
    const QString before = parenthesis < 0 ? header : header.left(parenthesis);
    const qsizetype equals = before.indexOf(assignment);
    QString name;
    if (equals >= 0) {
        name = matched(variable, before.left(equals));
    } else if (parenthesis >= 0) {
        name = matched(function, before).remove(u' ');
    }
    return isKeyword(name) ? QString() : name;
}

Description describeC(const QString& header)
{
    static const QRegularExpression container(
        QStringLiteral("^(?:template\\s*)?(?:typedef\\s+)?(?:export\\s+)?(?:inline\\s+)?"
                       "(?:class|struct|union|enum|namespace)\\b(?:\\s+(?:class|struct)\\b)?([^(]*)$"));
    static const QRegularExpression colon(QStringLiteral("(?<!:):(?!:)"));
    static const QRegularExpression externBlock(QStringLiteral("^extern\\s*\"\"$"));
    const QRegularExpressionMatch match = container.match(header);
    if (match.hasMatch()) {
        // `class EXPORT_MACRO Foo final : public Bar` → Foo
        QStringList words = match.captured(1).split(colon).first().split(u' ', Qt::SkipEmptyParts);
        words.removeAll(QStringLiteral("final"));
        return {words.isEmpty() ? QString() : words.last(), true};
    }
    if (externBlock.match(header).hasMatch()) {
        return {QString(), true};
    }
    return {functionOrVariableName(header), false};
}

Description describeJava(const QString& header)
{
    static const QRegularExpression container(
        QStringLiteral("^(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
                       "(?:class|interface|enum|record|@interface)\\s+(\\w+)"));
    const QString name = matched(container, header);
    if (!name.isEmpty()) {
        return {name, true};
    }
    return {functionOrVariableName(header), false};
}

Description describeJavaScript(const QString& header)
{
    const QString modifiers = QStringLiteral("^(?:(?:export|default|declare|abstract|public|private|protected|"
                                             "static|readonly|async|override|get|set)\\s+)*");
    static const QRegularExpression classExpression(
        QStringLiteral("^(?:(?:export|default|declare)\\s+)*(?:const|let|var)\\s+([\\w$]+)[^=]*=\\s*class\\b"));
    static const QRegularExpression classDeclaration(modifiers + QStringLiteral("class\\b(?:\\s+([\\w$]+))?"));
    static const QRegularExpression otherContainer(
        modifiers + QStringLiteral("(?:interface|namespace|module|enum)\\s+(?:([\\w$.]+)|\"\")"));
    static const QRegularExpression function(modifiers + QStringLiteral("function\\b\\s*\\*?\\s*([\\w$]*)"));
    static const QRegularExpression variable(modifiers + QStringLiteral("(?:const|let|var)\\s+([\\w$]+)"));
    static const QRegularExpression method(modifiers + QStringLiteral("\\*?\\s*([\\w$#]+)\\s*\\??\\s*\\("));
    static const QRegularExpression call(QStringLiteral("^([\\w$.]+)\\s*\\("));
    static const QRegularExpression property(modifiers + QStringLiteral("([\\w$#.]+)\\s*\\??\\s*(?::[^=]*)?="));
    if (const QString name = matched(classExpression, header); !name.isEmpty()) {
        return {name, true};
    }
    if (const QRegularExpressionMatch match = classDeclaration.match(header); match.hasMatch()) {
        const QString name = match.captured(1);
        return {name == QLatin1String("extends") ? QString() : name, true};
    }
    if (const QRegularExpressionMatch match = otherContainer.match(header); match.hasMatch()) {
        return {match.captured(1), true};
    }
    for (const QRegularExpression* expression : {&function, &variable, &method, &call, &property}) {
        const QRegularExpressionMatch match = expression->match(header);
        if (match.hasMatch()) {
            const QString name = match.captured(1);
            return {isKeyword(name) ? QString() : name, false};
        }
    }
    return {};
}

Description describeGo(const QString& header)
{
    static const QRegularExpression method(
        QStringLiteral("^func\\s*\\(\\s*(?:\\w+\\s+)?\\*?\\s*([\\w.]+)(?:\\[[^\\]]*\\])?\\s*\\)\\s*(\\w+)"));
    static const QRegularExpression named(QStringLiteral("^(?:func|type|var|const)\\s+(\\w+)"));
    if (const QRegularExpressionMatch match = method.match(header); match.hasMatch()) {
        return {match.captured(1) + u'.' + match.captured(2), false};
    }
    return {matched(named, header), false};
}

Description describeRust(QString header)
{
    static const QRegularExpression visibility(QStringLiteral("^pub(?:\\s*\\([^)]*\\))?\\s+"));
    static const QRegularExpression implementation(
        QStringLiteral("^(?:unsafe\\s+)?impl\\s+(?:[\\w:]+\\s+for\\s+)?([\\w:]+)"));
    static const QRegularExpression module(QStringLiteral("^(?:unsafe\\s+)?(?:auto\\s+)?(?:trait|mod)\\s+(\\w+)"));
    static const QRegularExpression function(
        QStringLiteral("^(?:(?:const|async|unsafe|extern\\s*(?:\"\")?)\\s+)*fn\\s+(\\w+)"));
    static const QRegularExpression item(
        QStringLiteral("^(?:(?:struct|enum|union|type)\\s+|(?:const|static)\\s+(?:mut\\s+)?|macro_rules!\\s*)(\\w+)"));
    header.remove(visibility);
    if (const QString name = matched(implementation, header); !name.isEmpty()) {
        return {name, true};
    }
    if (const QString name = matched(module, header); !name.isEmpty()) {
        return {name, true};
    }
    if (const QString name = matched(function, header); !name.isEmpty()) {
        return {name, false};
    }
    return {matched(item, header), false};
}

Description describe(const QString& header, Dialect dialect)
{
    // Annotations, decorators and attributes name nothing.
    static const QRegularExpression annotation(
        QStringLiteral("@(?!interface\\b)[\\w$.]+(?:\\s*\\((?:[^()]|\\([^()]*\\))*\\))?"));
    static const QRegularExpression rustAttribute(QStringLiteral("#!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]"));
    static const QRegularExpression cppAttribute(QStringLiteral("\\[\\[.*?\\]\\]"));
    QString cleaned = header;
    switch (dialect) {
    case Dialect::Java:
    case Dialect::JavaScript:
        cleaned.remove(annotation);
        break;
    case Dialect::Rust:
        cleaned.remove(rustAttribute);
        break;
    case Dialect::Cpp:
        cleaned.remove(cppAttribute);
        break;
    case Dialect::C:
    case Dialect::Go:
        break;
    }
    if (dialect != Dialect::C && dialect != Dialect::Go) {
        cleaned = withoutAngleBrackets(cleaned);
    }
    cleaned = cleaned.simplified();
    switch (dialect) {
    case Dialect::C:
    case Dialect::Cpp:
        return describeC(cleaned);
    case Dialect::Java:
        return describeJava(cleaned);
    case Dialect::JavaScript:
        return describeJavaScript(cleaned);
    case Dialect::Go:
        return describeGo(cleaned);
    case Dialect::Rust:
        return describeRust(cleaned);
    }
    return {};
}

class EntryBuilder
{
public:
    EntryBuilder(const QString& text, const Lexed& lexed, Dialect dialect)
        : m_lexed(lexed)
        , m_dialect(dialect)
    {
        m_lineStarts.append(0);
        for (qsizetype index = 0; index < text.size(); ++index) {
            if (text.at(index) == u'\n') {
                m_lineStarts.append(index + 1);
            }
        }
    }

    std::vector<OutlineEntry> entries(const std::vector<Statement>& statements) const
    {
        std::vector<OutlineEntry> result;
        result.reserve(statements.size());
        for (const Statement& statement : statements) {
            const QString header = m_lexed.code.mid(statement.start, statement.mainOpen - statement.start);
            const Description description = describe(header, m_dialect);
            // `int count{0};`, `static {`, a bare block: nothing to name or call, so left to the
            // code around it.
            if (description.symbol.isEmpty() && !description.isContainer && !header.contains(u'(')) {
                continue;
            }
            OutlineEntry entry;
            entry.firstLine = withCommentsAbove(lineOf(statement.start)) + 1;
            entry.lastLine = lineOf(statement.last) + 1;
            entry.symbol = description.symbol;
            entry.isContainer = description.isContainer;
            if (entry.isContainer) {
                entry.members = entries(statement.members);
            }
            result.push_back(std::move(entry));
        }
        return result;
    }

private:
    int lineOf(qsizetype position) const
    {
        return static_cast<int>(std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), position)
                                - m_lineStarts.begin())
            - 1;
    }

    int withCommentsAbove(int line) const
    {
        while (line > 0 && m_lexed.lineHasComment.at(line - 1) && !m_lexed.lineHasCode.at(line - 1)) {
            --line;
        }
        return line;
    }

    const Lexed& m_lexed;
    const Dialect m_dialect;
    QList<qsizetype> m_lineStarts;
};
} // namespace

std::vector<OutlineEntry> BraceOutliner::outline(const QString& text, Dialect dialect)
{
    const Lexed lexed = Lexer(text, dialect).run();
    return EntryBuilder(text, lexed, dialect).entries(statementsOf(lexed.code, dialect));
}
