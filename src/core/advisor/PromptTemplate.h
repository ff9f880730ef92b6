#pragma once

#include <memory>
#include <optional>

#include <QString>
#include <QVariantMap>

// A prompt template in the subset of Jinja that the fault CLI's Tera/Jinja templates use, parsed once into a tree
// and rendered as Jinja 2's default Environment renders it: no trim_blocks, no lstrip_blocks, one final newline of
// the template dropped, "\r\n" and "\r" read as "\n", undefined values printed as nothing.
//   {{ expression }}; {% if %} {% elif %} {% else %} {% endif %}; {% for x in list %} {% else %} {% endfor %} with
//   loop.index, index0, revindex, revindex0, first, last and length; {# comments #}; and '-' just inside any
//   delimiter ({%- -%} {{- -}} {#- -#}) to strip all the whitespace on that side ('+' is accepted and does nothing).
//   Expressions: names, a.b, 'strings' and "strings" (with Python's escapes), integers, true, false, none, not, and,
//   or (which give an operand, as in Python), ==, != and parentheses, and the filters capitalize, upper, lower,
//   trim(characters), default(value, boolean), join(separator) and length.
// Unlike Jinja's, capitalize upper-cases the first character and leaves the rest as written: "SRE" stays "SRE"
// where Jinja gives "Sre".
class PromptTemplate
{
public:
    // Where a template went wrong: "file:line:column: message".
    struct Error
    {
        QString file;
        int line = 0;
        int column = 0;
        QString message;

        QString toString() const;
    };

    // Bounds that keep any template, however hostile, from exhausting the stack, the memory or the time.
    static constexpr int MaximumNesting = 64;
    static constexpr qsizetype MaximumOutputLength = 8 * 1024 * 1024;
    static constexpr qint64 MaximumRenderSteps = 4 * 1000 * 1000;

    // Parses text (read from fileName, which errors name); nullopt and error set when it does not parse.
    static std::optional<PromptTemplate> parse(const QString& text, const QString& fileName, Error* error);

    // Renders with context: strings, numbers, booleans, QVariantList or QStringList, and QVariantMap (x.y) values;
    // an invalid QVariant is Jinja's none. A null QString and error set when it fails (an attribute read from an
    // undefined value, a filter or a loop given a value it cannot take, a bound above exceeded).
    QString render(const QVariantMap& context, Error* error = nullptr) const;

private:
    struct Tree;

    QString m_fileName;
    // Shared by copies: a parsed template never changes.
    std::shared_ptr<const Tree> m_tree;
};
