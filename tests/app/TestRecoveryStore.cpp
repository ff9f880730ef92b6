#include "EditorDocument.h"
#include "GuiTestSupport.h"
#include "RecoveryStore.h"
#include "Workspace.h"

#include <QDir>
#include <QPushButton>
#include <QTest>
#include <QUndoStack>

using namespace GuiTestSupport;

namespace
{
constexpr std::chrono::milliseconds ShortInterval{50};

// The unsaved copies the store keeps in folder, whichever session wrote them.
QStringList recoveryCopies(const QString& folder)
{
    QStringList copies;
    const QDir root(folder);
    for (const QString& session : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        copies << QDir(root.filePath(session)).entryList({QStringLiteral("*.yaml")}, QDir::Files);
    }
    return copies;
}
} // namespace

// Unsaved work is copied every interval and offered back after a crash.
class TestRecoveryStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void modifiedDocumentsAreCopiedEveryInterval();
    void aCrashedSessionIsOfferedBackAtTheNextStart();
    void aCleanExitLeavesNothingToRecover();
    void declinedFilesAreForgotten();
    void aRunningSessionIsNotTakenForACrashedOne();

private:
    // A window with one modified file, its copy written; then destroyed without closing, as a crash would.
    void crashWithUnsavedWork(const QString& text);

    std::unique_ptr<QTemporaryDir> m_folder;
};

void TestRecoveryStore::initTestCase()
{
    isolateSettings(QStringLiteral("TestRecoveryStore"));
}

void TestRecoveryStore::init()
{
    m_folder = std::make_unique<QTemporaryDir>();
}

void TestRecoveryStore::modifiedDocumentsAreCopiedEveryInterval()
{
    const QString folder = m_folder->filePath(QStringLiteral("recovery"));
    Workspace workspace;
    RecoveryStore store(folder, ShortInterval);
    store.watch(&workspace);
    EditorDocument* saved
        = workspace.addUnsavedDocument(QStringLiteral("saved.yaml"), QStringLiteral("title: A\n"), false);
    EditorDocument* edited
        = workspace.addUnsavedDocument(QStringLiteral("edited.yaml"), QStringLiteral("title: B\n"), false);
    edited->editText(QStringLiteral("title: B, edited\n"));
    QTRY_COMPARE(recoveryCopies(folder).size(), 1);
    Q_UNUSED(saved)

    // Saved again: its copy goes at the next interval.
    QString error;
    QVERIFY(edited->saveAs(m_folder->filePath(QStringLiteral("edited.yaml")), &error));
    QTRY_COMPARE(recoveryCopies(folder).size(), 0);
}

void TestRecoveryStore::aCrashedSessionIsOfferedBackAtTheNextStart()
{
    crashWithUnsavedWork(QStringLiteral("title: Unsaved work\n"));

    MainWindow window(windowOptions(*m_folder));
    window.show();
    QWidget* offer = find<QWidget>(&window, QStringLiteral("recoveryFrame"));
    QVERIFY(offer && offer->isVisible());
    find<QPushButton>(&window, QStringLiteral("recoverButton"))->click();

    QCOMPARE(window.workspace()->documents().size(), 1);
    EditorDocument* recovered = window.workspace()->documents().constFirst();
    QCOMPARE(recovered->text(), QStringLiteral("title: Unsaved work\n"));
    QVERIFY(recovered->isModified());
    QCOMPARE(recovered->path(), m_folder->filePath(QStringLiteral("work.yaml")));
    QVERIFY(!offer->isVisible());
    // Recovered files are this session's now: the crashed session's folder is gone.
    QCOMPARE(recoveryCopies(windowOptions(*m_folder).recoveryFolder).size(), 1);
}

void TestRecoveryStore::aCleanExitLeavesNothingToRecover()
{
    {
        MainWindow window(windowOptions(*m_folder));
        window.show();
        window.newFile()->saveAs(m_folder->filePath(QStringLiteral("new.yaml")), nullptr);
        window.saveRecoveryNow();
        QVERIFY(window.close());
    }
    RecoveryStore store(windowOptions(*m_folder).recoveryFolder, ShortInterval);
    QVERIFY(store.orphanedFiles().isEmpty());
}

void TestRecoveryStore::declinedFilesAreForgotten()
{
    crashWithUnsavedWork(QStringLiteral("title: Not wanted\n"));
    {
        MainWindow window(windowOptions(*m_folder));
        window.show();
        find<QPushButton>(&window, QStringLiteral("discardRecoveryButton"))->click();
        QVERIFY(window.workspace()->documents().isEmpty());
        QVERIFY(window.close());
    }
    RecoveryStore store(windowOptions(*m_folder).recoveryFolder, ShortInterval);
    QVERIFY(store.orphanedFiles().isEmpty());
}

void TestRecoveryStore::aRunningSessionIsNotTakenForACrashedOne()
{
    const QString folder = m_folder->filePath(QStringLiteral("recovery"));
    Workspace workspace;
    RecoveryStore running(folder, ShortInterval);
    running.watch(&workspace);
    workspace.addUnsavedDocument(QStringLiteral("open.yaml"), QStringLiteral("title: Open\n"), true);
    running.saveNow();
    QCOMPARE(recoveryCopies(folder).size(), 1);

    RecoveryStore another(folder, ShortInterval);
    QVERIFY(another.orphanedFiles().isEmpty());
}

void TestRecoveryStore::crashWithUnsavedWork(const QString& text)
{
    auto window = std::make_unique<MainWindow>(windowOptions(*m_folder));
    EditorDocument* document = window->newFile();
    QString error;
    QVERIFY2(document->saveAs(m_folder->filePath(QStringLiteral("work.yaml")), &error), qPrintable(error));
    document->editText(text);
    window->saveRecoveryNow();
    QCOMPARE(recoveryCopies(windowOptions(*m_folder).recoveryFolder).size(), 1);
    // No close(): the session's folder stays, and its lock goes with the process.
    window.reset();
}

QTEST_MAIN(TestRecoveryStore)
#include "TestRecoveryStore.moc"
