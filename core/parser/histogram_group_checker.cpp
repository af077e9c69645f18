#include "parser/histogram_group_checker.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace dw {

namespace {
std::string number(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}
} // namespace

void HistogramGroupChecker::beginFamily(std::string familyName, MetricType type, bool openMetrics) {
    m_family = std::move(familyName);
    m_type = type;
    m_openMetrics = openMetrics;
    m_group = {};
    m_finishedGroups.clear();
}

void HistogramGroupChecker::report(std::vector<ParseError>& errors, int line, std::string message) const {
    const char* kind = m_type == MetricType::GaugeHistogram ? "gauge histogram " : "histogram ";
    std::string groupText = m_group.key.empty() ? std::string() : " " + m_group.key;
    errors.push_back({line, 1, kind + ("\"" + m_family + "\"") + groupText + ": " + std::move(message), {}});
}

void HistogramGroupChecker::add(SampleRole role, const std::string& groupKey, double value,
                                std::optional<double> le, int line, std::vector<ParseError>& errors) {
    if (m_type != MetricType::Histogram && m_type != MetricType::GaugeHistogram) return;
    if (role == SampleRole::Created) return;
    if (!m_group.active || m_group.key != groupKey) {
        finishGroup(errors);
        m_group = {};
        m_group.key = groupKey;
        m_group.firstLine = line;
        m_group.active = true;
        if (m_finishedGroups.count(groupKey))
            report(errors, line,
                   "samples of this group are not together (they appeared earlier, then other groups)");
    }
    Group& g = m_group;
    switch (role) {
    case SampleRole::Bucket:
        if (!le) return;
        if (g.anyBucket && *le < g.lastLe)
            report(errors, line,
                   "bucket le=\"" + number(*le) + "\" comes after le=\"" + number(g.lastLe) +
                       "\"; buckets must be in increasing order");
        else if (g.anyBucket && *le == g.lastLe)
            report(errors, line, "bucket le=\"" + number(*le) + "\" appears twice");
        if (g.anyBucket && value < g.lastBucketCount)
            report(errors, line,
                   "bucket le=\"" + number(*le) + "\" counts " + number(value) +
                       ", less than the previous bucket's " + number(g.lastBucketCount) +
                       " (buckets are cumulative)");
        g.anyBucket = true;
        g.lastLe = *le;
        g.lastBucketCount = value;
        if (*le < 0) g.negativeBucket = true;
        if (std::isinf(*le) && *le > 0) {
            g.hasInf = true;
            g.infCount = value;
        }
        break;
    case SampleRole::Count:
    case SampleRole::GaugeCount:
        g.count = value;
        break;
    case SampleRole::Sum:
    case SampleRole::GaugeSum:
        g.hasSum = true;
        g.negativeSum = value < 0;
        break;
    default:
        break;
    }
}

void HistogramGroupChecker::finishGroup(std::vector<ParseError>& errors) {
    if (!m_group.active) return;
    const Group& g = m_group;
    const int line = g.firstLine;
    const bool gauge = m_type == MetricType::GaugeHistogram;
    const char* countName = gauge ? "_gcount" : "_count";
    const char* sumName = gauge ? "_gsum" : "_sum";
    if (!g.hasInf) report(errors, line, "has no le=\"+Inf\" bucket");
    if (g.hasInf && g.count && *g.count != g.infCount)
        report(errors, line,
               std::string(countName) + " is " + number(*g.count) + " but the +Inf bucket counts " +
                   number(g.infCount));
    if (m_openMetrics) {
        if (g.hasSum && !g.count)
            report(errors, line, std::string("has ") + sumName + " but no " + countName);
        if (g.count && !g.hasSum)
            report(errors, line, std::string("has ") + countName + " but no " + sumName);
        if (!gauge && g.negativeBucket && g.hasSum)
            report(errors, line, "has negative buckets, so it must not have _sum");
        if (gauge && g.negativeSum && !g.negativeBucket)
            report(errors, line, "has a negative _gsum but no negative buckets");
    }
    m_finishedGroups.insert(g.key);
    m_group.active = false;
}

void HistogramGroupChecker::endFamily(std::vector<ParseError>& errors) {
    finishGroup(errors);
    m_finishedGroups.clear();
    m_type = MetricType::Unknown;
}

} // namespace dw
