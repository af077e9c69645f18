#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QAbstractTableModel>

namespace dw {

// The targets panel: one row per target with a status dot (up green, down red, unknown grey), job,
// instance, last scrape age, duration, sample count and the last error (in full as a tooltip).
// Thread-safety: a Qt model; use on the UI thread.
class TargetsModel : public QAbstractTableModel {
public:
    enum Column { Status, Job, Instance, LastScrape, Duration, Samples, Error, Count };
    explicit TargetsModel(const Theme& theme, QObject* parent = nullptr);
    void setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const Theme& m_theme;
    std::shared_ptr<const DashboardSnapshot> m_snapshot;
};

} // namespace dw
