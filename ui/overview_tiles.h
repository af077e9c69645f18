#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QLabel>
#include <QWidget>
#include <map>

namespace dw {

// The overview row: healthy, stale, stopped and flapping counts, active dispatchers, restarts in the
// window, targets down and firing alerts, each a tile coloured like a Grafana stat panel (green when
// all is well, the state's colour when not zero).
// Thread-safety: a widget; use on the UI thread.
class OverviewTiles : public QWidget {
public:
    explicit OverviewTiles(const Theme& theme, QWidget* parent = nullptr);
    void setSnapshot(const DashboardSnapshot& snapshot);
    // The number a tile shows ("stale", "targets down", ...), for tests.
    int value(const QString& tile) const;

private:
    void setTile(const QString& name, int value, const QColor& alarm);
    const Theme& m_theme;
    std::map<QString, QLabel*> m_tiles;
    std::map<QString, int> m_values;
};

} // namespace dw
