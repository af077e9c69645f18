#pragma once

#include "dashboard/dashboard.h"
#include "dashboard/template_variables.h"
#include "grafana_panel.h"
#include "monitor/monitor_session.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QToolButton>
#include <QWidget>
#include <memory>

namespace dw {

// A Grafana dashboard as a page of the window: a bar with the variables (combo boxes) and the time range,
// then the panels placed on Grafana's 24-column grid, under row headers that fold their panels. The
// active source answers: variables are resolved and queries evaluated on the session's evaluation thread
// (Prometheus servers answer the queries they hold), and answers come back to the panels whole. The page
// refreshes at the dashboard's `refresh` while it is visible; panels of folded rows are not queried.
// Thread-safety: a widget; use on the UI thread.
class GrafanaPage : public QWidget {
    Q_OBJECT

public:
    GrafanaPage(MonitorSession& session, const Theme& theme, QString path, dashboard::Dashboard dashboard,
                QWidget* parent = nullptr);
    // Reads a dashboard file; null and error (with line and column for bad JSON) when it cannot.
    static GrafanaPage* open(MonitorSession& session, const Theme& theme, const QString& path, QString& error,
                             QWidget* parent = nullptr);

    const QString& path() const { return m_path; }
    const dashboard::Dashboard& dashboard() const { return *m_dashboard; }
    const std::vector<GrafanaPanel*>& panels() const { return m_panels; }
    GrafanaPanel* panelTitled(const QString& title) const;
    // Resolves the variables (when a choice changed) and queries every visible panel again.
    void refresh();
    void setRowCollapsed(int row, bool collapsed);
    bool rowCollapsed(int row) const;
    QComboBox* variableBox(const QString& name) const;
    // A multi-value variable's button: a menu of checkable values (All first).
    QToolButton* multiVariableButton(const QString& name) const;
    // As if the user picked value ("$__all" for All) in the variable's box, or several in its menu.
    void chooseVariable(const QString& name, const QString& value);
    void chooseVariableValues(const QString& name, const QStringList& values);
    const dashboard::TemplateVariables& variables() const { return m_variables; }
    std::int64_t rangeMs() const { return m_rangeMs; }
    void setRangeMs(std::int64_t ms);
    bool exportPng(const QString& path);

signals:
    // Every panel of the last refresh has its answers.
    void refreshed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildBar();
    void buildVariableBoxes();
    QToolButton* buildMultiButton(const dashboard::Variable& variable,
                                  const dashboard::TemplateVariables::State& state);
    void relayout();
    void query();

    MonitorSession& m_session;
    const Theme& m_theme;
    QString m_path;
    std::shared_ptr<const dashboard::Dashboard> m_dashboard;
    dashboard::TemplateVariables m_variables;
    MonitorSession::VariableChoices m_choices;
    bool m_variablesStale = true;
    QWidget* m_bar;
    QHBoxLayout* m_variableLayout;
    std::vector<std::pair<QString, QComboBox*>> m_variableBoxes;
    std::vector<std::pair<QString, QToolButton*>> m_multiButtons;
    QComboBox* m_range;
    QScrollArea* m_scroll;
    QWidget* m_canvas;
    std::vector<GrafanaPanel*> m_panels; // parallel to the dashboard's panels
    std::vector<QToolButton*> m_rowHeaders;
    std::vector<bool> m_collapsed;
    std::int64_t m_rangeMs = 3'600'000;
    std::int64_t m_refreshMs = 10'000;
    QElapsedTimer m_sinceRefresh;
    std::uint64_t m_generation = 0;
    int m_pending = 0;
};

} // namespace dw
