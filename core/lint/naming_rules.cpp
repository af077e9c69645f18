#include "lint/naming_rules.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace dw {

namespace {

std::vector<std::string_view> nameParts(std::string_view name) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t end = std::min(name.find('_', start), name.size());
        if (end > start) parts.push_back(name.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

bool hasCamelCase(std::string_view text) {
    for (std::size_t i = 1; i < text.size(); ++i)
        if (std::islower(static_cast<unsigned char>(text[i - 1])) &&
            std::isupper(static_cast<unsigned char>(text[i])))
            return true;
    return false;
}

// Units that have a base unit, keyed by the unit word, as promlint lists them.
const std::map<std::string, std::string, std::less<>>& nonBaseUnits() {
    static const auto units = [] {
        std::map<std::string, std::string, std::less<>> map = {
            {"minutes", "seconds"},    {"hours", "seconds"}, {"days", "seconds"}, {"weeks", "seconds"},
            {"fahrenheit", "celsius"}, {"bits", "bytes"},    {"feet", "meters"},  {"inches", "meters"},
            {"miles", "meters"},       {"pounds", "grams"},  {"ounces", "grams"},
        };
        const char* prefixes[] = {"pico",  "nano", "micro", "milli", "centi", "deci", "deca",
                                  "hecto", "kilo", "mega",  "giga",  "tera",  "peta", "exa"};
        const char* bases[] = {"amperes", "bytes", "grams", "joules", "meters", "metres", "seconds", "volts"};
        for (const char* prefix : prefixes)
            for (const char* base : bases)
                map.emplace(std::string(prefix) + base, base);
        return map;
    }();
    return units;
}

constexpr std::array<std::string_view, 14> kAbbreviatedUnits = {"s",  "ms", "us", "ns", "sec", "b", "kb",
                                                                "mb", "gb", "tb", "pb", "m",   "h", "d"};

} // namespace

std::vector<std::string> namingProblems(const FamilyFacts& family) {
    std::vector<std::string> problems;
    const std::string_view name = family.name;
    const MetricType type = family.type;
    const bool histogram = type == MetricType::Histogram || type == MetricType::GaugeHistogram;
    const bool histogramOrSummary = histogram || type == MetricType::Summary;
    auto hasLabel = [&](std::string_view label) {
        return std::find(family.labelNames.begin(), family.labelNames.end(), label) !=
               family.labelNames.end();
    };

    if (!family.hasHelp) problems.push_back("no help text");
    // OpenMetrics names a counter family without _total; its samples add it.
    if (type == MetricType::Counter && !family.openMetrics && !name.ends_with("_total"))
        problems.push_back("counter metrics should have \"_total\" suffix");
    if (type != MetricType::Counter && name.ends_with("_total"))
        problems.push_back("non-counter metrics should not have \"_total\" suffix");
    if (!histogramOrSummary) {
        for (const char* suffix : {"_count", "_sum", "_bucket"})
            if (name.ends_with(suffix))
                problems.push_back(std::string("non-histogram and non-summary metrics should not have \"") +
                                   suffix + "\" suffix");
    }
    if (!histogram && hasLabel("le"))
        problems.push_back("non-histogram metrics should not have \"le\" label");
    if (type != MetricType::Summary && hasLabel("quantile"))
        problems.push_back("non-summary metrics should not have \"quantile\" label");
    const std::string typeName = type == MetricType::Unknown ? "untyped" : std::string(metricTypeName(type));
    if (name.find("_" + typeName + "_") != std::string_view::npos || name.ends_with("_" + typeName))
        problems.push_back("metric name should not include type '" + typeName + "'");
    if (name.find(':') != std::string_view::npos) problems.push_back("metric names should not contain ':'");
    if (hasCamelCase(name))
        problems.push_back("metric names should be written in 'snake_case' not 'camelCase'");
    for (const std::string& label : family.labelNames) {
        if (hasCamelCase(label)) {
            problems.push_back("label names should be written in 'snake_case' not 'camelCase'");
            break;
        }
    }
    bool abbreviated = false;
    for (const std::string_view part : nameParts(name)) {
        std::string lower(part);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (const auto it = nonBaseUnits().find(lower); it != nonBaseUnits().end())
            problems.push_back("use base unit \"" + it->second + "\" instead of \"" + lower + "\"");
        if (!abbreviated &&
            std::find(kAbbreviatedUnits.begin(), kAbbreviatedUnits.end(), lower) != kAbbreviatedUnits.end()) {
            problems.push_back("metric names should not contain abbreviated units");
            abbreviated = true;
        }
    }
    return problems;
}

} // namespace dw
