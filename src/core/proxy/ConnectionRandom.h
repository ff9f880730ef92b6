#pragma once

#include "proxy/FaultShaper.h"

#include <memory>
#include <optional>

#include <QStringView>

// The engine a connection's fault draws go through. Unseeded, it is the worker thread's own.
// With a seed (ProxyConfig::randomSeed) the connection has an engine of its own, reseeded from the
// seed and an identity (a call id, a connection), so that it draws the same for that identity in
// every run with that seed, whatever the other connections and the worker threads do. Shapers keep
// a reference to the engine, so it is reseeded in place, never replaced.
class ConnectionRandom
{
public:
    ConnectionRandom(RandomEngine& threadEngine, std::optional<quint64> runSeed);

    bool isSeeded() const
    {
        return m_ownEngine != nullptr;
    }
    RandomEngine& engine()
    {
        return m_ownEngine ? *m_ownEngine : m_threadEngine;
    }
    // Seeded only; unseeded, a no-op.
    void reseed(QStringView identity);
    // How many times it was reseeded: a request's ordinal on its connection.
    quint64 reseedCount() const
    {
        return m_reseedCount;
    }

private:
    RandomEngine& m_threadEngine;
    quint64 m_runSeed = 0;
    std::unique_ptr<RandomEngine> m_ownEngine; // only when seeded: the unseeded path costs nothing more
    quint64 m_reseedCount = 0;
};
