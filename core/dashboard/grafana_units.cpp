#include "dashboard/grafana_units.h"

#include <QLocale>
#include <QString>
#include <cmath>
#include <string_view>

namespace dw::dashboard {

namespace {

std::string fixed(double value, std::optional<int> decimals) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    const int d = decimals ? std::clamp(*decimals, 0, 20) : autoDecimals(value);
    return QString::number(value, 'f', d).toStdString();
}

// Scales by a factor (1000 or 1024) through a list of suffixes: "1.50 MiB".
std::string scaled(double value, double factor, std::initializer_list<const char*> suffixes,
                   std::optional<int> decimals, int offset = 0) {
    auto it = suffixes.begin();
    std::advance(it, offset);
    double v = value;
    while (std::abs(v) >= factor && std::next(it) != suffixes.end()) {
        v /= factor;
        ++it;
    }
    return fixed(v, decimals) + *it;
}

std::string shortScale(double value, std::optional<int> decimals) {
    return scaled(value, 1000, {"", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept"},
                  decimals);
}

std::string si(double value, const std::string& unit, std::optional<int> decimals) {
    if (value != 0 && std::abs(value) < 1) {
        static const char* const kSmall[] = {" m", " µ", " n", " p"};
        double v = value;
        for (const char* prefix : kSmall) {
            v *= 1000;
            if (std::abs(v) >= 1) return fixed(v, decimals) + prefix + unit;
        }
    }
    return scaled(value, 1000, {" ", " k", " M", " G", " T", " P"}, decimals) + unit;
}

// Grafana's toSeconds and friends: the largest unit under which the value stays readable.
std::string duration(double seconds, std::optional<int> decimals) {
    const double a = std::abs(seconds);
    if (a == 0) return "0 s";
    if (a < 1e-6) return fixed(seconds * 1e9, decimals) + " ns";
    if (a < 1e-3) return fixed(seconds * 1e6, decimals) + " µs";
    if (a < 1) return fixed(seconds * 1e3, decimals) + " ms";
    if (a < 60) return fixed(seconds, decimals) + " s";
    if (a < 3600) return fixed(seconds / 60, decimals) + " min";
    if (a < 86400) return fixed(seconds / 3600, decimals) + " hour";
    if (a < 604800) return fixed(seconds / 86400, decimals) + " day";
    if (a < 31536000) return fixed(seconds / 604800, decimals) + " week";
    return fixed(seconds / 31536000, decimals) + " year";
}

// "1d 2h", "3h 4m", "5m 6s": Grafana's dtdurations.
std::string clock(double seconds) {
    long long s = std::llround(std::abs(seconds));
    const long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;
    s %= 60;
    std::string out = seconds < 0 ? "-" : "";
    if (d > 0) return out + std::to_string(d) + "d " + std::to_string(h) + "h";
    if (h > 0) return out + std::to_string(h) + "h " + std::to_string(m) + "m";
    if (m > 0) return out + std::to_string(m) + "m " + std::to_string(s) + "s";
    return out + std::to_string(s) + "s";
}

const char* const kIec[] = {" B", " KiB", " MiB", " GiB", " TiB", " PiB"};

std::string iec(double value, int offset, const char* per, std::optional<int> decimals) {
    return scaled(value, 1024, {kIec[0], kIec[1], kIec[2], kIec[3], kIec[4], kIec[5]}, decimals, offset) +
           per;
}

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

} // namespace

int autoDecimals(double value) {
    if (!std::isfinite(value) || value == 0 || std::floor(value) == value) return 0;
    const int log10 = int(std::floor(std::log10(std::abs(value))));
    int dec = -log10 + 1;
    const double magnitude = std::pow(10.0, -dec);
    if (std::abs(value) / magnitude > 2.25) ++dec;
    return std::clamp(dec, 0, 10);
}

std::string formatGrafanaValue(double value, const std::string& unit, std::optional<int> decimals) {
    if (std::isnan(value)) return "NaN";
    if (unit.empty() || unit == "short") return shortScale(value, decimals);
    if (unit == "none") return fixed(value, decimals);
    if (unit == "percent") return fixed(value, decimals) + "%";
    if (unit == "percentunit") return fixed(value * 100, decimals) + "%";
    if (unit == "s") return duration(value, decimals);
    if (unit == "ms") return duration(value / 1e3, decimals);
    if (unit == "µs" || unit == "us") return duration(value / 1e6, decimals);
    if (unit == "ns") return duration(value / 1e9, decimals);
    if (unit == "m") return duration(value * 60, decimals);
    if (unit == "h") return duration(value * 3600, decimals);
    if (unit == "d") return duration(value * 86400, decimals);
    if (unit == "dtdurations") return clock(value);
    if (unit == "dtdurationms") return clock(value / 1000);
    if (unit == "bytes") return iec(value, 0, "", decimals);
    if (unit == "kbytes") return iec(value, 1, "", decimals);
    if (unit == "mbytes") return iec(value, 2, "", decimals);
    if (unit == "gbytes") return iec(value, 3, "", decimals);
    if (unit == "binBps") return iec(value, 0, "/s", decimals);
    if (unit == "decbytes") return si(value, "B", decimals);
    if (unit == "deckbytes") return si(value * 1e3, "B", decimals);
    if (unit == "decmbytes") return si(value * 1e6, "B", decimals);
    if (unit == "bits") return scaled(value, 1024, {" b", " Kib", " Mib", " Gib", " Tib"}, decimals);
    if (unit == "decbits") return si(value, "b", decimals);
    if (unit == "Bps") return si(value, "B/s", decimals);
    if (unit == "bps") return si(value, "b/s", decimals);
    if (unit == "hertz") return si(value, "Hz", decimals);
    if (unit == "watt") return si(value, "W", decimals);
    if (unit == "volt") return si(value, "V", decimals);
    if (unit == "amp") return si(value, "A", decimals);
    static const std::pair<const char*, const char*> kRates[] = {
        {"reqps", " req/s"}, {"rps", " rd/s"},       {"wps", " wr/s"},  {"iops", " io/s"},
        {"ops", " ops/s"},   {"cps", " c/s"},        {"mps", " msg/s"}, {"rpm", " req/min"},
        {"opm", " ops/min"}, {"cpm", " c/min"},      {"celsius", "°C"}, {"fahrenheit", "°F"},
        {"humidity", "%H"},  {"pressurehpa", " hPa"}};
    for (const auto& [id, suffix] : kRates)
        if (unit == id) return shortScale(value, decimals) + suffix;
    if (unit == "currencyUSD") return "$" + shortScale(value, decimals);
    if (unit == "currencyEUR") return "€" + shortScale(value, decimals);
    if (unit == "currencyGBP") return "£" + shortScale(value, decimals);
    if (unit == "bool") return value != 0 ? "True" : "False";
    if (unit == "bool_yes_no") return value != 0 ? "Yes" : "No";
    if (unit == "bool_on_off") return value != 0 ? "On" : "Off";
    if (unit == "sci") return QString::number(value, 'e', decimals.value_or(2)).toStdString();
    if (unit == "locale")
        return QLocale().toString(value, 'f', decimals.value_or(autoDecimals(value))).toStdString();
    if (startsWith(unit, "suffix:")) return fixed(value, decimals) + unit.substr(7);
    if (startsWith(unit, "prefix:")) return unit.substr(7) + fixed(value, decimals);
    if (startsWith(unit, "si:")) return si(value, unit.substr(3), decimals);
    if (startsWith(unit, "count:")) return shortScale(value, decimals) + " " + unit.substr(6);
    return fixed(value, decimals) + " " + unit;
}

} // namespace dw::dashboard
