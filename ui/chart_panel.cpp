#include "chart_panel.h"

#include "health_table_model.h"

#include <QContextMenuEvent>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QLegendMarker>
#include <QMenu>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QToolTip>
#include <cmath>
#include <map>

namespace dw {

QString formatWithUnit(double value, const std::string& unit) {
    if (unit == "s") return humanDuration(std::int64_t(value * 1000));
    if (unit == "/s") return QString::number(value, 'g', 3) + "/s";
    if (unit == "percent") return QString::number(value, 'f', 1) + "%";
    if (unit == "percentunit") return QString::number(value * 100, 'f', 1) + "%";
    if (unit == "bytes") {
        const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (std::fabs(value) >= 1024 && i < 4) {
            value /= 1024;
            ++i;
        }
        return QString::number(value, 'g', 3) + " " + units[i];
    }
    return QString::number(value, 'g', 4);
}

ChartPanel::ChartPanel(const Theme& theme, QWidget* parent) : QChartView(parent), m_theme(theme) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_x = new QDateTimeAxis;
    m_x->setFormat("HH:mm:ss");
    m_y = new QValueAxis;
    m_y->setLabelFormat("%.4g");
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    applyTheme();
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    // A fixed margin for the y labels keeps every chart's plot area in the same place, however wide the
    // numbers get.
    chart->setMargins(QMargins(8, 4, 8, 4));
}

QLineSeries* ChartPanel::seriesAt(std::size_t index) {
    while (m_pool.size() <= index) {
        auto* s = new QLineSeries;
        chart()->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        for (QLegendMarker* marker : chart()->legend()->markers(s))
            connect(marker, &QLegendMarker::clicked, this,
                    [this, s] { setLineHidden(s->name(), !isHidden(s->name())); });
        m_pool.push_back(s);
        m_slots.push_back({});
    }
    return m_pool[index];
}

QColor ChartPanel::colorFor(const ChartLine& line, int index) const {
    if (line.color.empty()) return m_theme.seriesColor(index);
    if (line.color == "green") return m_theme.statusColor(Theme::Status::Good);
    if (line.color == "red") return m_theme.statusColor(Theme::Status::Bad);
    if (line.color == "orange") return m_theme.statusColor(Theme::Status::Attention);
    if (line.color == "yellow") return m_theme.statusColor(Theme::Status::Warning);
    return QColor(QString::fromStdString(line.color));
}

void ChartPanel::setData(const PanelData& data, std::int64_t fromMs, std::int64_t toMs) {
    m_data = data;
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_title = QString::fromStdString(data.panel.title);
    chart()->setTitle(data.error.empty() ? m_title : m_title + " — " + QString::fromStdString(data.error));
    m_legends.clear();
    std::size_t used = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < data.lines.size(); ++i) {
        const ChartLine& line = data.lines[i];
        const QColor color = colorFor(line, int(i));
        m_legends << QString::fromStdString(line.legend);
        bool first = true;
        const QString legend = QString::fromStdString(line.legend);
        const bool dimmed = !m_highlight.isEmpty() && legend != m_highlight;
        const QPen pen(dimmed ? QColor(color.red(), color.green(), color.blue(), 60) : color,
                       legend == m_highlight ? 3.0 : 1.5);
        for (const auto& segment : line.segments) {
            const std::size_t slot = used++;
            QLineSeries* s = seriesAt(slot);
            // Only what changed is set: each setter makes Qt Charts lay out the legend again.
            Slot& state = m_slots[slot];
            if (state.name != legend) {
                s->setName(legend);
                state.name = legend;
            }
            if (state.pen != pen) {
                s->setPen(pen);
                state.pen = pen;
            }
            s->replace(QList<QPointF>(segment.begin(), segment.end()));
            const bool visible = !m_hidden.contains(legend);
            if (state.visible != visible) {
                s->setVisible(visible);
                state.visible = visible;
            }
            for (const QPointF& p : segment) {
                lo = std::min(lo, p.y());
                hi = std::max(hi, p.y());
            }
            // One legend entry per line, however many segments it has; a hidden line's entry is greyed.
            const int marker = first ? (visible ? 1 : 2) : 0;
            if (state.marker != marker) {
                for (QLegendMarker* m : chart()->legend()->markers(s)) {
                    m->setVisible(marker != 0);
                    m->setLabelBrush(marker == 2 ? QBrush(Qt::gray)
                                                 : QBrush(m_theme.palette().color(QPalette::Text)));
                }
                state.marker = marker;
            }
            first = false;
        }
    }
    for (std::size_t i = used; i < m_pool.size(); ++i) {
        Slot& state = m_slots[i];
        if (!state.visible && state.marker == 0) continue;
        m_pool[i]->clear();
        m_pool[i]->setVisible(false);
        for (QLegendMarker* marker : chart()->legend()->markers(m_pool[i]))
            marker->setVisible(false);
        state = Slot{state.name, state.pen, false, 0};
    }
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    if (lo > hi) lo = 0, hi = 1;
    if (lo == hi) lo -= 1, hi += 1;
    const double pad = (hi - lo) * 0.05;
    m_y->setRange(lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad);
    m_y->applyNiceNumbers();
    const std::string& unit = data.panel.unit;
    m_y->setLabelFormat(unit == "s"             ? "%.4g s"
                        : unit == "/s"          ? "%.3g/s"
                        : unit == "percent"     ? "%.3g%%"
                        : unit == "percentunit" ? "%.2f"
                                                : "%.4g");
}

QStringList ChartPanel::legends() const {
    return m_legends;
}

} // namespace dw

namespace dw {

QString ChartPanel::toCsv() const {
    std::map<double, std::vector<QString>> rows; // time -> one cell per line
    for (std::size_t i = 0; i < m_data.lines.size(); ++i)
        for (const auto& segment : m_data.lines[i].segments)
            for (const QPointF& p : segment) {
                if (p.x() < double(m_fromMs) || p.x() > double(m_toMs)) continue;
                auto& cells = rows[p.x()];
                cells.resize(m_data.lines.size());
                cells[i] = QString::number(p.y(), 'g', 17);
            }
    auto quote = [](QString s) {
        return s.contains(QRegularExpression("[\",\n]")) ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    };
    QString out = "time";
    for (const QString& legend : m_legends)
        out += "," + quote(legend);
    out += "\n";
    for (const auto& [t, cells] : rows) {
        out += QDateTime::fromMSecsSinceEpoch(std::int64_t(t), Qt::UTC).toString(Qt::ISODateWithMs);
        for (std::size_t i = 0; i < m_data.lines.size(); ++i)
            out += "," + (i < cells.size() ? cells[i] : QString());
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
    return grab().save(path, "PNG");
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

} // namespace dw

namespace dw {

void ChartPanel::applyTheme() {
    const QPalette palette = m_theme.palette();
    chart()->setBackgroundBrush(palette.color(QPalette::Base));
    chart()->setTitleBrush(palette.color(QPalette::Text));
    chart()->legend()->setLabelColor(palette.color(QPalette::Text));
    for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(m_x), static_cast<QAbstractAxis*>(m_y)}) {
        axis->setLabelsColor(palette.color(QPalette::Text));
        axis->setGridLineColor(palette.color(QPalette::Mid));
    }
    for (Slot& slot : m_slots)
        slot = Slot{}; // colours are set again with the next data
    if (!m_data.lines.empty()) setData(PanelData(m_data), m_fromMs, m_toMs);
}

void ChartPanel::setHighlight(const QString& legend) {
    if (legend == m_highlight) return;
    m_highlight = legend;
    setData(PanelData(m_data), m_fromMs, m_toMs);
}

double ChartPanel::penWidth(const QString& legend) const {
    for (const QLineSeries* s : m_pool)
        if (s->name() == legend && s->isVisible()) return s->pen().widthF();
    return 0;
}

void ChartPanel::setLineHidden(const QString& legend, bool hidden) {
    if (hidden)
        m_hidden.insert(legend);
    else
        m_hidden.remove(legend);
    setData(PanelData(m_data), m_fromMs, m_toMs);
}

void ChartPanel::setCrosshair(std::int64_t timeMs) {
    if (!m_crosshair) {
        m_crosshair = new QGraphicsLineItem;
        m_crosshair->setPen(QPen(m_theme.palette().color(QPalette::Text), 1, Qt::DashLine));
        m_crosshair->setZValue(100);
        chart()->scene()->addItem(m_crosshair);
    }
    const QRectF plot = chart()->plotArea();
    if (timeMs < m_fromMs || timeMs > m_toMs) {
        m_crosshair->hide();
        return;
    }
    const double x = chart()->mapToPosition(QPointF(double(timeMs), m_y->min())).x();
    m_crosshair->setLine(x, plot.top(), x, plot.bottom());
    m_crosshair->show();
}

QString ChartPanel::valuesAt(std::int64_t timeMs) const {
    QString out = QDateTime::fromMSecsSinceEpoch(timeMs).toString("HH:mm:ss");
    for (const ChartLine& line : m_data.lines) {
        std::optional<double> value;
        for (const auto& segment : line.segments)
            for (const QPointF& p : segment)
                if (p.x() <= double(timeMs)) value = p.y();
        if (value)
            out +=
                "\n" + QString::fromStdString(line.legend) + ": " + formatWithUnit(*value, m_data.panel.unit);
    }
    return out;
}

void ChartPanel::mouseMoveEvent(QMouseEvent* event) {
    const QPointF value = chart()->mapToValue(event->position());
    if (chart()->plotArea().contains(event->position())) {
        const auto t = std::int64_t(value.x());
        emit hovered(t);
        m_lastHoverGlobal = event->globalPosition().toPoint();
        if (m_dragFrom && m_selection) {
            const double x0 = chart()->mapToPosition(QPointF(*m_dragFrom, m_y->min())).x();
            const QRectF plot = chart()->plotArea();
            m_selection->setRect(QRectF(QPointF(std::min(x0, event->position().x()), plot.top()),
                                        QPointF(std::max(x0, event->position().x()), plot.bottom())));
        }
    }
    QChartView::mouseMoveEvent(event);
}

void ChartPanel::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && chart()->plotArea().contains(event->position())) {
        m_dragFrom = chart()->mapToValue(event->position()).x();
        if (!m_selection) {
            m_selection = new QGraphicsRectItem;
            QColor fill = m_theme.seriesColor(0);
            fill.setAlpha(50);
            m_selection->setBrush(fill);
            m_selection->setPen(Qt::NoPen);
            chart()->scene()->addItem(m_selection);
        }
        m_selection->setRect({});
        m_selection->show();
    }
    QChartView::mousePressEvent(event);
}

void ChartPanel::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragFrom) {
        const double to = chart()->mapToValue(event->position()).x();
        const double from = *m_dragFrom;
        m_dragFrom.reset();
        if (m_selection) m_selection->hide();
        // A drag of a few pixels is a click, not a zoom.
        const double minimum = double(m_toMs - m_fromMs) / std::max(1.0, chart()->plotArea().width()) * 5;
        if (std::abs(to - from) > minimum)
            emit rangeSelected(std::int64_t(std::min(from, to)), std::int64_t(std::max(from, to)));
    }
    QChartView::mouseReleaseEvent(event);
}

void ChartPanel::leaveEvent(QEvent* event) {
    emit hovered(-1);
    QChartView::leaveEvent(event);
}

} // namespace dw
