#include "promapi/recording_import.h"

#include "model/label_text.h"
#include "promapi/api_decode.h"
#include "promql/result_format.h"

#include <map>
#include <set>

namespace dw {

namespace {

// What Prometheus adds to every scrape itself; replay adds its own.
const std::set<std::string, std::less<>> kReportSeries = {"up",
                                                          "scrape_duration_seconds",
                                                          "scrape_samples_scraped",
                                                          "scrape_samples_post_metric_relabeling",
                                                          "scrape_series_added",
                                                          "scrape_timeout_seconds",
                                                          "scrape_sample_limit",
                                                          "scrape_body_size_bytes"};

struct TargetData {
    Labels labels; // job and instance
    std::map<std::int64_t, double> ups;
    std::map<std::int64_t, std::vector<std::pair<std::uint32_t, double>>> samples; // by time: (series, value)
};

std::string seriesText(const Labels& labels) {
    std::string out(labelValue(labels, kMetricNameLabel));
    std::string inner;
    for (const Label& label : labels) {
        if (label.name == kMetricNameLabel || label.name == "job" || label.name == "instance") continue;
        inner += inner.empty() ? "" : ",";
        inner += label.name + "=\"";
        appendEscapedLabelValue(label.value, inner);
        inner += '"';
    }
    return inner.empty() ? out : out + "{" + inner + "}";
}

} // namespace

RecordingImport::Result RecordingImport::run(QNetworkAccessManager& network,
                                             const PrometheusServerSpec& server, std::int64_t startMs,
                                             std::int64_t endMs, RecordingWriter& writer,
                                             std::int64_t sliceMs) {
    Result result;
    std::map<std::pair<std::string, std::string>, TargetData> targets;
    std::vector<std::string> seriesLines;
    std::map<Labels, std::uint32_t> seriesIndex;
    for (std::size_t i = 0; i < server.match.size(); ++i) {
        for (std::int64_t from = startMs - 1; from < endMs; from += sliceMs) {
            const std::int64_t to = std::min(endMs, from + sliceMs);
            QUrlQuery form;
            // (from, to]: left-open in Prometheus 3; 2.x also takes `from`, which the first slice excludes
            // by starting a millisecond early and later slices drop as duplicates below.
            form.addQueryItem(
                "query", QString::fromStdString(server.match[i] + "[" + std::to_string(to - from) + "ms]"));
            form.addQueryItem("time", QString::fromStdString(promql::formatApiTimestamp(to)));
            ApiResponse response = api::callAndWait(network, server, "/api/v1/query", form);
            for (std::string& warning : response.warnings)
                result.warnings.push_back(std::move(warning));
            if (!response.ok) {
                result.error = response.error;
                return result;
            }
            std::string error;
            const bool read = api::forEachSeries(
                response.data,
                [&](Labels& labels, std::vector<Sample>& samples) {
                    TargetData& target = targets[{std::string(labelValue(labels, "job")),
                                                  std::string(labelValue(labels, "instance"))}];
                    if (target.labels.empty())
                        for (const Label& label : labels)
                            if (label.name == "job" || label.name == "instance")
                                target.labels.push_back(label);
                    const std::string_view name = labelValue(labels, kMetricNameLabel);
                    if (name == "up") {
                        for (const Sample& s : samples)
                            target.ups[s.t] = s.v;
                        return;
                    }
                    if (kReportSeries.count(name)) return;
                    auto [it, added] = seriesIndex.try_emplace(labels, std::uint32_t(seriesLines.size()));
                    if (added) seriesLines.push_back(seriesText(labels));
                    for (const Sample& s : samples) {
                        auto& at = target.samples[s.t];
                        if (at.empty() || at.back().first != it->second) at.push_back({it->second, s.v});
                    }
                },
                error);
            if (!read) {
                result.error = "Prometheus at " + server.displayUrl() +
                               " sent a result DispatchWatch cannot read: " + error;
                return result;
            }
        }
    }
    // Scrapes in time order across targets, as a live recording has them.
    std::vector<std::tuple<std::int64_t, std::uint32_t, const TargetData*>> scrapes;
    for (const auto& [key, target] : targets) {
        RecordedTarget recorded;
        recorded.url = server.displayUrl();
        recorded.job = key.first;
        recorded.labels = target.labels;
        const std::uint32_t id = writer.target(recorded);
        std::set<std::int64_t> times;
        for (const auto& [t, v] : target.ups)
            times.insert(t);
        if (target.ups.empty())
            for (const auto& [t, s] : target.samples)
                times.insert(t);
        for (std::int64_t t : times)
            if (t >= startMs && t <= endMs) scrapes.emplace_back(t, id, &target);
        ++result.targets;
    }
    std::sort(scrapes.begin(), scrapes.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    std::string body;
    for (const auto& [t, id, target] : scrapes) {
        RecordedScrape scrape;
        scrape.target = id;
        scrape.timestampMs = t;
        const auto up = target->ups.find(t);
        scrape.ok = up == target->ups.end() || up->second == 1;
        if (scrape.ok) {
            body.clear();
            std::vector<std::pair<std::string_view, double>> lines;
            if (const auto at = target->samples.find(t); at != target->samples.end())
                for (const auto& [series, value] : at->second)
                    lines.emplace_back(seriesLines[series], value);
            std::sort(lines.begin(), lines.end());
            for (const auto& [text, value] : lines) {
                body.append(text).append(" ").append(promql::formatApiValue(value)).append("\n");
                ++result.samples;
            }
            scrape.status = 200;
            scrape.contentType = "text/plain; version=0.0.4; charset=utf-8";
            scrape.body = body;
            scrape.bodySize = std::int64_t(body.size());
        } else {
            scrape.error = "the server's scrape failed (up is 0)";
        }
        if (!writer.write(scrape)) {
            result.error = writer.error();
            return result;
        }
        ++result.scrapes;
    }
    result.series = seriesLines.size();
    result.ok = writer.sync();
    if (!result.ok) result.error = writer.error();
    return result;
}

} // namespace dw
