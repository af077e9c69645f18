#include "alerts/alert_template.h"

#include "alerts/go_format.h"
#include "model/number_parser.h"

#include <QDateTime>
#include <cctype>
#include <cmath>
#include <variant>
#include <vector>

namespace dw {

namespace {

using Value = std::variant<std::string, double>;

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1])))
        --b;
    return std::string(s.substr(a, b - a));
}

// Splits "a | b "x" | c" at pipes outside quotes, and a command at blanks outside quotes.
std::vector<std::string> split(std::string_view s, char separator) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"' && (i == 0 || s[i - 1] != '\\')) quoted = !quoted;
        if (c == separator && !quoted) {
            if (!trim(current).empty() || separator == '|') out.push_back(trim(current));
            current.clear();
        } else if (separator == ' ' && (c == '\t') && !quoted) {
            if (!trim(current).empty()) out.push_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!trim(current).empty()) out.push_back(trim(current));
    return out;
}

std::string unquote(const std::string& s) {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size()) {
            ++i;
            out += s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string toText(const Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return goFormatG(std::get<double>(v));
}

double toNumber(const Value& v) {
    if (const auto* d = std::get_if<double>(&v)) return *d;
    // Go's strconv.ParseFloat, as Prometheus's template functions convert strings: all or nothing.
    double number = 0;
    return parseSampleValue(std::get<std::string>(v), false, number) ? number : std::nan("");
}

std::string scaled(double v, double base, const std::vector<const char*>& up,
                   const std::vector<const char*>& down) {
    if (v == 0 || std::isnan(v) || std::isinf(v)) return goFormatG(v, 4);
    std::string prefix;
    if (std::fabs(v) >= 1) {
        for (const char* p : up) {
            if (std::fabs(v) < base) break;
            prefix = p;
            v /= base;
        }
        return goFormatG(v, 4) + prefix;
    }
    for (const char* p : down) {
        if (std::fabs(v) >= 1) break;
        prefix = p;
        v *= 1000;
    }
    return goFormatG(v, 4) + prefix;
}

std::string humanizeDuration(double v) {
    if (std::isnan(v) || std::isinf(v)) return goFormatG(v, 4);
    if (v == 0) return goFormatG(v, 4) + "s";
    if (std::fabs(v) >= 1) {
        const std::string sign = v < 0 ? "-" : "";
        v = std::fabs(v);
        const auto d = std::int64_t(v);
        const std::int64_t seconds = d % 60, minutes = d / 60 % 60, hours = d / 3600 % 24, days = d / 86400;
        auto n = [](std::int64_t x) { return std::to_string(x); };
        if (days != 0) return sign + n(days) + "d " + n(hours) + "h " + n(minutes) + "m " + n(seconds) + "s";
        if (hours != 0) return sign + n(hours) + "h " + n(minutes) + "m " + n(seconds) + "s";
        if (minutes != 0) return sign + n(minutes) + "m " + n(seconds) + "s";
        return sign + goFormatG(v, 4) + "s";
    }
    return scaled(v, 1000, {}, {"m", "u", "n", "p", "f", "a", "z", "y"}) + "s";
}

// Go's fmt verbs for printf: %s %v %d %f %g %e %% with optional precision.
std::string printf(const std::string& format, const std::vector<Value>& args, std::string& error) {
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        if (i + 1 < format.size() && format[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        int precision = -1;
        if (j < format.size() && format[j] == '.') {
            precision = 0;
            while (++j < format.size() && std::isdigit(static_cast<unsigned char>(format[j])))
                precision = precision * 10 + (format[j] - '0');
        }
        if (j >= format.size()) {
            error = "printf: incomplete verb in \"" + format + "\"";
            return out;
        }
        const char verb = format[j];
        i = j;
        if (next >= args.size()) {
            out += std::string("%!") + verb + "(MISSING)";
            continue;
        }
        const Value& a = args[next++];
        switch (verb) {
        case 's':
        case 'v':
            out += toText(a);
            break;
        case 'd':
            out += std::holds_alternative<double>(a) ? "%!d(float64=" + toText(a) + ")" : toText(a);
            break;
        case 'f':
            out += goFormatF(toNumber(a), precision < 0 ? 6 : precision);
            break;
        case 'g':
            out += goFormatG(toNumber(a), precision);
            break;
        default:
            error = std::string("printf: unsupported verb %") + verb;
            return out;
        }
    }
    return out;
}

struct Context {
    const Labels* labels;
    double value;
};

// Evaluates one pipeline; error is set when it names something unknown.
Value run(const std::string& pipeline, const Context* ctx, std::string& error) {
    std::optional<Value> current;
    for (const std::string& stage : split(pipeline, '|')) {
        const std::vector<std::string> words = split(stage, ' ');
        if (words.empty()) {
            error = "empty command in \"" + pipeline + "\"";
            return std::string();
        }
        auto operand = [&](const std::string& w) -> std::optional<Value> {
            if (w.size() >= 2 && w.front() == '"' && w.back() == '"') return unquote(w);
            if (w == "$value" || w == ".Value") return ctx ? Value(ctx->value) : Value(0.0);
            for (const char* prefix : {"$labels.", ".Labels.", "$externalLabels.", ".ExternalLabels."})
                if (w.starts_with(prefix)) {
                    if (std::string(prefix).find("xternal") != std::string::npos) return std::string();
                    return ctx ? std::string(labelValue(*ctx->labels, w.substr(std::string(prefix).size())))
                               : std::string();
                }
            if (!w.empty() && (std::isdigit(static_cast<unsigned char>(w[0])) || w[0] == '-')) {
                double number = 0;
                if (parseSampleValue(w, false, number)) return number;
            }
            return std::nullopt;
        };
        const std::string& f = words[0];
        std::vector<Value> args;
        for (std::size_t i = 1; i < words.size(); ++i) {
            const auto v = operand(words[i]);
            if (!v) {
                error = "undefined variable or function \"" + words[i] + "\"";
                return std::string();
            }
            args.push_back(*v);
        }
        if (current) args.push_back(*current);
        if (const auto v = operand(f); v && words.size() == 1 && !current) {
            current = *v;
            continue;
        }
        auto one = [&]() -> const Value& {
            static const Value none = std::string();
            return args.empty() ? none : args.back();
        };
        if (f == "humanize")
            current = scaled(toNumber(one()), 1000, {"k", "M", "G", "T", "P", "E", "Z", "Y"},
                             {"m", "u", "n", "p", "f", "a", "z", "y"});
        else if (f == "humanize1024")
            current = scaled(toNumber(one()), 1024, {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}, {});
        else if (f == "humanizeDuration")
            current = humanizeDuration(toNumber(one()));
        else if (f == "humanizePercentage")
            current = goFormatG(toNumber(one()) * 100, 4) + "%";
        else if (f == "humanizeTimestamp") {
            const double t = toNumber(one());
            current = std::isfinite(t) ? QDateTime::fromMSecsSinceEpoch(std::int64_t(t * 1000), Qt::UTC)
                                             .toString("yyyy-MM-dd HH:mm:ss.zzz +0000 UTC")
                                             .toStdString()
                                       : goFormatG(t, 4);
        } else if (f == "toUpper" || f == "toLower" || f == "title") {
            std::string s = toText(one());
            bool start = true;
            for (char& c : s) {
                if (f == "toUpper" || (f == "title" && start))
                    c = char(std::toupper(static_cast<unsigned char>(c)));
                else if (f == "toLower")
                    c = char(std::tolower(static_cast<unsigned char>(c)));
                start = !std::isalnum(static_cast<unsigned char>(c));
            }
            current = s;
        } else if (f == "printf") {
            if (args.empty()) {
                error = "printf needs a format";
                return std::string();
            }
            const std::vector<Value> rest(args.begin() + 1, args.end());
            current = printf(toText(args[0]), rest, error);
        } else {
            error = "function \"" + f + "\" not defined";
            return std::string();
        }
    }
    return current.value_or(std::string());
}

} // namespace

std::optional<AlertTemplate> AlertTemplate::parse(std::string_view text, std::string& error) {
    AlertTemplate t;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t open = text.find("{{", i);
        if (open == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            error = "unclosed action in template \"" + std::string(text) + "\"";
            return std::nullopt;
        }
        std::string_view body = text.substr(open + 2, close - open - 2);
        std::string before(text.substr(i, open - i));
        if (body.starts_with("- ") || body == "-") {
            while (!before.empty() && std::isspace(static_cast<unsigned char>(before.back())))
                before.pop_back();
            body.remove_prefix(1);
        }
        bool trimAfter = false;
        if (body.ends_with(" -")) {
            body.remove_suffix(1);
            trimAfter = true;
        }
        out += before;
        const std::string pipeline = trim(body);
        if (!pipeline.starts_with("/*")) {
            std::string check;
            run(pipeline, nullptr, check);
            if (!check.empty()) {
                error = "template \"" + std::string(text) + "\": " + check;
                return std::nullopt;
            }
            t.m_actions.push_back({out.size(), out.size(), pipeline});
        }
        i = close + 2;
        if (trimAfter)
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
                ++i;
    }
    t.m_text = std::move(out);
    return t;
}

std::string AlertTemplate::expand(const Labels& labels, double value) const {
    std::string out;
    std::size_t at = 0;
    const Context ctx{&labels, value};
    for (const Action& a : m_actions) {
        out.append(m_text, at, a.begin - at);
        std::string error;
        out += toText(run(a.pipeline, &ctx, error));
        at = a.end;
    }
    out.append(m_text, at, std::string::npos);
    return out;
}

} // namespace dw
