#pragma once

#include "runner/CallExchange.h"
#include "runner/CallRecord.h"
#include "runner/LoadJob.h"

#include <memory>
#include <vector>

#include <QObject>
#include <QThread>

class LoadClient;

// Runs a load item's schedule over a few worker threads, each driving a share of the connections,
// and gathers their calls as they complete.
class LoadGenerator : public QObject
{
    Q_OBJECT

public:
    // threadCount: 0 for one a core, never more than the connections.
    LoadGenerator(std::shared_ptr<const LoadJob> job, int threadCount, QObject* parent = nullptr);
    // Stops the threads and waits for them.
    ~LoadGenerator() override;

    void start();
    // The calls under way are dropped; finished() follows within a few milliseconds.
    void stop();

signals:
    void callsCompleted(const CallRecords& calls);
    void exchangesCaptured(const CallExchanges& exchanges);
    void tlsFailed(const QString& reason);
    void finished();

private:
    void onClientFinished();
    void joinThreads();

    std::shared_ptr<const LoadJob> m_job;
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<LoadClient*> m_clients; // each lives in its thread and is deleted there
    int m_running = 0;
};
