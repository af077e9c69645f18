#include "exporter/go_runtime_metrics.h"

namespace dw {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildSummary;

namespace {

// Go reports GC pauses from the runtime's own statistics, not a window of recent observations; and
// prometheus-cpp's window would move with the wall clock, not the scenario's, making scrapes of the same
// scenario time differ between runs.
constexpr std::chrono::hours kNeverDecays{24 * 365 * 100};

} // namespace

GoRuntimeMetrics::GoRuntimeMetrics(ExpositionRegistry& metrics, const char* goVersion,
                                   double processStartSeconds) {
    auto& r = metrics.registry();
    metrics.track(BuildGauge().Name("go_info").Help("Information about the Go environment.").Register(r))
        .Add({{"version", goVersion}})
        .Set(1);
    m_goroutines = &metrics
                        .track(BuildGauge()
                                   .Name("go_goroutines")
                                   .Help("Number of goroutines that currently exist.")
                                   .Register(r))
                        .Add({});
    m_threads =
        &metrics.track(BuildGauge().Name("go_threads").Help("Number of OS threads created.").Register(r))
             .Add({});
    m_gcPauses = &metrics
                      .track(BuildSummary()
                                 .Name("go_gc_duration_seconds")
                                 .Help("A summary of the pause duration of garbage collection cycles.")
                                 .Register(r))
                      .Add({},
                           prometheus::Summary::Quantiles{
                               {0, 0.01}, {0.25, 0.01}, {0.5, 0.01}, {0.75, 0.01}, {1, 0.01}},
                           kNeverDecays);
    m_heapAlloc = &metrics
                       .track(BuildGauge()
                                  .Name("go_memstats_alloc_bytes")
                                  .Help("Number of bytes allocated and still in use.")
                                  .Register(r))
                       .Add({});
    m_heapObjects = &metrics
                         .track(BuildGauge()
                                    .Name("go_memstats_heap_objects")
                                    .Help("Number of allocated objects.")
                                    .Register(r))
                         .Add({});
    m_cpuSeconds = &metrics
                        .track(BuildCounter()
                                   .Name("process_cpu_seconds_total")
                                   .Help("Total user and system CPU time spent in seconds.")
                                   .Register(r))
                        .Add({});
    m_residentMemory = &metrics
                            .track(BuildGauge()
                                       .Name("process_resident_memory_bytes")
                                       .Help("Resident memory size in bytes.")
                                       .Register(r))
                            .Add({});
    metrics
        .track(BuildGauge()
                   .Name("process_virtual_memory_bytes")
                   .Help("Virtual memory size in bytes.")
                   .Register(r))
        .Add({})
        .Set(1.32e9);
    metrics
        .track(BuildGauge()
                   .Name("process_start_time_seconds")
                   .Help("Start time of the process since unix epoch in seconds.")
                   .Register(r))
        .Add({})
        .Set(processStartSeconds);
    m_openFds =
        &metrics
             .track(
                 BuildGauge().Name("process_open_fds").Help("Number of open file descriptors.").Register(r))
             .Add({});
    metrics
        .track(
            BuildGauge().Name("process_max_fds").Help("Maximum number of open file descriptors.").Register(r))
        .Add({})
        .Set(1048576);
    m_threads->Set(12);
    m_heapAlloc->Set(2.1e7);
}

void GoRuntimeMetrics::tick(std::mt19937_64& random) {
    std::normal_distribution<double> jitter(0, 1);
    m_goroutines->Set(std::max(20.0, 48 + 6 * jitter(random)));
    m_heapAlloc->Set(std::max(8e6, m_heapAlloc->Value() + 4e5 * jitter(random)));
    m_heapObjects->Set(m_heapAlloc->Value() / 96);
    m_residentMemory->Set(m_heapAlloc->Value() * 2.2);
    m_cpuSeconds->Increment(0.02 + 0.005 * std::abs(jitter(random)));
    m_openFds->Set(std::max(10.0, 24 + 2 * jitter(random)));
    if (std::uniform_real_distribution<double>(0, 1)(random) < 0.2)
        m_gcPauses->Observe(4e-5 * std::exp(0.5 * jitter(random)));
}

} // namespace dw
