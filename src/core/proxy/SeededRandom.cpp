#include "proxy/SeededRandom.h"

#include <vector>

SeededRandom::SeededRandom(quint64 runSeed)
    : m_runSeed(runSeed)
{ }

void SeededRandom::reseed(QStringView identity)
{
    // The identity's UTF-16 code units go in whole rather than hashed: qHash may use the CPU's
    // AES instructions, so a replay on another machine would draw differently.
    std::vector<quint32> words{static_cast<quint32>(m_runSeed), static_cast<quint32>(m_runSeed >> 32)};
    words.reserve(words.size() + identity.size());
    for (const QChar unit : identity) {
        words.push_back(unit.unicode());
    }
    std::seed_seq sequence(words.begin(), words.end());
    m_engine.seed(sequence);
    ++m_reseedCount;
}
