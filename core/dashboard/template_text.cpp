#include "dashboard/template_text.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>
#include <algorithm>

namespace dw::dashboard {

namespace {

bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string join(const std::vector<std::string>& values, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += separator;
        out += values[i];
    }
    return out;
}

std::string escapeEach(std::string_view value, std::string_view special, std::string_view prefix) {
    std::string out;
    for (char c : value) {
        if (special.find(c) != std::string_view::npos) out += prefix;
        out += c;
    }
    return out;
}

// Grafana's Prometheus datasource: a single value keeps regex characters but not a quote or backslash
// that would end or break the PromQL string it stands in.
std::string prometheusRegular(std::string_view value) {
    return escapeEach(value, "\\'", "\\");
}

// And for a multi-value or "All" variable, whose values go into =~ matchers: regex characters escaped with
// a double backslash, so the PromQL string holds a single one for the regex.
std::string prometheusRegex(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\')
            out += "\\\\\\\\";
        else if (std::string_view("$^*{}[]'+?.()|").find(c) != std::string_view::npos)
            out += "\\\\" + std::string(1, c);
        else
            out += c;
    }
    return out;
}

std::string regexEscape(std::string_view value) {
    return escapeEach(value, "\\^$*+?.()|[]{}/", "\\");
}

std::string quoteEach(const std::vector<std::string>& values, char quote) {
    std::vector<std::string> quoted;
    quoted.reserve(values.size());
    for (const std::string& value : values)
        quoted.push_back(quote + escapeEach(value, std::string(1, quote), "\\") + quote);
    return join(quoted, ",");
}

std::string percentEncode(const std::vector<std::string>& values) {
    std::string joined = values.size() == 1 ? values.front() : "{" + join(values, ",") + "}";
    return QString::fromStdString(joined).toUtf8().toPercentEncoding().toStdString();
}

std::string format(const VariableValue& variable, std::string_view fmt, Purpose purpose,
                   TemplateProblems* problems) {
    const std::vector<std::string>& values = variable.values;
    const bool several = values.size() != 1;
    if (fmt.empty()) {
        if (variable.isAll && !variable.allValue.empty()) return variable.allValue;
        if (purpose == Purpose::Text) return join(variable.texts.empty() ? values : variable.texts, " + ");
        if (!variable.multiOrAll) return prometheusRegular(several ? join(values, ",") : values.front());
        std::vector<std::string> escaped;
        escaped.reserve(values.size());
        for (const std::string& value : values)
            escaped.push_back(prometheusRegex(value));
        return escaped.size() == 1 ? escaped.front() : "(" + join(escaped, "|") + ")";
    }
    if (fmt == "regex") {
        if (variable.isAll && !variable.allValue.empty()) return variable.allValue;
        std::vector<std::string> escaped;
        escaped.reserve(values.size());
        for (const std::string& value : values)
            escaped.push_back(regexEscape(value));
        return escaped.size() == 1 ? escaped.front() : "(" + join(escaped, "|") + ")";
    }
    if (fmt == "pipe") return join(values, "|");
    if (fmt == "csv" || fmt == "raw") return join(values, ",");
    if (fmt == "glob") return several ? "{" + join(values, ",") + "}" : values.front();
    if (fmt == "singlequote") return quoteEach(values, '\'');
    if (fmt == "doublequote") return quoteEach(values, '"');
    if (fmt == "text") return join(variable.texts.empty() ? values : variable.texts, " + ");
    if (fmt == "percentencode") return percentEncode(values);
    if (fmt == "json") {
        QJsonArray array;
        for (const std::string& value : values)
            array.append(QString::fromStdString(value));
        if (!several)
            return QJsonDocument(QJsonArray{array.first()})
                .toJson(QJsonDocument::Compact)
                .mid(1)
                .chopped(1)
                .toStdString();
        return QJsonDocument(array).toJson(QJsonDocument::Compact).toStdString();
    }
    if (problems) problems->unknownFormats.emplace_back(fmt);
    return join(values, ",");
}

// One reference found at text[pos]: its name, format and length; length 0 when there is none.
struct Reference {
    std::string_view name, format;
    std::size_t length = 0;
};

Reference referenceAt(std::string_view text, std::size_t pos) {
    Reference ref;
    if (text.compare(pos, 2, "${") == 0) {
        const std::size_t close = text.find('}', pos + 2);
        if (close == std::string_view::npos) return ref;
        std::string_view inside = text.substr(pos + 2, close - pos - 2);
        const std::size_t colon = inside.find(':');
        std::string_view name = inside.substr(0, colon);
        if (const std::size_t dot = name.find('.'); dot != std::string_view::npos) name = name.substr(0, dot);
        if (name.empty() || !std::all_of(name.begin(), name.end(), isWordChar)) return ref;
        ref.name = name;
        if (colon != std::string_view::npos) ref.format = inside.substr(colon + 1);
        ref.length = close + 1 - pos;
    } else if (text.compare(pos, 2, "[[") == 0) {
        const std::size_t close = text.find("]]", pos + 2);
        if (close == std::string_view::npos) return ref;
        std::string_view inside = text.substr(pos + 2, close - pos - 2);
        const std::size_t colon = inside.find(':');
        std::string_view name = inside.substr(0, colon);
        if (name.empty() || !std::all_of(name.begin(), name.end(), isWordChar)) return ref;
        ref.name = name;
        if (colon != std::string_view::npos) ref.format = inside.substr(colon + 1);
        ref.length = close + 2 - pos;
    } else if (text[pos] == '$') {
        std::size_t end = pos + 1;
        while (end < text.size() && isWordChar(text[end]))
            ++end;
        if (end == pos + 1) return ref;
        ref.name = text.substr(pos + 1, end - pos - 1);
        ref.length = end - pos;
    }
    return ref;
}

} // namespace

std::string interpolate(std::string_view text, const Scope& scope, Purpose purpose,
                        TemplateProblems* problems) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const char c = text[pos];
        const Reference ref = c == '$' || c == '[' ? referenceAt(text, pos) : Reference{};
        if (ref.length == 0) {
            out += c;
            ++pos;
            continue;
        }
        const auto found = scope.find(ref.name);
        if (found == scope.end() || found->second.values.empty()) {
            if (problems && found == scope.end()) problems->unknownVariables.emplace_back(ref.name);
            out.append(text.substr(pos, ref.length));
        } else {
            out += format(found->second, ref.format, purpose, problems);
        }
        pos += ref.length;
    }
    return out;
}

std::vector<std::string> referencedVariables(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        if (text[pos] != '$' && text[pos] != '[') continue;
        const Reference ref = referenceAt(text, pos);
        if (ref.length == 0) continue;
        if (std::find(names.begin(), names.end(), ref.name) == names.end()) names.emplace_back(ref.name);
        pos += ref.length - 1;
    }
    return names;
}

} // namespace dw::dashboard
