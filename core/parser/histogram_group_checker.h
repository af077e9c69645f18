#pragma once

#include "model/metric_type.h"
#include "parser/parse_error.h"
#include "parser/sample_role.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace dw {

// Checks the consistency of histogram and gauge-histogram groups (the samples of one family that share
// their labels apart from le): buckets in increasing le order with cumulative counts, a +Inf bucket,
// _count equal to it, _sum and _count together, and the OpenMetrics rules for negative buckets.
// Also requires each group's samples to stand together. Thread-safety: none.
class HistogramGroupChecker {
public:
    void beginFamily(std::string familyName, MetricType type, bool openMetrics);
    // le is set for Bucket samples. groupKey identifies the labels other than le.
    void add(SampleRole role, const std::string& groupKey, double value, std::optional<double> le, int line,
             std::vector<ParseError>& errors);
    void endFamily(std::vector<ParseError>& errors);

private:
    struct Group {
        std::string key;
        int firstLine = 0;
        bool active = false;
        double lastLe = 0;
        double lastBucketCount = 0;
        bool anyBucket = false;
        bool hasInf = false;
        double infCount = 0;
        std::optional<double> count;
        bool hasSum = false;
        bool negativeBucket = false;
        bool negativeSum = false;
    };

    void finishGroup(std::vector<ParseError>& errors);
    void report(std::vector<ParseError>& errors, int line, std::string message) const;

    std::string m_family;
    MetricType m_type = MetricType::Unknown;
    bool m_openMetrics = false;
    Group m_group;
    std::unordered_set<std::string> m_finishedGroups;
};

} // namespace dw
