#include "plot_renderer.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>
#include <limits>

namespace dw {

namespace {

constexpr double kAxisWidth = 72; // the value labels' column
constexpr double kRightMargin = 12;
constexpr int kLegendRows = 3;
constexpr double kSwatch = 12;
// Beyond this many points antialiasing costs more than it shows: dense lines are drawn aliased.
constexpr std::size_t kAntialiasLimit = 40000;

} // namespace

double PlotLayout::xFor(std::int64_t timeMs, std::int64_t fromMs, std::int64_t toMs) const {
    return plot.left() +
           double(timeMs - fromMs) * plot.width() / double(std::max<std::int64_t>(1, toMs - fromMs));
}

std::int64_t PlotLayout::timeAt(double x, std::int64_t fromMs, std::int64_t toMs) const {
    return fromMs + std::int64_t((x - plot.left()) / std::max(1.0, plot.width()) * double(toMs - fromMs));
}

double PlotLayout::yFor(double value) const {
    return plot.bottom() - (value - yAxis.lo) * plot.height() / (yAxis.hi - yAxis.lo);
}

PlotLayout layoutPlot(const PlotScene& scene) {
    PlotLayout layout;
    const QFontMetricsF metrics(scene.font);
    QFont bold = scene.font;
    bold.setBold(true);
    const QFontMetricsF boldMetrics(bold); // entries are as wide as when emphasised, so none moves
    const double line = metrics.height();
    layout.titleHeight = line + 8;
    const double width = scene.size.width();

    // Legend entries flow left to right in up to three rows; what does not fit is counted.
    const auto& lines = scene.data ? scene.data->lines : std::vector<ChartLine>{};
    layout.legend.assign(lines.size(), QRectF());
    const double moreWidth = metrics.horizontalAdvance("+0000 more") + 8;
    const double right = width - 8;
    double x = 8;
    int row = 0;
    std::size_t placed = 0;
    for (; placed < lines.size(); ++placed) {
        const double w =
            kSwatch + 4 + boldMetrics.horizontalAdvance(QString::fromStdString(lines[placed].legend)) + 12;
        if (x + w > right && x > 8) {
            ++row;
            x = 8;
        }
        if (row == kLegendRows) break;
        layout.legend[placed] = QRectF(x, row * (line + 2), w, line);
        x += w;
    }
    const int rows = lines.empty() ? 0 : std::min(row + 1, kLegendRows);
    if (placed < lines.size()) {
        // Room for "+N more" at the end of the last row.
        const double lastRowTop = (kLegendRows - 1) * (line + 2);
        while (placed > 0 && layout.legend[placed - 1].top() == lastRowTop &&
               layout.legend[placed - 1].right() + moreWidth > right)
            layout.legend[--placed] = QRectF();
        const bool onLastRow = placed > 0 && layout.legend[placed - 1].top() == lastRowTop;
        layout.notShown = int(lines.size() - placed);
        layout.more = QRectF(onLastRow ? layout.legend[placed - 1].right() : 8, lastRowTop, moreWidth, line);
    }
    const double legendHeight = rows * (line + 2) + 4;
    const double legendTop = scene.size.height() - legendHeight;
    for (QRectF& r : layout.legend)
        if (!r.isNull()) r.translate(0, legendTop);
    if (layout.notShown) layout.more.translate(0, legendTop);
    const double axisLabels = line + 6;
    layout.plot = QRectF(QPointF(kAxisWidth, layout.titleHeight + line / 2),
                         QPointF(std::max(kAxisWidth + 10, width - kRightMargin),
                                 std::max(layout.titleHeight + 20, legendTop - axisLabels)));

    return layout;
}

namespace {

void drawAxes(QPainter& painter, const PlotScene& scene, const PlotLayout& layout) {
    const QRectF& plot = layout.plot;
    const QFontMetricsF metrics(scene.font);
    const std::string unit = scene.data ? scene.data->panel.unit : std::string();
    const ValueAxis& y = layout.yAxis;
    // Counted in whole steps: a float counter would drift (and could run for ever on a tiny step).
    const int valueTicks =
        y.step > 0 ? int(std::clamp(std::floor((y.hi - y.lo) / y.step + 0.5), 0.0, 1000.0)) : 0;
    for (int tick = 0; tick <= valueTicks; ++tick) {
        const double v = y.lo + double(tick) * y.step;
        const double at = std::round(layout.yFor(v)) + 0.5;
        painter.setPen(QPen(scene.grid, 0));
        painter.drawLine(QPointF(plot.left(), at), QPointF(plot.right(), at));
        painter.setPen(scene.text);
        const double shown = std::fabs(v) < y.step * 1e-9 ? 0 : v;
        painter.drawText(QRectF(0, at - metrics.height() / 2, plot.left() - 6, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(formatWithUnit(shown, unit), Qt::ElideRight, plot.left() - 8));
    }
    QString format;
    const auto ticks = timeTicks(scene.fromMs, scene.toMs, std::max(2, int(plot.width() / 90)), &format);
    for (std::int64_t t : ticks) {
        const double at = std::round(layout.xFor(t, scene.fromMs, scene.toMs)) + 0.5;
        painter.setPen(QPen(scene.grid, 0));
        painter.drawLine(QPointF(at, plot.top()), QPointF(at, plot.bottom()));
        painter.setPen(scene.text);
        const QString label = QDateTime::fromMSecsSinceEpoch(t).toString(format);
        const double w = metrics.horizontalAdvance(label) + 4;
        // Centred under its tick, but never over the value axis's numbers nor cut off by the widget's edge.
        const double left = std::max(double(plot.left()), std::min(at - w / 2, scene.size.width() - w));
        painter.drawText(QRectF(left, plot.bottom() + 3, w, metrics.height()), Qt::AlignCenter, label);
    }
}

// A translucent colour made opaque over the background: stacked areas must hide what is under them.
QColor blendOver(const QColor& color, const QColor& background) {
    const double a = color.alphaF();
    return QColor::fromRgbF(float(color.redF() * a + background.redF() * (1 - a)),
                            float(color.greenF() * a + background.greenF() * (1 - a)),
                            float(color.blueF() * a + background.blueF() * (1 - a)));
}

void drawLines(QPainter& painter, const PlotScene& scene, const PlotLayout& layout) {
    const auto& lines = scene.data->lines;
    std::size_t points = 0;
    for (const ChartLine& l : lines)
        for (const auto& segment : l.segments)
            points += segment.size();
    painter.save();
    painter.setClipRect(layout.plot.adjusted(-1, -2, 1, 2));
    // Half a pixel in, as the grid lines: a flat line on a round value falls on one row of pixels,
    // crisp, not blurred across two.
    const double x0 = layout.plot.left() + 0.5;
    const double sx = layout.plot.width() / double(std::max<std::int64_t>(1, scene.toMs - scene.fromMs));
    const double y0 = layout.plot.bottom() + 0.5;
    const double sy = layout.plot.height() / (layout.yAxis.hi - layout.yAxis.lo);
    const double lo = layout.yAxis.lo;
    QPolygonF polygon;
    const ChartStyle& style = scene.data->style;
    const double zero = y0 - (std::max(lo, std::min(0.0, layout.yAxis.hi)) - lo) * sy;
    auto draw = [&](const ChartLine& line, const QPen& pen) {
        painter.setPen(pen);
        for (const auto& segment : line.segments) {
            polygon.resize(qsizetype(segment.size()));
            for (std::size_t i = 0; i < segment.size(); ++i)
                polygon[qsizetype(i)] = QPointF(x0 + (segment[i].x() - double(scene.fromMs)) * sx,
                                                y0 - (segment[i].y() - lo) * sy);
            if (style.draw == ChartStyle::Draw::Bars) {
                QPen bar = pen; // as wide as the points are apart, with a gap between bars
                const double spacing = polygon.size() > 1 ? (polygon.back().x() - polygon.front().x()) /
                                                                double(polygon.size() - 1)
                                                          : 2;
                bar.setWidthF(std::max(1.0, 0.8 * spacing));
                bar.setCapStyle(Qt::FlatCap);
                painter.setPen(bar);
                for (const QPointF& p : polygon)
                    painter.drawLine(QPointF(p.x(), zero), p);
                painter.setPen(pen);
            } else if (style.draw == ChartStyle::Draw::Points) {
                painter.setBrush(pen.color());
                const double r = std::max(1.0, style.pointSize / 2);
                for (const QPointF& p : polygon)
                    painter.drawEllipse(p, r, r);
                painter.setBrush(Qt::NoBrush);
            } else if (polygon.size() == 1) { // a lone sample between gaps: a dot, not nothing
                painter.setBrush(pen.color());
                painter.drawEllipse(polygon[0], pen.widthF() + 1, pen.widthF() + 1);
                painter.setBrush(Qt::NoBrush);
            } else {
                painter.drawPolyline(polygon);
            }
        }
    };
    painter.setRenderHint(QPainter::Antialiasing, points <= kAntialiasLimit);
    if (scene.data->style.fillOpacity > 0) {
        // Each area from its line down to zero; stacked lines are drawn top line first, so each lower
        // area covers the part of the one above that is not its own.
        const double base = zero;
        painter.setPen(Qt::NoPen);
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const std::size_t i = scene.data->style.stacked ? lines.size() - 1 - k : k;
            if (scene.hidden.contains(QString::fromStdString(lines[i].legend))) continue;
            QColor fill = scene.colors[i];
            fill.setAlphaF(float(std::clamp(scene.data->style.fillOpacity / 100.0, 0.0, 1.0)));
            if (scene.data->style.stacked) fill = blendOver(fill, scene.background);
            painter.setBrush(fill);
            for (const auto& segment : lines[i].segments) {
                if (segment.size() < 2) continue;
                QPolygonF area;
                area.reserve(qsizetype(segment.size()) + 2);
                for (const QPointF& p : segment)
                    area << QPointF(x0 + (p.x() - double(scene.fromMs)) * sx, y0 - (p.y() - lo) * sy);
                area << QPointF(area.back().x(), base) << QPointF(area.front().x(), base);
                painter.drawPolygon(area);
            }
        }
        painter.setBrush(Qt::NoBrush);
    }
    const ChartLine* emphasised = nullptr;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const QString legend = QString::fromStdString(lines[i].legend);
        if (scene.hidden.contains(legend)) continue;
        if (!scene.highlight.isEmpty() && legend == scene.highlight) {
            emphasised = &lines[i];
            continue;
        }
        QColor color = scene.colors[i];
        if (!scene.highlight.isEmpty()) color.setAlpha(60);
        QPen pen(color, kLineWidth);
        pen.setCosmetic(true);
        draw(lines[i], pen);
    }
    if (emphasised) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        const auto index = std::size_t(emphasised - lines.data());
        draw(*emphasised,
             QPen(scene.colors[index], kEmphasisedWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    }
    painter.restore();
}

void drawLegend(QPainter& painter, const PlotScene& scene, const PlotLayout& layout) {
    const auto& lines = scene.data->lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const QRectF& r = layout.legend[i];
        if (r.isNull()) continue;
        const QString legend = QString::fromStdString(lines[i].legend);
        const bool hidden = scene.hidden.contains(legend);
        const QRectF swatch(r.left(), r.center().y() - kSwatch / 2 + 1, kSwatch, kSwatch / 2);
        if (hidden) {
            painter.setPen(scene.colors[i]);
            painter.setBrush(Qt::NoBrush);
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(scene.colors[i]);
        }
        painter.drawRect(swatch);
        QFont font = scene.font;
        font.setBold(legend == scene.highlight);
        painter.setFont(font);
        painter.setPen(hidden ? scene.muted : scene.text);
        painter.drawText(r.adjusted(kSwatch + 4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, legend);
    }
    painter.setFont(scene.font);
    if (layout.notShown) {
        painter.setPen(scene.muted);
        painter.drawText(layout.more, Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("+%1 more").arg(layout.notShown));
    }
}

} // namespace

QImage renderPlot(const PlotScene& scene, PlotLayout& layout) {
    // The value range needs every point: found here, on the render thread, not while laying out.
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    if (scene.data)
        for (const ChartLine& l : scene.data->lines) {
            if (scene.hidden.contains(QString::fromStdString(l.legend))) continue;
            for (const auto& segment : l.segments)
                for (const QPointF& p : segment) {
                    lo = std::min(lo, p.y());
                    hi = std::max(hi, p.y());
                }
        }
    if (scene.data) { // a panel's fixed range wins over the data's, as Grafana's min and max do
        if (scene.data->style.min) lo = *scene.data->style.min;
        if (scene.data->style.max) hi = *scene.data->style.max;
        if (scene.data->style.fillOpacity > 0 && lo > 0) lo = 0; // areas stand on zero
    }
    const double line = QFontMetricsF(scene.font).height();
    const int ticks = std::max(2, int(layout.plot.height() / (line * 2.5)));
    layout.yAxis = scene.data && scene.data->panel.unit == "s" ? niceDurationAxis(lo, hi, ticks)
                                                               : niceValueAxis(lo, hi, ticks);
    QImage image(scene.size * scene.devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scene.devicePixelRatio);
    image.fill(scene.background);
    QPainter painter(&image);
    QFont bold = scene.font;
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(scene.text);
    painter.drawText(QRectF(8, 2, scene.size.width() - 16, layout.titleHeight - 4),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetricsF(bold).elidedText(scene.title, Qt::ElideRight, scene.size.width() - 16));
    painter.setFont(scene.font);
    drawAxes(painter, scene, layout);
    if (!scene.data) return image;
    drawLines(painter, scene, layout);
    drawLegend(painter, scene, layout);
    return image;
}

} // namespace dw
