#include "bench_report.h"

#include <cstdio>
#include <string>

namespace dw::bench {

void report(std::string_view name, double value, std::string_view unit) {
    std::printf("%.*s: %.4g %.*s\n", int(name.size()), name.data(), value, int(unit.size()), unit.data());
    std::fflush(stdout);
}

std::optional<Scenario> compozyWithDispatchers(int dispatchers) {
    std::string error;
    auto scenario = Scenario::load("compozy", error);
    if (!scenario) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return std::nullopt;
    }
    scenario->entities.clear();
    scenario->incidents.clear();
    for (int i = 0; i < dispatchers; ++i)
        scenario->entities.push_back(
            {"dispatcher-project" + std::to_string(i / 10) + "-queue" + std::to_string(i % 10), "", 0});
    return scenario;
}

} // namespace dw::bench
