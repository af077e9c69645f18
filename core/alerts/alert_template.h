#pragma once

#include "model/labels.h"

#include <optional>
#include <string>
#include <string_view>

namespace dw {

// Prometheus's alert templates: Go text/template actions over an alert's labels and value, the subset
// rules use in practice: {{ $labels.name }}, {{ $value }}, {{ .Labels.name }}, {{ .Value }}, pipelines
// into humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp, title, toUpper,
// toLower and printf "%.2f" (with %s %d %f %g %v), string and number literals, and {{- -}} trimming.
// Thread-safety: immutable after parse(); expand() may run on any thread.
class AlertTemplate {
public:
    // Checks the template; on failure returns nothing and sets error (as promtool would reject it).
    static std::optional<AlertTemplate> parse(std::string_view text, std::string& error);
    // The text with every action replaced. Unknown labels expand to "", as in Go with missingkey=zero.
    std::string expand(const Labels& labels, double value) const;

private:
    struct Action {
        std::size_t begin, end; // the action's extent in the (trimmed) text
        std::string pipeline;
    };
    std::string m_text;
    std::vector<Action> m_actions;
};

} // namespace dw
