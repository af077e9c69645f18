#include "explore_page.h"

#include "fitted_columns.h"
#include "promql/functions.h"
#include "promql/label_set.h"
#include "promql/result_format.h"

#include <QCompleter>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStringListModel>
#include <QVBoxLayout>
#include <algorithm>

namespace dw {

namespace {
constexpr int kColumns = 800; // the graph's resolution: min and max per column
constexpr int kSeriesColumn = 0;
const char* const kSplitterKey = "explore/splitter";

// A sample's time as the rest of the window shows time (local, to the millisecond the sample has), with
// the date when it is not today; the Unix seconds Prometheus gives are in the tooltip.
QStandardItem* timeItem(std::int64_t ms) {
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    const bool today = time.date() == QDate::currentDate();
    auto* item = new QStandardItem(time.toString(today ? "HH:mm:ss.zzz" : "yyyy-MM-dd HH:mm:ss.zzz"));
    item->setToolTip(QString::fromStdString(promql::formatApiTimestamp(ms)) + " (Unix seconds)");
    item->setData(qlonglong(ms), Qt::UserRole);
    return item;
}
} // namespace

ExplorePage::ExplorePage(MonitorSession& session, const Theme& theme, QWidget* parent)
    : QWidget(parent), m_session(session) {
    auto* layout = new QHBoxLayout(this);
    auto* splitter = new QSplitter(this);
    layout->addWidget(splitter);

    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    m_search = new QLineEdit(left);
    m_search->setPlaceholderText(tr("Search metrics"));
    m_search->setClearButtonEnabled(true);
    m_browser = new QListWidget(left);
    m_browser->setObjectName("metricBrowser");
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_browser);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (int i = 0; i < m_browser->count(); ++i)
            m_browser->item(i)->setHidden(!m_browser->item(i)->text().contains(text, Qt::CaseInsensitive));
    });
    connect(m_browser, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        setQuery(item->data(Qt::UserRole).toString());
        run();
    });

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    auto* bar = new QHBoxLayout;
    m_query = new QLineEdit(right);
    m_query->setObjectName("promqlBox");
    m_query->setPlaceholderText(tr("PromQL expression, e.g. rate(compozy_dispatcher_heartbeat_total[5m])"));
    m_range = new QComboBox(right);
    m_range->addItem(tr("instant"), 0);
    for (const auto& [name, minutes] : {std::pair{"5m", 5}, {"15m", 15}, {"1h", 60}, {"6h", 360}})
        m_range->addItem(name, minutes * 60000);
    m_range->setCurrentIndex(2);
    auto* execute = new QPushButton(tr("Execute"), right);
    bar->addWidget(m_query, 1);
    bar->addWidget(m_range);
    bar->addWidget(execute);
    rightLayout->addLayout(bar);
    m_error = new QLabel(right);
    m_error->setStyleSheet("color: #c4162a");
    m_error->setWordWrap(true);
    rightLayout->addWidget(m_error);
    m_graph = new ChartPanel(theme, right);
    rightLayout->addWidget(m_graph, 2);
    m_rows = new QStandardItemModel(this);
    m_table = new QTableView(right);
    m_table->setObjectName("exploreTable");
    m_table->setModel(m_rows);
    m_table->verticalHeader()->hide();
    new FittedColumns(m_table, kSeriesColumn);
    rightLayout->addWidget(m_table, 1);
    // The metric list is as wide as the user last made it.
    m_splitter = splitter;
    m_splitter->setObjectName("exploreSplitter");
    m_splitter->setChildrenCollapsible(false);
    m_splitterRemembered = m_splitter->restoreState(QSettings().value(kSplitterKey).toByteArray());
    if (!m_splitterRemembered) splitter->setSizes({260, 1000});
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] {
        m_splitterRemembered = true;
        QSettings().setValue(kSplitterKey, m_splitter->saveState());
    });
    connect(execute, &QPushButton::clicked, this, &ExplorePage::run);
    connect(m_query, &QLineEdit::returnPressed, this, &ExplorePage::run);
}

void ExplorePage::refreshMetrics() {
    m_session.listMetrics(this, [this](const MonitorSession::MetricList& list) { showMetrics(list); });
}

void ExplorePage::showMetrics(const MonitorSession::MetricList& list) {
    m_browser->clear();
    QStringList words;
    for (const MonitorSession::MetricInfo& m : list.metrics) {
        const QString name = QString::fromStdString(m.name);
        QString text = QStringLiteral("%1  (%2)  %3")
                           .arg(name)
                           .arg(m.series)
                           .arg(metricTypeName(m.metadata.type).data());
        if (!m.metadata.unit.empty()) text += " [" + QString::fromStdString(m.metadata.unit) + "]";
        auto* item = new QListWidgetItem(text);
        item->setData(Qt::UserRole, name);
        item->setToolTip(QString::fromStdString(m.metadata.help));
        m_browser->addItem(item);
        words << name;
    }
    // Label names complete too: inside braces and in by (...), where they are typed most.
    for (const std::string& label : list.labelNames)
        words << QString::fromStdString(label);
    for (const char* f : {"rate", "irate", "increase", "sum", "avg", "max", "min", "count", "topk",
                          "histogram_quantile", "avg_over_time", "max_over_time", "label_replace", "absent"})
        words << f;
    words.removeDuplicates();
    m_words = words;
    auto* completer = new QCompleter(words, m_query);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_query->setCompleter(completer);
    // Until the user chooses, the list is as wide as its entries, up to a third of the page.
    if (!m_splitterRemembered && m_browser->count() > 0) {
        const int wanted = m_browser->sizeHintForColumn(0) + 2 * m_browser->frameWidth() +
                           m_browser->verticalScrollBar()->sizeHint().width() + 24;
        const int total = m_splitter->sizes().value(0) + m_splitter->sizes().value(1);
        const int left = std::min(wanted, total / 3);
        if (total > 0) m_splitter->setSizes({left, total - left});
    }
    emit metricsShown();
}

void ExplorePage::setQuery(const QString& text) {
    m_query->setText(text);
}

void ExplorePage::run() {
    m_error->clear();
    m_session.runQuery(m_query->text(), m_range->currentData().toLongLong(), kColumns, this,
                       [this](MonitorSession::QueryOutcome outcome) { show(std::move(outcome)); });
}

void ExplorePage::show(MonitorSession::QueryOutcome outcome) {
    m_rows->clear();
    if (!outcome.error.empty()) {
        m_error->setStyleSheet("color: #c4162a");
        m_error->setText(QString::fromStdString(outcome.error));
        if (outcome.errorColumn >= 0) { // mark where the error is
            m_query->setFocus();
            m_query->setSelection(outcome.errorColumn, 1);
        }
        emit finished();
        return;
    }
    const promql::QueryResult& r = outcome.result;
    m_rows->setHorizontalHeaderLabels({tr("Series"), tr("Value"), tr("Time")});
    PanelData data{"explore", Panel{}, {}, {}, {}};
    data.panel.title = m_query->text().toStdString();
    for (const promql::ResultSeries& s : r.series) {
        if (s.points.empty()) continue;
        const promql::Point& last = s.points.back();
        m_rows->appendRow({new QStandardItem(QString::fromStdString(promql::labelsToString(s.labels))),
                           new QStandardItem(QString::fromStdString(promql::formatApiValue(last.v))),
                           timeItem(last.t)});
    }
    data.lines = std::move(outcome.lines); // decimated on the evaluation thread
    if (r.type == promql::ValueType::String)
        m_rows->appendRow(new QStandardItem(QString::fromStdString(r.text)));
    // Prometheus 3's annotations (and a server's partial-answer warnings) under the query, as its UI shows
    // them.
    QStringList notes;
    for (const std::string& warning : r.warnings)
        notes << QString::fromStdString(warning);
    for (const std::string& info : r.infos)
        notes << QString::fromStdString(info);
    m_error->setStyleSheet("color: #9a6700"); // notes, not failures
    m_error->setText(notes.join('\n'));
    m_graph->setData(data, outcome.fromMs, outcome.toMs);
    emit finished();
}

} // namespace dw
