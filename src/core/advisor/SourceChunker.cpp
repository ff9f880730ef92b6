#include "advisor/SourceChunker.h"

#include "advisor/BraceOutliner.h"
#include "advisor/PythonOutliner.h"

#include <algorithm>
#include <optional>

#include <QFileInfo>
#include <QHash>
#include <QStringList>

namespace
{
const QHash<QString, QString>& languagesBySuffix()
{
    static const QHash<QString, QString> languages{
        {QStringLiteral("py"), QStringLiteral("python")},
        {QStringLiteral("pyi"), QStringLiteral("python")},
        {QStringLiteral("pyw"), QStringLiteral("python")},
        {QStringLiteral("js"), QStringLiteral("javascript")},
        {QStringLiteral("mjs"), QStringLiteral("javascript")},
        {QStringLiteral("cjs"), QStringLiteral("javascript")},
        {QStringLiteral("jsx"), QStringLiteral("javascript")},
        {QStringLiteral("ts"), QStringLiteral("typescript")},
        {QStringLiteral("tsx"), QStringLiteral("typescript")},
        {QStringLiteral("mts"), QStringLiteral("typescript")},
        {QStringLiteral("cts"), QStringLiteral("typescript")},
        {QStringLiteral("go"), QStringLiteral("go")},
        {QStringLiteral("java"), QStringLiteral("java")},
        {QStringLiteral("c"), QStringLiteral("c")},
        {QStringLiteral("h"), QStringLiteral("cpp")},
        {QStringLiteral("cc"), QStringLiteral("cpp")},
        {QStringLiteral("cpp"), QStringLiteral("cpp")},
        {QStringLiteral("cxx"), QStringLiteral("cpp")},
        {QStringLiteral("c++"), QStringLiteral("cpp")},
        {QStringLiteral("hh"), QStringLiteral("cpp")},
        {QStringLiteral("hpp"), QStringLiteral("cpp")},
        {QStringLiteral("hxx"), QStringLiteral("cpp")},
        {QStringLiteral("ipp"), QStringLiteral("cpp")},
        {QStringLiteral("inl"), QStringLiteral("cpp")},
        {QStringLiteral("rs"), QStringLiteral("rust")},
        {QStringLiteral("kt"), QStringLiteral("kotlin")},
        {QStringLiteral("kts"), QStringLiteral("kotlin")},
        {QStringLiteral("swift"), QStringLiteral("swift")},
        {QStringLiteral("cs"), QStringLiteral("csharp")},
        {QStringLiteral("rb"), QStringLiteral("ruby")},
        {QStringLiteral("php"), QStringLiteral("php")},
        {QStringLiteral("scala"), QStringLiteral("scala")},
        {QStringLiteral("sh"), QStringLiteral("shell")},
        {QStringLiteral("bash"), QStringLiteral("shell")},
        {QStringLiteral("zsh"), QStringLiteral("shell")},
        {QStringLiteral("sql"), QStringLiteral("sql")},
        {QStringLiteral("html"), QStringLiteral("html")},
        {QStringLiteral("htm"), QStringLiteral("html")},
        {QStringLiteral("css"), QStringLiteral("css")},
        {QStringLiteral("scss"), QStringLiteral("css")},
        {QStringLiteral("less"), QStringLiteral("css")},
        {QStringLiteral("vue"), QStringLiteral("vue")},
        {QStringLiteral("svelte"), QStringLiteral("svelte")},
        {QStringLiteral("md"), QStringLiteral("markdown")},
        {QStringLiteral("markdown"), QStringLiteral("markdown")},
        {QStringLiteral("rst"), QStringLiteral("rst")},
        {QStringLiteral("yaml"), QStringLiteral("yaml")},
        {QStringLiteral("yml"), QStringLiteral("yaml")},
        {QStringLiteral("toml"), QStringLiteral("toml")},
        {QStringLiteral("json"), QStringLiteral("json")},
        {QStringLiteral("xml"), QStringLiteral("xml")},
        {QStringLiteral("ini"), QStringLiteral("ini")},
        {QStringLiteral("cfg"), QStringLiteral("ini")},
        {QStringLiteral("conf"), QStringLiteral("ini")},
        {QStringLiteral("properties"), QStringLiteral("properties")},
        {QStringLiteral("proto"), QStringLiteral("protobuf")},
        {QStringLiteral("graphql"), QStringLiteral("graphql")},
        {QStringLiteral("gql"), QStringLiteral("graphql")},
        {QStringLiteral("tf"), QStringLiteral("hcl")},
        {QStringLiteral("hcl"), QStringLiteral("hcl")},
        {QStringLiteral("lua"), QStringLiteral("lua")},
        {QStringLiteral("dart"), QStringLiteral("dart")},
        {QStringLiteral("ex"), QStringLiteral("elixir")},
        {QStringLiteral("exs"), QStringLiteral("elixir")},
        {QStringLiteral("cmake"), QStringLiteral("cmake")},
    };
    return languages;
}

std::optional<BraceOutliner::Dialect> dialectOf(const QString& language)
{
    using Dialect = BraceOutliner::Dialect;
    static const QHash<QString, Dialect> dialects{
        {QStringLiteral("c"), Dialect::C},
        {QStringLiteral("cpp"), Dialect::Cpp},
        {QStringLiteral("java"), Dialect::Java},
        {QStringLiteral("go"), Dialect::Go},
        {QStringLiteral("javascript"), Dialect::JavaScript},
        {QStringLiteral("typescript"), Dialect::JavaScript},
        {QStringLiteral("rust"), Dialect::Rust},
    };
    const auto found = dialects.constFind(language);
    return found == dialects.constEnd() ? std::nullopt : std::optional(*found);
}

class ChunkWriter
{
public:
    ChunkWriter(const QString& path, const QString& language, const QString& text)
        : m_path(path)
        , m_language(language)
        , m_separator(language == QLatin1String("cpp") || language == QLatin1String("rust") ? QStringLiteral("::")
                                                                                            : QStringLiteral("."))
    {
        m_lines = text.split(u'\n');
        if (m_lines.size() > 1 && m_lines.last().isEmpty()) {
            m_lines.removeLast();
        }
        for (QString& line : m_lines) {
            if (line.endsWith(u'\r')) {
                line.chop(1);
            }
        }
    }

    int lineCount() const
    {
        return static_cast<int>(m_lines.size());
    }

    // Lines first to last (1-based), with the entries among them as chunks of their own; the rest
    // under containerSymbol.
    void write(const std::vector<OutlineEntry>& entries, int first, int last, const QString& containerSymbol)
    {
        int next = first;
        for (const OutlineEntry& entry : entries) {
            if (entry.firstLine > next) {
                writeRange(next, entry.firstLine - 1, containerSymbol);
            }
            QString symbol = entry.symbol.isEmpty() ? containerSymbol : entry.symbol;
            if (!entry.symbol.isEmpty() && !containerSymbol.isEmpty()) {
                symbol = containerSymbol + m_separator + entry.symbol;
            }
            if (entry.isContainer && !entry.members.empty()) {
                write(entry.members, entry.firstLine, entry.lastLine, symbol);
            } else {
                writeRange(entry.firstLine, entry.lastLine, symbol);
            }
            next = std::max(next, entry.lastLine + 1);
        }
        if (next <= last) {
            writeRange(next, last, containerSymbol);
        }
    }

    QList<CodeChunk> takeChunks()
    {
        return std::move(m_chunks);
    }

private:
    const QString& line(int number) const
    {
        return m_lines.at(number - 1);
    }

    bool isBlank(int number) const
    {
        return line(number).trimmed().isEmpty();
    }

    void writeRange(int first, int last, const QString& symbol)
    {
        while (first <= last && isBlank(first)) {
            ++first;
        }
        while (last >= first && isBlank(last)) {
            --last;
        }
        if (first > last) {
            return;
        }
        qsizetype characters = 0;
        for (int number = first; number <= last; ++number) {
            characters += line(number).size() + 1;
        }
        if (last - first + 1 <= SourceChunker::MaxChunkLines && characters <= SourceChunker::MaxChunkCharacters) {
            append(first, last, symbol);
            return;
        }
        for (int start = first;;) {
            int end = start;
            qsizetype windowCharacters = line(start).size();
            while (end < last && end - start + 1 < SourceChunker::WindowLines
                   && windowCharacters + 1 + line(end + 1).size() <= SourceChunker::MaxChunkCharacters) {
                ++end;
                windowCharacters += 1 + line(end).size();
            }
            append(start, end, symbol);
            if (end >= last) {
                return;
            }
            start = std::max(start + 1, end - SourceChunker::WindowOverlap + 1);
        }
    }

    void append(int first, int last, const QString& symbol)
    {
        QString text;
        bool hasWord = false;
        for (int number = first; number <= last; ++number) {
            const QString& current = line(number);
            hasWord = hasWord
                || std::any_of(current.cbegin(), current.cend(), [](QChar c) { return c.isLetterOrNumber(); });
            if (number > first) {
                text.append(u'\n');
            }
            text.append(current);
        }
        if (!hasWord) {
            return;
        }
        text.truncate(SourceChunker::MaxChunkCharacters);
        m_chunks.append(CodeChunk{m_path, first, last, symbol, m_language, text});
    }

    const QString& m_path;
    const QString& m_language;
    const QString m_separator;
    QStringList m_lines;
    QList<CodeChunk> m_chunks;
};
} // namespace

QString SourceChunker::languageOf(const QString& path)
{
    const QFileInfo info(path);
    const QString name = info.fileName().toLower();
    if (name == QLatin1String("dockerfile") || name.startsWith(QLatin1String("dockerfile."))) {
        return QStringLiteral("dockerfile");
    }
    if (name == QLatin1String("makefile") || name == QLatin1String("gnumakefile")) {
        return QStringLiteral("makefile");
    }
    if (name == QLatin1String("cmakelists.txt")) {
        return QStringLiteral("cmake");
    }
    return languagesBySuffix().value(info.suffix().toLower(), QStringLiteral("text"));
}

QList<CodeChunk> SourceChunker::chunk(const QString& path, const QString& text)
{
    const QString language = languageOf(path);
    std::vector<OutlineEntry> entries;
    if (language == QLatin1String("python")) {
        entries = PythonOutliner::outline(text);
    } else if (const std::optional<BraceOutliner::Dialect> dialect = dialectOf(language)) {
        entries = BraceOutliner::outline(text, *dialect);
    }
    ChunkWriter writer(path, language, text);
    writer.write(entries, 1, writer.lineCount(), QString());
    return writer.takeChunks();
}
