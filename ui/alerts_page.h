#pragma once

#include "alerts_model.h"

#include <QLabel>
#include <QTableView>
#include <QWidget>

namespace dw {

class MonitorSession;

// The Alerts page: the alerts table and, when alerts go to Alertmanagers, a line per Alertmanager with
// how many alerts it accepted, what is queued or dropped, and its last delivery error.
// Thread-safety: a widget; use on the UI thread.
class AlertsPage : public QWidget {
public:
    AlertsPage(const MonitorSession& session, const Theme& theme, QWidget* parent = nullptr);
    void setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot);
    QTableView* table() const { return m_table; }
    QLabel* delivery() const { return m_delivery; }

private:
    const MonitorSession& m_session;
    AlertsModel* m_model;
    QTableView* m_table;
    QLabel* m_delivery;
};

} // namespace dw
