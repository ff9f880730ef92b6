#include "ScenarioRunCommand.h"

#include "report/JunitReport.h"
#include "report/RunReport.h"
#include "runner/RequestTemplate.h"
#include "runner/ScenarioRunnerImpl.h"
#include "runner/TestVerdict.h"
#include "scenario/ScenarioLoader.h"
#include "store/AtomicFile.h"

#include <csignal>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTimer>

namespace
{
// Turns Ctrl-C into a call of onInterrupt on the event loop: the signal handler only writes a
// byte to a socket pair, the one thing it may safely do. A second Ctrl-C ends the process at once.
class InterruptWatcher
{
public:
    explicit InterruptWatcher(std::function<void()> onInterrupt)
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_sockets) != 0) {
            return;
        }
        m_notifier = std::make_unique<QSocketNotifier>(s_sockets[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this, onInterrupt] {
            char byte = 0;
            [[maybe_unused]] const auto read = ::read(s_sockets[1], &byte, 1);
            std::signal(SIGINT, SIG_DFL);
            onInterrupt();
        });
        struct sigaction action = {};
        action.sa_handler = &InterruptWatcher::handle;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &m_previous);
        m_installed = true;
    }
    ~InterruptWatcher()
    {
        if (m_installed) {
            ::sigaction(SIGINT, &m_previous, nullptr);
            m_notifier.reset();
            ::close(s_sockets[0]);
            ::close(s_sockets[1]);
        }
    }
    InterruptWatcher(const InterruptWatcher&) = delete;
    InterruptWatcher& operator=(const InterruptWatcher&) = delete;

private:
    static void handle(int)
    {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(s_sockets[0], &byte, 1);
    }

    static inline int s_sockets[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previous = {};
    bool m_installed = false;
};

// The seed guide's progress lines: on a terminal, a spinner redrawn in place with coloured marks;
// otherwise (or with NO_COLOR) each scenario's line once, when it is done, without colour.
class ProgressView
{
public:
    explicit ProgressView(bool live)
        : m_live(live)
    {
        m_spinnerTimer.setInterval(100);
        QObject::connect(&m_spinnerTimer, &QTimer::timeout, [this] {
            m_frame = (m_frame + 1) % SpinnerFrames.size();
            draw();
        });
    }

    void setPlan(const RunPlan& plan)
    {
        m_plan = plan;
        m_marks = QList<QString>(plan.scenarios.size());
        m_done = QList<int>(plan.scenarios.size(), 0);
        if (m_live) {
            m_spinnerTimer.start();
        }
    }
    void addOutcomes(const QList<TestOutcome>& outcomes)
    {
        for (const TestOutcome& outcome : outcomes) {
            moveTo(outcome.scenarioIndex);
            ++m_done[outcome.scenarioIndex];
            m_marks[outcome.scenarioIndex] += mark(outcome.passed);
        }
        draw();
    }
    void itemFinished(int scenarioIndex, int itemIndex)
    {
        moveTo(scenarioIndex);
        if (itemIndex + 1 == m_plan.scenarios.at(scenarioIndex).items.size()) {
            endLine();
            ++m_current;
        }
    }
    void finish()
    {
        m_spinnerTimer.stop();
        if (m_current < m_plan.scenarios.size() && m_lineOpen) {
            endLine();
        }
    }

private:
    static inline const QStringList SpinnerFrames{
        QStringLiteral("⠋"), QStringLiteral("⠙"), QStringLiteral("⠹"), QStringLiteral("⠸"), QStringLiteral("⠼"),
        QStringLiteral("⠴"), QStringLiteral("⠦"), QStringLiteral("⠧"), QStringLiteral("⠇"), QStringLiteral("⠏")};

    QString mark(bool passed) const
    {
        if (!m_live) {
            return passed ? QStringLiteral("▮") : QStringLiteral("✗");
        }
        return passed ? QStringLiteral("\033[32m▮\033[0m") : QStringLiteral("\033[31m▮\033[0m");
    }
    // Scenarios end in order; one that had nothing to report still gets its line.
    void moveTo(int scenarioIndex)
    {
        while (m_current < scenarioIndex) {
            endLine();
            ++m_current;
        }
        m_lineOpen = true;
    }
    QString line() const
    {
        const auto& scenario = m_plan.scenarios.at(m_current);
        return QStringLiteral("%1  %2/%3  %4 %5")
            .arg(m_live ? SpinnerFrames.at(m_frame) : QStringLiteral(" "))
            .arg(m_done.at(m_current))
            .arg(scenario.tests)
            .arg(scenario.title, m_marks.at(m_current));
    }
    void draw()
    {
        if (m_live && m_current < m_plan.scenarios.size()) {
            standardOutput() << "\r\033[2K" << line();
            standardOutput().flush();
        }
    }
    void endLine()
    {
        if (m_live) {
            standardOutput() << "\r\033[2K";
        }
        standardOutput() << line() << "\n";
        standardOutput().flush();
        m_lineOpen = false;
    }

    bool m_live;
    RunPlan m_plan;
    QList<QString> m_marks;
    QList<int> m_done;
    QTimer m_spinnerTimer;
    int m_current = 0;
    qsizetype m_frame = 0;
    bool m_lineOpen = false;
};

bool stdoutIsInteractive()
{
    return ::isatty(STDOUT_FILENO) == 1 && qEnvironmentVariableIsEmpty("NO_COLOR");
}

// Every scenario of the files, or nothing when one of them has an error (reported on stderr with
// its location): a run of half the scenarios would report a misleading success.
std::optional<QList<Scenario>> loadScenarios(const QString& path)
{
    QList<Scenario> scenarios;
    bool failed = false;
    const QList<ScenarioFile> files = ScenarioLoader::loadPath(path);
    for (const ScenarioFile& file : files) {
        for (const Diagnostic& diagnostic : file.diagnostics) {
            // Infos are for `scenario validate`; here they would bury the progress.
            if (diagnostic.severity != Diagnostic::Severity::Info) {
                errorOutput() << diagnostic.toString() << "\n";
            }
        }
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
                                  << "\n";
                    failed = true;
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

int ScenarioRunCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
                                            QStringLiteral("Scenario file, or folder read recursively."),
                                            QStringLiteral("FILE|DIR"));
    const QCommandLineOption resultsOption(QStringLiteral("results"),
                                           QStringLiteral("Where to write the results (default: results.json)."),
                                           QStringLiteral("FILE"), QStringLiteral("results.json"));
    const QCommandLineOption reportOption(QStringLiteral("report"), QStringLiteral("Also write a Markdown report."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption junitOption(QStringLiteral("junit"),
                                         QStringLiteral("Also write JUnit XML: a test case per expectation and SLO."),
                                         QStringLiteral("FILE"));
    parser.addOptions({scenarioOption, resultsOption, reportOption, junitOption});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
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

    const bool live = stdoutIsInteractive();
    ProgressView progress(live);
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
    runner.start(
        *scenarios,
        RunOptions{.source = QFileInfo(source).absoluteFilePath(), .resultsPath = parser.value(resultsOption)});
    loop.exec();
    progress.finish();

    const TestVerdict::Tally tally = TestVerdict::tally(*result);
    standardOutput() << "\n===================== Summary =====================\n\n";
    if (result->status == RunStatus::Cancelled) {
        standardOutput() << "Cancelled: the run was stopped; what was measured is kept.\n";
    } else if (result->status == RunStatus::Interrupted) {
        standardOutput() << "Interrupted: " << result->error << "\n";
    }
    standardOutput() << "Tests run: " << tally.run << ", Tests failed: " << tally.failed << "\n";
    standardOutput() << "Total time: " << QString::number(clock.elapsed() / 1000.0, 'f', 1) << "s\n";
    standardOutput().flush();

    bool written = true;
    if (parser.isSet(reportOption)) {
        written = writeOutput(parser.value(reportOption), RunReport::toMarkdown(*result)) && written;
    }
    if (parser.isSet(junitOption)) {
        written = writeOutput(parser.value(junitOption), JunitReport::toXml(*result)) && written;
    }
    const bool passed = tally.failed == 0 && result->status == RunStatus::Completed && written;
    return passed ? ExitSuccess : ExitTestFailed;
}
