#include "promql/test_script.h"

#include "model/number_parser.h"
#include "model/sample_value.h"
#include "promql/engine.h"
#include "promql/label_regex.h"
#include "promql/label_set.h"
#include "promql/parser.h"
#include "promql/series_description.h"
#include "promql/step_series.h"
#include "promql/vector_functions.h"
#include "util/duration.h"

#include <cmath>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <unordered_map>

namespace dw::promql {

namespace {

struct Expected {
    Labels labels;
    std::vector<double> values;
    int position = 0;
};

// An `expect <type> [msg|regex]: <text>` line; without a message it matches anything.
struct Expectation {
    std::string message;
    std::optional<std::regex> regex;
    bool any = true;
    bool matches(const std::string& text) const {
        if (any) return true;
        return regex ? std::regex_search(text, *regex) : text == message;
    }
};

struct EvalCommand {
    int line = 0;
    std::string text;
    bool range = false;
    bool fail = false;
    bool ordered = false;
    bool skip = false;
    std::int64_t start = 0, end = 0, step = 0;
    std::string expr;
    std::optional<double> scalar;
    std::vector<Expected> expected;
    std::vector<Expectation> failExpect; // `expect fail`, eval_fail, expected_fail_message/regexp
    std::vector<Expectation> warnExpect, infoExpect;
    bool warnLegacy = false, infoLegacy = false; // eval_warn, eval_info: at least one
    bool noWarn = false, noInfo = false;
    std::optional<std::string> expectedString;
    bool rangeVector = false; // `expect range vector from … to … step …` on an instant query
};

// Go's strconv.Unquote for the quoted text of `expect string`.
std::optional<std::string> unquoteGo(std::string_view text) {
    if (text.size() < 2 || text.front() != text.back() || (text.front() != '"' && text.front() != '`'))
        return std::nullopt;
    if (text.front() == '`') return std::string(text.substr(1, text.size() - 2));
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i + 1 >= text.size()) return std::nullopt;
        switch (text[i]) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case '\\':
            out += '\\';
            break;
        case '"':
            out += '"';
            break;
        default:
            return std::nullopt;
        }
    }
    return out;
}

bool almostEqual(double a, double b) {
    constexpr double epsilon = 1e-6;
    constexpr double minNormal = 2.2250738585072014e-308;
    if (std::isnan(a) && std::isnan(b)) return true;
    if (a == b) return true;
    const double diff = std::fabs(a - b);
    if (a == 0 || b == 0 || diff < minNormal) return diff < epsilon * minNormal;
    return diff / (std::fabs(a) + std::fabs(b)) < epsilon;
}

std::string trim(std::string_view s) {
    const std::size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string_view::npos) return {};
    const std::size_t b = s.find_last_not_of(" \t\r");
    return std::string(s.substr(a, b - a + 1));
}

std::optional<std::int64_t> parseTime(const std::string& text) {
    if (const auto ms = parseDurationMs(text)) return ms;
    double seconds = 0;
    if (parseSampleValue(text, false, seconds) && std::isfinite(seconds))
        return std::int64_t(std::llround(seconds * 1000));
    return std::nullopt;
}

std::string valuesText(const std::vector<double>& values) {
    std::string out;
    for (double v : values) {
        if (!out.empty()) out += ' ';
        out += isPresent(v) ? formatFloatPlain(v) : "_";
    }
    return out;
}

class Runner {
public:
    explicit Runner(const EngineOptions& options) : m_options(options) {}

    TestScript::Summary run(std::string_view script) {
        std::vector<std::string> lines;
        std::istringstream in{std::string(script)};
        for (std::string line; std::getline(in, line);) {
            line = trim(line);
            if (line.starts_with("#")) line.clear();
            lines.push_back(line);
        }
        clear();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::string& l = lines[i];
            if (l.empty()) continue;
            const std::string word = l.substr(0, l.find_first_of(" \t"));
            if (word == "clear") {
                clear();
            } else if (word == "load" || word == "load_with_nhcb") {
                if (!load(lines, i, word != "load")) return m_summary;
            } else if (word.starts_with("eval")) {
                EvalCommand cmd;
                if (!parseEval(lines, i, cmd)) return m_summary;
                evaluate(cmd);
            } else {
                m_summary.error = "line " + std::to_string(i + 1) + ": invalid command \"" + l + "\"";
                return m_summary;
            }
        }
        return m_summary;
    }

private:
    void clear() {
        SeriesStore::Options options;
        options.retentionMs = INT64_MAX / 4;
        options.memoryBudgetBytes = SIZE_MAX / 4;
        m_store = std::make_unique<SeriesStore>(options);
        m_histogramSeries.clear();
    }

    bool fail(std::size_t line, const std::string& message) {
        m_summary.error = "line " + std::to_string(line + 1) + ": " + message;
        return false;
    }

    bool load(const std::vector<std::string>& lines, std::size_t& i, bool nhcb) {
        const std::string& head = lines[i];
        const auto step = parseDurationMs(trim(head.substr(head.find_first_of(" \t") + 1)));
        if (!step) return fail(i, "invalid step in \"" + head + "\"");
        SeriesStore::Writer writer(*m_store);
        while (i + 1 < lines.size() && !lines[i + 1].empty()) {
            ++i;
            SeriesDescription series;
            std::string error;
            if (!parseSeriesDescription(lines[i], series, error)) return fail(i, error);
            if (series.nativeHistogram) {
                m_histogramSeries.push_back(series.labels);
                continue;
            }
            if (nhcb) addCustomBucketsSeries(series.labels);
            std::vector<LabelView> views;
            for (const Label& l : series.labels)
                views.push_back({l.name, l.value});
            const SeriesRef ref = writer.getOrCreate(views);
            for (std::size_t k = 0; k < series.values.size(); ++k)
                if (isPresent(series.values[k]))
                    writer.append(ref, std::int64_t(k) * *step, series.values[k]);
        }
        return true;
    }

    bool parseEval(const std::vector<std::string>& lines, std::size_t& i, EvalCommand& cmd) {
        static const std::regex instant(
            R"(^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$)");
        static const std::regex range(
            R"(^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$)");
        static const std::regex expectLine(
            R"(^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$)");
        static const std::regex expectRange(
            R"(^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$)");
        cmd.line = int(i + 1);
        cmd.text = lines[i];
        std::smatch m;
        std::string modifier;
        if (std::regex_match(lines[i], m, instant)) {
            modifier = m[1];
            const auto at = parseTime(m[2].matched ? m[2].str() : "0");
            if (!at) return fail(i, "invalid evaluation time \"" + m[2].str() + "\"");
            cmd.start = cmd.end = *at;
            cmd.expr = m[3];
        } else if (std::regex_match(lines[i], m, range)) {
            modifier = m[1];
            cmd.range = true;
            const auto from = parseTime(m[2]), to = parseTime(m[3]), step = parseDurationMs(m[4].str());
            if (!from || !to || !step) return fail(i, "invalid range in \"" + lines[i] + "\"");
            cmd.start = *from;
            cmd.end = *to;
            cmd.step = *step;
            cmd.expr = m[5];
        } else {
            return fail(i, "invalid evaluation command \"" + lines[i] + "\"");
        }
        cmd.fail = modifier == "fail";
        if (cmd.fail) cmd.failExpect.push_back({});
        cmd.ordered = modifier == "ordered";
        cmd.warnLegacy = modifier == "warn";
        cmd.infoLegacy = modifier == "info";
        int position = 0;
        while (i + 1 < lines.size() && !lines[i + 1].empty()) {
            const std::string& l = lines[++i];
            if (cmd.fail && l.starts_with("expected_fail_message")) {
                cmd.failExpect.back() = {trim(l.substr(21)), std::nullopt, false};
                continue;
            }
            if (cmd.fail && l.starts_with("expected_fail_regexp")) {
                cmd.failExpect.back() = {{}, std::regex(trim(l.substr(20))), false};
                continue;
            }
            std::smatch e;
            if (std::regex_match(l, e, expectRange)) {
                const auto from = parseTime(trim(e[1].str())), to = parseTime(trim(e[2].str()));
                const auto step = parseDurationMs(trim(e[3].str()));
                if (!from || !to || !step) return fail(i, "invalid range vector definition \"" + l + "\"");
                cmd.rangeVector = true;
                cmd.start = *from;
                cmd.end = *to; // promqltest evaluates at the range's end
                cmd.step = *step;
                continue;
            }
            if (l.starts_with("expect string")) {
                const auto text = unquoteGo(trim(l.substr(13)));
                if (!text)
                    return fail(
                        i, "expected string literal not valid - check that the string is correctly quoted");
                cmd.expectedString = *text;
                continue;
            }
            if (l.substr(0, l.find(' ')) == "expect") {
                if (!std::regex_match(l, e, expectLine))
                    return fail(
                        i,
                        "invalid expect statement, must match `expect <type> <match_type>: <string>` format");
                const std::string type = e[1];
                Expectation expectation;
                if (e[2].matched) {
                    expectation.any = false;
                    if (e[2] == "msg")
                        expectation.message = trim(e[3].str());
                    else
                        expectation.regex = std::regex(trim(e[3].str()));
                }
                if (type == "ordered") cmd.ordered = true;
                if (type == "fail") cmd.fail = true, cmd.failExpect.push_back(expectation);
                if (type == "warn") cmd.warnExpect.push_back(expectation);
                if (type == "info") cmd.infoExpect.push_back(expectation);
                if (type == "no_warn") cmd.noWarn = true;
                if (type == "no_info") cmd.noInfo = true;
                continue;
            }
            double scalar = 0;
            if (parseSampleValue(l, false, scalar)) {
                cmd.scalar = scalar;
                continue;
            }
            SeriesDescription series;
            std::string error;
            if (!parseSeriesDescription(l, series, error)) return fail(i, error);
            if (series.nativeHistogram) {
                cmd.skip = true;
                continue;
            }
            if (!cmd.range && !cmd.rangeVector && series.values.size() > 1)
                return fail(i, "expecting multiple values in instant evaluation not allowed");
            cmd.expected.push_back({std::move(series.labels), std::move(series.values), ++position});
        }
        return true;
    }

    // load_with_nhcb also loads each classic histogram as a native histogram with custom buckets, named
    // without "_bucket" and without "le".
    void addCustomBucketsSeries(const Labels& labels) {
        const std::string_view name = labelValue(labels, "__name__");
        if (!name.ends_with("_bucket")) return;
        Labels histogram;
        for (const Label& l : labels)
            if (l.name == "__name__")
                histogram.push_back({l.name, std::string(name.substr(0, name.size() - 7))});
            else if (l.name != "le")
                histogram.push_back(l);
        m_histogramSeries.push_back(std::move(histogram));
    }

    // Whether the query reads a native histogram series (such evaluations are skipped).
    bool readsHistograms(const std::string& query) const {
        if (m_histogramSeries.empty()) return false;
        SyntaxError syntax;
        const NodePtr expr = parseQuery(query, syntax, m_options.generation);
        if (!expr) return false;
        bool reads = false;
        forEachSelector(*expr, [&](const VectorSelector& selector) {
            for (const Labels& labels : m_histogramSeries)
                reads = reads || selects(selector, labels);
        });
        return reads;
    }

    bool selects(const VectorSelector& selector, const Labels& labels) const {
        for (const LabelMatcher& m : selector.matchers) {
            std::unique_ptr<LabelRegex> regex;
            if (m.type == LabelMatcher::Type::Regex || m.type == LabelMatcher::Type::NotRegex) {
                std::string error;
                regex = LabelRegex::compile(m.value, error, m_options.generation);
                if (!regex) return false;
            }
            if (!matcherAccepts(m, labelValue(labels, m.name), regex.get())) return false;
        }
        return true;
    }

    void evaluate(const EvalCommand& cmd) {
        if (cmd.skip || readsHistograms(cmd.expr)) {
            ++m_summary.skipped;
            return;
        }
        std::string error = check(cmd);
        if (error.empty()) {
            ++m_summary.passed;
        } else {
            ++m_summary.failed;
            m_summary.failures.push_back({cmd.line, cmd.text, error});
        }
    }

    static std::string checkAnnotations(const char* type, const std::vector<Expectation>& expected,
                                        bool legacy, bool none, const std::vector<std::string>& actual) {
        const auto list = [&] {
            std::string out;
            for (const std::string& a : actual)
                out += (out.empty() ? "" : "; ") + a;
            return out;
        };
        if ((legacy || !expected.empty()) && actual.empty())
            return std::string("expected ") + type + " annotations but none were found";
        for (const Expectation& e : expected)
            if (std::none_of(actual.begin(), actual.end(),
                             [&](const std::string& a) { return e.matches(a); }))
                return std::string("expected ") + type + " annotation matching \"" + e.message +
                       "\" but found: " + list();
        if (!expected.empty())
            for (const std::string& a : actual)
                if (std::none_of(expected.begin(), expected.end(),
                                 [&](const Expectation& e) { return e.matches(a); }))
                    return std::string("unexpected ") + type + " annotation \"" + a + "\"";
        if (none && !actual.empty()) return std::string("unexpected ") + type + " annotations: " + list();
        return {};
    }

    std::string check(const EvalCommand& cmd) {
        SyntaxError syntax;
        const NodePtr expr = parseQuery(cmd.expr, syntax, m_options.generation);
        std::string error;
        QueryResult result;
        bool ok = false;
        if (expr) {
            const Engine engine(*m_store, m_options);
            ok = cmd.range ? engine.range(*expr, cmd.start, cmd.end, cmd.step, result, error)
                           : engine.instant(*expr, cmd.end, result, error);
        } else {
            error = syntax.describe();
        }
        if (cmd.fail) {
            if (ok) return "expected an error, got a result";
            for (const Expectation& e : cmd.failExpect)
                if (!e.matches(error))
                    return "expected error \"" + (e.regex ? std::string("/regex/") : e.message) +
                           "\", got \"" + error + "\"";
            return {};
        }
        if (!ok) return "unexpected error: " + error;
        if (auto bad = checkAnnotations("warn", cmd.warnExpect, cmd.warnLegacy, cmd.noWarn, result.warnings);
            !bad.empty())
            return bad;
        if (auto bad = checkAnnotations("info", cmd.infoExpect, cmd.infoLegacy, cmd.noInfo, result.infos);
            !bad.empty())
            return bad;
        if (cmd.expectedString) {
            if (result.type != ValueType::String) return "expected a string result";
            if (result.text != *cmd.expectedString)
                return "expected string \"" + *cmd.expectedString + "\" but got \"" + result.text + "\"";
            return {};
        }
        if (result.type == ValueType::String) return "unexpected string result \"" + result.text + "\"";
        if (result.type == ValueType::Matrix && !cmd.range && !cmd.rangeVector)
            return "received range result on instant evaluation";
        if (result.type == ValueType::Scalar) {
            if (!cmd.scalar)
                return "unexpected scalar result " + formatFloatPlain(result.series[0].points[0].v);
            if (!almostEqual(*cmd.scalar, result.series[0].points[0].v))
                return "expected scalar " + formatFloatPlain(*cmd.scalar) + " but got " +
                       formatFloatPlain(result.series[0].points[0].v);
            return {};
        }
        if (cmd.scalar) return "expected scalar " + formatFloatPlain(*cmd.scalar) + ", got a vector";
        std::unordered_map<std::uint64_t, const Expected*> expected;
        for (const Expected& e : cmd.expected)
            expected[hashLabels(e.labels)] = &e;
        std::size_t seen = 0;
        for (std::size_t pos = 0; pos < result.series.size(); ++pos) {
            const ResultSeries& s = result.series[pos];
            const auto it = expected.find(hashLabels(s.labels));
            if (it == expected.end()) return "unexpected metric " + labelsToString(s.labels) + " in result";
            const Expected& e = *it->second;
            ++seen;
            if (cmd.ordered && e.position != int(pos + 1))
                return "expected metric " + labelsToString(s.labels) + " at position " +
                       std::to_string(e.position) + " but was at " + std::to_string(pos + 1);
            if (!cmd.range && !cmd.rangeVector) {
                if (!almostEqual(e.values[0], s.points[0].v))
                    return "expected " + formatFloatPlain(e.values[0]) + " for " + labelsToString(s.labels) +
                           " but got " + formatFloatPlain(s.points[0].v);
                continue;
            }
            std::vector<double> got;
            std::vector<double> want;
            const std::size_t steps = std::size_t((cmd.end - cmd.start) / cmd.step) + 1;
            got.assign(steps, absentValue());
            for (const Point& p : s.points) {
                if (p.t < cmd.start || p.t > cmd.end || (p.t - cmd.start) % cmd.step != 0)
                    return "unexpected point at " + std::to_string(p.t) + " ms for " +
                           labelsToString(s.labels);
                got[std::size_t((p.t - cmd.start) / cmd.step)] = p.v;
            }
            want = e.values;
            want.resize(steps, absentValue());
            bool same = true;
            for (std::size_t k = 0; k < steps && same; ++k)
                same = isPresent(want[k]) == isPresent(got[k]) &&
                       (!isPresent(want[k]) || almostEqual(want[k], got[k]));
            if (!same)
                return "expected " + valuesText(want) + " for " + labelsToString(s.labels) + " but got " +
                       valuesText(got);
        }
        if (seen != cmd.expected.size()) {
            for (const Expected& e : cmd.expected) {
                bool found = false;
                for (const ResultSeries& s : result.series)
                    found |= hashLabels(s.labels) == hashLabels(e.labels);
                if (!found)
                    return "expected metric " + labelsToString(e.labels) + " with " + valuesText(e.values) +
                           " not found";
            }
        }
        return {};
    }

    EngineOptions m_options;
    std::unique_ptr<SeriesStore> m_store;
    std::vector<Labels> m_histogramSeries; // native histogram series of the loads since the last clear
    TestScript::Summary m_summary;
};

} // namespace

TestScript::Summary TestScript::run(std::string_view script, const EngineOptions& options) {
    return Runner(options).run(script);
}

} // namespace dw::promql
