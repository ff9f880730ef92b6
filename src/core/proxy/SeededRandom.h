#pragma once

#include "proxy/FaultShaper.h"

#include <QStringView>

// A connection's own random engine when the proxy runs with a seed (ProxyConfig::randomSeed).
// Reseeded from the seed and an identity (a call id, a connection), it draws the same for that
// identity in every run with that seed, whatever the other connections and the worker threads do.
// Shapers keep a reference to the engine, so it is reseeded in place, never replaced.
class SeededRandom
{
public:
    explicit SeededRandom(quint64 runSeed);

    void reseed(QStringView identity);
    RandomEngine& engine()
    {
        return m_engine;
    }
    // How many times it was reseeded: a request's ordinal on its connection.
    quint64 reseedCount() const
    {
        return m_reseedCount;
    }

private:
    quint64 m_runSeed;
    RandomEngine m_engine;
    quint64 m_reseedCount = 0;
};
