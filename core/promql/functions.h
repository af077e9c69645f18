#pragma once

#include "promql/ast.h"

#include <string_view>
#include <vector>

namespace dw::promql {

// A PromQL function's signature, as Prometheus 2.x declares it: argument types, how many trailing
// arguments may be left out (optional) or repeated (variadic < 0: the last one any number of times),
// and the return type.
struct FunctionInfo {
    std::string_view name;
    std::vector<ValueType> args;
    int variadic = 0; // > 0: that many trailing args are optional; -1: the last arg repeats without limit
    ValueType returns = ValueType::Vector;
};

// The function of that name, or null.
const FunctionInfo* findFunction(std::string_view name);

} // namespace dw::promql
