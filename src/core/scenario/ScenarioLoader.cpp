#include "scenario/ScenarioLoader.h"

#include "scenario/ScenarioDocumentReader.h"
#include "scenario/SourceLines.h"
#include "scenario/YamlDocumentContext.h"
#include "scenario/YamlDocumentSplitter.h"
#include "scenario/YamlInputCheck.h"

#include <algorithm>

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace
{
void reportSyntaxError(YamlDocumentContext& context, const YAML::Exception& exception)
{
    const SourceLocation location = context.locationOf(exception.mark);
    // yaml-cpp says "illegal block entry" and the like for the most common slip of all.
    const QByteArrayView line = context.lines().bytes(location.line);
    qsizetype content = 0;
    while (content < line.size() && (line[content] == ' ' || line[content] == '\t')) {
        ++content;
    }
    const qsizetype tab = line.first(content).indexOf('\t');
    if (tab >= 0) {
        context.report(Diagnostic::Severity::Error, context.locationAt(location.line, static_cast<int>(tab) + 1),
                       QStringLiteral("yaml-syntax"), QStringLiteral("tabs cannot indent YAML: use spaces"));
        return;
    }
    context.report(Diagnostic::Severity::Error, location, QStringLiteral("yaml-syntax"),
                   QStringLiteral("invalid YAML: %1").arg(QString::fromStdString(exception.msg)));
}

ScenarioDocument readDocument(const SourceLines& lines, const QString& fileName, const YamlDocumentRange& range,
                              Diagnostics& diagnostics)
{
    ScenarioDocument document;
    document.location = SourceLocation{fileName, range.contentLine, 1};
    document.lastLine = range.lastLine;
    YamlDocumentContext context(lines, fileName, range.firstLine, range.lastLine);
    if (const std::optional<InputProblem> problem = YamlInputCheck::check(lines, range.firstLine, range.lastLine)) {
        context.report(Diagnostic::Severity::Error,
                       context.locationAt(problem->line, lines.characterColumn(problem->line, problem->byteColumn)),
                       problem->code, problem->message);
    } else {
        // yaml-cpp reports problems by exceptions; none may leave the loader.
        try {
            const QByteArrayView text = lines.lines(range.firstLine, range.lastLine);
            const YAML::Node root = YAML::Load(std::string(text.data(), static_cast<std::size_t>(text.size())));
            document.scenario = ScenarioDocumentReader(context).read(root, document.itemLines);
        } catch (const YAML::Exception& exception) {
            reportSyntaxError(context, exception);
        } catch (const std::exception& exception) {
            context.report(
                Diagnostic::Severity::Error, context.locationAt(range.contentLine), QStringLiteral("yaml-syntax"),
                QStringLiteral("the document cannot be read: %1").arg(QString::fromLocal8Bit(exception.what())));
        }
    }
    document.valid = !context.hasErrors();
    diagnostics.append(context.diagnostics());
    return document;
}
} // namespace

QList<Scenario> ScenarioFile::scenarios() const
{
    QList<Scenario> result;
    for (const ScenarioDocument& document : documents) {
        if (document.valid) {
            result.append(document.scenario);
        }
    }
    return result;
}

bool ScenarioFile::hasErrors() const
{
    return ::hasErrors(diagnostics);
}

ScenarioFile ScenarioLoader::loadText(const QByteArray& text, const QString& fileName)
{
    ScenarioFile file{fileName, {}, {}};
    const SourceLines lines(text);
    const QList<YamlDocumentRange> ranges = YamlDocumentSplitter::split(lines);
    for (const YamlDocumentRange& range : ranges) {
        file.documents.append(readDocument(lines, fileName, range, file.diagnostics));
        file.documents.last().index = static_cast<int>(file.documents.size() - 1);
    }
    if (ranges.isEmpty()) {
        file.diagnostics.append(Diagnostic{Diagnostic::Severity::Warning, SourceLocation{fileName, 1, 1},
                                           QStringLiteral("the file holds no scenario"), QStringLiteral("empty-file"),
                                           std::nullopt});
    }
    std::stable_sort(file.diagnostics.begin(), file.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
    });
    return file;
}

ScenarioFile ScenarioLoader::loadFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return ScenarioFile{path,
                            {},
                            {Diagnostic{Diagnostic::Severity::Error, SourceLocation{path, 0, 0},
                                        QStringLiteral("cannot read the file: %1").arg(file.errorString()),
                                        QStringLiteral("unreadable-file"), std::nullopt}}};
    }
    return loadText(file.readAll(), path);
}

QList<ScenarioFile> ScenarioLoader::loadPath(const QString& path)
{
    if (!QFileInfo(path).isDir()) {
        return {loadFile(path)};
    }
    QStringList paths;
    QDirIterator files(path, {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        paths.append(files.next());
    }
    paths.sort();
    QList<ScenarioFile> result;
    for (const QString& file : paths) {
        result.append(loadFile(file));
    }
    return result;
}
