#pragma once

#include "monitor/dashboard_snapshot.h"
#include "plot_renderer.h"
#include "theme.h"

#include <QImage>
#include <QSet>
#include <QWidget>
#include <memory>
#include <optional>

namespace dw {

// One time-series panel of a profile (and Explore's graph). It takes each update whole — a panel's
// lines already decimated to at most two points per pixel column and split at gaps — and draws it with
// QPainter into an image on a worker thread (plot_renderer), so the UI thread only hands data over and
// blits; the crosshair and the drag selection are drawn over that image. Qt Charts 6.4 was replaced
// because its replace() builds a hit-test path per line: 170 ms for 300 lines of 1,400 points.
// Thread-safety: a widget; use on the UI thread. Its render jobs only read the scene they were given.
class ChartPanel : public QWidget {
    Q_OBJECT

public:
    explicit ChartPanel(const Theme& theme, QWidget* parent = nullptr);
    ~ChartPanel() override;
    // The panel's data shares ownership of the snapshot it came from: nothing is copied.
    void setData(std::shared_ptr<const PanelData> data, std::int64_t fromMs, std::int64_t toMs);
    void setData(const PanelData& data, std::int64_t fromMs, std::int64_t toMs);
    QStringList legends() const;
    const QString& title() const { return m_title; }
    // The visible range's data as CSV: time (RFC 3339), then one column per line; empty cells where a
    // line has no point at that time.
    QString toCsv() const;
    bool exportCsv(const QString& path) const;
    bool exportPng(const QString& path);
    // Draws the current data now, on this thread (exports, tests, the first paint).
    void renderNow();
    // Whether the image on screen shows the current data (render jobs done).
    bool renderCurrent() const;

    // Takes the theme's colours again (after a switch between light and dark).
    void applyTheme();
    // Emphasises one line (the entity selected in the health table); empty: none.
    void setHighlight(const QString& legend);
    // Draws the shared crosshair at a time (or hides it for a time outside the range).
    void setCrosshair(std::int64_t timeMs);
    bool crosshairVisible() const;
    // The pen width a line is drawn with (kEmphasisedWidth when emphasised); 0 when not drawn.
    double penWidth(const QString& legend) const;
    // The values of every line at a time (the last point at or before it), as "legend: value" lines.
    QString valuesAt(std::int64_t timeMs) const;
    // Lines hidden by clicking their legend entry stay hidden across updates.
    bool isHidden(const QString& legend) const { return m_hidden.contains(legend); }
    void setLineHidden(const QString& legend, bool hidden);
    QRectF plotArea() const { return m_layout.plot; }
    // Where the last image drawn on this thread put things, value axis included (tests).
    const PlotLayout& layout() const { return m_layout; }
    // Where the pointer was last over the plot, for the shared tooltip.
    QPoint lastHoverGlobal() const { return m_lastHoverGlobal; }
    std::int64_t fromMs() const { return m_fromMs; }
    std::int64_t toMs() const { return m_toMs; }
    QSize sizeHint() const override { return {640, 280}; }

signals:
    void hovered(std::int64_t timeMs);
    // The user dragged across the plot: show this range.
    void rangeSelected(std::int64_t fromMs, std::int64_t toMs);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct RenderQueue;
    // The scene changed: lay it out again and draw it on a worker thread.
    void invalidate();
    PlotScene scene() const;

    const Theme& m_theme;
    std::shared_ptr<const PanelData> m_data;
    std::int64_t m_fromMs = 0;
    std::int64_t m_toMs = 0;
    QString m_title;
    QString m_highlight;
    QSet<QString> m_hidden;
    PlotLayout m_layout;
    std::uint64_t m_generation = 0;
    std::shared_ptr<RenderQueue> m_queue;
    std::int64_t m_crosshairMs = -1;
    std::optional<double> m_dragFrom; // x where a drag started
    double m_dragTo = 0;
    QPoint m_lastHoverGlobal;
};

} // namespace dw
