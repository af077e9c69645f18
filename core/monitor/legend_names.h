#pragma once

#include "model/labels.h"

#include <string>
#include <vector>

namespace dw {

// Legends that are equal though their series differ get the labels that tell them apart, as Grafana
// does: two lines named "dispatcher-acme-billing" by a legend format that leaves out is_stale become
// `dispatcher-acme-billing {is_stale="false"}` and `dispatcher-acme-billing {is_stale="true"}`.
// legends[i] names the series labelled *labels[i]; unique legends are left as they are. Linear in the
// number of lines and their labels.
void disambiguateLegends(std::vector<std::string>& legends, const std::vector<const Labels*>& labels);

} // namespace dw
