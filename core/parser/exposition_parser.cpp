#include "parser/exposition_parser.h"

#include "model/label_text.h"
#include "model/number_parser.h"

#include <array>
#include <cstring>

namespace dw {

namespace {

enum CharClass : unsigned char { kMetricFirst = 1, kMetricRest = 2, kLabelFirst = 4, kLabelRest = 8 };

constexpr std::array<unsigned char, 256> makeCharClasses() {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        unsigned char bits = 0;
        if (letter || c == '_' || c == ':') bits |= kMetricFirst | kMetricRest;
        if (digit) bits |= kMetricRest | kLabelRest;
        if (letter || c == '_') bits |= kLabelFirst | kLabelRest;
        table[std::size_t(c)] = bits;
    }
    return table;
}

constexpr auto kCharClasses = makeCharClasses();

bool hasClass(int c, CharClass cls) {
    return c >= 0 && (kCharClasses[std::size_t(c)] & cls) != 0;
}

constexpr std::size_t kMaxExemplarRunes = 128;

} // namespace

inline const char* ExpositionParser::skipBlanks(const char* p) const {
    while (p < m_lineEnd && (*p == ' ' || *p == '\t'))
        ++p;
    return p;
}

inline const char* ExpositionParser::scanMetricName(const char* p) const {
    if (!hasClass(at(p), kMetricFirst)) return p;
    ++p;
    while (hasClass(at(p), kMetricRest))
        ++p;
    return p;
}

inline const char* ExpositionParser::scanToken(const char* p) const {
    while (p < m_lineEnd && *p != ' ' && (m_openMetrics || *p != '\t'))
        ++p;
    return p;
}

ExpositionParser::ExpositionParser(ParseOptions options) : m_options(options) {
    // Series labels and exemplar labels share one buffer: room for both at their limits.
    m_labels.resize(2 * m_options.limits.maxLabels + 2);
}

void ExpositionParser::reset(std::string_view input, ExpositionFormat format) {
    m_openMetrics = format == ExpositionFormat::OpenMetrics1;
    m_pos = input.data();
    m_end = input.data() + input.size();
    m_lineStart = m_lineEnd = m_pos;
    m_line = 0;
    m_done = false;
    m_sawEof = false;
    m_error = {};
}

ExpositionParser::Entry ExpositionParser::next() {
    if (m_done) return m_error.isSet() ? Entry::Invalid : Entry::End;
    for (;;) {
        if (m_pos >= m_end) {
            if (m_openMetrics && !m_sawEof) {
                ++m_line;
                m_lineStart = m_lineEnd = m_end;
                return fail(m_end,
                            "the input ends without \"# EOF\", which OpenMetrics requires as its last line");
            }
            m_done = true;
            return Entry::End;
        }
        const auto* newline = static_cast<const char*>(std::memchr(m_pos, '\n', std::size_t(m_end - m_pos)));
        m_lineStart = m_pos;
        m_lineEnd = newline ? newline : m_end;
        m_pos = newline ? newline + 1 : m_end;
        ++m_line;
        if (m_sawEof) return fail(m_lineStart, "text after \"# EOF\"", lineText());
        if (std::size_t(m_lineEnd - m_lineStart) > m_options.limits.maxLineLength)
            return fail(m_lineStart, "line is longer than the limit of " +
                                         std::to_string(m_options.limits.maxLineLength) + " bytes");
        const char* p = m_lineStart;
        if (m_openMetrics) {
            if (p == m_lineEnd) return fail(p, "blank lines are not allowed in OpenMetrics");
        } else {
            p = skipBlanks(p);
            if (p == m_lineEnd) continue;
            if (*p == '#') {
                const Entry entry = parseTextComment(p);
                if (entry == Entry::End) continue; // an ordinary comment
                return entry;
            }
            return parseSeries(p);
        }
        return parseLine(p);
    }
}

ExpositionParser::Entry ExpositionParser::parseLine(const char* p) {
    return *p == '#' ? parseOpenMetricsComment(p) : parseSeries(p);
}

ExpositionParser::Entry ExpositionParser::fail(const char* position, std::string message,
                                               std::string_view offending) {
    m_done = true;
    m_error.line = m_line;
    m_error.column = columnOf(position);
    m_error.message = std::move(message);
    m_error.excerpt = offending.empty() ? std::string() : quoteExcerpt(offending);
    return Entry::Invalid;
}

ExpositionParser::Entry ExpositionParser::failAtToken(const char* position, std::string message) {
    const char* end = position;
    while (end < m_lineEnd && *end != ' ' && *end != '\t' && *end != '{' && *end != '}' && *end != ',')
        ++end;
    if (end == position && end < m_lineEnd) ++end;
    return fail(position, std::move(message), {position, std::size_t(end - position)});
}

ExpositionParser::Entry ExpositionParser::parseTextComment(const char* p) {
    // "# HELP name text" and "# TYPE name type" carry metadata; any other comment is ignored.
    const char* q = p + 1;
    const char* keyword = skipBlanks(q);
    if (keyword == q) return Entry::End;
    const auto rest = std::size_t(m_lineEnd - keyword);
    const bool help = rest > 4 && std::memcmp(keyword, "HELP", 4) == 0;
    const bool type = rest > 4 && std::memcmp(keyword, "TYPE", 4) == 0;
    if ((!help && !type) || (keyword[4] != ' ' && keyword[4] != '\t')) return Entry::End;
    const char* nameStart = skipBlanks(keyword + 4);
    const char* nameEnd = scanMetricName(nameStart);
    if (nameEnd == nameStart || (nameEnd < m_lineEnd && *nameEnd != ' ' && *nameEnd != '\t'))
        return failAtToken(nameStart,
                           help ? "invalid metric name in HELP line" : "invalid metric name in TYPE line");
    m_name = {nameStart, std::size_t(nameEnd - nameStart)};
    const char* textStart = skipBlanks(nameEnd);
    if (help) {
        m_text = {textStart, std::size_t(m_lineEnd - textStart)};
        if (m_options.strict && !hasOnlyEscapes(m_text, "\\n"))
            return fail(textStart, "HELP text may only use the escapes \\\\ and \\n", m_text);
        return Entry::Help;
    }
    const char* typeEnd = scanToken(textStart);
    while (typeEnd < m_lineEnd && *typeEnd == '\t')
        ++typeEnd;
    const std::string_view word(textStart, std::size_t(typeEnd - textStart));
    if (word.empty()) return fail(textStart, "TYPE line has no type after the metric name", lineText());
    const auto parsed = parseMetricType(word, false);
    if (!parsed)
        return fail(textStart,
                    "unknown metric type (text format types: counter, gauge, histogram, summary, untyped)",
                    word);
    if (skipBlanks(typeEnd) != m_lineEnd)
        return failAtToken(skipBlanks(typeEnd), "unexpected text after the type");
    m_type = *parsed;
    return Entry::Type;
}

ExpositionParser::Entry ExpositionParser::parseOpenMetricsComment(const char* p) {
    const std::string_view line(p, std::size_t(m_lineEnd - p));
    if (line == "# EOF") {
        m_sawEof = true;
        return Entry::Eof;
    }
    Entry kind;
    if (line.starts_with("# HELP "))
        kind = Entry::Help;
    else if (line.starts_with("# TYPE "))
        kind = Entry::Type;
    else if (line.starts_with("# UNIT "))
        kind = Entry::Unit;
    else
        return fail(p, "OpenMetrics allows only \"# HELP\", \"# TYPE\", \"# UNIT\" and \"# EOF\" lines here",
                    line);
    const char* nameStart = p + 7;
    const char* nameEnd = scanMetricName(nameStart);
    const char* keywordName = kind == Entry::Help ? "HELP" : kind == Entry::Type ? "TYPE" : "UNIT";
    if (nameEnd == nameStart)
        return failAtToken(nameStart, std::string("invalid metric name in ") + keywordName + " line");
    if (nameEnd == m_lineEnd || *nameEnd != ' ')
        return fail(nameEnd,
                    std::string(keywordName) + " line needs a single space and a value after the metric name",
                    line);
    m_name = {nameStart, std::size_t(nameEnd - nameStart)};
    const char* valueStart = nameEnd + 1;
    m_text = {valueStart, std::size_t(m_lineEnd - valueStart)};
    if (kind == Entry::Help) return kind; // unknown escapes are kept literally, as upstream does
    if (kind == Entry::Unit) {
        for (const char* q = valueStart; q < m_lineEnd; ++q)
            if (!hasClass(static_cast<unsigned char>(*q), kMetricRest))
                return fail(q, "invalid character in unit", m_text);
        return kind;
    }
    const auto parsed = parseMetricType(m_text, true);
    if (!parsed)
        return fail(
            valueStart,
            "unknown metric type (OpenMetrics types: counter, gauge, histogram, gaugehistogram, summary, "
            "info, stateset, unknown)",
            m_text);
    m_type = *parsed;
    return kind;
}

ExpositionParser::Entry ExpositionParser::parseSeries(const char* p) {
    const char* start = p;
    const char* q = scanMetricName(p);
    if (q == p) return failAtToken(p, "invalid metric name");
    m_name = {p, std::size_t(q - p)};
    m_labelCount = 0;
    m_exemplarLabelCount = 0;
    m_hasTimestamp = false;
    m_hasExemplar = false;
    if (q < m_lineEnd && *q == '{') {
        q = parseLabels(q, 0, m_labelCount);
        if (!q) return Entry::Invalid;
    }
    m_series = {start, std::size_t(q - start)};
    return parseSampleTail(q);
}

ExpositionParser::Entry ExpositionParser::parseSampleTail(const char* q) {
    if (q == m_lineEnd) return fail(q, "missing value after the series", m_series);
    if (m_openMetrics) {
        if (*q != ' ') return failAtToken(q, "expected a single space before the value");
        ++q;
    } else {
        const char* blank = skipBlanks(q);
        if (blank == q) return failAtToken(q, "expected a space before the value");
        q = blank;
    }
    const char* valueStart = q;
    q = scanToken(q);
    m_valueText = {valueStart, std::size_t(q - valueStart)};
    if (m_valueText.empty()) return fail(valueStart, "missing value after the series", m_series);
    if (!parseSampleValue(m_valueText, m_options.strict && m_openMetrics, m_value))
        return fail(valueStart, "invalid sample value", m_valueText);
    if (q == m_lineEnd) return Entry::Series;

    if (!m_openMetrics) {
        q = skipBlanks(q);
        if (q == m_lineEnd) return Entry::Series;
        const char* tsStart = q;
        q = scanToken(q);
        if (!parseTimestampMs({tsStart, std::size_t(q - tsStart)}, m_timestampMs))
            return fail(tsStart, "invalid timestamp (text format timestamps are integer milliseconds)",
                        {tsStart, std::size_t(q - tsStart)});
        m_hasTimestamp = true;
        q = skipBlanks(q);
        if (q != m_lineEnd) return failAtToken(q, "unexpected text after the timestamp");
        return Entry::Series;
    }

    ++q; // the single space after the value
    if (q == m_lineEnd) return fail(q - 1, "trailing space after the value");
    if (*q != '#') {
        const char* tsStart = q;
        q = scanToken(q);
        const std::string_view ts(tsStart, std::size_t(q - tsStart));
        if (ts.empty()) return fail(tsStart, "expected a timestamp or an exemplar after a single space");
        if (!parseTimestampSeconds(ts, m_options.strict, m_timestampMs))
            return fail(tsStart, "invalid timestamp (OpenMetrics timestamps are seconds)", ts);
        m_hasTimestamp = true;
        if (q == m_lineEnd) return Entry::Series;
        ++q;
        if (q == m_lineEnd) return fail(q - 1, "trailing space after the timestamp");
    }
    return parseExemplar(q);
}

ExpositionParser::Entry ExpositionParser::parseExemplar(const char* q) {
    if (m_lineEnd - q < 3 || q[0] != '#' || q[1] != ' ' || q[2] != '{')
        return failAtToken(q, "expected an exemplar \"# {labels} value\"");
    q = parseLabels(q + 2, m_labelCount, m_exemplarLabelCount);
    if (!q) return Entry::Invalid;
    if (q == m_lineEnd || *q != ' ')
        return failAtToken(q, "expected a single space before the exemplar value");
    ++q;
    const char* valueStart = q;
    q = scanToken(q);
    const std::string_view value(valueStart, std::size_t(q - valueStart));
    if (value.empty() || !parseSampleValue(value, m_options.strict, m_exemplarValue))
        return fail(valueStart, "invalid exemplar value", value.empty() ? lineText() : value);
    m_exemplarHasTimestamp = false;
    if (q != m_lineEnd) {
        ++q;
        const char* tsStart = q;
        q = scanToken(q);
        const std::string_view ts(tsStart, std::size_t(q - tsStart));
        std::int64_t ignored = 0;
        if (ts.empty() || !parseTimestampSeconds(ts, m_options.strict, ignored))
            return fail(tsStart, "invalid exemplar timestamp", ts.empty() ? lineText() : ts);
        m_exemplarHasTimestamp = true;
        if (q != m_lineEnd) return failAtToken(q, "unexpected text after the exemplar");
    }
    if (m_options.strict) {
        std::size_t runes = 0;
        for (const LabelSpan& label : exemplarLabels())
            runes += countRunes(label.name) + countRunes(unescaped(label.rawValue));
        if (runes > kMaxExemplarRunes)
            return fail(valueStart, "exemplar labels have " + std::to_string(runes) +
                                        " characters; OpenMetrics allows at most 128");
    }
    m_hasExemplar = true;
    return Entry::Series;
}

const char* ExpositionParser::parseLabels(const char* p, std::size_t firstSlot, std::size_t& count) {
    const ParseLimits& limits = m_options.limits;
    const char* q = p + 1;
    count = 0;
    if (!m_openMetrics) q = skipBlanks(q);
    if (at(q) == '}') return q + 1;
    for (;;) {
        const char* nameStart = q;
        if (!hasClass(at(q), kLabelFirst)) {
            if (at(q) == -1) return fail(q, "unterminated label set", {p, std::size_t(q - p)}), nullptr;
            return failAtToken(q, "invalid label name"), nullptr;
        }
        ++q;
        while (hasClass(at(q), kLabelRest))
            ++q;
        if (std::size_t(q - nameStart) > limits.maxLabelNameLength)
            return fail(nameStart, "label name is longer than the limit of " +
                                       std::to_string(limits.maxLabelNameLength) + " bytes"),
                   nullptr;
        if (count >= limits.maxLabels)
            return fail(nameStart, "more than the limit of " + std::to_string(limits.maxLabels) + " labels"),
                   nullptr;
        LabelSpan& span = m_labels[firstSlot + count];
        span.name = {nameStart, std::size_t(q - nameStart)};
        if (!m_openMetrics) q = skipBlanks(q);
        if (at(q) != '=') return failAtToken(q, "expected '=' after the label name"), nullptr;
        ++q;
        if (!m_openMetrics) q = skipBlanks(q);
        q = parseLabelValue(q, span);
        if (!q) return nullptr;
        ++count;
        if (!m_openMetrics) q = skipBlanks(q);
        if (at(q) == ',') {
            ++q;
            if (!m_openMetrics) {
                q = skipBlanks(q);
                if (at(q) == '}') return q + 1;
            }
            continue;
        }
        if (at(q) == '}') return q + 1;
        return failAtToken(q, "expected ',' or '}' after the label value"), nullptr;
    }
}

const char* ExpositionParser::parseLabelValue(const char* q, LabelSpan& span) {
    if (at(q) != '"') return failAtToken(q, "label value must be in double quotes"), nullptr;
    const char* valueStart = ++q;
    bool escaped = false;
    bool nonAscii = false;
    while (q < m_lineEnd) {
        const char c = *q;
        if (c == '"') break;
        if (c == '\\') {
            escaped = true;
            q += 2;
            continue;
        }
        nonAscii |= (static_cast<unsigned char>(c) & 0x80) != 0;
        ++q;
    }
    if (q >= m_lineEnd)
        return fail(valueStart - 1, "unterminated label value",
                    {valueStart - 1, std::size_t(m_lineEnd - valueStart + 1)}),
               nullptr;
    span.rawValue = {valueStart, std::size_t(q - valueStart)};
    span.escaped = escaped;
    if (span.rawValue.size() > m_options.limits.maxLabelValueLength)
        return fail(valueStart, "label value is longer than the limit of " +
                                    std::to_string(m_options.limits.maxLabelValueLength) + " bytes"),
               nullptr;
    if (nonAscii && !isValidUtf8(span.rawValue))
        return fail(valueStart, "label value is not valid UTF-8", span.rawValue), nullptr;
    if (escaped && m_options.strict && !m_openMetrics && !hasOnlyEscapes(span.rawValue, "\\\"n"))
        return fail(valueStart, "label value uses an escape other than \\\\, \\\" and \\n", span.rawValue),
               nullptr;
    return q + 1;
}

std::string_view ExpositionParser::duplicateLabelName() const {
    for (std::size_t i = 1; i < m_labelCount; ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (m_labels[i].name == m_labels[j].name) return m_labels[i].name;
    return {};
}

} // namespace dw
