#pragma once

#include "promql/ast.h"
#include "promql/generation.h"

#include <string>
#include <string_view>

namespace dw::promql {

// Why a query does not parse, and where (a byte offset into the query).
struct SyntaxError {
    std::uint32_t position = 0;
    int line = 1;
    int column = 1;
    std::string message;
    // "1:6: parse error: unexpected ..." as Prometheus 2.x words it (line and byte column from 1).
    std::string describe() const;
};

// Parses a PromQL expression into an immutable tree with the grammar and type rules of a Prometheus
// generation (operator precedence and associativity, modifiers, function signatures, aggregation
// parameters). Returns null and sets error on failure. Pure; thread-safe.
NodePtr parseQuery(std::string_view query, SyntaxError& error, Generation generation = kDefaultGeneration);

// The canonical text with every binary expression in parentheses, to show how a query was grouped.
std::string formatGrouped(const Node& node);

} // namespace dw::promql
