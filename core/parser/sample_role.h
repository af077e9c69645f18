#pragma once

#include "model/metric_type.h"

#include <optional>
#include <string_view>

namespace dw {

// What a sample line is within its metric family, decided by the suffix its name adds to the family name.
enum class SampleRole { Plain, Total, Created, Bucket, Count, Sum, GaugeCount, GaugeSum, Info };

// The role of a sample named sampleName in the family familyName of the given type, or nothing when the
// name does not belong to that family. OpenMetrics counters are written with _total and info families
// with _info; in text 0.0.4 a counter's samples carry the family name unchanged.
std::optional<SampleRole> sampleRole(MetricType type, std::string_view familyName,
                                     std::string_view sampleName, bool openMetrics);

// The suffix a role adds to the family name ("_bucket" for Bucket, "" for Plain).
std::string_view sampleRoleSuffix(SampleRole role);

} // namespace dw
