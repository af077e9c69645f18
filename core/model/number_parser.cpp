#include "model/number_parser.h"

#include "model/sample_value.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace dw {

namespace {

bool equalsNoCase(std::string_view text, std::string_view lowerWord) {
    if (text.size() != lowerWord.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        if (c != lowerWord[i]) return false;
    }
    return true;
}

// Integers are by far the most common values (counters, bucket counts); they avoid the float parser.
bool parseSmallInteger(std::string_view text, double& out) {
    if (text.empty() || text.size() > 15) return false;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = double(value);
    return true;
}

// Short plain decimals ("123.45") are exact as integer / power of ten when both fit a double exactly
// (Clinger's fast path): the division is correctly rounded, so the result equals from_chars'.
bool parseShortDecimal(std::string_view text, double& out) {
    static constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (text.empty() || text.size() > 16) return false;
    std::int64_t mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            mantissa = mantissa * 10 + (c - '0');
            ++digits;
            if (fraction >= 0) ++fraction;
        } else if (c == '.' && fraction < 0) {
            fraction = 0;
        } else {
            return false;
        }
    }
    if (digits == 0 || digits > 15) return false;
    out = fraction > 0 ? double(mantissa) / kPowersOfTen[fraction] : double(mantissa);
    return true;
}

bool parseSpecial(std::string_view unsignedText, bool negative, double& out) {
    if (equalsNoCase(unsignedText, "inf") || equalsNoCase(unsignedText, "infinity")) {
        out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return true;
    }
    if (equalsNoCase(unsignedText, "nan")) {
        out = normalNaN();
        return true;
    }
    return false;
}

bool parseHexFloat(std::string_view digits, bool negative, double& out) {
    // Go requires the 'p' exponent on hexadecimal floats.
    if (digits.find_first_of("pP") == std::string_view::npos) return false;
    double value = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, std::chars_format::hex);
    if (ec != std::errc() || end != digits.data() + digits.size()) return false;
    out = negative ? -value : value;
    return true;
}

} // namespace

bool parseSampleValue(std::string_view text, bool strict, double& out) {
    if (parseSmallInteger(text, out) || parseShortDecimal(text, out)) return true;
    if (text.empty()) return false;
    bool negative = false;
    std::string_view rest = text;
    if (rest[0] == '+' || rest[0] == '-') {
        negative = rest[0] == '-';
        rest.remove_prefix(1);
    }
    if (rest.empty()) return false;
    const char first = rest[0];
    if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))
        return parseSpecial(rest, negative, out);
    if (!strict && rest.size() > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X'))
        return parseHexFloat(rest.substr(2), negative, out);
    if (first != '.' && (first < '0' || first > '9')) return false; // from_chars would accept a second sign
    double value = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec == std::errc::result_out_of_range) {
        // Go returns ±Inf or 0 for out-of-range literals rather than failing.
        value = 0;
        for (const char c : rest) {
            if (c == 'e' || c == 'E') break;
            if (c >= '1' && c <= '9') {
                value = std::numeric_limits<double>::infinity();
                break;
            }
        }
        const auto exponent = rest.find_first_of("eE");
        if (exponent != std::string_view::npos && exponent + 1 < rest.size() && rest[exponent + 1] == '-')
            value = 0;
    } else if (ec != std::errc()) {
        return false;
    }
    if (end != rest.data() + rest.size()) return false;
    out = negative ? -value : value;
    return true;
}

bool parseTimestampMs(std::string_view text, std::int64_t& outMs) {
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    if (text.empty() || text[0] == '+') return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), outMs);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parseTimestampSeconds(std::string_view text, bool strict, std::int64_t& outMs) {
    double seconds = 0;
    if (!parseSampleValue(text, strict, seconds)) return false;
    if (std::isnan(seconds) || std::isinf(seconds)) return false;
    // Beyond int64 milliseconds the OpenMetrics suite still accepts a timestamp: it saturates, and the
    // scrape ingester drops such a sample (as Prometheus's storage rejects it as out of bounds).
    const double ms = seconds * 1000.0;
    if (!(ms > -9.2e18 && ms < 9.2e18)) {
        outMs = ms < 0 ? INT64_MIN : INT64_MAX;
        return true;
    }
    outMs = static_cast<std::int64_t>(ms);
    return true;
}

} // namespace dw
