#include "store/timestamped_loader.h"

#include "model/label_text.h"
#include "parser/exposition_parser.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace dw {

namespace {

struct Pending {
    std::size_t series;
    std::int64_t t;
    double v;
};

} // namespace

TimestampedLoad loadTimestampedOpenMetrics(std::string_view body, SeriesStore& store) {
    TimestampedLoad result;
    ExpositionParser parser;
    parser.reset(body, ExpositionFormat::OpenMetrics1);
    // Parsed completely before anything is stored, so a bad line leaves the store untouched.
    std::unordered_map<std::string_view, std::size_t> index;
    std::vector<Labels> series;
    std::vector<std::int64_t> lastTime;
    std::vector<Pending> samples;
    result.minTimeMs = std::numeric_limits<std::int64_t>::max();
    result.maxTimeMs = std::numeric_limits<std::int64_t>::min();
    auto fail = [&](std::string message) {
        result.error = {parser.line(), 1, std::move(message), quoteExcerpt(parser.lineText())};
        return result;
    };
    for (;;) {
        const ExpositionParser::Entry entry = parser.next();
        if (entry == ExpositionParser::Entry::Invalid) {
            result.error = parser.error();
            return result;
        }
        if (entry == ExpositionParser::Entry::End || entry == ExpositionParser::Entry::Eof) break;
        if (entry != ExpositionParser::Entry::Series) continue;
        if (!parser.hasTimestamp()) return fail("sample without a timestamp; every sample needs one here");
        const auto [it, inserted] = index.emplace(parser.seriesText(), series.size());
        if (inserted) {
            Labels labels{{std::string(kMetricNameLabel), std::string(parser.name())}};
            for (const auto& label : parser.labels())
                labels.push_back({std::string(label.name), unescaped(label.rawValue)});
            sortLabels(labels);
            series.push_back(std::move(labels));
            lastTime.push_back(std::numeric_limits<std::int64_t>::min());
        }
        const std::int64_t t = parser.timestampMs();
        if (t <= lastTime[it->second])
            return fail(t == lastTime[it->second] ? "duplicate timestamp for this series"
                                                  : "out-of-order timestamp for this series");
        lastTime[it->second] = t;
        samples.push_back({it->second, t, parser.value()});
        result.minTimeMs = std::min(result.minTimeMs, t);
        result.maxTimeMs = std::max(result.maxTimeMs, t);
    }
    std::vector<SeriesRef> refs;
    {
        SeriesStore::Writer writer(store);
        for (const Labels& labels : series) {
            std::vector<LabelView> views;
            for (const Label& l : labels)
                views.push_back({l.name, l.value});
            refs.push_back(writer.getOrCreate(views));
        }
        for (const Pending& s : samples)
            writer.append(refs[s.series], s.t, s.v);
    }
    result.ok = true;
    result.samples = samples.size();
    result.series = series.size();
    if (samples.empty()) result.minTimeMs = result.maxTimeMs = 0;
    return result;
}

} // namespace dw
