#include "alerts/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dw {

namespace {

std::string special(double v) {
    if (std::isnan(v)) return "NaN";
    return v > 0 ? "+Inf" : "-Inf";
}

} // namespace

std::string goFormatG(double v, int precision) {
    if (!std::isfinite(v)) return special(v);
    if (v == 0) return std::signbit(v) ? "-0" : "0";
    // The significant digits and the decimal exponent, shortest or rounded to the precision.
    char buffer[64];
    std::to_chars_result r =
        precision < 0 ? std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::scientific)
                      : std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::scientific,
                                      std::max(precision, 1) - 1);
    const std::string text(buffer, r.ptr);
    const std::size_t e = text.find('e');
    const bool negative = text[0] == '-';
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e; ++i)
        if (text[i] != '.') digits += text[i];
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    const int exponent = std::atoi(text.c_str() + e + 1);
    const int nd = int(digits.size()), dp = exponent + 1;
    int eprec = precision < 0 ? 6 : std::max(precision, 1);
    if (precision >= 0 && eprec > nd && nd >= dp) eprec = nd;
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= eprec) {
        out += digits[0];
        if (nd > 1) out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + exp;
    }
    if (dp <= 0) return out + "0." + std::string(std::size_t(-dp), '0') + digits;
    if (dp >= nd) return out + digits + std::string(std::size_t(dp - nd), '0');
    return out + digits.substr(0, std::size_t(dp)) + "." + digits.substr(std::size_t(dp));
}

std::string goFormatF(double v, int precision) {
    if (!std::isfinite(v)) return special(v);
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.*f", precision, v);
    return buffer;
}

} // namespace dw
