#include "chart_panel.h"

#include "util/thread_handoff.h"

#include <QMetaObject>
#include <QPainter>
#include <QThreadPool>
#include <mutex>

namespace dw {

// The hand-over between the widget and its render jobs: the newest scene to draw and the newest image
// drawn. At most one job per panel runs; scenes that arrive meanwhile replace each other, so a slow
// render never queues up work.
struct ChartPanel::RenderQueue {
    struct Job {
        PlotScene scene;
        PlotLayout layout;
        std::uint64_t generation = 0;
    };
    std::mutex mutex;
    bool alive = true; // false once the widget is gone: finished images are dropped
    bool running = false;
    std::optional<Job> pending;
    QImage image;
    std::uint64_t imageGeneration = 0;
    std::uint64_t scheduledGeneration = 0;

    static void drain(const std::shared_ptr<RenderQueue>& queue, ChartPanel* panel) {
        for (;;) {
            Job job;
            {
                std::lock_guard lock(queue->mutex);
                if (!queue->alive || !queue->pending) {
                    queue->running = false;
                    return;
                }
                job = std::move(*queue->pending);
                queue->pending.reset();
            }
            QImage image = renderPlot(job.scene, job.layout);
            std::lock_guard lock(queue->mutex);
            if (!queue->alive) {
                queue->running = false;
                return;
            }
            if (job.generation > queue->imageGeneration) {
                queue->image = std::move(image);
                queue->imageGeneration = job.generation;
                // The widget is alive while alive is true under this lock; a posted update is dropped
                // with the widget if it goes before delivery.
                invokeOn(
                    panel, [panel] { panel->update(); }, Qt::QueuedConnection);
            }
        }
    }
};

namespace {

// One thread draws every chart, so rendering never takes the last core from the UI thread and the
// evaluation thread on a two-core machine; one chart draws in a few milliseconds.
QThreadPool& renderPool() {
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setObjectName("dw-chart-render");
        return p;
    }();
    return *pool;
}

} // namespace

ChartPanel::ChartPanel(const Theme& theme, QWidget* parent)
    : QWidget(parent), m_theme(theme), m_queue(std::make_shared<RenderQueue>()) {
    setMouseTracking(true);
    setMinimumHeight(220);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

ChartPanel::~ChartPanel() {
    std::lock_guard lock(m_queue->mutex);
    m_queue->alive = false;
}

void ChartPanel::setData(std::shared_ptr<const PanelData> data, std::int64_t fromMs, std::int64_t toMs) {
    m_data = std::move(data);
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_title = QString::fromStdString(m_data->panel.title);
    invalidate();
}

void ChartPanel::setData(const PanelData& data, std::int64_t fromMs, std::int64_t toMs) {
    setData(std::make_shared<const PanelData>(data), fromMs, toMs);
}

QStringList ChartPanel::legends() const {
    QStringList out;
    if (m_data)
        for (const ChartLine& line : m_data->lines)
            out << QString::fromStdString(line.legend);
    return out;
}

PlotScene ChartPanel::scene() const {
    PlotScene s;
    s.data = m_data;
    s.fromMs = m_fromMs;
    s.toMs = m_toMs;
    s.title =
        m_data && !m_data->error.empty() ? m_title + " — " + QString::fromStdString(m_data->error) : m_title;
    if (m_data)
        for (std::size_t i = 0; i < m_data->lines.size(); ++i) {
            const std::string& c = m_data->lines[i].color;
            s.colors.push_back(c.empty()       ? m_theme.seriesColor(int(i))
                               : c == "green"  ? m_theme.statusColor(Theme::Status::Good)
                               : c == "red"    ? m_theme.statusColor(Theme::Status::Bad)
                               : c == "orange" ? m_theme.statusColor(Theme::Status::Attention)
                               : c == "yellow" ? m_theme.statusColor(Theme::Status::Warning)
                                               : QColor(QString::fromStdString(c)));
        }
    s.highlight = m_highlight;
    s.hidden = m_hidden;
    const QPalette palette = m_theme.palette();
    s.background = palette.color(QPalette::Base);
    s.text = palette.color(QPalette::Text);
    // Grid lines a faint mix of text into background, as Grafana draws them, in either theme.
    const QColor base = s.background, text = s.text;
    s.grid = QColor::fromRgbF(base.redF() * 0.85f + text.redF() * 0.15f,
                              base.greenF() * 0.85f + text.greenF() * 0.15f,
                              base.blueF() * 0.85f + text.blueF() * 0.15f);
    s.muted = palette.color(QPalette::PlaceholderText);
    s.font = font();
    s.size = size();
    s.devicePixelRatio = devicePixelRatioF();
    return s;
}

void ChartPanel::invalidate() {
    PlotScene s = scene();
    m_layout = layoutPlot(s);
    ++m_generation;
    if (!isVisible()) return; // drawn when shown
    std::lock_guard lock(m_queue->mutex);
    m_queue->pending = RenderQueue::Job{std::move(s), m_layout, m_generation};
    m_queue->scheduledGeneration = m_generation;
    if (m_queue->running) return;
    m_queue->running = true;
    // HandedOff: the pool's queue is Qt's, invisible to ThreadSanitizer (core/util/thread_handoff.h).
    auto job = [queue = m_queue, panel = this] { RenderQueue::drain(queue, panel); };
    renderPool().start(std::function<void()>(HandedOff<decltype(job)>(std::move(job))));
}

void ChartPanel::renderNow() {
    const PlotScene s = scene();
    m_layout = layoutPlot(s);
    QImage image = renderPlot(s, m_layout);
    std::lock_guard lock(m_queue->mutex);
    m_queue->image = std::move(image);
    m_queue->imageGeneration = m_generation;
}

bool ChartPanel::renderCurrent() const {
    std::lock_guard lock(m_queue->mutex);
    return m_queue->imageGeneration == m_generation;
}

void ChartPanel::paintEvent(QPaintEvent*) {
    QImage image;
    bool stale = false;
    {
        std::lock_guard lock(m_queue->mutex);
        image = m_queue->image;
        stale = m_queue->imageGeneration != m_generation && m_queue->scheduledGeneration != m_generation;
    }
    // No image of this size (first paint, resize, shown after updates while hidden): draw it now.
    if (stale || image.isNull() || image.size() != size() * devicePixelRatioF()) {
        renderNow();
        std::lock_guard lock(m_queue->mutex);
        image = m_queue->image;
    }
    QPainter painter(this);
    painter.drawImage(QPointF(0, 0), image);
    const QRectF plot = m_layout.plot;
    if (crosshairVisible()) {
        const double x = m_layout.xFor(m_crosshairMs, m_fromMs, m_toMs);
        painter.setPen(QPen(m_theme.palette().color(QPalette::Text), 1, Qt::DashLine));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    if (m_dragFrom) {
        QColor fill = m_theme.seriesColor(0);
        fill.setAlpha(50);
        painter.fillRect(QRectF(QPointF(std::min(*m_dragFrom, m_dragTo), plot.top()),
                                QPointF(std::max(*m_dragFrom, m_dragTo), plot.bottom())),
                         fill);
    }
}

void ChartPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    m_layout = layoutPlot(scene()); // the mouse maps through it before the next paint
}

void ChartPanel::applyTheme() {
    invalidate();
}

void ChartPanel::setHighlight(const QString& legend) {
    if (legend == m_highlight) return;
    m_highlight = legend;
    if (m_data) invalidate();
}

void ChartPanel::setLineHidden(const QString& legend, bool hidden) {
    if (hidden)
        m_hidden.insert(legend);
    else
        m_hidden.remove(legend);
    if (m_data) invalidate();
}

double ChartPanel::penWidth(const QString& legend) const {
    if (!m_data || m_hidden.contains(legend) || !legends().contains(legend)) return 0;
    return legend == m_highlight ? kEmphasisedWidth : kLineWidth;
}

void ChartPanel::setCrosshair(std::int64_t timeMs) {
    if (timeMs == m_crosshairMs) return;
    m_crosshairMs = timeMs;
    update();
}

bool ChartPanel::crosshairVisible() const {
    return m_data && m_crosshairMs >= m_fromMs && m_crosshairMs <= m_toMs;
}

} // namespace dw
