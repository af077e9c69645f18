#pragma once

#include "alerts/rule_file.h"
#include "promql/engine_options.h"
#include "store/series_store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dw {

// An alert of an alerting rule, as Prometheus tracks it.
struct Alert {
    enum class State { Inactive, Pending, Firing };
    std::string group;
    std::string rule;
    Labels labels; // the series' labels without __name__, the rule's labels, and alertname
    std::vector<std::pair<std::string, std::string>> annotations;
    State state = State::Pending;
    double value = 0;
    std::int64_t activeAtMs = 0;
    std::int64_t firedAtMs = 0;    // 0: never fired
    std::int64_t resolvedAtMs = 0; // 0: not resolved
    std::int64_t keepFiringSinceMs = 0;
    std::string source; // empty: DispatchWatch's rules; else the Prometheus server that evaluates it
    std::string expr;   // the rule's expression (empty for the per-entity health alerts)
};
std::string_view alertStateName(Alert::State state);

// Evaluates rule groups with the PromQL engine exactly as Prometheus 2.x's rule manager does: a new result
// is pending (firing at once without `for`), pending turns firing after `for`, a vanished alert is resolved
// (unless keep_firing_for holds it) and kept 15 minutes as resolved; recording rules write their results
// into the store. Annotations and label templates are expanded with the alert's labels and value.
// Thread-safety: none; one thread evaluates (the store may be read meanwhile).
class RuleEvaluator {
public:
    RuleEvaluator(SeriesStore& store, std::vector<RuleGroup> groups, promql::EngineOptions options = {});

    // Evaluates every group at t, whatever their intervals (promtool test rules evaluates this way); returns
    // problems ("group/rule: error").
    std::vector<std::string> evaluateAll(std::int64_t tMs);
    // Evaluates at t each group whose interval has passed since its last evaluation (every group the first
    // time): what a live or replayed session calls as often as it likes.
    std::vector<std::string> evaluateScheduled(std::int64_t tMs);

    std::vector<Alert> alerts() const;
    std::vector<Alert> firing() const;
    const std::vector<RuleGroup>& groups() const { return m_groups; }

private:
    std::vector<std::string> evaluateGroup(std::size_t group, std::int64_t tMs);

    SeriesStore& m_store;
    std::vector<RuleGroup> m_groups;
    promql::EngineOptions m_options;
    // Per group and rule, the active alerts by their label set.
    std::vector<std::vector<std::map<std::string, Alert>>> m_active;
    std::vector<std::optional<std::int64_t>> m_lastEvaluated; // per group, for evaluateScheduled
};

} // namespace dw
