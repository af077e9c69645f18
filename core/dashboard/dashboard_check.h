#pragma once

#include "dashboard/dashboard.h"
#include "dashboard/dashboard_source.h"
#include "promql/generation.h"

#include <string>
#include <vector>

namespace dw::dashboard {

// What `dashboard check` found about one panel.
struct PanelReport {
    std::string title, type, path;
    bool supported = true; // a type DispatchWatch draws
    std::vector<std::string> problems;
    int queries = 0;
    // With a source only:
    bool noData = false;                     // every query it runs answered nothing: the panel would be empty
    std::vector<std::string> missingMetrics; // named by the queries, unknown to the source
    std::vector<std::string> missingLabels;  // in matchers and legends, unknown to the source or the results
};

struct CheckReport {
    std::string dashboard;
    bool withSource = false;
    std::string source;                // describe() of the source
    std::vector<std::string> problems; // of the dashboard as a whole (variables, time range)
    std::vector<PanelReport> panels;
    bool unreachable = false; // the source could not be reached: the check stopped
    std::string unreachableError;

    bool fine() const;
    int panelsWithProblems() const;
    int panelsWithoutData() const;
};

// Checks a dashboard: every panel's type and datasource, its queries for every variable choice tried
// (each variable's first value, then "All" where it has one), parsed by DispatchWatch's PromQL parser with
// Prometheus's wording of errors; with a source, each query evaluated over the dashboard's time range,
// and the metric and label names it needs looked up (dashboard drift).
// Thread-safety: a free function; the source is used from the calling thread.
CheckReport checkDashboard(const Dashboard& dashboard, DashboardSource* source,
                           promql::Generation generation = promql::kDefaultGeneration);

// The report as one JSON object ({"dashboard", "panels": […], "summary": {…}}) and as text for people.
std::string formatCheckJson(const CheckReport& report);
std::string formatCheckText(const CheckReport& report);

} // namespace dw::dashboard
