#include "grafana_state_view.h"

#include <QPainter>
#include <algorithm>

namespace dw {

GrafanaStateView::GrafanaStateView(bool cells, const Theme& theme, QWidget* parent)
    : QWidget(parent), m_cells(cells), m_theme(theme) {}

void GrafanaStateView::setBands(std::vector<Band> bands, std::int64_t fromMs, std::int64_t toMs) {
    m_bands = std::move(bands);
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    update();
}

void GrafanaStateView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QColor text = m_theme.palette().color(QPalette::WindowText);
    if (m_bands.empty()) {
        p.setPen(m_theme.palette().color(QPalette::Disabled, QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter, tr("No data"));
        return;
    }
    const QFontMetrics metrics(font());
    int nameWidth = 0;
    for (const Band& band : m_bands)
        nameWidth = std::max(nameWidth, metrics.horizontalAdvance(band.name));
    nameWidth = std::min(nameWidth + 8, width() / 3);
    const double bandHeight = std::min(40.0, double(height()) / double(m_bands.size()));
    const double plotWidth = width() - nameWidth;
    auto x = [&](std::int64_t t) {
        return nameWidth +
               double(std::clamp(t, m_fromMs, m_toMs) - m_fromMs) / double(m_toMs - m_fromMs) * plotWidth;
    };
    for (std::size_t i = 0; i < m_bands.size(); ++i) {
        const Band& band = m_bands[i];
        const double top = double(i) * bandHeight;
        p.setPen(text);
        p.drawText(QRectF(0, top, nameWidth - 6, bandHeight), Qt::AlignVCenter | Qt::AlignRight,
                   metrics.elidedText(band.name, Qt::ElideMiddle, nameWidth - 6));
        for (const Stretch& s : band.stretches) {
            QRectF r(x(s.fromMs), top + 1, std::max(1.0, x(s.toMs) - x(s.fromMs)), bandHeight - 2);
            if (m_cells) r.adjust(0.5, 0, -0.5, 0);
            p.fillRect(r, s.color);
            if (!m_cells && metrics.horizontalAdvance(s.text) + 6 < r.width()) {
                p.setPen(s.color.lightnessF() > 0.6 ? Qt::black : Qt::white);
                p.drawText(r, Qt::AlignCenter, s.text);
            }
        }
    }
}

} // namespace dw
