#pragma once

#include "chart_panel.h"
#include "health_table_model.h"
#include "overview_tiles.h"
#include "state_timeline.h"

#include <QComboBox>
#include <QLineEdit>
#include <QScrollArea>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QWidget>
#include <map>

namespace dw {

// The main page: overview tiles, the health table (sortable, filtered by text and state), the state
// timeline and a chart for every panel of the detected profiles.
// Thread-safety: a widget; use on the UI thread.
class DashboardPage : public QWidget {
    Q_OBJECT

public:
    explicit DashboardPage(const Theme& theme, QWidget* parent = nullptr);
    void setSnapshot(const std::shared_ptr<const DashboardSnapshot>& snapshot);

    OverviewTiles* tiles() const { return m_tiles; }
    QTableView* healthTable() const { return m_table; }
    HealthTableModel* healthModel() const { return m_model; }
    StateTimeline* timeline() const { return m_timeline; }
    std::vector<ChartPanel*> charts() const;
    ChartPanel* chart(const QString& title) const;
    // Brings every chart up to date, seen or not (exports, tests).
    void updateAllCharts();
    // Takes the theme's colours again.
    void applyTheme();
    // Scrolls a widget of the page (a chart) into view.
    void reveal(QWidget* widget);
    // The text of the last shared tooltip (the values at the cursor across the charts), for tests.
    const QString& lastTooltip() const { return m_lastTooltip; }
    // Whether a widget of the page is within the scrolled view.
    bool onScreen(const QWidget* widget) const;

signals:
    void rangeSelected(std::int64_t fromMs, std::int64_t toMs);
    // The user asked for an entity's raw series: a PromQL selector for Explore.
    void showSeries(const QString& selector);

private:
    const Theme& m_theme;
    OverviewTiles* m_tiles;
    QLineEdit* m_filter;
    QComboBox* m_stateFilter;
    HealthTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QSortFilterProxyModel* m_stateProxy;
    QTableView* m_table;
    StateTimeline* m_timeline;
    QWidget* m_chartArea;
    QScrollArea* m_scroll;
    void updateVisibleCharts();

    using ChartKey = std::pair<std::string, std::string>; // profile, panel title
    std::map<ChartKey, ChartPanel*> m_charts;
    QSet<ChartPanel*> m_dirty; // not shown since the last snapshot
    std::shared_ptr<const DashboardSnapshot> m_latest;
    QString m_highlight;
    QString m_lastTooltip;
};

} // namespace dw
