#include "exporter/scenario.h"

#include "util/duration.h"
#include "util/yaml_reading.h"

#include <QDir>
#include <QFile>
#include <algorithm>
#include <yaml-cpp/yaml.h>

static void initScenarioResources() {
    Q_INIT_RESOURCE(dw_exporter_resources);
}

namespace dw {

namespace {

std::string scalar(const YAML::Node& node, const char* what) {
    return yamlScalar(node, what);
}
std::int64_t duration(const YAML::Node& node, const char* what) {
    return yamlDuration(node, what);
}

Scenario parse(const YAML::Node& root) {
    yamlCheckKeys(root,
                  {"name", "description", "system", "seed", "naming", "heartbeat_interval", "stale_threshold",
                   "traffic_per_second", "entities", "incidents"},
                  "a scenario");
    Scenario s;
    if (!root["system"]) throw YamlError(root, "a scenario needs \"system\" (compozy, pupsourcing or daisi)");
    s.system = scalar(root["system"], "system");
    if (s.system != "compozy" && s.system != "pupsourcing" && s.system != "daisi")
        throw YamlError(root["system"],
                        "unknown system \"" + s.system + "\" (expected compozy, pupsourcing or daisi)");
    if (root["name"]) s.name = scalar(root["name"], "name");
    if (root["description"]) s.description = scalar(root["description"], "description");
    if (root["seed"]) s.seed = root["seed"].as<std::uint64_t>();
    if (root["naming"]) {
        s.naming = scalar(root["naming"], "naming");
        if (s.naming != "otel" && s.naming != "docs")
            throw YamlError(root["naming"], "\"naming\" must be otel or docs");
    }
    if (s.system == "pupsourcing") {
        s.heartbeatIntervalMs = 5'000;
        s.staleThresholdMs = 30'000;
    }
    if (root["heartbeat_interval"])
        s.heartbeatIntervalMs = duration(root["heartbeat_interval"], "heartbeat_interval");
    if (root["stale_threshold"]) s.staleThresholdMs = duration(root["stale_threshold"], "stale_threshold");
    if (s.heartbeatIntervalMs <= 0)
        throw YamlError(root["heartbeat_interval"], "heartbeat_interval must be positive");
    if (root["traffic_per_second"]) {
        s.trafficPerSecond = root["traffic_per_second"].as<double>();
        // Each simulated request is observed one by one: beyond this a scrape would never be answered.
        if (!(s.trafficPerSecond >= 0 && s.trafficPerSecond <= Scenario::kMaxTrafficPerSecond))
            throw YamlError(root["traffic_per_second"],
                            "traffic_per_second must be between 0 and " +
                                std::to_string(int(Scenario::kMaxTrafficPerSecond)));
    }
    if (!root["entities"] || !root["entities"].IsSequence() || root["entities"].size() == 0)
        throw YamlError(root, "a scenario needs a non-empty list \"entities\"");
    for (const YAML::Node& node : root["entities"]) {
        yamlCheckKeys(node, {"id", "group", "join_at"}, "an entity");
        if (!node["id"]) throw YamlError(node, "an entity needs an \"id\"");
        ScenarioEntity entity{scalar(node["id"], "id"), node["group"] ? scalar(node["group"], "group") : "",
                              0};
        if (node["join_at"]) entity.joinAtMs = duration(node["join_at"], "join_at");
        if (s.entity(entity.id)) throw YamlError(node["id"], "entity \"" + entity.id + "\" is listed twice");
        if ((s.system == "pupsourcing" || s.system == "daisi") && entity.group.empty())
            throw YamlError(node, "a " + s.system + " entity needs a \"group\" (" +
                                      (s.system == "daisi" ? "its company" : "its replica set") + ")");
        s.entities.push_back(std::move(entity));
    }
    const auto actions = Scenario::actionsFor(s.system);
    if (root["incidents"]) {
        if (!root["incidents"].IsSequence())
            throw YamlError(root["incidents"], "\"incidents\" must be a list");
        for (const YAML::Node& node : root["incidents"]) {
            yamlCheckKeys(node, {"at", "action", "target", "until", "every", "delay"}, "an incident");
            if (!node["at"] || !node["action"])
                throw YamlError(node, "an incident needs \"at\" and \"action\"");
            ScenarioIncident incident;
            incident.atMs = duration(node["at"], "at");
            incident.action = scalar(node["action"], "action");
            if (std::find(actions.begin(), actions.end(), incident.action) == actions.end()) {
                std::string list;
                for (const auto& a : actions)
                    list += (list.empty() ? "" : ", ") + a;
                throw YamlError(node["action"], "unknown action \"" + incident.action + "\" for " + s.system +
                                                    " (expected one of: " + list + ")");
            }
            const bool endpoint =
                incident.action.starts_with("endpoint_") || incident.action.ends_with("_burst");
            if (node["target"]) {
                incident.target = scalar(node["target"], "target");
                if (!s.entity(incident.target))
                    throw YamlError(node["target"],
                                    "target \"" + incident.target + "\" is not one of the entities");
            } else if (!endpoint) {
                throw YamlError(node, "action \"" + incident.action + "\" needs a \"target\" entity");
            }
            if (node["until"]) incident.untilMs = duration(node["until"], "until");
            if (node["every"]) incident.everyMs = duration(node["every"], "every");
            if (node["delay"]) incident.delayMs = duration(node["delay"], "delay");
            if (endpoint && incident.untilMs <= incident.atMs)
                throw YamlError(node, "action \"" + incident.action + "\" needs \"until\" after \"at\"");
            if (incident.action == "endpoint_slow" && incident.delayMs <= 0)
                throw YamlError(node, "endpoint_slow needs a \"delay\"");
            s.incidents.push_back(std::move(incident));
        }
    }
    std::stable_sort(s.incidents.begin(), s.incidents.end(),
                     [](const ScenarioIncident& a, const ScenarioIncident& b) { return a.atMs < b.atMs; });
    return s;
}

} // namespace

std::vector<std::string> Scenario::actionsFor(std::string_view system) {
    std::vector<std::string> actions = {"endpoint_unavailable", "endpoint_slow"};
    if (system == "compozy")
        actions.insert(actions.end(), {"stop_heartbeats", "resume_heartbeats", "restart", "stop"});
    if (system == "pupsourcing") actions.insert(actions.end(), {"die", "stop", "reconfigure", "error_burst"});
    if (system == "daisi") actions.insert(actions.end(), {"stop", "error_burst", "dlq_burst"});
    return actions;
}

const ScenarioEntity* Scenario::entity(std::string_view id) const {
    for (const ScenarioEntity& e : entities)
        if (e.id == id) return &e;
    return nullptr;
}

std::optional<Scenario> Scenario::fromYaml(std::string_view yaml, std::string_view source,
                                           std::string& error) {
    try {
        return parse(YAML::Load(std::string(yaml)));
    } catch (const std::exception& e) {
        error = yamlErrorMessage(source, e);
    }
    return std::nullopt;
}

std::vector<std::string> Scenario::builtinNames() {
    initScenarioResources();
    std::vector<std::string> names;
    for (const QString& file : QDir(":/scenarios").entryList({"*.yaml"}, QDir::Files, QDir::Name))
        names.push_back(file.chopped(5).toStdString());
    std::sort(names.begin(), names.end()); // by name: "compozy" before "compozy-docs"
    return names;
}

std::optional<Scenario> Scenario::load(std::string_view nameOrPath, std::string& error) {
    initScenarioResources();
    const QString name = QString::fromUtf8(nameOrPath.data(), qsizetype(nameOrPath.size()));
    const QString builtin = ":/scenarios/" + name + ".yaml";
    QFile file(QFile::exists(builtin) ? builtin : name);
    if (!file.open(QIODevice::ReadOnly)) {
        std::string known;
        for (const auto& n : builtinNames())
            known += (known.empty() ? "" : ", ") + n;
        error = "no built-in scenario \"" + name.toStdString() + "\" (built in: " + known +
                ") and no such file: " + file.errorString().toStdString();
        return std::nullopt;
    }
    const QByteArray yaml = file.readAll();
    const std::string source =
        file.fileName().startsWith(":/") ? "built-in " + name.toStdString() : name.toStdString();
    return fromYaml({yaml.constData(), std::size_t(yaml.size())}, source, error);
}

} // namespace dw
