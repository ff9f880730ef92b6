#include "proxy/ConnectionRandom.h"

#include <vector>

ConnectionRandom::ConnectionRandom(RandomEngine& threadEngine, std::optional<quint64> runSeed)
    : m_threadEngine(threadEngine)
    , m_runSeed(runSeed.value_or(0))
    , m_ownEngine(runSeed ? std::make_unique<RandomEngine>() : nullptr)
{ }

void ConnectionRandom::reseed(QStringView identity)
{
    if (!m_ownEngine) {
        return;
    }
    // The identity's UTF-16 code units go in whole rather than hashed: qHash may use the CPU's
    // AES instructions, so a replay on another machine would draw differently.
    std::vector<quint32> words{static_cast<quint32>(m_runSeed), static_cast<quint32>(m_runSeed >> 32)};
    words.reserve(words.size() + identity.size());
    for (const QChar unit : identity) {
        words.push_back(unit.unicode());
    }
    std::seed_seq sequence(words.begin(), words.end());
    m_ownEngine->seed(sequence);
    ++m_reseedCount;
}
