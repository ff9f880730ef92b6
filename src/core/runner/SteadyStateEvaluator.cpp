#include "runner/SteadyStateEvaluator.h"

#include "runner/ItemFaultPlan.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace
{
bool meetsEverySlo(const QList<SloResult>& results)
{
    return std::all_of(results.begin(), results.end(), [](const SloResult& result) { return result.pass; });
}

// When the first bucket starts from which every later bucket meets the SLOs, in ms from
// windowEndMs; nothing when even the last one misses them.
std::optional<qint64> recoveryOffsetMs(const QList<Slo>& slos, const CallRecords& calls, double windowEndMs,
                                       double runEndMs)
{
    const double length = SteadyStateEvaluator::BucketLengthMs;
    const auto bucketCount = static_cast<std::size_t>(std::max(0.0, std::ceil((runEndMs - windowEndMs) / length)));
    std::vector<CallRecords> buckets(bucketCount);
    for (const CallRecord& call : calls) {
        const double offset = static_cast<double>(call.intendedStartUs) / 1000.0 - windowEndMs;
        if (offset >= 0 && offset < static_cast<double>(bucketCount) * length) {
            buckets[static_cast<std::size_t>(offset / length)].append(call);
        }
    }
    std::optional<qint64> recovery;
    for (std::size_t i = bucketCount; i > 0; --i) {
        const CallRecords& bucket = buckets[i - 1];
        if (!bucket.isEmpty() && !meetsEverySlo(SloEvaluator::evaluate(slos, bucket))) {
            break;
        }
        recovery = static_cast<qint64>(i - 1) * SteadyStateEvaluator::BucketLengthMs;
    }
    return recovery;
}
} // namespace

std::optional<SteadyStateResult> SteadyStateEvaluator::evaluate(const Item& item, const CallRecords& calls)
{
    const ItemFaultPlan plan(item);
    const LoadPhases& phases = plan.phases();
    if (!phases.hasSteadyState()) {
        return std::nullopt;
    }
    const QList<Slo>& slos = item.context->slo;
    SteadyStateResult result;
    const CallRecords before = phases.callsIn(LoadPhase::Before, calls);
    const CallRecords during = phases.callsIn(LoadPhase::During, calls);
    const CallRecords after = phases.callsIn(LoadPhase::After, calls);
    result.before = SloEvaluator::evaluate(slos, before);
    result.during = SloEvaluator::evaluate(slos, during);
    result.after = SloEvaluator::evaluate(slos, after);
    result.beforeCalls = before.size();
    result.duringCalls = during.size();
    result.afterCalls = after.size();
    result.healthyBefore = phases.beforeMs() == 0 || meetsEverySlo(result.before);
    if (phases.afterMs() > 0 && meetsEverySlo(result.after)) {
        result.recoveredAfterMs
            = recoveryOffsetMs(slos, calls, plan.lastFaultEndMs(), static_cast<double>(phases.totalMs()));
        result.recovered = result.recoveredAfterMs.has_value();
    }
    return result;
}

QList<SloResult> SteadyStateEvaluator::faultedPhaseSlo(const Item& item, const CallRecords& calls)
{
    if (!item.context) {
        return {};
    }
    const LoadPhases phases(item);
    return SloEvaluator::evaluate(item.context->slo,
                                  phases.hasSteadyState() ? phases.callsIn(LoadPhase::During, calls) : calls);
}
