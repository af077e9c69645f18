#include "dashboard/dashboard_check.h"

#include "dashboard/panel_queries.h"
#include "dashboard/panel_types.h"
#include "dashboard/template_variables.h"
#include "promql/ast.h"
#include "promql/parser.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>
#include <set>

namespace dw::dashboard {

namespace {

void addOnce(std::vector<std::string>& list, const std::string& text) {
    if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
}

// The labels a legend format names: {{job}}, {{ instance }}.
std::vector<std::string> legendLabels(const std::string& legend) {
    static const QRegularExpression reference("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\}\\}");
    std::vector<std::string> out;
    auto it = reference.globalMatch(QString::fromStdString(legend));
    while (it.hasNext())
        out.push_back(it.next().captured(1).toStdString());
    return out;
}

// What the source knows, asked once per check.
struct SourceNames {
    std::set<std::string> metrics, labels;
};

class Checker {
public:
    Checker(const Dashboard& dashboard, DashboardSource* source, promql::Generation generation,
            CheckReport& report)
        : m_dashboard(dashboard), m_source(source), m_generation(generation), m_report(report) {}

    void run() {
        m_report.dashboard = m_dashboard.title;
        m_report.withSource = m_source != nullptr;
        m_report.source = m_source ? m_source->describe() : std::string();
        m_report.problems = m_dashboard.problems;
        const std::int64_t now = m_source ? m_source->nowMs() : QDateTime::currentMSecsSinceEpoch();
        auto range = parseGrafanaRange(m_dashboard.timeFrom, m_dashboard.timeTo, now);
        if (!range) {
            m_report.problems.push_back(
                "time range \"" + m_dashboard.timeFrom + "\" to \"" + m_dashboard.timeTo +
                "\" is not one Grafana's time picker reads; checked over the last 6 h");
            range = TimeRange{now - std::int64_t{6} * 3'600'000, now};
        }
        m_range = *range;
        if (m_source && !readNames()) return;

        // Each variable's first value, then "All" where a variable has it: both must give valid queries.
        std::vector<TemplateVariables> choices(1);
        choices[0].resolve(m_dashboard, m_source, m_range, TemplateVariables::Preference::First);
        if (m_source && m_source->unreachable()) return stop("");
        for (const std::string& problem : choices[0].problems())
            addOnce(m_report.problems, problem);
        if (std::any_of(m_dashboard.variables.begin(), m_dashboard.variables.end(),
                        [](const Variable& v) { return v.includeAll; })) {
            choices.emplace_back().resolve(m_dashboard, m_source, m_range,
                                           TemplateVariables::Preference::All);
            for (const std::string& problem : choices[1].problems())
                addOnce(m_report.problems, problem);
        }
        for (const Panel& panel : m_dashboard.panels) {
            m_report.panels.push_back(checkPanel(panel, choices));
            if (m_report.unreachable) return;
        }
    }

private:
    void stop(const std::string& error) {
        m_report.unreachable = true;
        m_report.unreachableError =
            m_source->describe() + " could not be reached" + (error.empty() ? "" : ": " + error);
    }

    bool readNames() {
        std::string error;
        std::vector<std::string> metrics, labels;
        if (!m_source->metricNames(m_range.fromMs, m_range.toMs, metrics, error) ||
            !m_source->labelNames(m_range.fromMs, m_range.toMs, labels, error)) {
            if (m_source->unreachable()) {
                stop(error);
                return false;
            }
            m_report.problems.push_back(m_source->describe() + " did not list its names: " + error);
        }
        m_names.metrics.insert(metrics.begin(), metrics.end());
        m_names.labels.insert(labels.begin(), labels.end());
        return true;
    }

    PanelReport checkPanel(const Panel& panel, const std::vector<TemplateVariables>& choices) {
        PanelReport out;
        out.title = panel.title;
        out.type = panel.type;
        out.path = panel.path;
        out.problems = panel.problems;
        out.supported = isDrawnPanelType(panel.type);
        if (!out.supported && !panel.type.empty())
            out.problems.push_back("panel type \"" + panel.type +
                                   "\" is not drawn by DispatchWatch (shown as a card naming it)");
        // Tables apply "organize" (columns excluded, renamed, ordered); other transformations are not
        // applied.
        std::string ids;
        for (const QJsonValue t : panel.json.value("transformations").toArray()) {
            const std::string id = t.toObject().value("id").toString().toStdString();
            if (id == "organize" && (panel.type == "table" || panel.type == "table-old")) continue;
            ids += (ids.empty() ? "" : ", ") + id;
        }
        if (!ids.empty()) out.problems.push_back("transformations (" + ids + ") are not applied");
        if (!panel.repeat.empty())
            out.problems.push_back("repeat by $" + panel.repeat +
                                   " is not expanded: the panel is drawn once");
        bool anyRun = false, anyData = false;
        for (std::size_t c = 0; c < choices.size(); ++c) {
            const PanelQueryPlan plan = planPanelQueries(panel, choices[c].scope(), m_range,
                                                         m_source ? m_source->scrapeIntervalMs() : 15'000,
                                                         panelWidthPx(panel), m_dashboard.title);
            for (const std::string& problem : plan.problems)
                addOnce(out.problems, problem);
            if (c == 0) out.queries = int(plan.queries.size());
            for (const PanelQuery& query : plan.queries) {
                bool hasData = false;
                if (!checkQuery(query, out, hasData)) {
                    if (m_report.unreachable) return out;
                    continue;
                }
                anyRun = true;
                anyData = anyData || hasData;
            }
        }
        out.noData = m_source != nullptr && anyRun && !anyData; // without a source nothing was evaluated
        return out;
    }

    // Parses (and with a source evaluates) one query; false when it could not be run.
    bool checkQuery(const PanelQuery& query, PanelReport& out, bool& hasData) {
        const std::string name =
            "query " + (query.target->refId.empty() ? query.target->path : query.target->refId);
        promql::SyntaxError syntax;
        const promql::NodePtr node = promql::parseQuery(query.expr, syntax, m_generation);
        if (!node) {
            addOnce(out.problems, name + ": " + syntax.describe() + " in: " + query.expr);
            return false;
        }
        if (!m_source) return true;
        promql::forEachSelector(*node, [&](const promql::VectorSelector& selector) {
            if (!selector.name.empty() && !m_names.metrics.count(selector.name))
                addOnce(out.missingMetrics, selector.name);
            for (const promql::LabelMatcher& matcher : selector.matchers)
                if (matcher.name != "__name__" && !m_names.labels.count(matcher.name))
                    addOnce(out.missingLabels, matcher.name);
        });
        promql::QueryResult result;
        std::string error;
        // The last step at the end of the range, so that a source with only a few seconds of samples
        // (targets scraped just now) is judged by its newest ones.
        const std::int64_t startMs = m_range.toMs - m_range.spanMs() / query.stepMs * query.stepMs;
        if (!m_source->query(query.expr, query.instant, startMs, m_range.toMs, query.stepMs, result, error)) {
            if (m_source->unreachable())
                stop(error);
            else
                addOnce(out.problems, name + ": " + error);
            return false;
        }
        hasData = !result.series.empty() || !result.text.empty();
        // A legend label no series of the answer has is drift too (label_replace may have made it).
        for (const std::string& label : legendLabels(query.target->legendFormat)) {
            if (!hasData || result.series.empty()) break;
            const bool present =
                std::any_of(result.series.begin(), result.series.end(), [&](const auto& series) {
                    return std::any_of(series.labels.begin(), series.labels.end(),
                                       [&](const Label& l) { return l.name == label; });
                });
            if (!present) addOnce(out.missingLabels, label);
        }
        return true;
    }

    const Dashboard& m_dashboard;
    DashboardSource* m_source;
    promql::Generation m_generation;
    CheckReport& m_report;
    TimeRange m_range;
    SourceNames m_names;
};

QJsonArray toArray(const std::vector<std::string>& list) {
    QJsonArray out;
    for (const std::string& item : list)
        out.append(QString::fromStdString(item));
    return out;
}

// Missing names are drift to report, but a panel that still shows data (an `or` over old and new names)
// is fine; one without data is not.
bool panelFine(const PanelReport& panel) {
    return panel.problems.empty() && !panel.noData;
}

} // namespace

bool CheckReport::fine() const {
    return !unreachable && problems.empty() && std::all_of(panels.begin(), panels.end(), panelFine);
}

int CheckReport::panelsWithProblems() const {
    return int(
        std::count_if(panels.begin(), panels.end(), [](const PanelReport& p) { return !panelFine(p); }));
}

int CheckReport::panelsWithoutData() const {
    return int(std::count_if(panels.begin(), panels.end(), [](const PanelReport& p) { return p.noData; }));
}

CheckReport checkDashboard(const Dashboard& dashboard, DashboardSource* source,
                           promql::Generation generation) {
    CheckReport report;
    Checker(dashboard, source, generation, report).run();
    return report;
}

std::string formatCheckJson(const CheckReport& report) {
    QJsonArray panels;
    int queries = 0, supported = 0;
    for (const PanelReport& panel : report.panels) {
        QJsonObject object{
            {"title", QString::fromStdString(panel.title)}, {"type", QString::fromStdString(panel.type)},
            {"path", QString::fromStdString(panel.path)},   {"supported", panel.supported},
            {"problems", toArray(panel.problems)},          {"queries", panel.queries}};
        if (report.withSource) {
            object["no_data"] = panel.noData;
            object["missing_metrics"] = toArray(panel.missingMetrics);
            object["missing_labels"] = toArray(panel.missingLabels);
        }
        panels.append(object);
        queries += panel.queries;
        supported += panel.supported ? 1 : 0;
    }
    QJsonObject summary{{"panels", int(report.panels.size())},
                        {"supported", supported},
                        {"queries", queries},
                        {"panels_with_problems", report.panelsWithProblems()},
                        {"problems", toArray(report.problems)},
                        {"ok", report.fine()}};
    if (report.withSource) {
        summary["source"] = QString::fromStdString(report.source);
        summary["no_data"] = report.panelsWithoutData();
    }
    if (report.unreachable) summary["unreachable"] = QString::fromStdString(report.unreachableError);
    const QJsonObject root{
        {"dashboard", QString::fromStdString(report.dashboard)}, {"panels", panels}, {"summary", summary}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact).toStdString() + "\n";
}

std::string formatCheckText(const CheckReport& report) {
    std::string out =
        "dashboard \"" + report.dashboard + "\"" +
        (report.withSource ? " against " + report.source : std::string(" (no source: queries parsed only)")) +
        "\n";
    if (report.unreachable) return out + "error: " + report.unreachableError + "\n";
    for (const std::string& problem : report.problems)
        out += "  problem: " + problem + "\n";
    int queries = 0;
    for (const PanelReport& panel : report.panels) {
        queries += panel.queries;
        out += "  " + panel.path + " \"" + panel.title + "\" (" + panel.type + "): ";
        out += panelFine(panel) ? "ok\n" : "\n";
        for (const std::string& problem : panel.problems)
            out += "    " + problem + "\n";
        if (panel.noData) out += "    no data\n";
        auto list = [](const std::vector<std::string>& items) {
            std::string text;
            for (const std::string& item : items)
                text += (text.empty() ? "" : ", ") + item;
            return text;
        };
        if (!panel.missingMetrics.empty())
            out += "    metrics the source does not have: " + list(panel.missingMetrics) + "\n";
        if (!panel.missingLabels.empty())
            out += "    labels the source does not have: " + list(panel.missingLabels) + "\n";
    }
    out += std::to_string(report.panels.size()) + " panels, " + std::to_string(queries) +
           " queries: " + std::to_string(report.panelsWithProblems()) + " with problems";
    if (report.withSource) out += ", " + std::to_string(report.panelsWithoutData()) + " without data";
    return out + "\n";
}

} // namespace dw::dashboard
