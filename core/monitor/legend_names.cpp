#include "monitor/legend_names.h"

#include <set>
#include <unordered_map>

namespace dw {

void disambiguateLegends(std::vector<std::string>& legends, const std::vector<const Labels*>& labels) {
    std::unordered_map<std::string, std::vector<std::size_t>> byLegend;
    for (std::size_t i = 0; i < legends.size(); ++i)
        byLegend[legends[i]].push_back(i);
    for (const auto& entry : byLegend) {
        const std::vector<std::size_t>& same = entry.second;
        if (same.size() < 2) continue;
        // A label tells the lines apart when its value (absent: empty) is not the same in all of them.
        std::set<std::string> names;
        for (std::size_t i : same)
            for (const Label& l : *labels[i])
                names.insert(l.name);
        std::vector<std::string> differing;
        for (const std::string& name : names) {
            const std::string_view first = labelValue(*labels[same.front()], name);
            for (std::size_t i : same)
                if (labelValue(*labels[i], name) != first) {
                    differing.push_back(name);
                    break;
                }
        }
        if (differing.empty()) continue; // the same series twice (two queries): nothing tells them apart
        for (std::size_t i : same) {
            std::string suffix;
            for (const std::string& name : differing) {
                suffix += suffix.empty() ? " {" : ", ";
                suffix += name + "=\"" + std::string(labelValue(*labels[i], name)) + "\"";
            }
            legends[i] += suffix + "}";
        }
    }
}

} // namespace dw
