#include "lint/cardinality_hints.h"

#include <algorithm>
#include <cctype>

namespace dw {

namespace {

bool isHex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isHex(text[i])) return false;
    }
    return true;
}

bool isLongNumber(std::string_view text) {
    return text.size() >= 8 && std::all_of(text.begin(), text.end(), isDigit);
}

// An object ID such as a Mongo ObjectId or a hash: 16 or more hex digits with at least one digit.
bool isLongHexId(std::string_view text) {
    return text.size() >= 16 && std::all_of(text.begin(), text.end(), isHex) &&
           std::any_of(text.begin(), text.end(), isDigit);
}

bool isIdSegment(std::string_view segment) {
    if (segment.empty()) return false;
    const bool number = std::all_of(segment.begin(), segment.end(), isDigit);
    return number || isUuid(segment) || isLongHexId(segment);
}

} // namespace

std::string highCardinalityReason(std::string_view value) {
    if (isUuid(value)) return "looks like a UUID";
    if (isLongNumber(value)) return "looks like a numeric ID";
    if (isLongHexId(value)) return "looks like a hexadecimal ID";
    if (value.starts_with('/')) {
        std::size_t start = 1;
        while (start <= value.size()) {
            std::size_t end = value.find_first_of("/?", start);
            if (end == std::string_view::npos) end = value.size();
            if (isIdSegment(value.substr(start, end - start)))
                return "looks like a raw URL path with an ID in it (use the route template instead)";
            if (end < value.size() && value[end] == '?') return "looks like a URL with a query string";
            start = end + 1;
        }
    }
    return {};
}

} // namespace dw
