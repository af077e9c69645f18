#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QLabel>
#include <QWidget>
#include <array>

namespace dw {

// The overview row: healthy, stale, stopped and flapping counts, active dispatchers, restarts in the
// window, targets down and firing alerts, each a tile coloured like a Grafana stat panel (green when
// all is well, the state's colour when not zero).
// Thread-safety: a widget; use on the UI thread.
class OverviewTiles : public QWidget {
    Q_OBJECT

public:
    enum class Tile { Healthy, Stale, Stopped, Flapping, Active, Restarts, TargetsDown, AlertsFiring, Count };

    explicit OverviewTiles(const Theme& theme, QWidget* parent = nullptr);
    void setSnapshot(const DashboardSnapshot& snapshot);
    // The number a tile shows.
    int value(Tile tile) const { return m_values[std::size_t(tile)]; }

private:
    void setTile(Tile tile, int value, const QColor& alarm);
    QString caption(Tile tile) const;
    const Theme& m_theme;
    std::array<QLabel*, std::size_t(Tile::Count)> m_tiles{};
    std::array<int, std::size_t(Tile::Count)> m_values{};
};

} // namespace dw
