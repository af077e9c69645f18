#pragma once

#include "lint/label_policy.h"
#include "lint/lint_finding.h"
#include "parser/exposition_format.h"
#include "parser/parse_limits.h"

#include <string_view>
#include <vector>

namespace dw {

struct LintOptions {
    const LabelPolicy* policy = nullptr; // none: no label policy
    // A label with more distinct values than this in one family is reported.
    std::size_t distinctValuesWarning = 100;
    ParseLimits limits;
};

struct LintReport {
    std::vector<LintFinding> findings; // in line order
    std::size_t families = 0;
    std::size_t samples = 0;
    std::size_t errors() const;
    std::size_t warnings() const;
};

// Lints an exposition body as `dispatchwatch lint` does: parses it leniently (as a scrape would), then
// reports promtool's naming checks, duplicate series and histogram/summary consistency as warnings,
// label-policy violations as errors, and label values that look high-cardinality as warnings.
// A syntax error is one error finding and ends the reading. Pure function; thread-safe.
LintReport lintExposition(std::string_view body, ExpositionFormat format, const LintOptions& options);

} // namespace dw
