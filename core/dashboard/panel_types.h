#pragma once

#include <string_view>

namespace dw::dashboard {

// The panel types DispatchWatch draws (Grafana's current ones and the legacy graph, singlestat and
// table-old). Any other type is drawn as a card that names it.
// Thread-safety: a free function.
bool isDrawnPanelType(std::string_view type);

} // namespace dw::dashboard
