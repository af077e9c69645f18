#pragma once

#include "model/labels.h"
#include "promql/ast.h"
#include "store/xor_chunk.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dw::promql {

// A sample of a result: time in milliseconds and value, the store's own sample type.
using Point = Sample;

// One series of a result: its labels (sorted by name) and its points in time order. An instant vector
// has one point per series; a range query or a range vector has any number.
struct ResultSeries {
    Labels labels;
    std::vector<Point> points;
};

// What evaluating a query gives, shaped like Prometheus's API result: a scalar or string (one point in
// series[0], a string in text), an instant vector (instant queries), or a matrix (range queries, and
// instant queries of a range vector). Range results are sorted by labels, as Prometheus sorts them;
// instant vectors keep the order the expression produced (sort() and topk() rely on it).
struct QueryResult {
    ValueType type = ValueType::Vector;
    bool isRange = false; // a matrix: from a range query, or a range vector in an instant query
    std::vector<ResultSeries> series;
    std::string text;
    std::vector<std::string> warnings; // Prometheus's "PromQL warning: …" annotations
    std::vector<std::string> infos;    // and its "PromQL info: …" ones
    // Where in the query each annotation points (a byte offset; -1 or missing: nowhere), for the API's
    // "(line:col)" suffix.
    std::vector<std::int64_t> warningPositions, infoPositions;
};

} // namespace dw::promql
