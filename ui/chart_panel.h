#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QChartView>
#include <QDateTimeAxis>
#include <QGraphicsLineItem>
#include <QLineSeries>
#include <QSet>
#include <QValueAxis>
#include <optional>
#include <vector>

namespace dw {

// One time-series panel of a profile, drawn with Qt Charts. Each chart line is fed with one replace()
// per segment of decimated points; a line with gaps uses one QLineSeries per segment (same pen, one
// legend entry), so no line is ever drawn across missing data. Series objects are pooled and reused
// between updates. The y axis labels have a fixed width so the plot does not jump.
// Thread-safety: a widget; use on the UI thread.
class ChartPanel : public QChartView {
    Q_OBJECT

public:
    explicit ChartPanel(const Theme& theme, QWidget* parent = nullptr);
    void setData(const PanelData& data, std::int64_t fromMs, std::int64_t toMs);
    // How many lines (not segments) are shown, and their legends, for tests.
    QStringList legends() const;
    // The visible range's data as CSV: time (RFC 3339), then one column per line; empty cells where a
    // line has no point at that time.
    QString toCsv() const;
    bool exportCsv(const QString& path) const;
    bool exportPng(const QString& path);
    const QString& title() const { return m_title; }

    // Takes the theme's colours again (after a switch between light and dark).
    void applyTheme();
    // Emphasises one line (the entity selected in the health table); empty: none.
    void setHighlight(const QString& legend);
    // Draws the shared crosshair at a time (or hides it for a negative time).
    void setCrosshair(std::int64_t timeMs);
    bool crosshairVisible() const { return m_crosshair && m_crosshair->isVisible(); }
    // The pen width of a line's series (3 when emphasised), for tests; 0 when not shown.
    double penWidth(const QString& legend) const;
    // The values of every line at a time (the last point at or before it), as "legend: value" lines.
    QString valuesAt(std::int64_t timeMs) const;
    // Lines hidden by clicking their legend entry stay hidden across updates.
    bool isHidden(const QString& legend) const { return m_hidden.contains(legend); }
    void setLineHidden(const QString& legend, bool hidden);

signals:
    void hovered(std::int64_t timeMs);
    // The user dragged across the plot: show this range.
    void rangeSelected(std::int64_t fromMs, std::int64_t toMs);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QLineSeries* seriesAt(std::size_t index);
    QColor colorFor(const ChartLine& line, int index) const;

    const Theme& m_theme;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
    std::vector<QLineSeries*> m_pool;
    // What each pooled series was last given, so an update only touches what changed.
    struct Slot {
        QString name;
        QPen pen;
        bool visible = true;
        int marker = -1; // 0 hidden, 1 shown, 2 shown greyed (its line hidden); -1 unknown
    };
    std::vector<Slot> m_slots;
    QStringList m_legends;
    QString m_title;
    PanelData m_data; // what is shown, for the exports
    QString m_highlight;
    QSet<QString> m_hidden;
    QGraphicsLineItem* m_crosshair = nullptr;
    QGraphicsRectItem* m_selection = nullptr;
    std::optional<double> m_dragFrom;
    QPoint m_lastHoverGlobal;

public:
    // Where the pointer was last over the plot, for the shared tooltip.
    QPoint lastHoverGlobal() const { return m_lastHoverGlobal; }
    std::int64_t m_fromMs = 0, m_toMs = 0;
};

// Formats a value with the panel's unit: "12s", "0.033/s", "1.2 MiB", "12.5%".
QString formatWithUnit(double value, const std::string& unit);

} // namespace dw
