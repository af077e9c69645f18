#include "alerts_page.h"

#include "fitted_columns.h"
#include "monitor/monitor_session.h"

#include <QDateTime>
#include <QHeaderView>
#include <QVBoxLayout>

namespace dw {

AlertsPage::AlertsPage(const MonitorSession& session, const Theme& theme, QWidget* parent)
    : QWidget(parent), m_session(session), m_model(new AlertsModel(theme, this)),
      m_table(new QTableView(this)), m_delivery(new QLabel(this)) {
    m_table->setObjectName("alertsTable");
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    new FittedColumns(m_table, AlertsModel::Summary);
    m_table->verticalHeader()->hide();
    m_delivery->setObjectName("alertDelivery");
    m_delivery->setWordWrap(true);
    m_delivery->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_delivery);
    layout->addWidget(m_table);
}

void AlertsPage::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    const std::vector<AlertmanagerQueue::Status> managers = m_session.alertmanagerStatuses();
    std::vector<QString> sentTo;
    if (!managers.empty())
        for (const Alert& a : snapshot->alerts) {
            QStringList to;
            for (const std::string& url : m_session.alertDeliveredTo(a.labels))
                to << QString::fromStdString(url);
            sentTo.push_back(a.source.empty() ? (to.isEmpty() ? tr("not yet") : to.join(", "))
                                              : tr("by its server"));
        }
    m_model->setSnapshot(std::move(snapshot), std::move(sentTo));
    m_table->setColumnHidden(AlertsModel::SentTo, managers.empty());
    QStringList lines;
    for (const AlertmanagerQueue::Status& m : managers) {
        QString line = tr("Alertmanager %1: %2 sent").arg(QString::fromStdString(m.url)).arg(m.sent);
        if (m.lastSuccessMs)
            line +=
                tr(", last at %1").arg(QDateTime::fromMSecsSinceEpoch(m.lastSuccessMs).toString("HH:mm:ss"));
        if (m.queued) line += tr(", %1 waiting").arg(m.queued);
        if (m.dropped) line += tr(", %1 dropped (queue full)").arg(m.dropped);
        if (!m.lastError.empty())
            line += tr(" — last delivery failed: %1").arg(QString::fromStdString(m.lastError));
        lines << line;
    }
    m_delivery->setText(lines.join("\n"));
    m_delivery->setVisible(!lines.isEmpty());
}

} // namespace dw
