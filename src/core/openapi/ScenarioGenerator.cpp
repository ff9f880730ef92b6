#include "openapi/ScenarioGenerator.h"

#include "openapi/CallBuilder.h"
#include "openapi/OperationCollector.h"
#include "openapi/ScenarioFamilyBuilder.h"

namespace
{
Diagnostic error(const QString& message)
{
    Diagnostic diagnostic;
    diagnostic.message = message;
    diagnostic.code = QStringLiteral("openapi-generate");
    return diagnostic;
}
} // namespace

QList<Scenario> GenerationResult::scenarios() const
{
    QList<Scenario> all;
    for (const GeneratedOperation& generated : operations) {
        all << generated.scenarios;
    }
    return all;
}

GenerationResult ScenarioGenerator::generate(const OpenApiDocument& document, const GenerationOptions& options)
{
    GenerationResult result;
    for (const QString& problem : validate(options.intensities) + validate(options.sloTargets)) {
        result.diagnostics << error(problem);
    }
    if (options.families.isEmpty()) {
        result.diagnostics << error(QStringLiteral("no scenario family is chosen"));
    }
    if (hasErrors(result.diagnostics)) {
        return result;
    }
    const ReferenceResolver resolver(document);
    CallBuilder callBuilder(resolver);
    const ScenarioFamilyBuilder familyBuilder(options.intensities, options.sloTargets);
    for (OpenApiOperation& operation : OperationCollector::collect(document, &result.diagnostics)) {
        if (!options.filter.matches(operation)) {
            continue;
        }
        if (!options.baseUrl.isEmpty()) {
            operation.baseUrl = OperationCollector::withoutTrailingSlashes(options.baseUrl);
        }
        const Call call = callBuilder.build(operation, &result.diagnostics);
        GeneratedOperation generated{operation, {}};
        for (const ScenarioFamily family : options.families) {
            generated.scenarios << familyBuilder.build(family, call, operation.baseUrl, operation.successStatus);
        }
        result.operations << generated;
    }
    if (result.operations.isEmpty()) {
        result.diagnostics << error(
            options.filter.isEmpty()
                ? QStringLiteral("the document describes no operation under `paths`")
                : QStringLiteral("no operation matches the filters (%1)").arg(options.filter.describe()));
    }
    return result;
}
