#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QWidget>

namespace dw {

// Each entity's state over the time range as coloured bands (healthy green, stale amber, flapping
// orange, stopped grey, unknown red), from the health model's state history: a state timeline as
// Grafana draws one. Painted directly, one rectangle per state run.
// Thread-safety: a widget; use on the UI thread.
class StateTimeline : public QWidget {
public:
    explicit StateTimeline(const Theme& theme, QWidget* parent = nullptr);
    void setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot);
    // The band area's x for a time, and the row rectangle of an entity, for tests.
    QRect rowRect(int row) const;
    int xFor(std::int64_t timeMs) const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    static constexpr int kRowHeight = 22;
    static constexpr int kLabelWidth = 220;
    const Theme& m_theme;
    std::shared_ptr<const DashboardSnapshot> m_snapshot;
};

} // namespace dw
