#include "runner/LoadExecutor.h"

#include "proxy/ProxyEngine.h"

#include <chrono>

LoadExecutor::LoadExecutor(ItemRunContext context, const LoadStrategy& strategy, int threads, QObject* parent)
    : ItemExecutor(parent)
    , m_context(std::move(context))
{
    const LoadPhases phases(strategy);
    auto job = std::make_shared<LoadJob>(
        LoadJob{.port = m_context.proxyPort,
                .request = m_context.request,
                .callIdPrefix = m_context.callIdPrefix,
                .schedule = LoadSchedule(strategy.clients, strategy.rps, phases.totalMs() * 1'000'000),
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
    // Fault periods are measured over the faulted phase, which a steady state's `before` delays.
    const LoadPhases& phases = m_context.faults.phases();
    m_context.proxy->setFaults(m_context.faults.upstreams(), m_context.faults.proxyFaults());
    m_context.proxy->setRunWindow(m_context.startNs + phases.beforeMs() * 1'000'000,
                                  std::chrono::milliseconds(phases.faultedMs()));
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
        call.activeFaults = m_context.faults.activeMaskAtDue(static_cast<double>(call.intendedStartUs) / 1000.0);
    }
    emit callsCompleted(marked);
}

void LoadExecutor::onGeneratorFinished()
{
    m_context.proxy->clearRunWindow();
    emit finished();
}
