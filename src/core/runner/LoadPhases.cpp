#include "runner/LoadPhases.h"

#include <algorithm>

QString toString(LoadPhase phase)
{
    switch (phase) {
    case LoadPhase::Before:
        return QStringLiteral("before");
    case LoadPhase::During:
        return QStringLiteral("during");
    case LoadPhase::After:
        return QStringLiteral("after");
    }
    return {};
}

LoadPhases::LoadPhases(const LoadStrategy& load)
    : m_hasSteadyState(load.steadyState.has_value())
    , m_beforeMs(load.steadyState ? std::max<qint64>(load.steadyState->beforeMs, 0) : 0)
    , m_faultedMs(load.duration)
    , m_afterMs(load.steadyState ? std::max<qint64>(load.steadyState->afterMs, 0) : 0)
{ }

LoadPhases::LoadPhases(const Item& item)
{
    const auto* load
        = item.context && item.context->strategy ? std::get_if<LoadStrategy>(&*item.context->strategy) : nullptr;
    if (load) {
        *this = LoadPhases(*load);
    }
}

LoadPhase LoadPhases::phaseAt(double offsetMs) const
{
    if (!m_hasSteadyState) {
        return LoadPhase::During;
    }
    if (offsetMs < static_cast<double>(m_beforeMs)) {
        return LoadPhase::Before;
    }
    return offsetMs < static_cast<double>(m_beforeMs + m_faultedMs) ? LoadPhase::During : LoadPhase::After;
}

CallRecords LoadPhases::callsIn(LoadPhase phase, const CallRecords& calls) const
{
    CallRecords inPhase;
    std::copy_if(calls.begin(), calls.end(), std::back_inserter(inPhase),
                 [this, phase](const CallRecord& call) { return phaseOf(call) == phase; });
    return inPhase;
}
