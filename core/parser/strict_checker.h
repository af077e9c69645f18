#pragma once

#include "parser/exposition_parser.h"
#include "parser/histogram_group_checker.h"
#include "util/hash_index.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dw {

// The semantic rules of a strict validation, applied to the entries a strict ExpositionParser returns:
// metadata before samples and at most once per family, families not interleaved, sample names that fit
// their family's type, required le/quantile/state labels, value ranges per type (OpenMetrics), exemplars
// only where allowed, repeated series only with increasing timestamps, and histogram group consistency.
// It keeps views of the series it has seen: the input must stay in place until finish(). Thread-safety: none.
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
    struct SeenSeries {
        std::string_view text; // as written, in the input
        std::uint64_t hash = 0;
        bool hasTimestamp = false;
        std::int64_t timestampMs = 0;
    };

    void checkMetadata(const ExpositionParser& parser, ExpositionParser::Entry entry,
                       std::vector<ParseError>& errors);
    void checkSample(const ExpositionParser& parser, std::vector<ParseError>& errors);
    void checkSampleValue(const ExpositionParser& parser, SampleRole role, std::vector<ParseError>& errors);
    void checkRepeatedSeries(const ExpositionParser& parser, std::vector<ParseError>& errors);
    // The same labels in any order and with any escaping give the same hash.
    std::uint64_t seriesHash(const ExpositionParser& parser);
    // name{labels} sorted and with escapes normalised, of series text seen before.
    std::string canonicalKeyOf(std::string_view seriesText) const;
    void forgetSeries();
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
    // The series seen in the current family (and the pieces sharing its base name), found by
    // seriesHash(): no key is built or stored for a series seen once.
    std::vector<SeenSeries> m_seen;
    HashIndex m_seenIndex;
    std::string m_unescaped;
    HistogramGroupChecker m_histograms;
};

} // namespace dw
