// The results reader on any bytes: diagnostics, never a crash or a hang. A run it reads is
// written again and read back, which must give the same file: nothing lost on the way.
#include "runner/ResultsJsonReader.h"
#include "runner/ResultsJsonWriter.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const ResultsJsonReader::Outcome outcome = ResultsJsonReader::read(json, QStringLiteral("fuzz.json"));
    if (!outcome.run) {
        if (outcome.diagnostics.isEmpty()) {
            qFatal("a results file refused without a diagnostic");
        }
        return 0;
    }
    const QByteArray written = ResultsJsonWriter::toJson(*outcome.run);
    const ResultsJsonReader::Outcome again = ResultsJsonReader::read(written, QStringLiteral("written.json"));
    if (!again.run) {
        for (const Diagnostic& diagnostic : again.diagnostics) {
            qWarning("%s", qPrintable(diagnostic.toString()));
        }
        qFatal("a results file read, written again, does not read:\n%s", written.constData());
    }
    if (ResultsJsonWriter::toJson(*again.run) != written) {
        qFatal("a results file read, written and read again changed:\n%s", written.constData());
    }
    return 0;
}
