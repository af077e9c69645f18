#include "grafana_panel.h"

#include "dashboard/value_reduce.h"
#include "monitor/decimation.h"
#include "monitor/legend_names.h"
#include "monitor/snapshot_builder.h"
#include "promql/label_set.h"

#include <QContextMenuEvent>
#include <QDateTime>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonArray>
#include <QMenu>
#include <QVBoxLayout>
#include <climits>
#include <cmath>
#include <set>
#include <unordered_map>

namespace dw {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// Grafana units the chart's value axis can state; the others are drawn as plain numbers.
std::string chartUnit(const std::string& unit) {
    static const std::set<std::string> kRates = {"reqps", "ops",  "cps", "rps",
                                                 "wps",   "iops", "mps", "suffix:/s"};
    if (unit == "s" || unit == "percent" || unit == "percentunit" || unit == "bytes") return unit;
    if (unit == "decbytes") return "bytes";
    if (kRates.count(unit)) return "/s";
    return {};
}

QString seriesName(const std::string& legendFormat, const Labels& labels) {
    if (legendFormat.empty() || legendFormat == "__auto") return qs(promql::labelsToString(labels));
    return qs(expandLegend(legendFormat, labels));
}

} // namespace

GrafanaPanel::GrafanaPanel(const dashboard::Panel& panel, const Theme& theme, QWidget* parent)
    : QFrame(parent), m_panel(panel), m_theme(theme),
      m_config(dashboard::FieldConfig::fromPanel(panel.json)) {
    setFrameShape(QFrame::StyledPanel);
    setObjectName("grafanaPanel");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    auto* header = new QHBoxLayout;
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_warning = new QLabel(QStringLiteral("⚠"), this);
    m_warning->setStyleSheet("color: #e0b400");
    m_warning->hide();
    header->addWidget(m_title, 1);
    header->addWidget(m_warning);
    layout->addLayout(header);
    setTitle(qs(panel.title));

    const std::string& type = panel.type;
    const QJsonObject options = panel.json.value("options").toObject();
    if (panel.datasource.kind == dashboard::DatasourceRef::Kind::Other) {
        m_placeholder = new QLabel(
            tr("Reads datasource “%1”, which is not Prometheus: not drawn.").arg(qs(panel.datasource.text)),
            this);
    } else if (type == "timeseries" || type == "graph") {
        m_chart = new ChartPanel(theme, this);
        connect(m_chart, &ChartPanel::hovered, this, &GrafanaPanel::hovered);
        connect(m_chart, &ChartPanel::rangeSelected, this, &GrafanaPanel::rangeSelected);
        layout->addWidget(m_chart, 1);
    } else if (type == "stat" || type == "singlestat") {
        m_values = new GrafanaValueView(GrafanaValueView::Mode::Stat, theme, this);
    } else if (type == "gauge") {
        m_values = new GrafanaValueView(GrafanaValueView::Mode::Gauge, theme, this);
    } else if (type == "bargauge") {
        m_values = new GrafanaValueView(GrafanaValueView::Mode::BarGauge, theme, this);
    } else if (type == "state-timeline" || type == "status-history") {
        m_states = new GrafanaStateView(type == "status-history", theme, this);
    } else if (type == "heatmap") {
        m_heatmap = new GrafanaHeatmapView(theme, this);
    } else if (type == "table" || type == "table-old") {
        m_table = new QTableWidget(this);
        m_table->verticalHeader()->hide();
        m_table->horizontalHeader()->setStretchLastSection(true);
        m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    } else if (type == "text") {
        m_text = new QLabel(this);
        const QString mode = options.value("mode").toString("markdown");
        m_text->setTextFormat(mode == "html"       ? Qt::RichText
                              : mode == "markdown" ? Qt::MarkdownText
                                                   : Qt::PlainText);
        m_text->setText(options.value("content").toString(panel.json.value("content").toString()));
        m_text->setWordWrap(true);
        m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        m_text->setOpenExternalLinks(false);
    } else {
        m_placeholder = new QLabel(tr("Panel type “%1” is not drawn by DispatchWatch.").arg(qs(type)), this);
    }
    for (QWidget* content :
         std::initializer_list<QWidget*>{m_values, m_states, m_heatmap, m_table, m_text, m_placeholder})
        if (content) layout->addWidget(content, 1);
    if (m_placeholder) {
        m_placeholder->setObjectName("placeholder");
        m_placeholder->setAlignment(Qt::AlignCenter);
        m_placeholder->setWordWrap(true);
        m_placeholder->setStyleSheet("color: gray");
    }
}

bool GrafanaPanel::exportPng(const QString& path) {
    if (m_chart) m_chart->renderNow();
    return grab().save(path, "PNG");
}

void GrafanaPanel::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Export panel as PNG…"), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export PNG"), m_title->text() + ".png", "PNG (*.png)");
        if (!path.isEmpty()) exportPng(path);
    });
    menu.exec(event->globalPos());
}

void GrafanaPanel::setTitle(const QString& title) {
    m_title->setText(title);
}

void GrafanaPanel::setProblems(const QStringList& problems) {
    m_problems = problems;
    const QStringList all = m_problems + m_queryErrors;
    m_warning->setVisible(!all.isEmpty());
    m_warning->setToolTip(all.join('\n'));
}

std::vector<GrafanaPanel::Series> GrafanaPanel::collect(std::vector<Answer>& answers) const {
    std::vector<Series> out;
    for (Answer& answer : answers) {
        std::size_t line = 0; // lines are the series with points, in order
        for (const promql::ResultSeries& series : answer.outcome.result.series) {
            ChartLine* decimated = nullptr;
            if (!series.points.empty() && line < answer.outcome.lines.size())
                decimated = &answer.outcome.lines[line++];
            const QString name = seriesName(answer.legendFormat, series.labels);
            dashboard::FieldConfig config = m_config.forSeries(name.toStdString(), answer.refId);
            if (config.hidden()) continue;
            out.push_back({config.displayName().empty() ? name : qs(config.displayName()), answer.refId,
                           &series, decimated, std::move(config)});
        }
    }
    // Names the legend format makes equal get the labels that tell their series apart, as in Grafana.
    std::vector<std::string> names;
    std::vector<const Labels*> labels;
    for (const Series& s : out) {
        names.push_back(s.name.toStdString());
        labels.push_back(&s.series->labels);
    }
    disambiguateLegends(names, labels);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].name = qs(names[i]);
    return out;
}

QColor GrafanaPanel::colorOf(const std::string& color, std::size_t index,
                             const dashboard::FieldConfig& config) const {
    if (!color.empty()) return QColor(qs(color));
    if (config.colorMode() == "palette-classic" || config.colorMode().empty())
        return m_theme.seriesColor(int(index));
    return {};
}

void GrafanaPanel::setAnswers(std::vector<Answer> answers, std::int64_t fromMs, std::int64_t toMs) {
    m_queryErrors.clear();
    for (const Answer& answer : answers)
        if (!answer.outcome.error.empty())
            m_queryErrors << tr("query %1: %2").arg(qs(answer.refId), qs(answer.outcome.error));
    setProblems(m_problems);
    const std::vector<Series> series = collect(answers); // points into answers, which live until the end
    if (m_chart) showChart(series, fromMs, toMs);
    if (m_values) showValues(series);
    if (m_states) showStates(series, fromMs, toMs);
    if (m_heatmap) showHeatmap(series);
    if (m_table) showTable(series);
    ++m_answersShown;
}

void GrafanaPanel::showChart(const std::vector<Series>& series, std::int64_t fromMs, std::int64_t toMs) {
    PanelData data; // no title: the card has it
    data.panel.unit = chartUnit(m_config.unit());
    const QJsonObject custom =
        m_panel.json.value("fieldConfig").toObject().value("defaults").toObject().value("custom").toObject();
    QString stacking = custom.value("stacking").toObject().value("mode").toString("none");
    data.style.fillOpacity = custom.value("fillOpacity").toDouble(0);
    const QString draw = custom.value("drawStyle").toString("line");
    data.style.draw = draw == "bars"     ? ChartStyle::Draw::Bars
                      : draw == "points" ? ChartStyle::Draw::Points
                                         : ChartStyle::Draw::Lines;
    data.style.pointSize = custom.value("pointSize").toDouble(5);
    if (m_panel.type == "graph") { // the legacy graph keeps its style at the top of the panel
        const QJsonObject& j = m_panel.json;
        if (j.value("bars").toBool())
            data.style.draw = ChartStyle::Draw::Bars;
        else if (j.value("points").toBool() && !j.value("lines").toBool(true))
            data.style.draw = ChartStyle::Draw::Points;
        data.style.pointSize = 2 * j.value("pointradius").toDouble(2.5);
        data.style.fillOpacity = 10 * j.value("fill").toDouble(0);
        if (j.value("stack").toBool()) stacking = j.value("percentage").toBool() ? "percent" : "normal";
    }
    data.style.stacked = stacking == "normal" || stacking == "percent";
    data.style.min = m_config.min();
    data.style.max = m_config.max();
    if (stacking == "percent") {
        data.panel.unit = "percentunit";
        data.style.min = 0;
        data.style.max = 1;
    }
    std::vector<std::vector<promql::Point>> stacked;
    if (data.style.stacked) stacked = stack(series, stacking == "percent");
    const int columns = std::clamp(m_chart->width(), 50, 1200);
    for (std::size_t i = 0; i < series.size(); ++i) {
        const Series& s = series[i];
        if (!s.line) continue;
        ChartLine line = std::move(*s.line);
        line.legend = s.name.toStdString();
        line.color = s.config.colorMode() == "fixed" ? s.config.fixedColor() : std::string();
        if (data.style.stacked) { // decimated again from the summed values
            const auto& points = stacked[i];
            const std::int64_t step = points.size() >= 2 ? points[1].t - points[0].t : 15'000;
            line.segments =
                decimateMinMax(points, fromMs, toMs, columns, std::max<std::int64_t>(60'000, 2 * step + 1));
        }
        data.lines.push_back(std::move(line));
    }
    m_chart->setData(std::make_shared<const PanelData>(std::move(data)), fromMs, toMs);
}

// Grafana's stacking: each series' values plus those of the series before it at the same time (range
// queries share their steps), or, in percent, the running sum over the total at each time.
std::vector<std::vector<promql::Point>> GrafanaPanel::stack(const std::vector<Series>& series,
                                                            bool percent) const {
    std::unordered_map<std::int64_t, double> running, total;
    if (percent)
        for (const Series& s : series)
            for (const promql::Point& p : s.series->points)
                if (std::isfinite(p.v)) total[p.t] += p.v;
    std::vector<std::vector<promql::Point>> out(series.size());
    for (std::size_t i = 0; i < series.size(); ++i) {
        for (const promql::Point& p : series[i].series->points) {
            double& sum = running[p.t];
            if (std::isfinite(p.v)) sum += p.v;
            const double t = percent ? total[p.t] : 1.0;
            out[i].push_back({p.t, percent ? (t != 0 ? sum / t : 0.0) : sum});
        }
    }
    return out;
}

void GrafanaPanel::showValues(const std::vector<Series>& series) {
    const QJsonObject options = m_panel.json.value("options").toObject();
    const QJsonArray calcs = options.value("reduceOptions").toObject().value("calcs").toArray();
    const std::string calc = calcs.isEmpty() ? "lastNotNull" : calcs.first().toString().toStdString();
    const QString colorMode = options.value("colorMode").toString("value");
    const bool sparkline = options.value("graphMode").toString() == "area";
    std::vector<GrafanaValueView::Item> items;
    double highest = 0;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto value = dashboard::reduceSeries(series[i].series->points, calc);
        if (!value) continue;
        const auto display = series[i].config.display(*value);
        GrafanaValueView::Item item;
        item.name = series[i].name;
        item.text = qs(display.text);
        item.value = *value;
        item.color = colorMode == "none" ? QColor() : colorOf(display.color, i, series[i].config);
        item.min = series[i].config.min().value_or(0);
        item.max = series[i].config.max().value_or(m_panel.type == "gauge" ? 100 : 0);
        highest = std::max(highest, *value);
        if (sparkline)
            for (const promql::Point& p : series[i].series->points)
                item.sparkline.emplace_back(double(p.t), p.v);
        items.push_back(std::move(item));
    }
    for (GrafanaValueView::Item& item : items) // a bar gauge without a max scales to the largest value
        if (item.max <= item.min) item.max = std::max(highest, item.min + 1);
    m_values->setItems(std::move(items), colorMode.startsWith("background"));
}

void GrafanaPanel::showStates(const std::vector<Series>& series, std::int64_t fromMs, std::int64_t toMs) {
    std::vector<GrafanaStateView::Band> bands;
    for (std::size_t i = 0; i < series.size(); ++i) {
        GrafanaStateView::Band band;
        band.name = series[i].name;
        const auto& points = series[i].series->points;
        const std::int64_t step = points.size() >= 2 ? points[1].t - points[0].t : 15000;
        for (std::size_t k = 0; k < points.size(); ++k) {
            const auto display = series[i].config.display(points[k].v);
            const QColor color =
                colorOf(display.color.empty() ? series[i].config.thresholdColor(points[k].v) : display.color,
                        i, series[i].config);
            const std::int64_t end = k + 1 < points.size() ? std::min(points[k + 1].t, points[k].t + 2 * step)
                                                           : points[k].t + step;
            // Neighbouring points that show the same merge into one stretch (status-history keeps cells).
            if (m_panel.type != "status-history" && !band.stretches.empty() &&
                band.stretches.back().text == qs(display.text) && band.stretches.back().toMs == points[k].t) {
                band.stretches.back().toMs = end;
                continue;
            }
            band.stretches.push_back({points[k].t, end, qs(display.text), color});
        }
        bands.push_back(std::move(band));
    }
    m_states->setBands(std::move(bands), fromMs, toMs);
}

void GrafanaPanel::showHeatmap(const std::vector<Series>& series) {
    std::vector<GrafanaHeatmapView::Bucket> buckets;
    for (const Series& s : series) {
        const std::string_view le = labelValue(s.series->labels, "le");
        if (le.empty()) continue;
        GrafanaHeatmapView::Bucket bucket;
        bucket.upper =
            le == "+Inf" ? INFINITY : QString::fromUtf8(le.data(), qsizetype(le.size())).toDouble();
        for (const promql::Point& p : s.series->points)
            bucket.counts.push_back(p.v);
        buckets.push_back(std::move(bucket));
    }
    std::sort(buckets.begin(), buckets.end(), [](const auto& a, const auto& b) { return a.upper < b.upper; });
    std::size_t columns = SIZE_MAX;
    for (const auto& b : buckets)
        columns = std::min(columns, b.counts.size());
    for (auto& b : buckets)
        b.counts.resize(columns == SIZE_MAX ? 0 : columns);
    m_heatmap->setBuckets(std::move(buckets));
}

void GrafanaPanel::showTable(const std::vector<Series>& series) {
    // Grafana's table frame: the time, a column per label, the value; then its "organize" transformation
    // (columns excluded, renamed and ordered), the one transformation tables are commonly shaped with.
    std::set<std::string> labelNames;
    for (const Series& s : series)
        for (const Label& l : s.series->labels)
            labelNames.insert(l.name);
    QStringList columns{"Time"};
    for (const std::string& name : labelNames)
        columns << qs(name);
    columns << "Value";
    QStringList headers = columns;
    for (const QJsonValue t : m_panel.json.value("transformations").toArray()) {
        const QJsonObject transformation = t.toObject();
        if (transformation.value("id").toString() != "organize") continue;
        const QJsonObject options = transformation.value("options").toObject();
        const QJsonObject exclude = options.value("excludeByName").toObject();
        const QJsonObject index = options.value("indexByName").toObject();
        QStringList kept;
        for (const QString& column : columns)
            if (!exclude.value(column).toBool()) kept << column;
        std::stable_sort(kept.begin(), kept.end(), [&index](const QString& a, const QString& b) {
            return index.value(a).toInt(INT_MAX) < index.value(b).toInt(INT_MAX);
        });
        columns = kept;
        headers.clear();
        for (const QString& column : columns)
            headers << options.value("renameByName").toObject().value(column).toString(column);
    }
    m_table->clear();
    m_table->setColumnCount(int(columns.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(series.size()));
    for (std::size_t row = 0; row < series.size(); ++row) {
        const auto& points = series[row].series->points;
        for (int column = 0; column < columns.size(); ++column) {
            auto* item = new QTableWidgetItem;
            if (columns[column] == "Time") {
                if (!points.empty())
                    item->setText(
                        QDateTime::fromMSecsSinceEpoch(points.back().t).toString("yyyy-MM-dd HH:mm:ss"));
            } else if (columns[column] == "Value") {
                const auto display = points.empty() ? dashboard::FieldConfig::Display{}
                                                    : series[row].config.display(points.back().v);
                item->setText(qs(display.text));
                if (!display.color.empty()) item->setForeground(QColor(qs(display.color)));
            } else {
                item->setText(
                    qs(std::string(labelValue(series[row].series->labels, columns[column].toStdString()))));
            }
            m_table->setItem(int(row), column, item);
        }
    }
}

} // namespace dw
