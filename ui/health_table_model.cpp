#include "health_table_model.h"

#include "util/duration.h"

#include <cmath>

namespace dw {

QString humanDuration(std::int64_t ms) {
    return QString::fromStdString(formatDurationMs(std::max<std::int64_t>(0, ms) / 1000 * 1000));
}

HealthTableModel::HealthTableModel(const Theme& theme, QObject* parent)
    : QAbstractTableModel(parent), m_theme(theme) {}

void HealthTableModel::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_nowMs = m_snapshot ? m_snapshot->nowMs : 0;
    endResetModel();
}

void HealthTableModel::setNow(std::int64_t nowMs) {
    m_nowMs = nowMs;
    if (rowCount() > 0) emit dataChanged(index(0, LastHeartbeat), index(rowCount() - 1, LastHeartbeat));
}

const EntityHealth* HealthTableModel::entityAt(int row) const {
    if (!m_snapshot || row < 0 || row >= int(m_snapshot->entities.size())) return nullptr;
    return &m_snapshot->entities[std::size_t(row)];
}

int HealthTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->entities.size());
}

int HealthTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QColor HealthTableModel::stateColor(const Theme& theme, HealthState state) {
    return theme.statusColor(Theme::statusOf(state));
}

QVariant HealthTableModel::data(const QModelIndex& index, int role) const {
    const EntityHealth* h = entityAt(index.row());
    if (!h) return {};
    const std::int64_t heartbeatAge =
        h->lastHeartbeatMs ? m_nowMs - *h->lastHeartbeatMs : -1; // -1: none seen
    if (role == Qt::UserRole) {                                  // sort keys
        switch (index.column()) {
        case State:
            return int(h->state);
        case Uptime:
            return h->uptimeSeconds.value_or(-1);
        case LastHeartbeat:
            return qint64(heartbeatAge);
        case Rate:
            return h->heartbeatRate.value_or(-1);
        case Failures:
            return h->reported.consecutiveFailures.value_or(-1);
        default: // text, or counts that already sort as numbers
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::BackgroundRole && index.column() == State) return stateColor(m_theme, h->state);
    if (role == Qt::ForegroundRole && index.column() == State) return QColor(Qt::white);
    if (role == Qt::ToolTipRole && index.column() == Rate && h->heartbeatRate)
        return tr("Heartbeats per second over the %1 watched (at most 5m)")
            .arg(humanDuration(std::int64_t(h->heartbeatRateSpanSeconds * 1000)));
    if (role == Qt::ToolTipRole) {
        QString tip = QString::fromStdString(describe(h->reason));
        if (h->disagreement) tip += "\n" + QString::fromStdString(describe(*h->disagreement));
        return tip;
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Entity:
        return QString::fromStdString(h->id);
    case State:
        return QString::fromUtf8(healthStateName(h->state).data());
    case Reason:
        return QString::fromStdString(
            h->disagreement ? describe(h->reason) + "; " + describe(*h->disagreement) : describe(h->reason));
    case Uptime:
        return h->uptimeSeconds ? humanDuration(std::int64_t(*h->uptimeSeconds * 1000)) : QString("-");
    case LastHeartbeat:
        return heartbeatAge >= 0 ? humanDuration(heartbeatAge) + " ago" : QString("-");
    case Rate:
        return h->heartbeatRate ? QString::number(*h->heartbeatRate, 'f', 3) + "/s" : QString("-");
    case Starts:
        return h->starts;
    case Stops:
        return h->stops;
    case Restarts:
        return h->recentRestarts;
    case Failures:
        return h->reported.consecutiveFailures
                   ? QString::number(std::llround(*h->reported.consecutiveFailures))
                   : QString("-");
    case Reported:
        if (!h->reported.healthy) return "-";
        return QString(*h->reported.healthy ? "healthy" : "unhealthy") +
               (h->disagreement ? " ≠ observed" : "");
    case Target:
        return QString::fromStdString(h->job + "/" + h->instance);
    default:
        return {};
    }
}

QVariant HealthTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Entity",         "State",          "Reason",   "Uptime",
                                  "Last heartbeat", "Heartbeat rate", "Starts",   "Stops",
                                  "Restarts",       "Failures",       "Reported", "Target"};
    return section >= 0 && section < Count ? QString(names[section]) : QVariant();
}

} // namespace dw
