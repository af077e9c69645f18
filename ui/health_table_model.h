#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QAbstractTableModel>

namespace dw {

// The health table: one row per entity of the latest snapshot, with its state badge colour, reason,
// uptime, last heartbeat age (ticking with the clock), heartbeat rate, lifecycle counts, reported view
// and target. Sorting uses the raw values (Qt::UserRole).
// Thread-safety: a Qt model; use on the UI thread.
class HealthTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Entity,
        State,
        Reason,
        Uptime,
        LastHeartbeat,
        Rate,
        Starts,
        Stops,
        Restarts,
        Failures,
        Reported,
        Target,
        Count
    };

    explicit HealthTableModel(const Theme& theme, QObject* parent = nullptr);
    void setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot);
    // Moves "now" for the ticking heartbeat ages without a new snapshot.
    void setNow(std::int64_t nowMs);
    const EntityHealth* entityAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QColor stateColor(const Theme& theme, HealthState state);

private:
    const Theme& m_theme;
    std::shared_ptr<const DashboardSnapshot> m_snapshot;
    std::int64_t m_nowMs = 0;
};

// "2m31s", "1h2m" for ages and uptimes.
QString humanDuration(std::int64_t ms);

} // namespace dw
