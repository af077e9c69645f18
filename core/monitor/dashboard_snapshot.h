#pragma once

#include "alerts/rule_evaluator.h"
#include "assessment/incident.h"
#include "health/health_state.h"
#include "health/profile.h"
#include "scrape/target_status.h"

#include <QMetaType>
#include <QPointF>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dw {

// One line of a chart: its legend, its colour (empty: the theme's palette) and its points, already
// decimated and split at gaps.
struct ChartLine {
    std::string legend;
    std::string color;
    std::vector<std::vector<QPointF>> segments;
};

// How a chart draws its lines beyond the defaults (a Grafana panel's fieldConfig.custom, min and max):
// as lines, bars (one from zero to each point) or points, the area under each line filled at an opacity,
// lines stacked (their values already summed), and a fixed value range.
struct ChartStyle {
    enum class Draw { Lines, Bars, Points };
    Draw draw = Draw::Lines;
    double pointSize = 5;   // Points: the dots' diameter in pixels
    double fillOpacity = 0; // percent, 0: no fill
    bool stacked = false;   // fills go down to the line below, drawn from the top line down
    std::optional<double> min, max;
};

// A profile panel with its data over the snapshot's time range.
struct PanelData {
    std::string profile;
    Panel panel;
    std::vector<ChartLine> lines;
    std::string error; // a query that failed, in Prometheus's words
    ChartStyle style;
};

using TargetRow = TargetStatus;

// Everything the dashboard shows at one moment, computed off the UI thread and handed over whole:
// immutable once built, shared by pointer, so the UI only copies it into widgets.
struct DashboardSnapshot {
    std::int64_t nowMs = 0;
    std::int64_t fromMs = 0; // the charts' time range [fromMs, toMs]: up to now, or zoomed
    std::int64_t toMs = 0;
    std::vector<TargetRow> targets;
    std::vector<std::string> profiles; // detected
    std::vector<EntityHealth> entities;
    std::vector<Alert> alerts;       // pending and firing
    std::vector<Incident> incidents; // what changed since the previous snapshot
    std::vector<PanelData> panels;
    std::vector<std::string> problems;
    double buildMs = 0; // how long building it took
};

} // namespace dw

Q_DECLARE_METATYPE(std::shared_ptr<const dw::DashboardSnapshot>)
