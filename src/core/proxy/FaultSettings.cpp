#include "proxy/FaultSettings.h"

FaultSettings::FaultSettings()
    : m_plan(std::make_shared<const FaultPlan>())
{ }

void FaultSettings::setFaults(const QStringList& upstreams, const QList<Fault>& faults)
{
    QMutexLocker locker(&m_mutex);
    m_upstreams = upstreams;
    m_faults = faults;
    rebuild();
}

void FaultSettings::setRunWindow(std::optional<RunWindow> runWindow)
{
    QMutexLocker locker(&m_mutex);
    m_runWindow = runWindow;
    rebuild();
}

std::shared_ptr<const FaultPlan> FaultSettings::plan() const
{
    QMutexLocker locker(&m_mutex);
    return m_plan;
}

quint64 FaultSettings::version() const
{
    return m_version.load(std::memory_order_acquire);
}

void FaultSettings::rebuild()
{
    m_plan = std::make_shared<const FaultPlan>(m_upstreams, m_faults, m_runWindow);
    m_version.fetch_add(1, std::memory_order_release);
}
