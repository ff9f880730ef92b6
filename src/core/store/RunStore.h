#pragma once

#include "runner/CallRecord.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

// A run as the store keeps it.
struct StoredRun
{
    qint64 id = 0;
    qint64 startedAtMs = 0; // unix milliseconds
    qint64 endedAtMs = 0; // 0 while running
    QString status; // `running`, `completed`, `cancelled` or `interrupted`
    QString source; // the scenario file or folder
    int testsRun = 0;
    int testsFailed = 0;
    QString resultsPath;
};

// Every run, kept in an SQLite file as it goes so that a crash loses at most the calls not yet
// flushed (the runner flushes every quarter second). One connection per instance, opened on the thread
// that calls open() and used only there, as Qt Sql requires.
class RunStore
{
public:
    // runs.sqlite in the application's data folder (QStandardPaths::AppDataLocation).
    static QString defaultPath();

    explicit RunStore(QString path);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    // Creates the file and its tables when needed, and marks as interrupted the runs that a dead
    // process left running (their heartbeat stopped more than staleAfterMs ago).
    bool open(QString* error, qint64 staleAfterMs = 10000);
    const QString& path() const
    {
        return m_path;
    }
    QString lastError() const;

    // Returns the new run's id, or -1. scenariosJson: the scenarios as results.json writes them.
    qint64 beginRun(const QString& source, qint64 startedAtMs, const QByteArray& scenariosJson);
    bool beginItem(qint64 runId, int scenarioIndex, int itemIndex, const QString& target, qint64 startedAtUs,
                   quint32 plannedCalls);
    // In one transaction, which also beats the run's heartbeat.
    bool appendCalls(qint64 runId, int scenarioIndex, int itemIndex, const CallRecords& calls);
    // Rewrites the calls whose fields were only known at the item's end (proxy errors, applied
    // faults), and stores the item's totals and SLO results (as JSON).
    bool finishItem(qint64 runId, int scenarioIndex, int itemIndex, qint64 totalTimeNs, const CallRecords& updatedCalls,
                    const QByteArray& sloJson);
    bool finishRun(qint64 runId, const QString& status, qint64 endedAtMs, int testsRun, int testsFailed,
                   const QString& resultsPath, const QString& error);

    QList<StoredRun> runs();
    CallRecords calls(qint64 runId, int scenarioIndex, int itemIndex);
    QByteArray scenariosJson(qint64 runId);

private:
    bool execute(const QString& statement);
    bool createTables();
    bool markAbandonedRuns(qint64 staleAfterMs);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_database;
};
