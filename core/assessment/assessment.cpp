#include "assessment/assessment.h"

#include "alerts/health_alerts.h"
#include "alerts/rule_file.h"
#include "promql/parser.h"

#include <algorithm>

namespace dw {

bool AssessmentResult::unhealthy() const {
    for (const EntityHealth& h : entities)
        if (h.state == HealthState::Stale || h.state == HealthState::Flapping ||
            (h.reported.healthy && !*h.reported.healthy && h.state != HealthState::Stopped))
            return true;
    for (const Alert& a : alerts)
        if (a.state == Alert::State::Firing && a.rule != "TargetDown" && a.source.empty()) return true;
    return false;
}

std::vector<std::string> Assessment::metricsRead(const ProfileSet& profiles, const Options& options) {
    std::vector<std::string> names;
    auto addGroups = [&names](const std::vector<RuleGroup>& groups) {
        for (const RuleGroup& group : groups)
            for (const Rule& rule : group.rules)
                if (rule.expr) promql::collectMetricNames(*rule.expr, names);
    };
    for (const Profile& profile : profiles.profiles()) {
        for (std::string& name : profile.metricNames())
            names.push_back(std::move(name));
        for (const Panel& panel : profile.panels)
            for (const PanelQuery& query : panel.queries) {
                promql::SyntaxError error;
                if (const promql::NodePtr node = promql::parseQuery(query.expr, error))
                    promql::collectMetricNames(*node, names);
            }
        std::string error;
        if (!profile.rules.empty())
            if (const auto groups = parseRuleFile(profile.rules, profile.source, error)) addGroups(*groups);
    }
    addGroups(options.extraRuleGroups);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

Assessment::Assessment(SeriesStore& store, ProfileSet profiles, Options options)
    : m_store(store), m_profiles(std::move(profiles)), m_options(std::move(options)) {
    reset();
}

Assessment::Assessment(SeriesStore& store, ProfileSet profiles)
    : Assessment(store, std::move(profiles), Options{}) {}

Assessment::~Assessment() = default;

void Assessment::reset() {
    m_detected.clear();
    m_health = std::make_unique<HealthModel>(m_store, std::vector<Profile>{}, m_options.model);
    m_rules.clear();
    m_ruleProblems.clear();
    std::vector<RuleGroup> base = builtinRuleGroups(m_ruleProblems);
    for (const RuleGroup& g : m_options.extraRuleGroups)
        base.push_back(g);
    m_rules.push_back(std::make_unique<RuleEvaluator>(m_store, std::move(base), engineOptions(std::nullopt)));
    m_lastStates.clear();
    m_lastTargets.clear();
    m_lastFiring.clear();
    m_lastPending.clear();
    m_result = {};
}

promql::EngineOptions Assessment::engineOptions(std::optional<promql::Generation> profileGeneration) const {
    promql::EngineOptions options;
    options.generation = profileGeneration.value_or(m_options.promqlGeneration);
    return options;
}

void Assessment::detect(std::vector<std::string>& problems) {
    std::vector<Profile> active;
    std::vector<std::string> names;
    for (const Profile* p : m_profiles.detect(m_store.metricNames())) {
        active.push_back(*p);
        names.push_back(p->name);
    }
    for (const std::string& problem : m_profiles.problems())
        problems.push_back(problem);
    if (names == m_detected) return;
    // A profile that joins gets its rules; one already there keeps its evaluator and alert state. (A
    // profile is never dropped: its rules keep resolving their alerts.)
    for (const Profile& p : active)
        if (std::find(m_detected.begin(), m_detected.end(), p.name) == m_detected.end())
            m_rules.push_back(std::make_unique<RuleEvaluator>(
                m_store, profileRuleGroups(p, m_ruleProblems, m_options.promqlGeneration),
                engineOptions(p.promqlCompat)));
    for (const std::string& name : m_detected)
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
            active.push_back(*m_profiles.find(name));
        }
    m_detected = names;
    m_health->setProfiles(std::move(active));
}

void Assessment::updateThresholds(const std::vector<TargetStatus>& targets) {
    if (m_options.staleAfter.empty()) return;
    HealthModel::Options model = m_options.model;
    for (const TargetStatus& t : targets) {
        const std::string instance = t.spec.instance();
        int best = -1; // 2: job and instance, 1: job, 0: every target
        for (const StaleAfter& s : m_options.staleAfter) {
            const int rank = s.job.empty() ? 0 : s.instance.empty() ? 1 : 2;
            const bool applies =
                (s.job.empty() || s.job == t.spec.job) && (s.instance.empty() || s.instance == instance);
            if (applies && rank > best) {
                best = rank;
                model.staleAfterByTarget[{t.spec.job, instance}] = s.ms;
            }
        }
    }
    if (model.staleAfterByTarget != m_options.model.staleAfterByTarget) {
        m_options.model.staleAfterByTarget = model.staleAfterByTarget;
        m_health->setOptions(m_options.model);
    }
}

const AssessmentResult& Assessment::evaluate(std::int64_t nowMs, const std::vector<TargetStatus>& targets) {
    AssessmentResult result;
    result.timeMs = nowMs;
    detect(result.problems);
    result.profiles = m_detected;
    updateThresholds(targets);
    for (const TargetStatus& t : targets) {
        m_health->setTargetError(t.spec.job, t.spec.instance(), t.health.lastError);
        // A source that cannot reach its server knows its targets' state only from that failure.
        const bool sourceDown = !t.source.empty() && t.health.state == TargetHealth::State::Down;
        m_health->setTargetDownSince(t.spec.job, t.spec.instance(),
                                     sourceDown ? std::optional(t.health.downSinceMs) : std::nullopt);
    }
    result.entities = m_health->evaluate(nowMs);
    for (const std::string& p : m_ruleProblems)
        result.problems.push_back(p);
    for (auto& rules : m_rules)
        for (std::string& p : rules->evaluateScheduled(nowMs))
            result.problems.push_back(std::move(p));
    for (auto& rules : m_rules)
        for (Alert& a : rules->alerts())
            if (a.state != Alert::State::Inactive) result.alerts.push_back(std::move(a));
    for (Alert& a : healthAlerts(result.entities))
        result.alerts.push_back(std::move(a));
    targetIncidents(targets, result.incidents);
    entityIncidents(result, result.incidents);
    alertIncidents(nowMs, result.incidents);
    m_result = std::move(result);
    return m_result;
}

void Assessment::entityIncidents(const AssessmentResult& result, std::vector<Incident>& out) {
    std::map<EntityKey, HealthState> states;
    for (const EntityHealth& e : result.entities) {
        const EntityKey key = e.key();
        states[key] = e.state;
        const auto it = m_lastStates.find(key);
        if (it != m_lastStates.end() && it->second == e.state) continue;
        // The first sight of a healthy entity is no incident; anything else, and every change, is.
        if (it == m_lastStates.end() && e.state == HealthState::Healthy) continue;
        Incident i;
        i.kind = Incident::Kind::EntityChanged;
        i.timeMs = e.sinceMs > 0 && e.sinceMs <= result.timeMs ? e.sinceMs : result.timeMs;
        i.entity = key;
        i.entityKind = e.kind;
        i.entityId = e.id;
        i.firstSeen = it == m_lastStates.end();
        i.from = i.firstSeen ? HealthState::Unknown : it->second;
        i.to = e.state;
        i.reason = e.reason;
        out.push_back(std::move(i));
    }
    m_lastStates = std::move(states); // bounded by the entities judged now
}

void Assessment::targetIncidents(const std::vector<TargetStatus>& targets, std::vector<Incident>& out) {
    std::map<std::pair<std::string, std::string>, TargetHealth::State> states;
    for (const TargetStatus& t : targets) {
        const std::pair key{t.spec.job, t.spec.instance()};
        const TargetHealth::State state = t.health.state;
        states[key] = state;
        const auto it = m_lastTargets.find(key);
        const TargetHealth::State before =
            it == m_lastTargets.end() ? TargetHealth::State::Unknown : it->second;
        if (state == before) continue;
        Incident i;
        i.job = key.first;
        i.instance = key.second;
        if (state == TargetHealth::State::Down) {
            i.kind = Incident::Kind::TargetDown;
            i.timeMs = t.health.downSinceMs ? t.health.downSinceMs : t.health.lastScrapeMs;
            i.error = t.health.lastError;
        } else if (before == TargetHealth::State::Down && state == TargetHealth::State::Up) {
            i.kind = Incident::Kind::TargetUp;
            i.timeMs = t.health.upSinceMs ? t.health.upSinceMs : t.health.lastScrapeMs;
        } else {
            continue; // first seen up: no incident
        }
        out.push_back(std::move(i));
    }
    m_lastTargets = std::move(states);
}

void Assessment::alertIncidents(std::int64_t nowMs, std::vector<Incident>& out) {
    auto told = [&](Incident::Kind kind, std::int64_t timeMs, const Alert& a) {
        Incident i;
        i.kind = kind;
        i.timeMs = timeMs ? timeMs : nowMs;
        i.alertName = a.rule;
        i.alertLabels = a.labels;
        out.push_back(std::move(i));
    };
    std::map<std::tuple<std::string, std::string, Labels>, Alert> firing;
    std::set<std::tuple<std::string, std::string, Labels>> pending;
    for (const auto& rules : m_rules)
        for (Alert& a : rules->alerts()) {
            auto key = std::make_tuple(a.group, a.rule, a.labels);
            if (a.state == Alert::State::Pending) {
                if (!m_lastPending.count(key)) told(Incident::Kind::AlertPending, a.activeAtMs, a);
                pending.insert(std::move(key));
            } else if (a.state == Alert::State::Firing) {
                if (!m_lastFiring.count(key)) told(Incident::Kind::AlertFiring, a.firedAtMs, a);
                firing.emplace(std::move(key), std::move(a));
            }
        }
    for (const auto& [key, alert] : m_lastFiring)
        if (!firing.count(key)) told(Incident::Kind::AlertResolved, nowMs, alert);
    m_lastFiring = std::move(firing);
    m_lastPending = std::move(pending);
}

} // namespace dw
