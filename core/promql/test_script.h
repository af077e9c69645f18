#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dw::promql {

// Runs PromQL test scripts in the format of Prometheus's promql/promqltest/testdata/*.test: `load <step>`
// blocks of series, `clear`, `eval instant at <time> <expr>`, `eval range from <t> to <t> step <d> <expr>`,
// `eval_fail` (optionally with expected_fail_message / expected_fail_regexp) and `eval_ordered`, each
// followed by the expected result. Values are compared as promqltest compares them (relative 1e-6,
// NaN equals NaN). Native histograms and annotation checks (eval_warn, eval_info) are counted as
// skipped. Thread-safety: none needed; run() is a pure function of the script.
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

    static Summary run(std::string_view script);
};

} // namespace dw::promql
