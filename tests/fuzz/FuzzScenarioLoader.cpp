// The scenario loader on any bytes: diagnostics, never a crash or a hang. What loads without
// error is written back as YAML, which must load again without error: no data lost on the way.
#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("fuzz.yaml"));
    const QList<Scenario> scenarios = file.scenarios();
    if (scenarios.isEmpty()) {
        return 0;
    }
    const QByteArray written = ScenarioWriter::toYaml(scenarios);
    const ScenarioFile again = ScenarioLoader::loadText(written, QStringLiteral("written.yaml"));
    if (again.hasErrors() || again.scenarios().size() != scenarios.size()) {
        for (const Diagnostic& diagnostic : again.diagnostics) {
            qWarning("%s", qPrintable(diagnostic.toString()));
        }
        qFatal("a loaded scenario file, written back, does not load:\n%s", written.constData());
    }
    return 0;
}
