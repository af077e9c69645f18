#pragma once

#include "promql/generation.h"

#include <QCommandLineParser>
#include <optional>

namespace dw::cli {

// --promql-compat 2|3: which Prometheus generation's PromQL a command evaluates with (default 3).
void addPromqlCompatOption(QCommandLineParser& parser);

// The generation the option names; nullopt (after printing what is wrong) for a bad value. `fallback`
// when the option is not given.
std::optional<promql::Generation>
promqlGenerationFromOptions(const QCommandLineParser& parser,
                            promql::Generation fallback = promql::kDefaultGeneration);

} // namespace dw::cli
