#include "editor/EditorDocument.h"
#include "scenario/ScenarioLoader.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

namespace
{
// Two scenarios written the way people write them: comments, quotes, their own spacing.
const QString HandWritten = QStringLiteral("# Checkout scenarios, kept by hand\n"
                                           "title:   \"Slow checkout\"   # the title\n"
                                           "items:\n"
                                           "- call: {method: GET, url: 'http://localhost:9090/cart'}\n"
                                           "  context:\n"
                                           "    faults:\n"
                                           "    - {type: latency, mean: 800.0}\n"
                                           "---\n"
                                           "title: Flaky payments\n"
                                           "items:\n"
                                           "  - call:\n"
                                           "      method: POST\n"
                                           "      url: http://localhost:9090/pay\n");

// Reading and writing files take a worker thread a moment: well within this, however busy the machine.
constexpr int FileTimeoutMs = 20000;

Scenario scenarioOf(const EditorDocument& document, int index)
{
    return document.structure().documents.at(index).scenario;
}

QString contentsOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}
} // namespace

// The document both views edit: its text, its structure, and its one undo history.
class TestEditorDocument : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void aFormEditRewritesOnlyItsOwnDocument();
    void aFormEditUpdatesTheStructureAtOnce();
    void editsOfOneFieldAreOneUndoStep();
    void typingIsOneUndoStepAndUndoRestoresTheText();
    void typingIsParsedAfterAPauseAndOnlyTheLatestTextCounts();
    void aLargeFileIsParsedOffTheGuiThread();
    void scenariosAreAppendedAndRemovedWithTheirSeparator();
    void aQuickFixIsOneUndoableEdit();
    void savingWritesTheTextAsItIs();
    void savingWritesTheTextAsItWasWhenAsked();
    void aFailedSaveKeepsTheDocumentModified();
    void aLargeFileLoadsWhileTheEventLoopTurns();
    void aFileTooLargeIsRefused();

private:
    QTemporaryDir m_folder;
    std::unique_ptr<EditorDocument> m_document;
};

void TestEditorDocument::init()
{
    m_document = std::make_unique<EditorDocument>();
    m_document->setUnsavedText(QStringLiteral("checkout.yaml"), HandWritten, false);
    m_document->ensureStructureCurrent();
    QCOMPARE(m_document->structure().documents.size(), 2);
}

void TestEditorDocument::cleanup()
{
    m_document.reset();
}

void TestEditorDocument::aFormEditRewritesOnlyItsOwnDocument()
{
    Scenario payments = scenarioOf(*m_document, 1);
    payments.title = QStringLiteral("Flaky payments under load");
    m_document->replaceScenario(1, payments, QStringLiteral("title"));

    const QString firstDocument = HandWritten.left(HandWritten.indexOf(QStringLiteral("---\n")) + 4);
    QVERIFY2(m_document->text().startsWith(firstDocument), qPrintable(m_document->text()));
    QVERIFY(m_document->text().contains(QStringLiteral("title: Flaky payments under load")));
    QCOMPARE(ScenarioLoader::loadText(m_document->text().toUtf8(), {}).scenarios().at(1), payments);
}

void TestEditorDocument::aFormEditUpdatesTheStructureAtOnce()
{
    QSignalSpy structureChanged(m_document.get(), &EditorDocument::structureChanged);
    Scenario checkout = scenarioOf(*m_document, 0);
    checkout.items[0].call.url = QStringLiteral("http://localhost:9090/basket");
    m_document->replaceScenario(0, checkout, QStringLiteral("URL"));

    QCOMPARE(structureChanged.count(), 1);
    QVERIFY(m_document->isStructureCurrent());
    QCOMPARE(scenarioOf(*m_document, 0), checkout);
    // The scenario after it moved with the text: its lines are where a parse puts them.
    const ScenarioFile parsed = ScenarioLoader::loadText(m_document->text().toUtf8(), QStringLiteral("checkout.yaml"));
    QCOMPARE(m_document->structure().documents.at(1).location.line, parsed.documents.at(1).location.line);
    QCOMPARE(m_document->structure().documents.at(1).lastLine, parsed.documents.at(1).lastLine);
    QCOMPARE(m_document->structure().documents.at(1).itemLines, parsed.documents.at(1).itemLines);
}

void TestEditorDocument::editsOfOneFieldAreOneUndoStep()
{
    Scenario checkout = scenarioOf(*m_document, 0);
    for (const QString& title : {QStringLiteral("S"), QStringLiteral("Sl"), QStringLiteral("Slow")}) {
        checkout.title = title;
        m_document->replaceScenario(0, checkout, QStringLiteral("title"));
    }
    checkout.description = QStringLiteral("Another field");
    m_document->replaceScenario(0, checkout, QStringLiteral("description"));
    QCOMPARE(m_document->undoStack()->count(), 2);
    QVERIFY(m_document->isModified());

    m_document->undoStack()->undo();
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text(), HandWritten);
    QVERIFY(!m_document->isModified());
}

void TestEditorDocument::typingIsOneUndoStepAndUndoRestoresTheText()
{
    const qsizetype at = HandWritten.indexOf(QStringLiteral("Flaky")) + 5;
    QString typed;
    const auto type = [&] {
        QString text = HandWritten;
        m_document->editText(text.insert(at, typed));
    };
    for (const QChar character : QStringLiteral(" card")) {
        typed += character;
        type();
    }
    typed.chop(1); // a backspace
    type();
    QCOMPARE(m_document->undoStack()->count(), 1);
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text(), HandWritten);
    m_document->undoStack()->redo();
    QCOMPARE(m_document->text(), QString(HandWritten).insert(at, QStringLiteral(" car")));
}

void TestEditorDocument::typingIsParsedAfterAPauseAndOnlyTheLatestTextCounts()
{
    QSignalSpy structureChanged(m_document.get(), &EditorDocument::structureChanged);
    for (const QString& title : {QStringLiteral("Flaky paym"), QStringLiteral("Flaky payments!")}) {
        m_document->editText(QString(HandWritten).replace(QStringLiteral("Flaky payments"), title));
        QVERIFY(!m_document->isStructureCurrent());
    }
    QTRY_VERIFY(m_document->isStructureCurrent());
    QCOMPARE(structureChanged.count(), 1);
    QCOMPARE(scenarioOf(*m_document, 1).title, QStringLiteral("Flaky payments!"));
}

void TestEditorDocument::aLargeFileIsParsedOffTheGuiThread()
{
    QString large;
    constexpr int Scenarios = 2000;
    for (int index = 0; index < Scenarios; ++index) {
        large += QStringLiteral(
                     "title: Scenario %1\nitems:\n- call:\n    method: GET\n    url: http://localhost:9090/%1\n---\n")
                     .arg(index);
    }
    m_document->editText(large);
    // editText returned before any parse: the structure still describes the old text.
    QCOMPARE(m_document->structure().documents.size(), 2);
    QVERIFY(!m_document->isStructureCurrent());
    QTRY_VERIFY_WITH_TIMEOUT(m_document->isStructureCurrent(), 30000);
    QCOMPARE(m_document->structure().documents.size(), Scenarios);
}

void TestEditorDocument::scenariosAreAppendedAndRemovedWithTheirSeparator()
{
    Scenario added;
    added.title = QStringLiteral("Added");
    added.items.append(Item{});
    added.items[0].call.url = QStringLiteral("http://localhost:9090/added");
    m_document->appendScenario(added);
    m_document->ensureStructureCurrent();
    QCOMPARE(m_document->structure().documents.size(), 3);
    QCOMPARE(scenarioOf(*m_document, 2), added);
    QVERIFY(m_document->text().startsWith(HandWritten));

    m_document->removeScenario(1);
    m_document->ensureStructureCurrent();
    QCOMPARE(m_document->structure().documents.size(), 2);
    QCOMPARE(scenarioOf(*m_document, 1), added);
    m_document->removeScenario(0);
    m_document->ensureStructureCurrent();
    QCOMPARE(m_document->structure().documents.size(), 1);
    QCOMPARE(scenarioOf(*m_document, 0), added);
    QVERIFY(!m_document->text().startsWith(QStringLiteral("---")));
}

void TestEditorDocument::aQuickFixIsOneUndoableEdit()
{
    const QuickFix fix{QStringLiteral("Rename"), {TextEdit{2, 10, 2, 25, QStringLiteral("Fast checkout")}}};
    m_document->applyQuickFix(fix);
    QVERIFY(m_document->text().contains(QStringLiteral("title:   Fast checkout   # the title")));
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Rename"));
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text(), HandWritten);
}

void TestEditorDocument::savingWritesTheTextAsItIs()
{
    m_document->editText(HandWritten + QStringLiteral("# end\n"));
    QVERIFY(m_document->isModified());
    const QString path = m_folder.filePath(QStringLiteral("saved.yaml"));
    QSignalSpy saved(m_document.get(), &EditorDocument::saved);
    m_document->saveAs(path);
    QVERIFY(m_document->isSaving());
    QVERIFY(saved.wait(FileTimeoutMs));
    QVERIFY(!m_document->isSaving());
    QVERIFY(!m_document->isModified());
    QCOMPARE(m_document->displayName(), QStringLiteral("saved.yaml"));
    QCOMPARE(contentsOf(path), HandWritten + QStringLiteral("# end\n"));

    EditorDocument reopened;
    QSignalSpy loaded(&reopened, &EditorDocument::loaded);
    reopened.load(path);
    QVERIFY(loaded.wait(FileTimeoutMs));
    QCOMPARE(reopened.text(), m_document->text());
    QVERIFY(!reopened.isModified());
}

void TestEditorDocument::savingWritesTheTextAsItWasWhenAsked()
{
    const QString asked = HandWritten + QStringLiteral("# saved\n");
    m_document->editText(asked);
    const QString path = m_folder.filePath(QStringLiteral("snapshot.yaml"));
    QSignalSpy saved(m_document.get(), &EditorDocument::saved);
    m_document->saveAs(path);
    // Typed while the file is written: not in this save, and still unsaved after it.
    m_document->editText(asked + QStringLiteral("# typed meanwhile\n"));
    QVERIFY(saved.wait(FileTimeoutMs));
    QCOMPARE(contentsOf(path), asked);
    QVERIFY(m_document->isModified());
    QCOMPARE(m_document->path(), path);

    m_document->saveAs(path);
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, FileTimeoutMs);
    QVERIFY(!m_document->isModified());
    QCOMPARE(contentsOf(path), asked + QStringLiteral("# typed meanwhile\n"));
}

void TestEditorDocument::aFailedSaveKeepsTheDocumentModified()
{
    // A folder that is a regular file: no write gets through, not even as root.
    const QString notAFolder = m_folder.filePath(QStringLiteral("not-a-folder"));
    QFile file(notAFolder);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    m_document->editText(HandWritten + QStringLiteral("# unsaved\n"));
    const QString path = notAFolder + QStringLiteral("/scenarios.yaml");
    QSignalSpy failed(m_document.get(), &EditorDocument::saveFailed);
    m_document->saveAs(path);
    QVERIFY(failed.wait(FileTimeoutMs));
    const QString error = failed.constFirst().constFirst().toString();
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY(m_document->isModified());
    QVERIFY(m_document->path().isEmpty());
    QVERIFY(!m_document->isSaving());
}

void TestEditorDocument::aLargeFileLoadsWhileTheEventLoopTurns()
{
    // 8 MiB of comments: large to read, quick to parse.
    const QString path = m_folder.filePath(QStringLiteral("large.yaml"));
    const QByteArray line = QByteArray(63, '#') + '\n';
    constexpr int Lines = 8 * 1024 * 1024 / 64;
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(line.repeated(Lines)) == qint64(line.size()) * Lines);
    }
    int turns = 0;
    QTimer turning;
    turning.setInterval(0);
    connect(&turning, &QTimer::timeout, this, [&turns] { ++turns; });
    turning.start();
    int turnsWhenLoaded = -1;
    EditorDocument document;
    connect(&document, &EditorDocument::loaded, this, [&] { turnsWhenLoaded = turns; });
    QSignalSpy loaded(&document, &EditorDocument::loaded);

    document.load(path);
    QVERIFY(document.isLoading());
    QVERIFY(!document.isStructureCurrent());
    QCOMPARE(document.path(), path);
    QVERIFY(document.text().isEmpty());
    QVERIFY(loaded.wait(FileTimeoutMs));
    QVERIFY2(turnsWhenLoaded > 0, qPrintable(QString::number(turnsWhenLoaded)));
    QVERIFY(!document.isLoading());
    QCOMPARE(document.text().size(), qsizetype(line.size()) * Lines);
}

void TestEditorDocument::aFileTooLargeIsRefused()
{
    const QString path = m_folder.filePath(QStringLiteral("huge.yaml"));
    QFile huge(path);
    QVERIFY(huge.open(QIODevice::WriteOnly));
    QVERIFY(huge.resize(EditorDocument::MaximumFileSize + 1));
    huge.close();
    for (const QString& name : {QStringLiteral("huge.yaml"), QStringLiteral("missing.yaml")}) {
        EditorDocument document;
        QSignalSpy failed(&document, &EditorDocument::loadFailed);
        document.load(m_folder.filePath(name));
        QVERIFY(failed.wait(FileTimeoutMs));
        const QString error = failed.constFirst().constFirst().toString();
        QVERIFY2(error.contains(QDir::toNativeSeparators(m_folder.filePath(name))), qPrintable(error));
        QVERIFY(!document.isLoading());
        QVERIFY(document.text().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestEditorDocument)
#include "TestEditorDocument.moc"
