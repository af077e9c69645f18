#include "promql/histogram_quantile.h"

#include "model/number_parser.h"
#include "promql/label_set.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace dw::promql {

double bucketQuantile(double q, std::vector<Bucket>& buckets) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    if (std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
    if (q < 0) return -kInf;
    if (q > 1) return kInf;
    std::sort(buckets.begin(), buckets.end(),
              [](const Bucket& a, const Bucket& b) { return a.upperBound < b.upperBound; });
    if (buckets.empty() || buckets.back().upperBound != kInf) return std::numeric_limits<double>::quiet_NaN();
    // Coalesce buckets with the same bound (from series that differ only in a dropped label).
    std::size_t n = 0;
    for (std::size_t i = 1; i < buckets.size(); ++i) {
        if (buckets[i].upperBound == buckets[n].upperBound)
            buckets[n].count += buckets[i].count;
        else
            buckets[++n] = buckets[i];
    }
    buckets.resize(n + 1);
    // Rate and increase can make a bucket exceed a larger one when scrapes are not atomic; flatten.
    double max = -kInf;
    for (Bucket& b : buckets) {
        if (b.count > max)
            max = b.count;
        else if (b.count < max)
            b.count = max;
    }
    if (buckets.size() < 2) return std::numeric_limits<double>::quiet_NaN();
    const double observations = buckets.back().count;
    if (observations == 0) return std::numeric_limits<double>::quiet_NaN();
    double rank = q * observations;
    std::size_t b = 0;
    {
        // sort.Search over all but the last bucket: the first with count >= rank.
        std::size_t lo = 0, hi = buckets.size() - 1;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (buckets[mid].count >= rank)
                hi = mid;
            else
                lo = mid + 1;
        }
        b = lo;
    }
    if (b == buckets.size() - 1) return buckets[buckets.size() - 2].upperBound;
    if (b == 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
    double bucketStart = 0;
    const double bucketEnd = buckets[b].upperBound;
    double count = buckets[b].count;
    if (b > 0) {
        bucketStart = buckets[b - 1].upperBound;
        count -= buckets[b - 1].count;
        rank -= buckets[b - 1].count;
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

Value histogramQuantile(std::span<const double> q, const Value& input) {
    struct Group {
        Labels labels;
        std::vector<std::pair<std::size_t, double>> members; // input series, upper bound
    };
    std::vector<Group> groups;
    std::unordered_map<std::uint64_t, std::size_t> index;
    for (std::size_t s = 0; s < input.series.size(); ++s) {
        const Labels& labels = input.series[s].labels;
        double bound = 0;
        const std::string_view le = labelValue(labels, "le");
        if (le.empty() || !parseSampleValue(le, false, bound)) continue;
        Labels key = labels;
        deleteLabel(key, "le");
        const auto [it, inserted] = index.emplace(hashLabels(key), groups.size());
        if (inserted) {
            dropMetricName(key);
            groups.push_back({std::move(key), {}});
        }
        groups[it->second].members.push_back({s, bound});
    }
    Value out;
    const std::size_t steps = q.size();
    std::vector<Bucket> buckets;
    for (Group& g : groups) {
        StepSeries series{std::move(g.labels), std::vector<double>(steps, absentValue())};
        for (std::size_t i = 0; i < steps; ++i) {
            buckets.clear();
            for (const auto& [s, bound] : g.members) {
                const double v = input.series[s].values[i];
                if (isPresent(v)) buckets.push_back({bound, v});
            }
            if (!buckets.empty()) series.values[i] = bucketQuantile(q[i], buckets);
        }
        if (series.anyPresent()) out.series.push_back(std::move(series));
    }
    return out;
}

} // namespace dw::promql
