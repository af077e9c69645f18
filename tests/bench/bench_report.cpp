#include "bench_report.h"

#include <cstdio>
#include <string>

namespace dw::bench {

void report(std::string_view name, double value, std::string_view unit) {
    std::printf("%.*s: %.4g %.*s\n", int(name.size()), name.data(), value, int(unit.size()), unit.data());
    std::fflush(stdout);
}

} // namespace dw::bench
