#pragma once

#include "proxy/FaultPlan.h"

#include <memory>

class FaultSettings;

// A connection's view of the fault settings: the plan it works with, replaced only when the
// settings changed (one atomic read a check).
class PlanTracker
{
public:
    explicit PlanTracker(const FaultSettings& settings);

    // Takes the newest plan when the settings changed since the last call; true when it did.
    bool refresh();
    const FaultPlan& plan() const;

private:
    const FaultSettings& m_settings;
    std::shared_ptr<const FaultPlan> m_plan;
    quint64 m_version = 0;
};
