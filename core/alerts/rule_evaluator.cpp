#include "alerts/rule_evaluator.h"

#include "promql/engine.h"
#include "promql/label_set.h"

#include <algorithm>

namespace dw {

namespace {

constexpr std::int64_t kResolvedRetentionMs = std::int64_t{15} * 60 * 1000;

} // namespace

std::string_view alertStateName(Alert::State state) {
    switch (state) {
    case Alert::State::Inactive:
        return "inactive";
    case Alert::State::Pending:
        return "pending";
    case Alert::State::Firing:
        return "firing";
    }
    return "";
}

RuleEvaluator::RuleEvaluator(SeriesStore& store, std::vector<RuleGroup> groups, promql::EngineOptions options)
    : m_store(store), m_groups(std::move(groups)), m_options(options) {
    for (const RuleGroup& g : m_groups)
        m_active.emplace_back(g.rules.size());
    m_lastEvaluated.resize(m_groups.size());
}

std::vector<std::string> RuleEvaluator::evaluateScheduled(std::int64_t tMs) {
    std::vector<std::string> problems;
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        const auto& last = m_lastEvaluated[g];
        if (last && tMs - *last < std::max<std::int64_t>(1, m_groups[g].intervalMs)) continue;
        m_lastEvaluated[g] = tMs;
        for (std::string& p : evaluateGroup(g, tMs))
            problems.push_back(std::move(p));
    }
    return problems;
}

std::vector<std::string> RuleEvaluator::evaluateAll(std::int64_t tMs) {
    std::vector<std::string> problems;
    for (std::size_t g = 0; g < m_groups.size(); ++g)
        for (std::string& p : evaluateGroup(g, tMs))
            problems.push_back(std::move(p));
    return problems;
}

std::vector<std::string> RuleEvaluator::evaluateGroup(std::size_t g, std::int64_t t) {
    std::vector<std::string> problems;
    const RuleGroup& group = m_groups[g];
    const promql::Engine engine(m_store, m_options);
    for (std::size_t r = 0; r < group.rules.size(); ++r) {
        const Rule& rule = group.rules[r];
        promql::QueryResult result;
        std::string error;
        if (!engine.instant(*rule.expr, t, result, error)) {
            problems.push_back(group.name + "/" + (rule.alert.empty() ? rule.record : rule.alert) + ": " +
                               error);
            continue;
        }
        if (result.type == promql::ValueType::Scalar) // a scalar result counts as one series without labels
            result.series[0].labels.clear();
        if (!rule.record.empty()) {
            SeriesStore::Writer writer(m_store);
            for (const promql::ResultSeries& s : result.series) {
                Labels labels = s.labels;
                promql::setLabel(labels, kMetricNameLabel, rule.record);
                for (const Label& l : rule.labels)
                    promql::setLabel(labels, l.name, l.value);
                std::vector<LabelView> views;
                for (const Label& l : labels)
                    views.push_back({l.name, l.value});
                writer.append(writer.getOrCreate(views), t, s.points[0].v);
            }
            continue;
        }
        std::map<std::string, Alert>& active = m_active[g][r];
        std::map<std::string, bool> seen;
        for (const promql::ResultSeries& s : result.series) {
            const double value = s.points[0].v;
            Labels labels = s.labels;
            promql::dropMetricName(labels);
            for (const auto& [name, tmpl] : rule.labelTemplates)
                promql::setLabel(labels, name, tmpl.expand(s.labels, value));
            promql::setLabel(labels, "alertname", rule.alert);
            const std::string key = promql::labelsToString(labels);
            if (seen.count(key)) {
                problems.push_back(
                    group.name + "/" + rule.alert +
                    ": vector contains metrics with the same labelset after applying alert labels");
                break;
            }
            seen[key] = true;
            std::vector<std::pair<std::string, std::string>> annotations;
            for (const auto& [name, tmpl] : rule.annotations)
                annotations.emplace_back(name, tmpl.expand(s.labels, value));
            auto it = active.find(key);
            if (it != active.end() && it->second.state != Alert::State::Inactive) {
                it->second.value = value;
                it->second.annotations = std::move(annotations);
                continue;
            }
            Alert alert;
            alert.group = group.name;
            alert.rule = rule.alert;
            alert.expr = rule.exprText;
            alert.labels = std::move(labels);
            alert.annotations = std::move(annotations);
            alert.value = value;
            alert.activeAtMs = t;
            active[key] = std::move(alert);
        }
        for (auto it = active.begin(); it != active.end();) {
            Alert& a = it->second;
            if (!seen.count(it->first)) {
                bool keepFiring = false;
                if (a.state == Alert::State::Firing && rule.keepFiringForMs > 0) {
                    if (a.keepFiringSinceMs == 0) a.keepFiringSinceMs = t;
                    keepFiring = t - a.keepFiringSinceMs < rule.keepFiringForMs;
                }
                if (a.state == Alert::State::Pending ||
                    (a.resolvedAtMs != 0 && t - a.resolvedAtMs > kResolvedRetentionMs)) {
                    it = active.erase(it);
                    continue;
                }
                if (a.state != Alert::State::Inactive && !keepFiring) {
                    a.state = Alert::State::Inactive;
                    a.resolvedAtMs = t;
                }
                if (!keepFiring) {
                    ++it;
                    continue;
                }
            } else {
                a.keepFiringSinceMs = 0;
            }
            if (a.state == Alert::State::Pending && t - a.activeAtMs >= rule.forMs) {
                a.state = Alert::State::Firing;
                a.firedAtMs = t;
            }
            ++it;
        }
    }
    return problems;
}

std::vector<Alert> RuleEvaluator::alerts() const {
    std::vector<Alert> out;
    for (const auto& group : m_active)
        for (const auto& rule : group)
            for (const auto& [key, alert] : rule)
                out.push_back(alert);
    return out;
}

std::vector<Alert> RuleEvaluator::firing() const {
    std::vector<Alert> out = alerts();
    std::erase_if(out, [](const Alert& a) { return a.state != Alert::State::Firing; });
    return out;
}

} // namespace dw
