#pragma once

#include <string>

namespace dw {

// One problem `dispatchwatch lint` reports about an exposition body.
struct LintFinding {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Warning;
    std::string check;  // "promlint", "consistency", "label-policy", "cardinality" or "parse"
    std::string metric; // the metric family concerned, if any
    int line = 0;
    std::string message;
};

} // namespace dw
