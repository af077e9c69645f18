#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dw {

// A label as a caller holds it. The metric name is the label "__name__".
struct Label {
    std::string name;
    std::string value;
    bool operator==(const Label&) const = default;
    auto operator<=>(const Label&) const = default;
};
using Labels = std::vector<Label>;

// A label that points into memory owned elsewhere (a scrape body, the symbol table).
struct LabelView {
    std::string_view name;
    std::string_view value;
};

inline constexpr std::string_view kMetricNameLabel = "__name__";

// Sorts by name, the canonical order of a label set.
void sortLabels(Labels& labels);
// name{a="1",b="2"} in Prometheus's notation, for messages and tests.
std::string formatLabels(const Labels& labels);
// The value of a label, or empty.
std::string_view labelValue(const Labels& labels, std::string_view name);

} // namespace dw
