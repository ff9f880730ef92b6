#pragma once

#include "scenario/Scenario.h"

#include <optional>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Scenarios in JSON, as results.json and the run store keep them: the keys and layout of the
// canonical YAML that ScenarioWriter writes, so fault's readers and ours agree. JSON is YAML, so
// ScenarioLoader reads them back.
class ScenarioJson
{
public:
    static QJsonObject toJson(const Scenario& scenario);
    // Faults as a scenario file lists them under `context.faults`.
    static QJsonArray faultsToJson(const QList<Fault>& faults);
    // From a JSON object's text; nothing, with the loader's first error in error, when it is not a
    // valid scenario.
    static std::optional<Scenario> fromJson(const QByteArray& json, QString* error);
};
