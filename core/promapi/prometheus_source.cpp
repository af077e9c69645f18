#include "promapi/prometheus_source.h"

#include "model/label_text.h"
#include "model/sample_value.h"
#include "promapi/api_decode.h"
#include "promapi/series_reader.h"
#include "promql/result_format.h"

#include <QEventLoop>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace dw {

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kTargetGoneMs =
    std::int64_t{5} * 60 * 1000; // a target without `up` for this long is not listed

// The first `up` time in (after, before).
std::optional<std::int64_t> firstScrapeBetween(const std::vector<Sample>& ups, std::int64_t after,
                                               std::int64_t before) {
    auto it = std::upper_bound(ups.begin(), ups.end(), after,
                               [](std::int64_t t, const Sample& s) { return t < s.t; });
    if (it == ups.end() || it->t >= before) return std::nullopt;
    return it->t;
}

} // namespace

struct PrometheusSource::Request {
    QString path;
    QUrlQuery form;
    bool post = true;
    bool targetList = false;
    bool alertList = false;
};

struct PrometheusSource::Run {
    std::int64_t atMs = 0;
    bool live = false;
    Done done;
    QNetworkAccessManager* network = nullptr;
    std::vector<Request> plan;
    std::vector<std::optional<ApiResponse>> answers;
    std::size_t started = 0, applied = 0;
    int inFlight = 0;
    bool failed = false;
    Refresh result;
    std::optional<std::vector<api::ServerTarget>> serverTargets;
};

PrometheusSource::PrometheusSource(SeriesStore& store, PrometheusServerSpec server,
                                   std::vector<std::string> metrics, Options options)
    : m_store(store), m_server(std::move(server)), m_options(options) {
    // A target's scrapes: whether they worked, how long they took, how many samples they brought.
    for (const char* report : {"up", "scrape_duration_seconds", "scrape_samples_scraped"})
        metrics.push_back(report);
    std::sort(metrics.begin(), metrics.end());
    metrics.erase(std::unique(metrics.begin(), metrics.end()), metrics.end());
    for (const std::string& name : metrics) {
        if (!m_namePattern.empty()) m_namePattern += '|';
        for (char c : name) { // metric names only hold [a-zA-Z0-9_:], but quote regex characters anyway
            if (std::string_view(".+*?()[]{}|^$\\").find(c) != std::string_view::npos) m_namePattern += '\\';
            m_namePattern += c;
        }
    }
}

PrometheusSource::PrometheusSource(SeriesStore& store, PrometheusServerSpec server,
                                   std::vector<std::string> metrics)
    : PrometheusSource(store, std::move(server), std::move(metrics), Options()) {}

PrometheusSource::~PrometheusSource() = default;

void PrometheusSource::refresh(QNetworkAccessManager& network, std::int64_t atMs, bool live, Done done) {
    auto run = std::make_shared<Run>();
    run->atMs = atMs;
    run->live = live;
    run->done = std::move(done);
    run->network = &network;
    const std::int64_t windowStart = atMs - m_options.windowMs;
    const std::int64_t from =
        m_loadedUntil < 0 ? windowStart : std::max(windowStart, m_loadedUntil - m_options.overlapMs);
    std::vector<std::int64_t> ends;
    for (std::int64_t end = from + m_options.sliceMs; end < atMs; end += m_options.sliceMs)
        ends.push_back(end);
    if (atMs > from) ends.push_back(atMs);
    for (std::size_t i = 0; i < m_server.selectorCount(); ++i) {
        std::string selector = m_server.selectorFor("", i); // {__name__="", matchers...}
        selector.replace(0, std::string("{__name__=\"\"").size(), "{__name__=~\"" + m_namePattern + "\"");
        std::int64_t previous = from;
        for (std::int64_t end : ends) {
            Request request;
            request.path = "/api/v1/query";
            request.form.addQueryItem(
                "query", QString::fromStdString(selector + "[" + std::to_string(end - previous) + "ms]"));
            request.form.addQueryItem("time", QString::fromStdString(promql::formatApiTimestamp(end)));
            run->plan.push_back(std::move(request));
            previous = end;
        }
    }
    // Slices in time order across selectors, so that each series' samples arrive in order.
    if (m_server.selectorCount() > 1)
        std::stable_sort(run->plan.begin(), run->plan.end(), [](const Request& a, const Request& b) {
            return a.form.queryItemValue("time").toDouble() < b.form.queryItemValue("time").toDouble();
        });
    if (live) {
        Request request;
        request.path = "/api/v1/targets";
        request.form.addQueryItem("state", "active");
        request.post = false;
        request.targetList = true;
        run->plan.push_back(request);
        request.path = "/api/v1/alerts";
        request.form = {};
        request.targetList = false;
        request.alertList = true;
        run->plan.push_back(std::move(request));
    } else {
        m_alerts.clear(); // the API knows only the current alerts
    }
    run->answers.resize(run->plan.size());
    if (run->plan.empty()) {
        finish(run);
        return;
    }
    startNext(run);
}

void PrometheusSource::startNext(const std::shared_ptr<Run>& run) {
    while (!run->failed && run->inFlight < std::max(1, m_options.parallel) &&
           run->started < run->plan.size()) {
        const std::size_t index = run->started++;
        ++run->inFlight;
        ++run->result.requests;
        const Request& request = run->plan[index];
        // The callback runs only while this object lives: the request is its child.
        api::call(
            *run->network, m_server, request.path, request.form, request.post, *this,
            [this, run, index](ApiResponse response) {
                --run->inFlight;
                run->answers[index] = std::move(response);
                applyNext(*run);
                if ((run->failed || run->applied == run->plan.size()) && run->inFlight == 0)
                    finish(run);
                else
                    startNext(run);
            },
            !request.targetList && !request.alertList); // samples are read straight from the text
    }
}

void PrometheusSource::applyNext(Run& run) {
    while (!run.failed && run.applied < run.answers.size() && run.answers[run.applied]) {
        ApiResponse& response = *run.answers[run.applied];
        const Request& request = run.plan[run.applied];
        ++run.applied;
        run.result.bytes += response.bytes;
        run.result.bodyBytes += response.bodyBytes;
        std::string error;
        if (request.alertList) {
            if (response.ok) m_alerts = api::serverAlerts(response.data, "Prometheus " + m_server.title());
            continue; // without them, DispatchWatch's own rules still judge
        }
        if (!request.targetList && response.ok && !apply(response.body, response, error)) {
            response.ok = false;
            response.failure =
                response.errorType.empty() ? ApiResponse::Failure::Malformed : ApiResponse::Failure::Query;
            response.error = "Prometheus at " + m_server.displayUrl() +
                             " sent a result DispatchWatch cannot read: " + error +
                             " (query: " + request.form.queryItemValue("query").toStdString() + ")";
        }
        response.body.clear();
        for (std::string& warning : response.warnings)
            if (std::find(run.result.warnings.begin(), run.result.warnings.end(), warning) ==
                run.result.warnings.end())
                run.result.warnings.push_back(std::move(warning));
        if (request.targetList) {
            if (response.ok) run.serverTargets = api::serverTargets(response.data);
            continue; // without the list, states still come from `up`
        }
        if (!response.ok) {
            run.failed = true;
            run.result.failure = response.failure;
            run.result.error = response.error;
        }
    }
}

bool PrometheusSource::apply(const QByteArray& body, ApiResponse& response, std::string& error) {
    struct Answer {
        Labels labels;
        std::vector<Sample> samples;
    };
    std::vector<Answer> answers;
    if (!api::readSeries(
            body,
            [&](Labels& labels, std::vector<Sample>& samples) {
                answers.push_back({labels, samples});
            },
            response, error))
        return false;
    // `up` first: the scrapes it shows tell when the other series went missing.
    std::stable_partition(answers.begin(), answers.end(),
                          [](const Answer& a) { return labelValue(a.labels, kMetricNameLabel) == "up"; });
    SeriesStore::Writer writer(m_store);
    for (Answer& answer : answers) {
        if (labelValue(answer.labels, kMetricNameLabel) == "up") {
            TargetTrack& target = m_targets[{std::string(labelValue(answer.labels, "job")),
                                             std::string(labelValue(answer.labels, "instance"))}];
            if (target.labels.empty())
                for (const Label& label : answer.labels)
                    if (label.name != kMetricNameLabel) target.labels.push_back(label);
            for (const Sample& sample : answer.samples)
                if (target.ups.empty() || sample.t > target.ups.back().t) target.ups.push_back(sample);
        }
        const std::string_view name = labelValue(answer.labels, kMetricNameLabel);
        if ((name == "scrape_duration_seconds" || name == "scrape_samples_scraped") &&
            !answer.samples.empty()) {
            const auto target = m_targets.find({std::string(labelValue(answer.labels, "job")),
                                                std::string(labelValue(answer.labels, "instance"))});
            if (target != m_targets.end())
                (name == "scrape_samples_scraped" ? target->second.lastSamples
                                                  : target->second.lastDuration) = answer.samples.back();
        }
        appendSeries(writer, answer.labels, answer.samples);
    }
    return true;
}

void PrometheusSource::appendSeries(SeriesStore::Writer& writer, Labels& labels,
                                    std::vector<Sample>& samples) {
    std::vector<LabelView> views;
    views.reserve(labels.size());
    for (const Label& label : labels)
        views.push_back({label.name, label.value});
    bool created = false;
    const SeriesRef ref = writer.getOrCreate(views, &created);
    auto [it, fresh] = m_series.try_emplace(ref);
    SeriesTrack& track = it->second;
    if (fresh) {
        track.lastMs = kNever;
        track.isUp = labelValue(labels, kMetricNameLabel) == "up";
        track.targetKey = {std::string(labelValue(labels, "job")),
                           std::string(labelValue(labels, "instance"))};
    }
    const auto target = m_targets.find(track.targetKey);
    for (const Sample& sample : samples) {
        if (sample.t <= track.lastMs) continue; // seen already (the overlap, a closed slice boundary)
        if (track.lastMs != kNever && !track.stale && !track.isUp && target != m_targets.end())
            if (const auto missedAt = firstScrapeBetween(target->second.ups, track.lastMs, sample.t))
                writer.append(ref, *missedAt, staleMarker());
        writer.append(ref, sample.t, sample.v);
        track.lastMs = sample.t;
        track.stale = false;
    }
}

void PrometheusSource::closeVanished(std::int64_t atMs) {
    SeriesStore::Writer writer(m_store);
    const std::int64_t forgetBefore = atMs - m_options.windowMs;
    for (auto it = m_series.begin(); it != m_series.end();) {
        SeriesTrack& track = it->second;
        if (!track.stale && !track.isUp) {
            const auto target = m_targets.find(track.targetKey);
            if (target != m_targets.end())
                if (const auto missedAt = firstScrapeBetween(target->second.ups, track.lastMs, atMs + 1)) {
                    writer.append(it->first, *missedAt, staleMarker());
                    track.lastMs = *missedAt;
                    track.stale = true;
                }
        }
        it = track.lastMs < forgetBefore ? m_series.erase(it) : std::next(it);
    }
    for (auto it = m_targets.begin(); it != m_targets.end();) {
        auto& ups = it->second.ups;
        // Keep one scrape before the window: a series last seen just before it still finds its marker.
        auto firstKept = std::lower_bound(ups.begin(), ups.end(), forgetBefore - m_options.overlapMs,
                                          [](const Sample& s, std::int64_t t) { return s.t < t; });
        if (firstKept != ups.begin()) --firstKept;
        ups.erase(ups.begin(), firstKept);
        it = ups.empty() || ups.back().t < forgetBefore ? m_targets.erase(it) : std::next(it);
    }
}

void PrometheusSource::updateStatuses(std::int64_t atMs, const std::vector<api::ServerTarget>* serverTargets,
                                      const Refresh& refresh) {
    if (!refresh.ok) {
        if (m_statuses.empty()) {
            // Nothing known of its targets yet: the server itself is what is down.
            TargetStatus status;
            status.source = "Prometheus " + m_server.title();
            status.spec.url = m_server.http.url;
            status.spec.job = "prometheus";
            status.spec.labels = {{"instance", m_server.displayUrl()}, {"job", "prometheus"}};
            status.health.downSinceMs = atMs;
            m_statuses.push_back(std::move(status));
        }
        for (TargetStatus& status : m_statuses) {
            if (status.health.state != TargetHealth::State::Down) status.health.downSinceMs = atMs;
            status.health.state = TargetHealth::State::Down;
            status.health.lastError = refresh.error;
            status.health.lastErrorMs = atMs;
        }
        return;
    }
    std::map<std::pair<std::string, std::string>, const api::ServerTarget*> known;
    if (serverTargets)
        for (const api::ServerTarget& target : *serverTargets)
            known[{std::string(labelValue(target.labels, "job")),
                   std::string(labelValue(target.labels, "instance"))}] = &target;
    const std::string source = "Prometheus " + m_server.title();
    m_statuses.clear();
    for (const auto& [key, track] : m_targets) {
        auto last = std::upper_bound(track.ups.begin(), track.ups.end(), atMs,
                                     [](std::int64_t t, const Sample& s) { return t < s.t; });
        if (last == track.ups.begin()) continue;
        --last;
        if (last->t < atMs - kTargetGoneMs) continue;
        TargetStatus status;
        status.source = source;
        status.spec.job = key.first;
        status.spec.labels = track.labels;
        status.spec.url = m_server.http.url;
        TargetHealth& health = status.health;
        const bool up = last->v == 1;
        health.state = up ? TargetHealth::State::Up : TargetHealth::State::Down;
        health.lastScrapeMs = last->t;
        auto runStart = last;
        while (runStart != track.ups.begin() && (std::prev(runStart)->v == 1) == up)
            --runStart;
        (up ? health.upSinceMs : health.downSinceMs) = runStart->t;
        for (auto it = track.ups.begin(); it <= last; ++it) {
            ++health.scrapes;
            if (it->v != 1) ++health.failures;
        }
        if (last != track.ups.begin()) status.spec.intervalMs = last->t - std::prev(last)->t;
        if (track.lastSamples.t == last->t) health.samples = std::size_t(track.lastSamples.v);
        if (track.lastDuration.t == last->t)
            health.lastDurationMs = std::llround(track.lastDuration.v * 1000.0);
        if (!up) {
            health.lastError = "the server's scrape failed (up is 0)";
            health.lastErrorMs = last->t;
        }
        if (const auto it = known.find(key); it != known.end()) {
            const api::ServerTarget& target = *it->second;
            if (QUrl url(QString::fromStdString(target.scrapeUrl));
                url.isValid() && !target.scrapeUrl.empty())
                status.spec.url = url.adjusted(QUrl::RemoveUserInfo);
            if (target.intervalMs > 0) status.spec.intervalMs = target.intervalMs;
            if (target.timeoutMs > 0) status.spec.timeoutMs = target.timeoutMs;
            if (std::llabs(target.lastScrapeMs - last->t) < 1000)
                health.lastDurationMs = target.lastDurationMs;
            if (!up && !target.lastError.empty()) health.lastError = target.lastError;
        }
        m_statuses.push_back(std::move(status));
    }
}

void PrometheusSource::finish(const std::shared_ptr<Run>& run) {
    Refresh& result = run->result;
    result.ok = !run->failed;
    if (result.ok) {
        closeVanished(run->atMs);
        m_loadedUntil = run->atMs;
    }
    updateStatuses(run->atMs, run->serverTargets ? &*run->serverTargets : nullptr, result);
    if (run->done) run->done(result);
}

PrometheusSource::Refresh PrometheusSource::refreshAndWait(QNetworkAccessManager& network, std::int64_t atMs,
                                                           bool live) {
    QEventLoop loop;
    Refresh out;
    bool finished = false;
    refresh(network, atMs, live, [&](const Refresh& result) {
        out = result;
        finished = true;
        loop.quit();
    });
    if (!finished) loop.exec();
    return out;
}

} // namespace dw
