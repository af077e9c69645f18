#pragma once

#include "promql/evaluator.h"

#include <span>
#include <vector>

namespace dw::promql {

struct Bucket {
    double upperBound = 0;
    double count = 0;
};

// The φ-quantile of classic histogram buckets as Prometheus 2.x computes it: buckets sorted by bound,
// equal bounds merged, counts forced monotonic, linear interpolation within the bucket; NaN without a
// +Inf bucket or observations. Reorders and modifies buckets. Pure; thread-safe.
double bucketQuantile(double q, std::vector<Bucket>& buckets);

// histogram_quantile(q, input): series grouped by their labels without `le`; the result drops the
// metric name and `le`. Series without a parsable `le` are ignored.
Value histogramQuantile(std::span<const double> q, const Value& input);

} // namespace dw::promql
