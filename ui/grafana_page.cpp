#include "grafana_page.h"

#include "dashboard/dashboard_reader.h"
#include "dashboard/panel_queries.h"
#include "dashboard/time_range.h"
#include "util/duration.h"

#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QVBoxLayout>
#include <algorithm>

namespace dw {

namespace {

constexpr int kRowPx = 30;        // Grafana's grid row height
constexpr int kGap = 4;           // between panels
constexpr int kMaxColumns = 1200; // a chart's resolution at most: min and max per column
constexpr const char* kAll = "$__all";

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

GrafanaPage* GrafanaPage::open(MonitorSession& session, const Theme& theme, const QString& path,
                               QString& error, QWidget* parent) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = tr("%1: cannot read: %2").arg(path, file.errorString());
        return nullptr;
    }
    std::string message;
    auto dashboard = dashboard::readDashboard(file.readAll(), message);
    if (!dashboard) {
        error = path + ":" + qs(message);
        return nullptr;
    }
    return new GrafanaPage(session, theme, path, std::move(*dashboard), parent);
}

GrafanaPage::GrafanaPage(MonitorSession& session, const Theme& theme, QString path,
                         dashboard::Dashboard dashboard, QWidget* parent)
    : QWidget(parent), m_session(session), m_theme(theme), m_path(std::move(path)),
      m_dashboard(std::make_shared<const dashboard::Dashboard>(std::move(dashboard))) {
    setObjectName("grafanaPage");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildBar();
    layout->addWidget(m_bar);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_canvas = new QWidget;
    m_scroll->setWidget(m_canvas);
    m_scroll->viewport()->installEventFilter(this); // the grid follows the viewport's width
    layout->addWidget(m_scroll, 1);

    const auto now = m_session.clock().nowMs();
    if (const auto range = dashboard::parseGrafanaRange(m_dashboard->timeFrom, m_dashboard->timeTo, now))
        m_rangeMs = range->spanMs();
    if (const auto refresh = parseDurationMs(m_dashboard->refresh); refresh && *refresh > 0)
        m_refreshMs = std::max<std::int64_t>(1000, *refresh);
    for (const dashboard::Row& row : m_dashboard->rows) {
        auto* header = new QToolButton(m_canvas);
        header->setObjectName("rowHeader");
        header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        header->setAutoRaise(true);
        header->setText(qs(row.title).replace("&", "&&")); // a title's & is text, not a shortcut
        const int index = int(m_rowHeaders.size());
        connect(header, &QToolButton::clicked, this,
                [this, index] { setRowCollapsed(index, !rowCollapsed(index)); });
        m_rowHeaders.push_back(header);
        m_collapsed.push_back(row.collapsed);
    }
    for (const dashboard::Panel& panel : m_dashboard->panels) {
        auto* widget = new GrafanaPanel(panel, theme, m_canvas);
        connect(widget, &GrafanaPanel::hovered, this, [this](std::int64_t t) {
            for (GrafanaPanel* p : m_panels) // one crosshair across the page, as Grafana's shared tooltip
                if (p->chart()) p->chart()->setCrosshair(t);
        });
        connect(widget, &GrafanaPanel::rangeSelected, this, [this](std::int64_t from, std::int64_t) {
            setRangeMs(std::max<std::int64_t>(60'000, m_session.clock().nowMs() - from));
        });
        m_panels.push_back(widget);
    }
    // Live pages follow the session's refreshes, at most as often as the dashboard asks.
    connect(&m_session, &MonitorSession::snapshotReady, this, [this] {
        if (isVisible() && (!m_sinceRefresh.isValid() || m_sinceRefresh.elapsed() >= m_refreshMs)) refresh();
    });
    relayout();
}

void GrafanaPage::buildBar() {
    m_bar = new QWidget(this);
    auto* bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(6, 4, 6, 4);
    auto* title = new QLabel(qs(m_dashboard->title), m_bar);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    bar->addWidget(title);
    m_variableLayout = new QHBoxLayout;
    bar->addLayout(m_variableLayout);
    bar->addStretch(1);
    m_range = new QComboBox(m_bar);
    m_range->setObjectName("dashboardRange");
    m_range->addItem(tr("%1 to %2").arg(qs(m_dashboard->timeFrom), qs(m_dashboard->timeTo)), 0);
    for (const auto& [name, minutes] :
         {std::pair{"5m", 5}, {"15m", 15}, {"1h", 60}, {"6h", 360}, {"24h", 1440}})
        m_range->addItem(tr("Last %1").arg(name), qint64(minutes) * 60'000);
    connect(m_range, &QComboBox::activated, this, [this] {
        const qint64 chosen = m_range->currentData().toLongLong();
        if (chosen > 0) setRangeMs(chosen);
    });
    bar->addWidget(m_range);
    auto* save = new QToolButton(m_bar);
    save->setText(tr("Export PNG…"));
    save->setToolTip(tr("The whole page as an image, panels scrolled away included"));
    connect(save, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export PNG"),
                                                          qs(m_dashboard->title) + ".png", "PNG (*.png)");
        if (!path.isEmpty()) exportPng(path);
    });
    bar->addWidget(save);
}

void GrafanaPage::buildVariableBoxes() {
    m_variableBoxes.clear(); // the boxes and buttons are deleted with the layout's items below
    m_multiButtons.clear();
    while (QLayoutItem* item = m_variableLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const dashboard::Variable& variable : m_dashboard->variables) {
        const auto state = m_variables.states().find(variable.name);
        if (variable.hide == 2 || variable.type == "constant" || state == m_variables.states().end())
            continue;
        if (variable.hide == 0)
            m_variableLayout->addWidget(
                new QLabel(qs(variable.label.empty() ? variable.name : variable.label), m_bar));
        if (variable.multi) {
            m_multiButtons.emplace_back(qs(variable.name), buildMultiButton(variable, state->second));
            m_variableLayout->addWidget(m_multiButtons.back().second);
            continue;
        }
        auto* box = new QComboBox(m_bar);
        box->setObjectName("variable_" + qs(variable.name));
        if (variable.includeAll) box->addItem(tr("All"), kAll);
        for (const dashboard::VariableOption& option : state->second.options)
            box->addItem(qs(option.text), qs(option.value));
        const std::vector<std::string>& selected = state->second.selected;
        if (!selected.empty()) box->setCurrentIndex(std::max(0, box->findData(qs(selected.front()))));
        const QString name = qs(variable.name);
        connect(box, &QComboBox::activated, this,
                [this, name, box] { chooseVariable(name, box->currentData().toString()); });
        m_variableLayout->addWidget(box);
        m_variableBoxes.emplace_back(name, box);
    }
}

QToolButton* GrafanaPage::buildMultiButton(const dashboard::Variable& variable,
                                           const dashboard::TemplateVariables::State& state) {
    auto* button = new QToolButton(m_bar);
    button->setObjectName("variable_" + qs(variable.name));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    const auto selected = [&state](const QString& value) {
        return std::find(state.selected.begin(), state.selected.end(), value.toStdString()) !=
               state.selected.end();
    };
    QStringList shown;
    auto add = [&](const QString& text, const QString& value) {
        QAction* action = menu->addAction(text);
        action->setCheckable(true);
        action->setData(value);
        action->setChecked(selected(value));
        if (action->isChecked()) shown << text;
    };
    if (variable.includeAll) add(tr("All"), kAll);
    for (const dashboard::VariableOption& option : state.options)
        add(qs(option.text), qs(option.value));
    button->setText(shown.isEmpty() ? tr("(none)") : shown.join(" + "));
    button->setMenu(menu);
    // All and the single values exclude each other, as in Grafana's picker.
    connect(menu, &QMenu::triggered, this, [menu](QAction* action) {
        const bool all = action->data().toString() == kAll;
        if (action->isChecked())
            for (QAction* other : menu->actions())
                if (other != action && (all || other->data().toString() == kAll)) other->setChecked(false);
    });
    const QString name = qs(variable.name);
    connect(menu, &QMenu::aboutToHide, this, [this, menu, name] {
        QStringList values;
        for (QAction* action : menu->actions())
            if (action->isChecked()) values << action->data().toString();
        chooseVariableValues(name, values);
    });
    return button;
}

QToolButton* GrafanaPage::multiVariableButton(const QString& name) const {
    for (const auto& [n, button] : m_multiButtons)
        if (n == name) return button;
    return nullptr;
}

void GrafanaPage::chooseVariableValues(const QString& name, const QStringList& values) {
    std::vector<std::string> chosen;
    for (const QString& value : values)
        chosen.push_back(value.toStdString());
    if (m_choices[name.toStdString()] == chosen) return;
    m_choices[name.toStdString()] = chosen;
    m_variablesStale = true;
    refresh();
}

QComboBox* GrafanaPage::variableBox(const QString& name) const {
    for (const auto& [n, box] : m_variableBoxes)
        if (n == name) return box;
    return nullptr;
}

GrafanaPanel* GrafanaPage::panelTitled(const QString& title) const {
    for (GrafanaPanel* panel : m_panels)
        if (qs(panel->panel().title) == title) return panel;
    return nullptr;
}

void GrafanaPage::chooseVariable(const QString& name, const QString& value) {
    chooseVariableValues(name, {value});
}

void GrafanaPage::setRangeMs(std::int64_t ms) {
    m_rangeMs = ms;
    m_variablesStale = true; // label values and $__interval depend on the range
    refresh();
}

bool GrafanaPage::rowCollapsed(int row) const {
    return row >= 0 && row < int(m_collapsed.size()) && m_collapsed[std::size_t(row)];
}

void GrafanaPage::setRowCollapsed(int row, bool collapsed) {
    if (row < 0 || row >= int(m_collapsed.size())) return;
    m_collapsed[std::size_t(row)] = collapsed;
    relayout();
    if (!collapsed) refresh(); // its panels were not queried while folded
}

bool GrafanaPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize) relayout();
    return QWidget::eventFilter(watched, event);
}

void GrafanaPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!m_sinceRefresh.isValid() || m_sinceRefresh.elapsed() >= m_refreshMs) refresh();
}

// Grafana's grid: 24 columns over the width, rows of 30 px. Items are placed as Grafana's grid layout
// places them: in order of position, each floated up as far as it goes and pushed below anything it would
// overlap (files often hold overlapping or gapped positions); a folded row's panels are left out.
void GrafanaPage::relayout() {
    const int width = std::max(240, m_scroll->viewport()->width());
    const double column = double(width - kGap) / 24.0;
    struct Item {
        dashboard::GridPos grid;
        QWidget* widget;
    };
    std::vector<Item> items;
    for (std::size_t r = 0; r < m_rowHeaders.size(); ++r) {
        m_rowHeaders[r]->setArrowType(m_collapsed[r] ? Qt::RightArrow : Qt::DownArrow);
        items.push_back({{0, m_dashboard->rows[r].y, 24, 1}, m_rowHeaders[r]});
    }
    for (std::size_t i = 0; i < m_panels.size(); ++i) {
        const dashboard::Panel& panel = m_dashboard->panels[i];
        const bool hidden = rowCollapsed(panel.row);
        m_panels[i]->setVisible(!hidden);
        if (!hidden) items.push_back({panel.grid, m_panels[i]});
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return a.grid.y != b.grid.y ? a.grid.y < b.grid.y : a.grid.x < b.grid.x;
    });
    std::vector<dashboard::GridPos> placed;
    auto collides = [&placed](const dashboard::GridPos& g) {
        return std::any_of(placed.begin(), placed.end(), [&g](const dashboard::GridPos& p) {
            return g.x < p.x + p.w && p.x < g.x + g.w && g.y < p.y + p.h && p.y < g.y + g.h;
        });
    };
    int bottom = 0;
    for (Item& item : items) {
        dashboard::GridPos g = item.grid;
        while (g.y > 0 && !collides({g.x, g.y - 1, g.w, g.h}))
            --g.y;
        while (collides(g))
            ++g.y;
        placed.push_back(g);
        const bool header = item.widget->objectName() == "rowHeader";
        const QRect geometry(int(kGap + g.x * column), g.y * kRowPx + kGap,
                             header ? width - 2 * kGap : int(g.w * column) - kGap, g.h * kRowPx - kGap);
        item.widget->setGeometry(geometry);
        bottom = std::max(bottom, geometry.bottom() + kGap);
    }
    m_canvas->setMinimumHeight(bottom);
}

void GrafanaPage::refresh() {
    m_sinceRefresh.start();
    const std::uint64_t generation = ++m_generation;
    if (!m_variablesStale && !m_dashboard->variables.empty()) return query();
    if (m_dashboard->variables.empty()) {
        m_variablesStale = false;
        return query();
    }
    m_session.resolveVariables(m_dashboard, m_rangeMs, m_choices, this,
                               [this, generation](dashboard::TemplateVariables variables) {
                                   if (generation != m_generation) return;
                                   m_variables = std::move(variables);
                                   m_variablesStale = false;
                                   buildVariableBoxes();
                                   query();
                               });
}

void GrafanaPage::query() {
    const std::uint64_t generation = m_generation;
    const std::int64_t now = m_session.clock().nowMs();
    const dashboard::TimeRange range{now - m_rangeMs, now};
    struct PanelAnswers {
        int pending = 0;
        std::vector<GrafanaPanel::Answer> answers;
    };
    m_pending = 0;
    for (GrafanaPanel* panel : m_panels) {
        const dashboard::Panel& p = panel->panel();
        panel->setTitle(qs(dashboard::interpolate(p.title, m_variables.scope(), dashboard::Purpose::Text)));
        if (rowCollapsed(p.row) || panel->isPlaceholder()) continue;
        const int widthPx = std::max(50, panel->width());
        const dashboard::PanelQueryPlan plan = dashboard::planPanelQueries(
            p, m_variables.scope(), range, m_session.scrapeIntervalMs(), widthPx, m_dashboard->title);
        QStringList problems;
        for (const std::string& problem : plan.problems)
            problems << qs(problem);
        panel->setProblems(problems);
        if (plan.queries.empty()) continue;
        auto gathered = std::make_shared<PanelAnswers>();
        gathered->pending = int(plan.queries.size());
        gathered->answers.resize(plan.queries.size());
        ++m_pending;
        for (std::size_t q = 0; q < plan.queries.size(); ++q) {
            const dashboard::PanelQuery& query = plan.queries[q];
            gathered->answers[q].refId = query.target->refId;
            gathered->answers[q].legendFormat = query.target->legendFormat;
            // The panel receives the answer only while it exists (it is the receiver).
            m_session.runQuery(
                qs(query.expr), query.instant ? 0 : m_rangeMs, std::min(widthPx, kMaxColumns), panel,
                [this, panel, gathered, q, generation, range](MonitorSession::QueryOutcome outcome) {
                    gathered->answers[q].outcome = std::move(outcome);
                    if (--gathered->pending > 0 || generation != m_generation) return;
                    panel->setAnswers(std::move(gathered->answers), range.fromMs, range.toMs);
                    if (--m_pending == 0) emit refreshed();
                });
        }
    }
    if (m_pending == 0) emit refreshed();
}

bool GrafanaPage::exportPng(const QString& path) {
    return m_canvas->grab().save(path, "PNG");
}

} // namespace dw
