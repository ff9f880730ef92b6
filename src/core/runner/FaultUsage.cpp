#include "runner/FaultUsage.h"

#include "runner/ItemFaultPlan.h"

#include <algorithm>

namespace
{
// Chance-driven faults may rightly miss a few calls: they are flagged only where missing every
// call would be unlikely (three expected hits: a chance under 5%).
constexpr double ExpectedHitsBeforeFlagging = 3;

bool shouldHaveActed(const Fault& fault, qsizetype configuredCalls)
{
    const double calls = static_cast<double>(configuredCalls);
    if (const auto* error = std::get_if<HttpErrorFault>(&fault.parameters)) {
        return error->probability * calls >= ExpectedHitsBeforeFlagging;
    }
    if (const auto* loss = std::get_if<PacketLossFault>(&fault.parameters)) {
        // The chain starts in its good state, where it mostly stays: one segment in ten lost.
        return loss->probability.value_or(0.1) * calls >= ExpectedHitsBeforeFlagging;
    }
    if (std::holds_alternative<JitterFault>(fault.parameters)) {
        return calls >= ExpectedHitsBeforeFlagging;
    }
    // Latency, bandwidth and black-hole act on every call they are configured for.
    return configuredCalls > 0;
}
} // namespace

QList<FaultUsage> FaultUsage::of(const Item& item, const ItemResult& result)
{
    QList<FaultUsage> usage;
    if (!item.context) {
        return usage;
    }
    const QList<Fault>& faults = item.context->faults;
    for (qsizetype i = 0; i < std::min<qsizetype>(faults.size(), ItemFaultPlan::MaskBits); ++i) {
        const quint32 bit = 1u << i;
        FaultUsage entry{.faultIndex = static_cast<int>(i)};
        for (const CallRecord& call : result.calls) {
            entry.configuredCalls += (call.activeFaults & bit) ? 1 : 0;
            entry.appliedCalls += (call.appliedFaults & bit) ? 1 : 0;
        }
        entry.neverApplied = entry.appliedCalls == 0 && shouldHaveActed(faults.at(i), entry.configuredCalls);
        usage.append(entry);
    }
    return usage;
}
