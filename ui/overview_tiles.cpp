#include "overview_tiles.h"

#include "health_table_model.h"

#include <QHBoxLayout>

namespace dw {

OverviewTiles::OverviewTiles(const Theme& theme, QWidget* parent) : QWidget(parent), m_theme(theme) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (std::size_t i = 0; i < m_tiles.size(); ++i) {
        auto* tile = new QLabel(this);
        tile->setAlignment(Qt::AlignCenter);
        tile->setMinimumSize(110, 64);
        layout->addWidget(tile);
        m_tiles[i] = tile;
        setTile(Tile(i), 0, {});
    }
}

QString OverviewTiles::caption(Tile tile) const {
    switch (tile) {
    case Tile::Healthy:
        return tr("healthy");
    case Tile::Stale:
        return tr("stale");
    case Tile::Stopped:
        return tr("stopped");
    case Tile::Flapping:
        return tr("flapping");
    case Tile::Active:
        return tr("active");
    case Tile::Restarts:
        return tr("restarts");
    case Tile::TargetsDown:
        return tr("targets down");
    case Tile::AlertsFiring:
        return tr("alerts firing");
    case Tile::Count:
        break;
    }
    return {};
}

void OverviewTiles::setTile(Tile tile, int value, const QColor& alarm) {
    const std::size_t i = std::size_t(tile);
    m_values[i] = value;
    const QColor background = value > 0 && alarm.isValid() ? alarm : m_theme.statusColor(Theme::Status::Good);
    m_tiles[i]->setText(QStringLiteral("<div style='font-size:20pt;font-weight:600'>%1</div>%2")
                            .arg(value)
                            .arg(caption(tile)));
    m_tiles[i]->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; }")
                                  .arg(background.name()));
}

void OverviewTiles::setSnapshot(const DashboardSnapshot& s) {
    std::map<HealthState, int> counts;
    int restarts = 0;
    for (const EntityHealth& h : s.entities) {
        ++counts[h.state];
        restarts += int(h.restarts);
    }
    int down = 0, firing = 0;
    for (const TargetRow& t : s.targets)
        down += t.health.state == TargetHealth::State::Down;
    for (const Alert& a : s.alerts)
        firing += a.state == Alert::State::Firing;
    setTile(Tile::Healthy, counts[HealthState::Healthy], {});
    setTile(Tile::Stale, counts[HealthState::Stale],
            HealthTableModel::stateColor(m_theme, HealthState::Stale));
    setTile(Tile::Stopped, counts[HealthState::Stopped],
            HealthTableModel::stateColor(m_theme, HealthState::Stopped));
    setTile(Tile::Flapping, counts[HealthState::Flapping],
            HealthTableModel::stateColor(m_theme, HealthState::Flapping));
    setTile(Tile::Active,
            counts[HealthState::Healthy] + counts[HealthState::Stale] + counts[HealthState::Flapping], {});
    setTile(Tile::Restarts, restarts, m_theme.statusColor(Theme::Status::Attention));
    setTile(Tile::TargetsDown, down, m_theme.statusColor(Theme::Status::Bad));
    setTile(Tile::AlertsFiring, firing, m_theme.statusColor(Theme::Status::Bad));
}

} // namespace dw
