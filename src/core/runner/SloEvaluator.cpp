#include "runner/SloEvaluator.h"

#include "runner/SortedLatencies.h"

#include <algorithm>

namespace
{
SloResult latencySlo(const Slo& slo, const CallRecords& calls)
{
    SloResult result{.slo = slo};
    const SortedLatencies latencies(calls);
    if (latencies.isEmpty()) {
        return result;
    }
    const double value = latencies.percentile(slo.objective);
    result.observed = value;
    result.margin = slo.threshold - value;
    result.overThreshold = latencies.countAbove(slo.threshold);
    result.pass = value <= slo.threshold;
    return result;
}

SloResult errorSlo(const Slo& slo, const CallRecords& calls)
{
    SloResult result{.slo = slo};
    if (calls.isEmpty()) {
        return result;
    }
    const auto failed = std::count_if(calls.begin(), calls.end(), [](const CallRecord& call) { return call.failed(); });
    const double percent = 100.0 * static_cast<double>(failed) / static_cast<double>(calls.size());
    result.observed = percent;
    result.margin = slo.threshold - percent;
    result.overThreshold = failed;
    result.pass = percent < slo.threshold;
    return result;
}
} // namespace

QList<SloResult> SloEvaluator::evaluate(const QList<Slo>& slos, const CallRecords& calls)
{
    QList<SloResult> results;
    results.reserve(slos.size());
    for (const Slo& slo : slos) {
        results.append(evaluate(slo, calls));
    }
    return results;
}

SloResult SloEvaluator::evaluate(const Slo& slo, const CallRecords& calls)
{
    return slo.type == SloType::Latency ? latencySlo(slo, calls) : errorSlo(slo, calls);
}
