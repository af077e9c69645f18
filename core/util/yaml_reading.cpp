#include "util/yaml_reading.h"

#include "util/duration.h"

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

} // namespace dw
