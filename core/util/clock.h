#pragma once

#include <QElapsedTimer>
#include <atomic>
#include <cstdint>

namespace dw {

// Where time comes from. Every component that needs "now" asks a clock, so live runs, accelerated demos,
// replays and tests all drive the same code. Implementations state their own thread-safety.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t nowMs() const = 0;
    // How many of this clock's milliseconds pass per wall-clock millisecond: what a timer waiting for a
    // time on this clock divides by (an accelerated demo's scrapes come round faster).
    virtual double rate() const { return 1.0; }
    // The wall-clock time at which this clock shows t: for what others read on their own clocks (the
    // times of alerts sent to Alertmanager).
    virtual std::int64_t wallMs(std::int64_t t) const { return t; }
};

// Wall-clock time since the Unix epoch. Thread-safe.
class SystemClock final : public Clock {
public:
    std::int64_t nowMs() const override;
};

// Time that moves only when told to: tests and scripted runs. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t startMs = 0) : m_now(startMs) {}
    std::int64_t nowMs() const override { return m_now.load(); }
    void setMs(std::int64_t ms) { m_now.store(ms); }
    void advanceMs(std::int64_t ms) { m_now.fetch_add(ms); }

private:
    std::atomic<std::int64_t> m_now;
};

// Elapsed wall time since construction multiplied by a speed factor, added to an origin: the embedded
// demo's --speed. The demo exporter, its scrapes, health and PromQL all read one such clock, so a demo at
// any speed tells its scenario at the scenario's times (the origin is usually the wall time at start, so
// its times look like today's). Thread-safe.
class ScaledClock final : public Clock {
public:
    explicit ScaledClock(double speed, std::int64_t originMs = 0);
    std::int64_t nowMs() const override;
    double rate() const override { return m_speed; }
    std::int64_t wallMs(std::int64_t t) const override {
        return m_originMs + std::int64_t(double(t - m_originMs) / m_speed);
    }
    double speed() const { return m_speed; }
    std::int64_t originMs() const { return m_originMs; }

private:
    QElapsedTimer m_timer;
    double m_speed;
    std::int64_t m_originMs;
};

} // namespace dw
