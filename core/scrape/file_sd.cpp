#include "scrape/file_sd.h"

#include <yaml-cpp/yaml.h>

namespace dw {

namespace {

std::string lineOf(const YAML::Mark& mark) {
    return mark.line >= 0 ? "line " + std::to_string(mark.line + 1) + ": " : std::string();
}

} // namespace

std::optional<std::vector<TargetGroup>> parseFileSd(std::string_view text, std::string_view source,
                                                    std::string& error) {
    const std::string where = std::string(source) + ": ";
    try {
        const YAML::Node root = YAML::Load(std::string(text)); // JSON is YAML
        if (!root.IsSequence() && !root.IsNull()) {
            error = where + "a file_sd file is a list of {targets, labels} groups";
            return std::nullopt;
        }
        std::vector<TargetGroup> groups;
        for (const YAML::Node& node : root) {
            if (!node.IsMap() || !node["targets"] || !node["targets"].IsSequence()) {
                error = where + lineOf(node.Mark()) + "a group needs a list of \"targets\"";
                return std::nullopt;
            }
            TargetGroup group;
            for (const YAML::Node& target : node["targets"])
                group.targets.push_back(target.as<std::string>());
            if (const YAML::Node labels = node["labels"]; labels && !labels.IsNull()) {
                if (!labels.IsMap()) {
                    error = where + lineOf(labels.Mark()) + "\"labels\" is a map of label names to values";
                    return std::nullopt;
                }
                for (const auto& label : labels)
                    group.labels.push_back({label.first.as<std::string>(), label.second.as<std::string>()});
            }
            sortLabels(group.labels);
            groups.push_back(std::move(group));
        }
        return groups;
    } catch (const YAML::Exception& e) {
        error = where + lineOf(e.mark) + e.msg;
        return std::nullopt;
    }
}

} // namespace dw
