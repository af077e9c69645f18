#pragma once

#include "promql/ast.h"
#include "promql/generation.h"

#include <string_view>
#include <vector>

namespace dw::promql {

// A PromQL function's signature, as Prometheus declares it: argument types, how many trailing
// arguments may be left out (optional) or repeated (variadic < 0: the last one any number of times),
// the return type, and which generations have it.
struct FunctionInfo {
    enum class In { Both, Prometheus2Only, Prometheus3Only };
    std::string_view name;
    std::vector<ValueType> args;
    int variadic = 0; // > 0: that many trailing args are optional; -1: the last arg repeats without limit
    ValueType returns = ValueType::Vector;
    In in = In::Both;
};

// The function of that name in that generation (Prometheus 3's experimental functions included), or null.
const FunctionInfo* findFunction(std::string_view name, Generation generation = kDefaultGeneration);

} // namespace dw::promql
