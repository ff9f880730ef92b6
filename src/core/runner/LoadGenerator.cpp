#include "runner/LoadGenerator.h"

#include "runner/LoadClient.h"

#include <algorithm>

LoadGenerator::LoadGenerator(std::shared_ptr<const LoadJob> job, int threadCount, QObject* parent)
    : QObject(parent)
    , m_job(std::move(job))
{
    const int clients = m_job->schedule.clients();
    const int threads = std::clamp(threadCount > 0 ? threadCount : QThread::idealThreadCount(), 1, clients);
    std::vector<QList<int>> shares(static_cast<std::size_t>(threads));
    for (int client = 0; client < clients; ++client) {
        shares[static_cast<std::size_t>(client % threads)].append(client);
    }
    // max_clients is shared out like the clients, each thread bounded by its part.
    const int maxConnections = std::max(m_job->maxConnections, clients);
    for (int index = 0; index < threads; ++index) {
        QList<int>& share = shares[static_cast<std::size_t>(index)];
        const int bound = maxConnections / threads + (index < maxConnections % threads ? 1 : 0);
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("aftershock-load"));
        // The bound on failed calls' exchanges is shared out too, so that the item's stays within it.
        const quint32 failedExchanges = (CallExchange::MaxFailed + threads - 1) / static_cast<quint32>(threads);
        auto* client = new LoadClient(m_job, std::move(share), bound, failedExchanges);
        client->moveToThread(thread.get());
        connect(thread.get(), &QThread::finished, client, &QObject::deleteLater);
        connect(client, &LoadClient::callsCompleted, this, &LoadGenerator::callsCompleted);
        connect(client, &LoadClient::exchangesCaptured, this, &LoadGenerator::exchangesCaptured);
        connect(client, &LoadClient::tlsFailed, this, &LoadGenerator::tlsFailed);
        connect(client, &LoadClient::finished, this, &LoadGenerator::onClientFinished);
        m_clients.push_back(client);
        m_threads.push_back(std::move(thread));
    }
}

LoadGenerator::~LoadGenerator()
{
    stop();
    joinThreads();
    for (std::size_t i = 0; i < m_threads.size(); ++i) {
        if (!m_threads[i]->isFinished()) {
            delete m_clients[i]; // its thread never started, so nobody else will
        }
    }
}

void LoadGenerator::start()
{
    m_running = static_cast<int>(m_clients.size());
    for (std::size_t i = 0; i < m_threads.size(); ++i) {
        m_threads[i]->start();
        QMetaObject::invokeMethod(m_clients[i], &LoadClient::start, Qt::QueuedConnection);
    }
}

void LoadGenerator::stop()
{
    for (std::size_t i = 0; i < m_threads.size(); ++i) {
        if (m_threads[i]->isRunning()) {
            QMetaObject::invokeMethod(m_clients[i], &LoadClient::stop, Qt::QueuedConnection);
        }
    }
}

void LoadGenerator::onClientFinished()
{
    if (--m_running == 0) {
        joinThreads();
        emit finished();
    }
}

void LoadGenerator::joinThreads()
{
    for (auto& thread : m_threads) {
        thread->quit();
        thread->wait();
    }
}
