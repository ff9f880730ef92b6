#include "ScenarioValidateCommand.h"

#include "scenario/ScenarioLoader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace
{
QJsonObject toJson(const Diagnostic& diagnostic)
{
    QJsonObject object{{QStringLiteral("severity"), toString(diagnostic.severity)},
                       {QStringLiteral("file"), diagnostic.location.file},
                       {QStringLiteral("line"), diagnostic.location.line},
                       {QStringLiteral("column"), diagnostic.location.column},
                       {QStringLiteral("code"), diagnostic.code},
                       {QStringLiteral("message"), diagnostic.message}};
    if (diagnostic.fix) {
        object.insert(QStringLiteral("fix"), diagnostic.fix->title);
    }
    return object;
}
} // namespace

QStringList ScenarioValidateCommand::name() const
{
    return {QStringLiteral("scenario"), QStringLiteral("validate")};
}

QString ScenarioValidateCommand::description() const
{
    return QStringLiteral("Check scenario files and report every problem with its location.");
}

QList<Command::Example> ScenarioValidateCommand::examples() const
{
    return {
        {QStringLiteral("Check the demo's scenarios, each problem at its file:line:column"),
         QStringLiteral("aftershock-cli scenario validate /usr/share/aftershock/demo/scenarios.yaml")},
        {QStringLiteral("Check every scenario file of a folder, as JSON for a script"),
         QStringLiteral("aftershock-cli scenario validate --format json scenarios/")},
    };
}

int ScenarioValidateCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("Output format: text (default) or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    parser.addOption(formatOption);
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Scenario files or folders."),
                                 QStringLiteral("FILE..."));
    int status = ExitSuccess;
    if (!parse(parser, arguments, status, QStringLiteral("FILE..."))) {
        return status;
    }
    const QString format = parser.value(formatOption);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        errorOutput() << "aftershock-cli scenario validate: --format takes text or json, not '" << format << "'\n";
        return ExitBadInput;
    }
    if (parser.positionalArguments().isEmpty()) {
        errorOutput() << "aftershock-cli scenario validate: name at least one scenario file or folder\n";
        return ExitBadInput;
    }

    int errors = 0;
    int scenarios = 0;
    QJsonArray files;
    for (const QString& path : parser.positionalArguments()) {
        for (const ScenarioFile& file : ScenarioLoader::loadPath(path)) {
            QJsonArray diagnostics;
            for (const Diagnostic& diagnostic : file.diagnostics) {
                errors += diagnostic.severity == Diagnostic::Severity::Error ? 1 : 0;
                if (format == QLatin1String("json")) {
                    diagnostics.append(toJson(diagnostic));
                } else {
                    errorOutput() << diagnostic.toString() << "\n";
                }
            }
            scenarios += static_cast<int>(file.scenarios().size());
            files.append(QJsonObject{{QStringLiteral("path"), file.path},
                                     {QStringLiteral("scenarios"), static_cast<int>(file.scenarios().size())},
                                     {QStringLiteral("diagnostics"), diagnostics}});
        }
    }
    if (format == QLatin1String("json")) {
        standardOutput() << QJsonDocument(QJsonObject{{QStringLiteral("files"), files},
                                                      {QStringLiteral("errors"), errors},
                                                      {QStringLiteral("valid"), errors == 0}})
                                .toJson(QJsonDocument::Indented);
    } else {
        standardOutput() << (errors == 0 ? "ok: " : "failed: ") << scenarios << " valid scenario"
                         << (scenarios == 1 ? "" : "s") << ", " << errors << " error" << (errors == 1 ? "" : "s")
                         << "\n";
    }
    return errors == 0 ? ExitSuccess : ExitTestFailed;
}
