#include "alerts_model.h"

#include "health_table_model.h"
#include "promql/label_set.h"

#include <QDateTime>

namespace dw {

AlertsModel::AlertsModel(const Theme& theme, QObject* parent) : QAbstractTableModel(parent), m_theme(theme) {}

void AlertsModel::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot,
                              std::vector<QString> sentTo) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_sentTo = std::move(sentTo);
    endResetModel();
}

int AlertsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->alerts.size());
}

int AlertsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant AlertsModel::data(const QModelIndex& index, int role) const {
    if (!m_snapshot || index.row() >= rowCount()) return {};
    const Alert& a = m_snapshot->alerts[std::size_t(index.row())];
    if (role == Qt::BackgroundRole && index.column() == State)
        return m_theme.statusColor(a.state == Alert::State::Firing ? Theme::Status::Bad
                                                                   : Theme::Status::Warning);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
    case State:
        return QString::fromUtf8(alertStateName(a.state).data());
    case Name: // a server's own alert says whose it is
        return QString::fromStdString(a.source.empty() ? a.rule : a.rule + " [" + a.source + "]");
    case Labels:
        return QString::fromStdString(promql::labelsToString(a.labels));
    case Value:
        return a.value;
    case Summary:
        for (const auto& [k, v] : a.annotations)
            if (k == "summary") return QString::fromStdString(v);
        return {};
    case Since:
        return QDateTime::fromMSecsSinceEpoch(a.activeAtMs).toString("HH:mm:ss") + " (" +
               humanDuration(m_snapshot->nowMs - a.activeAtMs) + ")";
    case SentTo:
        return index.row() < int(m_sentTo.size()) ? m_sentTo[std::size_t(index.row())] : QString();
    default:
        return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"State", "Alert", "Labels", "Value", "Summary", "Active since", "Sent to"};
    return section >= 0 && section < Count ? QString(names[section]) : QVariant();
}

} // namespace dw
