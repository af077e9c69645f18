#include "exporter/exposition_format.h"

#include <charconv>
#include <cmath>

namespace dw::exposition {

void appendValue(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "Nan";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-Inf" : "+Inf";
        return;
    }
    char buffer[32];
    std::to_chars_result result;
    // Most exposed values are whole numbers (counters, bucket counts, states); %.16g writes those below
    // 1e15 as plain integers, and the integer conversion is several times faster than the general one.
    if (std::fabs(value) < 1e15 && value == std::trunc(value) && !(value == 0 && std::signbit(value)))
        result = std::to_chars(buffer, buffer + sizeof buffer, std::int64_t(value));
    else
        result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 16);
    out.append(buffer, result.ptr);
}

void appendCount(std::string& out, std::uint64_t count) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, count);
    out.append(buffer, result.ptr);
}

void appendLabelValue(std::string& out, std::string_view value) {
    for (const char c : value) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\\' || c == '"') out += '\\';
        out += c;
    }
}

} // namespace dw::exposition
