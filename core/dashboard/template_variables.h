#pragma once

#include "dashboard/dashboard.h"
#include "dashboard/dashboard_source.h"
#include "dashboard/template_text.h"
#include "dashboard/time_range.h"

#include <map>
#include <string>
#include <vector>

namespace dw::dashboard {

// A dashboard's template variables, given values: each variable's options are computed in dependency
// order (a query that uses $job waits for job), through the source where a variable asks one
// (label_values, label_names, metrics, query_result), filtered by its regex and sorted as Grafana sorts.
// Without a source, query variables offer what the file saved. Then every variable gets a value: the
// user's choice, else what the file saved when it is still an option, else the first option (or All,
// when asked to prefer it). The built-ins ($__interval, $__rate_interval, $__range, …) are added per
// panel by builtinScope.
// Thread-safety: a value; resolve() uses the source from the calling thread.
class TemplateVariables {
public:
    enum class Preference { Saved, First, All };

    struct State {
        std::vector<VariableOption> options;
        std::vector<std::string> selected; // values; {"$__all"} for All
        std::string problem;
    };

    // choices: values the user picked, by variable name (override the file's).
    void resolve(const Dashboard& dashboard, DashboardSource* source, const TimeRange& range,
                 Preference preference, const std::map<std::string, std::vector<std::string>>& choices = {});

    const std::map<std::string, State>& states() const { return m_states; }
    // The dashboard's variables with their values, for interpolation.
    const Scope& scope() const { return m_scope; }
    // Problems: cycles, failed queries, a regex that does not compile, a kind not applied (adhoc).
    std::vector<std::string> problems() const;

private:
    void resolveOne(const Variable& variable, DashboardSource* source, const TimeRange& range,
                    Preference preference, const std::map<std::string, std::vector<std::string>>& choices);

    std::map<std::string, State> m_states;
    Scope m_scope;
    std::vector<std::string> m_problems;
};

// The built-in variables of one panel: $__interval and $__interval_ms for its width in points and minimum
// interval, $__rate_interval, $__range (_s, _ms), $__from, $__to, $__dashboard.
Scope builtinScope(const TimeRange& range, std::int64_t intervalMs, std::int64_t scrapeIntervalMs,
                   const std::string& dashboardTitle);

// Options of a "custom" variable's query: "a, b, c" or "key : value" pairs; "\," is a literal comma.
std::vector<VariableOption> customOptions(const std::string& query);

} // namespace dw::dashboard
