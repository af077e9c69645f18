#include "promql/label_set.h"

#include "util/hash.h"

#include <algorithm>
#include <xxhash.h>

namespace dw::promql {

namespace {

std::uint64_t mixLabel(std::uint64_t h, const Label& label) {
    return hashMix(h, hashBytes(label.value, hashBytes(label.name)));
}

bool covered(const Label& label, std::span<const std::string> names, bool on) {
    if (on) return containsName(names, label.name);
    return label.name != kMetricNameLabel && !containsName(names, label.name);
}

} // namespace

std::uint64_t hashLabels(const Labels& labels) {
    std::uint64_t h = 0x51ed27f1u;
    for (const Label& label : labels)
        h = mixLabel(h, label);
    return h;
}

std::uint64_t prometheusLabelsHash(const Labels& labels) {
    XXH64_state_t* state = XXH64_createState();
    XXH64_reset(state, 0);
    static constexpr char kSeparator = '\xff';
    for (const Label& label : labels) {
        XXH64_update(state, label.name.data(), label.name.size());
        XXH64_update(state, &kSeparator, 1);
        XXH64_update(state, label.value.data(), label.value.size());
        XXH64_update(state, &kSeparator, 1);
    }
    const std::uint64_t hash = XXH64_digest(state);
    XXH64_freeState(state);
    return hash;
}

std::uint64_t matchingSignature(const Labels& labels, std::span<const std::string> names, bool on) {
    std::uint64_t h = 0x51ed27f1u;
    for (const Label& label : labels)
        if (covered(label, names, on)) h = mixLabel(h, label);
    return h;
}

Labels matchingLabels(const Labels& labels, std::span<const std::string> names, bool on) {
    Labels out;
    for (const Label& label : labels)
        if (covered(label, names, on)) out.push_back(label);
    return out;
}

bool containsName(std::span<const std::string> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

void dropMetricName(Labels& labels) {
    deleteLabel(labels, kMetricNameLabel);
}

void deleteLabel(Labels& labels, std::string_view name) {
    const auto it =
        std::find_if(labels.begin(), labels.end(), [&](const Label& l) { return l.name == name; });
    if (it != labels.end()) labels.erase(it);
}

void setLabel(Labels& labels, std::string_view name, std::string_view value) {
    const auto it = std::lower_bound(labels.begin(), labels.end(), name,
                                     [](const Label& l, std::string_view n) { return l.name < n; });
    if (it != labels.end() && it->name == name) {
        if (value.empty())
            labels.erase(it);
        else
            it->value = value;
    } else if (!value.empty()) {
        labels.insert(it, Label{std::string(name), std::string(value)});
    }
}

int compareLabels(const Labels& a, const Labels& b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (const int c = a[i].name.compare(b[i].name); c != 0) return c;
        if (const int c = a[i].value.compare(b[i].value); c != 0) return c;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

std::string labelsToString(const Labels& labels) {
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out += ", ";
        out += labels[i].name;
        out += "=\"";
        for (const char c : labels[i].value) {
            if (c == '"' || c == '\\') out += '\\';
            if (c == '\n') {
                out += "\\n";
                continue;
            }
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

} // namespace dw::promql
