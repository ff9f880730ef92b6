#include "ReportCommand.h"

#include "report/ReportExport.h"
#include "runner/ResultsJsonReader.h"
#include "store/RunStore.h"

namespace
{
struct LoadedRun
{
    RunResult run;
    QString source; // the scenario file or folder it ran, when known
};

std::optional<LoadedRun> readResults(const QString& path)
{
    ResultsJsonReader::Outcome outcome = ResultsJsonReader::readFile(path);
    printDiagnostics(outcome.diagnostics, Diagnostic::Severity::Warning);
    if (!outcome.run) {
        return std::nullopt;
    }
    return LoadedRun{std::move(*outcome.run), QString()};
}

// A stored run, through the results file it wrote.
std::optional<LoadedRun> readStoredRun(const QString& storePath, const QString& runText)
{
    bool isNumber = false;
    const qint64 runId = runText.toLongLong(&isNumber);
    if (!isNumber) {
        errorOutput() << "aftershock-cli report: --run takes a run's number, not '" << runText << "'\n";
        return std::nullopt;
    }
    RunStore store(storePath);
    QString error;
    if (!store.open(&error)) {
        errorOutput() << "aftershock-cli report: " << store.path() << ": " << error << "\n";
        return std::nullopt;
    }
    if (!store.setAsidePath().isEmpty()) {
        errorOutput() << "aftershock-cli report: warning: " << store.setAsideNotice() << "\n";
    }
    const QList<StoredRun> runs = store.runs();
    const auto found
        = std::find_if(runs.begin(), runs.end(), [runId](const StoredRun& run) { return run.id == runId; });
    if (found == runs.end()) {
        errorOutput() << "aftershock-cli report: " << store.path() << " has no run " << runId << "\n";
        return std::nullopt;
    }
    if (found->resultsPath.isEmpty()) {
        errorOutput() << "aftershock-cli report: run " << runId << " (" << found->status
                      << ") wrote no results file to read\n";
        return std::nullopt;
    }
    std::optional<LoadedRun> loaded = readResults(found->resultsPath);
    if (loaded) {
        loaded->source = found->source;
    }
    return loaded;
}
} // namespace

QStringList ReportCommand::name() const
{
    return {QStringLiteral("report")};
}

QString ReportCommand::description() const
{
    return QStringLiteral("Write a run's analysis report as Markdown, HTML or PDF.");
}

QList<Command::Example> ReportCommand::examples() const
{
    return {
        {QStringLiteral("The PDF report of a run"),
         QStringLiteral("aftershock-cli report --results results.json --output report.pdf")},
        {QStringLiteral("Compared with an earlier run, regressions first, as Markdown"),
         QStringLiteral("aftershock-cli report --results results.json --baseline yesterday.json --output report.md")},
    };
}

int ReportCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption resultsOption(QStringLiteral("results"), QStringLiteral("The run's results.json."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption runOption(QStringLiteral("run"), QStringLiteral("A run of the run store, by number."),
                                       QStringLiteral("ID"));
    const QCommandLineOption storeOption(QStringLiteral("store"),
                                         QStringLiteral("The run store (default: the app data folder's runs.sqlite)."),
                                         QStringLiteral("FILE"), RunStore::defaultPath());
    const QCommandLineOption formatOption(
        QStringLiteral("format"),
        QStringLiteral("%1 (default: from the output's extension).").arg(ReportExport::names()),
        QStringLiteral("FORMAT"));
    const QCommandLineOption outputOption(QStringLiteral("output"), QStringLiteral("Where to write the report."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"),
                                            QStringLiteral("An earlier run's results.json to compare with."),
                                            QStringLiteral("FILE"));
    parser.addOptions({resultsOption, runOption, storeOption, formatOption, outputOption, baselineOption});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }
    if (parser.isSet(resultsOption) == parser.isSet(runOption)) {
        errorOutput() << "aftershock-cli report: give either --results FILE or --run ID\n";
        return ExitBadInput;
    }
    if (!parser.isSet(outputOption)) {
        errorOutput() << "aftershock-cli report: --output FILE is required\n";
        return ExitBadInput;
    }
    const QString output = parser.value(outputOption);
    ReportExport::Format format = ReportExport::formatOf(output);
    if (parser.isSet(formatOption)) {
        const auto named = ReportExport::formatNamed(parser.value(formatOption));
        if (!named) {
            errorOutput() << "aftershock-cli report: --format takes " << ReportExport::names() << ", not '"
                          << parser.value(formatOption) << "'\n";
            return ExitBadInput;
        }
        format = *named;
    }
    const std::optional<LoadedRun> loaded = parser.isSet(resultsOption)
        ? readResults(parser.value(resultsOption))
        : readStoredRun(parser.value(storeOption), parser.value(runOption));
    if (!loaded) {
        return ExitBadInput;
    }
    std::optional<LoadedRun> baseline;
    if (parser.isSet(baselineOption)) {
        baseline = readResults(parser.value(baselineOption));
        if (!baseline) {
            return ExitBadInput;
        }
    }
    QString error;
    const ReportBuilder::Options options{.source = loaded->source, .baseline = baseline ? &baseline->run : nullptr};
    if (!ReportExport::write(loaded->run, options, format, output, &error)) {
        errorOutput() << "aftershock-cli report: " << error << "\n";
        return ExitBadInput;
    }
    return ExitSuccess;
}
