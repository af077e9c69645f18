#pragma once

#include "dashboard/dashboard.h"
#include "dashboard/template_text.h"
#include "dashboard/time_range.h"

#include <string>
#include <vector>

namespace dw::dashboard {

// One query of a panel as it will be sent: variables replaced, with the step Grafana's Prometheus
// datasource would choose for the panel's width.
struct PanelQuery {
    const Target* target = nullptr;
    std::string expr;
    bool instant = false;
    std::int64_t stepMs = 0;
    std::int64_t intervalMs = 0; // $__interval
};

struct PanelQueryPlan {
    std::vector<PanelQuery> queries;
    std::vector<std::string> problems; // empty queries, unknown variables and formats, other datasources
    bool otherDatasource = false;      // the panel reads a datasource that is not Prometheus
};

// The queries of a panel (hidden ones left out), for a dashboard whose variables have the given values.
// widthPx: the panel's width on screen, Grafana's default maxDataPoints.
// Thread-safety: a free function over its arguments.
PanelQueryPlan planPanelQueries(const Panel& panel, const Scope& variables, const TimeRange& range,
                                std::int64_t scrapeIntervalMs, int widthPx,
                                const std::string& dashboardTitle);

// The width a panel has on a dashboard page of pageWidthPx, from its grid columns.
int panelWidthPx(const Panel& panel, int pageWidthPx = 1600);

} // namespace dw::dashboard
