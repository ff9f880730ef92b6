#pragma once

#include "runner/RunEvents.h"
#include "scenario/Scenario.h"

#include <QList>

// What a run of scenarios will do: how many calls each item makes and how many tests each
// scenario holds (SPEC.md §1 "Strategies", §2).
class RunPlanner
{
public:
    static RunPlan plan(const QList<Scenario>& scenarios);
    static RunPlan::ItemPlan planItem(const Item& item);
};
