#include "scrape/target_scraper.h"

#include "parser/exposition_format.h"
#include "util/hash.h"

#include <cmath>

namespace dw {

namespace {
constexpr std::int64_t kTimestampToleranceMs = 2;
constexpr const char* kReportNames[] = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                                        "scrape_body_size_bytes"};

ParseOptions parseOptionsFor(const TargetSpec& spec) {
    ParseOptions options;
    if (spec.labelNameLengthLimit) options.limits.maxLabelNameLength = spec.labelNameLengthLimit;
    if (spec.labelValueLengthLimit) options.limits.maxLabelValueLength = spec.labelValueLengthLimit;
    return options;
}
} // namespace

const char* targetStateName(TargetHealth::State state) {
    switch (state) {
    case TargetHealth::State::Up:
        return "up";
    case TargetHealth::State::Down:
        return "down";
    case TargetHealth::State::Unknown:
        break;
    }
    return "unknown";
}

TargetScraper::TargetScraper(TargetSpec spec, SeriesStore& store, QNetworkAccessManager& network,
                             const Clock& clock, QObject* parent)
    : QObject(parent), m_spec(std::move(spec)), m_store(store), m_network(network), m_clock(clock),
      m_ingester(store, m_spec.labels, parseOptionsFor(m_spec)) {
    m_ingester.setLimits(
        {m_spec.sampleLimit, m_spec.labelLimit, m_spec.labelNameLengthLimit, m_spec.labelValueLengthLimit});
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TargetScraper::onTimer);
}

TargetHealth TargetScraper::health() const {
    std::lock_guard lock(m_healthMutex);
    return m_health;
}

std::int64_t TargetScraper::offsetMs() const {
    const std::string identity = m_spec.url.toString(QUrl::RemoveUserInfo).toStdString() + "\n" + m_spec.job;
    return std::int64_t(hashBytes(identity) % std::uint64_t(std::max<std::int64_t>(1, m_spec.intervalMs)));
}

void TargetScraper::start() {
    m_running = true;
    const std::int64_t now = m_clock.nowMs();
    const std::int64_t interval = std::max<std::int64_t>(1, m_spec.intervalMs);
    m_nextMs = now - now % interval + offsetMs();
    if (m_nextMs < now) m_nextMs += interval;
    scheduleNext();
}

void TargetScraper::stop() {
    m_running = false;
    m_timer.stop();
}

void TargetScraper::scheduleNext() {
    if (!m_running) return;
    m_timer.start(int(std::max<std::int64_t>(0, m_nextMs - m_clock.nowMs())));
}

void TargetScraper::onTimer() {
    const std::int64_t scheduled = m_nextMs;
    const std::int64_t interval = std::max<std::int64_t>(1, m_spec.intervalMs);
    // The grid never drifts: the next slot is a whole number of intervals after the first.
    m_nextMs += interval;
    const std::int64_t now = m_clock.nowMs();
    if (now >= m_nextMs) {
        const std::int64_t skipped = (now - m_nextMs) / interval + 1;
        m_nextMs += skipped * interval;
        std::lock_guard lock(m_healthMutex);
        m_health.missed += std::uint64_t(skipped);
    }
    if (now - scheduled > interval / 10) {
        std::lock_guard lock(m_healthMutex);
        ++m_health.late;
    }
    if (m_inFlight) {
        std::lock_guard lock(m_healthMutex);
        ++m_health.missed;
    } else {
        scrape(scheduled, {});
    }
    scheduleNext();
}

void TargetScraper::scrapeNow(std::function<void()> done) {
    if (m_inFlight) {
        if (done) done();
        return;
    }
    scrape(-1, std::move(done));
}

void TargetScraper::scrape(std::int64_t scheduledMs, std::function<void()> done) {
    m_inFlight = true;
    std::int64_t timestamp = m_clock.nowMs();
    if (scheduledMs >= 0 && std::abs(timestamp - scheduledMs) <= kTimestampToleranceMs)
        timestamp = scheduledMs;
    ScrapeRequest::start(m_network, m_spec, [this, timestamp, done = std::move(done)](FetchResult result) {
        finish(result, timestamp, done);
    });
}

void TargetScraper::finish(const FetchResult& fetched, std::int64_t timestampMs, std::function<void()> done) {
    m_inFlight = false;
    FetchResult result = fetched;
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
    {
        std::lock_guard lock(m_healthMutex);
        TargetHealth& h = m_health;
        if (!result.ok && h.state != TargetHealth::State::Down) h.downSinceMs = timestampMs;
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
    }
    if (done) done();
}

void TargetScraper::appendReport(std::int64_t timestampMs, bool up, const FetchResult& result,
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
