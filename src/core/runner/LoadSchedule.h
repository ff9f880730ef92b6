#pragma once

#include <QtGlobal>

// The fixed schedule of a load item (SPEC.md §1, "Strategies"): `clients` connections, each
// sending `callsPerSecond` calls a second, staggered so that all calls are evenly spread. Call i
// is due i / (clients × callsPerSecond) seconds after the start, on connection i mod clients, and
// only calls due before the end of the duration are made.
class LoadSchedule
{
public:
    LoadSchedule(int clients, double callsPerSecond, qint64 durationNs);

    int clients() const
    {
        return m_clients;
    }
    qint64 durationNs() const
    {
        return m_durationNs;
    }
    double totalRate() const
    {
        return m_clients * m_callsPerSecond;
    }
    quint32 callCount() const
    {
        return m_callCount;
    }
    // Calls that connection makes.
    quint32 callCount(int client) const;
    // The index of a connection's sequence-th call.
    quint32 callIndex(int client, quint32 sequence) const
    {
        return static_cast<quint32>(client) + sequence * static_cast<quint32>(m_clients);
    }
    // When call index is due, from the start.
    qint64 offsetNs(quint32 index) const;

private:
    int m_clients = 1;
    double m_callsPerSecond = 1;
    qint64 m_durationNs = 0;
    quint32 m_callCount = 0;
};
