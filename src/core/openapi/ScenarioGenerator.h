#pragma once

#include "openapi/OpenApiDocument.h"
#include "openapi/OpenApiOperation.h"
#include "openapi/OperationFilter.h"
#include "openapi/ScenarioFamily.h"
#include "scenario/Diagnostic.h"
#include "scenario/Scenario.h"

#include <QList>

// What to generate: which families, for which operations, against which server, how hard.
struct GenerationOptions
{
    QList<ScenarioFamily> families = allScenarioFamilies();
    OperationFilter filter;
    QString baseUrl; // empty: the document's `servers`
    ScenarioIntensities intensities;
    SloTargets sloTargets;
};

// The scenarios generated for one operation, one a family.
struct GeneratedOperation
{
    OpenApiOperation operation;
    QList<Scenario> scenarios;
};

struct GenerationResult
{
    QList<GeneratedOperation> operations;
    Diagnostics diagnostics; // an error when nothing could be generated, warnings for parts left out

    // Every scenario, operation after operation.
    QList<Scenario> scenarios() const;
};

// Generates, for each chosen operation of a document, the families of scenarios SPEC.md §6
// describes: one call each, with `meta.operation_id` kept and the base URL as the upstream.
class ScenarioGenerator
{
public:
    static GenerationResult generate(const OpenApiDocument& document, const GenerationOptions& options = {});
};
