#pragma once

#include "runner/RunResult.h"

#include <QList>

// How much each of an item's faults really acted, from the proxy's reports: the proof that a
// configured fault reached the wire. A fault configured for enough calls that it should have
// acted, yet never did, is flagged "configured but never applied": the run did not test what the
// scenario says (usually `upstreams` that miss the call's host).
struct FaultUsage
{
    int faultIndex = 0;
    qsizetype configuredCalls = 0; // calls the fault was active for
    qsizetype appliedCalls = 0; // calls the proxy said it acted on
    bool neverApplied = false;

    // One entry a fault, in the item's order.
    static QList<FaultUsage> of(const Item& item, const ItemResult& result);
};
