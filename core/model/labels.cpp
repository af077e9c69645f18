#include "model/labels.h"

#include "model/label_text.h"

#include <algorithm>

namespace dw {

void sortLabels(Labels& labels) {
    std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.name < b.name; });
}

std::string formatLabels(const Labels& labels) {
    std::string out(labelValue(labels, kMetricNameLabel));
    out += '{';
    bool first = true;
    for (const Label& label : labels) {
        if (label.name == kMetricNameLabel) continue;
        if (!first) out += ", ";
        first = false;
        out += label.name + "=\"";
        appendEscapedLabelValue(label.value, out);
        out += '"';
    }
    out += '}';
    return out;
}

std::string_view labelValue(const Labels& labels, std::string_view name) {
    for (const Label& label : labels)
        if (label.name == name) return label.value;
    return {};
}

} // namespace dw
