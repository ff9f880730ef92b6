#include "scenario/ScenarioSchema.h"

QJsonObject ScenarioSchema::jsonSchema()
{
    return {};
}
