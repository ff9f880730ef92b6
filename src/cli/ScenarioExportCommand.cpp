#include "ScenarioExportCommand.h"

#include "export/K6ScriptWriter.h"
#include "scenario/ScenarioLoader.h"
#include "store/AtomicFile.h"

QStringList ScenarioExportCommand::name() const
{
    return {QStringLiteral("scenario"), QStringLiteral("export")};
}

QString ScenarioExportCommand::description() const
{
    return QStringLiteral("Write a k6 script that sends a scenario file's calls at its load, for a distributed run.");
}

QList<Command::Example> ScenarioExportCommand::examples() const
{
    return {
        {QStringLiteral("Every item of the demo's scenarios as one k6 script, one k6 scenario an item"),
         QStringLiteral("aftershock-cli scenario export --format k6 --scenario "
                        "/usr/share/aftershock/demo/scenarios.yaml --output demo.js")},
        {QStringLiteral("The third item alone, refused unless it is load"),
         QStringLiteral("aftershock-cli scenario export --format k6 --scenario scenarios.yaml --item 3 --load-only "
                        "--output load.js")},
    };
}

int ScenarioExportCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("What to write: k6 (the default)."),
                                          QStringLiteral("format"), QStringLiteral("k6"));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"), QStringLiteral("The scenario file."),
                                            QStringLiteral("file"));
    const QCommandLineOption itemOption(QStringLiteral("item"),
                                        QStringLiteral("Only this item, counting from 1 through the file as proxy "
                                                       "--item does (default: every item)."),
                                        QStringLiteral("n"));
    const QCommandLineOption loadOnlyOption(
        QStringLiteral("load-only"),
        QStringLiteral("Refuse items that are not load rather than export them as per-vu-iterations."));
    const QCommandLineOption proxyPortOption(
        QStringLiteral("proxy-port"),
        QStringLiteral("Where the script's comment has the first item's reverse proxy listen, the next item's on "
                       "the next port (default %1).")
            .arg(K6ScriptWriter::DefaultFirstProxyPort),
        QStringLiteral("port"), QString::number(K6ScriptWriter::DefaultFirstProxyPort));
    const QCommandLineOption outputOption(QStringLiteral("output"), QStringLiteral("The script to write."),
                                          QStringLiteral("file"));
    parser.addOptions({formatOption, scenarioOption, itemOption, loadOnlyOption, proxyPortOption, outputOption});
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }
    const QString command = QStringLiteral("aftershock-cli scenario export");
    const auto usageError = [&command](const QString& problem) {
        errorOutput() << command << ": " << problem << "\n";
        return ExitBadInput;
    };
    if (parser.value(formatOption) != QLatin1String("k6")) {
        return usageError(QStringLiteral("--format takes k6, not '%1'").arg(parser.value(formatOption)));
    }
    if (!parser.isSet(scenarioOption) || !parser.isSet(outputOption)) {
        return usageError(QStringLiteral("give the scenario file (--scenario) and the script to write (--output)"));
    }
    K6ScriptWriter::Options options;
    options.loadOnly = parser.isSet(loadOnlyOption);
    options.scriptPath = parser.value(outputOption);
    if (parser.isSet(itemOption)) {
        bool isNumber = false;
        options.item = parser.value(itemOption).toInt(&isNumber);
        if (!isNumber || *options.item < 1) {
            return usageError(
                QStringLiteral("--item takes a whole number from 1, not '%1'").arg(parser.value(itemOption)));
        }
    }
    bool portOk = false;
    const uint port = parser.value(proxyPortOption).toUInt(&portOk);
    if (!portOk || port == 0 || port > 65535) {
        return usageError(
            QStringLiteral("--proxy-port takes a port from 1 to 65535, not '%1'").arg(parser.value(proxyPortOption)));
    }
    options.firstProxyPort = static_cast<quint16>(port);

    const ScenarioFile file = ScenarioLoader::loadFile(parser.value(scenarioOption));
    if (file.hasErrors()) {
        // The item numbers of a file with a broken document would not be the proxy's.
        printDiagnostics(file.diagnostics, Diagnostic::Severity::Error);
        return ExitBadInput;
    }
    const K6ScriptWriter::Result result = K6ScriptWriter::write(file, options);
    if (!result.ok()) {
        printDiagnostics(result.diagnostics);
        return ExitBadInput;
    }
    QString error;
    if (!writeFileAtomically(options.scriptPath, result.script, &error)) {
        return usageError(error);
    }
    standardOutput() << "Wrote " << options.scriptPath << ": " << result.scenarioNames.size() << " k6 scenario"
                     << (result.scenarioNames.size() == 1 ? "" : "s") << " ("
                     << result.scenarioNames.join(QStringLiteral(", "))
                     << "); its top comment says what k6 leaves out and how to add the faults.\n";
    return ExitSuccess;
}
