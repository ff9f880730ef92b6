#pragma once

#include "proxy/FaultPlan.h"

#include <atomic>
#include <memory>

#include <QMutex>

// The faults the GUI or runner set, shared by every worker thread: setters build a new plan;
// readers take the current one, checking the version first so that they lock only on a change.
class FaultSettings
{
public:
    FaultSettings();

    void setFaults(const QStringList& upstreams, const QList<Fault>& faults);
    void setRunWindow(std::optional<RunWindow> runWindow);

    std::shared_ptr<const FaultPlan> plan() const;
    quint64 version() const;

private:
    void rebuild();

    mutable QMutex m_mutex;
    QStringList m_upstreams;
    QList<Fault> m_faults;
    std::optional<RunWindow> m_runWindow;
    std::shared_ptr<const FaultPlan> m_plan;
    std::atomic<quint64> m_version{0};
};
