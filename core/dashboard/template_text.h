#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dw::dashboard {

// The value a variable has while queries and titles are interpolated: one value or several (multi-value
// or "All"). Built-ins ($__interval, $__range, …) are single values.
struct VariableValue {
    std::vector<std::string> values;
    std::vector<std::string> texts; // what the user sees; the values when empty
    bool multiOrAll = false;        // the variable is multi-value or has "All": Prometheus regex-escapes it
    bool isAll = false;
    std::string allValue; // the variable's custom "All" value, used as written
};
using Scope = std::map<std::string, VariableValue, std::less<>>;

// What interpolating found wrong: references to names the scope lacks (left as written, as Grafana
// leaves them) and formats Grafana has that DispatchWatch does not apply.
struct TemplateProblems {
    std::vector<std::string> unknownVariables;
    std::vector<std::string> unknownFormats;
};

// Replaces $var, ${var}, ${var:format} and [[var]] / [[var:format]] as Grafana does. Query: values
// escaped as Grafana's Prometheus datasource escapes them (a multi-value variable becomes (a|b) with
// regex characters escaped for a PromQL string); Text: titles and legends, values joined with " + ".
// Formats: regex, pipe, csv, raw, glob, json, singlequote, doublequote, text, percentencode.
// Thread-safety: a free function over its arguments.
enum class Purpose { Query, Text };
std::string interpolate(std::string_view text, const Scope& scope, Purpose purpose,
                        TemplateProblems* problems = nullptr);

// The variable names text refers to, in order of first reference (for ordering dependent variables).
std::vector<std::string> referencedVariables(std::string_view text);

} // namespace dw::dashboard
