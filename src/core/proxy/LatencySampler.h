#pragma once

#include "proxy/FaultShaper.h"

// Draws delays, in milliseconds, from a latency fault's distribution (SPEC.md §1), as fault does:
// normal redrawn while negative; uniform over min..max; pareto of scale and shape; pareto-normal
// as a normal draw plus a pareto tail. Missing parameters get defaults that keep the configured
// mean: uniform 0..2·mean, pareto shape 2 with the scale that gives the mean (for pareto-normal,
// the tail's mean is the stddev).
class LatencySampler
{
public:
    explicit LatencySampler(const LatencyFault& fault);

    double sampleMilliseconds(RandomEngine& random);

private:
    double normal(RandomEngine& random);
    double pareto(RandomEngine& random);

    LatencyDistribution m_distribution;
    std::normal_distribution<double> m_normal;
    std::uniform_real_distribution<double> m_uniform;
    double m_paretoScale;
    double m_paretoShape;
};
