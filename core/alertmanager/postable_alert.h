#pragma once

#include "alerts/rule_evaluator.h"
#include "model/labels.h"

#include <QByteArray>
#include <cstdint>
#include <string>
#include <vector>

namespace dw {

// One alert as Alertmanager's API v2 takes it (a postableAlert): labels (alertname among them),
// annotations, when it started, until when it holds (a firing alert is re-sent before then; a resolved
// one carries its end), and a link to what produced it. Times are wall-clock Unix milliseconds.
// A value type.
struct PostableAlert {
    Labels labels;
    std::vector<std::pair<std::string, std::string>> annotations;
    std::int64_t startsAtMs = 0;
    std::int64_t endsAtMs = 0;
    std::string generatorUrl;
};

// The JSON array POST /api/v2/alerts takes: times in RFC 3339 with milliseconds, UTC.
QByteArray postableAlertsJson(const std::vector<PostableAlert>& alerts);

// generatorURL as Prometheus writes it: <base>/graph?g0.expr=<expr>&g0.tab=1, or the base alone for an
// alert without an expression (DispatchWatch's per-entity health alerts).
std::string generatorUrl(const std::string& base, const std::string& expr);

// The alert's labels with the external labels added, an alert's own label winning over an external one
// of the same name (as Prometheus's notifier does). Sorted.
Labels withExternalLabels(const Labels& labels, const Labels& external);

} // namespace dw
