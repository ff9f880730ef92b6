#include "report/ReportWording.h"

#include "scenario/Duration.h"

#include <algorithm>

#include <QDateTime>
#include <QStringList>
#include <QUrl>

namespace ReportWording
{
QString milliseconds(double value)
{
    return QString::number(value, 'f', 2);
}

QString seconds(double milliseconds)
{
    return QStringLiteral("%1 s").arg(milliseconds / 1000.0, 0, 'f', 1);
}

QString failureKind(const CallRecord& call)
{
    return call.errorClass != CallErrorClass::None ? toString(call.errorClass)
                                                   : QStringLiteral("HTTP %1").arg(call.status);
}

QString dateTime(qint64 unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
}

QString percentOf(qsizetype count, qsizetype total)
{
    return QStringLiteral("%1 (%2%)").arg(count).arg(total > 0 ? 100.0 * count / total : 0.0, 0, 'f', 1);
}

bool isCredential(const QString& headerName)
{
    static const QStringList hints{QStringLiteral("authorization"), QStringLiteral("api-key"),
                                   QStringLiteral("apikey"),        QStringLiteral("token"),
                                   QStringLiteral("secret"),        QStringLiteral("cookie")};
    return std::any_of(hints.begin(), hints.end(),
                       [&headerName](const QString& hint) { return headerName.contains(hint, Qt::CaseInsensitive); });
}

QString sloObjective(const Slo& slo)
{
    return slo.type == SloType::Latency ? QStringLiteral("p%1 ≤ %2 ms").arg(slo.objective).arg(slo.threshold)
                                        : QStringLiteral("errors < %1%").arg(slo.threshold);
}

QString strategyInWords(const Item& item)
{
    const Strategy strategy = item.context && item.context->strategy ? *item.context->strategy : SingleStrategy{};
    if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
        QString words = QStringLiteral("repeat %1 times with a step of %2 ms").arg(repeat->count).arg(repeat->step);
        if (repeat->addBaselineCall.value_or(false)) {
            words += QStringLiteral(", after a baseline call without faults");
        }
        if (repeat->wait.value_or(0) > 0) {
            words += QStringLiteral(", waiting %1 ms between calls").arg(*repeat->wait);
        }
        if (repeat->failfast.value_or(false)) {
            words += QStringLiteral(", stopping at the first failure");
        }
        return words;
    }
    if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
        return QStringLiteral("load for %1 with %2 clients @ %3 RPS each")
            .arg(formatDuration(static_cast<double>(load->duration)))
            .arg(load->clients)
            .arg(load->rps);
    }
    return QStringLiteral("single shot");
}

QString expectationInWords(const std::optional<Expectation>& expect)
{
    QStringList parts;
    if (expect && expect->status) {
        parts << QStringLiteral("Status Code %1").arg(*expect->status);
    }
    if (expect && expect->responseTimeUnder) {
        parts << QStringLiteral("Response time under %1 ms").arg(*expect->responseTimeUnder);
    }
    if (expect && expect->allSloAreValid) {
        parts << (*expect->allSloAreValid ? QStringLiteral("All SLOs pass") : QStringLiteral("Some SLO fails"));
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QLatin1String(" | "));
}

QString faultName(FaultType type)
{
    switch (type) {
    case FaultType::Latency:
        return QStringLiteral("latency");
    case FaultType::Jitter:
        return QStringLiteral("jitter");
    case FaultType::Bandwidth:
        return QStringLiteral("bandwidth cap");
    case FaultType::PacketLoss:
        return QStringLiteral("packet loss");
    case FaultType::HttpError:
        return QStringLiteral("HTTP errors");
    case FaultType::Blackhole:
        return QStringLiteral("black-hole");
    }
    return toString(type);
}

QString endpoint(const Call& call)
{
    const QUrl url(call.url);
    const QString path = url.isValid() && !url.path().isEmpty() ? url.path() : QStringLiteral("/");
    return call.method + QLatin1Char(' ') + path;
}

QString recovery(const std::optional<SteadyStateResult>& steadyState)
{
    if (!steadyState) {
        return QStringLiteral("-");
    }
    if (!steadyState->healthyBefore) {
        return QStringLiteral("void: unhealthy before");
    }
    if (steadyState->recovered && steadyState->recoveredAfterMs == 0) {
        // Recovery is found bucket by bucket: "0.0 s" would claim more precision than that.
        return QStringLiteral("recovered in under %1 s").arg(SteadyStateEvaluator::BucketLengthMs / 1000.0);
    }
    if (steadyState->recovered && steadyState->recoveredAfterMs) {
        return QStringLiteral("recovered in %1").arg(seconds(static_cast<double>(*steadyState->recoveredAfterMs)));
    }
    return steadyState->afterCalls == 0 ? QStringLiteral("not measured") : QStringLiteral("not recovered");
}

QString phaseVerdict(const QList<SloResult>& slo, qsizetype calls)
{
    if (calls == 0) {
        return QStringLiteral("no calls");
    }
    const auto missed = std::count_if(slo.begin(), slo.end(), [](const SloResult& result) { return !result.pass; });
    return missed == 0 ? QStringLiteral("met every SLO")
                       : QStringLiteral("missed %1 of %2 SLOs").arg(missed).arg(slo.size());
}

QString steadyStateInWords(const SteadyStateResult& steadyState)
{
    const bool degraded = std::any_of(steadyState.during.begin(), steadyState.during.end(),
                                      [](const SloResult& result) { return !result.pass; });
    return QStringLiteral("%1, %2, %3")
        .arg(steadyState.healthyBefore ? QStringLiteral("healthy before") : QStringLiteral("unhealthy before (void)"),
             degraded ? QStringLiteral("degraded during") : QStringLiteral("held during"), recovery(steadyState));
}
} // namespace ReportWording
