#pragma once

#include "exporter/exposition_registry.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/summary.h>
#include <random>

namespace dw {

// The go_* and process_* series Go's client library adds to its default registry, moving plausibly with
// time: goroutines, threads, GC pauses (a summary), heap, CPU seconds, memory, file descriptors.
// Thread-safety: none; owned by a Simulator.
class GoRuntimeMetrics {
public:
    GoRuntimeMetrics(ExpositionRegistry& metrics, const char* goVersion, double processStartSeconds);
    // One second of a running Go service.
    void tick(std::mt19937_64& random);

private:
    prometheus::Gauge* m_goroutines;
    prometheus::Gauge* m_threads;
    prometheus::Summary* m_gcPauses;
    prometheus::Gauge* m_heapAlloc;
    prometheus::Gauge* m_heapObjects;
    prometheus::Counter* m_cpuSeconds;
    prometheus::Gauge* m_residentMemory;
    prometheus::Gauge* m_openFds;
};

} // namespace dw
