#include "proxy/FaultPath.h"

void FaultPath::append(std::unique_ptr<FaultShaper> shaper)
{
    m_shapers.push_back(std::move(shaper));
}

bool FaultPath::isEmpty() const
{
    return m_shapers.empty();
}

qint64 FaultPath::sliceBytes() const
{
    qint64 smallest = 0;
    for (const auto& shaper : m_shapers) {
        const qint64 slice = shaper->sliceBytes();
        if (slice > 0 && (smallest == 0 || slice < smallest)) {
            smallest = slice;
        }
    }
    return smallest;
}

FaultShaper::Passage FaultPath::pass(qint64 arrivalNs, qint64 bytes, bool startsMessage)
{
    FaultShaper::Passage passage{FaultShaper::Passage::Outcome::Released, arrivalNs};
    for (const auto& shaper : m_shapers) {
        passage = shaper->pass(passage.releaseNs, bytes, startsMessage);
        if (passage.outcome != FaultShaper::Passage::Outcome::Released) {
            break;
        }
    }
    return passage;
}

QList<ProxyEvent::AppliedFault> FaultPath::takeApplied()
{
    QList<ProxyEvent::AppliedFault> applied;
    for (const auto& shaper : m_shapers) {
        if (const auto fired = shaper->takeApplied()) {
            applied.append(*fired);
        }
    }
    return applied;
}
