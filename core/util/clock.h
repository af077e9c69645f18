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

// Elapsed wall time since construction, multiplied by a speed factor: scenario time for the demo
// exporter's --speed. Starts at zero. Thread-safe.
class ScaledClock final : public Clock {
public:
    explicit ScaledClock(double speed);
    std::int64_t nowMs() const override;
    double speed() const { return m_speed; }

private:
    QElapsedTimer m_timer;
    double m_speed;
};

} // namespace dw
