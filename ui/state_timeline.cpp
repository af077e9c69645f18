#include "state_timeline.h"

#include "health_table_model.h"

#include <QPainter>

namespace dw {

StateTimeline::StateTimeline(const Theme& theme, QWidget* parent) : QWidget(parent), m_theme(theme) {
    setMinimumHeight(kRowHeight * 2);
}

void StateTimeline::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    m_snapshot = std::move(snapshot);
    setMinimumHeight(sizeHint().height());
    update();
}

QSize StateTimeline::sizeHint() const {
    const int rows = m_snapshot ? int(m_snapshot->entities.size()) : 1;
    return {800, (rows + 1) * kRowHeight};
}

QRect StateTimeline::rowRect(int row) const {
    return {kLabelWidth, kRowHeight / 2 + row * kRowHeight, width() - kLabelWidth - 8, kRowHeight - 4};
}

int StateTimeline::xFor(std::int64_t t) const {
    if (!m_snapshot || m_snapshot->toMs <= m_snapshot->fromMs) return kLabelWidth;
    const QRect r = rowRect(0);
    const double f = double(t - m_snapshot->fromMs) / double(m_snapshot->toMs - m_snapshot->fromMs);
    return r.left() + int(std::clamp(f, 0.0, 1.0) * r.width());
}

void StateTimeline::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.palette().color(QPalette::Base));
    if (!m_snapshot) return;
    painter.setPen(m_theme.palette().color(QPalette::Text));
    for (std::size_t i = 0; i < m_snapshot->entities.size(); ++i) {
        const EntityHealth& h = m_snapshot->entities[i];
        const QRect row = rowRect(int(i));
        painter.setPen(m_theme.palette().color(QPalette::Text));
        painter.drawText(
            QRect(4, row.top(), kLabelWidth - 8, row.height()), Qt::AlignVCenter | Qt::AlignLeft,
            painter.fontMetrics().elidedText(QString::fromStdString(h.id), Qt::ElideMiddle, kLabelWidth - 8));
        // Runs of states: each history entry lasts until the next one; the last until now.
        for (std::size_t k = 0; k < h.history.size(); ++k) {
            const std::int64_t from = h.history[k].timeMs;
            const std::int64_t to = k + 1 < h.history.size() ? h.history[k + 1].timeMs : m_snapshot->nowMs;
            if (to < m_snapshot->fromMs || from > m_snapshot->toMs) continue;
            const int x0 = xFor(from), x1 = xFor(to);
            painter.fillRect(QRect(x0, row.top(), std::max(1, x1 - x0), row.height()),
                             HealthTableModel::stateColor(m_theme, h.history[k].to));
        }
    }
}

} // namespace dw
