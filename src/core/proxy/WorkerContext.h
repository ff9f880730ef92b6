#pragma once

#include "proxy/FaultShaper.h"

#include <atomic>

class EventBatcher;
class FaultSettings;
struct ProxyConfig;

// What every connection handler of one worker thread shares: settings, the event sink, the
// thread's own random engine, and the engine-wide counters.
struct WorkerContext
{
    const ProxyConfig& config;
    FaultSettings& faults;
    EventBatcher& events;
    std::atomic<quint64>& nextConnectionId;
    std::atomic<int>& openConnections;
    RandomEngine random{std::random_device{}()};
};
