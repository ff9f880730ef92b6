#pragma once

#include "scenario/Diagnostic.h"
#include "scenario/YamlDocumentContext.h"

#include <optional>

#include <QList>

// A key and its value as whole lines of a block mapping: the key stands at column (0-based).
struct LineBlock
{
    int firstLine = 0;
    int lastLine = 0;
    int column = 0;
};

// Where moved lines go: before line (which may be one past the last), with their key at column.
struct InsertionPoint
{
    int line = 0;
    int column = 0;
};

// Builds quick fixes that move blocks of lines to where their keys belong, re-indented so the
// YAML means what the user meant.
class KeyMoveFix
{
public:
    // Spaces a nested key is indented by when a fix creates the nesting.
    static constexpr int IndentStep = 2;

    explicit KeyMoveFix(const YamlDocumentContext& context);

    // The lines of the key of a block mapping and its value, when the key starts its line.
    std::optional<LineBlock> blockOf(const YAML::Node& mapping, const YAML::Node& key) const;
    // After the last line of a non-empty block mapping, beside its keys.
    std::optional<InsertionPoint> endOf(const YAML::Node& mapping) const;
    // Under a key whose value was left empty, indented one step deeper.
    std::optional<InsertionPoint> under(const YAML::Node& emptyKey) const;

    // The block's lines, moved so that its key stands at column; each line ends with a line break.
    QString reindented(const LineBlock& block, int column) const;
    // The first line of the block alone, re-indented.
    QString reindentedKeyLine(const LineBlock& block, int column) const;

    // Removes each removed block and puts text before each line of insertBefore (which may be
    // one past the last line). An insertion next to a removal becomes one replacement, so that
    // the edits never overlap.
    QuickFix move(const QString& title, const QList<LineBlock>& removed, const QString& text,
                  const QList<int>& insertBefore) const;

private:
    QString reindentedLine(int line, int shift) const;

    const YamlDocumentContext& m_context;
    const SourceLines& m_lines;
};
