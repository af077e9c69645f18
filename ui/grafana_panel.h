#pragma once

#include "chart_panel.h"
#include "dashboard/dashboard.h"
#include "dashboard/field_config.h"
#include "grafana_heatmap_view.h"
#include "grafana_state_view.h"
#include "grafana_value_view.h"
#include "monitor/monitor_session.h"

#include <QFrame>
#include <QLabel>
#include <QTableWidget>

namespace dw {

// One panel of a Grafana dashboard page: a card with the panel's title and what its type draws —
// timeseries and graph on the shared ChartPanel (its render thread and decimation), stat, singlestat,
// gauge and bargauge on GrafanaValueView, state-timeline and status-history on GrafanaStateView, heatmap,
// table, text (markdown) — and, for any other type or a datasource that is not Prometheus, a card that
// says so. Answers come from the page (the session's queries) and are shown whole.
// Thread-safety: a widget; use on the UI thread.
class GrafanaPanel : public QFrame {
    Q_OBJECT

public:
    struct Answer {
        std::string refId;
        std::string legendFormat;
        MonitorSession::QueryOutcome outcome;
    };

    GrafanaPanel(const dashboard::Panel& panel, const Theme& theme, QWidget* parent = nullptr);

    const dashboard::Panel& panel() const { return m_panel; }
    void setTitle(const QString& title);
    void setAnswers(std::vector<Answer> answers, std::int64_t fromMs, std::int64_t toMs);
    // Problems found planning the queries (unknown variables, other datasources); shown on the title.
    void setProblems(const QStringList& problems);
    QStringList problems() const { return m_problems; }
    bool isPlaceholder() const { return m_placeholder != nullptr; }

    ChartPanel* chart() const { return m_chart; }
    GrafanaValueView* values() const { return m_values; }
    GrafanaStateView* states() const { return m_states; }
    GrafanaHeatmapView* heatmap() const { return m_heatmap; }
    QTableWidget* table() const { return m_table; }
    QLabel* text() const { return m_text; }
    // The card as an image (charts have their own PNG and CSV exports in their menu).
    bool exportPng(const QString& path);
    // How often answers were shown (tests: a variable change queries again).
    int answersShown() const { return m_answersShown; }

signals:
    void hovered(std::int64_t timeMs);
    void rangeSelected(std::int64_t fromMs, std::int64_t toMs);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    struct Series {
        QString name;
        std::string refId;
        const promql::ResultSeries* series;
        ChartLine* line; // decimated for charts (moved into the chart); null without points
        dashboard::FieldConfig config;
    };
    std::vector<Series> collect(std::vector<Answer>& answers) const;
    void showChart(const std::vector<Series>& series, std::int64_t fromMs, std::int64_t toMs);
    std::vector<std::vector<promql::Point>> stack(const std::vector<Series>& series, bool percent) const;
    void showValues(const std::vector<Series>& series);
    void showStates(const std::vector<Series>& series, std::int64_t fromMs, std::int64_t toMs);
    void showHeatmap(const std::vector<Series>& series);
    void showTable(const std::vector<Series>& series);
    QColor colorOf(const std::string& color, std::size_t index, const dashboard::FieldConfig& config) const;

    dashboard::Panel m_panel;
    const Theme& m_theme;
    dashboard::FieldConfig m_config;
    QLabel* m_title;
    QLabel* m_warning;
    QStringList m_problems;
    QStringList m_queryErrors;
    ChartPanel* m_chart = nullptr;
    GrafanaValueView* m_values = nullptr;
    GrafanaStateView* m_states = nullptr;
    GrafanaHeatmapView* m_heatmap = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_placeholder = nullptr;
    int m_answersShown = 0;
};

} // namespace dw
