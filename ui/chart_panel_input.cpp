// ChartPanel's pointer handling, exports and read-outs: hover, drag to zoom, legend clicks, CSV, PNG.

#include "chart_panel.h"

#include <QContextMenuEvent>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QMouseEvent>
#include <QRegularExpression>
#include <algorithm>
#include <map>

namespace dw {

void ChartPanel::mouseMoveEvent(QMouseEvent* event) {
    const QPointF at = event->position();
    if (m_layout.plot.contains(at)) {
        m_lastHoverGlobal = event->globalPosition().toPoint();
        emit hovered(m_layout.timeAt(at.x(), m_fromMs, m_toMs));
    } else {
        emit hovered(-1);
    }
    if (m_dragFrom) {
        m_dragTo = std::clamp(at.x(), m_layout.plot.left(), m_layout.plot.right());
        update();
    }
}

void ChartPanel::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_data) return;
    const QPointF at = event->position();
    for (std::size_t i = 0; i < m_layout.legend.size(); ++i)
        if (m_layout.legend[i].contains(at)) {
            const QString legend = QString::fromStdString(m_data->lines[i].legend);
            setLineHidden(legend, !isHidden(legend));
            return;
        }
    if (m_layout.notShown && m_layout.more.contains(at)) {
        // The lines that did not fit in the legend, each to hide or show.
        QMenu menu(this);
        for (std::size_t i = m_data->lines.size() - std::size_t(m_layout.notShown); i < m_data->lines.size();
             ++i) {
            const QString legend = QString::fromStdString(m_data->lines[i].legend);
            QAction* action =
                menu.addAction(legend, this, [this, legend] { setLineHidden(legend, !isHidden(legend)); });
            action->setCheckable(true);
            action->setChecked(!isHidden(legend));
        }
        menu.exec(event->globalPosition().toPoint());
        return;
    }
    if (m_layout.plot.contains(at)) {
        m_dragFrom = at.x();
        m_dragTo = at.x();
    }
}

void ChartPanel::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragFrom) return;
    const double from = std::min(*m_dragFrom, m_dragTo);
    const double to = std::max(*m_dragFrom, m_dragTo);
    m_dragFrom.reset();
    update();
    (void)event;
    // A drag of a few pixels is a click, not a zoom.
    if (to - from > 5)
        emit rangeSelected(m_layout.timeAt(from, m_fromMs, m_toMs), m_layout.timeAt(to, m_fromMs, m_toMs));
}

void ChartPanel::leaveEvent(QEvent* event) {
    emit hovered(-1);
    QWidget::leaveEvent(event);
}

void ChartPanel::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Export chart as PNG…"), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export PNG"), m_title + ".png", "PNG (*.png)");
        if (!path.isEmpty()) exportPng(path);
    });
    menu.addAction(tr("Export visible range as CSV…"), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export CSV"), m_title + ".csv", "CSV (*.csv)");
        if (!path.isEmpty()) exportCsv(path);
    });
    menu.exec(event->globalPos());
}

QString ChartPanel::valuesAt(std::int64_t timeMs) const {
    QString out = QDateTime::fromMSecsSinceEpoch(timeMs).toString("HH:mm:ss");
    if (!m_data) return out;
    const auto t = double(timeMs);
    for (const ChartLine& line : m_data->lines) {
        // Segments and their points are in time order: the last point at or before t.
        const QPointF* value = nullptr;
        for (const auto& segment : line.segments) {
            if (segment.empty() || segment.front().x() > t) break;
            const auto after = std::upper_bound(segment.begin(), segment.end(), t,
                                                [](double x, const QPointF& p) { return x < p.x(); });
            value = &*(after - 1);
        }
        if (value)
            out += "\n" + QString::fromStdString(line.legend) + ": " +
                   formatWithUnit(value->y(), m_data->panel.unit);
    }
    return out;
}

QString ChartPanel::toCsv() const {
    const std::size_t columns = m_data ? m_data->lines.size() : 0;
    std::map<double, std::vector<QString>> rows; // time -> one cell per line
    for (std::size_t i = 0; i < columns; ++i)
        for (const auto& segment : m_data->lines[i].segments)
            for (const QPointF& p : segment) {
                if (p.x() < double(m_fromMs) || p.x() > double(m_toMs)) continue;
                auto& cells = rows[p.x()];
                cells.resize(columns);
                cells[i] = QString::number(p.y(), 'g', 17);
            }
    auto quote = [](QString s) {
        return s.contains(QRegularExpression("[\",\n]")) ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    };
    QString out = "time";
    for (const QString& legend : legends())
        out += "," + quote(legend);
    out += "\n";
    for (const auto& [t, cells] : rows) {
        out += QDateTime::fromMSecsSinceEpoch(std::int64_t(t), Qt::UTC).toString(Qt::ISODateWithMs);
        for (const QString& cell : cells)
            out += "," + cell;
        out += "\n";
    }
    return out;
}

bool ChartPanel::exportCsv(const QString& path) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return file.write(toCsv().toUtf8()) >= 0;
}

bool ChartPanel::exportPng(const QString& path) {
    renderNow();
    return grab().save(path, "PNG");
}

} // namespace dw
