#include "grafana_value_view.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace dw {

GrafanaValueView::GrafanaValueView(Mode mode, const Theme& theme, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_theme(theme) {}

void GrafanaValueView::setItems(std::vector<Item> items, bool background) {
    m_items = std::move(items);
    m_background = background;
    update();
}

void GrafanaValueView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_items.empty()) {
        p.setPen(m_theme.palette().color(QPalette::Disabled, QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter, tr("No data"));
        return;
    }
    const int n = int(m_items.size());
    // Bars stack vertically; stats and gauges share the width, wrapping into rows when narrow.
    const int columns = m_mode == Mode::BarGauge ? 1 : std::max(1, std::min(n, width() / 90));
    const int rows = (n + columns - 1) / columns;
    const double w = double(width()) / columns, h = double(height()) / rows;
    for (int i = 0; i < n; ++i) {
        const int row = i / columns, column = i % columns;
        const QRectF cell(w * column, h * row, w, h);
        const Item& item = m_items[std::size_t(i)];
        if (m_mode == Mode::Gauge)
            paintGauge(p, cell.adjusted(2, 2, -2, -2), item);
        else if (m_mode == Mode::BarGauge)
            paintBar(p, cell.adjusted(2, 2, -2, -2), item);
        else
            paintStat(p, cell.adjusted(2, 2, -2, -2), item);
    }
}

void GrafanaValueView::paintStat(QPainter& p, const QRectF& cell, const Item& item) const {
    const QColor color = item.color.isValid() ? item.color : m_theme.palette().color(QPalette::WindowText);
    QColor text = color;
    if (m_background) {
        p.fillRect(cell, color);
        text = color.lightnessF() > 0.6 ? Qt::black : Qt::white;
    }
    if (item.sparkline.size() >= 2) {
        auto [lo, hi] = std::minmax_element(item.sparkline.begin(), item.sparkline.end(),
                                            [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
        const double t0 = item.sparkline.front().x(), t1 = item.sparkline.back().x();
        const double v0 = lo->y(), v1 = hi->y() > lo->y() ? hi->y() : lo->y() + 1;
        QPainterPath path;
        const QRectF area(cell.left(), cell.top() + cell.height() * 0.6, cell.width(), cell.height() * 0.4);
        for (std::size_t i = 0; i < item.sparkline.size(); ++i) {
            const QPointF& s = item.sparkline[i];
            const QPointF at(area.left() + (s.x() - t0) / std::max(1.0, t1 - t0) * area.width(),
                             area.bottom() - (s.y() - v0) / (v1 - v0) * area.height());
            i == 0 ? path.moveTo(at) : path.lineTo(at);
        }
        QColor line = m_background ? text : color;
        line.setAlphaF(0.7);
        p.setPen(QPen(line, 1.5));
        p.drawPath(path);
    }
    QFont font = p.font();
    p.setPen(text);
    font.setPixelSize(int(std::clamp(cell.height() * 0.18, 9.0, 14.0)));
    p.setFont(font);
    const QRectF nameRect(cell.left(), cell.top() + 2, cell.width(), cell.height() * 0.25);
    if (m_items.size() > 1)
        p.drawText(nameRect, Qt::AlignCenter,
                   QFontMetrics(font).elidedText(item.name, Qt::ElideMiddle, int(cell.width())));
    font.setPixelSize(int(std::clamp(
        std::min(cell.height() * 0.4, cell.width() / double(std::max<qsizetype>(3, item.text.size())) * 1.6),
        10.0, 64.0)));
    font.setBold(true);
    p.setFont(font);
    p.drawText(cell.adjusted(0, m_items.size() > 1 ? cell.height() * 0.15 : 0, 0, 0), Qt::AlignCenter,
               item.text);
}

void GrafanaValueView::paintGauge(QPainter& p, const QRectF& cell, const Item& item) const {
    const double side = std::min(cell.width(), cell.height() * 1.4);
    const QRectF arc(cell.center().x() - side / 2 + 8, cell.top() + 8, side - 16, side - 16);
    const double span = item.max > item.min ? item.max - item.min : 1;
    const double fraction = std::clamp((item.value - item.min) / span, 0.0, 1.0);
    QPen track(m_theme.palette().color(QPalette::Midlight), side / 10, Qt::SolidLine, Qt::FlatCap);
    p.setPen(track);
    p.drawArc(arc, 225 * 16, -270 * 16);
    QPen value(item.color.isValid() ? item.color : m_theme.seriesColor(0), side / 10, Qt::SolidLine,
               Qt::FlatCap);
    p.setPen(value);
    p.drawArc(arc, 225 * 16, int(-270 * 16 * fraction));
    QFont font = p.font();
    font.setBold(true);
    font.setPixelSize(int(std::clamp(side / 7, 10.0, 40.0)));
    p.setFont(font);
    p.setPen(item.color.isValid() ? item.color : m_theme.palette().color(QPalette::WindowText));
    p.drawText(arc, Qt::AlignCenter, item.text);
    font.setBold(false);
    font.setPixelSize(11);
    p.setFont(font);
    p.setPen(m_theme.palette().color(QPalette::WindowText));
    if (m_items.size() > 1)
        p.drawText(QRectF(cell.left(), cell.bottom() - 16, cell.width(), 16), Qt::AlignCenter,
                   QFontMetrics(font).elidedText(item.name, Qt::ElideMiddle, int(cell.width())));
}

void GrafanaValueView::paintBar(QPainter& p, const QRectF& cell, const Item& item) const {
    const double labelWidth = std::min(cell.width() * 0.3, 160.0),
                 valueWidth = std::min(cell.width() * 0.2, 90.0);
    QFont font = p.font();
    font.setPixelSize(int(std::clamp(cell.height() * 0.5, 9.0, 14.0)));
    p.setFont(font);
    p.setPen(m_theme.palette().color(QPalette::WindowText));
    p.drawText(QRectF(cell.left(), cell.top(), labelWidth - 4, cell.height()),
               Qt::AlignVCenter | Qt::AlignRight,
               QFontMetrics(font).elidedText(item.name, Qt::ElideMiddle, int(labelWidth - 4)));
    const QRectF bar(cell.left() + labelWidth, cell.top() + cell.height() * 0.15,
                     cell.width() - labelWidth - valueWidth, cell.height() * 0.7);
    p.fillRect(bar, m_theme.palette().color(QPalette::Midlight));
    const double span = item.max > item.min ? item.max - item.min : 1;
    const double fraction = std::clamp((item.value - item.min) / span, 0.0, 1.0);
    p.fillRect(QRectF(bar.left(), bar.top(), bar.width() * fraction, bar.height()),
               item.color.isValid() ? item.color : m_theme.seriesColor(0));
    p.setPen(item.color.isValid() ? item.color : m_theme.palette().color(QPalette::WindowText));
    p.drawText(QRectF(bar.right() + 4, cell.top(), valueWidth - 4, cell.height()),
               Qt::AlignVCenter | Qt::AlignLeft, item.text);
}

} // namespace dw
