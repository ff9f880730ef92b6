#pragma once

#include "runner/CallRecord.h"
#include "runner/RunEvents.h"

#include <functional>
#include <optional>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

class QSqlQuery;

// A run as the store keeps it.
struct StoredRun
{
    qint64 id = 0;
    qint64 startedAtMs = 0; // unix milliseconds
    qint64 endedAtMs = 0; // 0 while running
    qint64 heartbeatAtMs = 0; // the last sign of life of the process running it
    QString status; // `running`, `completed`, `cancelled` or `interrupted`
    QString source; // the scenario file or folder
    int testsRun = 0;
    int testsFailed = 0;
    QString resultsPath;
    QString error; // why an interrupted run stopped
    std::optional<quint64> seed; // the fault draws' seed, when the run was seeded
    QStringList targets; // the hosts (host:port) its items called, in the order first called
};

// An item of a run, with the statistics of its calls as they were when it finished, so that a view
// of many runs never reads their calls.
struct StoredItem
{
    int scenarioIndex = 0;
    int itemIndex = 0;
    QString target;
    qint64 startedAtUs = 0; // unix microseconds; the item's call times count from it
    quint32 plannedCalls = 0;
    bool finished = false; // false: the run is under way or died in this item; the numbers below are 0
    qint64 totalTimeNs = 0;
    QByteArray sloJson; // the SLO results, as results.json writes them
    qint64 calls = 0;
    qint64 failedCalls = 0; // SPEC.md §2: an error or a 5xx
    // Failed calls by their error class's name (toString(CallErrorClass)); a 5xx has no error class,
    // so these add up to failedCalls less the 5xx responses.
    QMap<QString, qint64> failuresByErrorClass;
    double minMs = 0;
    double maxMs = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    QString error; // why the item could not run (then it has no calls); empty when it ran
};

// Every run, kept in an SQLite file as it goes so that a crash loses at most the calls not yet
// flushed (the runner flushes every quarter second).
//
// Threads: one connection per instance, opened on the thread that calls open() and used only there,
// as Qt Sql requires. A view that reads the store off the GUI thread makes a RunStore of its own on
// its worker thread and opens it there; the file is in WAL mode, so such readers never block the
// runner's writes and see every flush once it is committed. Instances are cheap; open() costs a
// few milliseconds.
//
// The file's layout is versioned (PRAGMA user_version, SchemaVersion); open() brings an older file
// up to date one step at a time, each step in its own transaction, and refuses a newer one.
class RunStore
{
public:
    static constexpr int SchemaVersion = 3;

    // runs.sqlite in the application's data folder (QStandardPaths::AppDataLocation).
    static QString defaultPath();

    explicit RunStore(QString path);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    // Creates the file and its tables when needed, migrates an older file, and marks as interrupted
    // the runs that a dead process left running (their heartbeat stopped more than staleAfterMs ago).
    // A file of a newer schema than this build knows is left untouched, and open() fails. A file
    // that is not a database (or a damaged one) is renamed to setAsidePath() and a new one made.
    bool open(QString* error, qint64 staleAfterMs = 10000);
    // Where open() put a damaged file; empty when it found none. Tell the user: setAsideNotice().
    const QString& setAsidePath() const
    {
        return m_setAsidePath;
    }
    // "The run history file … could not be read (…); it was kept as … and a new history begun."
    QString setAsideNotice() const;
    const QString& path() const
    {
        return m_path;
    }
    QString lastError() const;

    // Returns the new run's id, or -1. scenariosJson: the scenarios as results.json writes them.
    qint64 beginRun(const QString& source, qint64 startedAtMs, const QByteArray& scenariosJson,
                    std::optional<quint64> seed = std::nullopt);
    bool beginItem(qint64 runId, int scenarioIndex, int itemIndex, const QString& target, qint64 startedAtUs,
                   quint32 plannedCalls);
    // In one transaction, which also beats the run's heartbeat.
    bool appendCalls(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls);
    // Tells other processes that the run is alive while no calls are flushed (a long call).
    bool beatHeartbeat(qint64 runId);
    // calls: all the item's calls, from which its statistics and time buckets are stored. updatedCalls:
    // those whose fields were only known at the item's end (proxy errors, applied faults), rewritten.
    // sloJson: the item's SLO results.
    bool finishItem(qint64 runId, int scenarioIndex, int itemIndex, qint64 totalTimeNs, const CallRecords& calls,
                    const CallRecords& updatedCalls, const QByteArray& sloJson);
    // Ends an item that could not run: no calls, the reason kept.
    bool failItem(qint64 runId, int scenarioIndex, int itemIndex, const QString& error);
    bool finishRun(qint64 runId, const QString& status, qint64 endedAtMs, int testsRun, int testsFailed,
                   const QString& resultsPath, const QString& error);
    // With its items, calls and statistics.
    bool deleteRun(qint64 runId);

    // Oldest first; with a source, only the runs of that scenario file or folder.
    QList<StoredRun> runs(const QString& source = QString());
    QList<StoredItem> items(qint64 runId);
    // The item's calls summed up by time slice (TimeBucketAggregator::DefaultLengthMs), oldest first;
    // empty until the item finished.
    QList<TimeBucket> timeBuckets(qint64 runId, int scenarioIndex, int itemIndex);
    CallRecords calls(qint64 runId, int scenarioIndex, int itemIndex);
    QByteArray scenariosJson(qint64 runId);

private:
    // Keeps the query's error for lastError() when it did not execute.
    bool check(QSqlQuery& query, bool executed);
    bool execute(const QString& statement);
    bool inTransaction(const std::function<bool()>& work);
    int schemaVersion();
    bool openFile(QString* error, qint64 staleAfterMs);
    void closeFile();
    bool migrate(QString* error);
    bool createFirstTables();
    bool addStatisticsAndNames();
    bool addItemErrors();
    bool insertCalls(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls);
    bool storeStatistics(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls);
    bool markAbandonedRuns(qint64 staleAfterMs);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_database;
    QString m_lastError;
    QSqlError m_lastSqlError; // of the statement that failed last: SQLite's code and words
    bool m_damaged = false; // the last openFile() found no database it could read
    QString m_setAsidePath;
    QString m_setAsideReason;
};

Q_DECLARE_METATYPE(StoredRun)
