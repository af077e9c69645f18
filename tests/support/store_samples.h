#pragma once

#include "store/series_store.h"

#include <string>

// Appends one sample of name{labels..., job=compozy, instance=INSTANCE} to the store, as a scrape of that
// target would: what tests of the health model and the assessment script their data with.
void appendTargetSample(dw::SeriesStore& store, const std::string& name, dw::Labels labels, std::int64_t t,
                        double v, const std::string& instance = "host:5001");
