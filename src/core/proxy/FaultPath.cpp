#include "proxy/FaultPath.h"

#include <algorithm>

void FaultPath::append(std::unique_ptr<FaultShaper> shaper)
{
    m_shapers.push_back(std::move(shaper));
}

bool FaultPath::isEmpty() const
{
    return m_shapers.empty();
}

FaultShaper::Passage FaultPath::pass(qint64 arrivalNs, qint64 bytes, bool startsMessage)
{
    if (startsMessage) {
        m_offset = 0;
    }
    qint64 span = bytes;
    for (const auto& shaper : m_shapers) {
        const qint64 limit = shaper->spanBytes(m_offset);
        if (limit > 0) {
            span = std::min(span, limit);
        }
    }
    FaultShaper::Passage passage{FaultShaper::Passage::Outcome::Released, arrivalNs, span};
    for (const auto& shaper : m_shapers) {
        passage = shaper->pass(passage.releaseNs, m_offset, span, startsMessage);
        if (passage.outcome != FaultShaper::Passage::Outcome::Released) {
            break;
        }
    }
    m_offset += span;
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
