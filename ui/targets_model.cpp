#include "targets_model.h"

#include "health_table_model.h"

namespace dw {

TargetsModel::TargetsModel(const Theme& theme, QObject* parent)
    : QAbstractTableModel(parent), m_theme(theme) {}

void TargetsModel::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    endResetModel();
}

int TargetsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->targets.size());
}

int TargetsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant TargetsModel::data(const QModelIndex& index, int role) const {
    if (!m_snapshot || index.row() >= rowCount()) return {};
    const TargetRow& t = m_snapshot->targets[std::size_t(index.row())];
    const TargetHealth& h = t.health;
    if (index.column() == Status && role == Qt::DecorationRole)
        return m_theme.statusColor(h.state == TargetHealth::State::Up     ? Theme::Status::Good
                                   : h.state == TargetHealth::State::Down ? Theme::Status::Bad
                                                                          : Theme::Status::Inactive);
    if (role == Qt::ToolTipRole && index.column() == Error) return QString::fromStdString(h.lastError);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Status:
        return QString(targetStateName(h.state));
    case Job:
        return QString::fromStdString(t.spec.job);
    case Instance:
        return QString::fromStdString(t.spec.instance());
    case LastScrape:
        return h.lastScrapeMs ? humanDuration(m_snapshot->nowMs - h.lastScrapeMs) + " ago" : QString("never");
    case Duration:
        return QString::number(double(h.lastDurationMs) / 1000, 'f', 3) + "s";
    case Samples:
        return qulonglong(h.samples);
    case Error:
        return QString::fromStdString(h.lastError);
    default:
        return {};
    }
}

QVariant TargetsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"State",    "Job",     "Instance",  "Last scrape",
                                  "Duration", "Samples", "Last error"};
    return section >= 0 && section < Count ? QString(names[section]) : QVariant();
}

} // namespace dw
