#include "GuiTestSupport.h"
#include "editor/EditorDocument.h"
#include "shell/FileWriterPool.h"
#include "shell/RecoveryStore.h"
#include "shell/Workspace.h"

#include <QDir>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace GuiTestSupport;

namespace
{
constexpr std::chrono::milliseconds ShortInterval{50};
// Long enough that no round starts on its own during a test.
constexpr std::chrono::hours LongInterval{1};
constexpr int FileTimeoutMs = 20000;

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

// A running session's store, keeping its copies in folder, with one modified file open in workspace.
std::unique_ptr<RecoveryStore> startSession(const QString& folder, Workspace& workspace,
                                            std::chrono::milliseconds interval)
{
    auto store = std::make_unique<RecoveryStore>(folder, interval);
    store->watch(&workspace);
    workspace.addUnsavedDocument(QStringLiteral("open.yaml"), QStringLiteral("title: Open\n"), true);
    return store;
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
    void copiesAreWrittenOffTheGuiThreadOneRoundAtATime();

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
    edited->saveAs(m_folder->filePath(QStringLiteral("edited.yaml")));
    QTRY_VERIFY(!edited->isModified());
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
    QVERIFY(!offer->isVisible());

    // Read on a worker thread: the files open once they are read.
    QTRY_COMPARE_WITH_TIMEOUT(window.workspace()->documents().size(), 1, FileTimeoutMs);
    EditorDocument* recovered = window.workspace()->documents().constFirst();
    QCOMPARE(recovered->text(), QStringLiteral("title: Unsaved work\n"));
    QVERIFY(recovered->isModified());
    QCOMPARE(recovered->path(), m_folder->filePath(QStringLiteral("work.yaml")));
    // Recovered files are this session's now: the crashed session's folder is gone.
    QTRY_COMPARE_WITH_TIMEOUT(recoveryCopies(windowOptions(*m_folder).recoveryFolder).size(), 1, FileTimeoutMs);
}

void TestRecoveryStore::aCleanExitLeavesNothingToRecover()
{
    {
        MainWindow window(windowOptions(*m_folder));
        window.show();
        window.newFile()->saveAs(m_folder->filePath(QStringLiteral("new.yaml")));
        window.saveRecoveryNow();
        QVERIFY(window.close());
    }
    QTRY_COMPARE_WITH_TIMEOUT(recoveryCopies(windowOptions(*m_folder).recoveryFolder).size(), 0, FileTimeoutMs);
    RecoveryStore store(windowOptions(*m_folder).recoveryFolder, ShortInterval);
    QCOMPARE(store.orphanCount(), 0);
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
    QTRY_COMPARE_WITH_TIMEOUT(recoveryCopies(windowOptions(*m_folder).recoveryFolder).size(), 0, FileTimeoutMs);
    RecoveryStore store(windowOptions(*m_folder).recoveryFolder, ShortInterval);
    QCOMPARE(store.orphanCount(), 0);
}

void TestRecoveryStore::aRunningSessionIsNotTakenForACrashedOne()
{
    const QString folder = m_folder->filePath(QStringLiteral("recovery"));
    Workspace workspace;
    const std::unique_ptr<RecoveryStore> running = startSession(folder, workspace, ShortInterval);
    running->saveNow();
    QTRY_COMPARE_WITH_TIMEOUT(recoveryCopies(folder).size(), 1, FileTimeoutMs);

    RecoveryStore another(folder, ShortInterval);
    QCOMPARE(another.orphanCount(), 0);
}

void TestRecoveryStore::copiesAreWrittenOffTheGuiThreadOneRoundAtATime()
{
    const QString folder = m_folder->filePath(QStringLiteral("recovery"));
    Workspace workspace;
    const std::unique_ptr<RecoveryStore> store = startSession(folder, workspace, LongInterval);
    QSignalSpy saved(store.get(), &RecoveryStore::copiesSaved);

    // The file writer held up: a copy written on this thread would be there at once.
    const auto release = std::make_shared<QSemaphore>();
    FileWriterPool::instance()->start([release] { release->tryAcquire(1, FileTimeoutMs); });
    store->saveNow();
    store->saveNow();
    store->saveNow();
    QCOMPARE(recoveryCopies(folder).size(), 0);
    QCOMPARE(saved.count(), 0);

    // The round under way, then one more for the two asked for meanwhile.
    release->release();
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, FileTimeoutMs);
    QVERIFY(FileWriterPool::instance()->waitForDone(FileTimeoutMs));
    QCoreApplication::processEvents();
    QCOMPARE(saved.count(), 2);
    QCOMPARE(recoveryCopies(folder).size(), 1);
}

void TestRecoveryStore::crashWithUnsavedWork(const QString& text)
{
    auto window = std::make_unique<MainWindow>(windowOptions(*m_folder));
    EditorDocument* document = window->newFile();
    document->saveAs(m_folder->filePath(QStringLiteral("work.yaml")));
    QTRY_VERIFY(!document->isModified());
    document->editText(text);
    window->saveRecoveryNow();
    // The whole round on disk, its metadata too, before the "crash".
    QVERIFY(FileWriterPool::instance()->waitForDone(FileTimeoutMs));
    QCOMPARE(recoveryCopies(windowOptions(*m_folder).recoveryFolder).size(), 1);
    // No close(): the session's folder stays, and its lock goes with the process.
    window.reset();
}

QTEST_MAIN(TestRecoveryStore)
#include "TestRecoveryStore.moc"
