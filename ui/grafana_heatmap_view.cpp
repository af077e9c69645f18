#include "grafana_heatmap_view.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace dw {

GrafanaHeatmapView::GrafanaHeatmapView(const Theme& theme, QWidget* parent)
    : QWidget(parent), m_theme(theme) {}

void GrafanaHeatmapView::setBuckets(std::vector<Bucket> buckets) {
    m_buckets = std::move(buckets);
    m_max = 0;
    for (std::size_t b = 0; b < m_buckets.size(); ++b)
        for (std::size_t c = 0; c < m_buckets[b].counts.size(); ++c)
            m_max = std::max(m_max, cell(b, c));
    update();
}

double GrafanaHeatmapView::cell(std::size_t bucket, std::size_t column) const {
    const double here = m_buckets[bucket].counts[column];
    const double below = bucket == 0 ? 0 : m_buckets[bucket - 1].counts[column];
    const double count = here - below;
    return std::isfinite(count) ? std::max(0.0, count) : 0.0;
}

void GrafanaHeatmapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QColor text = m_theme.palette().color(QPalette::WindowText);
    if (m_buckets.empty() || m_buckets.front().counts.empty()) {
        p.setPen(m_theme.palette().color(QPalette::Disabled, QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter, tr("No data"));
        return;
    }
    const QFontMetrics metrics(font());
    const int labelWidth = metrics.horizontalAdvance("0.0000") + 8;
    const std::size_t columns = m_buckets.front().counts.size();
    const double rowHeight = double(height()) / double(m_buckets.size());
    const double columnWidth = double(width() - labelWidth) / double(columns);
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        const double top = height() - double(b + 1) * rowHeight;
        p.setPen(text);
        const double upper = m_buckets[b].upper;
        p.drawText(QRectF(0, top, labelWidth - 4, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                   std::isinf(upper) ? QStringLiteral("+Inf") : QString::number(upper, 'g', 4));
        for (std::size_t c = 0; c < columns; ++c) {
            const double count = cell(b, c);
            if (count <= 0) continue;
            // Grafana's default scheme runs from dark to bright orange as counts grow.
            const double t = m_max > 0 ? std::sqrt(count / m_max) : 0;
            QColor color = QColor::fromHsvF(0.08F, 0.9F, float(0.25 + 0.75 * t));
            p.fillRect(QRectF(labelWidth + double(c) * columnWidth, top, std::ceil(columnWidth),
                              std::ceil(rowHeight)),
                       color);
        }
    }
}

} // namespace dw
