#include "replay_bar.h"

#include "assessment/incident_text.h"
#include "health_table_model.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QPainter>
#include <QStyleOptionSlider>
#include <algorithm>
#include <limits>

namespace dw {

// A slider that draws markers at times along its groove.
class MarkerSlider : public QSlider {
public:
    struct Marker {
        double position; // 0..1 along the range
        QColor color;
    };
    explicit MarkerSlider(QWidget* parent) : QSlider(Qt::Horizontal, parent) {}
    void setMarkers(std::vector<Marker> markers) {
        m_markers = std::move(markers);
        update();
    }
    int markerCount() const { return int(m_markers.size()); }

protected:
    void paintEvent(QPaintEvent* event) override {
        QSlider::paintEvent(event);
        QStyleOptionSlider option;
        initStyleOption(&option);
        const QRect groove =
            style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderGroove, this);
        const int handle = style()->pixelMetric(QStyle::PM_SliderLength, &option, this);
        const int left = groove.left() + handle / 2, width = groove.width() - handle;
        QPainter painter(this);
        for (const Marker& m : m_markers) {
            const int x = left + int(m.position * width);
            painter.setPen(QPen(m.color, 2));
            painter.drawLine(x, groove.top() - 4, x, groove.top() + 2);
        }
    }

private:
    std::vector<Marker> m_markers;
};

namespace {

constexpr int kSliderSteps = 10000;
constexpr double kSpeeds[] = {0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256};

Theme::Status markerStatus(const Incident& incident) {
    switch (incident.kind) {
    case Incident::Kind::AlertFiring:
    case Incident::Kind::TargetDown:
        return Theme::Status::Bad;
    case Incident::Kind::AlertPending:
        return Theme::Status::Attention;
    case Incident::Kind::AlertResolved:
    case Incident::Kind::TargetUp:
        return Theme::Status::Good;
    case Incident::Kind::EntityChanged:
        break;
    }
    return Theme::statusOf(incident.to);
}

} // namespace

ReplayBar::ReplayBar(MonitorSession& session, const Theme& theme, QWidget* parent)
    : QWidget(parent), m_session(session), m_theme(theme), m_info(session.replayInfo()) {
    setObjectName("replayBar");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto button = [&](const QString& text, const QString& tip, auto slot) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        connect(b, &QToolButton::clicked, this, slot);
        layout->addWidget(b);
        return b;
    };
    button("|◀◀", tr("Jump to the start (Home)"), [this] { jumpToStart(); });
    button("◀|", tr("One scrape back (Left)"), [this] { stepBack(); });
    m_play = button("▶", tr("Play or pause (Space)"), [this] { setPlaying(!playing()); });
    button("|▶", tr("One scrape forward (Right)"), [this] { stepForward(); });
    button("▶▶|", tr("Jump to the end (End)"), [this] { jumpToEnd(); });
    m_speedBox = new QComboBox(this);
    for (double s : kSpeeds)
        m_speedBox->addItem(QStringLiteral("%1×").arg(s), s);
    m_speedBox->setCurrentIndex(2);
    m_speedBox->setToolTip(tr("Replay speed"));
    connect(m_speedBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_speed = m_speedBox->itemData(i).toDouble(); });
    layout->addWidget(m_speedBox);
    // The slider between the recording's first and last times; the current time after it.
    m_startLabel = new QLabel(this);
    layout->addWidget(m_startLabel);
    m_slider = new MarkerSlider(this);
    m_slider->setRange(0, kSliderSteps);
    connect(m_slider, &QSlider::sliderMoved, this, [this](int value) {
        seek(m_info.startMs +
             std::int64_t(double(value) / kSliderSteps * double(m_info.endMs - m_info.startMs)));
    });
    layout->addWidget(m_slider, 1);
    m_endLabel = new QLabel(this);
    layout->addWidget(m_endLabel);
    m_time = new QLabel(this);
    layout->addWidget(m_time);
    m_tick.setInterval(100);
    connect(&m_tick, &QTimer::timeout, this, [this] { advance(); });
    connect(&session, &MonitorSession::replayInfoChanged, this, [this] { refreshMarkers(); });
    connect(&session, &MonitorSession::snapshotReady, this, [this] {
        m_awaitingSnapshot = false;
        if (m_seekAgain) {
            m_seekAgain = false;
            seek(m_timeMs);
        }
    });
    m_timeMs = m_info.startMs;
    refreshMarkers();
    showTime();
}

QSlider* ReplayBar::slider() const {
    return m_slider;
}

int ReplayBar::markerCount() const {
    return m_slider->markerCount();
}

void ReplayBar::refreshMarkers() {
    const bool wasOpened = m_info.opened;
    m_info = m_session.replayInfo();
    if (m_info.opened && !wasOpened) { // the span has just become known: start there, or where asked
        m_timeMs = m_info.startMs;
        if (m_seekWhenOpened) seek(*m_seekWhenOpened);
        m_seekWhenOpened.reset();
        showTime();
    }
    // A recording within one day reads in times of day; a longer one needs its dates.
    const char* format = m_info.endMs - m_info.startMs < 86400000 ? "HH:mm:ss" : "MM-dd HH:mm";
    m_startLabel->setText(QDateTime::fromMSecsSinceEpoch(m_info.startMs).toString(format));
    m_endLabel->setText(QDateTime::fromMSecsSinceEpoch(m_info.endMs).toString(format));
    std::vector<MarkerSlider::Marker> markers;
    const double span = double(std::max<std::int64_t>(1, m_info.endMs - m_info.startMs));
    for (const Incident& i : m_info.incidents)
        markers.push_back({double(i.timeMs - m_info.startMs) / span, m_theme.statusColor(markerStatus(i))});
    m_slider->setMarkers(std::move(markers));
    QString tip;
    for (const Incident& i : m_info.incidents)
        tip += QDateTime::fromMSecsSinceEpoch(i.timeMs).toString("HH:mm:ss") + "  " +
               QString::fromStdString(incidentSubject(i) + ": " + incidentWhat(i)) + "\n";
    for (const std::string& p : m_info.problems)
        tip += QString::fromStdString(p) + "\n";
    m_slider->setToolTip(tip.trimmed());
}

void ReplayBar::seek(std::int64_t timeMs) {
    if (!m_info.opened) { // the file is still being read: go there when it is
        m_seekWhenOpened = timeMs;
        return;
    }
    m_timeMs = std::clamp(timeMs, m_info.startMs, m_info.endMs);
    showTime();
    // While one seek is built, later ones are folded into a single one after it.
    if (m_awaitingSnapshot) {
        m_seekAgain = true;
        return;
    }
    m_awaitingSnapshot = true;
    m_session.seekReplay(m_timeMs);
}

void ReplayBar::showTime() {
    const double span = double(std::max<std::int64_t>(1, m_info.endMs - m_info.startMs));
    if (!m_slider->isSliderDown())
        m_slider->setValue(int(double(m_timeMs - m_info.startMs) / span * kSliderSteps));
    m_timeText = QDateTime::fromMSecsSinceEpoch(m_timeMs).toString("yyyy-MM-dd HH:mm:ss") + " / " +
                 humanDuration(m_info.endMs - m_info.startMs) + " recorded";
    m_time->setText(m_timeText);
}

void ReplayBar::setPlaying(bool play) {
    if (play == playing()) return;
    if (play) {
        if (m_timeMs >= m_info.endMs) seek(m_info.startMs);
        m_sinceTick.start();
        m_tick.start();
    } else {
        m_tick.stop();
    }
    m_play->setText(play ? "❚❚" : "▶");
}

void ReplayBar::advance() {
    const std::int64_t elapsed = m_sinceTick.restart();
    const auto next = m_timeMs + std::int64_t(double(elapsed) * m_speed);
    seek(next);
    if (next >= m_info.endMs) setPlaying(false);
}

void ReplayBar::setSpeed(double speed) {
    for (int i = 0; i < m_speedBox->count(); ++i)
        if (m_speedBox->itemData(i).toDouble() == speed) m_speedBox->setCurrentIndex(i);
}

void ReplayBar::stepForward() {
    const auto& times = m_info.scrapeTimes;
    const auto it = std::upper_bound(times.begin(), times.end(), m_timeMs);
    if (it != times.end()) seek(*it);
}

void ReplayBar::stepBack() {
    const auto& times = m_info.scrapeTimes;
    const auto it = std::lower_bound(times.begin(), times.end(), m_timeMs);
    if (it != times.begin()) seek(*(it - 1));
}

void ReplayBar::jumpToStart() {
    seek(m_info.opened ? m_info.startMs : std::numeric_limits<std::int64_t>::min()); // clamped when known
}

void ReplayBar::jumpToEnd() {
    seek(m_info.opened ? m_info.endMs : std::numeric_limits<std::int64_t>::max());
}

} // namespace dw
