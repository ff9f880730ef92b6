#include "scenario/YamlDocumentSplitter.h"

namespace
{
// `---` or `...` at the start of a line, alone or followed by a space.
bool isMarker(QByteArrayView line, char marker)
{
    return line.size() >= 3 && line[0] == marker && line[1] == marker && line[2] == marker
        && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

// Text after a `---` marker that is more than a comment, such as `--- |` or `--- !tag`.
bool hasContentAfterMarker(QByteArrayView line)
{
    const QByteArrayView rest = line.sliced(3).trimmed();
    return !rest.isEmpty() && rest[0] != '#';
}

bool isContent(const SourceLines& lines, int line)
{
    return lines.indentation(line) >= 0 && !lines.bytes(line).startsWith('%');
}
} // namespace

QList<YamlDocumentRange> YamlDocumentSplitter::split(const SourceLines& lines)
{
    QList<YamlDocumentRange> documents;
    YamlDocumentRange pending;
    bool hasContent = false;
    bool hasMarker = false; // the pending document has its `---` already
    const auto startAt = [&](int line) {
        pending = YamlDocumentRange{line, line, line};
        hasContent = false;
        hasMarker = false;
    };
    for (int line = 1; line <= lines.lineCount(); ++line) {
        const QByteArrayView bytes = lines.bytes(line);
        if (isMarker(bytes, '-')) {
            if (hasContent) {
                pending.lastLine = line - 1;
                documents.append(pending);
            }
            // Directives and comments before the first `---` of a document stay with it.
            if (hasContent || hasMarker) {
                startAt(line);
            }
            pending.contentLine = line + 1;
            hasMarker = true;
            hasContent = hasContentAfterMarker(bytes);
        } else if (isMarker(bytes, '.')) {
            if (hasContent) {
                pending.lastLine = line;
                documents.append(pending);
            }
            startAt(line + 1);
        } else if (isContent(lines, line)) {
            hasContent = true;
        }
    }
    if (hasContent) {
        pending.lastLine = lines.lineCount();
        documents.append(pending);
    }
    return documents;
}
