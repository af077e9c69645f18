#include "promql/vector_functions.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <numbers>
#include <re2/re2.h>
#include <vector>

namespace dw::promql {

namespace {

// Go converts float64 to int64 by truncation; out-of-range values are implementation-defined there,
// clamped here.
std::int64_t secondsOf(double v) {
    if (std::isnan(v)) return 0;
    if (v >= 9.2e18) return INT64_MAX;
    if (v <= -9.2e18) return INT64_MIN;
    return std::int64_t(v);
}

std::chrono::year_month_day civilDate(double v) {
    using namespace std::chrono;
    const std::int64_t s = secondsOf(v);
    const std::int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    return year_month_day{sys_days{std::chrono::days{days}}};
}

std::int64_t secondOfDay(double v) {
    const std::int64_t s = secondsOf(v);
    const std::int64_t r = s % 86400;
    return r < 0 ? r + 86400 : r;
}

double sgn(double v) {
    if (v < 0) return -1;
    if (v > 0) return 1;
    return v; // 0, -0 and NaN stay
}

struct Entry {
    std::string_view name;
    ValueFunction function;
};

const Entry kFunctions[] = {
    {"abs", [](double v) { return std::fabs(v); }},
    {"ceil", [](double v) { return std::ceil(v); }},
    {"floor", [](double v) { return std::floor(v); }},
    {"exp", [](double v) { return std::exp(v); }},
    {"sqrt", [](double v) { return std::sqrt(v); }},
    {"ln", [](double v) { return std::log(v); }},
    {"log2", [](double v) { return std::log2(v); }},
    {"log10", [](double v) { return std::log10(v); }},
    {"sgn", sgn},
    {"acos", [](double v) { return std::acos(v); }},
    {"acosh", [](double v) { return std::acosh(v); }},
    {"asin", [](double v) { return std::asin(v); }},
    {"asinh", [](double v) { return std::asinh(v); }},
    {"atan", [](double v) { return std::atan(v); }},
    {"atanh", [](double v) { return std::atanh(v); }},
    {"cos", [](double v) { return std::cos(v); }},
    {"cosh", [](double v) { return std::cosh(v); }},
    {"sin", [](double v) { return std::sin(v); }},
    {"sinh", [](double v) { return std::sinh(v); }},
    {"tan", [](double v) { return std::tan(v); }},
    {"tanh", [](double v) { return std::tanh(v); }},
    {"deg", [](double v) { return v * 180 / std::numbers::pi; }},
    {"rad", [](double v) { return v * std::numbers::pi / 180; }},
    {"day_of_month", [](double v) { return double(unsigned(civilDate(v).day())); }},
    {"day_of_week",
     [](double v) { return double(std::chrono::weekday{std::chrono::sys_days{civilDate(v)}}.c_encoding()); }},
    {"day_of_year",
     [](double v) {
         using namespace std::chrono;
         const year_month_day d = civilDate(v);
         return double((sys_days{d} - sys_days{d.year() / January / 1}).count() + 1);
     }},
    {"days_in_month",
     [](double v) {
         using namespace std::chrono;
         const year_month_day d = civilDate(v);
         return double(unsigned(year_month_day_last{d.year(), month_day_last{d.month()}}.day()));
     }},
    {"hour",
     [](double v) {
         const std::int64_t hour = secondOfDay(v) / 3600;
         return double(hour);
     }},
    {"minute",
     [](double v) {
         const std::int64_t minute = secondOfDay(v) % 3600 / 60;
         return double(minute);
     }},
    {"month", [](double v) { return double(unsigned(civilDate(v).month())); }},
    {"year", [](double v) { return double(int(civilDate(v).year())); }},
};

bool isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

ValueFunction findValueFunction(std::string_view name) {
    for (const Entry& e : kFunctions)
        if (e.name == name) return e.function;
    return nullptr;
}

std::string expandTemplate(const re2::RE2& regex, std::string_view source, std::string_view templ,
                           bool& matched) {
    const int groups = regex.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> match(std::size_t(groups) + 1);
    matched = regex.Match(re2::StringPiece(source.data(), source.size()), 0, source.size(), RE2::ANCHOR_BOTH,
                          match.data(), groups + 1);
    std::string out;
    if (!matched) return out;
    const auto& names = regex.NamedCapturingGroups();
    while (!templ.empty()) {
        const std::size_t dollar = templ.find('$');
        if (dollar == std::string_view::npos) break;
        out.append(templ.substr(0, dollar));
        templ.remove_prefix(dollar + 1);
        if (!templ.empty() && templ[0] == '$') {
            out += '$';
            templ.remove_prefix(1);
            continue;
        }
        const bool brace = !templ.empty() && templ[0] == '{';
        std::string_view rest = brace ? templ.substr(1) : templ;
        std::size_t n = 0;
        while (n < rest.size() && isNameChar(rest[n]))
            ++n;
        if (n == 0 || (brace && (n >= rest.size() || rest[n] != '}'))) {
            out += '$'; // malformed: the dollar is kept as text
            continue;
        }
        const std::string_view name = rest.substr(0, n);
        templ = rest.substr(n + (brace ? 1 : 0));
        int number = 0;
        for (const char c : name) {
            if (c < '0' || c > '9' || number >= 100000000) {
                number = -1;
                break;
            }
            number = number * 10 + (c - '0');
        }
        if (name.size() > 1 && name[0] == '0') number = -1;
        if (number < 0) {
            const auto it = names.find(std::string(name));
            number = it == names.end() ? -1 : it->second;
        }
        if (number >= 0 && number <= groups && match[std::size_t(number)].data() != nullptr)
            out.append(match[std::size_t(number)].data(), match[std::size_t(number)].size());
    }
    out.append(templ);
    return out;
}

std::string formatFloatPlain(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buffer[400];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
    return std::string(buffer, result.ptr);
}

std::string quoteGo(std::string_view text) {
    static const char* const kHex = "0123456789abcdef";
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (u < 0x20 || u == 0x7f) {
                out += "\\x";
                out += kHex[u >> 4];
                out += kHex[u & 15];
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string formatFloatGo(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buffer[400];
    const auto scientific = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::scientific);
    std::string text(buffer, scientific.ptr);
    const int exponent = std::atoi(text.c_str() + text.find('e') + 1);
    if (exponent < -4 || exponent >= 6) return text; // to_chars writes e+06 as Go does
    return formatFloatPlain(v);
}

} // namespace dw::promql
