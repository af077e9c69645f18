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
