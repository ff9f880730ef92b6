#include "runner/LoadExecutor.h"

#include "proxy/ProxyEngine.h"

#include <chrono>

LoadExecutor::LoadExecutor(ItemRunContext context, const LoadStrategy& strategy, int threads, QObject* parent)
    : ItemExecutor(parent)
    , m_context(std::move(context))
    , m_durationMs(static_cast<double>(strategy.duration))
{
    auto job = std::make_shared<LoadJob>(
        LoadJob{.port = m_context.proxyPort,
                .request = m_context.request,
                .callIdPrefix = m_context.callIdPrefix,
                .schedule = LoadSchedule(strategy.clients, strategy.rps, strategy.duration * 1'000'000),
                .startNs = m_context.startNs,
                .timeoutNs = m_context.timeoutNs,
                .maxConnections = strategy.maxClientsOrDefault(),
                .verifyCertificates = m_context.verifyCertificates});
    job->exchangeStride = CallExchange::sampleStride(job->schedule.callCount());
    m_generator = std::make_unique<LoadGenerator>(std::move(job), threads);
    connect(m_generator.get(), &LoadGenerator::callsCompleted, this, &LoadExecutor::onCalls);
    connect(m_generator.get(), &LoadGenerator::exchangesCaptured, this, &ItemExecutor::exchangesCaptured);
    connect(m_generator.get(), &LoadGenerator::tlsFailed, this, &ItemExecutor::callWarning);
    connect(m_generator.get(), &LoadGenerator::finished, this, &LoadExecutor::onGeneratorFinished);
}

void LoadExecutor::start()
{
    m_context.proxy->setFaults(m_context.faults.upstreams(), m_context.faults.faults());
    m_context.proxy->setRunWindow(m_context.startNs,
                                  std::chrono::nanoseconds(static_cast<qint64>(m_durationMs * 1'000'000)));
    m_generator->start();
}

void LoadExecutor::cancel()
{
    m_generator->stop();
}

void LoadExecutor::onCalls(const CallRecords& calls)
{
    CallRecords marked = calls;
    for (CallRecord& call : marked) {
        call.activeFaults = m_context.faults.activeMaskAt(call.intendedStartUs / 1000.0, m_durationMs);
    }
    emit callsCompleted(marked);
}

void LoadExecutor::onGeneratorFinished()
{
    m_context.proxy->clearRunWindow();
    emit finished();
}
