#include "parser/strict_checker.h"

#include "model/label_text.h"
#include "model/number_parser.h"
#include "util/hash.h"

#include <algorithm>
#include <cmath>

namespace dw {

namespace {

using Entry = ExpositionParser::Entry;
using LabelSpan = ExpositionParser::LabelSpan;

const LabelSpan* findLabel(std::span<const LabelSpan> labels, std::string_view name) {
    for (const LabelSpan& label : labels)
        if (label.name == name) return &label;
    return nullptr;
}

// name{a="1",b="2"} with labels sorted and escapes normalised, leaving out one label name if given.
std::string canonicalKey(std::string_view metric, std::span<const LabelSpan> labels,
                         std::string_view without) {
    std::vector<const LabelSpan*> sorted;
    for (const LabelSpan& label : labels)
        if (label.name != without) sorted.push_back(&label);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::string key(metric);
    key += '{';
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i) key += ',';
        key += sorted[i]->name;
        key += "=\"";
        appendEscapedLabelValue(unescaped(sorted[i]->rawValue), key);
        key += '"';
    }
    key += '}';
    return key;
}

// x for x_sum, x_count and x_bucket: the untyped pieces of one text-format summary or histogram.
std::string_view familyBase(std::string_view name) {
    for (const std::string_view suffix : {"_sum", "_count", "_bucket"})
        if (name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
    return name;
}

std::string describeExpected(MetricType type, const std::string& family, bool openMetrics) {
    std::string names;
    for (const SampleRole role :
         {SampleRole::Plain, SampleRole::Total, SampleRole::Info, SampleRole::Bucket, SampleRole::Count,
          SampleRole::Sum, SampleRole::GaugeCount, SampleRole::GaugeSum, SampleRole::Created}) {
        const std::string candidate = family + std::string(sampleRoleSuffix(role));
        if (sampleRole(type, family, candidate, openMetrics) == role)
            names += (names.empty() ? "" : ", ") + candidate;
    }
    return names;
}

} // namespace

StrictChecker::StrictChecker(ExpositionFormat format)
    : m_openMetrics(format == ExpositionFormat::OpenMetrics1) {}

void StrictChecker::report(const ExpositionParser& parser, std::vector<ParseError>& errors,
                           std::string message, std::string_view excerpt) {
    errors.push_back(
        {parser.line(), 1, std::move(message), quoteExcerpt(excerpt.empty() ? parser.lineText() : excerpt)});
}

void StrictChecker::check(const ExpositionParser& parser, Entry entry, std::vector<ParseError>& errors) {
    switch (entry) {
    case Entry::Help:
    case Entry::Type:
    case Entry::Unit:
        checkMetadata(parser, entry, errors);
        break;
    case Entry::Series:
        checkSample(parser, errors);
        break;
    default:
        break;
    }
}

void StrictChecker::startFamily(std::string name, std::vector<ParseError>& errors) {
    // A series can only repeat within its family (families may not interleave), or across the pieces of a
    // text-format summary or histogram, which share a base name: beyond that, forget the series seen,
    // so the set stays as small as a family.
    if (!m_hasFamily || familyBase(m_family.name) != familyBase(name)) forgetSeries();
    if (m_hasFamily) {
        m_histograms.endFamily(errors);
        m_seenFamilies[m_family.name] = m_family;
    }
    m_family = {};
    m_family.name = std::move(name);
    m_hasFamily = true;
    m_seenFamilies.emplace(m_family.name, m_family);
    m_histograms.beginFamily(m_family.name, MetricType::Unknown, m_openMetrics);
}

void StrictChecker::checkNameClash(const ExpositionParser& parser, const std::string& name, MetricType type,
                                   std::vector<ParseError>& errors) {
    static const std::vector<std::string_view> kNone, kCounter{"_total", "_created"},
        kHistogram{"_bucket", "_count", "_sum", "_created"}, kGaugeHistogram{"_bucket", "_gcount", "_gsum"},
        kSummary{"_count", "_sum", "_created"}, kInfo{"_info"};
    const std::vector<std::string_view>& suffixes = type == MetricType::Counter          ? kCounter
                                                    : type == MetricType::Histogram      ? kHistogram
                                                    : type == MetricType::GaugeHistogram ? kGaugeHistogram
                                                    : type == MetricType::Summary        ? kSummary
                                                    : type == MetricType::Info           ? kInfo
                                                                                         : kNone;
    if (const auto owner = m_claimedNames.find(name); owner != m_claimedNames.end() && owner->second != name)
        report(parser, errors,
               "metric family \"" + name + "\" clashes with the samples of family \"" + owner->second + "\"");
    for (const std::string_view suffix : suffixes) {
        const std::string sample = name + std::string(suffix);
        if (m_seenFamilies.count(sample)) {
            std::string message = "the samples of ";
            message.append(metricTypeName(type)).append(" \"").append(name).append("\" (").append(sample);
            message.append(") clash with metric family \"").append(sample).append("\"");
            report(parser, errors, message);
        }
        m_claimedNames.emplace(sample, name);
    }
}

bool StrictChecker::resumeFamily(const ExpositionParser& parser, const std::string& name,
                                 std::vector<ParseError>& errors) {
    const auto seen = m_seenFamilies.find(name);
    if (seen == m_seenFamilies.end()) return false;
    // The text format wants each metric in one group, but the untyped pieces of one summary or histogram
    // (x, x_sum, x_count, x_bucket) may interleave: Go's parser and Prometheus's own test data do so.
    if (m_openMetrics || !m_hasFamily || familyBase(m_family.name) != familyBase(name)) {
        report(parser, errors,
               "metric family \"" + name +
                   "\" appears again after other families; all lines of a family must "
                   "stand together");
        return false;
    }
    const Family resumed = seen->second;
    startFamily(name, errors);
    m_family = resumed;
    m_histograms.beginFamily(name, resumed.type, m_openMetrics);
    return true;
}

void StrictChecker::checkMetadata(const ExpositionParser& parser, Entry entry,
                                  std::vector<ParseError>& errors) {
    const std::string name(parser.name());
    const char* keyword = entry == Entry::Help ? "HELP" : entry == Entry::Type ? "TYPE" : "UNIT";
    const bool sameFamily = m_hasFamily && m_family.name == name;
    if (!sameFamily && !resumeFamily(parser, name, errors)) {
        if (!m_hasFamily || m_family.name != name) startFamily(name, errors);
    } else {
        bool& already = entry == Entry::Help   ? m_family.hasHelp
                        : entry == Entry::Type ? m_family.hasType
                                               : m_family.hasUnit;
        if (already) report(parser, errors, std::string("second ") + keyword + " line for \"" + name + "\"");
        const bool mustPrecede = m_openMetrics || entry == Entry::Type;
        if (m_family.hasSamples && mustPrecede)
            report(parser, errors,
                   std::string(keyword) + " line for \"" + name + "\" comes after its samples");
    }
    if (entry == Entry::Help) m_family.hasHelp = true;
    if (entry == Entry::Type) {
        if (m_openMetrics && !m_family.hasType) checkNameClash(parser, name, parser.type(), errors);
        m_family.hasType = true;
        m_family.type = parser.type();
        m_histograms.beginFamily(name, parser.type(), m_openMetrics);
    }
    if (entry == Entry::Unit) {
        m_family.hasUnit = true;
        m_family.unit = std::string(parser.unit());
        if (!m_family.unit.empty() && !name.ends_with("_" + m_family.unit))
            report(parser, errors,
                   "metric name \"" + name + "\" must end with its unit \"_" + m_family.unit + "\"");
    }
    const bool unitless = m_family.type == MetricType::Info || m_family.type == MetricType::StateSet;
    if (unitless && m_family.hasUnit && !m_family.unit.empty() && entry != Entry::Help)
        report(parser, errors, "a " + std::string(metricTypeName(m_family.type)) + " must not have a unit");
}

void StrictChecker::checkSample(const ExpositionParser& parser, std::vector<ParseError>& errors) {
    const std::string_view metric = parser.name();
    std::optional<SampleRole> role;
    if (m_hasFamily) role = sampleRole(m_family.type, m_family.name, metric, m_openMetrics);
    if (!role) {
        const std::string name(metric);
        if (m_hasFamily && metric.starts_with(m_family.name) && m_family.hasType)
            report(parser, errors,
                   "sample \"" + name + "\" does not fit " + std::string(metricTypeName(m_family.type)) +
                       " \"" + m_family.name + "\" (expected " +
                       describeExpected(m_family.type, m_family.name, m_openMetrics) + ")");
        if (!resumeFamily(parser, name, errors)) startFamily(name, errors);
        role = m_family.hasType ? sampleRole(m_family.type, m_family.name, metric, m_openMetrics)
                                : SampleRole::Plain;
        if (!role) role = SampleRole::Plain;
    }
    m_family.hasSamples = true;

    if (const std::string_view duplicate = parser.duplicateLabelName(); !duplicate.empty())
        report(parser, errors, "label \"" + std::string(duplicate) + "\" appears twice", parser.seriesText());

    const auto labels = parser.labels();
    std::optional<double> le;
    if (*role == SampleRole::Bucket) {
        const LabelSpan* leLabel = findLabel(labels, "le");
        double bound = 0;
        if (!leLabel)
            report(parser, errors, "histogram bucket without an \"le\" label", parser.seriesText());
        else if (!parseSampleValue(unescaped(leLabel->rawValue), m_openMetrics, bound) || std::isnan(bound))
            report(parser, errors, "le label is not a number", leLabel->rawValue);
        else if (m_openMetrics && std::isinf(bound) && leLabel->rawValue != "+Inf" &&
                 leLabel->rawValue != "-Inf")
            report(parser, errors, "an infinite le is written +Inf in OpenMetrics", leLabel->rawValue);
        else
            le = bound;
    }
    if (*role == SampleRole::Plain && m_family.type == MetricType::Summary) {
        const LabelSpan* quantile = findLabel(labels, "quantile");
        double q = 0;
        if (!quantile)
            report(parser, errors, "summary quantile sample without a \"quantile\" label",
                   parser.seriesText());
        else if (!parseSampleValue(unescaped(quantile->rawValue), m_openMetrics, q) || !(q >= 0 && q <= 1))
            report(parser, errors, "quantile label must be a number from 0 to 1", quantile->rawValue);
    }
    if (m_openMetrics) checkSampleValue(parser, *role, errors);

    checkRepeatedSeries(parser, errors);
    if (*role == SampleRole::Bucket && !le) return;
    if (m_family.type == MetricType::Histogram || m_family.type == MetricType::GaugeHistogram)
        m_histograms.add(*role, canonicalKey({}, labels, "le"), parser.value(), le, parser.line(), errors);
}

void StrictChecker::checkSampleValue(const ExpositionParser& parser, SampleRole role,
                                     std::vector<ParseError>& errors) {
    const double value = parser.value();
    const MetricType type = m_family.type;
    auto requireNonNegative = [&](const char* what) {
        if (std::isnan(value) || value < 0)
            report(parser, errors, std::string(what) + " must be a non-negative number", parser.valueText());
    };
    switch (role) {
    case SampleRole::Total:
        requireNonNegative("a counter's value");
        break;
    case SampleRole::Bucket:
        requireNonNegative("a bucket count");
        break;
    case SampleRole::Count:
    case SampleRole::GaugeCount:
        requireNonNegative("a count");
        break;
    case SampleRole::Sum:
        requireNonNegative(type == MetricType::Summary ? "a summary's _sum" : "a histogram's _sum");
        break;
    case SampleRole::GaugeSum:
        if (std::isnan(value)) report(parser, errors, "_gsum must be a number", parser.valueText());
        break;
    case SampleRole::Info:
        if (value != 1) report(parser, errors, "an info metric's value must be 1", parser.valueText());
        break;
    case SampleRole::Plain:
        if (type == MetricType::Summary && value < 0)
            report(parser, errors, "a quantile value must not be negative", parser.valueText());
        if (type == MetricType::StateSet) {
            if (!findLabel(parser.labels(), m_family.name))
                report(parser, errors,
                       "a stateset sample needs a label named after the family (\"" + m_family.name + "\")",
                       parser.seriesText());
            if (value != 0 && value != 1)
                report(parser, errors, "a stateset value must be 0 or 1", parser.valueText());
        }
        break;
    default:
        break;
    }
    if (parser.hasExemplar()) {
        const bool allowed = (type == MetricType::Counter && role == SampleRole::Total) ||
                             ((type == MetricType::Histogram || type == MetricType::GaugeHistogram) &&
                              role == SampleRole::Bucket);
        if (!allowed)
            report(parser, errors,
                   "exemplars are only allowed on counter _total and histogram _bucket samples");
    }
}

std::uint64_t StrictChecker::seriesHash(const ExpositionParser& parser) {
    std::uint64_t labels = 0; // a sum: the order labels are written in does not matter
    for (const LabelSpan& label : parser.labels()) {
        std::string_view value = label.rawValue;
        if (label.escaped) {
            m_unescaped = unescaped(label.rawValue);
            value = m_unescaped;
        }
        labels += hashMix(hashBytes(label.name), hashBytes(value));
    }
    return hashMix(hashBytes(parser.name()), labels);
}

std::string StrictChecker::canonicalKeyOf(std::string_view seriesText) const {
    // It was a valid series when it was seen; only a repeated series (or a hash collision) comes here.
    std::string line(seriesText);
    line += " 0\n";
    if (m_openMetrics) line += "# EOF\n";
    ExpositionParser again;
    again.reset(line, m_openMetrics ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004);
    if (again.next() != ExpositionParser::Entry::Series) return {};
    return canonicalKey(again.name(), again.labels(), {});
}

void StrictChecker::checkRepeatedSeries(const ExpositionParser& parser, std::vector<ParseError>& errors) {
    const std::uint64_t hash = seriesHash(parser);
    std::string key;
    const std::uint32_t found = m_seenIndex.find(hash, [&](std::uint32_t index) {
        if (key.empty()) key = canonicalKey(parser.name(), parser.labels(), {});
        return canonicalKeyOf(m_seen[index].text) == key;
    });
    if (found == HashIndex::kNone) {
        m_seenIndex.insert(hash, std::uint32_t(m_seen.size()));
        m_seen.push_back({parser.seriesText(), hash, parser.hasTimestamp(), parser.timestampMs()});
        return;
    }
    SeenSeries& previous = m_seen[found];
    if (!previous.hasTimestamp && !parser.hasTimestamp())
        report(parser, errors, "duplicate series " + key);
    else if (previous.hasTimestamp != parser.hasTimestamp())
        report(parser, errors, "series " + key + " is repeated with and without a timestamp");
    // Repeated with the same timestamp the OpenMetrics suite accepts (duplicate_timestamps_0 and _1);
    // going back in time it does not (bad_grouping_or_ordering_4 to _8).
    else if (parser.timestampMs() < previous.timestampMs)
        report(parser, errors, "series " + key + " is repeated with a timestamp that goes back in time");
    previous.hasTimestamp = parser.hasTimestamp();
    previous.timestampMs = parser.timestampMs();
}

void StrictChecker::forgetSeries() {
    // Erasing one by one costs what was inserted; clearing costs the table. Take the cheaper.
    if (m_seen.size() * 8 < m_seenIndex.capacity())
        for (std::uint32_t i = 0; i < m_seen.size(); ++i)
            m_seenIndex.erase(m_seen[i].hash, i);
    else
        m_seenIndex.clear();
    m_seen.clear();
}

void StrictChecker::finish(std::vector<ParseError>& errors) {
    if (m_hasFamily) m_histograms.endFamily(errors);
    m_hasFamily = false;
}

} // namespace dw
