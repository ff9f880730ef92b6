#pragma once

#include "scenario/Diagnostic.h"
#include "scenario/SourceLines.h"

#include <optional>
#include <yaml-cpp/yaml.h>

// What reading one YAML document of a file shares: the file's lines, where the document lies in
// them, and the diagnostics found so far. It turns the parser's marks (0-based, in bytes, from
// the start of the document) into locations in the file (1-based, in characters).
class YamlDocumentContext
{
public:
    YamlDocumentContext(const SourceLines& lines, const QString& fileName, int firstLine, int lastLine);

    const SourceLines& lines() const;
    int lastLine() const;

    // Marks the parser could not place (at the end of input) are put on the document's last line.
    int lineOf(const YAML::Mark& mark) const;
    SourceLocation locationOf(const YAML::Mark& mark) const;
    SourceLocation locationOf(const YAML::Node& node) const;
    SourceLocation locationAt(int line, int column = 1) const;

    void report(Diagnostic::Severity severity, const SourceLocation& location, const QString& code,
                const QString& message, const std::optional<QuickFix>& fix = std::nullopt);
    void error(const YAML::Node& node, const QString& code, const QString& message,
               const std::optional<QuickFix>& fix = std::nullopt);
    void warning(const YAML::Node& node, const QString& code, const QString& message,
                 const std::optional<QuickFix>& fix = std::nullopt);

    const Diagnostics& diagnostics() const;
    bool hasErrors() const;

    // Aliases let a small file name the same mapping many times over; reading stops with an
    // error once a document has cost more than this many keys and list entries.
    static constexpr int WorkBudget = 200000;
    // Counts cost against the budget; false (after one error) once it is spent.
    bool spend(int cost);

private:
    const SourceLines& m_lines;
    QString m_fileName;
    int m_firstLine;
    int m_lastLine;
    Diagnostics m_diagnostics;
    int m_spent = 0;
};
