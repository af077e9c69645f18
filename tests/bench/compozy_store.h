#pragma once

#include "store/series_store.h"

namespace dw::bench {

// One hour of Compozy's dispatcher metrics at 1 s up to endMs, as a store holds them after scraping:
// heartbeats every 30 s, uptime, health, lifecycle events, consecutive failures, up and the active count.
void fillCompozyHour(SeriesStore& store, int dispatchers, std::int64_t endMs);

} // namespace dw::bench
