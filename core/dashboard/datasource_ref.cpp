#include "dashboard/datasource_ref.h"

#include <QJsonArray>

namespace dw::dashboard {

namespace {

using Kind = DatasourceRef::Kind;

// The plugin ids and names of datasources that are not Prometheus and that dashboards commonly mix in.
bool namesOtherKind(const QString& text) {
    static const char* const kOthers[] = {
        "loki",     "influx", "elastic",    "graphite", "tempo",    "jaeger",      "zipkin", "mysql",
        "postgres", "mssql",  "cloudwatch", "testdata", "opentsdb", "stackdriver", "azure",  "pyroscope"};
    const QString lower = text.toLower();
    for (const char* other : kOthers)
        if (lower.contains(QLatin1String(other))) return true;
    return false;
}

Kind kindOfPlugin(const QString& plugin) {
    if (plugin.isEmpty()) return Kind::Default;
    if (plugin == "prometheus") return Kind::Prometheus;
    return Kind::Other;
}

// "$ds", "${ds}", "${DS_PROMETHEUS}", "[[ds]]" → the variable's name; empty when text is no reference.
QString referencedName(const QString& text) {
    if (text.startsWith("${") && text.endsWith('}')) return text.mid(2, text.size() - 3).section(':', 0, 0);
    if (text.startsWith("[[") && text.endsWith("]]")) return text.mid(2, text.size() - 4);
    if (text.startsWith('$')) return text.mid(1);
    return {};
}

Kind kindOfReference(const QString& name, const QJsonArray& inputs, const std::vector<Variable>& variables) {
    for (const QJsonValue input : inputs) {
        const QJsonObject object = input.toObject();
        if (object.value("name").toString() == name) return kindOfPlugin(object.value("pluginId").toString());
    }
    for (const Variable& variable : variables)
        if (variable.type == "datasource" && QString::fromStdString(variable.name) == name)
            return kindOfPlugin(QString::fromStdString(variable.query));
    // An input or variable that the file does not describe: by its name, Prometheus unless it says other.
    return namesOtherKind(name) ? Kind::Other : Kind::Prometheus;
}

Kind kindOfText(const QString& text, const QJsonArray& inputs, const std::vector<Variable>& variables) {
    if (text.isEmpty() || text == "default") return Kind::Default;
    if (text == "-- Mixed --") return Kind::Mixed;
    if (text == "-- Grafana --" || text == "-- Dashboard --" || text == "grafana") return Kind::Other;
    if (const QString name = referencedName(text); !name.isEmpty())
        return kindOfReference(name, inputs, variables);
    return namesOtherKind(text) ? Kind::Other : Kind::Prometheus;
}

} // namespace

DatasourceRef classifyDatasource(const QJsonValue& value, const QJsonArray& inputs,
                                 const std::vector<Variable>& variables) {
    DatasourceRef ref;
    if (value.isString()) {
        ref.text = value.toString().toStdString();
        ref.kind = kindOfText(value.toString(), inputs, variables);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QString type = object.value("type").toString();
        const QString uid = object.value("uid").toString();
        ref.text = (type.isEmpty() ? uid : uid.isEmpty() ? type : type + " " + uid).toStdString();
        if (type == "datasource")
            ref.kind =
                uid == "-- Mixed --" ? Kind::Mixed : Kind::Other; // Grafana's own "-- Dashboard --" etc.
        else if (type.isEmpty() || type.startsWith('$'))
            ref.kind = kindOfText(uid, inputs, variables);
        else
            ref.kind = kindOfPlugin(type);
    }
    return ref;
}

} // namespace dw::dashboard
