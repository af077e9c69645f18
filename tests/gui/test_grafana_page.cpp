// A Grafana dashboard as a page of the real window, on the offscreen platform: every panel type of
// tests/data/dashboards/every-panel.json answered by the session's engine over a store the test fills,
// checked by what the widgets show and by pixels; rows folding; a variable change querying again.
#include "dashboard/field_config.h"
#include "dashboard/template_text.h"
#include "grafana_page.h"
#include "main_window.h"
#include "store_samples.h"

#include <QApplication>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;
const QString kDashboard = QStringLiteral(DW_SOURCE_DIR "/tests/data/dashboards/every-panel.json");

void fill(SeriesStore& store) {
    for (std::int64_t t = kNow - 600'000; t <= kNow; t += 15'000) {
        const bool late = t > kNow - 300'000;
        for (const char* instance : {"host:1", "host:2"}) {
            const bool second = instance[5] == '2';
            appendTargetSample(store, "up", {}, t, 1, instance);
            for (const char* id : {"d-1", "d-2"})
                appendTargetSample(store, "heartbeat_total", {{"dispatcher_id", id}}, t,
                                   double(t - kNow + 600'000) / 1000, instance);
            appendTargetSample(store, "health", {}, t, second && !late ? 0 : 1, instance);
            appendTargetSample(store, "load", {}, t, second ? 9 : 3, instance);
        }
        appendTargetSample(store, "latency_bucket", {{"le", "0.1"}}, t, 10);
        appendTargetSample(store, "latency_bucket", {{"le", "0.5"}}, t, 30);
        appendTargetSample(store, "latency_bucket", {{"le", "+Inf"}}, t, 35);
    }
}

} // namespace

class GrafanaPageTest : public QObject {
    Q_OBJECT

    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>(kNow);
    Theme m_theme{Theme::Kind::Light};
    std::unique_ptr<MonitorSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    GrafanaPage* m_page = nullptr;

    void refreshAndWait() {
        QSignalSpy refreshed(m_page, &GrafanaPage::refreshed);
        m_page->refresh();
        QVERIFY(refreshed.wait(10000));
        QApplication::processEvents();
    }

private slots:
    void initTestCase() {
        m_session = std::make_unique<MonitorSession>(m_clock, ProfileSet::load({}));
        fill(m_session->store());
        m_window = std::make_unique<MainWindow>(*m_session, m_theme, "grafana test");
        m_window->resize(1600, 1200);
        m_window->show();
        m_page = m_window->openDashboard(kDashboard);
        QVERIFY(m_page);
        QCOMPARE(m_window->tabs()->currentWidget(), m_page);
        refreshAndWait();
    }

    void variablesResolvedInTheBar() {
        QComboBox* instance = m_page->variableBox("instance");
        QVERIFY(instance);
        QStringList items;
        for (int i = 0; i < instance->count(); ++i)
            items << instance->itemText(i);
        QCOMPARE(items, (QStringList{"All", "host:1", "host:2"}));
        QCOMPARE(instance->currentText(), "All");
        QVERIFY(m_page->variableBox("env"));
        QCOMPARE(m_page->variableBox("env")->itemText(0), "Production");
        QVERIFY(!m_page->variableBox("team"));                                    // a constant is not shown
        QCOMPARE(m_page->variables().scope().at("window").values.front(), "30s"); // auto: 10m / 20
    }

    // A stat over its threshold fills its cell with the threshold's colour (Grafana's red).
    void statThresholdColour() {
        GrafanaPanel* panel = m_page->panelTitled("Total heartbeats");
        QVERIFY(panel && panel->values());
        QCOMPARE(panel->values()->items().size(), std::size_t(1));
        const QColor red(QString::fromStdString(dashboard::grafanaColor("red")));
        QCOMPARE(panel->values()->items()[0].color, red);
        const QImage image = panel->values()->grab().toImage();
        QCOMPARE(image.pixelColor(3, 3), red);
        QCOMPARE(image.pixelColor(image.width() - 3, image.height() - 3), red);
    }

    void valueMappings() {
        GrafanaPanel* panel = m_page->panelTitled("Health");
        QVERIFY(panel && panel->values());
        const auto& items = panel->values()->items();
        QCOMPARE(items.size(), std::size_t(2));
        QCOMPARE(items[0].name, "host:1");
        QCOMPARE(items[0].text, "Up");
        QCOMPARE(items[0].color, QColor(QString::fromStdString(dashboard::grafanaColor("green"))));
    }

    void gaugeAndBars() {
        GrafanaPanel* gauge = m_page->panelTitled("Load");
        QVERIFY(gauge && gauge->values());
        QCOMPARE(gauge->values()->items().at(0).text, "6%");
        QCOMPARE(gauge->values()->items().at(0).max, 10.0);
        GrafanaPanel* bars = m_page->panelTitled("Per instance");
        QCOMPARE(bars->values()->items().size(), std::size_t(2));
        QCOMPARE(bars->values()->items().at(1).max, 9.0); // scaled to the largest value
    }

    void textAndPlaceholders() {
        GrafanaPanel* text = m_page->panelTitled("Notes");
        QVERIFY(text && text->text());
        QCOMPARE(text->text()->textFormat(), Qt::MarkdownText);
        QVERIFY(text->text()->text().contains("**dispatcher**"));
        QVERIFY(m_page->panelTitled("Pie")->isPlaceholder());
        QVERIFY(m_page->panelTitled("Pie")->findChild<QLabel*>("placeholder")->text().contains("“piechart”"));
        QVERIFY(m_page->panelTitled("Logs")
                    ->findChild<QLabel*>("placeholder")
                    ->text()
                    .contains("not Prometheus"));
    }

    // Overrides by regex (colour), by name (display name) and hidden queries; legends from legendFormat.
    void timeseriesOverrides() {
        ChartPanel* chart = m_page->panelTitled("Heartbeat rate")->chart();
        QVERIFY(chart);
        const QStringList legends = chart->legends();
        QVERIFY2(legends.contains("host:1 d-1") && legends.contains("second") && legends.size() == 4,
                 qPrintable(legends.join(", ")));
        ChartPanel* legacy = m_page->panelTitled("Legacy graph")->chart();
        QCOMPARE(legacy->legends(), (QStringList{"host:1", "host:2"})); // query B is hidden
        chart->renderNow();
        QVERIFY(chart->grab().save(QStringLiteral(DW_BINARY_DIR "/grafana-page.png")));
    }

    // stacking "normal" with fillOpacity: each line is the sum of those before it (four heartbeat rates of
    // 1/s become 1, 2, 3, 4), and the area under the lines is filled.
    void stackedArea() {
        ChartPanel* chart = m_page->panelTitled("Heartbeat rate")->chart();
        QVERIFY(chart);
        const QStringList values = chart->valuesAt(kNow - 60'000).split('\n').mid(1);
        QCOMPARE(values.size(), 4);
        QVERIFY2(values[0].endsWith(": 1/s") && values[3].endsWith(": 4/s"), qPrintable(values.join(", ")));
        chart->renderNow();
        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotArea();
        // Just above the x axis, near the right end where the data is: the filled area, not the background.
        const QColor under = image.pixelColor(int(plot.right() - 3), int(plot.bottom() - 3));
        const QColor corner = image.pixelColor(int(plot.left() + 3), int(plot.top() + 3));
        QVERIFY2(under != corner, qPrintable(under.name() + " " + corner.name()));
    }

    // The legacy graph's "bars": a bar from zero to each point, so the plot's bottom row under the data
    // is painted in the line's colour.
    void bars() {
        ChartPanel* chart = m_page->panelTitled("Legacy graph")->chart();
        chart->renderNow();
        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotArea();
        const QColor background = image.pixelColor(int(plot.left() + 3), int(plot.top() + 3));
        int painted = 0;
        for (int x = int(plot.right()) - 40; x < int(plot.right()) - 2; ++x)
            painted += image.pixelColor(x, int(plot.bottom() - 3)) != background;
        QVERIFY2(painted > 20, qPrintable(QString::number(painted)));
    }

    // Folded rows hide their panels and are not queried; unfolding shows and queries them.
    void collapsedRow() {
        GrafanaPanel* table = m_page->panelTitled("Targets");
        QVERIFY(table);
        QVERIFY(m_page->rowCollapsed(2));
        QVERIFY(!table->isVisible());
        QCOMPARE(table->answersShown(), 0);
        QSignalSpy refreshed(m_page, &GrafanaPage::refreshed);
        m_page->setRowCollapsed(2, false);
        QVERIFY(refreshed.wait(10000));
        QVERIFY(table->isVisible());
        QCOMPARE(table->answersShown(), 1);
        QVERIFY(table->geometry().top() > m_page->panelTitled("Heartbeat rate")->geometry().bottom());
    }

    void foldedPanelsDrawn() {
        QTableWidget* table = m_page->panelTitled("Targets")->table();
        QCOMPARE(table->rowCount(), 2);
        QStringList headers;
        for (int c = 0; c < table->columnCount(); ++c)
            headers << table->horizontalHeaderItem(c)->text();
        // organize: Time and __name__ excluded, Value first, instance renamed.
        QCOMPARE(headers, (QStringList{"Value", "Instance", "job"}));
        QCOMPARE(table->item(1, 0)->text(), "9");
        QCOMPARE(table->item(1, 1)->text(), "host:2");

        const auto& bands = m_page->panelTitled("States")->states()->bands();
        QCOMPARE(bands.size(), std::size_t(2));
        QCOMPARE(bands[1].name, "host:2");
        QVERIFY(bands[1].stretches.size() >= 2); // down, then up
        QCOMPARE(bands[1].stretches.front().text, "down");
        QCOMPARE(bands[1].stretches.back().text, "up");
        QCOMPARE(bands[1].stretches.back().color,
                 QColor(QString::fromStdString(dashboard::grafanaColor("green"))));
        QVERIFY(m_page->panelTitled("History")->states()->bands()[1].stretches.size() >
                bands[1].stretches.size());

        GrafanaHeatmapView* heatmap = m_page->panelTitled("Latency")->heatmap();
        QVERIFY(heatmap);
        QCOMPARE(heatmap->cell(0, 0), 10.0);
        QCOMPARE(heatmap->cell(1, 0), 20.0);
        QCOMPARE(heatmap->cell(2, 0), 5.0);
    }

    // Picking a variable's value queries again with it.
    void variableChangeRequeries() {
        GrafanaPanel* panel = m_page->panelTitled("Heartbeat rate");
        const int before = panel->answersShown();
        QSignalSpy refreshed(m_page, &GrafanaPage::refreshed);
        m_page->chooseVariable("instance", "host:2");
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(panel->answersShown(), before + 1);
        QCOMPARE(panel->chart()->legends(), (QStringList{"host:2 d-1", "second"}));
        QCOMPARE(m_page->variableBox("instance")->currentText(), "host:2");
        QCOMPARE(m_page->panelTitled("Health")->values()->items().size(), std::size_t(1));
    }

    // A multi-value variable is a menu of checkable values; All and the values exclude each other.
    void multiValueVariable() {
        QToolButton* job = m_page->multiVariableButton("job");
        QVERIFY(job && job->menu());
        QCOMPARE(job->text(), "All");
        QList<QAction*> actions = job->menu()->actions();
        QCOMPARE(actions.size(), 2);
        QCOMPARE(actions[1]->text(), "compozy");
        actions[1]->trigger(); // checks compozy, which unchecks All
        QVERIFY(actions[1]->isChecked() && !actions[0]->isChecked());
        QSignalSpy refreshed(m_page, &GrafanaPage::refreshed);
        m_page->chooseVariableValues("job", {"compozy"});
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(m_page->multiVariableButton("job")->text(), "compozy");
        QCOMPARE(dashboard::interpolate("$job", m_page->variables().scope(), dashboard::Purpose::Query),
                 "compozy");
    }

    void exports() {
        QTemporaryDir dir;
        const QString page = dir.filePath("page.png"), panel = dir.filePath("panel.png");
        QVERIFY(m_window->exportPng(page)); // File → Export on a dashboard page exports the page
        QImage image(page);
        QVERIFY(image.height() > m_page->panelTitled("Latency")->geometry().bottom()); // the whole page
        QVERIFY(m_page->panelTitled("Health")->exportPng(panel));
        QCOMPARE(QImage(panel).size(), m_page->panelTitled("Health")->size());
    }

    void reopeningShowsTheSamePage() {
        QString error;
        QCOMPARE(m_window->grafana()->open(kDashboard, error), m_page);
        QCOMPARE(m_window->grafana()->pages().size(), std::size_t(1));
        QVERIFY(!m_window->grafana()->open(QStringLiteral(DW_SOURCE_DIR "/README.md"), error));
        QVERIFY2(error.contains("invalid JSON"), qPrintable(error));
        QVERIFY(!m_window->grafana()->open("/nonexistent.json", error));
        QVERIFY2(error.contains("cannot read"), qPrintable(error));
    }

    void closing() {
        QSignalSpy changed(m_window->grafana(), &GrafanaTabs::pathsChanged);
        m_window->grafana()->close(m_page);
        QCOMPARE(changed.count(), 1);
        QVERIFY(m_window->grafana()->pages().empty());
        m_page = nullptr;
    }

    // A .json file dropped on the window opens as a page; other files are refused at the door.
    void dropOpensDashboard() {
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(QStringLiteral(DW_SOURCE_DIR "/README.md"))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &refused);
        QVERIFY(!refused.isAccepted());
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(kDashboard)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QCOMPARE(m_window->grafana()->paths(), QStringList{kDashboard});
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->grafana()->pages().front());
    }
};

QTEST_MAIN(GrafanaPageTest)
#include "test_grafana_page.moc"
