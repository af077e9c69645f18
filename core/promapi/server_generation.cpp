#include "promapi/server_generation.h"

#include <QJsonObject>

namespace dw {

std::optional<promql::Generation> serverGeneration(const QJsonValue& buildInfo) {
    const QJsonObject info = buildInfo.toObject();
    const QString application = info.value("application").toString();
    if (!application.isEmpty() && application.compare("Prometheus", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    // Prometheus's own answer also names the Go build: a server without it is not Prometheus.
    if (!info.contains("goVersion") || !info.contains("revision")) return std::nullopt;
    return promql::parseGeneration(info.value("version").toString().toStdString());
}

} // namespace dw
