#pragma once

#include "chart_panel.h"
#include "monitor/monitor_session.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QWidget>

namespace dw {

// Explore, like Prometheus's graph page: a metric browser (names and series counts, searchable) and a
// PromQL box with completion of metric and function names, a graph and a table of the result, and
// syntax errors marked at their position. Queries run on the session's evaluation thread.
// Thread-safety: a widget; use on the UI thread.
class ExplorePage : public QWidget {
    Q_OBJECT

public:
    ExplorePage(MonitorSession& session, const Theme& theme, QWidget* parent = nullptr);
    void setQuery(const QString& text);
    void run();
    // Refreshes the metric browser and the completion from the store (read on the evaluation thread;
    // metricsShown follows).
    void refreshMetrics();

    QTableView* table() const { return m_table; }
    // Between the metric list and the query; its position is remembered in the settings.
    QSplitter* splitter() const { return m_splitter; }
    ChartPanel* graph() const { return m_graph; }
    QLabel* errorLabel() const { return m_error; }
    QListWidget* browser() const { return m_browser; }
    // What the query box completes: metric names, label names and function names.
    const QStringList& completions() const { return m_words; }

signals:
    void finished();
    void metricsShown();

private:
    void show(MonitorSession::QueryOutcome outcome);
    void showMetrics(const MonitorSession::MetricList& list);

    MonitorSession& m_session;
    QLineEdit* m_query;
    QComboBox* m_range;
    QLabel* m_error;
    QLineEdit* m_search;
    QListWidget* m_browser;
    QStandardItemModel* m_rows;
    QTableView* m_table;
    QSplitter* m_splitter;
    bool m_splitterRemembered = false; // the user placed it (now or in an earlier run)
    ChartPanel* m_graph;
    QStringList m_words;
};

} // namespace dw
