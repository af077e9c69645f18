#include "dashboard/panel_types.h"

#include <algorithm>
#include <array>

namespace dw::dashboard {

bool isDrawnPanelType(std::string_view type) {
    static constexpr std::array<std::string_view, 12> kDrawn = {
        "timeseries",     "graph",          "stat",  "singlestat", "gauge",   "bargauge",
        "state-timeline", "status-history", "table", "table-old",  "heatmap", "text"};
    return std::find(kDrawn.begin(), kDrawn.end(), type) != kDrawn.end();
}

} // namespace dw::dashboard
