#pragma once

#include <QJsonObject>

// A JSON Schema (draft 2020-12) of the scenario format, generated from the loader's key tables,
// so that editors with yaml-language-server can check files too.
class ScenarioSchema
{
public:
    static QJsonObject jsonSchema();
};
