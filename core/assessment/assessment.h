#pragma once

#include "alerts/rule_evaluator.h"
#include "assessment/incident.h"
#include "health/health_model.h"
#include "health/profile_set.h"
#include "scrape/target_status.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dw {

// What an assessment concludes at one time. A value type.
struct AssessmentResult {
    std::int64_t timeMs = 0;
    std::vector<std::string> profiles; // detected, by name
    std::vector<EntityHealth> entities;
    std::vector<Alert> alerts;       // pending and firing: the rules', then the per-entity health alerts
    std::vector<Incident> incidents; // what changed since the previous evaluation
    std::vector<std::string> problems;

    // An entity stale or flapping, or reported unhealthy while not stopped, or an alert of DispatchWatch's
    // rules other than TargetDown firing: what makes `check` exit 1. (A Prometheus server's own alerts are
    // shown beside them but judge the server's whole scope, not what --match selected.)
    bool unhealthy() const;
};

// The one place samples become states, reasons, alerts and incidents, for every output (the window's
// snapshots, check, replay and what comes later). Given the store, the profiles, per-target heartbeat
// thresholds and extra rule groups, it is evaluated at increasing times with the targets' statuses:
// it detects the profiles present (a profile whose metrics appear later joins then), judges every entity
// with one HealthModel, evaluates each rule group when its interval has come round (recording rules write
// back only then), derives the per-entity alerts, and reports what changed since the previous evaluation
// as typed incidents. What it learns (histories, alert state, last states) is carried from one
// evaluation to the next: that is the seam where facts become incremental.
// Thread-safety: none; one thread evaluates (the store may be written meanwhile).
class Assessment {
public:
    struct StaleAfter {
        std::string job;      // empty: every job
        std::string instance; // empty: every instance of the job
        std::int64_t ms = 0;
    };
    struct Options {
        // Heartbeat thresholds replacing the profiles'; the most specific applies.
        std::vector<StaleAfter> staleAfter;
        std::vector<RuleGroup> extraRuleGroups; // rule files
        HealthModel::Options model;
        // The PromQL generation of rules and of profiles without their own promql_compat.
        promql::Generation promqlGeneration = promql::kDefaultGeneration;
    };

    // Every metric an assessment with these profiles and options reads (profiles' metrics, panels and
    // rules, extra rule groups): what a source must copy into the store. Sorted, unique.
    static std::vector<std::string> metricsRead(const ProfileSet& profiles, const Options& options);

    Assessment(SeriesStore& store, ProfileSet profiles, Options options);
    Assessment(SeriesStore& store, ProfileSet profiles);
    ~Assessment();

    // Call with increasing times; a time before the previous one is an error of the caller (reset first).
    const AssessmentResult& evaluate(std::int64_t nowMs, const std::vector<TargetStatus>& targets);
    const AssessmentResult& latest() const { return m_result; }
    // Forgets everything learnt: a replay that goes back in time starts again.
    void reset();
    // How many entity records are kept between evaluations (histories and last states): those in the
    // health model's window, not every entity ever seen.
    std::size_t rememberedEntities() const { return m_lastStates.size() + m_health->rememberedEntities(); }

private:
    void detect(std::vector<std::string>& problems);
    promql::EngineOptions engineOptions(std::optional<promql::Generation> profileGeneration) const;
    void updateThresholds(const std::vector<TargetStatus>& targets);
    void entityIncidents(const AssessmentResult& result, std::vector<Incident>& out);
    void targetIncidents(const std::vector<TargetStatus>& targets, std::vector<Incident>& out);
    void alertIncidents(std::int64_t nowMs, std::vector<Incident>& out);

    SeriesStore& m_store;
    ProfileSet m_profiles;
    Options m_options;
    std::vector<std::string> m_detected;
    std::unique_ptr<HealthModel> m_health;
    // One evaluator for the built-in and extra groups, one per detected profile: a profile joining later
    // does not reset the others' alert state.
    std::vector<std::unique_ptr<RuleEvaluator>> m_rules;
    std::vector<std::string> m_ruleProblems;
    std::map<EntityKey, HealthState> m_lastStates;
    std::map<std::pair<std::string, std::string>, TargetHealth::State> m_lastTargets;
    std::map<std::tuple<std::string, std::string, Labels>, Alert> m_lastFiring;
    std::set<std::tuple<std::string, std::string, Labels>> m_lastPending;
    AssessmentResult m_result;
};

} // namespace dw
