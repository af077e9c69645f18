#pragma once

#include "monitor/monitor_session.h"
#include "targets_model.h"

#include <QPlainTextEdit>
#include <QTableView>
#include <QWidget>
#include <optional>

namespace dw {

// The targets page: the targets table with the last error in full in a details pane, and the actions
// to add, edit and remove targets, scrape now, load a Prometheus configuration file, and add a Prometheus
// server as a source (removing one of its targets offers to stop watching the server).
// Thread-safety: a widget; use on the UI thread.
class TargetsPage : public QWidget {
    Q_OBJECT

public:
    TargetsPage(MonitorSession& session, const Theme& theme, QWidget* parent = nullptr);
    void setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot);
    QTableView* table() const { return m_table; }
    QPlainTextEdit* details() const { return m_details; }
    // Replaces the watched targets (the session's), and tells the window to remember them.
    void applyTargets(std::vector<TargetSpec> targets);
    // Watches a Prometheus configuration's targets (followed as its discovery changes) besides those added
    // here; an error message, or empty.
    QString loadConfiguration(const QString& path);
    // Asks for a Prometheus server (ServerDialog) and watches it too.
    void addServer();

    // The index in targets of the target selected in the table; -1 when none.
    int selectedIndex(const std::vector<TargetSpec>& targets) const;

signals:
    void targetsChanged();

private:
    std::optional<std::string> selectedKey() const;
    // A selected target the session's own list lacks came from the configuration: says so, returns true.
    bool explainIfDiscovered(int index);
    // A selected target a Prometheus server scrapes: offers to stop watching that server; returns true.
    bool removeServerOf(int index);
    const TargetRow* selectedRow() const;
    void editSelected();
    void showDetails();

    MonitorSession& m_session;
    TargetsModel* m_model;
    QTableView* m_table;
    QPlainTextEdit* m_details;
    std::shared_ptr<const DashboardSnapshot> m_snapshot;
};

} // namespace dw
