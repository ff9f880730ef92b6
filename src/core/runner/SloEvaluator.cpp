#include "runner/SloEvaluator.h"

#include "runner/SortedLatencies.h"

#include <algorithm>

#include <QJsonObject>

namespace
{
// A call that got no response ranks above every response, so an outage cannot make a percentile
// look fast; its time (how long it waited) is a lower bound of the latency it would have had.
SloResult latencySlo(const Slo& slo, const CallRecords& calls)
{
    SloResult result{.slo = slo};
    QList<double> responded;
    QList<double> unanswered;
    responded.reserve(calls.size());
    for (const CallRecord& call : calls) {
        (call.errorClass == CallErrorClass::None ? responded : unanswered).append(call.latencyMs());
    }
    if (calls.isEmpty()) {
        return result;
    }
    const SortedLatencies answered(responded);
    const double slowestAnswer = answered.max();
    for (double& wait : unanswered) {
        wait = std::max(wait, slowestAnswer);
    }
    QList<double> all = responded;
    all.append(unanswered);
    const SortedLatencies latencies(std::move(all));
    const double value = latencies.percentile(slo.objective);
    result.observed = value;
    result.margin = slo.threshold - value;
    result.noResponse = unanswered.size();
    result.overThreshold = answered.countAbove(slo.threshold) + result.noResponse;
    result.observedIsLowerBound = latencies.highestPositionRead(slo.objective) >= responded.size();
    result.pass = !result.observedIsLowerBound && value <= slo.threshold;
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

QJsonArray toJson(const QList<SloResult>& results)
{
    QJsonArray array;
    for (const SloResult& result : results) {
        array.append(QJsonObject{
            {QStringLiteral("title"), result.slo.title},
            {QStringLiteral("type"), toString(result.slo.type)},
            {QStringLiteral("objective"), result.slo.objective},
            {QStringLiteral("threshold"), result.slo.threshold},
            {QStringLiteral("observed"), result.observed ? QJsonValue(*result.observed) : QJsonValue()},
            {QStringLiteral("margin"), result.observed ? QJsonValue(result.margin) : QJsonValue()},
            {QStringLiteral("over_threshold"), static_cast<qint64>(result.overThreshold)},
            {QStringLiteral("no_response"), static_cast<qint64>(result.noResponse)},
            {QStringLiteral("observed_is_lower_bound"), result.observedIsLowerBound},
            {QStringLiteral("pass"), result.pass},
        });
    }
    return array;
}
