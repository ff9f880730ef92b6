#pragma once

#include "runner/RunResult.h"

#include <QByteArray>
#include <QString>

// Writes a run's results as results.json (SPEC.md §3): fault's structure with our additions. It is
// built as text, a call a line, so that a run of hundreds of thousands of calls needs no JSON tree.
class ResultsJsonWriter
{
public:
    static QByteArray toJson(const RunResult& run);
    // Atomic: the file is replaced whole or left as it was.
    static bool write(const RunResult& run, const QString& path, QString* error);
};
