#pragma once

#include "monitor/dashboard_snapshot.h"
#include "plot_axes.h"

#include <QColor>
#include <QFont>
#include <QImage>
#include <QRectF>
#include <QSet>
#include <memory>
#include <vector>

namespace dw {

// Everything one plot image is drawn from. Values and shared immutable data only, so a copy can be
// handed to a render thread while the widget goes on.
struct PlotScene {
    std::shared_ptr<const PanelData> data;
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    QString title;              // with the query's error, when there is one
    std::vector<QColor> colors; // one per line
    QString highlight;          // the emphasised line's legend; empty: none
    QSet<QString> hidden;       // legends of lines hidden from the legend
    QColor background, text, grid, muted;
    QFont font;
    QSize size;
    qreal devicePixelRatio = 1;
};

// Where things are in a plot of a given scene: the plot area and each legend entry.
struct PlotLayout {
    QRectF plot;
    double titleHeight = 0;
    std::vector<QRectF> legend; // per line; empty where the entry did not fit
    QRectF more;                // "+N more" after the entries that fit
    int notShown = 0;
    ValueAxis yAxis; // set by renderPlot, which sees the data

    double xFor(std::int64_t timeMs, std::int64_t fromMs, std::int64_t toMs) const;
    std::int64_t timeAt(double x, std::int64_t fromMs, std::int64_t toMs) const;
    double yFor(double value) const;
};

// The pen widths of lines: thin and cosmetic for speed (hundreds of thousands of segments per frame),
// the emphasised line wide.
constexpr double kLineWidth = 1.0;
constexpr double kEmphasisedWidth = 3.0;

// Lays out a scene: a fixed-width value axis on the left, so every plot starts at the same x however
// wide its numbers get; time labels below; up to three rows of legend entries at the bottom.
// Thread-safety: pure functions; call from any thread (fonts on QImage are thread-safe in Qt 6).
PlotLayout layoutPlot(const PlotScene& scene);

// Draws the scene as an image: title, grid, axes, every visible line (each gap-free segment one
// polyline, so a gap is never bridged), the emphasised line on top, and the legend. Sets the layout's
// value axis.
QImage renderPlot(const PlotScene& scene, PlotLayout& layout);

} // namespace dw
