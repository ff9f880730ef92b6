#include "GuiTestSupport.h"
#include "editor/EditorDocument.h"
#include "shell/FileWriterPool.h"
#include "shell/MainActions.h"
#include "shell/MainWindow.h"
#include "shell/Workspace.h"
#include "store/RunStore.h"
#include "support/DemoTarget.h"

#include <csignal>
#include <cstdio>

#include <QAction>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace GuiTestSupport;

namespace
{
constexpr int TimeoutMs = 30000;
// Set in the child this test starts: "FOLDER|SCENARIO". The child is the GUI that gets killed.
const char* const ChildVariable = "AFTERSHOCK_KILLED_GUI";
const QString UnsavedEdit = QStringLiteral("# an edit never saved\n");

// Calls stored for the only run of the store at path, or -1 when there is none yet.
qsizetype storedCalls(const QString& path)
{
    RunStore store(path);
    QString error;
    if (!QFile::exists(path) || !store.open(&error) || store.runs().isEmpty()) {
        return -1;
    }
    return store.calls(store.runs().first().id, 0, 0).size();
}

// The child: the real window and runner on the scenario, an unsaved edit copied for recovery, a
// load run under way; "ready" once the store holds calls. Then it waits for its SIGKILL.
int runKilledChild(const QString& argument)
{
    const QString folder = argument.section(QLatin1Char('|'), 0, 0);
    const QString scenarioPath = argument.section(QLatin1Char('|'), 1);
    isolateSettings(QStringLiteral("TestMainWindowKilled"));
    MainWindowOptions options = windowOptions(folder);
    options.makeRunner = {}; // the real runner
    MainWindow window(options);
    window.show();
    EditorDocument* document = window.openFile(scenarioPath);
    if (!QTest::qWaitFor([document] { return !document->isLoading(); }, TimeoutMs)) {
        return 3;
    }
    document->editText(document->text() + UnsavedEdit);
    window.saveRecoveryNow();
    if (!FileWriterPool::instance()->waitForDone(TimeoutMs)
        || !QTest::qWaitFor([&window] { return window.mainActions()->run->isEnabled(); }, TimeoutMs)) {
        return 4;
    }
    window.mainActions()->run->trigger();
    if (!QTest::qWaitFor([&options] { return storedCalls(options.storePath) >= 10; }, TimeoutMs)) {
        return 5;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    return QApplication::exec();
}
} // namespace

// SIGKILL the GUI in the middle of a load run (issue 16, crash safety): at the next start the run
// store opens with the run marked interrupted and its calls kept, the scenario file is as it was,
// and the unsaved edit is offered back.
class TestMainWindowKilled : public QObject
{
    Q_OBJECT

private slots:
    void aKilledWindowLosesNeitherTheRunNorTheEdit();
};

void TestMainWindowKilled::aKilledWindowLosesNeitherTheRunNorTheEdit()
{
    DemoTarget target;
    QString error;
    QVERIFY2(target.start(&error), qPrintable(error));
    QTemporaryDir folder;
    const QString scenarioPath = folder.filePath(QStringLiteral("load.yaml"));
    const QByteArray scenario
        = QStringLiteral("title: Load\nitems:\n- call:\n    method: GET\n    url: %1/\n  context:\n"
                         "    strategy:\n      mode: load\n      duration: 60s\n      clients: 2\n"
                         "      rps: 5\n")
              .arg(target.baseUrl())
              .toUtf8();
    QFile file(scenarioPath);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(scenario) == scenario.size());
    file.close();

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(ChildVariable), folder.path() + QLatin1Char('|') + scenarioPath);
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForStarted(TimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(child.peek(64).contains("ready") || child.state() == QProcess::NotRunning, 2 * TimeoutMs);
    QVERIFY2(child.state() == QProcess::Running,
             qPrintable(QStringLiteral("the child ended with %1").arg(child.exitCode())));
    ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished(TimeoutMs));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), scenario);
    file.close();

    // The next start: the dead run is marked interrupted once its heartbeat is stale.
    const MainWindowOptions options = windowOptions(folder);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&options] {
            RunStore store(options.storePath);
            QString openError;
            return store.open(&openError, 1000) && store.runs().value(0).status == QStringLiteral("interrupted");
        }(),
        TimeoutMs);
    QVERIFY(storedCalls(options.storePath) >= 10);

    isolateSettings(QStringLiteral("TestMainWindowKilled"));
    MainWindow window(options);
    window.show();
    QWidget* offer = require<QWidget>(&window, QStringLiteral("recoveryFrame"));
    QVERIFY(offer->isVisible());
    require<QPushButton>(&window, QStringLiteral("recoverButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(window.workspace()->documents().size(), 1, TimeoutMs);
    EditorDocument* recovered = window.workspace()->documents().constFirst();
    QCOMPARE(recovered->text(), QString::fromUtf8(scenario) + UnsavedEdit);
    QCOMPARE(recovered->path(), scenarioPath);
}

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    if (qEnvironmentVariableIsSet(ChildVariable)) {
        return runKilledChild(qEnvironmentVariable(ChildVariable));
    }
    TestMainWindowKilled test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestMainWindowKilled.moc"
