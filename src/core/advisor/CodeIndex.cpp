#include "advisor/CodeIndex.h"

#include "advisor/IdentifierSplitter.h"
#include "advisor/SourceFileReader.h"
#include "advisor/SourceScanner.h"

#include <algorithm>
#include <atomic>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

namespace
{
// Bump when the tables or what goes into them (chunking, masking, splitting) change: an index of
// another version is rebuilt, as the index is only a cache of the source folder.
constexpr int SchemaVersion = 1;
constexpr int MaxQueryPhrases = 128;
constexpr int MaxResults = 1000;

// Chunk rowids are handed out in runs, a run a file, so that a file's chunks go with one range.
constexpr const char* Schema[] = {
    "CREATE TABLE files (path TEXT PRIMARY KEY, hash BLOB NOT NULL, first_chunk INTEGER NOT NULL, "
    "chunk_count INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE chunks USING fts5(path, symbol UNINDEXED, symbol_words, identifiers, body, "
    "language UNINDEXED, first_line UNINDEXED, last_line UNINDEXED, tokenize='porter unicode61')",
};

// A name in the symbol weighs most, then in an identifier or the path, then anywhere in the text.
constexpr const char* Rank = "bm25(chunks, 2.0, 0.0, 5.0, 2.0, 1.0, 0.0, 0.0, 0.0)";

QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("aftershock-codeindex-%1").arg(counter.fetch_add(1));
}

bool isCorruption(const QSqlError& error)
{
    constexpr int Corrupt = 11; // SQLITE_CORRUPT
    constexpr int NotADatabase = 26; // SQLITE_NOTADB
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == Corrupt || code == NotADatabase;
}

// Each word of the terms as a quoted FTS5 string, and each identifier and each term of several
// words as a phrase (`get users user id` matches `@app.get("/users/{user_id}")` best), joined with
// OR. The strings hold only letters, digits and spaces, so no character of the terms can be taken
// as query syntax: `-`, `*`, `:`, `"` and `(` are dropped, `NEAR` and `AND` are words.
QString matchExpression(const QStringList& terms)
{
    QStringList phrases;
    QSet<QString> seen;
    const auto add = [&phrases, &seen](const QString& phrase) {
        if (!phrase.isEmpty() && phrases.size() < MaxQueryPhrases && !seen.contains(phrase)) {
            seen.insert(phrase);
            phrases.append(u'"' + phrase + u'"');
        }
    };
    for (const QString& term : terms) {
        QStringList termWords;
        qsizetype index = 0;
        while (index < term.size()) {
            if (!term.at(index).isLetterOrNumber() && term.at(index) != u'_') {
                ++index;
                continue;
            }
            const qsizetype start = index;
            while (index < term.size() && (term.at(index).isLetterOrNumber() || term.at(index) == u'_')) {
                ++index;
            }
            const QString identifier = term.sliced(start, index - start);
            const QStringList words = IdentifierSplitter::words(identifier);
            if (words.size() > 1) {
                add(words.join(u' '));
                // `createUser` is one token, `createuser`, in the text.
                if (!identifier.contains(u'_')) {
                    add(identifier.toLower());
                }
            }
            for (const QString& word : words) {
                add(word);
            }
            termWords.append(words);
        }
        if (termWords.size() > 1) {
            add(termWords.join(u' '));
        }
    }
    return phrases.join(QStringLiteral(" OR "));
}
} // namespace

CodeIndex::CodeIndex(const QString& databasePath)
    : m_path(databasePath)
    , m_connectionName(uniqueConnectionName())
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_database.setDatabaseName(m_path);
    // Another process (the GUI and the CLI on one folder) may be writing the index for a moment.
    m_database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    m_database.open();
}

CodeIndex::~CodeIndex()
{
    m_database.close();
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString CodeIndex::defaultPath(const QString& sourceDir)
{
    const QByteArray hash
        = QCryptographicHash::hash(QDir(sourceDir).absolutePath().toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/code-index/")
        + QString::fromLatin1(hash) + QStringLiteral(".sqlite");
}

QString CodeIndex::failure(const QString& why) const
{
    return QStringLiteral("the code index %1: %2").arg(QDir::toNativeSeparators(m_path), why);
}

bool CodeIndex::update(const QString& sourceDir, UpdateStatistics* statistics, QString* error)
{
    const std::optional<SourceScanner::Result> scan = SourceScanner::scan(sourceDir, error);
    if (!scan) {
        return false;
    }
    UpdateStatistics counted;
    counted.problems = scan->problems;
    QString why;
    if (!prepare(&why) || !indexFiles(scan->files, &counted, &why)) {
        *error = failure(why);
        return false;
    }
    if (statistics) {
        *statistics = counted;
    }
    return true;
}

CodeIndex::State CodeIndex::state(QString* why) const
{
    const auto failed = [why](const QSqlQuery& query) {
        *why = query.lastError().text();
        return isCorruption(query.lastError()) ? State::Unusable : State::Failed;
    };
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        return failed(query);
    }
    const int version = query.value(0).toInt();
    if (version == 0) {
        if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next()) {
            return failed(query);
        }
        return query.value(0).toInt() == 0 ? State::Empty : State::Unusable;
    }
    if (version != SchemaVersion) {
        return State::Unusable;
    }
    if (!query.exec(QStringLiteral("PRAGMA quick_check")) || !query.next()) {
        return failed(query);
    }
    return query.value(0).toString() == QLatin1String("ok") ? State::Current : State::Unusable;
}

bool CodeIndex::prepare(QString* why)
{
    if (!m_database.isOpen() && !m_database.open()) {
        *why = m_database.lastError().text();
        return false;
    }
    switch (state(why)) {
    case State::Current:
        return true;
    case State::Empty:
        return createSchema(why);
    case State::Unusable:
        return rebuild(why);
    case State::Failed:
        return false;
    }
    return false;
}

bool CodeIndex::rebuild(QString* why)
{
    m_database.close();
    for (const QString& suffix :
         {QString(), QStringLiteral("-journal"), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile file(m_path + suffix);
        if (file.exists() && !file.remove()) {
            *why = QStringLiteral("it is corrupt or of another version, and cannot be removed to be rebuilt: %1")
                       .arg(file.errorString());
            return false;
        }
    }
    if (!m_database.open()) {
        *why = m_database.lastError().text();
        return false;
    }
    return createSchema(why);
}

bool CodeIndex::createSchema(QString* why)
{
    QSqlQuery query(m_database);
    const auto run = [&query, why](const QString& statement) {
        if (!query.exec(statement)) {
            *why = query.lastError().text();
            return false;
        }
        return true;
    };
    if (!run(QStringLiteral("BEGIN IMMEDIATE"))) {
        return false;
    }
    for (const char* statement : Schema) {
        if (!run(QString::fromLatin1(statement))) {
            run(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    return run(QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion)) && run(QStringLiteral("COMMIT"));
}

bool CodeIndex::indexFiles(const QList<SourceScanner::File>& files, UpdateStatistics* statistics, QString* why)
{
    QSqlQuery query(m_database);
    const auto check = [&query, why](bool executed) {
        if (!executed) {
            *why = query.lastError().text();
        }
        return executed;
    };
    // Taken at once: another process indexing the same folder waits rather than interleaving.
    if (!check(query.exec(QStringLiteral("BEGIN IMMEDIATE")))) {
        return false;
    }
    const auto rollBack = [this] {
        QSqlQuery(m_database).exec(QStringLiteral("ROLLBACK"));
    };
    QHash<QString, FileRecord> known;
    if (!check(query.exec(QStringLiteral("SELECT path, hash, first_chunk, chunk_count FROM files")))) {
        rollBack();
        return false;
    }
    qint64 nextChunk = 1;
    while (query.next()) {
        const FileRecord record{query.value(1).toByteArray(), query.value(2).toLongLong(), query.value(3).toInt()};
        nextChunk = std::max(nextChunk, record.firstChunk + record.chunkCount);
        known.insert(query.value(0).toString(), record);
    }
    QSqlQuery insertChunk(m_database);
    QSqlQuery deleteChunks(m_database);
    QSqlQuery writeFile(m_database);
    QSqlQuery deleteFile(m_database);
    if (!check(insertChunk.prepare(QStringLiteral(
            "INSERT INTO chunks (rowid, path, symbol, symbol_words, identifiers, body, language, first_line, "
            "last_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        || !check(deleteChunks.prepare(QStringLiteral("DELETE FROM chunks WHERE rowid >= ? AND rowid < ?")))
        || !check(writeFile.prepare(QStringLiteral("INSERT OR REPLACE INTO files (path, hash, first_chunk, "
                                                   "chunk_count) VALUES (?, ?, ?, ?)")))
        || !check(deleteFile.prepare(QStringLiteral("DELETE FROM files WHERE path = ?")))) {
        rollBack();
        return false;
    }
    const auto run = [why](QSqlQuery& statement, const QVariantList& values) {
        for (qsizetype index = 0; index < values.size(); ++index) {
            statement.bindValue(static_cast<int>(index), values.at(index));
        }
        if (!statement.exec()) {
            *why = statement.lastError().text();
            return false;
        }
        return true;
    };
    const auto dropChunks = [&run, &deleteChunks](const FileRecord& record) {
        return run(deleteChunks, {record.firstChunk, record.firstChunk + record.chunkCount});
    };
    QSet<QString> present;
    for (const SourceScanner::File& file : files) {
        ++statistics->filesSeen;
        const std::optional<SourceFileReader::Content> content = SourceFileReader::read(file, &statistics->problems);
        if (!content) {
            continue;
        }
        present.insert(file.relativePath);
        const QByteArray& hash = content->sha1;
        const auto previous = known.constFind(file.relativePath);
        if (previous != known.constEnd() && previous->hash == hash) {
            ++statistics->filesUnchanged;
            continue;
        }
        if (previous != known.constEnd() && !dropChunks(*previous)) {
            rollBack();
            return false;
        }
        const QList<CodeChunk> chunks = SourceFileReader::maskedChunks(file.relativePath, content->text);
        const qint64 firstChunk = nextChunk;
        const QString pathWords = IdentifierSplitter::compoundWords(file.relativePath);
        for (const CodeChunk& chunk : chunks) {
            const QString identifiers = pathWords + u' ' + IdentifierSplitter::compoundWords(chunk.text);
            if (!run(insertChunk,
                     {nextChunk++, chunk.path, chunk.symbol, IdentifierSplitter::words(chunk.symbol).join(u' '),
                      identifiers, chunk.text, chunk.language, chunk.firstLine, chunk.lastLine})) {
                rollBack();
                return false;
            }
        }
        if (!run(writeFile, {file.relativePath, hash, firstChunk, static_cast<int>(chunks.size())})) {
            rollBack();
            return false;
        }
        ++statistics->filesIndexed;
    }
    for (auto record = known.constBegin(); record != known.constEnd(); ++record) {
        if (present.contains(record.key())) {
            continue;
        }
        if (!dropChunks(*record) || !run(deleteFile, {record.key()})) {
            rollBack();
            return false;
        }
        ++statistics->filesRemoved;
    }
    if (!check(query.exec(QStringLiteral("SELECT coalesce(sum(chunk_count), 0) FROM files"))) || !query.next()) {
        rollBack();
        return false;
    }
    statistics->chunks = query.value(0).toInt();
    if (!check(query.exec(QStringLiteral("COMMIT")))) {
        rollBack();
        return false;
    }
    return true;
}

QList<CodeChunk> CodeIndex::search(const QStringList& terms, int limit, QString* error)
{
    const QString expression = matchExpression(terms);
    if (expression.isEmpty() || limit <= 0) {
        return {};
    }
    if (!m_database.isOpen()) {
        *error = failure(QStringLiteral("it cannot be opened: %1").arg(m_database.lastError().text()));
        return {};
    }
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    const bool executed
        = query.prepare(QStringLiteral("SELECT path, first_line, last_line, symbol, language, body FROM chunks "
                                       "WHERE chunks MATCH ? ORDER BY %1, path, first_line LIMIT ?")
                            .arg(QLatin1String(Rank)));
    query.bindValue(0, expression);
    query.bindValue(1, std::min(limit, MaxResults));
    if (!executed || !query.exec()) {
        *error = failure(query.lastError().text());
        return {};
    }
    QList<CodeChunk> chunks;
    while (query.next()) {
        chunks.append(CodeChunk{query.value(0).toString(), query.value(1).toInt(), query.value(2).toInt(),
                                query.value(3).toString(), query.value(4).toString(), query.value(5).toString()});
    }
    return chunks;
}
