#include "runner/SloEvaluator.h"

#include "runner/SortedLatencies.h"

#include <algorithm>

#include <QJsonObject>

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
            {QStringLiteral("pass"), result.pass},
        });
    }
    return array;
}
