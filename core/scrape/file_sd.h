#pragma once

#include "scrape/prometheus_config.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// Reads a file_sd file as Prometheus does: JSON or YAML, a list of {targets: [...], labels: {...}}
// groups. On failure returns nothing and sets error to "SOURCE: line N: what is wrong".
// Thread-safety: a free function over its arguments.
std::optional<std::vector<TargetGroup>> parseFileSd(std::string_view text, std::string_view source,
                                                    std::string& error);

} // namespace dw
