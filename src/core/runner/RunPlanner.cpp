#include "runner/RunPlanner.h"

#include "runner/LoadPhases.h"
#include "runner/LoadSchedule.h"

#include <algorithm>

RunPlan RunPlanner::plan(const QList<Scenario>& scenarios)
{
    RunPlan plan;
    for (const Scenario& scenario : scenarios) {
        RunPlan::ScenarioPlan scenarioPlan{.title = scenario.title};
        for (const Item& item : scenario.items) {
            const RunPlan::ItemPlan itemPlan = planItem(item);
            scenarioPlan.tests += itemPlan.load ? 1 : static_cast<int>(itemPlan.calls);
            scenarioPlan.items.append(itemPlan);
        }
        plan.scenarios.append(scenarioPlan);
    }
    return plan;
}

RunPlan::ItemPlan RunPlanner::planItem(const Item& item)
{
    if (!item.context || !item.context->strategy) {
        return {.calls = 1};
    }
    const Strategy& strategy = *item.context->strategy;
    if (const auto* repeat = std::get_if<RepeatStrategy>(&strategy)) {
        const auto count = static_cast<quint32>(std::max(repeat->count, 0));
        return {.calls = count + (repeat->addBaselineCall.value_or(false) ? 1u : 0u)};
    }
    if (const auto* load = std::get_if<LoadStrategy>(&strategy)) {
        const LoadPhases phases(*load);
        const LoadSchedule schedule(load->clients, load->rps, phases.totalMs() * 1'000'000);
        return {.calls = schedule.callCount(), .load = true, .durationMs = phases.totalMs()};
    }
    return {.calls = 1};
}
