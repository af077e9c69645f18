// The real main window against the demo exporter at high speed: the Compozy scenario served over HTTP
// under a manual clock, scraped every 15 s of scenario time by the real scraper, snapshots built as the
// session builds them, and shown in the window on the offscreen platform. Screenshots are kept in the
// build directory as test artefacts.
#include "about_dialog.h"
#include "elided_text_delegate.h"
#include "exporter/demo_exporter.h"
#include "main_window.h"
#include "monitor/snapshot_builder.h"
#include "scrape/target_scraper.h"
#include "target_dialog.h"
#include "user_guide_dialog.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QHeaderView>
#include <QImage>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QtTest>

using namespace dw;

namespace {

constexpr std::int64_t kInterval = 15000;

QString artefact(const QString& name) {
    QDir().mkpath(QStringLiteral(DW_BINARY_DIR "/screenshots"));
    return QStringLiteral(DW_BINARY_DIR "/screenshots/") + name;
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>(0);
    std::unique_ptr<DemoExporter> m_exporter;
    QNetworkAccessManager m_network;
    std::unique_ptr<TargetScraper> m_scraper;
    std::unique_ptr<SnapshotBuilder> m_builder;
    Theme m_theme{Theme::Kind::Light};
    // The window's session, without targets: the test scrapes into its store and builds the snapshots.
    std::unique_ptr<MonitorSession> m_idle;
    std::unique_ptr<MainWindow> m_window;
    std::int64_t m_now = -kInterval;

    // The scenario times the tests look at. Each test function first runs the scenario up to its own time
    // (runUntil only goes forward), so any one of them can run alone and sees what it would in order.
    static constexpr std::int64_t kAllHealthy = 60000;
    static constexpr std::int64_t kBillingStale = 5 * 60000 + 2 * kInterval; // heartbeats stopped at 3m
    static constexpr std::int64_t kEmailsStopped = 8 * 60000 + 2 * kInterval;
    static constexpr std::int64_t kEndpointDown = 10 * 60000 + 2 * kInterval; // 503 from 10m to 11m

    // Advances scenario time to `untilMs`, scraping and showing a snapshot every 15 s.
    void runUntil(std::int64_t untilMs) {
        while (m_now < untilMs) {
            m_now += kInterval;
            m_clock->setMs(m_now);
            QEventLoop loop;
            m_scraper->scrapeNow([&] { loop.quit(); });
            loop.exec();
            m_window->showSnapshot(m_builder->build(m_now, {{m_scraper->spec(), m_scraper->health()}}));
        }
        QApplication::processEvents();
    }

    const EntityHealth* entity(const std::string& id) const {
        for (const EntityHealth& h : m_window->shownSnapshot()->entities)
            if (h.id == id) return &h;
        return nullptr;
    }

    // The colour of the health table's state cell for an entity, as the view paints it.
    QColor badge(const QString& id) const {
        const QAbstractItemModel* model = m_window->dashboard()->healthTable()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, HealthTableModel::Entity).data().toString() == id)
                return model->index(row, HealthTableModel::State).data(Qt::BackgroundRole).value<QColor>();
        return {};
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(
            true); // what the window remembers stays out of the user's settings
        std::string error;
        auto scenario = Scenario::load("compozy", error);
        QVERIFY2(scenario, error.c_str());
        m_exporter = std::make_unique<DemoExporter>(*scenario, m_clock, DemoExporter::Options{});
        QString listenError;
        QVERIFY2(m_exporter->listen(listenError), qPrintable(listenError));
        const TargetSpec spec = DemoExporter::target(m_exporter->metricsUrl(), kInterval);
        m_idle = std::make_unique<MonitorSession>(m_clock, ProfileSet::load({}));
        m_scraper = std::make_unique<TargetScraper>(spec, m_idle->store(), m_network, *m_clock);
        m_builder = std::make_unique<SnapshotBuilder>(m_idle->store(), ProfileSet::load({}));
        SnapshotBuilder::Options options;
        options.rangeMs = 15 * 60000;
        options.resolutionMs = kInterval;
        m_builder->setOptions(options);
        m_window = std::make_unique<MainWindow>(*m_idle, m_theme, "demo: compozy (test)");
        m_window->resize(1400, 1000);
        m_window->show();
    }

    void targetsAppearUp() {
        runUntil(kAllHealthy);
        m_window->tabs()->setCurrentIndex(1);
        const QAbstractItemModel* targets = m_window->targetsTable()->model();
        QCOMPARE(targets->rowCount(), 1);
        QCOMPARE(targets->index(0, TargetsModel::Status).data().toString(), QString("up"));
        QCOMPARE(targets->index(0, TargetsModel::Job).data().toString(), QString("demo"));
        m_window->tabs()->setCurrentIndex(0);
        QCOMPARE(m_window->dashboard()->tiles()->value(OverviewTiles::Tile::Healthy), 6);
        QVERIFY(!m_window->windowIcon().isNull());
        QVERIFY(m_window->grab().save(artefact("01-healthy.png")));
    }

    void staleBadgeTurnsAmberWithReason() {
        // Heartbeats stop at 3m; stale once the last one is over 2m old: by 5m30s at the latest.
        runUntil(kBillingStale);
        const EntityHealth* billing = entity("dispatcher-acme-billing");
        QVERIFY(billing);
        QCOMPARE(billing->state, HealthState::Stale);
        QCOMPARE(badge("dispatcher-acme-billing"), m_theme.statusColor(Theme::Status::Warning));
        const QAbstractItemModel* model = m_window->dashboard()->healthTable()->model();
        bool shown = false;
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, HealthTableModel::Entity).data().toString() == "dispatcher-acme-billing")
                shown = model->index(row, HealthTableModel::Reason)
                            .data()
                            .toString()
                            .startsWith("no heartbeat for 2m");
        QVERIFY(shown);
        QCOMPARE(m_window->dashboard()->tiles()->value(OverviewTiles::Tile::Stale), 1);
        QVERIFY(m_window->grab().save(artefact("02-stale.png")));
    }

    void stoppedBadgeTurnsGrey() {
        runUntil(kEmailsStopped);
        const EntityHealth* emails = entity("dispatcher-acme-emails");
        QVERIFY(emails);
        QCOMPARE(emails->state, HealthState::Stopped);
        QCOMPARE(badge("dispatcher-acme-emails"), m_theme.statusColor(Theme::Status::Inactive));
    }

    void chartsCarryTheExpectedSeries() {
        runUntil(kEmailsStopped);
        m_window->dashboard()->updateAllCharts();
        ChartPanel* rate = m_window->dashboard()->chart("Dispatcher Heartbeat Rate");
        QVERIFY(rate);
        const QStringList legends = rate->legends();
        for (const char* id :
             {"dispatcher-acme-orders", "dispatcher-acme-billing", "dispatcher-globex-ingest"})
            QVERIFY2(legends.contains(id), qPrintable(legends.join(", ")));
        ChartPanel* lifecycle = m_window->dashboard()->chart("Dispatcher Lifecycle Events");
        QVERIFY(lifecycle);
        QCOMPARE(lifecycle->legends(), (QStringList{"start", "stop", "restart"}));
    }

    void stateTimelineShowsTheStates() {
        runUntil(kEmailsStopped);
        StateTimeline* timeline = m_window->dashboard()->timeline();
        const QImage image = timeline->grab().toImage();
        const auto& entities = m_window->shownSnapshot()->entities;
        int billingRow = -1;
        for (std::size_t i = 0; i < entities.size(); ++i)
            if (entities[i].id == "dispatcher-acme-billing") billingRow = int(i);
        QVERIFY(billingRow >= 0);
        const QRect row = timeline->rowRect(billingRow);
        const int y = row.center().y();
        // Healthy (green) at 2m, stale (amber) at 7m.
        QCOMPARE(image.pixelColor(timeline->xFor(2 * 60000), y), m_theme.statusColor(Theme::Status::Good));
        QCOMPARE(image.pixelColor(timeline->xFor(7 * 60000), y), m_theme.statusColor(Theme::Status::Warning));
        QVERIFY(timeline->grab().save(artefact("03-timeline.png")));
    }

    void targetDownShowsItsError() {
        runUntil(kEndpointDown);
        m_window->tabs()->setCurrentIndex(1);
        const QAbstractItemModel* targets = m_window->targetsTable()->model();
        QCOMPARE(targets->index(0, TargetsModel::Status).data().toString(), QString("down"));
        QCOMPARE(targets->index(0, TargetsModel::Error).data().toString(),
                 QString("HTTP 503: Monitoring service not initialized"));
        m_window->targetsTable()->selectRow(0);
        QVERIFY2(m_window->targetsPage()->details()->toPlainText().contains(
                     "last error: HTTP 503: Monitoring service not initialized"),
                 qPrintable(m_window->targetsPage()->details()->toPlainText()));
        QVERIFY(m_window->grab().save(artefact("04-target-down.png")));
        m_window->tabs()->setCurrentIndex(0);
        QCOMPARE(m_window->dashboard()->tiles()->value(OverviewTiles::Tile::TargetsDown), 1);
    }

    void csvExportHasTheVisibleData() {
        runUntil(kEndpointDown);
        m_window->dashboard()->updateAllCharts();
        ChartPanel* rate = m_window->dashboard()->chart("Dispatcher Heartbeat Rate");
        QVERIFY(rate);
        const QString path = artefact("heartbeat-rate.csv");
        QVERIFY(rate->exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), "time," + rate->legends().join(','));
        QVERIFY(lines.size() > 10);
        // Every row is a time in the visible range and one cell per line; the values are the chart's.
        const auto snapshot = m_window->shownSnapshot();
        for (const QString& line : lines.mid(1)) {
            const QStringList cells = line.split(',');
            QCOMPARE(cells.size(), rate->legends().size() + 1);
            const auto t = QDateTime::fromString(cells[0], Qt::ISODateWithMs).toMSecsSinceEpoch();
            QVERIFY(t >= snapshot->fromMs && t <= snapshot->nowMs);
        }
        bool positive = false;
        for (const QString& line : lines.mid(1))
            for (const QString& cell : line.split(',').mid(1))
                positive |= cell.toDouble() > 0;
        QVERIFY(positive);
        QVERIFY(rate->exportPng(artefact("heartbeat-rate.png")));
    }

    void selectionCrosshairLegendsAndZoom() {
        runUntil(kEndpointDown);
        m_window->dashboard()->updateAllCharts();
        ChartPanel* rate = m_window->dashboard()->chart("Dispatcher Heartbeat Rate");
        ChartPanel* uptime = m_window->dashboard()->chart("Dispatcher Uptime");
        QVERIFY(rate && uptime);
        // Selecting a row emphasises that dispatcher's line in every chart.
        QTableView* table = m_window->dashboard()->healthTable();
        for (int row = 0; row < table->model()->rowCount(); ++row)
            if (table->model()->index(row, 0).data().toString() == "dispatcher-acme-billing")
                table->selectRow(row);
        QCOMPARE(rate->penWidth("dispatcher-acme-billing"), kEmphasisedWidth);
        QCOMPARE(rate->penWidth("dispatcher-acme-orders"), kLineWidth);
        QCOMPARE(uptime->penWidth("dispatcher-acme-billing"), kEmphasisedWidth);
        // Hovering one chart draws the crosshair on all, and the tooltip has every line's value.
        const QPoint middle = rate->plotArea().center().toPoint();
        QTest::mouseMove(rate, middle);
        QVERIFY(uptime->crosshairVisible());
        m_window->dashboard()->reveal(rate);
        QTest::mouseMove(rate, middle + QPoint(1, 0));
        const QString tooltip = m_window->dashboard()->lastTooltip();
        QVERIFY2(tooltip.startsWith("Dispatcher Heartbeat Rate") && tooltip.contains("Dispatcher Uptime"),
                 qPrintable(tooltip));
        QVERIFY(rate->valuesAt(m_now).contains("dispatcher-acme-orders: "));
        // A legend click hides a line and keeps it hidden.
        rate->setLineHidden("dispatcher-acme-orders", true);
        QCOMPARE(rate->penWidth("dispatcher-acme-orders"), 0.0);
        rate->setLineHidden("dispatcher-acme-orders", false);
        // Dragging across a chart zooms every chart to that range; Esc goes back to live.
        // Snapshots come from the evaluation thread: wait for the window's queued copy, not a cross-thread
        // QSignalSpy, which can miss a signal emitted just before it waits.
        const QRectF plot = rate->plotArea();
        const QPoint from(int(plot.left() + plot.width() * 0.25), int(plot.center().y()));
        const QPoint to(int(plot.left() + plot.width() * 0.5), int(plot.center().y()));
        QTest::mousePress(rate, Qt::LeftButton, {}, from);
        QTest::mouseMove(rate, to);
        QTest::mouseRelease(rate, Qt::LeftButton, {}, to);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->shownSnapshot()->toMs < m_window->shownSnapshot()->nowMs, 5000);
        const auto zoomed = m_window->shownSnapshot();
        QVERIFY(zoomed->toMs - zoomed->fromMs < 5 * 60000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->shownSnapshot()->toMs, m_window->shownSnapshot()->nowMs, 5000);
        table->clearSelection();
    }

    void exploreRunsQueriesAndMarksErrors() {
        runUntil(kEndpointDown);
        m_window->tabs()->setCurrentWidget(m_window->explore());
        ExplorePage* explore = m_window->explore();
        const auto listed = [explore] {
            for (int i = 0; i < explore->browser()->count(); ++i)
                if (explore->browser()->item(i)->text().startsWith("compozy_dispatcher_heartbeat_total  (7)"))
                    return true;
            return false;
        };
        QTRY_VERIFY(listed()); // listed from the evaluation thread
        for (const char* word : {"compozy_dispatcher_uptime_seconds", "dispatcher_id", "event", "rate"})
            QVERIFY2(explore->completions().contains(word), word);
        QSignalSpy done(explore, &ExplorePage::finished);
        explore->setQuery("count(compozy_dispatcher_heartbeat_total)");
        explore->run();
        QVERIFY(done.wait(5000));
        QCOMPARE(explore->table()->model()->rowCount(), 1);
        QCOMPARE(explore->table()->model()->index(0, 1).data().toString(), QString("7"));
        // Times as the window shows them, the Unix seconds Prometheus gives in the tooltip.
        const QModelIndex time = explore->table()->model()->index(0, 2);
        QVERIFY2(QRegularExpression("^(\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$")
                     .match(time.data().toString())
                     .hasMatch(),
                 qPrintable(time.data().toString()));
        const QString tip = time.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.endsWith(" (Unix seconds)"), qPrintable(tip));
        const QDateTime raw =
            QDateTime::fromMSecsSinceEpoch(std::llround(tip.section(' ', 0, 0).toDouble() * 1000));
        QVERIFY2(time.data().toString().endsWith(raw.toString("HH:mm:ss.zzz")), qPrintable(tip));
        QCOMPARE(explore->graph()->legends().size(), 1);
        QCOMPARE(explore->errorLabel()->text(), QString());
        // Prometheus 3's annotations show under the query, with the result.
        explore->setQuery("sort(rate(compozy_dispatcher_uptime_seconds[5m]))");
        explore->run();
        QVERIFY(done.wait(5000));
        QVERIFY2(explore->errorLabel()->text().contains("PromQL info: metric might not be a counter"),
                 qPrintable(explore->errorLabel()->text()));
        explore->setQuery("rate(compozy_dispatcher_heartbeat_total[5m]");
        explore->run();
        QVERIFY(done.wait(5000));
        QCOMPARE(explore->errorLabel()->text(), QString("1:44: parse error: unclosed left parenthesis"));
        QVERIFY(m_window->grab().save(artefact("06-explore.png")));
        m_window->tabs()->setCurrentIndex(0);
    }

    // A page closed while its query or listing is under way is never called back.
    void explorePageClosedWithAQueryPending() {
        runUntil(kEndpointDown);
        for (int i = 0; i < 20; ++i) {
            auto* page = new ExplorePage(*m_idle, m_theme);
            page->setQuery("sum by (dispatcher_id) (rate(compozy_dispatcher_heartbeat_total[5m]))");
            page->run();
            page->refreshMetrics();
            delete page;
        }
        // The answers arrive after the pages are gone; a page that is alive still gets its own.
        ExplorePage alive(*m_idle, m_theme);
        QSignalSpy done(&alive, &ExplorePage::finished);
        alive.setQuery("count(compozy_dispatcher_heartbeat_total)");
        alive.run();
        QVERIFY(done.wait(5000));
        QCOMPARE(alive.table()->model()->index(0, 1).data().toString(), QString("7"));
    }

    // Charts follow the panels shown: a snapshot without some panels (a replay started again on other
    // data) removes their charts, and they come back with them; the page never piles charts up.
    void chartsFollowThePanelsShown() {
        runUntil(kEmailsStopped);
        const auto full = m_window->shownSnapshot();
        QVERIFY(full);
        DashboardPage page(m_theme);
        page.resize(1200, 900);
        page.setSnapshot(full);
        const std::size_t all = page.charts().size();
        QVERIFY(all >= 4);
        auto fewer = std::make_shared<DashboardSnapshot>(*full);
        fewer->panels.resize(2);
        for (int round = 0; round < 3; ++round) {
            page.setSnapshot(fewer);
            QVERIFY(page.charts().size() <= 2);
            page.setSnapshot(full);
            QCOMPARE(page.charts().size(), all);
        }
    }

    void targetDialogKeepsSecretsOutOfTheUrl() {
        TargetDialog dialog(TargetSpec{}, m_window.get());
        dialog.urlField()->setText("http://support:hunter2@127.0.0.1:5001/metrics");
        dialog.jobField()->setText("compozy");
        const auto spec = dialog.target();
        QVERIFY(spec);
        QCOMPARE(spec->url.toString(), QString("http://127.0.0.1:5001/metrics"));
        QCOMPARE(spec->basicAuthUser, std::string("support"));
        QCOMPARE(spec->basicAuthPassword.reveal(), std::string("hunter2"));
        QCOMPARE(spec->id(), std::string("compozy/127.0.0.1:5001"));
        dialog.urlField()->setText("ftp://nowhere");
        QVERIFY(!dialog.target());
    }

    void themeSwitchesAtRunTime() {
        runUntil(kEndpointDown);
        const EntityHealth* orders = entity("dispatcher-acme-orders");
        QVERIFY(orders);
        const HealthState state = orders->state;
        m_window->setDark(true);
        QCOMPARE(badge("dispatcher-acme-orders"),
                 HealthTableModel::stateColor(Theme(Theme::Kind::Dark), state));
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 Theme(Theme::Kind::Dark).palette().color(QPalette::Window));
        QApplication::processEvents();
        QVERIFY(m_window->grab().save(artefact("07-dark.png")));
        m_window->setDark(false);
        QApplication::processEvents(); // the palette reaches every widget before the next grab
        QCOMPARE(badge("dispatcher-acme-orders"),
                 HealthTableModel::stateColor(Theme(Theme::Kind::Light), state));
    }

    // Names are whole when the window has room for them, the reason taking what is left; in a narrow
    // window they are shortened in the middle, and whole in the tooltip.
    void namesFitTheirColumns() {
        runUntil(kAllHealthy);
        m_window->tabs()->setCurrentWidget(m_window->dashboard());
        QTableView* table = m_window->dashboard()->healthTable();
        const auto entityWidth = [table] {
            return table->horizontalHeader()->sectionSize(HealthTableModel::Entity);
        };
        const auto hint = [table] {
            return static_cast<QAbstractItemView*>(table)->sizeHintForColumn(HealthTableModel::Entity);
        };
        QTRY_VERIFY(entityWidth() >= hint());
        int used = 0;
        for (int c = 0; c < table->model()->columnCount(); ++c)
            used += table->horizontalHeader()->sectionSize(c);
        QCOMPARE(used, table->viewport()->width()); // the reason takes the rest
        auto* delegate = qobject_cast<ElidedTextDelegate*>(table->itemDelegate());
        QVERIFY(delegate);
        const QModelIndex first = table->model()->index(0, HealthTableModel::Entity);
        QVERIFY(!delegate->isElided(first));
        m_window->resize(700, 1000);
        QTRY_VERIFY2(entityWidth() < hint(), qPrintable(QStringLiteral("window %1, table %2, entity %3 of %4")
                                                            .arg(m_window->width())
                                                            .arg(table->viewport()->width())
                                                            .arg(entityWidth())
                                                            .arg(hint())));
        QVERIFY(delegate->isElided(first));
        QVERIFY(delegate->tooltip(first).startsWith(first.data().toString()));
        m_window->resize(1400, 1000);
        QTRY_VERIFY(!delegate->isElided(first));
    }

    void aboutNamesVersionQtAndLicences() {
        QCoreApplication::setApplicationVersion("9.8.7 (commit 0123456789ab)");
        AboutDialog about(m_window.get());
        for (const QString& part : {QString("9.8.7 (commit 0123456789ab)"), QString(qVersion()),
                                    QString("GNU General Public License"), QString("Qt HTTP Server"),
                                    QString("yaml-cpp"), QString("RE2")})
            QVERIFY2(about.text().contains(part), qPrintable(part));
    }

    // The guide is built into the program with every picture it shows.
    void userGuideHasItsPictures() {
        UserGuideDialog guide(m_window.get());
        QVERIFY(guide.browser()->toPlainText().contains("The dashboard"));
        QFile source(":/docs/user-guide.md");
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(source.readAll());
        int pictures = 0;
        for (auto it = QRegularExpression("\\]\\((user-guide/[\\w-]+\\.png)\\)").globalMatch(text);
             it.hasNext(); ++pictures) {
            const QString picture = it.next().captured(1);
            QVERIFY2(!QImage(":/docs/" + picture).isNull(), qPrintable(picture));
        }
        QVERIFY(pictures >= 5);
    }

    // The metric list keeps the width the user gave it.
    void exploreSplitterIsRemembered() {
        m_window->tabs()->setCurrentWidget(m_window->explore());
        QSplitter* splitter = m_window->explore()->splitter();
        QTRY_VERIFY(splitter->isVisible());
        splitter->setSizes({420, splitter->width() - 420});
        const int listWidth = splitter->sizes()[0];
        emit splitter->splitterMoved(listWidth, 1); // as dragging the handle does
        QCOMPARE(QSettings().value("explore/splitter").toByteArray(), splitter->saveState());
        ExplorePage another(*m_idle, m_theme);
        another.resize(m_window->explore()->size());
        static_cast<QWidget&>(another).show(); // ExplorePage::show shows a query outcome
        QVERIFY(QTest::qWaitForWindowExposed(&another));
        // The same width, give or take the few pixels a layout of another window rounds differently.
        QVERIFY2(qAbs(another.splitter()->sizes()[0] - listWidth) <= 8,
                 qPrintable(QString::number(another.splitter()->sizes()[0])));
        m_window->tabs()->setCurrentIndex(0);
    }

    void pngExportIsWhatIsOnScreen() {
        runUntil(kEndpointDown);
        const QString path = artefact("05-export.png");
        QVERIFY(m_window->exportPng(path));
        const QImage exported(path);
        QCOMPARE(exported.size(), m_window->grab().size());
        QCOMPARE(exported, m_window->grab().toImage().convertToFormat(exported.format()));
    }
};

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen"); // GUI tests never need a display
    QApplication app(argc, argv);
    MainWindowTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_main_window.moc"
