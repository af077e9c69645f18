#pragma once

#include "alerts/rule_evaluator.h"
#include "promapi/api_call.h"
#include "promapi/server_targets.h"
#include "scrape/target_status.h"
#include "store/series_store.h"

#include <QObject>
#include <map>
#include <unordered_map>

namespace dw {

// A Prometheus server as a source: copies the raw samples of the metrics health needs (and `up`) from the
// server into the store, and derives the targets' statuses, so that the assessment judges a fleet exactly
// as it judges scraped targets. The first refresh loads the whole window, in time slices so that no answer
// is huge; each later refresh asks only for what is new since the previous one (plus a small overlap for
// scrapes committed late). Every slice is one `/api/v1/query` of a range selector, so the samples are the
// server's own, unaggregated.
// The API never shows staleness markers, so they are rebuilt as Prometheus writes them: a series whose
// target was scraped (an `up` sample) after the series' last sample, without the series, got a marker at
// that scrape. A series that is merely missing from an answer is not stale. Target states come from `up`
// at the refresh time (1 up, 0 down), with the server's last error and scrape duration from
// /api/v1/targets when the refresh time is now.
// Ownership and threads: a QObject whose requests are its children (destroying it aborts them); use it on
// one thread, that of the network manager given to refresh(); the store may be read meanwhile.
class PrometheusSource : public QObject {
public:
    struct Options {
        std::int64_t windowMs = 65 * 60 * 1000; // the health window plus the lookback
        std::int64_t sliceMs = 10 * 60 * 1000;  // the span of one request at most
        std::int64_t overlapMs = 30 * 1000;     // asked again at each refresh, for late commits
        int parallel = 4;                       // requests in flight at once
    };
    struct Refresh {
        bool ok = false;
        ApiResponse::Failure failure = ApiResponse::Failure::None;
        std::string error;
        std::vector<std::string> warnings; // partial data reported by the server
        qint64 bytes = 0;                  // received in this refresh (as sent: compressed)
        qint64 bodyBytes = 0;              // the same decompressed
        int requests = 0;
    };
    using Done = std::function<void(const Refresh&)>;

    PrometheusSource(SeriesStore& store, PrometheusServerSpec server, std::vector<std::string> metrics,
                     Options options);
    PrometheusSource(SeriesStore& store, PrometheusServerSpec server, std::vector<std::string> metrics);
    ~PrometheusSource() override;

    // Loads what is new up to atMs (call with increasing times); done runs once on this thread.
    // live: atMs is now, so the server's target list adds last errors and durations.
    void refresh(QNetworkAccessManager& network, std::int64_t atMs, bool live, Done done);
    // The same, waiting in a local event loop (the command line).
    Refresh refreshAndWait(QNetworkAccessManager& network, std::int64_t atMs, bool live);

    // Every target of the server that the selectors reach, as of the last refresh; all down with the
    // refresh's error when the server could not be reached (the server itself as a target, job
    // "prometheus", when none was known yet).
    std::vector<TargetStatus> targets() const { return m_statuses; }
    // The server's own pending and firing alerts (/api/v1/alerts) as of the last live refresh, marked with
    // their source; none after a refresh of a past time.
    const std::vector<Alert>& alerts() const { return m_alerts; }
    const PrometheusServerSpec& server() const { return m_server; }
    // The end of what has been loaded (the last successful refresh's time), -1 before the first.
    std::int64_t loadedUntilMs() const { return m_loadedUntil; }

private:
    struct Request;
    struct Run;
    struct TargetTrack {
        Labels labels;           // the up series' labels: job, instance and the target's own
        std::vector<Sample> ups; // in time order, within the window
        Sample lastSamples{0, 0}, lastDuration{0, 0}; // scrape_samples_scraped, scrape_duration_seconds
    };
    struct SeriesTrack {
        std::int64_t lastMs = 0;
        bool stale = false;
        bool isUp = false;
        std::pair<std::string, std::string> targetKey;
    };
    void startNext(const std::shared_ptr<Run>& run);
    void finish(const std::shared_ptr<Run>& run);
    void applyNext(Run& run);
    bool apply(const QByteArray& body, ApiResponse& response, std::string& error);
    void appendSeries(SeriesStore::Writer& writer, Labels& labels, std::vector<Sample>& samples);
    void closeVanished(std::int64_t atMs);
    void updateStatuses(std::int64_t atMs, const std::vector<api::ServerTarget>* serverTargets,
                        const Refresh& refresh);

    SeriesStore& m_store;
    PrometheusServerSpec m_server;
    std::string m_namePattern; // __name__=~"up|metric|..."
    Options m_options;
    std::int64_t m_loadedUntil = -1;
    std::map<std::pair<std::string, std::string>, TargetTrack> m_targets; // by (job, instance)
    std::unordered_map<SeriesRef, SeriesTrack> m_series;
    std::vector<TargetStatus> m_statuses;
    std::vector<Alert> m_alerts;
};

} // namespace dw
