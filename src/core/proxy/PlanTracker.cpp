#include "proxy/PlanTracker.h"

#include "proxy/FaultSettings.h"

PlanTracker::PlanTracker(const FaultSettings& settings)
    : m_settings(settings)
    , m_version(settings.version())
{
    m_plan = settings.plan();
}

bool PlanTracker::refresh()
{
    const quint64 version = m_settings.version();
    if (version == m_version) {
        return false;
    }
    m_version = version;
    m_plan = m_settings.plan();
    return true;
}

const FaultPlan& PlanTracker::plan() const
{
    return *m_plan;
}
