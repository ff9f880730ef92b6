#include "editor/EditorDocument.h"
#include "editor/YamlEditor.h"

#include <QApplication>
#include <QHelpEvent>
#include <QTest>
#include <QToolTip>
#include <QUndoStack>

namespace
{
// A seed-style document: `context` beside `items` draws an info diagnostic with a quick fix.
const QString SeedStyle = QStringLiteral("title: High jitter (±80ms @ 8Hz)\n"
                                         "items:\n"
                                         "- call:\n"
                                         "    method: GET\n"
                                         "    url: http://localhost:9090/\n"
                                         "context:\n"
                                         "    upstreams:\n"
                                         "    - http://localhost:9090/\n"
                                         "    faults:\n"
                                         "    - type: jitter\n"
                                         "      amplitude: 80.0\n"
                                         "      frequency: 8.0\n");
} // namespace

// The YAML view: it shows the document's text and diagnostics, sends typing to the document, and
// applies a line's quick fix from its margin.
class TestYamlEditor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsTheDocumentAndItsDiagnostics();
    void typingGoesToTheDocument();
    void documentChangesShowAtOnceEvenAfterWideCharacters();
    void aMarkerExplainsItselfInATooltip();
    void aClickOnTheLightBulbAppliesTheQuickFix();
    void undoIsTheDocumentsNotQScintillas();

private:
    int fixableLine() const;
    // The middle of line's marker, in the viewport.
    QPoint markerPoint(int line) const;

    std::unique_ptr<EditorDocument> m_document;
    std::unique_ptr<YamlEditor> m_editor;
};

void TestYamlEditor::init()
{
    m_document = std::make_unique<EditorDocument>();
    m_document->setUnsavedText(QStringLiteral("jitter.yaml"), SeedStyle, false);
    m_document->ensureStructureCurrent();
    m_editor = std::make_unique<YamlEditor>();
    m_editor->resize(800, 500);
    m_editor->setDocument(m_document.get());
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void TestYamlEditor::cleanup()
{
    m_editor.reset();
    m_document.reset();
}

void TestYamlEditor::showsTheDocumentAndItsDiagnostics()
{
    QCOMPARE(m_editor->text(), SeedStyle);
    const int line = fixableLine();
    QVERIFY(line > 0);
    QVERIFY(m_editor->markersAtLine(line - 1) & (1u << YamlEditor::QuickFixMarker));
    QVERIFY(!m_editor->diagnosticsAtLine(line).isEmpty());
    QCOMPARE(m_editor->markersAtLine(0), 0u);
}

void TestYamlEditor::typingGoesToTheDocument()
{
    m_editor->setFocus();
    m_editor->setCursorPosition(0, 7);
    QTest::keyClicks(m_editor.get(), QStringLiteral("Very "));
    QVERIFY(m_document->text().startsWith(QStringLiteral("title: Very High jitter")));
    QCOMPARE(m_editor->text(), m_document->text());
    QTRY_COMPARE(m_document->structure().documents.at(0).scenario.title,
                 QStringLiteral("Very High jitter (±80ms @ 8Hz)"));
}

void TestYamlEditor::documentChangesShowAtOnceEvenAfterWideCharacters()
{
    Scenario scenario = m_document->structure().documents.at(0).scenario;
    scenario.title = QStringLiteral("Jitter ±80 ms, «8 Hz» 🌩");
    m_document->replaceScenario(0, scenario, QStringLiteral("title"));
    QCOMPARE(m_editor->text(), m_document->text());
    scenario.items[0].call.url = QStringLiteral("http://localhost:9090/ünïcode");
    m_document->replaceScenario(0, scenario, QStringLiteral("URL"));
    QCOMPARE(m_editor->text(), m_document->text());
}

void TestYamlEditor::aMarkerExplainsItselfInATooltip()
{
    const QPoint point = markerPoint(fixableLine());
    QHelpEvent help(QEvent::ToolTip, point, m_editor->viewport()->mapToGlobal(point));
    QApplication::sendEvent(m_editor->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Click the light bulb to apply")), qPrintable(QToolTip::text()));
}

void TestYamlEditor::aClickOnTheLightBulbAppliesTheQuickFix()
{
    QTest::mouseClick(m_editor->viewport(), Qt::LeftButton, {}, markerPoint(fixableLine()));
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_editor->text(), m_document->text());
    QTRY_VERIFY(m_document->isStructureCurrent());
    QCOMPARE(fixableLine(), 0);
}

void TestYamlEditor::undoIsTheDocumentsNotQScintillas()
{
    m_editor->setFocus();
    m_editor->setCursorPosition(0, 0);
    QTest::keyClicks(m_editor.get(), QStringLiteral("# note"));
    QTest::keyClick(m_editor.get(), Qt::Key_Return);
    QCOMPARE(m_document->undoStack()->count(), 1);
    QVERIFY(m_document->text().startsWith(QStringLiteral("# note\n")));
    // QScintilla keeps no history of its own: its undo does nothing, the document's restores.
    m_editor->undo();
    QCOMPARE(m_editor->text(), m_document->text());
    m_document->undoStack()->undo();
    QCOMPARE(m_document->text(), SeedStyle);
    QCOMPARE(m_editor->text(), SeedStyle);
}

int TestYamlEditor::fixableLine() const
{
    for (const Diagnostic& diagnostic : m_document->structure().diagnostics) {
        if (diagnostic.fix) {
            return diagnostic.location.line;
        }
    }
    return 0;
}

QPoint TestYamlEditor::markerPoint(int line) const
{
    const long position = m_editor->positionFromLineIndex(line - 1, 0);
    const int top = static_cast<int>(m_editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, position));
    return {m_editor->marginWidth(0) + m_editor->marginWidth(1) / 2, top + m_editor->textHeight(line - 1) / 2};
}

QTEST_MAIN(TestYamlEditor)
#include "TestYamlEditor.moc"
