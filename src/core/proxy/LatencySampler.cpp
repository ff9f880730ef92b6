#include "proxy/LatencySampler.h"

#include <algorithm>
#include <cmath>

namespace
{
constexpr double DefaultParetoShape = 2.0;
// A normal draw is redrawn while negative; after this many tries (a mean far below zero) it is 0.
constexpr int MaxNormalDraws = 64;
} // namespace

LatencySampler::LatencySampler(const LatencyFault& fault)
    : m_distribution(fault.distributionOrDefault())
    , m_normal(fault.meanOrDefault(), std::max(0.0, fault.stddevOrDefault()))
    , m_paretoShape(std::max(fault.shape.value_or(DefaultParetoShape), 1e-3))
{
    const double low = std::max(0.0, fault.min.value_or(0.0));
    const double high = std::max(low, fault.max.value_or(2 * fault.meanOrDefault()));
    m_uniform = std::uniform_real_distribution<double>(low, high);
    // A pareto of shape a > 1 and scale s has mean s·a/(a−1). Alone it takes the fault's mean; as
    // the tail added to a normal draw, the stddev.
    const double paretoMean
        = m_distribution == LatencyDistribution::ParetoNormal ? fault.stddevOrDefault() : fault.meanOrDefault();
    const double defaultScale = m_paretoShape > 1 ? paretoMean * (m_paretoShape - 1) / m_paretoShape : paretoMean;
    m_paretoScale = std::max(0.0, fault.scale.value_or(defaultScale));
}

double LatencySampler::sampleMilliseconds(RandomEngine& random)
{
    switch (m_distribution) {
    case LatencyDistribution::Normal:
        return normal(random);
    case LatencyDistribution::Uniform:
        return m_uniform(random);
    case LatencyDistribution::Pareto:
        return pareto(random);
    case LatencyDistribution::ParetoNormal:
        return pareto(random) + normal(random);
    }
    return 0;
}

double LatencySampler::normal(RandomEngine& random)
{
    for (int draw = 0; draw < MaxNormalDraws; ++draw) {
        const double value = m_normal(random);
        if (value >= 0) {
            return value;
        }
    }
    return 0;
}

double LatencySampler::pareto(RandomEngine& random)
{
    // Inverse transform: scale / U^(1/shape), with U in (0, 1].
    const double uniform = 1.0 - std::generate_canonical<double, 53>(random);
    return m_paretoScale / std::pow(uniform, 1.0 / m_paretoShape);
}
