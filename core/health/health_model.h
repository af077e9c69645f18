#pragma once

#include "health/health_state.h"
#include "health/profile.h"
#include "store/series_store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dw {

// Derives every monitored entity's health from the samples in the store, as of a time given by the
// caller's clock (live or replayed), so the same samples always give the same states. For each profile it
// finds the entities (one per entity-label value and target), gathers their evidence, and judges it with
// the rules of judgement.h in their order (unknown when the target is down; stopped after a stop event or
// when the entity's series disappear; flapping after N restarts within the window; stale when now − last
// heartbeat > threshold, strictly; else healthy). The
// observed heartbeat comes from the counter's own increases across scrapes; the exporter's own report is
// kept beside it, and a disagreement between the two is spelled out.
// evaluate() remembers each entity's state to build its history, so call it with increasing times.
// Thread-safety: none; use from one thread (the store may be written meanwhile).
class HealthModel {
public:
    struct Options {
        std::int64_t windowMs = 60 * 60 * 1000; // lifecycle counts and how far back entities are found
        std::int64_t lookbackMs = 5 * 60 * 1000;
        std::int64_t rateWindowMs = 5 * 60 * 1000;
        std::map<std::pair<std::string, std::string>, std::int64_t> staleAfterByTarget; // (job, instance)
        std::size_t historyLimit = 200;
    };

    HealthModel(const SeriesStore& store, std::vector<Profile> profiles, Options options);
    HealthModel(const SeriesStore& store, std::vector<Profile> profiles);

    // A target's last scrape error ("connection refused"), shown in reasons while it is down.
    void setTargetError(const std::string& job, const std::string& instance, std::string error);
    // A target its source knows is down although its `up` series says nothing new (the Prometheus server
    // that scrapes it cannot be reached): judged as down since then. nullopt: as `up` says.
    void setTargetDownSince(const std::string& job, const std::string& instance,
                            std::optional<std::int64_t> sinceMs);

    // Judges every entity at nowMs. Only the entities found now are remembered (their state and history);
    // one whose series left the window is forgotten, so memory follows what is watched.
    std::vector<EntityHealth> evaluate(std::int64_t nowMs);
    const std::vector<Profile>& profiles() const { return m_profiles; }
    void setOptions(Options options) { m_options = std::move(options); }
    // How many entities' states and histories are kept (those found at the last evaluation).
    std::size_t rememberedEntities() const { return m_last.size(); }
    // Replaces the profiles judged (a profile detected later joins); the entities' histories stay.
    void setProfiles(std::vector<Profile> profiles);

private:
    struct Entity;
    void collect(const Profile& profile, std::int64_t nowMs, std::map<EntityKey, Entity>& entities) const;
    EntityHealth judge(const Profile& profile, const Entity& entity, std::int64_t nowMs) const;
    std::vector<Sample> read(SeriesRef ref, std::int64_t nowMs) const;

    const SeriesStore& m_store;
    std::vector<Profile> m_profiles;
    Options m_options;
    std::map<std::pair<std::string, std::string>, std::string> m_targetErrors; // by (job, instance)
    std::map<std::pair<std::string, std::string>, std::int64_t> m_targetsDown; // by (job, instance)
    std::map<EntityKey, EntityHealth> m_last;
};

} // namespace dw
