#include "EditorDocument.h"
#include "scenario/ScenarioLoader.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
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

Scenario scenarioOf(const EditorDocument& document, int index)
{
    return document.structure().documents.at(index).scenario;
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
    QString error;
    QVERIFY2(m_document->saveAs(path, &error), qPrintable(error));
    QVERIFY(!m_document->isModified());
    QCOMPARE(m_document->displayName(), QStringLiteral("saved.yaml"));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(saved.readAll()), HandWritten + QStringLiteral("# end\n"));

    EditorDocument reopened;
    QVERIFY(reopened.load(path, &error));
    QCOMPARE(reopened.text(), m_document->text());
    QVERIFY(!reopened.isModified());
}

void TestEditorDocument::aFileTooLargeIsRefused()
{
    const QString path = m_folder.filePath(QStringLiteral("huge.yaml"));
    QFile huge(path);
    QVERIFY(huge.open(QIODevice::WriteOnly));
    QVERIFY(huge.resize(EditorDocument::MaximumFileSize + 1));
    huge.close();
    EditorDocument document;
    QString error;
    QVERIFY(!document.load(path, &error));
    QVERIFY2(error.contains(QStringLiteral("huge.yaml")), qPrintable(error));
    QVERIFY(!document.load(m_folder.filePath(QStringLiteral("missing.yaml")), &error));
    QVERIFY2(error.contains(QStringLiteral("missing.yaml")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestEditorDocument)
#include "TestEditorDocument.moc"
