#pragma once

#include "cli/live_targets.h"
#include "exporter/demo_exporter.h"

#include <QString>
#include <memory>
#include <optional>

namespace dw::cli {

// The embedded demo exporter a command scrapes (--demo --scenario NAME): started on 127.0.0.1 with its
// scenario on clock, and added to targets every intervalMs. Prints what is wrong and returns nothing when
// the scenario does not load (*exitCode = usage) or the exporter cannot listen (*exitCode = failed).
std::unique_ptr<DemoExporter> startDemoTarget(const QString& scenarioName, std::shared_ptr<ScaledClock> clock,
                                              std::int64_t intervalMs, std::int64_t timeoutMs,
                                              LiveTargets& targets, int& exitCode);

// --speed: a number above 0, or nothing (reported).
std::optional<double> demoSpeed(const QString& text);

} // namespace dw::cli
