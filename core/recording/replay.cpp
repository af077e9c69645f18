#include "recording/replay.h"

#include "alerts/health_alerts.h"

#include <algorithm>

namespace dw {

namespace {

SeriesStore::Options replayStoreOptions() {
    SeriesStore::Options options;
    options.retentionMs = std::int64_t(400) * 24 * 3600 * 1000; // a recording is kept whole
    return options;
}

TargetSpec specOf(const RecordedTarget& target) {
    TargetSpec spec;
    spec.url = QUrl(QString::fromStdString(target.url));
    spec.job = target.job;
    spec.labels = target.labels;
    spec.intervalMs = target.intervalMs;
    spec.timeoutMs = target.timeoutMs;
    return spec;
}

std::string alertKey(const Alert& a) {
    std::string key = a.group + "/" + a.rule;
    for (const Label& l : a.labels)
        key += "," + l.name + "=" + l.value;
    return key;
}

} // namespace

Replay::Replay(ProfileSet profiles) : Replay(std::move(profiles), Options{}) {}

Replay::Replay(ProfileSet profiles, Options options)
    : m_profiles(std::move(profiles)), m_options(options), m_clock(std::make_shared<ManualClock>(0)),
      m_ownStore(std::make_unique<SeriesStore>(replayStoreOptions())), m_store(m_ownStore.get()) {}

Replay::Replay(ProfileSet profiles, Options options, SeriesStore& store, std::shared_ptr<ManualClock> clock)
    : m_profiles(std::move(profiles)), m_options(options), m_clock(std::move(clock)), m_store(&store) {}

Replay::~Replay() = default;

bool Replay::open(const QString& path, std::string& error) {
    RecordingReader scan;
    if (!scan.open(path, error)) return false;
    scan.setDecodeBodies(false);
    RecordedScrape s;
    bool first = true;
    m_scrapeTimes.clear();
    while (scan.next(s)) {
        m_scrapeTimes.push_back(s.timestampMs);
        m_startMs = first ? s.timestampMs : std::min(m_startMs, s.timestampMs);
        m_endMs = first ? s.timestampMs : std::max(m_endMs, s.timestampMs);
        first = false;
    }
    std::sort(m_scrapeTimes.begin(), m_scrapeTimes.end());
    m_path = path;
    restart();
    return m_reader != nullptr;
}

void Replay::restart() {
    m_store->clear();
    m_processors.clear();
    m_pending.reset();
    m_atEnd = false;
    m_scrapes = 0;
    m_detected.clear();
    m_model.reset();
    m_rules.reset();
    m_lastStates.clear();
    m_lastAlerts.clear();
    m_incidents.clear();
    m_reader = std::make_unique<RecordingReader>();
    std::string error;
    if (!m_reader->open(m_path, error)) m_reader.reset(); // it was readable a moment ago: gone since
    m_clock->setMs(m_startMs);
    m_nextStepMs = m_startMs;
}

void Replay::seek(std::int64_t t) {
    if (t < m_clock->nowMs()) restart();
    runTo(t);
}

void Replay::runTo(std::int64_t t) {
    if (!m_reader || t < m_clock->nowMs()) return;
    for (;;) {
        if (!m_pending && !m_atEnd) {
            RecordedScrape next;
            if (m_reader->next(next))
                m_pending = std::move(next);
            else
                m_atEnd = true;
        }
        // Evaluation steps that fall before the next scrape see everything up to them, as live.
        const std::int64_t nextScrape = m_pending ? m_pending->timestampMs : t + 1;
        while (m_options.stepMs > 0 && m_nextStepMs <= t && m_nextStepMs < nextScrape) {
            evaluate(m_nextStepMs);
            m_nextStepMs += m_options.stepMs;
        }
        if (!m_pending || m_pending->timestampMs > t) break;
        feed(*m_pending);
        m_pending.reset();
    }
    m_clock->setMs(t);
}

void Replay::feed(const RecordedScrape& scrape) {
    auto& processor = m_processors[scrape.target];
    if (!processor) {
        const auto& targets = m_reader->targets();
        const auto it = targets.find(scrape.target);
        processor = std::make_unique<ScrapeProcessor>(it != targets.end() ? specOf(it->second) : TargetSpec{},
                                                      *m_store);
    }
    const TargetHealth::State before = processor->health().state;
    FetchResult result;
    result.ok = scrape.ok;
    result.status = scrape.status;
    result.contentType = QByteArray::fromStdString(scrape.contentType);
    result.body = QByteArray::fromRawData(scrape.body.data(), qsizetype(scrape.body.size()));
    result.bodySize = scrape.bodySize;
    result.durationMs = scrape.durationMs;
    result.error = scrape.error;
    m_clock->setMs(scrape.timestampMs);
    processor->process(result, scrape.timestampMs);
    ++m_scrapes;
    const TargetHealth after = processor->health();
    if (after.state != before) {
        const std::string subject = "target " + processor->spec().id();
        if (after.state == TargetHealth::State::Down)
            m_incidents.push_back({scrape.timestampMs, subject, "down: " + after.lastError});
        else if (before == TargetHealth::State::Down)
            m_incidents.push_back({scrape.timestampMs, subject, "up again"});
    }
}

void Replay::ensureModels() {
    if (m_model) return;
    for (const Profile* p : m_profiles.detect(m_store->metricNames()))
        m_detected.push_back(*p);
    if (m_detected.empty()) return; // nothing recognised yet: try again at the next step
    m_model = std::make_unique<HealthModel>(*m_store, m_detected);
    std::vector<std::string> problems;
    m_rules = std::make_unique<RuleEvaluator>(*m_store, profileRuleGroups(m_detected, problems));
}

std::vector<EntityHealth> Replay::judge(std::int64_t t) {
    ensureModels();
    if (!m_model) return {};
    for (const auto& [id, processor] : m_processors)
        m_model->setTargetError(processor->spec().job, processor->spec().instance(),
                                processor->health().lastError);
    return m_model->evaluate(t);
}

void Replay::evaluate(std::int64_t t) {
    m_clock->setMs(t);
    const std::vector<EntityHealth> entities = judge(t);
    if (!m_model) return;
    for (const EntityHealth& e : entities) {
        const std::string subject = e.kind + " " + e.id;
        const auto it = m_lastStates.find(subject);
        if (it == m_lastStates.end() || it->second != e.state) {
            // The first sight of a healthy entity is no incident; anything else, and every change, is.
            if (it != m_lastStates.end() || e.state != HealthState::Healthy)
                m_incidents.push_back({e.sinceMs > 0 && e.sinceMs <= t ? e.sinceMs : t, subject,
                                       std::string(healthStateName(e.state)) + ": " + e.reason});
            m_lastStates[subject] = e.state;
        }
    }
    m_rules->evaluateAll(t);
    // Firing alerts by identity, with how an incident names them: "alert Rule" and "{label=value, ...}".
    std::map<std::string, std::pair<std::string, std::string>> firing;
    for (const Alert& a : m_rules->alerts()) {
        if (a.state != Alert::State::Firing) continue;
        std::string labels;
        for (const Label& l : a.labels)
            if (l.name != "alertname") labels += (labels.empty() ? "" : ", ") + l.name + "=" + l.value;
        const std::string key = alertKey(a);
        firing[key] = {"alert " + a.rule, "{" + labels + "}"};
        if (!m_lastAlerts.count(key))
            m_incidents.push_back(
                {a.firedAtMs ? a.firedAtMs : t, "alert " + a.rule, "firing {" + labels + "}"});
    }
    for (const auto& [key, named] : m_lastAlerts)
        if (!firing.count(key)) m_incidents.push_back({t, named.first, "resolved " + named.second});
    m_lastAlerts = std::move(firing);
}

std::vector<TargetStatus> Replay::targets() const {
    std::vector<TargetStatus> out;
    for (const auto& [id, processor] : m_processors)
        out.push_back(processor->status());
    return out;
}

std::vector<EntityHealth> Replay::health() {
    return judge(m_clock->nowMs());
}

std::vector<Alert> Replay::alerts() const {
    return m_rules ? m_rules->alerts() : std::vector<Alert>{};
}

} // namespace dw
