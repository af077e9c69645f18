#pragma once

#include "model/labels.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dw::promql {

// Label-set operations of the evaluator, on sorted Labels. Hashes identify label sets in the engine's
// hash tables (64 bits, as Prometheus's own signatures).

std::uint64_t hashLabels(const Labels& labels);
// Prometheus's labels.Hash(): xxHash64 of "name\xffvalue\xff" for each label, in order. Where Prometheus
// picks by hash (limit_ratio), this picks the same series.
std::uint64_t prometheusLabelsHash(const Labels& labels);
// The signature vector matching compares: only `names` (on) or all but `names` and __name__ (ignoring).
std::uint64_t matchingSignature(const Labels& labels, std::span<const std::string> names, bool on);
// The labels a matching signature covers, for error messages.
Labels matchingLabels(const Labels& labels, std::span<const std::string> names, bool on);

void dropMetricName(Labels& labels);
void setLabel(Labels& labels, std::string_view name, std::string_view value); // empty value deletes
void deleteLabel(Labels& labels, std::string_view name);
bool containsName(std::span<const std::string> names, std::string_view name);

// Prometheus's order of label sets: pairwise by name, then value; a prefix sorts first.
int compareLabels(const Labels& a, const Labels& b);
// {__name__="up", job="x"} as Prometheus prints label sets in errors.
std::string labelsToString(const Labels& labels);

} // namespace dw::promql
