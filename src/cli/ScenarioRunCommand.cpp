#include "ScenarioRunCommand.h"

#include "RunProgressView.h"
#include "report/JunitReport.h"
#include "report/ReportExport.h"
#include "report/ReportWording.h"
#include "runner/FaultUsage.h"
#include "runner/InterruptWatcher.h"
#include "runner/RequestTemplate.h"
#include "runner/ScenarioRunnerImpl.h"
#include "runner/TestVerdict.h"
#include "scenario/ScenarioLoader.h"
#include "store/AtomicFile.h"

#include <algorithm>
#include <optional>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>

namespace
{
// Every scenario of the files, or nothing when one of them has an error (reported on stderr with
// its location): a run of half the scenarios would report a misleading success. An item that
// cannot be sent is only told here: the run records it as failed and runs the others.
std::optional<QList<Scenario>> loadScenarios(const QString& path)
{
    QList<Scenario> scenarios;
    bool failed = false;
    const QList<ScenarioFile> files = ScenarioLoader::loadPath(path);
    for (const ScenarioFile& file : files) {
        // Infos are for `scenario validate`; here they would bury the progress.
        printDiagnostics(file.diagnostics, Diagnostic::Severity::Warning);
        failed = failed || file.hasErrors();
        for (const ScenarioDocument& document : file.documents) {
            if (!document.valid) {
                continue;
            }
            for (qsizetype i = 0; i < document.scenario.items.size(); ++i) {
                QString error;
                if (!RequestTemplate::build(document.scenario, document.scenario.items.at(i).call, &error)) {
                    const int line = i < document.itemLines.size() ? document.itemLines.at(i) : document.location.line;
                    errorOutput() << SourceLocation{.file = file.path, .line = line}.toString() << ": error: " << error
                                  << " (the item is counted as failed; the others run)\n";
                }
            }
            scenarios.append(document.scenario);
        }
    }
    if (!failed && scenarios.isEmpty()) {
        errorOutput() << "aftershock-cli scenario run: no scenario found in " << path << "\n";
        failed = true;
    }
    errorOutput().flush();
    return failed ? std::nullopt : std::optional(scenarios);
}

// Load calls that no connection could take within max_clients: the run offered less than asked.
void printDroppedCalls(const RunResult& run)
{
    QStringList lines;
    for (const ScenarioResult& scenario : run.scenarios) {
        for (qsizetype i = 0; i < scenario.items.size(); ++i) {
            const CallRecords& calls = scenario.items.at(i).calls;
            const auto dropped = std::count_if(calls.begin(), calls.end(), [](const CallRecord& call) {
                return call.errorClass == CallErrorClass::Dropped;
            });
            if (dropped > 0) {
                lines << QStringLiteral("  '%1', item %2: %3 of %4 calls")
                             .arg(scenario.scenario.title)
                             .arg(i + 1)
                             .arg(dropped)
                             .arg(calls.size());
            }
        }
    }
    if (!lines.isEmpty()) {
        standardOutput() << "Dropped calls (due while every connection up to max_clients was busy):\n"
                         << lines.join(QLatin1Char('\n')) << "\n";
    }
}

// Items recorded with no calls because they could not be sent.
void printItemsThatCouldNotRun(const RunResult& run)
{
    QStringList lines;
    for (const ScenarioResult& scenario : run.scenarios) {
        for (qsizetype i = 0; i < scenario.items.size(); ++i) {
            if (!scenario.items.at(i).error.isEmpty()) {
                lines << QStringLiteral("  '%1', item %2: %3")
                             .arg(scenario.scenario.title)
                             .arg(i + 1)
                             .arg(scenario.items.at(i).error);
            }
        }
    }
    if (!lines.isEmpty()) {
        standardOutput() << "Items that could not run (their tests count as failed):\n"
                         << lines.join(QLatin1Char('\n')) << "\n";
    }
}

// The faults a scenario configured that never reached the wire: a pass that tested nothing.
void printFaultsNeverApplied(const RunResult& run)
{
    QStringList lines;
    for (const ScenarioResult& scenario : run.scenarios) {
        for (qsizetype i = 0; i < scenario.items.size() && i < scenario.scenario.items.size(); ++i) {
            const Item& item = scenario.scenario.items.at(i);
            for (const FaultUsage& usage : FaultUsage::of(item, scenario.items.at(i))) {
                if (usage.neverApplied) {
                    lines << QStringLiteral("  '%1', item %2: %3 configured for %4 calls but never applied")
                                 .arg(scenario.scenario.title)
                                 .arg(i + 1)
                                 .arg(describe(item.context->faults.at(usage.faultIndex)))
                                 .arg(usage.configuredCalls);
                }
            }
        }
    }
    if (!lines.isEmpty()) {
        standardOutput() << "Faults configured but never applied (do the items' `upstreams` cover their calls?):\n"
                         << lines.join(QLatin1Char('\n')) << "\n";
    }
}

// Each steady-state item's phases: healthy before, degraded during, recovered after.
void printSteadyStates(const RunResult& run)
{
    QStringList lines;
    for (const ScenarioResult& scenario : run.scenarios) {
        for (qsizetype i = 0; i < scenario.items.size(); ++i) {
            const std::optional<SteadyStateResult>& steadyState = scenario.items.at(i).steadyState;
            if (!steadyState) {
                continue;
            }
            lines << QStringLiteral("  '%1', item %2: %3 (before: %4; during: %5; after: %6)")
                         .arg(scenario.scenario.title)
                         .arg(i + 1)
                         .arg(ReportWording::steadyStateInWords(*steadyState),
                              ReportWording::phaseVerdict(steadyState->before, steadyState->beforeCalls),
                              ReportWording::phaseVerdict(steadyState->during, steadyState->duringCalls),
                              ReportWording::phaseVerdict(steadyState->after, steadyState->afterCalls));
        }
    }
    if (!lines.isEmpty()) {
        standardOutput() << "Steady state (SLOs before, during and after the faults):\n"
                         << lines.join(QLatin1Char('\n')) << "\n";
    }
}

bool writeOutput(const QString& path, const QByteArray& contents)
{
    QString error;
    if (!writeFileAtomically(path, contents, &error)) {
        errorOutput() << "aftershock-cli scenario run: " << error << "\n";
        return false;
    }
    return true;
}
} // namespace

QStringList ScenarioRunCommand::name() const
{
    return {QStringLiteral("scenario"), QStringLiteral("run")};
}

QString ScenarioRunCommand::description() const
{
    return QStringLiteral("Run scenarios through the fault-injecting proxy and check their expectations and SLOs.");
}

QList<Command::Example> ScenarioRunCommand::examples() const
{
    return {
        {QStringLiteral("Run the demo against its target on 127.0.0.1:9090 and write an HTML report"),
         QStringLiteral(
             "aftershock-cli scenario run --scenario /usr/share/aftershock/demo/scenarios.yaml --report report.html")},
        {QStringLiteral("In CI: a folder of scenarios, the same fault draws each time, and JUnit XML"),
         QStringLiteral(
             "aftershock-cli scenario run --scenario scenarios/ --seed 42 --results results.json --junit junit.xml")},
    };
}

bool ScenarioRunCommand::needsGui(const QStringList& arguments) const
{
    // A report may be a PDF, or carry charts.
    return std::any_of(arguments.begin(), arguments.end(),
                       [](const QString& argument) { return argument.startsWith(QLatin1String("--report")); });
}

int ScenarioRunCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
                                            QStringLiteral("Scenario file, or folder read recursively."),
                                            QStringLiteral("FILE|DIR"));
    const QCommandLineOption resultsOption(QStringLiteral("results"),
                                           QStringLiteral("Where to write the results (default: results.json)."),
                                           QStringLiteral("FILE"), QStringLiteral("results.json"));
    const QCommandLineOption reportOption(
        QStringLiteral("report"),
        QStringLiteral("Also write the analysis report: .md, .html or .pdf, by the file's extension."),
        QStringLiteral("FILE"));
    const QCommandLineOption junitOption(QStringLiteral("junit"),
                                         QStringLiteral("Also write JUnit XML: a test case per expectation and SLO."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption insecureOption(
        QStringLiteral("insecure"), QStringLiteral("Accept https certificates that do not verify (self-signed ones)."));
    parser.addOptions({scenarioOption, resultsOption, reportOption, junitOption, insecureOption, seedOption()});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }
    std::optional<quint64> seed;
    if (!readSeed(parser, seed)) {
        return ExitBadInput;
    }
    if (!parser.isSet(scenarioOption) || !parser.positionalArguments().isEmpty()) {
        errorOutput() << "aftershock-cli scenario run: give one --scenario FILE|DIR and no other arguments\n";
        return ExitBadInput;
    }
    const QString source = parser.value(scenarioOption);
    const std::optional<QList<Scenario>> scenarios = loadScenarios(source);
    if (!scenarios) {
        return ExitBadInput;
    }
    const bool insecure = parser.isSet(insecureOption);
    if (insecure) {
        errorOutput() << "warning: --insecure: https certificates are not verified\n";
        errorOutput().flush();
    }

    RunProgressView progress(standardOutput(), RunProgressView::standardOutputIsLive());
    ScenarioRunnerImpl runner;
    RunResultPointer result;
    QEventLoop loop;
    QObject::connect(&runner, &ScenarioRunner::planned, [&progress](const RunPlan& plan) { progress.setPlan(plan); });
    QObject::connect(&runner, &ScenarioRunner::testsFinished,
                     [&progress](const QList<TestOutcome>& outcomes) { progress.addOutcomes(outcomes); });
    QObject::connect(&runner, &ScenarioRunner::itemFinished, [&progress](int scenarioIndex, int itemIndex) {
        progress.itemFinished(scenarioIndex, itemIndex);
    });
    QObject::connect(&runner, &ScenarioRunner::warning, [](const QString& message) {
        errorOutput() << "warning: " << message << "\n";
        errorOutput().flush();
    });
    QObject::connect(&runner, &ScenarioRunner::finished, [&](const RunResultPointer& finished) {
        result = finished;
        loop.quit();
    });
    const InterruptWatcher interrupt([&runner] { runner.cancel(); });

    QElapsedTimer clock;
    clock.start();
    standardOutput() << "\n================ Running Scenarios ================\n\n";
    standardOutput().flush();
    runner.start(*scenarios,
                 RunOptions{.source = QFileInfo(source).absoluteFilePath(),
                            .resultsPath = parser.value(resultsOption),
                            .randomSeed = seed,
                            .insecure = insecure});
    loop.exec();
    progress.finish();

    const TestVerdict::Tally tally = TestVerdict::tally(*result);
    standardOutput() << "\n===================== Summary =====================\n\n";
    if (result->status == RunStatus::Cancelled) {
        standardOutput() << "Cancelled: the run was stopped; what was measured is kept.\n";
    } else if (result->status == RunStatus::Interrupted) {
        standardOutput() << "Interrupted: " << result->error << "\n";
    }
    printItemsThatCouldNotRun(*result);
    printDroppedCalls(*result);
    printFaultsNeverApplied(*result);
    printSteadyStates(*result);
    standardOutput() << "Tests run: " << tally.run << ", Tests failed: " << tally.failed << "\n";
    standardOutput() << "Total time: " << QString::number(clock.elapsed() / 1000.0, 'f', 1) << "s\n";
    standardOutput().flush();

    bool written = true;
    if (parser.isSet(reportOption)) {
        const QString reportPath = parser.value(reportOption);
        QString error;
        if (!ReportExport::write(*result, ReportBuilder::Options{.source = source}, ReportExport::formatOf(reportPath),
                                 reportPath, &error)) {
            errorOutput() << "aftershock-cli scenario run: " << error << "\n";
            written = false;
        }
    }
    if (parser.isSet(junitOption)) {
        written = writeOutput(parser.value(junitOption), JunitReport::toXml(*result)) && written;
    }
    const bool passed = tally.failed == 0 && result->status == RunStatus::Completed && written;
    return passed ? ExitSuccess : ExitTestFailed;
}
