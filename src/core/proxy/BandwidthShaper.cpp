#include "proxy/BandwidthShaper.h"

#include <algorithm>
#include <cmath>

namespace
{
constexpr double SliceSeconds = 0.010;
constexpr qint64 MaxSliceBytes = 64 * 1024;
} // namespace

BandwidthShaper::BandwidthShaper(const Fault& fault, FaultDirection direction, FaultWindow window)
    : FaultShaper(FaultType::Bandwidth, fault.sideOrDefault(), direction, window)
    , m_bytesPerSecond(std::max(0.0, std::get<BandwidthFault>(fault.parameters).bytesPerSecond()))
{ }

qint64 BandwidthShaper::spanBytes(qint64) const
{
    if (m_bytesPerSecond <= 0) {
        return 0;
    }
    return std::clamp(static_cast<qint64>(m_bytesPerSecond * SliceSeconds), qint64(1), MaxSliceBytes);
}

FaultShaper::Passage BandwidthShaper::shape(qint64 arrivalNs, qint64 bytes, bool)
{
    if (m_bytesPerSecond <= 0) {
        return {Passage::Outcome::Released, arrivalNs};
    }
    // Kept in double so that rounding does not add up over millions of pieces.
    const double startNs = std::max(static_cast<double>(arrivalNs), m_nextFreeNs);
    m_nextFreeNs = startNs + static_cast<double>(bytes) * 1e9 / m_bytesPerSecond;
    setAmount(m_bytesPerSecond);
    return {Passage::Outcome::Released, std::llround(m_nextFreeNs)};
}
