#pragma once

#include "advisor/CodeRetriever.h"
#include "advisor/SourceScanner.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// The user's source code, cut into functions and blocks and kept in an SQLite full-text index
// (FTS5, BM25 ranking), so that the advisor's prompts can quote the code that serves a breached
// endpoint. The index is a cache of the folder: update() brings it in line with the files, reading
// and chunking only those whose content changed, and rebuilds a file that is corrupt or of another
// layout.
//
// What is read: SourceScanner's choice (.gitignore honoured; no secrets files, binaries, vendored
// or generated files); what is stored: SourceFileReader's chunks, credentials masked by
// CredentialMasker, so nothing secret can reach a prompt.
//
// Threads: each instance has its own database connection, made by the constructor. Qt Sql allows a
// connection only on the thread that made it, so construct, use and destroy an instance on one
// thread (a worker's, typically: a first index of a large tree takes seconds).
class CodeIndex final : public CodeRetriever
{
public:
    // databasePath: the index file, made (with its folder) if missing; see defaultPath().
    explicit CodeIndex(const QString& databasePath);
    ~CodeIndex() override;
    CodeIndex(const CodeIndex&) = delete;
    CodeIndex& operator=(const CodeIndex&) = delete;

    // `<AppLocalDataLocation>/code-index/<SHA-1 of the folder's absolute path>.sqlite`.
    static QString defaultPath(const QString& sourceDir);

    // Indexes sourceDir, in one transaction. False when the folder cannot be read or the index
    // cannot be written; error then names the path and says why. statistics may be null.
    bool update(const QString& sourceDir, UpdateStatistics* statistics, QString* error) override;

    // The chunks that best match terms, best first, at most limit of them. Terms are free text
    // (`POST /users/{user_id}`, `createUser`, `latency`): split into words and identifiers into
    // their parts, any of which may match, so that no punctuation is ever taken as query syntax.
    // Empty when nothing matches or no term has a word; error is set only when the index cannot be
    // read.
    QList<CodeChunk> search(const QStringList& terms, int limit, QString* error) override;

private:
    enum class State {
        Current,
        Empty, // a new file
        Unusable, // corrupt, or of another version: to be rebuilt
        Failed, // cannot be read now (locked, say); left alone
    };

    struct FileRecord
    {
        QByteArray hash;
        qint64 firstChunk = 0;
        int chunkCount = 0;
    };

    State state(QString* why) const;
    bool prepare(QString* why);
    bool rebuild(QString* why);
    bool createSchema(QString* why);
    bool indexFiles(const QList<SourceScanner::File>& files, UpdateStatistics* statistics, QString* why);
    QString failure(const QString& why) const;

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_database;
};
