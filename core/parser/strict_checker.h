#pragma once

#include "parser/exposition_parser.h"
#include "parser/histogram_group_checker.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dw {

// The semantic rules of a strict validation, applied to the entries a strict ExpositionParser returns:
// metadata before samples and at most once per family, families not interleaved, sample names that fit
// their family's type, required le/quantile/state labels, value ranges per type (OpenMetrics), exemplars
// only where allowed, repeated series only with increasing timestamps, and histogram group consistency.
// Thread-safety: none.
class StrictChecker {
public:
    explicit StrictChecker(ExpositionFormat format);

    void check(const ExpositionParser& parser, ExpositionParser::Entry entry,
               std::vector<ParseError>& errors);
    // Rules that can only be judged at the end of the input.
    void finish(std::vector<ParseError>& errors);

private:
    struct Family {
        std::string name;
        MetricType type = MetricType::Unknown;
        bool hasType = false;
        bool hasHelp = false;
        bool hasUnit = false;
        bool hasSamples = false;
        std::string unit;
    };
    struct SeriesState {
        bool hasTimestamp = false;
        std::int64_t timestampMs = 0;
    };

    void checkMetadata(const ExpositionParser& parser, ExpositionParser::Entry entry,
                       std::vector<ParseError>& errors);
    void checkSample(const ExpositionParser& parser, std::vector<ParseError>& errors);
    void checkSampleValue(const ExpositionParser& parser, SampleRole role, std::vector<ParseError>& errors);
    void checkRepeatedSeries(const ExpositionParser& parser, const std::string& key,
                             std::vector<ParseError>& errors);
    void startFamily(std::string name, std::vector<ParseError>& errors);
    // OpenMetrics: a family whose samples would take another family's name (a counter "a" and a gauge
    // "a_created") is an error.
    void checkNameClash(const ExpositionParser& parser, const std::string& name, MetricType type,
                        std::vector<ParseError>& errors);
    // A family seen before, met again after others: an error, except in the text format between the
    // untyped pieces of one summary or histogram, where it resumes with what it had (true when resumed).
    bool resumeFamily(const ExpositionParser& parser, const std::string& name,
                      std::vector<ParseError>& errors);
    static void report(const ExpositionParser& parser, std::vector<ParseError>& errors, std::string message,
                       std::string_view excerpt = {});

    bool m_openMetrics;
    bool m_hasFamily = false;
    Family m_family;
    std::unordered_map<std::string, Family> m_seenFamilies; // as each was when it was left
    // OpenMetrics: the sample names each typed family uses (a_total, a_created...), to find clashes.
    std::unordered_map<std::string, std::string> m_claimedNames;
    std::unordered_map<std::string, SeriesState> m_series;
    HistogramGroupChecker m_histograms;
};

} // namespace dw
