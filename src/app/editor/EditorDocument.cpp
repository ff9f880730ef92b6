#include "editor/EditorDocument.h"

#include "editor/BackgroundParser.h"
#include "editor/TextChangeCommand.h"
#include "scenario/ScenarioWriter.h"
#include "shell/FileWriterPool.h"
#include "shell/WorkerTask.h"
#include "store/AtomicFile.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace
{
// Long enough to let a typist finish a word, short enough to feel live.
constexpr int TypingParseDelayMs = 300;

void shiftDiagnostic(Diagnostic& diagnostic, int lines)
{
    diagnostic.location.line += lines;
    if (diagnostic.fix) {
        for (TextEdit& edit : diagnostic.fix->edits) {
            edit.startLine += lines;
            edit.endLine += lines;
        }
    }
}

void shiftDocument(ScenarioDocument& document, int lines)
{
    document.location.line += lines;
    document.lastLine += lines;
    for (int& line : document.itemLines) {
        line += lines;
    }
}

int lineCount(const QString& text)
{
    return static_cast<int>(text.count(QLatin1Char('\n'))) + (text.endsWith(QLatin1Char('\n')) ? 0 : 1);
}
} // namespace

EditorDocument::EditorDocument(QObject* parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
    , m_parser(new BackgroundParser(this))
{
    m_parseTimer.setSingleShot(true);
    connect(&m_parseTimer, &QTimer::timeout, this,
            [this] { m_parser->parse(m_revision, m_text, diagnosticsFileName()); });
    connect(m_parser, &BackgroundParser::parsed, this, &EditorDocument::acceptParse);
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this] { emit modifiedChanged(isModified()); });
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, &EditorDocument::acceptLoad);
}

EditorDocument::~EditorDocument() = default;

QString EditorDocument::path() const
{
    return m_path;
}

QString EditorDocument::displayName() const
{
    return m_path.isEmpty() ? m_displayName : QFileInfo(m_path).fileName();
}

const QString& EditorDocument::text() const
{
    return m_text;
}

const ScenarioFile& EditorDocument::structure() const
{
    return m_structure;
}

bool EditorDocument::isStructureCurrent() const
{
    return !m_loading && m_structureRevision == m_revision;
}

QUndoStack* EditorDocument::undoStack() const
{
    return m_undoStack;
}

bool EditorDocument::isModified() const
{
    return m_recoveredUnsaved || !m_undoStack->isClean();
}

bool EditorDocument::isLoading() const
{
    return m_loading;
}

bool EditorDocument::isSaving() const
{
    return m_savesUnderWay > 0;
}

void EditorDocument::load(const QString& path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_loading = true;
    emit displayNameChanged();
    m_loadWatcher.setFuture(QtConcurrent::run([path] {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return FileText{{}, tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString())};
        }
        if (file.size() > MaximumFileSize) {
            return FileText{{},
                            tr("%1 is %2 MB, more than a scenario file can be (%3 MB).")
                                .arg(QDir::toNativeSeparators(path))
                                .arg(file.size() / (1024 * 1024))
                                .arg(MaximumFileSize / (1024 * 1024))};
        }
        return FileText{QString::fromUtf8(file.readAll()), {}};
    }));
}

void EditorDocument::acceptLoad()
{
    const FileText file = m_loadWatcher.result();
    m_loading = false;
    if (!file.error.isEmpty()) {
        emit loadFailed(file.error);
        return;
    }
    m_text = file.text;
    ++m_revision;
    scheduleParse(0);
    emit loaded();
}

void EditorDocument::setUnsavedText(const QString& displayName, const QString& text, bool modified)
{
    m_displayName = displayName;
    m_text = text;
    m_recoveredUnsaved = modified;
    ++m_revision;
    scheduleParse(0);
    emit displayNameChanged();
    emit modifiedChanged(isModified());
}

void EditorDocument::setRecoveredPath(const QString& path)
{
    m_path = path;
    emit displayNameChanged();
}

void EditorDocument::saveAs(const QString& path)
{
    const QString absolutePath = QFileInfo(path).absoluteFilePath();
    if (m_loading) {
        emit saveFailed(tr("%1 is still loading: it is not saved.").arg(QDir::toNativeSeparators(m_path)));
        return;
    }
    ++m_savesUnderWay;
    // The text as it is now: typing while the file is written goes into the next save.
    WorkerTask::run(
        FileWriterPool::instance(), this,
        [absolutePath, text = m_text] {
            QString error;
            writeFileAtomically(absolutePath, text.toUtf8(), &error);
            return error;
        },
        [this, absolutePath, revision = m_revision](const QString& error) {
            acceptSave(absolutePath, revision, error);
        });
}

void EditorDocument::acceptSave(const QString& absolutePath, quint64 revision, const QString& error)
{
    --m_savesUnderWay;
    if (!error.isEmpty()) {
        emit saveFailed(error);
        return;
    }
    const bool renamed = absolutePath != m_path;
    m_path = absolutePath;
    if (revision == m_revision) {
        m_recoveredUnsaved = false;
        m_undoStack->setClean();
        emit modifiedChanged(isModified());
    }
    if (renamed) {
        emit displayNameChanged();
    }
    emit saved();
}

void EditorDocument::editText(const QString& newText)
{
    const TextChange change = TextChange::between(m_text, newText);
    if (!change.isEmpty()) {
        pushChange(change, EditOrigin::YamlView, TextChangeCommand::typingMergeKey(), tr("Typing"));
    }
}

void EditorDocument::replaceScenario(int documentIndex, const Scenario& scenario, const QString& field)
{
    ensureStructureCurrent();
    if (documentIndex < 0 || documentIndex >= m_structure.documents.size()) {
        return;
    }
    const ScenarioDocument& document = m_structure.documents.at(documentIndex);
    const qsizetype begin = lineOffset(document.location.line);
    const qsizetype end = lineOffset(document.lastLine + 1);
    QString yaml = QString::fromUtf8(ScenarioWriter::toYaml(scenario));
    // The last document of a file without a final line break keeps it that way.
    if (end == m_text.size() && !m_text.endsWith(QLatin1Char('\n')) && yaml.endsWith(QLatin1Char('\n'))) {
        yaml.chop(1);
    }
    const TextChange change{begin, m_text.mid(begin, end - begin), yaml};
    if (change.isEmpty()) {
        return;
    }
    m_structureOfNextChange = structureAfterReplacing(documentIndex, yaml);
    pushChange(change, EditOrigin::Form, QStringLiteral("form/%1/%2").arg(documentIndex).arg(field),
               tr("Edit %1").arg(field));
}

void EditorDocument::appendScenario(const Scenario& scenario)
{
    ensureStructureCurrent();
    QString addition;
    if (!m_text.isEmpty() && !m_text.endsWith(QLatin1Char('\n'))) {
        addition += QLatin1Char('\n');
    }
    if (!m_structure.documents.isEmpty()) {
        addition += QStringLiteral("---\n");
    }
    addition += QString::fromUtf8(ScenarioWriter::toYaml(scenario));
    pushChange({m_text.size(), {}, addition}, EditOrigin::Action, {}, tr("Add scenario"));
}

void EditorDocument::removeScenario(int documentIndex)
{
    ensureStructureCurrent();
    const QList<ScenarioDocument>& documents = m_structure.documents;
    if (documentIndex < 0 || documentIndex >= documents.size()) {
        return;
    }
    // With the `---` that separates it from its neighbour.
    qsizetype begin = 0;
    qsizetype end = 0;
    if (documentIndex > 0) {
        begin = lineOffset(documents.at(documentIndex - 1).lastLine + 1);
        end = lineOffset(documents.at(documentIndex).lastLine + 1);
    } else {
        begin = lineOffset(documents.at(0).location.line);
        end = documents.size() > 1 ? lineOffset(documents.at(1).location.line)
                                   : lineOffset(documents.at(0).lastLine + 1);
    }
    pushChange({begin, m_text.mid(begin, end - begin), {}}, EditOrigin::Action, {}, tr("Remove scenario"));
}

void EditorDocument::applyQuickFix(const QuickFix& fix)
{
    const TextChange change = TextChange::between(m_text, applyTextEdits(m_text, fix.edits));
    if (!change.isEmpty()) {
        pushChange(change, EditOrigin::Action, {}, fix.title);
    }
}

void EditorDocument::ensureStructureCurrent()
{
    if (m_loading || isStructureCurrent()) {
        return;
    }
    m_parseTimer.stop();
    m_structure = ScenarioLoader::loadText(m_text.toUtf8(), diagnosticsFileName());
    m_structureRevision = m_revision;
    emit structureChanged();
}

void EditorDocument::applyChange(const TextChange& change, EditOrigin origin)
{
    change.applyTo(m_text);
    ++m_revision;
    std::optional<ScenarioFile> structure;
    structure.swap(m_structureOfNextChange);
    if (origin == EditOrigin::Form && structure) {
        m_parseTimer.stop();
        m_structure = std::move(*structure);
        m_structureRevision = m_revision;
    } else {
        scheduleParse(origin == EditOrigin::YamlView ? TypingParseDelayMs : 0);
    }
    emit textChanged(change, origin);
    if (isStructureCurrent()) {
        emit structureChanged();
    }
}

void EditorDocument::pushChange(const TextChange& change, EditOrigin origin, const QString& mergeKey,
                                const QString& description)
{
    m_undoStack->push(new TextChangeCommand(this, change, origin, mergeKey, description));
}

void EditorDocument::scheduleParse(int delayMs)
{
    m_parseTimer.start(delayMs);
}

void EditorDocument::acceptParse(quint64 revision, const ScenarioFile& file)
{
    // Older than the text, or already parsed by ensureStructureCurrent().
    if (revision != m_revision || revision == m_structureRevision) {
        return;
    }
    m_structure = file;
    m_structureRevision = revision;
    emit structureChanged();
}

qsizetype EditorDocument::lineOffset(int line) const
{
    qsizetype offset = 0;
    for (int current = 1; current < line; ++current) {
        const qsizetype lineBreak = m_text.indexOf(QLatin1Char('\n'), offset);
        if (lineBreak < 0) {
            return m_text.size();
        }
        offset = lineBreak + 1;
    }
    return offset;
}

QString EditorDocument::diagnosticsFileName() const
{
    return m_path.isEmpty() ? m_displayName : m_path;
}

// The structure after the documentIndex-th document is replaced by yaml: that document parsed
// alone (it is small), the others only moved. Nothing when yaml is not exactly one document.
std::optional<ScenarioFile> EditorDocument::structureAfterReplacing(int documentIndex, const QString& yaml) const
{
    ScenarioFile alone = ScenarioLoader::loadText(yaml.toUtf8(), diagnosticsFileName());
    if (alone.documents.size() != 1) {
        return std::nullopt;
    }
    const ScenarioDocument& old = m_structure.documents.at(documentIndex);
    const int firstLine = old.location.line;
    const int lastLine = old.lastLine;
    const int offset = firstLine - alone.documents.at(0).location.line;
    const int moved = lineCount(yaml) - (lastLine - firstLine + 1);

    ScenarioFile result = m_structure;
    ScenarioDocument replacement = alone.documents.at(0);
    shiftDocument(replacement, offset);
    replacement.index = documentIndex;
    result.documents[documentIndex] = replacement;
    for (int index = documentIndex + 1; index < result.documents.size(); ++index) {
        shiftDocument(result.documents[index], moved);
    }

    Diagnostics diagnostics;
    for (Diagnostic diagnostic : m_structure.diagnostics) {
        if (diagnostic.location.line < firstLine || diagnostic.location.line > lastLine) {
            shiftDiagnostic(diagnostic, diagnostic.location.line > lastLine ? moved : 0);
            diagnostics.append(diagnostic);
        }
    }
    for (Diagnostic diagnostic : alone.diagnostics) {
        shiftDiagnostic(diagnostic, offset);
        diagnostics.append(diagnostic);
    }
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.location.line < b.location.line; });
    result.diagnostics = diagnostics;
    return result;
}
