#pragma once

#include "exporter/scenario.h"

#include <QElapsedTimer>
#include <QStringList>
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace dw::bench {

// Prints one figure as "NAME: VALUE UNIT", the line format every dw_bench benchmark uses.
void report(std::string_view name, double value, std::string_view unit);

// The built-in Compozy scenario with `dispatchers` dispatchers ("dispatcher-projectP-queueQ") and no
// incidents; nothing (and a message on stderr) if it cannot be loaded.
std::optional<Scenario> compozyWithDispatchers(int dispatchers);

// This process's CPU time (user and system) in seconds, its resident memory in MiB (-1 if unknown), and
// the median of some figures.
double cpuSeconds();
double residentMiB();
double median(std::vector<double> values);

// Wall-clock seconds since construction.
class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start;
};

int runParseBench(const QStringList& arguments);
int runStoreBench(const QStringList& arguments);
int runGenerate(const QStringList& arguments);
int runExporterBench(const QStringList& arguments);
int runScrapeBench(const QStringList& arguments);
int runScrapeMemoryBench(const QStringList& arguments);
int runServeTargets(const QStringList& arguments);
int runQueryBench(const QStringList& arguments);
int runPromqlParseBench(const QStringList& arguments);
int runRecordingBench(const QStringList& arguments);
int runPrometheusSourceBench(const QStringList& arguments);
int runUiBench(const QStringList& arguments, const QElapsedTimer& sinceStart);
int runDashboardBench(const QStringList& arguments);
int runSoakBench(const QStringList& arguments);
int runValidateBench(const QStringList& arguments);
int runAllBench(const QStringList& arguments);

} // namespace dw::bench
