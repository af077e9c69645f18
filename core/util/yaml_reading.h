#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <yaml-cpp/yaml.h>

namespace dw {

// Reading YAML files a person wrote (scenarios, Prometheus configurations): an error that names the line
// and column of the node at fault, and readers for the common value kinds that throw it.
class YamlError : public std::runtime_error {
public:
    YamlError(const YAML::Node& node, const std::string& message);
};

// "SOURCE:LINE:COL: message" for what reading a YAML file threw: a YAML syntax error (which carries its
// position) or a YamlError (whose message starts with it).
std::string yamlErrorMessage(std::string_view source, const std::exception& e);

// A single value; throws YamlError naming `what` otherwise.
std::string yamlScalar(const YAML::Node& node, const char* what);
// Throws YamlError unless node is a mapping whose keys are all in `allowed`; `where` names it in the message
// ("unknown key "x" in an entity (expected one of: id, group)").
void yamlCheckKeys(const YAML::Node& node, std::initializer_list<const char*> allowed, const char* where);
// A Prometheus duration ("30s", "1h30m") in milliseconds.
std::int64_t yamlDuration(const YAML::Node& node, const char* what);

} // namespace dw
