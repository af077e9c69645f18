#pragma once

#include "monitor/monitor_session.h"
#include "theme.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QToolButton>
#include <QWidget>
#include <optional>

namespace dw {

class MarkerSlider;

// The replay timeline under the dashboard: play and pause, one scrape back and forward, jump to the
// start and the end, a speed from 0.25x to 256x, and a slider with time labels and a marker wherever an
// entity changed state, a target went down or up, or an alert fired or resolved. Moving it moves the
// session's replay clock, and the whole window shows the state at that time.
// Thread-safety: a widget; use on the UI thread.
class ReplayBar : public QWidget {
    Q_OBJECT

public:
    ReplayBar(MonitorSession& session, const Theme& theme, QWidget* parent = nullptr);

    void setPlaying(bool playing);
    bool playing() const { return m_tick.isActive(); }
    void stepForward();
    void stepBack();
    void jumpToStart();
    void jumpToEnd();
    // Speeds offered: 0.25, 0.5, 1, 2, ... 256.
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    std::int64_t timeMs() const { return m_timeMs; }
    void seek(std::int64_t timeMs);
    int markerCount() const;
    QSlider* slider() const;
    const QString& timeText() const { return m_timeText; }
    // The slider's end labels: the recording's first and last times.
    QString startText() const { return m_startLabel->text(); }
    QString endText() const { return m_endLabel->text(); }

private:
    void advance();
    void refreshMarkers();
    void showTime();

    MonitorSession& m_session;
    const Theme& m_theme;
    MonitorSession::ReplayInfo m_info;
    QToolButton* m_play;
    QComboBox* m_speedBox;
    MarkerSlider* m_slider;
    QLabel* m_startLabel;
    QLabel* m_endLabel;
    QLabel* m_time;
    QString m_timeText;
    QTimer m_tick;
    QElapsedTimer m_sinceTick;
    double m_speed = 1;
    std::optional<std::int64_t> m_seekWhenOpened; // asked for before the span was known
    std::int64_t m_timeMs = 0;
    bool m_awaitingSnapshot = false; // a seek is being built: do not queue more while playing
    bool m_seekAgain = false;
};

} // namespace dw
