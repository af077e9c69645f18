#pragma once

#include "model/labels.h"
#include "promql/query_result.h"
#include "store/xor_chunk.h"

#include <QJsonValue>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dw::api {

// The parts of the Prometheus API's JSON that DispatchWatch reads: times (seconds with decimals) become
// milliseconds, values ("1.5", "NaN", "+Inf") doubles, "metric" objects sorted labels. Pure; thread-safe.

std::optional<std::int64_t> timeMs(const QJsonValue& seconds);
std::optional<double> sampleValue(const QJsonValue& text);
Labels labels(const QJsonValue& metric);

// Calls visit for every series of a matrix or vector result, with its labels (sorted) and its float
// samples in time order (native histogram samples are left out). False with error when data is not a
// matrix or vector result or a sample is malformed.
using SeriesVisitor = std::function<void(Labels& labels, std::vector<Sample>& samples)>;
bool forEachSeries(const QJsonValue& data, const SeriesVisitor& visit, std::string& error);

// A query's data as DispatchWatch's own result type, so that results from a server print exactly as
// local ones do. isRange is set for a matrix.
std::optional<promql::QueryResult> queryResult(const QJsonValue& data, std::string& error);

} // namespace dw::api
