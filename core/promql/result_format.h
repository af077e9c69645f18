#pragma once

#include "promql/query_result.h"

#include <string>
#include <string_view>

namespace dw::promql {

// A query result as the body of Prometheus's /api/v1/query or /api/v1/query_range, byte for byte:
// {"status":"success","data":{"resultType":...,"result":...}}, timestamps as seconds with up to three
// decimals, values as strings in Go's shortest notation, then Prometheus 3's "warnings" and "infos"
// (each with the "(line:col)" of `query` it points at, when the query is given).
std::string formatApiJson(const QueryResult& result, std::string_view query = {});
// {"status":"error","errorType":"bad_data","error":"..."}; errorType is bad_data or execution.
std::string formatApiError(std::string_view errorType, std::string_view message);

// A readable rendering, as `promtool query` prints: `up{job="x"} => 1 @[1700000000.5]`, and for a
// matrix each series followed by its `value @[time]` lines.
// Annotations follow as "warning: …" and "info: …" lines.
std::string formatResultText(const QueryResult& result, std::string_view query = {});

// A value as Prometheus's API writes it ("1", "0.25", "1e-07", "+Inf", "NaN").
std::string formatApiValue(double v);
// Milliseconds as seconds the way the API writes them ("1700000000", "1700000000.5").
std::string formatApiTimestamp(std::int64_t ms);

} // namespace dw::promql
