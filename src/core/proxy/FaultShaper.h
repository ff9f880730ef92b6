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

// One fault acting on one stage of a flow (a side and a direction): it decides when each span of
// bytes that reaches the stage leaves it, or that it never does. Spans leave in the order they
// came; time is computed, never slept, so a late timer cannot accumulate error.
//
// A fault draws at fixed offsets of each message (a request, a response, a tunnel's stream), its
// segments, never once a read or once a bandwidth slice: so the same bytes draw the same however
// the kernel split the reads and whatever else is stacked on the path (SPEC.md §1; README.md,
// "What the byte-stream faults mean").
class FaultShaper
{
public:
    // Latency with `global: false` and jitter draw once a segment of this size: the proxy's
    // largest read (ChunkReader::MaxBytes), so a message read whole draws once, as "per read" did.
    // A number of its own, so that a change of read size never changes what a seed draws.
    static constexpr qint64 OperationBytes = 64 * 1024;

    struct Passage
    {
        enum class Outcome {
            Released,
            Reset, // lost too often: at releaseNs the connection is reset, as TCP gives up
            Swallowed, // black-holed: the flow must not even close
        };
        Outcome outcome = Outcome::Released;
        qint64 releaseNs = 0;
        qint64 bytes = 0; // how many of the bytes offered it covers (FaultPath::pass)
    };

    // segmentBytes: the size of the segments the fault draws for; 0: it draws once a message.
    FaultShaper(FaultType type, FaultSide side, FaultDirection direction, FaultWindow window, qint64 segmentBytes = 0);
    virtual ~FaultShaper() = default;
    FaultShaper(const FaultShaper&) = delete;
    FaultShaper& operator=(const FaultShaper&) = delete;

    // The bytes [offset, offset + bytes) of the current message reach the stage at arrivalNs;
    // startsMessage marks its first bytes (offset 0). They lie within one span (spanBytes).
    // Outside its window the fault lets them through.
    Passage pass(qint64 arrivalNs, qint64 offset, qint64 bytes, bool startsMessage);
    // How many bytes from offset the stage treats alike (to the end of the segment, or a smooth
    // bandwidth slice); 0: any number.
    virtual qint64 spanBytes(qint64 offset) const;
    // What the fault did since the last call (for the event), or nothing when it did nothing.
    std::optional<ProxyEvent::AppliedFault> takeApplied();

protected:
    // startsSegment: the first bytes of a segment (of a message, without segments) the fault
    // sees, which is when it draws.
    virtual Passage shape(qint64 arrivalNs, qint64 bytes, bool startsSegment) = 0;
    // When bytes of a segment delayed by delayNs leave: the segment's first bytes wait delayNs
    // after the stage's previous bytes left (or they arrived), so that the delays of segments add
    // up; its later bytes leave no sooner than delayNs after they arrive.
    qint64 delayedRelease(qint64 arrivalNs, qint64 delayNs, bool startsSegment);
    void addAmount(double amount);
    void setAmount(double amount);

private:
    ProxyEvent::AppliedFault m_applied;
    bool m_fired = false;
    FaultWindow m_window;
    qint64 m_segmentBytes;
    qint64 m_segment; // the segment last drawn for; -1: none of this message yet
    qint64 m_segmentDelayNs = 0;
    qint64 m_lastReleaseNs = std::numeric_limits<qint64>::min();
};
