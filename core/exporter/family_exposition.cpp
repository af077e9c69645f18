#include "exporter/family_exposition.h"

#include "exporter/exposition_format.h"

#include <limits>

namespace dw {

namespace {

const char* typeName(prometheus::MetricType type) {
    switch (type) {
    case prometheus::MetricType::Counter:
        return "counter";
    case prometheus::MetricType::Gauge:
        return "gauge";
    case prometheus::MetricType::Summary:
        return "summary";
    case prometheus::MetricType::Histogram:
        return "histogram";
    default:
        return "untyped";
    }
}

} // namespace

void FamilyExposition::prepare() {
    m_text.clear();
    m_slots.clear();
    m_changed = false;
    const std::vector<prometheus::MetricFamily> collected = m_collect();
    if (collected.empty()) return; // no series: TextSerializer writes nothing, not even HELP
    const prometheus::MetricFamily& family = collected.front();
    if (!family.help.empty()) m_text += "# HELP " + family.name + " " + family.help + "\n";
    m_text += "# TYPE " + family.name + " " + typeName(family.type) + "\n";
    for (const prometheus::ClientMetric& metric : family.metric) {
        m_object = m_find(metric);
        switch (m_group) {
        case Group::Counter:
        case Group::Gauge:
            addLine(metric, "", Field::Value);
            break;
        case Group::Summary:
            addLine(metric, "_count", Field::Count);
            addLine(metric, "_sum", Field::Sum);
            for (std::uint32_t i = 0; i < metric.summary.quantile.size(); ++i)
                addLine(metric, "", Field::Quantile, i, "quantile", metric.summary.quantile[i].quantile);
            break;
        case Group::Histogram: {
            addLine(metric, "_count", Field::Count);
            addLine(metric, "_sum", Field::Sum);
            double last = -std::numeric_limits<double>::infinity();
            for (std::uint32_t i = 0; i < metric.histogram.bucket.size(); ++i) {
                last = metric.histogram.bucket[i].upper_bound;
                addLine(metric, "_bucket", Field::Bucket, i, "le", last);
            }
            if (last != std::numeric_limits<double>::infinity())
                addLine(metric, "_bucket", Field::Total, 0, "le", std::numeric_limits<double>::infinity());
            break;
        }
        }
    }
}

void FamilyExposition::addLine(const prometheus::ClientMetric& metric, std::string_view suffix, Field field,
                               std::uint32_t index, std::string_view extraName, double extraValue) {
    m_text += m_name;
    m_text += suffix;
    if (!metric.label.empty() || !extraName.empty()) {
        m_text += '{';
        const char* separator = "";
        for (const auto& label : metric.label) {
            m_text += separator;
            m_text += label.name;
            m_text += "=\"";
            exposition::appendLabelValue(m_text, label.value);
            m_text += '"';
            separator = ",";
        }
        if (!extraName.empty()) {
            m_text += separator;
            m_text += extraName;
            m_text += "=\"";
            exposition::appendValue(m_text, extraValue);
            m_text += '"';
        }
        m_text += '}';
    }
    m_text += ' ';
    m_slots.push_back({std::uint32_t(m_text.size()), field, index, m_object});
    // What follows the value is fixed too: prometheus-cpp's metrics carry no timestamp, but be exact.
    if (metric.timestamp_ms != 0) {
        m_text += ' ';
        m_text += std::to_string(metric.timestamp_ms);
    }
    m_text += '\n';
}

void FamilyExposition::appendSlotValue(std::string& out, const Slot& slot) {
    switch (slot.field) {
    case Field::Value:
        exposition::appendValue(out, m_group == Group::Counter
                                         ? static_cast<const prometheus::Counter*>(slot.metric)->Value()
                                         : static_cast<const prometheus::Gauge*>(slot.metric)->Value());
        return;
    case Field::Count:
        // A histogram's or summary's first line: read all of its figures at once, as Collect() would.
        if (m_group == Group::Histogram) {
            m_current = static_cast<const prometheus::Histogram*>(slot.metric)->Collect();
            exposition::appendCount(out, m_current.histogram.sample_count);
        } else {
            m_current = static_cast<const prometheus::Summary*>(slot.metric)->Collect();
            exposition::appendCount(out, m_current.summary.sample_count);
        }
        return;
    case Field::Sum:
        exposition::appendValue(out, m_group == Group::Histogram ? m_current.histogram.sample_sum
                                                                 : m_current.summary.sample_sum);
        return;
    case Field::Bucket:
        exposition::appendCount(out, m_current.histogram.bucket[slot.index].cumulative_count);
        return;
    case Field::Quantile:
        exposition::appendValue(out, m_current.summary.quantile[slot.index].value);
        return;
    case Field::Total:
        exposition::appendCount(out, m_current.histogram.sample_count);
        return;
    }
}

void FamilyExposition::appendTo(std::string& out) {
    if (m_changed) prepare();
    std::size_t written = 0;
    for (const Slot& slot : m_slots) {
        out.append(m_text, written, slot.textEnd - written);
        appendSlotValue(out, slot);
        written = slot.textEnd;
    }
    out.append(m_text, written, std::string::npos);
}

} // namespace dw
