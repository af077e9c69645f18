#include "promapi/series_reader.h"

#include "model/number_parser.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace dw::api {

namespace {

// A cursor over JSON text with just what the API's answers need. Every read returns false at the first
// unexpected byte; where() then says where.
class Cursor {
public:
    explicit Cursor(const QByteArray& text) : m_p(text.constData()), m_begin(m_p), m_end(m_p + text.size()) {}

    std::size_t where() const { return std::size_t(m_p - m_begin); }
    bool consume(char c) {
        skipSpace();
        if (m_p == m_end || *m_p != c) return false;
        ++m_p;
        return true;
    }
    bool peek(char c) {
        skipSpace();
        return m_p != m_end && *m_p == c;
    }
    // A string into out (escapes decoded, \u as UTF-8).
    bool string(std::string& out) {
        out.clear();
        if (!consume('"')) return false;
        for (;;) {
            const char* start = m_p;
            while (m_p != m_end && *m_p != '"' && *m_p != '\\')
                ++m_p;
            out.append(start, std::size_t(m_p - start));
            if (m_p == m_end) return false;
            if (*m_p++ == '"') return true;
            if (m_p == m_end) return false;
            const char e = *m_p++;
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t code = 0;
                if (!hex4(code)) return false;
                if (code >= 0xD800 && code < 0xDC00) { // a surrogate pair
                    std::uint32_t low = 0;
                    if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u') return false;
                    m_p += 2;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(code, out);
                break;
            }
            default:
                return false;
            }
        }
    }
    bool number(double& out) {
        skipSpace();
        const auto [end, ec] = std::from_chars(m_p, m_end, out);
        if (ec != std::errc() || end == m_p) return false;
        m_p = end;
        return true;
    }
    // Skips any value.
    bool skip(int depth = 0) {
        skipSpace();
        if (m_p == m_end || depth > 64) return false;
        if (*m_p == '"') return string(m_scratch);
        if (*m_p == '{' || *m_p == '[') {
            const char close = *m_p == '{' ? '}' : ']';
            const bool object = *m_p == '{';
            ++m_p;
            if (consume(close)) return true;
            do {
                if (object && (!string(m_scratch) || !consume(':'))) return false;
                if (!skip(depth + 1)) return false;
            } while (consume(','));
            return consume(close);
        }
        const char* start = m_p;
        while (m_p != m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' &&
               !std::isspace(static_cast<unsigned char>(*m_p)))
            ++m_p;
        return m_p != start;
    }
    // The keys of an object, one by one: call with each key read, until it returns false.
    template<typename OnKey> bool object(OnKey onKey) {
        if (!consume('{')) return false;
        if (consume('}')) return true;
        std::string key;
        do {
            if (!string(key) || !consume(':') || !onKey(key)) return false;
        } while (consume(','));
        return consume('}');
    }
    template<typename OnItem> bool array(OnItem onItem) {
        if (!consume('[')) return false;
        if (consume(']')) return true;
        do {
            if (!onItem()) return false;
        } while (consume(','));
        return consume(']');
    }
    bool atEnd() {
        skipSpace();
        return m_p == m_end;
    }

private:
    void skipSpace() {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool hex4(std::uint32_t& out) {
        if (m_end - m_p < 4) return false;
        const auto [end, ec] = std::from_chars(m_p, m_p + 4, out, 16);
        if (ec != std::errc() || end != m_p + 4) return false;
        m_p = end;
        return true;
    }
    static void appendUtf8(std::uint32_t code, std::string& out) {
        if (code < 0x80) {
            out += char(code);
        } else if (code < 0x800) {
            out += char(0xC0 | (code >> 6));
            out += char(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += char(0xE0 | (code >> 12));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        } else {
            out += char(0xF0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3F));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        }
    }

    const char* m_p;
    const char* m_begin;
    const char* m_end;
    std::string m_scratch;
};

} // namespace

bool readSeries(const QByteArray& body, const SeriesVisitor& visit, ApiResponse& response,
                std::string& error) {
    Cursor in(body);
    std::string status, resultType, text;
    Labels labels;
    std::vector<Sample> samples;
    std::size_t labelCount = 0;
    // [time, "value"]
    auto point = [&] {
        double seconds = 0;
        return in.consume('[') && in.number(seconds) && in.consume(',') && in.string(text) &&
               in.consume(']') && std::isfinite(seconds) && [&] {
                   double value = 0;
                   if (!parseSampleValue(text, false, value)) return false;
                   samples.push_back({std::llround(seconds * 1000.0), value});
                   return true;
               }();
    };
    auto series = [&] {
        labelCount = 0;
        samples.clear();
        const bool ok = in.object([&](const std::string& key) {
            if (key == "metric")
                return in.object([&](const std::string& name) {
                    if (labelCount == labels.size()) labels.emplace_back();
                    Label& label = labels[labelCount++];
                    label.name = name;
                    return in.string(label.value);
                });
            if (key == "values") return in.array(point);
            if (key == "value") return point();
            return in.skip(); // native histograms are left out
        });
        if (!ok) return false;
        labels.resize(labelCount);
        sortLabels(labels);
        visit(labels, samples);
        return true;
    };
    auto strings = [&](std::vector<std::string>& out) {
        return in.array([&] {
            out.emplace_back();
            return in.string(out.back());
        });
    };
    const bool ok = in.object([&](const std::string& key) {
        if (key == "status") return in.string(status);
        if (key == "errorType") return in.string(response.errorType);
        if (key == "error") return in.string(response.error);
        if (key == "warnings" || key == "infos") return strings(response.warnings);
        if (key == "data")
            return in.object([&](const std::string& dataKey) {
                if (dataKey == "resultType") return in.string(resultType);
                if (dataKey == "result" && (resultType == "matrix" || resultType == "vector"))
                    return in.array(series);
                return in.skip();
            });
        return in.skip();
    });
    if (!ok || !in.atEnd()) {
        error = "unreadable JSON at byte " + std::to_string(in.where());
        return false;
    }
    if (status != "success") {
        error = response.errorType + ": " + response.error;
        return false;
    }
    if (resultType != "matrix" && resultType != "vector") {
        error = "expected a matrix or vector result, got \"" + resultType + "\"";
        return false;
    }
    return true;
}

} // namespace dw::api
