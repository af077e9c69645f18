#include "promql/result_format.h"

#include "promql/label_set.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dw::promql {

namespace {

// encoding/json's string escaping, which Prometheus's API uses: HTML characters and U+2028/2029
// escaped as \u sequences, control characters too.
void appendJsonString(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xa8 ||
                    static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += char(c);
        }
    }
    out += '"';
}

void appendMetric(std::string& out, const Labels& labels) {
    out += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) out += ',';
        appendJsonString(out, labels[i].name);
        out += ':';
        appendJsonString(out, labels[i].value);
    }
    out += '}';
}

void appendPoint(std::string& out, const Point& p) {
    out += '[';
    out += formatApiTimestamp(p.t);
    out += ",\"";
    out += formatApiValue(p.v);
    out += "\"]";
}

std::string_view resultType(const QueryResult& r) {
    if (r.isRange) return "matrix";
    switch (r.type) {
    case ValueType::Scalar:
        return "scalar";
    case ValueType::String:
        return "string";
    default:
        return "vector";
    }
}

std::string annotationText(const std::string& message, const std::vector<std::int64_t>& positions,
                           std::size_t i, std::string_view query) {
    const std::int64_t position = i < positions.size() ? positions[i] : -1;
    if (query.empty() || position < 0 || std::size_t(position) > query.size()) return message;
    // Prometheus's PositionRange.StartPosInput: the line from 1, the column counted from the last line break.
    int line = 1;
    std::int64_t lastBreak = -1;
    for (std::int64_t k = 0; k < position; ++k)
        if (query[std::size_t(k)] == '\n') {
            lastBreak = k;
            ++line;
        }
    return message + " (" + std::to_string(line) + ":" + std::to_string(position - lastBreak) + ")";
}

// Prometheus 3's "warnings" or "infos" array, each annotation with the "(line:col)" it points at.
void appendAnnotations(std::string& out, const char* key, const std::vector<std::string>& messages,
                       const std::vector<std::int64_t>& positions, std::string_view query) {
    if (messages.empty()) return;
    out += ",\"";
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i > 0) out += ',';
        appendJsonString(out, annotationText(messages[i], positions, i, query));
    }
    out += ']';
}

} // namespace

std::string formatApiValue(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    const double a = std::fabs(v);
    const bool exponent = a != 0 && (a < 1e-6 || a >= 1e21);
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v,
                                 exponent ? std::chars_format::scientific : std::chars_format::fixed);
    return std::string(buffer, r.ptr);
}

std::string formatApiTimestamp(std::int64_t ms) {
    std::string out;
    std::uint64_t abs = std::uint64_t(ms);
    if (ms < 0) {
        out += '-';
        abs = std::uint64_t(-(ms + 1)) + 1;
    }
    out += std::to_string(abs / 1000);
    if (const unsigned fraction = unsigned(abs % 1000); fraction != 0) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, ".%03u", fraction);
        out += buffer;
    }
    return out;
}

std::string formatApiJson(const QueryResult& r, std::string_view query) {
    std::string out = R"({"status":"success","data":{"resultType":")";
    out += resultType(r);
    out += R"(","result":)";
    if (!r.isRange && (r.type == ValueType::Scalar || r.type == ValueType::String)) {
        // Prometheus marshals scalars and strings with encoding/json: the time as a plain float.
        const Point& p = r.series.at(0).points.at(0);
        out += '[';
        out += formatApiValue(double(p.t) / 1000);
        out += ',';
        if (r.type == ValueType::Scalar)
            appendJsonString(out, formatApiValue(p.v));
        else
            appendJsonString(out, r.text);
        out += ']';
    } else {
        out += '[';
        for (std::size_t i = 0; i < r.series.size(); ++i) {
            if (i > 0) out += ',';
            out += R"({"metric":)";
            appendMetric(out, r.series[i].labels);
            if (r.isRange) {
                out += R"(,"values":[)";
                for (std::size_t k = 0; k < r.series[i].points.size(); ++k) {
                    if (k > 0) out += ',';
                    appendPoint(out, r.series[i].points[k]);
                }
                out += ']';
            } else {
                out += R"(,"value":)";
                appendPoint(out, r.series[i].points.at(0));
            }
            out += '}';
        }
        out += ']';
    }
    out += '}';
    appendAnnotations(out, "warnings", r.warnings, r.warningPositions, query);
    appendAnnotations(out, "infos", r.infos, r.infoPositions, query);
    out += '}';
    return out;
}

std::string formatApiError(std::string_view errorType, std::string_view message) {
    std::string out = R"({"status":"error","errorType":)";
    appendJsonString(out, errorType);
    out += R"(,"error":)";
    appendJsonString(out, message);
    out += '}';
    return out;
}

std::string formatResultText(const QueryResult& r, std::string_view query) {
    std::string out;
    auto metric = [](const Labels& labels) {
        std::string name(labelValue(labels, "__name__"));
        Labels rest = labels;
        dropMetricName(rest);
        std::string text = labelsToString(rest);
        // {a="b", c="d"} -> name{a="b", c="d"}; a bare name without labels keeps no braces.
        if (!name.empty() && rest.empty()) return name;
        return name + text;
    };
    if (!r.isRange && r.type == ValueType::Scalar) {
        const Point& p = r.series.at(0).points.at(0);
        return "scalar: " + formatApiValue(p.v) + " @[" + formatApiTimestamp(p.t) + "]\n";
    }
    if (!r.isRange && r.type == ValueType::String) return "string: " + r.text + "\n";
    for (const ResultSeries& s : r.series) {
        if (!r.isRange) {
            out += metric(s.labels) + " => " + formatApiValue(s.points[0].v) + " @[" +
                   formatApiTimestamp(s.points[0].t) + "]\n";
            continue;
        }
        out += metric(s.labels) + " =>\n";
        for (const Point& p : s.points)
            out += formatApiValue(p.v) + " @[" + formatApiTimestamp(p.t) + "]\n";
    }
    for (std::size_t i = 0; i < r.warnings.size(); ++i)
        out += "warning: " + annotationText(r.warnings[i], r.warningPositions, i, query) + "\n";
    for (std::size_t i = 0; i < r.infos.size(); ++i)
        out += "info: " + annotationText(r.infos[i], r.infoPositions, i, query) + "\n";
    return out;
}

} // namespace dw::promql
