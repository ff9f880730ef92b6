#pragma once

#include "scenario/Scenario.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Writes the model as canonical YAML that fault's loader accepts: one document a scenario,
// items in canonical form, only the keys the model holds.
class ScenarioWriter
{
public:
    static QByteArray toYaml(const Scenario& scenario);
    // Documents separated by `---`.
    static QByteArray toYaml(const QList<Scenario>& scenarios);
    // Atomic: the file is replaced whole or left as it was.
    static bool saveFile(const QString& path, const QList<Scenario>& scenarios, QString* error = nullptr);
};
