#pragma once

#include "runner/RunResult.h"
#include "scenario/Diagnostic.h"

#include <optional>

#include <QByteArray>
#include <QString>

// Reads results.json back into the results model: ours, or fault's (whose files lack our
// additions; SLOs are then evaluated from the calls). Every problem is reported with where it is:
// the line and column of a syntax error, the JSON path of a missing or mistyped field.
class ResultsJsonReader
{
public:
    struct Outcome
    {
        std::optional<RunResult> run; // nothing when there was an error
        Diagnostics diagnostics;
    };

    static Outcome readFile(const QString& path);
    // fileName is used in diagnostics only.
    static Outcome read(const QByteArray& json, const QString& fileName);
};
