// The OpenAPI importer on any bytes, JSON or YAML (the text parser tells them by the first
// character): the document assembled, every file a reference names given the same bytes, then,
// when it loads, scenarios generated from it, which must load as a scenario file without error
// and as they were generated.
#include "openapi/OpenApiAssembler.h"
#include "openapi/ScenarioGenerator.h"
#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    OpenApiAssembler assembler(QUrl(QStringLiteral("file:///fuzz/openapi.yaml")));
    // The assembler asks for at most MaxFiles files, so this ends.
    QList<QUrl> pending{assembler.documentUrl()};
    while (!pending.isEmpty()) {
        pending << assembler.addFile(pending.takeFirst(), text);
    }
    const OpenApiLoadResult result = assembler.finish();
    if (!result.document) {
        return 0;
    }
    const GenerationResult generated = ScenarioGenerator::generate(*result.document);
    const QList<Scenario> scenarios = generated.scenarios();
    if (scenarios.isEmpty()) {
        return 0;
    }
    const QByteArray written = ScenarioWriter::toYaml(scenarios);
    const ScenarioFile file = ScenarioLoader::loadText(written, QStringLiteral("generated.yaml"));
    if (file.hasErrors()) {
        for (const Diagnostic& diagnostic : file.diagnostics) {
            qWarning("%s", qPrintable(diagnostic.toString()));
        }
        qFatal("generated scenarios do not load:\n%s", written.constData());
    }
    if (file.scenarios() != scenarios) {
        qFatal("generated scenarios load as others:\n%s", written.constData());
    }
    return 0;
}
