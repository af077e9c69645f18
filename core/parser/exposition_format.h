#pragma once

#include <string_view>

namespace dw {

enum class ExpositionFormat { Text004, OpenMetrics1 };

// Chooses the format from an HTTP Content-Type as Prometheus 2.x does: application/openmetrics-text
// selects OpenMetrics; anything else, including an empty or unknown type, falls back to text 0.0.4.
ExpositionFormat formatFromContentType(std::string_view contentType);

std::string_view formatName(ExpositionFormat format);

} // namespace dw
