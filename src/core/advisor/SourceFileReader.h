#pragma once

#include "advisor/CodeChunk.h"
#include "advisor/SourceScanner.h"

#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// A scanned file as both code indexes take it, so that they read and store the same: its text
// (at most SourceScanner::MaxFileBytes, binaries left out), and its chunks with credentials masked
// before they are stored, searched or embedded.
class SourceFileReader
{
public:
    struct Content
    {
        QByteArray sha1; // of the bytes read: an unchanged file is not chunked again
        QString text;
    };

    // nullopt for a binary, and for a file that cannot be read (problems then gets a sentence
    // naming it).
    static std::optional<Content> read(const SourceScanner::File& file, QStringList* problems);
    // Configuration files' unquoted values (`password: hunter2`) are masked too.
    static QList<CodeChunk> maskedChunks(const QString& relativePath, const QString& text);
};
