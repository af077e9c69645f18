#include "dashboard_page.h"

#include "fitted_columns.h"

#include <QClipboard>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolTip>
#include <QVBoxLayout>
#include <set>

namespace dw {

DashboardPage::DashboardPage(const Theme& theme, QWidget* parent) : QWidget(parent), m_theme(theme) {
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setWidgetResizable(true);
    connect(scroll->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { updateVisibleCharts(); });
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
    new FittedColumns(m_table, HealthTableModel::Reason); // names whole; the reason takes the rest
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(200);
    layout->addWidget(m_table);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    // Selecting an entity emphasises its line in every chart.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_highlight = current.isValid()
                                  ? m_proxy->index(current.row(), HealthTableModel::Entity).data().toString()
                                  : "";
                for (const auto& [k, c] : m_charts)
                    c->setHighlight(m_highlight);
            });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid()) return;
        const QModelIndex source = m_stateProxy->mapToSource(m_proxy->mapToSource(index));
        const EntityHealth* h = m_model->entityAt(source.row());
        if (!h) return;
        QMenu menu(this);
        menu.addAction(tr("Copy row"), this, [this, row = index.row()] {
            QStringList cells;
            for (int c = 0; c < m_proxy->columnCount(); ++c)
                cells << m_proxy->index(row, c).data().toString();
            QGuiApplication::clipboard()->setText(cells.join('\t'));
        });
        QString selector;
        for (const Label& l : h->idLabels)
            selector += QStringLiteral("%1%2=\"%3\"")
                            .arg(selector.isEmpty() ? "" : ", ", QString::fromStdString(l.name),
                                 QString::fromStdString(l.value));
        menu.addAction(tr("Show raw series"), this,
                       [this, selector] { emit showSeries("{" + selector + "}"); });
        menu.exec(m_table->viewport()->mapToGlobal(at));
    });
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_stateProxy->setFilterFixedString(i == 0 ? QString() : m_stateFilter->currentText());
    });

    layout->addWidget(new QLabel(tr("<b>State timeline</b>"), content));
    m_timeline = new StateTimeline(theme, content);
    // Many entities scroll inside the timeline instead of pushing the charts far down.
    auto* timelineScroll = new QScrollArea(content);
    timelineScroll->setWidget(m_timeline);
    timelineScroll->setWidgetResizable(true);
    timelineScroll->setMaximumHeight(260);
    timelineScroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(timelineScroll);

    m_chartArea = new QWidget(content);
    new QGridLayout(m_chartArea);
    layout->addWidget(m_chartArea);
    layout->addStretch();
}

void DashboardPage::setSnapshot(const std::shared_ptr<const DashboardSnapshot>& snapshot) {
    m_tiles->setSnapshot(*snapshot);
    m_model->setSnapshot(snapshot);
    m_timeline->setSnapshot(snapshot);
    m_latest = snapshot;
    auto* grid = static_cast<QGridLayout*>(m_chartArea->layout());
    std::set<ChartKey> shown;
    for (const PanelData& panel : snapshot->panels) {
        if (panel.panel.kind == Panel::Kind::StateTimeline) continue; // the timeline above draws states
        const ChartKey key{panel.profile, panel.panel.title};
        shown.insert(key);
        ChartPanel*& chart = m_charts[key];
        if (!chart) {
            chart = new ChartPanel(m_theme, m_chartArea);
            chart->setObjectName(QString::fromStdString(panel.panel.title));
            chart->setHighlight(m_highlight);
            // One crosshair for all charts; a drag on any chart sets the range of all.
            connect(chart, &ChartPanel::hovered, this, [this, chart](std::int64_t t) {
                for (const auto& [k, c] : m_charts)
                    c->setCrosshair(t);
                // One tooltip with the values at the cursor in every chart, the hovered one first.
                if (t < 0) return QToolTip::hideText();
                QString text = chart->title() + "  " + chart->valuesAt(t);
                for (const auto& [k, c] : m_charts)
                    if (c != chart && onScreen(c)) text += "\n\n" + c->title() + "  " + c->valuesAt(t);
                m_lastTooltip = text;
                QToolTip::showText(chart->lastHoverGlobal(), text, chart);
            });
            connect(chart, &ChartPanel::rangeSelected, this, &DashboardPage::rangeSelected);
            const int n = int(m_charts.size()) - 1;
            grid->addWidget(chart, n / 2, n % 2);
            chart->setData(std::shared_ptr<const PanelData>(snapshot, &panel), snapshot->fromMs,
                           snapshot->toMs);
        }
        m_dirty.insert(chart);
    }
    // Charts of panels no longer shown (a replay started again on other data) go, so they never pile up.
    bool removed = false;
    for (auto it = m_charts.begin(); it != m_charts.end();) {
        if (shown.count(it->first)) {
            ++it;
            continue;
        }
        m_dirty.remove(it->second);
        delete it->second;
        it = m_charts.erase(it);
        removed = true;
    }
    if (removed) {
        int n = 0;
        for (const auto& [key, chart] : m_charts) {
            grid->addWidget(chart, n / 2, n % 2);
            ++n;
        }
    }
    updateVisibleCharts();
}

void DashboardPage::updateVisibleCharts() {
    if (!m_latest) return;
    // Charts scrolled out of view wait until they are seen: drawing costs per point.
    for (const PanelData& panel : m_latest->panels) {
        const auto it = m_charts.find({panel.profile, panel.panel.title});
        if (it == m_charts.end() || !m_dirty.contains(it->second)) continue;
        if (!onScreen(it->second) && isVisible()) continue;
        it->second->setData(std::shared_ptr<const PanelData>(m_latest, &panel), m_latest->fromMs,
                            m_latest->toMs);
        m_dirty.remove(it->second);
    }
}

void DashboardPage::updateAllCharts() {
    if (!m_latest) return;
    for (const PanelData& panel : m_latest->panels) {
        const auto it = m_charts.find({panel.profile, panel.panel.title});
        if (it != m_charts.end() && m_dirty.contains(it->second))
            it->second->setData(std::shared_ptr<const PanelData>(m_latest, &panel), m_latest->fromMs,
                                m_latest->toMs);
    }
    m_dirty.clear();
}

void DashboardPage::applyTheme() {
    for (const auto& [key, chart] : m_charts)
        chart->applyTheme();
    if (m_latest) setSnapshot(m_latest); // tiles, badges and the timeline repaint in the new colours
}

bool DashboardPage::onScreen(const QWidget* widget) const {
    const QRect area(widget->mapTo(m_scroll->viewport(), QPoint(0, 0)), widget->size());
    return isVisible() && area.intersects(m_scroll->viewport()->rect());
}

void DashboardPage::reveal(QWidget* widget) {
    m_scroll->ensureWidgetVisible(widget, 0, 0);
    updateVisibleCharts();
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
