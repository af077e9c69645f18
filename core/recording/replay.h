#pragma once

#include "alerts/rule_evaluator.h"
#include "health/health_model.h"
#include "health/profile_set.h"
#include "recording/recording_reader.h"
#include "scrape/scrape_processor.h"
#include "util/clock.h"

#include <memory>
#include <optional>

namespace dw {

// Replays a recording through the live pipeline: each recorded scrape goes to its target's
// ScrapeProcessor (the parser, store, report series and target health live scraping uses), under a
// replay clock. Health and alert rules are evaluated every stepMs of recorded time, as the live session
// evaluates them, and what changed is kept as incidents: entities going stale, stopping, flapping and
// recovering; targets going down and up; alerts firing and resolving.
// Thread-safety: none; use from one thread. The store may be read from others meanwhile.
class Replay {
public:
    struct Options {
        std::int64_t stepMs = 15000; // 0: no health or rule evaluation (a replay only to fill the store)
    };
    struct Incident {
        std::int64_t timeMs = 0;
        std::string subject; // "dispatcher dispatcher-acme-billing", "target compozy/host:port", "alert X"
        std::string what;    // "stale: no heartbeat for 2m1s, threshold 2m"
    };

    explicit Replay(ProfileSet profiles);
    Replay(ProfileSet profiles, Options options);
    // Replays into a store and under a clock owned elsewhere (a monitoring session's).
    Replay(ProfileSet profiles, Options options, SeriesStore& store, std::shared_ptr<ManualClock> clock);
    ~Replay();

    // Opens a recording and finds its time span (a pass over the records without their bodies).
    bool open(const QString& path, std::string& error);
    std::int64_t startMs() const { return m_startMs; }
    std::int64_t endMs() const { return m_endMs; }
    const Clock& clock() const { return *m_clock; }
    std::shared_ptr<const Clock> sharedClock() const { return m_clock; }

    // Feeds every scrape that started at or before t, evaluating health and rules at each step on the way;
    // the clock then reads t. Times before the current one are ignored: replays go forward.
    void runTo(std::int64_t t);
    void runToEnd() { runTo(m_endMs); }
    // Goes to any time: backwards by starting again from the beginning (the store is cleared).
    void seek(std::int64_t t);
    // When each scrape started, in file order: the steps of a replay timeline.
    const std::vector<std::int64_t>& scrapeTimes() const { return m_scrapeTimes; }

    SeriesStore& store() { return *m_store; }
    std::vector<TargetStatus> targets() const;
    // Every entity's health at the current time.
    std::vector<EntityHealth> health();
    std::vector<Alert> alerts() const;
    const std::vector<Incident>& incidents() const { return m_incidents; }
    std::uint64_t scrapesReplayed() const { return m_scrapes; }
    // Damage found while reading (offsets and what was lost) and a torn tail.
    const RecordingReader& reader() const { return *m_reader; }

private:
    void feed(const RecordedScrape& scrape);
    void evaluate(std::int64_t t);
    void ensureModels();
    // Every entity's health at t, with the targets' last errors.
    std::vector<EntityHealth> judge(std::int64_t t);
    void restart();

    ProfileSet m_profiles;
    Options m_options;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<SeriesStore> m_ownStore;
    SeriesStore* m_store;
    QString m_path;
    std::vector<std::int64_t> m_scrapeTimes;
    std::unique_ptr<RecordingReader> m_reader;
    std::map<std::uint32_t, std::unique_ptr<ScrapeProcessor>> m_processors;
    std::optional<RecordedScrape> m_pending; // read, not yet due
    bool m_atEnd = false;
    std::int64_t m_startMs = 0;
    std::int64_t m_endMs = 0;
    std::int64_t m_nextStepMs = 0;
    std::uint64_t m_scrapes = 0;
    std::vector<Profile> m_detected;
    std::unique_ptr<HealthModel> m_model;
    std::unique_ptr<RuleEvaluator> m_rules;
    std::map<std::string, HealthState> m_lastStates;
    std::map<std::string, std::pair<std::string, std::string>> m_lastAlerts; // firing: subject, labels
    std::vector<Incident> m_incidents;
};

} // namespace dw
