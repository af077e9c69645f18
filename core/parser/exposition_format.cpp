#include "parser/exposition_format.h"

#include <algorithm>
#include <cctype>

namespace dw {

namespace {
bool equalsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}
} // namespace

ExpositionFormat formatFromContentType(std::string_view contentType) {
    const auto first = contentType.find_first_not_of(" \t");
    if (first == std::string_view::npos) return ExpositionFormat::Text004;
    contentType.remove_prefix(first);
    // The media type ends at the first parameter; only the media type decides.
    const auto semicolon = contentType.find(';');
    std::string_view mediaType = contentType.substr(0, semicolon);
    while (!mediaType.empty() && (mediaType.back() == ' ' || mediaType.back() == '\t'))
        mediaType.remove_suffix(1);
    if (equalsNoCase(mediaType, "application/openmetrics-text")) return ExpositionFormat::OpenMetrics1;
    return ExpositionFormat::Text004;
}

std::string_view formatName(ExpositionFormat format) {
    return format == ExpositionFormat::OpenMetrics1 ? "openmetrics" : "text";
}

std::optional<ExpositionFormat> parseFormatName(std::string_view name) {
    if (name == "text") return ExpositionFormat::Text004;
    if (name == "openmetrics") return ExpositionFormat::OpenMetrics1;
    return std::nullopt;
}

ExpositionFormat guessFormatFromBody(std::string_view body) {
    while (!body.empty() && body.back() == '\n')
        body.remove_suffix(1);
    return body.ends_with("# EOF") ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004;
}

} // namespace dw
