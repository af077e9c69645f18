#pragma once

#include "alerts/alert_template.h"
#include "model/labels.h"
#include "promql/ast.h"
#include "promql/generation.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// One alerting or recording rule of a Prometheus rule file, with its expression parsed once.
struct Rule {
    std::string alert;  // alerting rule: the alert's name
    std::string record; // recording rule: the series it writes
    std::string exprText;
    std::shared_ptr<const promql::Node> expr;
    std::int64_t forMs = 0;
    std::int64_t keepFiringForMs = 0;
    Labels labels; // values may be templates
    std::vector<std::pair<std::string, AlertTemplate>> annotations;
    std::vector<std::pair<std::string, AlertTemplate>> labelTemplates;
};

struct RuleGroup {
    std::string name;
    std::int64_t intervalMs = 60000; // Prometheus's default evaluation_interval
    std::vector<Rule> rules;
};

// Reads Prometheus rule files ("groups:" of "rules:" with alert/record, expr, for, keep_firing_for,
// labels, annotations), checking what promtool checks: names, PromQL, templates, duplicate groups.
// Errors read "SOURCE:LINE:COL: message". Pure; thread-safe.
// Expressions are parsed with the grammar of `generation`.
std::optional<std::vector<RuleGroup>>
parseRuleFile(std::string_view yaml, std::string_view source, std::string& error,
              std::int64_t defaultIntervalMs = 60000,
              promql::Generation generation = promql::kDefaultGeneration);
std::optional<std::vector<RuleGroup>>
loadRuleFile(const std::string& path, std::string& error, std::int64_t defaultIntervalMs = 60000,
             promql::Generation generation = promql::kDefaultGeneration);

} // namespace dw
