#pragma once

#include "model/metric_type.h"
#include "parser/exposition_format.h"
#include "parser/parse_error.h"
#include "parser/parse_limits.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dw {

// Reads one exposition body (Prometheus text 0.0.4 or OpenMetrics 1.0) entry by entry. It checks syntax
// only: names, labels, values, timestamps, exemplars, metadata lines and # EOF. Everything it returns
// points into the input, so reading a body allocates nothing once the parser exists; StrictChecker adds
// the semantic rules of a validation. After Invalid, error() says what is wrong and where.
// Thread-safety: none. Use one instance per thread; the input must outlive the entries read from it.
class ExpositionParser {
public:
    enum class Entry { Help, Type, Unit, Series, Eof, End, Invalid };

    // A label as written: its name, and the value between the quotes with escapes still in place.
    struct LabelSpan {
        std::string_view name;
        std::string_view rawValue;
        bool escaped = false;
    };

    explicit ExpositionParser(ParseOptions options = {});

    void reset(std::string_view input, ExpositionFormat format);
    Entry next();

    ExpositionFormat format() const {
        return m_openMetrics ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004;
    }
    const ParseError& error() const { return m_error; }
    int line() const { return m_line; }
    int columnOf(const char* at) const { return int(at - m_lineStart) + 1; }
    std::string_view lineText() const { return {m_lineStart, std::size_t(m_lineEnd - m_lineStart)}; }

    // Help, Type, Unit: the family name. Series: the metric name.
    std::string_view name() const { return m_name; }
    std::string_view rawHelp() const { return m_text; }
    MetricType type() const { return m_type; }
    std::string_view unit() const { return m_text; }

    // Series: the name and labels exactly as written, the key of the scrape cache.
    std::string_view seriesText() const { return m_series; }
    std::span<const LabelSpan> labels() const { return {m_labels.data(), m_labelCount}; }
    std::string_view valueText() const { return m_valueText; }
    double value() const { return m_value; }
    bool hasTimestamp() const { return m_hasTimestamp; }
    std::int64_t timestampMs() const { return m_timestampMs; }
    bool hasExemplar() const { return m_hasExemplar; }
    std::span<const LabelSpan> exemplarLabels() const {
        return {m_labels.data() + m_labelCount, m_exemplarLabelCount};
    }
    double exemplarValue() const { return m_exemplarValue; }
    bool exemplarHasTimestamp() const { return m_exemplarHasTimestamp; }
    // Series: a label name written twice, or empty. Not checked by next() to keep scraping fast.
    std::string_view duplicateLabelName() const;

private:
    Entry parseLine(const char* p);
    Entry parseTextComment(const char* p);
    Entry parseOpenMetricsComment(const char* p);
    Entry parseSeries(const char* p);
    Entry parseSampleTail(const char* p);
    Entry parseExemplar(const char* p);
    // Parses {…} starting at '{'; returns the position after '}' or nullptr after fail().
    const char* parseLabels(const char* p, std::size_t firstSlot, std::size_t& count);
    const char* parseLabelValue(const char* p, LabelSpan& span);
    [[gnu::always_inline]] const char* skipBlanks(const char* p) const;
    [[gnu::always_inline]] const char* scanMetricName(const char* p) const;
    [[gnu::always_inline]] const char* scanToken(const char* p) const;
    int at(const char* p) const { return p < m_lineEnd ? static_cast<unsigned char>(*p) : -1; }
    Entry fail(const char* at, std::string message, std::string_view offending = {});
    Entry failAtToken(const char* at, std::string message);

    ParseOptions m_options;
    bool m_openMetrics = false;
    const char* m_pos = nullptr;
    const char* m_end = nullptr;
    const char* m_lineStart = nullptr;
    const char* m_lineEnd = nullptr;
    int m_line = 0;
    bool m_done = false;
    bool m_sawEof = false;
    ParseError m_error;

    std::string_view m_name;
    std::string_view m_text;
    MetricType m_type = MetricType::Unknown;
    std::string_view m_series;
    std::string_view m_valueText;
    std::vector<LabelSpan> m_labels;
    std::size_t m_labelCount = 0;
    std::size_t m_exemplarLabelCount = 0;
    double m_value = 0;
    bool m_hasTimestamp = false;
    std::int64_t m_timestampMs = 0;
    bool m_hasExemplar = false;
    double m_exemplarValue = 0;
    bool m_exemplarHasTimestamp = false;
};

} // namespace dw
