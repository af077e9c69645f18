#include "compozy_store.h"

#include <algorithm>
#include <array>

namespace dw::bench {

void fillCompozyHour(SeriesStore& store, int dispatchers, std::int64_t endMs) {
    SeriesStore::Writer writer(store);
    auto ref = [&](const char* name, std::vector<std::pair<std::string, std::string>> labels) {
        labels.push_back({"__name__", name});
        labels.push_back({"job", "compozy"});
        labels.push_back({"instance", "127.0.0.1:5001"});
        std::sort(labels.begin(), labels.end());
        std::vector<LabelView> views;
        for (const auto& [n, v] : labels)
            views.push_back({n, v});
        return writer.getOrCreate(views);
    };
    const SeriesRef up = ref("up", {});
    const SeriesRef active = ref("compozy_dispatcher_active_total", {});
    std::vector<std::array<SeriesRef, 5>> refs;
    for (int d = 0; d < dispatchers; ++d) {
        const std::string id =
            "dispatcher-project" + std::to_string(d / 10) + "-queue" + std::to_string(d % 10);
        refs.push_back(
            {ref("compozy_dispatcher_heartbeat_total", {{"dispatcher_id", id}}),
             ref("compozy_dispatcher_health_status", {{"dispatcher_id", id}, {"is_stale", "false"}}),
             ref("compozy_dispatcher_uptime_seconds", {{"dispatcher_id", id}}),
             ref("compozy_dispatcher_lifecycle_events_total", {{"dispatcher_id", id}, {"event", "start"}}),
             ref("compozy_dispatcher_consecutive_failures", {{"dispatcher_id", id}})});
    }
    for (std::int64_t t = endMs - 3600000; t <= endMs; t += 1000) {
        writer.append(up, t, 1);
        writer.append(active, t, dispatchers);
        const std::int64_t second = (t - (endMs - 3600000)) / 1000;
        for (int d = 0; d < dispatchers; ++d) {
            writer.append(refs[std::size_t(d)][0], t, double((second + d) / 30));
            writer.append(refs[std::size_t(d)][1], t, 1);
            writer.append(refs[std::size_t(d)][2], t, double(second));
            writer.append(refs[std::size_t(d)][3], t, 1);
            writer.append(refs[std::size_t(d)][4], t, 0);
        }
    }
}

} // namespace dw::bench
