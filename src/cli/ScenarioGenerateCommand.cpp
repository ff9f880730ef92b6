#include "ScenarioGenerateCommand.h"

#include "openapi/OpenApiLoader.h"
#include "openapi/ScenarioGenerator.h"
#include "openapi/ScenarioOutputWriter.h"

#include <QDir>

namespace
{
const QString CommandName = QStringLiteral("aftershock-cli scenario generate");

// Values of a repeatable option, each of which may also be a comma-separated list.
QStringList listValues(const QCommandLineParser& parser, const QString& option)
{
    QStringList values;
    for (const QString& value : parser.values(option)) {
        values << value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    }
    return values;
}

std::optional<double> number(const QCommandLineParser& parser, const QString& option)
{
    bool isNumber = false;
    const double value = parser.value(option).toDouble(&isNumber);
    if (!isNumber) {
        errorOutput() << CommandName << ": --" << option << " takes a number, not '" << parser.value(option) << "'\n";
        return std::nullopt;
    }
    return value;
}
} // namespace

QStringList ScenarioGenerateCommand::name() const
{
    return {QStringLiteral("scenario"), QStringLiteral("generate")};
}

QString ScenarioGenerateCommand::description() const
{
    return QStringLiteral("Generate resilience scenarios from an OpenAPI 3.0 or 3.1 document.");
}

QList<Command::Example> ScenarioGenerateCommand::examples() const
{
    return {
        {QStringLiteral("Eight scenarios an operation of the API on 127.0.0.1:9090, a file each"),
         QStringLiteral(
             "aftershock-cli scenario generate --spec-url http://127.0.0.1:9090/openapi.json --scenario scenarios/")},
        {QStringLiteral("Only latency spikes and black-holes, for the paths under /users"),
         QStringLiteral("aftershock-cli scenario generate --spec-file openapi.yaml --family latency-spike,blackhole "
                        "--path '/users/*' --scenario users.yaml")},
    };
}

int ScenarioGenerateCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    QStringList familyKeys;
    for (const ScenarioFamily family : allScenarioFamilies()) {
        familyKeys << scenarioFamilyKey(family);
    }
    const GenerationOptions defaults;
    parser.addOptions({
        {QStringLiteral("spec-url"), QStringLiteral("The OpenAPI document's URL (http, https or file)."),
         QStringLiteral("URL")},
        {QStringLiteral("spec-file"), QStringLiteral("The OpenAPI document's file (JSON or YAML)."),
         QStringLiteral("FILE")},
        {QStringLiteral("scenario"),
         QStringLiteral("Where to write: a .yaml or .yml file for every scenario, or a folder for a file per "
                        "operation."),
         QStringLiteral("OUT")},
        {QStringLiteral("base-url"), QStringLiteral("Call this server instead of the document's `servers`."),
         QStringLiteral("URL")},
        {QStringLiteral("family"),
         QStringLiteral("Only these families (repeat or separate with commas): %1.")
             .arg(familyKeys.join(QStringLiteral(", "))),
         QStringLiteral("NAME")},
        {QStringLiteral("tag"), QStringLiteral("Only operations with this tag (repeatable)."), QStringLiteral("TAG")},
        {QStringLiteral("path"),
         QStringLiteral("Only operations whose path matches this glob, such as '/users/*' "
                        "(repeatable)."),
         QStringLiteral("GLOB")},
        {QStringLiteral("operation-id"), QStringLiteral("Only the operation with this id (repeatable)."),
         QStringLiteral("ID")},
        {QStringLiteral("slo-p95-ms"),
         QStringLiteral("The p95 latency objective of load scenarios (default %1).")
             .arg(defaults.sloTargets.p95LatencyMs),
         QStringLiteral("MS")},
        {QStringLiteral("slo-error-percent"),
         QStringLiteral("The error-rate objective of load scenarios (default %1).")
             .arg(defaults.sloTargets.errorPercent),
         QStringLiteral("PERCENT")},
        {QStringLiteral("fetch-timeout"),
         QStringLiteral("Seconds to wait for --spec-url (default %1).")
             .arg(std::chrono::duration<double>(OpenApiLoader::DefaultTimeout).count()),
         QStringLiteral("SECONDS")},
    });
    for (const IntensityParameter& parameter : intensityParameters()) {
        parser.addOption(
            {parameter.key,
             QStringLiteral("%1 (default %2).").arg(parameter.label).arg(defaults.intensities.*parameter.member),
             QStringLiteral("N")});
    }
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }
    if (parser.isSet(QStringLiteral("spec-url")) == parser.isSet(QStringLiteral("spec-file"))
        || !parser.isSet(QStringLiteral("scenario"))) {
        errorOutput() << CommandName << ": give --spec-url URL or --spec-file FILE, and --scenario OUT\n"
                      << "Try '" << CommandName << " --help'.\n";
        return ExitBadInput;
    }

    GenerationOptions options;
    options.families.clear();
    for (const QString& key : listValues(parser, QStringLiteral("family"))) {
        const std::optional<ScenarioFamily> family = scenarioFamilyFromKey(key.trimmed());
        if (!family) {
            errorOutput() << CommandName << ": unknown family '" << key << "'; the families are "
                          << familyKeys.join(QStringLiteral(", ")) << "\n";
            return ExitBadInput;
        }
        options.families << *family;
    }
    if (options.families.isEmpty()) {
        options.families = allScenarioFamilies();
    }
    options.filter = OperationFilter{listValues(parser, QStringLiteral("tag")), parser.values(QStringLiteral("path")),
                                     listValues(parser, QStringLiteral("operation-id"))};
    options.baseUrl = parser.value(QStringLiteral("base-url"));
    for (const IntensityParameter& parameter : intensityParameters()) {
        if (parser.isSet(parameter.key)) {
            const std::optional<double> value = number(parser, parameter.key);
            if (!value) {
                return ExitBadInput;
            }
            options.intensities.*parameter.member = *value;
        }
    }
    for (const auto& [option, target] :
         {std::pair{QStringLiteral("slo-p95-ms"), &options.sloTargets.p95LatencyMs},
          std::pair{QStringLiteral("slo-error-percent"), &options.sloTargets.errorPercent}}) {
        if (parser.isSet(option)) {
            const std::optional<double> value = number(parser, option);
            if (!value) {
                return ExitBadInput;
            }
            *target = *value;
        }
    }
    std::chrono::milliseconds fetchTimeout = OpenApiLoader::DefaultTimeout;
    if (parser.isSet(QStringLiteral("fetch-timeout"))) {
        const std::optional<double> seconds = number(parser, QStringLiteral("fetch-timeout"));
        if (!seconds || *seconds <= 0) {
            return ExitBadInput;
        }
        fetchTimeout = std::chrono::milliseconds(static_cast<qint64>(*seconds * 1000));
    }

    const OpenApiLoadResult loaded = parser.isSet(QStringLiteral("spec-file"))
        ? OpenApiLoader::loadFile(parser.value(QStringLiteral("spec-file")))
        : OpenApiLoader::loadBlocking(
            QUrl::fromUserInput(parser.value(QStringLiteral("spec-url")), QDir::currentPath()), fetchTimeout);
    printDiagnostics(loaded.diagnostics);
    if (!loaded.document) {
        return ExitBadInput;
    }
    const GenerationResult generated = ScenarioGenerator::generate(*loaded.document, options);
    printDiagnostics(generated.diagnostics);
    if (hasErrors(generated.diagnostics)) {
        return ExitBadInput;
    }
    const QString output = parser.value(QStringLiteral("scenario"));
    QString error;
    if (!ScenarioOutputWriter::write(output, generated.operations, &error)) {
        errorOutput() << CommandName << ": " << error << "\n";
        return ExitBadInput;
    }
    const qsizetype scenarioCount = generated.scenarios().size();
    standardOutput() << "wrote " << scenarioCount << (scenarioCount == 1 ? " scenario" : " scenarios") << " for "
                     << generated.operations.size() << (generated.operations.size() == 1 ? " operation" : " operations")
                     << " to " << QDir::toNativeSeparators(output) << "\n";
    return ExitSuccess;
}
