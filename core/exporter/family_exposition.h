#pragma once

#include <cmath>
#include <functional>
#include <prometheus/client_metric.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/summary.h>
#include <string>
#include <type_traits>
#include <vector>

namespace dw {

// One prometheus-cpp metric family's exposition text, prepared once for its current set of series: the HELP
// and TYPE lines and every line's name and rendered labels. A scrape then only formats values, read from
// the metric objects themselves, where Registry::Collect() would copy every label of every series into new
// strings and TextSerializer would format all of it through a stream. The output is byte for byte
// TextSerializer's (prometheus-cpp 1.0). Whoever adds or removes a series of the family calls
// markChanged(), which ExpositionRegistry does. Thread-safety: none; its owner serialises calls (the
// metrics themselves stay as thread-safe as prometheus-cpp makes them).
class FamilyExposition {
public:
    // Registry order: prometheus-cpp collects counters, then gauges, histograms and summaries.
    enum class Group { Counter, Gauge, Histogram, Summary };

    template<class T> explicit FamilyExposition(prometheus::Family<T>& family);

    const std::string& name() const { return m_name; }
    Group group() const { return m_group; }
    void markChanged() { m_changed = true; }
    // Appends the family's text (nothing for a family without series, as TextSerializer), first preparing
    // it again if its series changed.
    void appendTo(std::string& out);

private:
    enum class Field : std::uint8_t { Value, Count, Sum, Bucket, Quantile, Total };
    struct Slot {
        std::uint32_t textEnd; // the prepared text up to here comes before this value
        Field field;
        std::uint32_t index; // the bucket or quantile
        const void* metric;
    };
    using Labels = prometheus::Labels;

    template<class T>
    static const void* find(prometheus::Family<T>& family, const prometheus::ClientMetric& metric);
    void prepare();
    void addLine(const prometheus::ClientMetric& metric, std::string_view suffix, Field field,
                 std::uint32_t index = 0, std::string_view extraName = {}, double extraValue = 0);
    void appendSlotValue(std::string& out, const Slot& slot);

    std::string m_name;
    Group m_group;
    std::function<std::vector<prometheus::MetricFamily>()> m_collect;
    std::function<const void*(const prometheus::ClientMetric&)> m_find;
    const void* m_object = nullptr; // the metric whose lines prepare() is writing
    std::string m_text;
    std::vector<Slot> m_slots;
    prometheus::ClientMetric m_current; // the histogram or summary whose lines are being written
    bool m_changed = true;
};

template<class T>
FamilyExposition::FamilyExposition(prometheus::Family<T>& family)
    : m_name(family.GetName()), m_collect([&family] { return family.Collect(); }),
      m_find([&family](const prometheus::ClientMetric& metric) { return find(family, metric); }) {
    if constexpr (std::is_same_v<T, prometheus::Counter>)
        m_group = Group::Counter;
    else if constexpr (std::is_same_v<T, prometheus::Gauge>)
        m_group = Group::Gauge;
    else if constexpr (std::is_same_v<T, prometheus::Histogram>)
        m_group = Group::Histogram;
    else
        m_group = Group::Summary;
}

// The metric object behind a collected series. Family::Add returns the existing metric for labels it has;
// the constructor arguments only shape the throwaway object it would otherwise insert.
template<class T>
const void* FamilyExposition::find(prometheus::Family<T>& family, const prometheus::ClientMetric& metric) {
    Labels labels;
    const Labels constant = family.GetConstantLabels();
    for (const auto& label : metric.label)
        if (!constant.count(label.name)) labels.emplace(label.name, label.value);
    if constexpr (std::is_same_v<T, prometheus::Histogram>) {
        prometheus::Histogram::BucketBoundaries bounds;
        for (const auto& bucket : metric.histogram.bucket)
            if (!std::isinf(bucket.upper_bound)) bounds.push_back(bucket.upper_bound);
        return &family.Add(labels, bounds);
    } else if constexpr (std::is_same_v<T, prometheus::Summary>) {
        prometheus::Summary::Quantiles quantiles;
        for (const auto& quantile : metric.summary.quantile)
            quantiles.push_back({quantile.quantile, 0.01});
        return &family.Add(labels, quantiles);
    } else {
        return &family.Add(labels);
    }
}

} // namespace dw
