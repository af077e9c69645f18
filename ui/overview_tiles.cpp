#include "overview_tiles.h"

#include "health_table_model.h"

#include <QHBoxLayout>

namespace dw {

namespace {
const char* kTiles[] = {"healthy", "stale",    "stopped",      "flapping",
                        "active",  "restarts", "targets down", "alerts firing"};
}

OverviewTiles::OverviewTiles(const Theme& theme, QWidget* parent) : QWidget(parent), m_theme(theme) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const char* name : kTiles) {
        auto* tile = new QLabel(this);
        tile->setAlignment(Qt::AlignCenter);
        tile->setMinimumSize(110, 64);
        tile->setObjectName(QString("tile-") + name);
        layout->addWidget(tile);
        m_tiles[name] = tile;
        setTile(name, 0, {});
    }
}

void OverviewTiles::setTile(const QString& name, int value, const QColor& alarm) {
    m_values[name] = value;
    const QColor background = value > 0 && alarm.isValid() ? alarm : m_theme.statusColor(Theme::Status::Good);
    m_tiles[name]->setText(
        QStringLiteral("<div style='font-size:20pt;font-weight:600'>%1</div>%2").arg(value).arg(name));
    m_tiles[name]->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; }")
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
    setTile("healthy", counts[HealthState::Healthy], {});
    setTile("stale", counts[HealthState::Stale], HealthTableModel::stateColor(m_theme, HealthState::Stale));
    setTile("stopped", counts[HealthState::Stopped],
            HealthTableModel::stateColor(m_theme, HealthState::Stopped));
    setTile("flapping", counts[HealthState::Flapping],
            HealthTableModel::stateColor(m_theme, HealthState::Flapping));
    setTile("active",
            counts[HealthState::Healthy] + counts[HealthState::Stale] + counts[HealthState::Flapping], {});
    setTile("restarts", restarts, m_theme.statusColor(Theme::Status::Attention));
    setTile("targets down", down, m_theme.statusColor(Theme::Status::Bad));
    setTile("alerts firing", firing, m_theme.statusColor(Theme::Status::Bad));
}

int OverviewTiles::value(const QString& tile) const {
    const auto it = m_values.find(tile);
    return it == m_values.end() ? -1 : it->second;
}

} // namespace dw
