#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QAbstractTableModel>

namespace dw {

// The alerts panel: pending and firing alerts with their labels, value, summary, since when, and the
// Alertmanagers that accepted each.
// Thread-safety: a Qt model; use on the UI thread.
class AlertsModel : public QAbstractTableModel {
public:
    enum Column { State, Name, Labels, Value, Summary, Since, SentTo, Count };
    explicit AlertsModel(const Theme& theme, QObject* parent = nullptr);
    // sentTo: per alert of the snapshot, where it was delivered (empty when nothing is sent anywhere).
    void setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot, std::vector<QString> sentTo = {});
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const Theme& m_theme;
    std::shared_ptr<const DashboardSnapshot> m_snapshot;
    std::vector<QString> m_sentTo;
};

} // namespace dw
