#include "scenario/YamlDocumentContext.h"

#include <algorithm>

YamlDocumentContext::YamlDocumentContext(const SourceLines& lines, const QString& fileName, int firstLine, int lastLine)
    : m_lines(lines)
    , m_fileName(fileName)
    , m_firstLine(firstLine)
    , m_lastLine(lastLine)
{ }

const SourceLines& YamlDocumentContext::lines() const
{
    return m_lines;
}

int YamlDocumentContext::lastLine() const
{
    return m_lastLine;
}

int YamlDocumentContext::lineOf(const YAML::Mark& mark) const
{
    if (mark.is_null() || mark.line < 0) {
        return m_lastLine;
    }
    return std::clamp(m_firstLine + mark.line, m_firstLine, m_lastLine);
}

SourceLocation YamlDocumentContext::locationOf(const YAML::Mark& mark) const
{
    const int line = lineOf(mark);
    const int byteColumn = mark.is_null() || line != m_firstLine + mark.line ? 0 : std::max(mark.column, 0);
    return locationAt(line, m_lines.characterColumn(line, byteColumn));
}

SourceLocation YamlDocumentContext::locationOf(const YAML::Node& node) const
{
    return locationOf(node.Mark());
}

SourceLocation YamlDocumentContext::locationAt(int line, int column) const
{
    return SourceLocation{m_fileName, line, column};
}

void YamlDocumentContext::report(Diagnostic::Severity severity, const SourceLocation& location, const QString& code,
                                 const QString& message, const std::optional<QuickFix>& fix)
{
    m_diagnostics.append(Diagnostic{severity, location, message, code, fix});
}

void YamlDocumentContext::error(const YAML::Node& node, const QString& code, const QString& message,
                                const std::optional<QuickFix>& fix)
{
    report(Diagnostic::Severity::Error, locationOf(node), code, message, fix);
}

void YamlDocumentContext::warning(const YAML::Node& node, const QString& code, const QString& message,
                                  const std::optional<QuickFix>& fix)
{
    report(Diagnostic::Severity::Warning, locationOf(node), code, message, fix);
}

const Diagnostics& YamlDocumentContext::diagnostics() const
{
    return m_diagnostics;
}

bool YamlDocumentContext::hasErrors() const
{
    return ::hasErrors(m_diagnostics);
}

bool YamlDocumentContext::spend(int cost)
{
    const bool wasWithinBudget = m_spent <= WorkBudget;
    m_spent += cost;
    if (m_spent <= WorkBudget) {
        return true;
    }
    if (wasWithinBudget) {
        report(Diagnostic::Severity::Error, locationAt(m_firstLine), QStringLiteral("too-large"),
               QStringLiteral("the document holds more than %1 keys once its aliases are expanded").arg(WorkBudget));
    }
    return false;
}
