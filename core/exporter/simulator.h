#pragma once

#include "exporter/exposition_registry.h"
#include "exporter/scenario.h"

#include <cstdint>
#include <memory>
#include <prometheus/registry.h>
#include <random>
#include <string>

namespace dw {

// Drives the metrics of one simulated service through a scenario. Time is scenario time in milliseconds
// from the scenario's start and only moves forward. Everything is deterministic for a given scenario and
// seed, whatever the pattern of calls. Thread-safety: none; DemoExporter serialises all calls.
class Simulator {
public:
    virtual ~Simulator() = default;

    // Runs everything scheduled up to and including tMs: heartbeats, incidents, traffic.
    virtual void advanceTo(std::int64_t tMs) = 0;
    // What the service does when its metrics are collected (Compozy evaluates dispatcher health here).
    virtual void onCollect(std::int64_t tMs) = 0;

    prometheus::Registry& registry() { return m_metrics.registry(); }
    const ExpositionRegistry& exposition() const { return m_metrics; }
    // The exposition text of the service's metrics now (what TextSerializer would write of Collect()).
    void serialize(std::string& out) { m_metrics.serialize(out); }
    const Scenario& scenario() const { return m_scenario; }

    // The simulator for the scenario's system.
    static std::unique_ptr<Simulator> create(const Scenario& scenario, std::uint64_t seed);

protected:
    Simulator(const Scenario& scenario, std::uint64_t seed) : m_scenario(scenario), m_random(seed) {}

    // Prometheus's default histogram buckets (.005 … 10 s), which the Go client and Compozy use.
    static const std::vector<double>& defaultBuckets();

    // Runs step(t) for every whole second of scenario time not yet run, up to tMs: for simulators whose
    // service works in one-second rounds.
    template<typename Step> void runSecondSteps(std::int64_t tMs, Step step) {
        for (; m_nextSecondMs <= tMs; m_nextSecondMs += 1000)
            step(m_nextSecondMs);
    }

    // A Poisson count with the given mean, from the simulator's seeded generator.
    int poisson(double mean);
    double uniform(double low, double high);
    // A latency in seconds: log-normal around a median, as request latencies are.
    double latency(double medianSeconds, double spread);

    // Every family is registered through track() and every series added or removed through add() and
    // remove(), so that serialize() knows what changed.
    template<class T> prometheus::Family<T>& track(prometheus::Family<T>& family) {
        return m_metrics.track(family);
    }
    template<class T, class... Args>
    T& add(prometheus::Family<T>& family, const prometheus::Labels& labels, Args&&... args) {
        return m_metrics.add(family, labels, std::forward<Args>(args)...);
    }
    template<class T> void remove(prometheus::Family<T>& family, T* metric) {
        m_metrics.remove(family, metric);
    }

    Scenario m_scenario;
    std::mt19937_64 m_random;
    ExpositionRegistry m_metrics;

private:
    std::int64_t m_nextSecondMs = 0;
};

} // namespace dw
