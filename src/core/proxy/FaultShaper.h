#pragma once

#include "proxy/ProxyEngine.h"

#include <limits>
#include <optional>
#include <random>

using RandomEngine = std::mt19937_64;

// When a fault is active, in monotonic nanoseconds: [beginNs, endNs).
struct FaultWindow
{
    qint64 beginNs = std::numeric_limits<qint64>::min();
    qint64 endNs = std::numeric_limits<qint64>::max();

    bool contains(qint64 ns) const
    {
        return ns >= beginNs && ns < endNs;
    }
};

// One fault acting on one stage of a flow (a side and a direction): it decides when each chunk of
// bytes that reaches the stage leaves it, or that it never does. Chunks leave in the order they
// came; time is computed, never slept, so a late timer cannot accumulate error.
class FaultShaper
{
public:
    struct Passage
    {
        enum class Outcome {
            Released,
            Dropped, // lost, as a packet is
            Swallowed, // black-holed: the flow must not even close
        };
        Outcome outcome = Outcome::Released;
        qint64 releaseNs = 0;
    };

    FaultShaper(FaultType type, FaultSide side, FaultDirection direction, FaultWindow window);
    virtual ~FaultShaper() = default;
    FaultShaper(const FaultShaper&) = delete;
    FaultShaper& operator=(const FaultShaper&) = delete;

    // A chunk of `bytes` reaches the stage at arrivalNs; startsMessage marks the first chunk of
    // a request, a response or a tunnel's stream. Outside its window the fault lets it through.
    Passage pass(qint64 arrivalNs, qint64 bytes, bool startsMessage);
    // The largest piece a chunk should be cut into so that the effect is smooth; 0: any size.
    virtual qint64 sliceBytes() const;
    // What the fault did since the last call (for the event), or nothing when it did nothing.
    std::optional<ProxyEvent::AppliedFault> takeApplied();

protected:
    virtual Passage shape(qint64 arrivalNs, qint64 bytes, bool startsMessage) = 0;
    void addAmount(double amount);
    void setAmount(double amount);

private:
    ProxyEvent::AppliedFault m_applied;
    bool m_fired = false;
    FaultWindow m_window;
    qint64 m_lastReleaseNs = std::numeric_limits<qint64>::min();
};
