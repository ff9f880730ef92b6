#pragma once

#include "advisor/CodeChunk.h"

#include <QList>
#include <QString>
#include <QStringList>

// Where the advisor finds the code for a step: the SQLite FTS5 CodeIndex, or QdrantCodeIndex
// (embeddings in a Qdrant server, for large codebases). Both index the same chunks of the same
// files (SourceScanner, SourceFileReader) and are used on one thread, the one that made them.
class CodeRetriever
{
public:
    struct UpdateStatistics
    {
        int filesSeen = 0; // the files the scan chose
        int filesIndexed = 0; // new or changed, so chunked again
        int filesUnchanged = 0;
        int filesRemoved = 0; // gone from the folder (or now skipped), so dropped from the index
        int chunks = 0; // in the index after the update
        int chunksEmbedded = 0; // sent to the embedding provider (QdrantCodeIndex only)
        // What was left out and why, a sentence each naming the path: files and folders that could
        // not be read, a bound of the scan that was reached. The update goes on without them.
        QStringList problems;
    };

    virtual ~CodeRetriever() = default;

    // Brings the index in line with sourceDir. False when the folder cannot be read or the index
    // cannot be written; error then names what and says why. statistics may be null.
    virtual bool update(const QString& sourceDir, UpdateStatistics* statistics, QString* error) = 0;
    // The chunks that best match terms (free text: endpoints, identifiers, words), best first, at
    // most limit of them; error is set only when the index cannot be searched.
    virtual QList<CodeChunk> search(const QStringList& terms, int limit, QString* error) = 0;
    // From a handler on the index's thread while update() or search() waits on the network: it
    // returns at once, failing. The local index never waits, so it has nothing to stop.
    virtual void cancel()
    { }
};
