#pragma once

#include "runner/RunResult.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

// Writes a run's results as results.json (SPEC.md §3): fault's structure with our additions. It is
// written as text, a call a line, streamed, so that a run of hundreds of thousands of calls needs
// neither a JSON tree nor the whole text in memory.
class ResultsJsonWriter
{
public:
    static QByteArray toJson(const RunResult& run);
    // Streams the text into device; false when the device would not take it all.
    static bool write(const RunResult& run, QIODevice& device);
    // Atomic: the file is replaced whole or left as it was.
    static bool write(const RunResult& run, const QString& path, QString* error);
};
