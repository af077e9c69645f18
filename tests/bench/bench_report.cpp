#include "bench_report.h"

#include <QFile>
#include <algorithm>
#include <cstdio>
#include <string>
#include <sys/resource.h>

namespace dw::bench {

void report(std::string_view name, double value, std::string_view unit) {
    std::printf("%.*s: %.4g %.*s\n", int(name.size()), name.data(), value, int(unit.size()), unit.data());
    std::fflush(stdout);
}

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double residentMiB() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
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
