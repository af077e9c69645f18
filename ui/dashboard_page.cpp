#include "dashboard_page.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace dw {

DashboardPage::DashboardPage(const Theme& theme, QWidget* parent) : QWidget(parent), m_theme(theme) {
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    outer->addWidget(scroll);
    auto* content = new QWidget;
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);

    m_tiles = new OverviewTiles(theme, content);
    layout->addWidget(m_tiles);

    auto* filters = new QHBoxLayout;
    m_filter = new QLineEdit(content);
    m_filter->setPlaceholderText(tr("Filter entities (text)"));
    m_filter->setClearButtonEnabled(true);
    m_stateFilter = new QComboBox(content);
    m_stateFilter->addItems({tr("all states"), "healthy", "stale", "stopped", "flapping", "unknown"});
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_stateFilter);
    layout->addLayout(filters);

    m_model = new HealthTableModel(theme, this);
    m_stateProxy = new QSortFilterProxyModel(this);
    m_stateProxy->setSourceModel(m_model);
    m_stateProxy->setFilterKeyColumn(HealthTableModel::State);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_stateProxy);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(Qt::UserRole);
    m_table = new QTableView(content);
    m_table->setObjectName("healthTable");
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(HealthTableModel::Reason, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(200);
    layout->addWidget(m_table);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_stateProxy->setFilterFixedString(i == 0 ? QString() : m_stateFilter->currentText());
    });

    layout->addWidget(new QLabel(tr("<b>State timeline</b>"), content));
    m_timeline = new StateTimeline(theme, content);
    layout->addWidget(m_timeline);

    m_chartArea = new QWidget(content);
    new QGridLayout(m_chartArea);
    layout->addWidget(m_chartArea);
    layout->addStretch();
}

void DashboardPage::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    m_tiles->setSnapshot(*snapshot);
    m_model->setSnapshot(snapshot);
    m_timeline->setSnapshot(snapshot);
    auto* grid = static_cast<QGridLayout*>(m_chartArea->layout());
    for (const PanelData& panel : snapshot->panels) {
        if (panel.panel.kind == Panel::Kind::StateTimeline) continue; // the timeline above draws states
        const std::string key = panel.profile + "/" + panel.panel.title;
        ChartPanel*& chart = m_charts[key];
        if (!chart) {
            chart = new ChartPanel(m_theme, m_chartArea);
            chart->setObjectName(QString::fromStdString(panel.panel.title));
            const int n = int(m_charts.size()) - 1;
            grid->addWidget(chart, n / 2, n % 2);
        }
        chart->setData(panel, snapshot->fromMs, snapshot->nowMs);
    }
}

std::vector<ChartPanel*> DashboardPage::charts() const {
    std::vector<ChartPanel*> out;
    for (const auto& [key, chart] : m_charts)
        out.push_back(chart);
    return out;
}

ChartPanel* DashboardPage::chart(const QString& title) const {
    for (const auto& [key, chart] : m_charts)
        if (chart->title() == title) return chart;
    return nullptr;
}

} // namespace dw
