#include "scenario/ScenarioLoader.h"

QList<Scenario> ScenarioFile::scenarios() const
{
    QList<Scenario> result;
    for (const ScenarioDocument& document : documents) {
        if (document.valid) {
            result.append(document.scenario);
        }
    }
    return result;
}

bool ScenarioFile::hasErrors() const
{
    return ::hasErrors(diagnostics);
}

ScenarioFile ScenarioLoader::loadText(const QByteArray&, const QString& fileName)
{
    return ScenarioFile{fileName, {}, {}};
}

ScenarioFile ScenarioLoader::loadFile(const QString& path)
{
    return ScenarioFile{path, {}, {}};
}

QList<ScenarioFile> ScenarioLoader::loadPath(const QString& path)
{
    return {loadFile(path)};
}
