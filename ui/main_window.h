#pragma once

#include "alerts_page.h"
#include "dashboard_page.h"
#include "desktop_alerts.h"
#include "explore_page.h"
#include "grafana_tabs.h"
#include "monitor/monitor_session.h"
#include "replay_bar.h"
#include "targets_page.h"
#include "theme.h"

#include <QLabel>
#include <QMainWindow>
#include <QTabWidget>
#include <QToolButton>
#include <functional>

namespace dw {

// DispatchWatch's main window, composed of pages: the dashboard (tiles, health table, state timeline,
// charts), targets and alerts, with a status bar (source, scrape statistics, current time). It only
// copies ready snapshots into widgets; the session computes them elsewhere. Pages that are not visible
// are brought up to date when shown.
// Thread-safety: a widget; use on the UI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(MonitorSession& session, Theme& theme, QString source, QWidget* parent = nullptr);

    DashboardPage* dashboard() const { return m_dashboard; }
    QTableView* targetsTable() const { return m_targetsPage->table(); }
    TargetsPage* targetsPage() const { return m_targetsPage; }
    QTableView* alertsTable() const { return m_alertsPage->table(); }
    AlertsPage* alertsPage() const { return m_alertsPage; }
    ExplorePage* explore() const { return m_explore; }
    std::shared_ptr<const DashboardSnapshot> shownSnapshot() const { return m_shown; }
    // Sets the charts' time range (5m, 15m, 1h, 6h).
    void setRange(std::int64_t ms);
    bool exportPng(const QString& path);
    // Switches between the light and the dark theme.
    void setDark(bool dark);
    // Shows a fixed time range in every chart (0, 0: live).
    void setFixedRange(std::int64_t fromMs, std::int64_t toMs);
    // Shows a snapshot (the session's, or a replay's).
    void showSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot);
    QTabWidget* tabs() const { return m_tabs; }
    // The replay timeline, when the session replays a recording; otherwise null.
    ReplayBar* replayBar() const { return m_replayBar; }
    // What File → Open does with the recording or snapshots chosen (the application opens a window).
    void setOpenHandler(std::function<void(const QString&)> handler) { m_openHandler = std::move(handler); }
    // Starts or stops recording the live targets into a file (File → Record).
    bool startRecording(const QString& path);
    void stopRecording();
    // Stops a recording that can no longer write and tells the user why, without interrupting them.
    void checkRecording();
    // A warning that does not block the application (the dashboard keeps updating behind it); its object
    // name lets tests find it.
    void showNotice(const QString& title, const QString& text, const QString& objectName);
    QToolButton* recordButton() const { return m_recordButton; }
    QString statusText() const { return m_status->text(); }
    // Grafana dashboards opened as pages (File → Open dashboard…, a dropped .json, --dashboard).
    GrafanaTabs* grafana() const { return m_grafana; }
    // Opens a dashboard page, telling the user when the file cannot be read.
    GrafanaPage* openDashboard(const QString& path);
    // The tray and desktop notifications (null while replaying).
    DesktopAlerts* desktop() const { return m_desktop; }
    // Brings the window forward on the dashboard with an entity's row selected.
    void showEntity(const QString& entityId);

signals:
    // The user chose Prometheus 2 or 3 semantics in View → PromQL semantics (2 or 3).
    void promqlGenerationChosen(int generation);

private slots:
    void followReplaySpan();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void showCurrentPage();
    void applyOptions(const SnapshotBuilder::Options& options);
    void buildActions();
    void buildReplayActions();

    MonitorSession& m_session;
    Theme& m_theme;
    QString m_source;
    QTabWidget* m_tabs;
    DashboardPage* m_dashboard;
    TargetsPage* m_targetsPage;
    AlertsPage* m_alertsPage;
    ExplorePage* m_explore;
    GrafanaTabs* m_grafana;
    QLabel* m_status;
    ReplayBar* m_replayBar = nullptr;
    DesktopAlerts* m_desktop = nullptr;
    bool m_quitting = false; // quit from the tray: close for real
    QAction* m_recordAction = nullptr;
    QToolButton* m_recordButton = nullptr;
    QString m_recordingPath;
    std::function<void(const QString&)> m_openHandler;
    SnapshotBuilder::Options m_options;
    std::shared_ptr<const DashboardSnapshot> m_latest;
    std::shared_ptr<const DashboardSnapshot> m_shown;
};

} // namespace dw
