#pragma once

#include "promql/generation.h"

#include <QJsonValue>
#include <optional>

namespace dw {

// The PromQL generation a server evaluates with, from the data of its /api/v1/status/buildinfo answer
// ({"version": "2.42.0", ...}). Servers that are not Prometheus but speak its API (Mimir, Thanos,
// VictoriaMetrics) name themselves in an "application" field or answer with their own version numbers,
// which say nothing about PromQL: nullopt for them, as for an answer without a version.
std::optional<promql::Generation> serverGeneration(const QJsonValue& buildInfo);

} // namespace dw
