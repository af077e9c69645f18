#pragma once

#include <optional>
#include <string_view>

namespace dw {

enum class ExpositionFormat { Text004, OpenMetrics1 };

// Chooses the format from an HTTP Content-Type as Prometheus 2.x does: application/openmetrics-text
// selects OpenMetrics; anything else, including an empty or unknown type, falls back to text 0.0.4.
ExpositionFormat formatFromContentType(std::string_view contentType);

std::string_view formatName(ExpositionFormat format);
// "text" or "openmetrics", the names the command line uses.
std::optional<ExpositionFormat> parseFormatName(std::string_view name);
// For files without a Content-Type: OpenMetrics when the last line is "# EOF", else text 0.0.4.
ExpositionFormat guessFormatFromBody(std::string_view body);

} // namespace dw
