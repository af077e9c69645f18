#include "dashboard/template_variables.h"

#include "promql/natural_order.h"
#include "promql/result_format.h"
#include "util/duration.h"

#include <QRegularExpression>
#include <algorithm>
#include <set>

namespace dw::dashboard {

namespace {

constexpr const char* kAll = "$__all";

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// A variable's regex as Grafana reads it: "/pattern/flags", or a bare pattern that must match whole.
std::optional<QRegularExpression> variableRegex(const std::string& text, std::string& error) {
    QString pattern = qs(text);
    QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
    const qsizetype close = pattern.lastIndexOf('/');
    if (pattern.startsWith('/') && close > 0) {
        const QString flags = pattern.mid(close + 1);
        pattern = pattern.mid(1, close - 1);
        if (flags.contains('i')) options |= QRegularExpression::CaseInsensitiveOption;
        if (flags.contains('m')) options |= QRegularExpression::MultilineOption;
        if (flags.contains('s')) options |= QRegularExpression::DotMatchesEverythingOption;
    } else {
        pattern = "^" + pattern + "$";
    }
    QRegularExpression regex(pattern, options);
    if (!regex.isValid()) {
        error = "regex \"" + text + "\" does not compile: " + regex.errorString().toStdString();
        return std::nullopt;
    }
    return regex;
}

// Grafana's filter: options the regex does not match are dropped; a capture group (or the named groups
// text and value) replaces what is shown and used.
std::vector<VariableOption> filterOptions(const std::vector<VariableOption>& in,
                                          const QRegularExpression& regex) {
    std::vector<VariableOption> out;
    std::set<std::string> seen;
    const bool named =
        regex.namedCaptureGroups().contains("text") || regex.namedCaptureGroups().contains("value");
    for (const VariableOption& option : in) {
        const QRegularExpressionMatch match = regex.match(qs(option.text));
        if (!match.hasMatch()) continue;
        VariableOption kept = option;
        if (named) {
            const QString text = match.captured("text"), value = match.captured("value");
            kept.text = (text.isEmpty() ? value : text).toStdString();
            kept.value = (value.isEmpty() ? text : value).toStdString();
        } else if (regex.captureCount() > 0) {
            if (match.captured(1).isNull()) continue;
            kept.text = kept.value = match.captured(1).toStdString();
        }
        if (seen.insert(kept.value).second) out.push_back(kept);
    }
    return out;
}

std::int64_t firstNumber(const std::string& text) {
    static const QRegularExpression digits("(\\d+)");
    const QRegularExpressionMatch match = digits.match(qs(text));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

void sortOptions(std::vector<VariableOption>& options, int sort) {
    if (sort <= 0 || sort > 8) return;
    auto less = [sort](const VariableOption& a, const VariableOption& b) {
        switch ((sort + 1) / 2) {
        case 1:
            return a.text < b.text;
        case 2:
            return firstNumber(a.text) < firstNumber(b.text);
        case 3:
            return qs(a.text).compare(qs(b.text), Qt::CaseInsensitive) < 0;
        default:
            return promql::naturalLess(a.text, b.text);
        }
    };
    std::stable_sort(options.begin(), options.end(), less);
    if (sort % 2 == 0) std::reverse(options.begin(), options.end());
}

std::vector<VariableOption> fromStrings(const std::vector<std::string>& values) {
    std::vector<VariableOption> out;
    out.reserve(values.size());
    for (const std::string& value : values)
        out.push_back({value, value});
    return out;
}

// Grafana's text for each series of query_result(): `name{a="b",c="d"} value timestamp_ms`.
std::vector<VariableOption> queryResultOptions(const promql::QueryResult& result) {
    std::vector<VariableOption> out;
    for (const promql::ResultSeries& series : result.series) {
        std::string name, labels;
        for (const Label& label : series.labels) {
            if (label.name == "__name__") {
                name = label.value;
                continue;
            }
            labels += (labels.empty() ? "" : ",") + label.name + "=\"" + label.value + "\"";
        }
        std::string text = name + "{" + labels + "}";
        if (!series.points.empty())
            text += " " + promql::formatApiValue(series.points.back().v) + " " +
                    std::to_string(series.points.back().t);
        out.push_back({text, text});
    }
    if (result.series.empty() && !result.text.empty()) out.push_back({result.text, result.text});
    return out;
}

// A query variable's options from the source, by Grafana's query forms.
bool queryOptions(const std::string& query, DashboardSource& source, const TimeRange& range,
                  std::vector<VariableOption>& out, std::string& error) {
    static const QRegularExpression labelNames("^label_names\\(\\s*(.*?)\\s*\\)\\s*$");
    static const QRegularExpression labelValues(
        "^label_values\\((?:(.+),\\s*)?([a-zA-Z_$][a-zA-Z0-9_.]*|\"[^\"]+\")\\s*\\)\\s*$");
    static const QRegularExpression metrics("^metrics\\((.+)\\)\\s*$");
    static const QRegularExpression queryResult("^query_result\\((.+)\\)\\s*$");
    const QString text = qs(query).trimmed();
    std::vector<std::string> values;
    if (const auto m = labelNames.match(text); m.hasMatch()) {
        if (!source.labelNames(range.fromMs, range.toMs, values, error)) return false;
    } else if (const auto m = labelValues.match(text); m.hasMatch()) {
        QString label = m.captured(2);
        if (label.startsWith('"')) label = label.mid(1, label.size() - 2);
        if (!source.labelValues(label.toStdString(), m.captured(1).trimmed().toStdString(), range.fromMs,
                                range.toMs, values, error))
            return false;
    } else if (const auto m = metrics.match(text); m.hasMatch()) {
        std::vector<std::string> names;
        if (!source.metricNames(range.fromMs, range.toMs, names, error)) return false;
        const QRegularExpression filter(m.captured(1));
        if (!filter.isValid()) {
            error = "metrics(): regex does not compile: " + filter.errorString().toStdString();
            return false;
        }
        for (const std::string& name : names)
            if (filter.match(qs(name)).hasMatch()) values.push_back(name);
    } else {
        const auto wrapped = queryResult.match(text);
        promql::QueryResult result;
        const std::string expr = wrapped.hasMatch() ? wrapped.captured(1).toStdString() : text.toStdString();
        if (!source.query(expr, true, range.fromMs, range.toMs, 0, result, error)) return false;
        out = queryResultOptions(result);
        return true;
    }
    out = fromStrings(values);
    return true;
}

} // namespace

std::vector<VariableOption> customOptions(const std::string& query) {
    std::vector<VariableOption> out;
    std::string current;
    auto flush = [&] {
        const QString item = qs(current).trimmed();
        current.clear();
        if (item.isEmpty()) return;
        // "key : value" (spaces around the colon) names an option by its key.
        const qsizetype colon = item.indexOf(" : ");
        if (colon > 0)
            out.push_back(
                {item.left(colon).trimmed().toStdString(), item.mid(colon + 3).trimmed().toStdString()});
        else
            out.push_back({item.toStdString(), item.toStdString()});
    };
    for (std::size_t i = 0; i < query.size(); ++i) {
        if (query[i] == '\\' && i + 1 < query.size() && query[i + 1] == ',') {
            current += ',';
            ++i;
        } else if (query[i] == ',') {
            flush();
        } else {
            current += query[i];
        }
    }
    flush();
    return out;
}

Scope builtinScope(const TimeRange& range, std::int64_t intervalMs, std::int64_t scrapeIntervalMs,
                   const std::string& dashboardTitle) {
    auto single = [](std::string value) {
        VariableValue v;
        v.values = {std::move(value)};
        return v;
    };
    const std::int64_t rangeS = (range.spanMs() + 500) / 1000;
    Scope scope;
    scope["__interval"] = single(formatInterval(intervalMs));
    scope["__interval_ms"] = single(std::to_string(intervalMs));
    scope["__rate_interval"] = single(formatInterval(rateIntervalMs(intervalMs, scrapeIntervalMs)));
    scope["__rate_interval_ms"] = single(std::to_string(rateIntervalMs(intervalMs, scrapeIntervalMs)));
    scope["__range"] = single(std::to_string(rangeS) + "s");
    scope["__range_s"] = single(std::to_string(rangeS));
    scope["__range_ms"] = single(std::to_string(range.spanMs()));
    scope["__from"] = single(std::to_string(range.fromMs));
    scope["__to"] = single(std::to_string(range.toMs));
    scope["__dashboard"] = single(dashboardTitle);
    return scope;
}

void TemplateVariables::resolve(const Dashboard& dashboard, DashboardSource* source, const TimeRange& range,
                                const Preference preference,
                                const std::map<std::string, std::vector<std::string>>& choices) {
    m_states.clear();
    m_scope.clear();
    m_problems.clear();
    std::set<std::string> names;
    for (const Variable& variable : dashboard.variables)
        names.insert(variable.name);
    // Dependent variables after what they use, keeping the file's order otherwise.
    std::vector<const Variable*> pending;
    for (const Variable& variable : dashboard.variables)
        pending.push_back(&variable);
    while (!pending.empty()) {
        bool progressed = false;
        for (auto it = pending.begin(); it != pending.end();) {
            bool ready = true;
            for (const std::string& used : referencedVariables((*it)->query + " " + (*it)->regex))
                if (used != (*it)->name && names.count(used) && !m_states.count(used)) ready = false;
            if (!ready) {
                ++it;
                continue;
            }
            resolveOne(**it, source, range, preference, choices);
            it = pending.erase(it);
            progressed = true;
        }
        if (!progressed) {
            for (const Variable* variable : pending) {
                m_problems.push_back("variable " + variable->name + " (" + variable->path +
                                     ") depends on itself through other variables");
                resolveOne(*variable, nullptr, range, preference, choices);
            }
            break;
        }
    }
}

void TemplateVariables::resolveOne(const Variable& variable, DashboardSource* source, const TimeRange& range,
                                   Preference preference,
                                   const std::map<std::string, std::vector<std::string>>& choices) {
    State& state = m_states[variable.name];
    const std::string where = "variable " + variable.name + " (" + variable.path + ")";
    const std::string query = interpolate(variable.query, m_scope, Purpose::Query);
    if (variable.type == "query") {
        std::string error;
        if (source && !queryOptions(query, *source, range, state.options, error)) {
            state.problem = where + ": " + query + ": " + error;
            m_problems.push_back(state.problem);
        }
        if (!source) state.options = variable.options;
        state.options.erase(std::remove_if(state.options.begin(), state.options.end(),
                                           [](const VariableOption& o) { return o.value == kAll; }),
                            state.options.end());
        if (source && !variable.regex.empty()) {
            if (const auto regex = variableRegex(interpolate(variable.regex, m_scope, Purpose::Query), error))
                state.options = filterOptions(state.options, *regex);
            else
                m_problems.push_back(where + ": " + error);
        }
        if (source) sortOptions(state.options, variable.sort);
    } else if (variable.type == "custom") {
        state.options = customOptions(query);
    } else if (variable.type == "interval") {
        state.options = customOptions(query);
        if (variable.autoInterval) {
            const auto minimum = parseDurationMs(variable.autoMin);
            const std::string value =
                formatInterval(panelIntervalMs(range.spanMs(), variable.autoCount, minimum.value_or(10'000)));
            state.options.insert(state.options.begin(), {"auto", value});
        }
    } else if (variable.type == "constant") {
        state.options = {{query, query}};
    } else if (variable.type == "textbox") {
        const std::string value = variable.current.empty() ? query : variable.current.front();
        state.options = {{value, value}};
    } else if (variable.type == "datasource") {
        state.options = {{"Prometheus", "Prometheus"}};
    } else {
        if (variable.type != "adhoc")
            m_problems.push_back(where + ": variables of type \"" + variable.type + "\" are not supported");
        return; // ad hoc filters add matchers in Grafana's query editor; there are none to interpolate
    }

    auto isOption = [&](const std::string& value) {
        return std::any_of(state.options.begin(), state.options.end(),
                           [&](const VariableOption& o) { return o.value == value || o.text == value; });
    };
    const bool canAll = variable.includeAll && variable.type != "constant";
    std::vector<std::string> wanted;
    if (auto chosen = choices.find(variable.name); chosen != choices.end())
        wanted = chosen->second;
    else if (preference == Preference::All && canAll)
        wanted = {kAll};
    else if (preference == Preference::Saved)
        wanted = variable.current;
    for (const std::string& value : wanted) {
        if (value == kAll && canAll) {
            state.selected = {kAll};
            break;
        }
        // Without a source the saved value is all there is; with one it must still be an option.
        if (!source || isOption(value) || variable.type == "textbox") state.selected.push_back(value);
        if (!variable.multi && !state.selected.empty()) break;
    }
    if (state.selected.empty() && !state.options.empty()) state.selected = {state.options.front().value};

    VariableValue value;
    value.multiOrAll = variable.multi || variable.includeAll;
    if (state.selected == std::vector<std::string>{kAll}) {
        value.isAll = true;
        value.allValue = interpolate(variable.allValue, m_scope, Purpose::Query);
        for (const VariableOption& option : state.options) {
            value.values.push_back(option.value);
            value.texts.push_back(option.text);
        }
        value.texts = {"All"};
    } else {
        for (const std::string& selected : state.selected) {
            value.values.push_back(selected);
            auto option = std::find_if(state.options.begin(), state.options.end(),
                                       [&](const VariableOption& o) { return o.value == selected; });
            value.texts.push_back(option == state.options.end() ? selected : option->text);
        }
    }
    if (value.values.empty()) value.values = {""}; // Grafana interpolates a variable without values as ""
    m_scope[variable.name] = std::move(value);
}

std::vector<std::string> TemplateVariables::problems() const {
    return m_problems;
}

} // namespace dw::dashboard
