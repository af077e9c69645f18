#include "exporter/simulator.h"

#include "exporter/compozy_simulator.h"
#include "exporter/daisi_simulator.h"
#include "exporter/pupsourcing_simulator.h"

#include <cmath>

namespace dw {

std::unique_ptr<Simulator> Simulator::create(const Scenario& scenario, std::uint64_t seed) {
    if (scenario.system == "pupsourcing") return std::make_unique<PupsourcingSimulator>(scenario, seed);
    if (scenario.system == "daisi") return std::make_unique<DaisiSimulator>(scenario, seed);
    return std::make_unique<CompozySimulator>(scenario, seed);
}

const std::vector<double>& Simulator::defaultBuckets() {
    static const std::vector<double> buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return buckets;
}

int Simulator::poisson(double mean) {
    if (mean <= 0) return 0;
    return std::poisson_distribution<int>(mean)(m_random);
}

double Simulator::uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(m_random);
}

double Simulator::latency(double medianSeconds, double spread) {
    return medianSeconds * std::exp(std::normal_distribution<double>(0.0, spread)(m_random));
}

} // namespace dw
