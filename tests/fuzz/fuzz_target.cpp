#include "fuzz_target.h"

#include "lint/metrics_linter.h"
#include "model/sample_value.h"
#include "parser/exposition_parser.h"
#include "parser/exposition_validator.h"
#include "promql/engine.h"
#include "promql/parser.h"
#include "scrape/scrape_ingester.h"

#include <cstdio>
#include <cstdlib>

void fuzzExpositionInput(const std::uint8_t* data, std::size_t size) {
    using namespace dw;
    if (size == 0) return;
    const ExpositionFormat format =
        (data[0] & 1) ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

    ParseLimits limits;
    limits.maxLabels = 16;
    limits.maxLineLength = 4096;
    ExpositionParser parser(ParseOptions{false, limits});
    parser.reset(body, format);
    for (auto entry = parser.next(); entry != ExpositionParser::Entry::End; entry = parser.next()) {
        if (entry == ExpositionParser::Entry::Invalid) {
            // Errors must point inside the input.
            if (parser.error().line < 1 || parser.error().column < 1) std::abort();
            break;
        }
        if (entry == ExpositionParser::Entry::Series) {
            for (const auto& label : parser.labels())
                if (label.rawValue.data() < body.data() ||
                    label.rawValue.data() + label.rawValue.size() > body.data() + body.size())
                    std::abort();
            (void)parser.duplicateLabelName();
        }
    }
    const auto errors = validateExposition(body, format, limits, 20);
    LintOptions options;
    options.policy = &LabelPolicy::compozyDefault();
    options.limits = limits;
    (void)lintExposition(body, format, options);

    SeriesStore store;
    ScrapeIngester ingester(store, {{"job", "fuzz"}}, ParseOptions{false, limits});
    const auto first = ingester.ingest(body, format, 1000);
    const auto second = ingester.ingest(body, format, 2000);
    // The same body scraped twice creates no series the second time.
    if (first.ok && second.ok && second.newSeries != 0) std::abort();
    if (first.ok != second.ok) std::abort();
    (void)errors;
}

namespace {

const dw::SeriesStore& fuzzStore() {
    using namespace dw;
    static const auto store = [] {
        auto s = std::make_unique<SeriesStore>();
        SeriesStore::Writer writer(*s);
        const std::vector<std::vector<LabelView>> series = {
            {{"__name__", "g"}, {"job", "a"}},          {{"__name__", "g"}, {"job", "b"}},
            {{"__name__", "c_total"}, {"job", "a"}},    {{"__name__", "h_bucket"}, {"le", "0.5"}},
            {{"__name__", "h_bucket"}, {"le", "+Inf"}},
        };
        for (std::size_t i = 0; i < series.size(); ++i) {
            const SeriesRef ref = writer.getOrCreate(series[i]);
            for (std::int64_t t = 0; t <= 600000; t += 15000) {
                double v = double((t / 15000) * (i + 1) % 23);
                if (i == 1 && t == 300000) v = staleMarker();
                if (i == 0 && t == 150000) v = normalNaN();
                writer.append(ref, t, v);
            }
        }
        return s;
    }();
    return *store;
}

} // namespace

namespace {

void fuzzPromqlGeneration(const std::string& query, dw::promql::Generation generation) {
    using namespace dw;
    promql::SyntaxError syntax;
    const promql::NodePtr expr = promql::parseQuery(query, syntax, generation);
    if (!expr) {
        if (syntax.message.empty() || syntax.position > query.size()) std::abort();
        (void)syntax.describe();
        return;
    }
    // What the window shows of a query parses again (quoted UTF-8 names included).
    const std::string formatted = promql::format(*expr);
    promql::SyntaxError again;
    if (!promql::parseQuery(formatted, again, generation)) {
        std::fprintf(stderr, "formatted query does not parse: %s\n  %s\n", formatted.c_str(),
                     again.describe().c_str());
        std::abort();
    }
    promql::EngineOptions options;
    options.maxSamples = 200000; // keeps every input fast; the limit itself is part of what is tested
    options.generation = generation;
    const promql::Engine engine(fuzzStore(), options);
    promql::QueryResult result;
    std::string error;
    if (!engine.instant(*expr, 300000, result, error) && error.empty()) std::abort();
    error.clear();
    if (!engine.range(*expr, 0, 600000, 30000, result, error) && error.empty()) std::abort();
}

} // namespace

void fuzzPromqlInput(const std::uint8_t* data, std::size_t size) {
    const std::string query(reinterpret_cast<const char*>(data), size);
    fuzzPromqlGeneration(query, dw::promql::Generation::Prometheus3);
    fuzzPromqlGeneration(query, dw::promql::Generation::Prometheus2);
}
