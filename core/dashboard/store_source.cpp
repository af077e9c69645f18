#include "dashboard/store_source.h"

#include "promql/engine.h"
#include "promql/label_regex.h"
#include "promql/parser.h"

#include <algorithm>
#include <set>

namespace dw::dashboard {

namespace {

// Whether a series holds a sample in [startMs, endMs]: what Prometheus's series and label APIs count.
bool hasSamplesIn(const SeriesStore& store, SeriesRef ref, std::int64_t startMs, std::int64_t endMs,
                  std::vector<Sample>& scratch) {
    scratch.clear();
    store.samples(ref, startMs, endMs, scratch);
    return !scratch.empty();
}

} // namespace

StoreSource::StoreSource(const SeriesStore& store, std::string description, std::int64_t nowMs,
                         std::int64_t scrapeIntervalMs, promql::Generation generation)
    : m_store(store), m_description(std::move(description)), m_nowMs(nowMs),
      m_scrapeIntervalMs(scrapeIntervalMs), m_generation(generation) {}

bool StoreSource::query(const std::string& expr, bool instant, std::int64_t startMs, std::int64_t endMs,
                        std::int64_t stepMs, promql::QueryResult& result, std::string& error) {
    promql::SyntaxError syntax;
    const promql::NodePtr node = promql::parseQuery(expr, syntax, m_generation);
    if (!node) {
        error = syntax.describe();
        return false;
    }
    promql::EngineOptions options;
    options.generation = m_generation;
    const promql::Engine engine(m_store, options);
    return instant ? engine.instant(*node, endMs, result, error)
                   : engine.range(*node, startMs, endMs, stepMs, result, error);
}

bool StoreSource::metricNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                              std::string& error) {
    return labelValues("__name__", {}, startMs, endMs, out, error);
}

bool StoreSource::labelNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                             std::string&) {
    std::set<std::string> names;
    std::vector<Sample> scratch;
    for (const SeriesRef ref : m_store.allSeries()) {
        if (!hasSamplesIn(m_store, ref, startMs, endMs, scratch)) continue;
        for (const Label& label : m_store.labels(ref))
            names.insert(label.name);
    }
    out.assign(names.begin(), names.end());
    return true;
}

bool StoreSource::labelValues(const std::string& label, const std::string& match, std::int64_t startMs,
                              std::int64_t endMs, std::vector<std::string>& out, std::string& error) {
    std::vector<promql::LabelMatcher> matchers;
    std::vector<std::unique_ptr<promql::LabelRegex>> regexes;
    if (!match.empty()) {
        promql::SyntaxError syntax;
        const promql::NodePtr node = promql::parseQuery(match, syntax, m_generation);
        if (!node) {
            error = syntax.describe();
            return false;
        }
        const auto* selector = std::get_if<promql::VectorSelector>(&node->value);
        if (!selector) {
            error = "invalid parameter \"match[]\": \"" + match + "\" is not a series selector";
            return false;
        }
        matchers = selector->matchers;
        for (const promql::LabelMatcher& matcher : matchers) {
            const bool isRegex = matcher.type == promql::LabelMatcher::Type::Regex ||
                                 matcher.type == promql::LabelMatcher::Type::NotRegex;
            regexes.push_back(isRegex ? promql::LabelRegex::compile(matcher.value, error, m_generation)
                                      : nullptr);
            if (isRegex && !regexes.back()) return false;
        }
    }
    std::set<std::string> values;
    std::vector<Sample> scratch;
    for (const SeriesRef ref : m_store.allSeries()) {
        const Labels labels = m_store.labels(ref);
        const Label* wanted = nullptr;
        for (const Label& l : labels)
            if (l.name == label) wanted = &l;
        if (!wanted) continue;
        bool accepted = true;
        for (std::size_t i = 0; i < matchers.size() && accepted; ++i) {
            std::string_view value;
            for (const Label& l : labels)
                if (l.name == matchers[i].name) value = l.value;
            accepted = promql::matcherAccepts(matchers[i], value, regexes[i].get());
        }
        if (accepted && !values.count(wanted->value) && hasSamplesIn(m_store, ref, startMs, endMs, scratch))
            values.insert(wanted->value);
    }
    out.assign(values.begin(), values.end());
    return true;
}

} // namespace dw::dashboard
