#pragma once

#include "promql/engine_options.h"

#include <string>
#include <string_view>
#include <vector>

namespace dw::promql {

// Runs PromQL test scripts in the format of Prometheus's promql/promqltest/testdata/*.test, 2.x and 3.x:
// `load <step>` blocks of series, `clear`, `eval instant at <time> <expr>`, `eval range from <t> to <t>
// step <d> <expr>`, the legacy eval_fail/eval_warn/eval_info/eval_ordered (with expected_fail_message and
// expected_fail_regexp), and 3.x's `expect` lines (ordered, fail, warn, no_warn, info, no_info with
// `msg:` or `regex:`, `expect string`, `expect range vector`), each followed by the expected result.
// Values are compared as promqltest compares them (relative 1e-6, NaN equals NaN). Evaluations that
// involve native histograms are counted as skipped. Thread-safety: none needed; run() is a pure function
// of the script and options.
class TestScript {
public:
    struct Failure {
        int line = 0;
        std::string command;
        std::string message;
    };
    struct Summary {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        std::vector<Failure> failures;
        std::string error; // a script that cannot be read (bad syntax) fails as a whole
    };

    // options: the engine's, as promqltest's test engine sets them (the generation above all).
    static Summary run(std::string_view script, const EngineOptions& options = {});
};

} // namespace dw::promql
