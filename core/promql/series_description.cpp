#include "promql/series_description.h"

#include "model/number_parser.h"
#include "model/sample_value.h"
#include "promql/parser.h"
#include "promql/step_series.h"

#include <charconv>

namespace dw::promql {

namespace {

bool parseNumber(std::string_view text, double& out) {
    if (!text.empty() && text[0] == '+' && text.size() > 1 && text[1] != 'I' && text[1] != 'i')
        text.remove_prefix(1);
    return parseSampleValue(text, false, out);
}

bool parseCount(std::string_view text, std::uint64_t& out) {
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

// "a+bxn", "a-bxn", "axn", "_xn", or a single value.
bool expand(std::string_view item, std::vector<double>& values, std::string& error) {
    // Hexadecimal numbers are not allowed in series descriptions, so "0x10" is eleven zeros.
    const std::size_t x = item.rfind('x');
    std::uint64_t times = 0;
    if (x == std::string_view::npos || x == 0 || !parseCount(item.substr(x + 1), times)) {
        if (item == "_") {
            values.push_back(absentValue());
            return true;
        }
        if (item == "stale") {
            values.push_back(staleMarker());
            return true;
        }
        double v = 0;
        if (!parseNumber(item, v)) {
            error = "invalid value \"" + std::string(item) + "\"";
            return false;
        }
        values.push_back(v);
        return true;
    }
    const std::string_view head = item.substr(0, x);
    if (head == "_") {
        values.insert(values.end(), times, absentValue());
        return true;
    }
    // The operator is the first + or - after the start that does not belong to an exponent.
    std::size_t op = std::string_view::npos;
    for (std::size_t i = 1; i < head.size(); ++i)
        if ((head[i] == '+' || head[i] == '-') && head[i - 1] != 'e' && head[i - 1] != 'E') {
            op = i;
            break;
        }
    double start = 0, increment = 0;
    if (!parseNumber(head.substr(0, op), start) ||
        (op != std::string_view::npos && !parseNumber(head.substr(op + 1), increment))) {
        error = "invalid value \"" + std::string(item) + "\"";
        return false;
    }
    if (op != std::string_view::npos && head[op] == '-') increment = -increment;
    for (std::uint64_t i = 0; i <= times; ++i) {
        values.push_back(start);
        start += increment;
    }
    return true;
}

} // namespace

bool parseSeriesLabels(std::string_view text, Labels& labels, std::string& error) {
    labels.clear();
    if (text == "{}") return true;
    SyntaxError syntax;
    const NodePtr node = parseQuery(text, syntax);
    const auto* vs = node ? std::get_if<VectorSelector>(&node->value) : nullptr;
    if (!vs) {
        error = node ? "not a series: " + std::string(text) : syntax.describe();
        return false;
    }
    for (const LabelMatcher& m : vs->matchers) {
        if (m.type != LabelMatcher::Type::Equal) {
            error = "only = is allowed in a series: " + std::string(text);
            return false;
        }
        labels.push_back({m.name, m.value});
    }
    sortLabels(labels);
    return true;
}

bool parseSeriesDescription(std::string_view line, SeriesDescription& out, std::string& error) {
    out = {};
    // The series ends at the first blank outside quotes and braces.
    std::size_t i = 0;
    int depth = 0;
    char quote = 0;
    for (; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == '\\')
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'' || c == '`') {
            quote = c;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}') {
            --depth;
        } else if ((c == ' ' || c == '\t') && depth == 0) {
            break;
        }
    }
    if (!parseSeriesLabels(line.substr(0, i), out.labels, error)) return false;
    std::string_view rest = line.substr(i);
    if (rest.find("{{") != std::string_view::npos) {
        out.nativeHistogram = true;
        return true;
    }
    while (!rest.empty()) {
        const std::size_t start = rest.find_first_not_of(" \t");
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
        if (!expand(rest.substr(0, end), out.values, error)) return false;
        rest.remove_prefix(end);
    }
    return true;
}

} // namespace dw::promql
