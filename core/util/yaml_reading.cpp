#include "util/yaml_reading.h"

#include "util/duration.h"

#include <algorithm>

namespace dw {

YamlError::YamlError(const YAML::Node& node, const std::string& message)
    : std::runtime_error(std::to_string(node.Mark().line + 1) + ":" + std::to_string(node.Mark().column + 1) +
                         ": " + message) {}

std::string yamlScalar(const YAML::Node& node, const char* what) {
    if (!node.IsScalar()) throw YamlError(node, std::string("\"") + what + "\" must be a single value");
    return node.as<std::string>();
}

std::int64_t yamlDuration(const YAML::Node& node, const char* what) {
    const std::string text = yamlScalar(node, what);
    const auto ms = parseDurationMs(text);
    if (!ms)
        throw YamlError(node, std::string("\"") + what +
                                  "\" must be a duration such as 30s, 5m or 1h30m, not \"" + text + "\"");
    return *ms;
}

void yamlCheckKeys(const YAML::Node& node, std::initializer_list<const char*> allowed, const char* where) {
    if (!node.IsMap()) throw YamlError(node, std::string(where) + " must be a mapping");
    for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>();
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
            std::string list;
            for (const char* a : allowed)
                list.append(list.empty() ? "" : ", ").append(a);
            throw YamlError(entry.first,
                            "unknown key \"" + key + "\" in " + where + " (expected one of: " + list + ")");
        }
    }
}

std::string yamlErrorMessage(std::string_view source, const std::exception& e) {
    if (const auto* y = dynamic_cast<const YAML::Exception*>(&e))
        return std::string(source) + ":" + std::to_string(y->mark.line + 1) + ":" +
               std::to_string(y->mark.column + 1) + ": " + y->msg;
    return std::string(source) + ":" + e.what();
}

} // namespace dw
