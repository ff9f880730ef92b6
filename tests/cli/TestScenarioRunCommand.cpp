#include "core/runner/ScriptedHttpServer.h"
#include "runner/ResultsJsonReader.h"
#include "runner/TestVerdict.h"
#include "store/RunStore.h"
#include "support/DemoTarget.h"
#include "support/FileContents.h"
#include "support/LoopbackPort.h"
#include "support/TlsTestServer.h"

#include <csignal>

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace
{
// aftershock-cli with a throwaway data folder, no colour, and everything it printed.
struct CliRun
{
    int exitCode = -1;
    QString output;
    QString errors;
};

class Cli
{
public:
    Cli()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_folder.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
        m_process.setProcessEnvironment(environment);
        m_process.setWorkingDirectory(m_folder.path());
        m_process.setProgram(QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli"));
    }

    void start(const QStringList& arguments)
    {
        m_process.setArguments(QStringList{QStringLiteral("scenario"), QStringLiteral("run")} + arguments);
        m_process.start();
    }
    CliRun finish(int timeoutMs)
    {
        if (!m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
        return CliRun{.exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1,
                      .output = QString::fromUtf8(m_process.readAllStandardOutput()),
                      .errors = QString::fromUtf8(m_process.readAllStandardError())};
    }
    CliRun run(const QStringList& arguments, int timeoutMs = 30000)
    {
        start(arguments);
        return finish(timeoutMs);
    }
    QProcess& process()
    {
        return m_process;
    }
    QString path(const QString& name) const
    {
        return m_folder.filePath(name);
    }
    // The file, with the seed's localhost:9090 pointing at the demo target.
    QString scenarioFile(const QString& name, QByteArray yaml, quint16 port) const
    {
        yaml.replace("localhost:9090", "127.0.0.1:" + QByteArray::number(port));
        QFile file(path(name));
        return file.open(QIODevice::WriteOnly) && file.write(yaml) == yaml.size() ? file.fileName() : QString();
    }

private:
    QTemporaryDir m_folder;
    QProcess m_process;
};

// A scenario of one call to the seed's address that expects status.
QByteArray oneCall(const QByteArray& title, int status)
{
    return "title: " + title + R"(
items:
- call:
    method: GET
    url: http://localhost:9090/
  expect:
    status: )"
        + QByteArray::number(status) + "\n";
}

const QByteArray OneLoadCall = R"(title: Load
items:
- call:
    method: GET
    url: http://localhost:9090/
  context:
    strategy:
      mode: load
      duration: 30s
      clients: 2
      rps: 5
)";
} // namespace

class TestScenarioRunCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void seedScenariosAgainstTheDemoTarget();
    void failedTestExitsWithOne();
    void faultsThatNeverFireAreReported();
    void refusedCallsFailALoadItemWithoutSlo();
    void badInputExitsWithTwo_data();
    void badInputExitsWithTwo();
    void anItemThatCannotRunFailsAlone();
    void httpsVerifiesCertificatesUnlessInsecure();
    void interruptStopsWithinASecond();
    void aTerminalGetsTheLiveViewUnlessNoColor();
    void interruptDrainsIntoResultsAndTheStore();
    void aKilledRunIsKeptAsInterruptedWithItsCalls();
    void steadyStateRecoveryReachesTheReport();

private:
    DemoTarget m_target;
};

void TestScenarioRunCommand::initTestCase()
{
    QString error;
    QVERIFY2(m_target.start(&error), qPrintable(error));
}

void TestScenarioRunCommand::seedScenariosAgainstTheDemoTarget()
{
    Cli cli;
    const QString scenarios = cli.scenarioFile(
        QStringLiteral("seed.yaml"),
        fileContents(QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/seed-corrected.yaml")), m_target.port());
    // "5% packet loss for 4s" is one call through the five-state loss chain, which drops the first
    // write (the request) about one time in ten (0.9 × 0.1 + 0.05 × 0.3 from the good state); the
    // seed fixes the proxy's draws to ones under which that call goes through.
    const CliRun run = cli.run({QStringLiteral("--scenario"), scenarios, QStringLiteral("--report"),
                                QStringLiteral("report.md"), QStringLiteral("--junit"), QStringLiteral("junit.xml"),
                                QStringLiteral("--seed"), QStringLiteral("1")},
                               150000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output + run.errors));
    QVERIFY(run.output.contains(QStringLiteral("================ Running Scenarios ================")));
    QVERIFY(run.output.contains(QStringLiteral("  6/6  Stair-step latency growth (5 x 100 ms) ▮▮▮▮▮▮\n")));
    QVERIFY(run.output.contains(QStringLiteral("Tests run: 13, Tests failed: 0\n")));
    QVERIFY(run.output.contains(QStringLiteral("Total time: ")));
    QVERIFY(!run.output.contains(QLatin1Char('\033'))); // plain: no colour codes or redraws
    QVERIFY(QFile::exists(cli.path(QStringLiteral("report.md"))));
    QVERIFY(QFile::exists(cli.path(QStringLiteral("junit.xml"))));
    QVERIFY(QFile::exists(cli.path(QStringLiteral("data/Aftershock/aftershock-cli/runs.sqlite"))));

    const ResultsJsonReader::Outcome results = ResultsJsonReader::readFile(cli.path(QStringLiteral("results.json")));
    QVERIFY(results.run);
    QCOMPARE(TestVerdict::tally(*results.run).run, 13);
    QCOMPARE(results.run->seed, std::optional<quint64>(1)); // kept for a replay

    // The latency pulses: calls delayed (by 150 or 250 ms, stddev 20) in their windows (10-25%,
    // 40-55%, 70-85% of 10 s), quick ones elsewhere, and the p95 set by the 250 ms pulse.
    const ItemResult& pulses = results.run->scenarios.at(2).items.first();
    for (const CallRecord& call : pulses.calls) {
        const double at = call.intendedStartUs / 100'000.0; // percent of the run
        const bool inWindow = (at >= 10 && at < 25) || (at >= 40 && at < 55) || (at >= 70 && at < 85);
        const QByteArray where = QByteArray::number(at) + "%: " + QByteArray::number(call.latencyMs()) + " ms";
        if (inWindow) {
            QVERIFY2(call.appliedFaults != 0 && call.latencyMs() >= 60, where.constData());
        } else if (at > 1 && (at < 9 || (at > 26 && at < 39) || (at > 56 && at < 69) || at > 86)) {
            QVERIFY2(call.appliedFaults == 0 && call.latencyMs() < 60, where.constData());
        }
    }
    const SloResult& p95 = pulses.slo.first();
    qInfo("latency pulses: p95 %.1f ms, %lld of %lld calls over 300 ms", *p95.observed,
          static_cast<long long>(p95.overThreshold), static_cast<long long>(pulses.calls.size()));
    QVERIFY2(*p95.observed > 200, qPrintable(QString::number(*p95.observed)));
    QVERIFY(pulses.slo.at(1).pass);

    // The black hole (45-55% of 10 s, 500 ms timeout): every error starts in its window or is
    // a call that waited there for its connection.
    const ItemResult& blackhole = results.run->scenarios.at(7).items.first();
    int errors = 0;
    for (const CallRecord& call : blackhole.calls) {
        if (call.failed()) {
            ++errors;
            QCOMPARE(toString(call.errorClass), toString(CallErrorClass::Timeout));
            QVERIFY2(call.intendedStartUs >= 4'400'000 && call.intendedStartUs < 5'600'000,
                     qPrintable(QString::number(call.intendedStartUs)));
        }
    }
    QVERIFY2(errors >= 3, qPrintable(QString::number(errors)));
    // The scenario has no SLO of its own; the guide's report holds it to "under 1% errors" and
    // finds 4 of 62 calls (6.5%), all in the outage.
    const double errorPercent = 100.0 * errors / blackhole.calls.size();
    qInfo("black hole: %d of %lld calls failed (%.1f%%)", errors, static_cast<long long>(blackhole.calls.size()),
          errorPercent);
    QVERIFY(errorPercent > 1);
}

void TestScenarioRunCommand::failedTestExitsWithOne()
{
    Cli cli;
    const QString scenarios = cli.scenarioFile(QStringLiteral("s.yaml"), oneCall("Wrong status", 201), m_target.port());
    const CliRun run = cli.run({QStringLiteral("--scenario"), scenarios, QStringLiteral("--results"),
                                QStringLiteral("out.json"), QStringLiteral("--junit"), QStringLiteral("j.xml")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.output.contains(QStringLiteral("  1/1  Wrong status ✗\n")));
    QVERIFY(run.output.contains(QStringLiteral("Tests run: 1, Tests failed: 1")));
    QVERIFY(fileContents(cli.path(QStringLiteral("j.xml"))).contains("expected status 201, got 200"));
}

void TestScenarioRunCommand::badInputExitsWithTwo_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("message");
    QTest::newRow("broken YAML") << QByteArray("title: [oops\n") << QStringLiteral("s.yaml:");
}

void TestScenarioRunCommand::badInputExitsWithTwo()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, message);
    Cli cli;
    const CliRun run = cli.run({QStringLiteral("--scenario"), cli.scenarioFile(QStringLiteral("s.yaml"), yaml, 1)});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(message), qPrintable(run.errors));
    QCOMPARE(cli.run({QStringLiteral("--scenario"), cli.path(QStringLiteral("missing.yaml"))}).exitCode, 2);
    QCOMPARE(cli.run({}).exitCode, 2);
    const CliRun badSeed = cli.run({QStringLiteral("--scenario"), cli.path(QStringLiteral("s.yaml")),
                                    QStringLiteral("--seed"), QStringLiteral("-1")});
    QCOMPARE(badSeed.exitCode, 2);
    QVERIFY2(badSeed.errors.contains(QStringLiteral("--seed takes a whole number")), qPrintable(badSeed.errors));
}

void TestScenarioRunCommand::anItemThatCannotRunFailsAlone()
{
    Cli cli;
    const QByteArray yaml = "title: t\nitems:\n- call:\n    method: GET\n    url: http://localhost:9090/\n"
                            "    headers:\n      X-A: \"a\\r\\nInjected: 1\"\n"
                            "- call:\n    method: GET\n    url: http://localhost:9090/\n  expect:\n    status: 200\n";
    const CliRun run
        = cli.run({QStringLiteral("--scenario"), cli.scenarioFile(QStringLiteral("s.yaml"), yaml, m_target.port())});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.errors.contains(QStringLiteral("s.yaml:3: error: the header 'X-A' cannot be sent")),
             qPrintable(run.errors));
    QVERIFY2(run.output.contains(QStringLiteral("'t', item 1: the header 'X-A' cannot be sent")),
             qPrintable(run.output));
    QVERIFY2(run.output.contains(QStringLiteral("Tests run: 2, Tests failed: 1")), qPrintable(run.output));
}

void TestScenarioRunCommand::httpsVerifiesCertificatesUnlessInsecure()
{
    // The server answers on a thread of its own while this one waits for the process.
    QThread serverThread;
    auto* server = new TlsTestServer;
    server->moveToThread(&serverThread);
    connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    const auto stopServer = qScopeGuard([&serverThread] {
        serverThread.quit();
        serverThread.wait();
    });
    bool started = false;
    QString error;
    QMetaObject::invokeMethod(
        server, [&] { started = server->start(&error); }, Qt::BlockingQueuedConnection);
    QVERIFY2(started, qPrintable(error));

    Cli cli;
    const QByteArray yaml = "title: tls\nitems:\n- call:\n    method: GET\n    url: https://localhost:"
        + QByteArray::number(server->port()) + "/\n  expect:\n    status: 200\n";
    const QString file = cli.scenarioFile(QStringLiteral("s.yaml"), yaml, 0);
    const CliRun verified = cli.run({QStringLiteral("--scenario"), file});
    QVERIFY2(verified.exitCode == 1, qPrintable(verified.errors));
    QVERIFY2(verified.errors.contains(QStringLiteral("the TLS handshake with localhost failed")),
             qPrintable(verified.errors));
    QVERIFY2(verified.output.contains(QStringLiteral("Tests run: 1, Tests failed: 1")), qPrintable(verified.output));

    const CliRun insecure = cli.run({QStringLiteral("--scenario"), file, QStringLiteral("--insecure")});
    QVERIFY2(insecure.exitCode == 0, qPrintable(insecure.errors));
    QVERIFY2(insecure.errors.contains(QStringLiteral("warning: --insecure: https certificates are not verified")),
             qPrintable(insecure.errors));
    QVERIFY2(insecure.output.contains(QStringLiteral("Tests run: 1, Tests failed: 0")), qPrintable(insecure.output));
}

void TestScenarioRunCommand::interruptStopsWithinASecond()
{
    Cli cli;
    cli.start(
        {QStringLiteral("--scenario"), cli.scenarioFile(QStringLiteral("load.yaml"), OneLoadCall, m_target.port())});
    QVERIFY(cli.process().waitForStarted());
    // Well into the load item: the proxy is up and calls are being made.
    QTest::qWait(2000);
    QElapsedTimer clock;
    clock.start();
    ::kill(static_cast<pid_t>(cli.process().processId()), SIGINT);
    const CliRun run = cli.finish(5000);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.output.contains(QStringLiteral("Cancelled")));
    const ResultsJsonReader::Outcome results = ResultsJsonReader::readFile(cli.path(QStringLiteral("results.json")));
    QVERIFY(results.run);
    QCOMPARE(toString(results.run->status), toString(RunStatus::Cancelled));
    QVERIFY(results.run->scenarios.first().items.first().calls.size() >= 5);
}

void TestScenarioRunCommand::aTerminalGetsTheLiveViewUnlessNoColor()
{
    // script(1) gives the command a pseudo-terminal as its standard output.
    Cli cli;
    const QString scenarios = cli.scenarioFile(QStringLiteral("s.yaml"), oneCall("One call", 200), m_target.port());
    const auto runOnTerminal = [&](bool noColor) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), cli.path(QStringLiteral("data")));
        environment.remove(QStringLiteral("NO_COLOR"));
        if (noColor) {
            environment.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
        }
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(cli.path(QString()));
        const QString command
            = QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli scenario run --scenario ") + scenarios;
        process.start(QStringLiteral("script"), {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished(2000);
        }
        return QString::fromUtf8(process.readAllStandardOutput());
    };
    const QString live = runOnTerminal(false);
    QVERIFY2(live.contains(QStringLiteral("\r\033[2K")), qPrintable(live));
    QVERIFY2(live.contains(QStringLiteral("  1/1  One call \033[32m▮\033[0m")), qPrintable(live));
    QVERIFY(live.contains(QStringLiteral("Tests run: 1, Tests failed: 0")));
    const QString plain = runOnTerminal(true);
    QVERIFY2(plain.contains(QStringLiteral("   1/1  One call ▮")), qPrintable(plain));
    QVERIFY2(!plain.contains(QLatin1Char('\033')), qPrintable(plain));
}

void TestScenarioRunCommand::faultsThatNeverFireAreReported()
{
    // The issue's case: an 800 ms latency fault whose upstreams miss the call's host.
    const QByteArray yaml = R"(title: Never fires
items:
- call:
    method: GET
    url: http://localhost:9090/
  context:
    upstreams: [example.invalid:80]
    faults:
    - {type: latency, mean: 800, stddev: 0}
)";
    Cli cli;
    const CliRun run
        = cli.run({QStringLiteral("--scenario"), cli.scenarioFile(QStringLiteral("s.yaml"), yaml, m_target.port()),
                   QStringLiteral("--results"), QStringLiteral("out.json"), QStringLiteral("--report"),
                   QStringLiteral("report.md")});
    QVERIFY2(run.errors.contains(QStringLiteral("s.yaml:3:3: warning: this item's faults never reach its call")),
             qPrintable(run.errors));
    QVERIFY2(run.output.contains(QStringLiteral("'Never fires', item 1: Latency")), qPrintable(run.output));
    QVERIFY(run.output.contains(QStringLiteral("configured for 1 calls but never applied")));
    const QJsonObject item = QJsonDocument::fromJson(fileContents(cli.path(QStringLiteral("out.json"))))
                                 .object()
                                 .value(QLatin1String("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject();
    const QJsonObject usage = item.value(QLatin1String("fault_usage")).toArray().at(0).toObject();
    QCOMPARE(usage.value(QLatin1String("configured_calls")).toInt(), 1);
    QCOMPARE(usage.value(QLatin1String("applied_calls")).toInt(), 0);
    QVERIFY(usage.value(QLatin1String("never_applied")).toBool());
    QVERIFY(
        fileContents(cli.path(QStringLiteral("report.md"))).contains("configured but never applied (0 of 1 calls)"));

    // Covered, the same fault fires and the run says nothing of it.
    QByteArray covered = yaml;
    covered.replace("example.invalid:80", "localhost:9090");
    const CliRun fired = cli.run({QStringLiteral("--scenario"),
                                  cli.scenarioFile(QStringLiteral("covered.yaml"), covered, m_target.port()),
                                  QStringLiteral("--results"), QStringLiteral("covered.json")});
    QCOMPARE(fired.exitCode, 0);
    QVERIFY2(!fired.output.contains(QStringLiteral("never applied")), qPrintable(fired.output));
    QVERIFY(!fired.errors.contains(QStringLiteral("never reach")));
}

void TestScenarioRunCommand::refusedCallsFailALoadItemWithoutSlo()
{
    // Nothing listens on the port: every call is refused by the upstream, and says so.
    const quint16 port = unusedLoopbackPort();
    QVERIFY(port != 0);
    QByteArray yaml = OneLoadCall;
    yaml.replace("duration: 30s", "duration: 1s");
    Cli cli;
    const CliRun run = cli.run({QStringLiteral("--scenario"), cli.scenarioFile(QStringLiteral("s.yaml"), yaml, port),
                                QStringLiteral("--results"), QStringLiteral("out.json")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.output.contains(QStringLiteral("Tests run: 1, Tests failed: 1")), qPrintable(run.output));
    const QJsonArray calls = QJsonDocument::fromJson(fileContents(cli.path(QStringLiteral("out.json"))))
                                 .object()
                                 .value(QLatin1String("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("results"))
                                 .toArray();
    QVERIFY(calls.size() >= 5);
    for (const QJsonValue& call : calls) {
        QCOMPARE(call.toObject().value(QLatin1String("error_class")).toString(), QStringLiteral("refused"));
        const QJsonObject error = call.toObject().value(QLatin1String("errors")).toArray().at(0).toObject();
        QVERIFY(error.value(QLatin1String("HTTPError")).toString().contains(QLatin1String("refused")));
    }
}

void TestScenarioRunCommand::interruptDrainsIntoResultsAndTheStore()
{
    Cli cli;
    const QString scenarios = cli.scenarioFile(QStringLiteral("load.yaml"), OneLoadCall, m_target.port());
    cli.start({QStringLiteral("--scenario"), scenarios});
    QVERIFY(cli.process().waitForStarted());
    // What the run history will read: the run's row, from another process's connection.
    const QString storePath = cli.path(QStringLiteral("data/Aftershock/aftershock-cli/runs.sqlite"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(storePath), 10000);
    RunStore store(storePath);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const auto storedCalls = [&store] {
        const QList<StoredRun> runs = store.runs();
        return runs.isEmpty() ? 0 : store.calls(runs.first().id, 0, 0).size();
    };
    // Well into the load item: calls are being made and flushed.
    QTRY_VERIFY_WITH_TIMEOUT(storedCalls() >= 5, 10000);
    QCOMPARE(store.runs().first().status, QStringLiteral("running"));

    QElapsedTimer clock;
    clock.start();
    ::kill(static_cast<pid_t>(cli.process().processId()), SIGINT);
    const CliRun run = cli.finish(5000);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(run.exitCode, 1);

    const ResultsJsonReader::Outcome results = ResultsJsonReader::readFile(cli.path(QStringLiteral("results.json")));
    QVERIFY(results.run);
    QCOMPARE(toString(results.run->status), toString(RunStatus::Cancelled));
    const QList<StoredRun> runs = store.runs(QFileInfo(scenarios).absoluteFilePath());
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().status, QStringLiteral("cancelled"));
    QVERIFY(runs.first().endedAtMs >= runs.first().startedAtMs);
    QCOMPARE(QFileInfo(runs.first().resultsPath).fileName(), QStringLiteral("results.json"));
    // Every call results.json has, the store has, and the item's statistics are kept.
    const qsizetype calls = results.run->scenarios.first().items.first().calls.size();
    QCOMPARE(storedCalls(), calls);
    const QList<StoredItem> items = store.items(runs.first().id);
    QCOMPARE(items.size(), 1);
    QVERIFY(items.first().finished);
    QCOMPARE(items.first().calls, calls);
}

void TestScenarioRunCommand::aKilledRunIsKeptAsInterruptedWithItsCalls()
{
    // SIGKILL mid-load: no handler runs, so what survives is what the store had flushed.
    Cli cli;
    const QString scenarios = cli.scenarioFile(QStringLiteral("load.yaml"), OneLoadCall, m_target.port());
    const QByteArray scenarioBytes = fileContents(scenarios);
    cli.start({QStringLiteral("--scenario"), scenarios});
    QVERIFY(cli.process().waitForStarted());
    const QString storePath = cli.path(QStringLiteral("data/Aftershock/aftershock-cli/runs.sqlite"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(storePath), 10000);
    RunStore watching(storePath);
    QString error;
    QVERIFY2(watching.open(&error), qPrintable(error));
    const auto storedCalls = [](RunStore& store) {
        const QList<StoredRun> runs = store.runs();
        return runs.isEmpty() ? CallRecords() : store.calls(runs.first().id, 0, 0);
    };
    QTRY_VERIFY_WITH_TIMEOUT(storedCalls(watching).size() >= 20, 15000);

    ::kill(static_cast<pid_t>(cli.process().processId()), SIGKILL);
    const qint64 killedAtMs = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(cli.process().waitForFinished(5000));
    QCOMPARE(cli.process().exitStatus(), QProcess::CrashExit);
    QCOMPARE(fileContents(scenarios), scenarioBytes);

    // Opened again, as the next run or the GUI's history opens it: once the dead run's heartbeat
    // is stale, it is marked interrupted and its calls are there up to the last flushes.
    QString status;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            RunStore reopened(storePath);
            QString reopenError;
            status = reopened.open(&reopenError, 1000) ? reopened.runs().value(0).status : reopenError;
            return status == QStringLiteral("interrupted");
        }(),
        15000);
    RunStore reopened(storePath);
    QVERIFY2(reopened.open(&error), qPrintable(error));
    const QList<StoredRun> runs = reopened.runs();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().status, QStringLiteral("interrupted"));
    QVERIFY(runs.first().endedAtMs >= runs.first().startedAtMs);
    const QList<StoredItem> items = reopened.items(runs.first().id);
    QCOMPARE(items.size(), 1);
    QVERIFY(!items.first().finished);
    const CallRecords calls = storedCalls(reopened);
    QVERIFY(calls.size() >= 20);
    qint64 lastDueUs = 0;
    for (const CallRecord& call : calls) {
        lastDueUs = std::max(lastDueUs, call.intendedStartUs);
    }
    const qint64 killedAfterMs = killedAtMs - items.first().startedAtUs / 1000;
    QVERIFY2(lastDueUs / 1000 >= killedAfterMs - 1000,
             qPrintable(QStringLiteral("the last call kept was due %1 ms in; the kill came %2 ms in")
                            .arg(lastDueUs / 1000)
                            .arg(killedAfterMs)));
}

void TestScenarioRunCommand::steadyStateRecoveryReachesTheReport()
{
    // The black-hole of steady-state.yaml against the demo target, then a local upstream that the
    // test keeps slow from the end of its before phase (5 calls) onwards.
    ScriptedHttpServer slowUpstream;
    QVERIFY(slowUpstream.listen());
    slowUpstream.reply = [&slowUpstream](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.delayMs = slowUpstream.requestCount() > 5 ? 300 : 0};
    };
    const QByteArray slow = "---\n"
                            "title: Slow after the window\n"
                            "items:\n"
                            "  - call: {method: GET, url: 'http://127.0.0.1:SLOW/', timeout: 2000}\n"
                            "    context:\n"
                            "      upstreams: ['127.0.0.1:SLOW']\n"
                            "      faults:\n"
                            "        - {type: latency, mean: 20, stddev: 0, period: 'start:0%,duration:50%'}\n"
                            "      strategy: {mode: load, duration: 2s, clients: 1, rps: 5,\n"
                            "                 steady_state: {before: 1s, after: 1s}}\n"
                            "      slo:\n"
                            "        - {slo_type: latency, title: p90 under 150 ms, objective: 90, threshold: 150}\n";
    QByteArray yaml = fileContents(QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/steady-state.yaml"));
    QVERIFY(!yaml.isEmpty());
    yaml += QByteArray(slow).replace("SLOW", QByteArray::number(slowUpstream.port()));
    Cli cli;
    QSignalSpy finished(&cli.process(), &QProcess::finished);
    cli.start({QStringLiteral("--scenario"), cli.scenarioFile(QStringLiteral("steady.yaml"), yaml, m_target.port()),
               QStringLiteral("--report"), QStringLiteral("report.md")});
    // The slow upstream answers on this thread's event loop, which the wait keeps turning.
    QVERIFY(finished.wait(90000));
    const CliRun run = cli.finish(1000);
    QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(run.output + run.errors));
    QVERIFY2(run.output.contains(QStringLiteral("'Black-hole with a steady state', item 1: healthy before, "
                                                "degraded during, recovered in ")),
             qPrintable(run.output));
    QVERIFY2(run.output.contains(QStringLiteral("'Slow after the window', item 1: healthy before, degraded during, "
                                                "not recovered")),
             qPrintable(run.output));
    // fault would not read the key: the loader says so.
    QVERIFY2(run.errors.contains(QStringLiteral("fault ignores it")), qPrintable(run.errors));

    const QString report = QString::fromUtf8(fileContents(cli.path(QStringLiteral("report.md"))));
    QVERIFY(report.contains(QStringLiteral("| Scope | Scenarios | Passed | Failed | Recovery |")));
    QVERIFY2(report.contains(QStringLiteral("Black-hole with a steady state: recovered in ")), qPrintable(report));
    QVERIFY(report.contains(QStringLiteral("Slow after the window: not recovered")));
    QVERIFY(report.contains(QStringLiteral("**Steady state:** healthy before, degraded during, recovered in ")));
    QVERIFY(report.contains(QStringLiteral("**Steady state:** healthy before, degraded during, not recovered")));
}

QTEST_GUILESS_MAIN(TestScenarioRunCommand)
#include "TestScenarioRunCommand.moc"
