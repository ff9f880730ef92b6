#include "ScenarioSchemaCommand.h"

#include "scenario/ScenarioSchema.h"

#include <QJsonDocument>

QStringList ScenarioSchemaCommand::name() const
{
    return {QStringLiteral("scenario"), QStringLiteral("schema")};
}

QString ScenarioSchemaCommand::description() const
{
    return QStringLiteral("Print a JSON Schema of the scenario format, for yaml-language-server.");
}

QList<Command::Example> ScenarioSchemaCommand::examples() const
{
    return {
        {QStringLiteral("Save the schema beside your scenarios, for yaml-language-server"),
         QStringLiteral("aftershock-cli scenario schema > scenario.schema.json")},
    };
}

int ScenarioSchemaCommand::execute(const QStringList& arguments)
{
    QCommandLineParser parser;
    int status = ExitSuccess;
    if (!parse(parser, arguments, status)) {
        return status;
    }
    standardOutput() << QJsonDocument(ScenarioSchema::jsonSchema()).toJson(QJsonDocument::Indented);
    return ExitSuccess;
}
