#include "scrape/scrape_processor.h"

#include "parser/exposition_format.h"

namespace dw {

namespace {

constexpr const char* kReportNames[] = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                                        "scrape_body_size_bytes"};

ParseOptions parseOptionsFor(const TargetSpec& spec) {
    ParseOptions options;
    if (spec.labelNameLengthLimit) options.limits.maxLabelNameLength = spec.labelNameLengthLimit;
    if (spec.labelValueLengthLimit) options.limits.maxLabelValueLength = spec.labelValueLengthLimit;
    return options;
}

} // namespace

ScrapeProcessor::ScrapeProcessor(TargetSpec spec, SeriesStore& store)
    : m_spec(std::move(spec)), m_store(store), m_ingester(store, m_spec.labels, parseOptionsFor(m_spec)) {
    m_ingester.setLimits(
        {m_spec.sampleLimit, m_spec.labelLimit, m_spec.labelNameLengthLimit, m_spec.labelValueLengthLimit});
}

TargetHealth ScrapeProcessor::health() const {
    std::lock_guard lock(m_healthMutex);
    return m_health;
}

void ScrapeProcessor::countMissed(std::uint64_t count) {
    std::lock_guard lock(m_healthMutex);
    m_health.missed += count;
}

void ScrapeProcessor::countLate() {
    std::lock_guard lock(m_healthMutex);
    ++m_health.late;
}

std::size_t ScrapeProcessor::process(FetchResult& result, std::int64_t timestampMs) {
    std::size_t samples = 0;
    if (result.ok) {
        const ExpositionFormat format = formatFromContentType(result.contentType.toStdString());
        const auto ingested = m_ingester.ingest({result.body.constData(), std::size_t(result.body.size())},
                                                format, timestampMs);
        if (ingested.ok) {
            samples = ingested.samples;
        } else {
            result.ok = false;
            result.error = "parse error at " + ingested.error.describe();
        }
    }
    if (!result.ok) m_ingester.markAllStale(timestampMs);
    appendReport(timestampMs, result.ok, result, samples);
    std::lock_guard lock(m_healthMutex);
    TargetHealth& h = m_health;
    if (!result.ok && h.state != TargetHealth::State::Down) h.downSinceMs = timestampMs;
    if (result.ok && h.state != TargetHealth::State::Up) h.upSinceMs = timestampMs;
    h.state = result.ok ? TargetHealth::State::Up : TargetHealth::State::Down;
    h.lastScrapeMs = timestampMs;
    h.lastDurationMs = result.durationMs;
    h.bodySize = result.bodySize;
    ++h.scrapes;
    if (result.ok) {
        h.samples = samples;
        h.lastError.clear();
    } else {
        ++h.failures;
        h.lastError = result.error;
        h.lastErrorMs = timestampMs;
    }
    return samples;
}

void ScrapeProcessor::appendReport(std::int64_t timestampMs, bool up, const FetchResult& result,
                                   std::size_t samples) {
    SeriesStore::Writer writer(m_store);
    if (!m_reportRefsReady) {
        for (std::size_t i = 0; i < m_reportRefs.size(); ++i) {
            std::vector<LabelView> labels = {{kMetricNameLabel, kReportNames[i]}};
            for (const Label& label : m_spec.labels)
                labels.push_back({label.name, label.value});
            m_reportRefs[i] = writer.getOrCreate(labels);
        }
        m_reportRefsReady = true;
    }
    const double values[] = {up ? 1.0 : 0.0, double(result.durationMs) / 1000.0, double(samples),
                             double(result.bodySize)};
    for (std::size_t i = 0; i < m_reportRefs.size(); ++i)
        writer.append(m_reportRefs[i], timestampMs, values[i]);
}

} // namespace dw
