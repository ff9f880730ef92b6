#include "scenario/ScenarioWriter.h"

#include "store/AtomicFile.h"

QByteArray ScenarioWriter::toYaml(const Scenario&)
{
    return {};
}

QByteArray ScenarioWriter::toYaml(const QList<Scenario>&)
{
    return {};
}

bool ScenarioWriter::saveFile(const QString& path, const QList<Scenario>& scenarios, QString* error)
{
    return writeFileAtomically(path, toYaml(scenarios), error);
}
