#include "main_window.h"

#include "about_dialog.h"
#include "notification_settings_dialog.h"
#include "user_guide_dialog.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QIcon>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

static void initUiResources() {
    Q_INIT_RESOURCE(dwui_resources);
}

namespace dw {

MainWindow::MainWindow(MonitorSession& session, Theme& theme, QString source, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_theme(theme), m_source(std::move(source)) {
    setWindowTitle("DispatchWatch — " + m_source);
    initUiResources();
    setWindowIcon(QIcon(":/icons/dispatchwatch.svg"));
    m_tabs = new QTabWidget(this);
    m_dashboard = new DashboardPage(theme, m_tabs);
    m_targetsPage = new TargetsPage(session, theme, m_tabs);
    m_alertsPage = new AlertsPage(session, theme, m_tabs);
    m_tabs->addTab(m_dashboard, tr("&Dashboard"));
    m_tabs->addTab(m_targetsPage, tr("&Targets"));
    m_tabs->addTab(m_alertsPage, tr("&Alerts"));
    m_explore = new ExplorePage(session, theme, m_tabs);
    m_tabs->addTab(m_explore, tr("&Explore"));
    m_grafana = new GrafanaTabs(session, theme, *m_tabs, this);
    setAcceptDrops(true);
    setCentralWidget(m_tabs);
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { showCurrentPage(); });
    connect(&session, &MonitorSession::snapshotReady, this,
            [this](std::shared_ptr<const DashboardSnapshot> s) { showSnapshot(std::move(s)); });
    connect(m_dashboard, &DashboardPage::rangeSelected, this,
            [this](std::int64_t from, std::int64_t to) { setFixedRange(from, to); });
    connect(m_dashboard, &DashboardPage::showSeries, this, [this](const QString& selector) {
        m_tabs->setCurrentWidget(m_explore);
        m_explore->setQuery(selector);
        m_explore->run();
    });
    if (!session.isReplay()) {
        m_desktop = new DesktopAlerts(session, theme, this);
        connect(m_desktop, &DesktopAlerts::showWindow, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        connect(m_desktop, &DesktopAlerts::openEntity, this, &MainWindow::showEntity);
        connect(m_desktop, &DesktopAlerts::quit, this, [this] {
            m_quitting = true;
            close();
        });
    }
    buildActions();
    if (session.isReplay()) {
        m_replayBar = new ReplayBar(session, theme, this);
        auto* bar = new QToolBar(tr("Replay"), this);
        bar->setObjectName("replayToolBar");
        bar->setMovable(false);
        bar->addWidget(m_replayBar);
        addToolBar(Qt::BottomToolBarArea, bar);
        buildReplayActions();
        connect(&session, &MonitorSession::replayInfoChanged, this, &MainWindow::followReplaySpan);
        followReplaySpan();
    }
    resize(1400, 900);
}

void MainWindow::buildReplayActions() {
    auto* replay = new QMenu(tr("&Replay"), this);
    menuBar()->insertMenu(menuBar()->actions().last(), replay); // before Help
    replay->addAction(tr("&Play or pause"), QKeySequence(Qt::Key_Space), this,
                      [this] { m_replayBar->setPlaying(!m_replayBar->playing()); });
    replay->addAction(tr("One scrape &back"), QKeySequence(Qt::Key_Left), this,
                      [this] { m_replayBar->stepBack(); });
    replay->addAction(tr("One scrape &forward"), QKeySequence(Qt::Key_Right), this,
                      [this] { m_replayBar->stepForward(); });
    replay->addAction(tr("Jump to the &start"), QKeySequence(Qt::Key_Home), this,
                      [this] { m_replayBar->jumpToStart(); });
    replay->addAction(tr("Jump to the &end"), QKeySequence(Qt::Key_End), this,
                      [this] { m_replayBar->jumpToEnd(); });
    replay->addAction(tr("&Faster"), QKeySequence(Qt::Key_BracketRight), this,
                      [this] { m_replayBar->setSpeed(std::min(256.0, m_replayBar->speed() * 2)); });
    replay->addAction(tr("S&lower"), QKeySequence(Qt::Key_BracketLeft), this,
                      [this] { m_replayBar->setSpeed(std::max(0.25, m_replayBar->speed() / 2)); });
}

GrafanaPage* MainWindow::openDashboard(const QString& path) {
    QString error;
    GrafanaPage* page = m_grafana->open(path, error);
    if (!page) QMessageBox::warning(this, tr("Open dashboard"), error);
    return page;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && GrafanaTabs::isDashboardFile(url.toLocalFile()))
            return event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && GrafanaTabs::isDashboardFile(url.toLocalFile()))
            openDashboard(url.toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Closing keeps watching in the tray when the user chose so and a tray exists to come back from.
    if (!m_quitting && m_desktop && m_desktop->settings().closeToTray && m_desktop->tray().available()) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::showEntity(const QString& entityId) {
    showNormal();
    raise();
    activateWindow();
    m_tabs->setCurrentWidget(m_dashboard);
    QTableView* table = m_dashboard->healthTable();
    const QAbstractItemModel* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, HealthTableModel::Entity).data().toString() == entityId) {
            table->selectRow(row);
            table->scrollTo(model->index(row, 0));
            return;
        }
}

bool MainWindow::startRecording(const QString& path) {
    std::string error;
    if (!m_session.startRecording(path, error)) {
        QMessageBox::warning(this, tr("Record"), QString::fromStdString(error));
        return false;
    }
    m_recordingPath = path;
    if (m_recordAction) m_recordAction->setText(tr("■ Stop &recording"));
    return true;
}

void MainWindow::stopRecording() {
    m_session.stopRecording();
    m_recordingPath.clear();
    if (m_recordAction) m_recordAction->setText(tr("● &Record…"));
}

void MainWindow::checkRecording() {
    const std::string error = m_session.recordingError();
    if (error.empty()) return;
    const QString path = m_recordingPath;
    stopRecording();
    showNotice(tr("Recording stopped"),
               tr("Recording into %1 stopped: %2.\n\nWatching goes on; File → Record starts a new recording.")
                   .arg(path, QString::fromStdString(error)),
               "recordingFailed");
}

void MainWindow::showNotice(const QString& title, const QString& text, const QString& objectName) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal at most: other windows and the updates behind it go on
}

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Export dashboard as &PNG…"), QKeySequence(tr("Ctrl+E")), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export PNG"), "dispatchwatch.png", "PNG (*.png)");
        if (!path.isEmpty()) exportPng(path);
    });
    file->addAction(tr("&Open recording or snapshots…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a recording or a saved snapshot"), QString(),
            tr("Recordings and snapshots (*.dwrec *.prom *.txt *.om *.metrics);;All files (*)"));
        if (!path.isEmpty() && m_openHandler) m_openHandler(path);
    });
    file->addAction(tr("Open &dashboard (Grafana JSON)…"), QKeySequence(tr("Ctrl+D")), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a Grafana dashboard"), QString(),
                                                          tr("Grafana dashboards (*.json);;All files (*)"));
        if (!path.isEmpty()) openDashboard(path);
    });
    m_recordAction = file->addAction(tr("● &Record…"), QKeySequence(tr("Ctrl+Shift+R")), this, [this] {
        if (m_session.isRecording()) return stopRecording();
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Record scrapes into"),
            "dispatchwatch-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss") + ".dwrec",
            tr("Recordings (*.dwrec)"));
        if (!path.isEmpty()) startRecording(path);
    });
    m_recordAction->setEnabled(!m_session.isReplay());
    // The same, one click away in the status bar.
    m_recordButton = new QToolButton(this);
    m_recordButton->setObjectName("recordButton");
    m_recordButton->setDefaultAction(m_recordAction);
    m_recordButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_recordButton->setVisible(!m_session.isReplay());
    statusBar()->addPermanentWidget(m_recordButton);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Scrape &now"), QKeySequence(tr("Ctrl+R")), this, [this] { m_session.scrapeNow(); });
    view->addAction(tr("Back to &live"), QKeySequence(Qt::Key_Escape), this,
                    [this] { setRange(m_options.rangeMs); });
    const std::pair<const char*, std::int64_t> ranges[] = {
        {"Last 5 minutes", 5}, {"Last 15 minutes", 15}, {"Last hour", 60}, {"Last 6 hours", 360}};
    int key = 1;
    for (const auto& [name, minutes] : ranges)
        view->addAction(tr(name), QKeySequence(QString("Alt+%1").arg(key++)), this,
                        [this, ms = minutes * 60000] { setRange(ms); });
    QMenu* semantics = view->addMenu(tr("&PromQL semantics"));
    auto* generations = new QActionGroup(semantics);
    for (const auto& [label, generation] : {std::pair{"Prometheus &3 (left-open ranges, UTF-8 names)", 3},
                                            std::pair{"Prometheus &2 (closed ranges, as 2.x servers)", 2}}) {
        QAction* action = semantics->addAction(tr(label));
        action->setCheckable(true);
        action->setData(generation);
        action->setChecked(int(m_session.promqlGeneration()) == generation);
        generations->addAction(action);
        connect(action, &QAction::triggered, this, [this, chosen = generation] {
            m_session.setPromqlGeneration(promql::Generation(chosen));
            emit promqlGenerationChosen(chosen);
        });
    }
    // A server's version, learnt later, moves the check mark (queued: the session says so from its thread).
    connect(&m_session, &MonitorSession::promqlGenerationChanged, generations, [generations](int generation) {
        for (QAction* action : generations->actions())
            action->setChecked(action->data().toInt() == generation);
    });
    for (int i = 0; i < m_tabs->count(); ++i)
        view->addAction(m_tabs->tabText(i).remove('&'), QKeySequence(QString("Ctrl+%1").arg(i + 1)), this,
                        [this, i] { m_tabs->setCurrentIndex(i); });
    if (m_desktop) {
        QMenu* settings = menuBar()->addMenu(tr("&Settings"));
        settings->addAction(tr("&Notifications…"), this, [this] {
            std::vector<std::string> profiles;
            for (const Profile& p : m_session.profiles().profiles())
                profiles.push_back(p.name);
            NotificationSettingsDialog dialog(m_desktop->settings(), profiles, this);
            if (dialog.exec() == QDialog::Accepted) m_desktop->setSettings(dialog.settings());
        });
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this, [this] {
        QString text;
        for (QAction* menu : menuBar()->actions())
            for (QAction* a : menu->menu()->actions())
                if (!a->shortcut().isEmpty())
                    text += a->shortcut().toString(QKeySequence::NativeText) + "\t" + a->text().remove('&') +
                            "\n";
        QMessageBox::information(this, tr("Keyboard shortcuts"), text);
    });
    help->addAction(tr("&User guide"), this, [this] { UserGuideDialog(this).exec(); })
        ->setObjectName("guideAction");
    help->addAction(tr("&About DispatchWatch"), this, [this] { AboutDialog(this).exec(); })
        ->setObjectName("aboutAction");
}

void MainWindow::setRange(std::int64_t ms) {
    SnapshotBuilder::Options options = m_options;
    options.rangeMs = ms;
    options.fixedFromMs = options.fixedToMs = 0;
    applyOptions(options);
}

void MainWindow::setFixedRange(std::int64_t fromMs, std::int64_t toMs) {
    SnapshotBuilder::Options options = m_options;
    options.fixedFromMs = fromMs;
    options.fixedToMs = toMs;
    applyOptions(options);
}

void MainWindow::followReplaySpan() {
    // Charts and timeline show a recording shorter than their range whole.
    const MonitorSession::ReplayInfo info = m_session.replayInfo();
    if (!info.opened || (info.startMs == m_options.spanFromMs && info.endMs == m_options.spanToMs)) return;
    SnapshotBuilder::Options options = m_options;
    options.spanFromMs = info.startMs;
    options.spanToMs = info.endMs;
    applyOptions(options);
}

void MainWindow::setDark(bool dark) {
    m_theme.setKind(dark ? Theme::Kind::Dark : Theme::Kind::Light);
    m_theme.apply();
    m_dashboard->applyTheme();
    m_explore->graph()->applyTheme();
    showCurrentPage();
}

void MainWindow::applyOptions(const SnapshotBuilder::Options& options) {
    m_options = options;
    m_session.setOptions(options);
    m_session.refreshNow();
}

void MainWindow::showSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    m_latest = std::move(snapshot);
    int up = 0, firing = 0;
    for (const TargetRow& t : m_latest->targets)
        up += t.health.state == TargetHealth::State::Up;
    for (const Alert& a : m_latest->alerts)
        firing += a.state == Alert::State::Firing;
    m_status->setText(
        QStringLiteral("%1 · %2/%3 targets up · %4 entities · %5 alerts firing · %6 · built in %7 ms")
            .arg(m_source)
            .arg(up)
            .arg(m_latest->targets.size())
            .arg(m_latest->entities.size())
            .arg(firing)
            .arg(QDateTime::fromMSecsSinceEpoch(m_latest->nowMs).toString("yyyy-MM-dd HH:mm:ss"))
            .arg(m_latest->buildMs, 0, 'f', 1));
    // Each Prometheus server watched, and how it last answered (in full in the tooltip).
    QString problems;
    for (const ServerSources::State& server : m_session.serverStates()) {
        if (!server.error.empty()) problems += QString::fromStdString(server.error) + "\n";
        for (const std::string& warning : server.warnings)
            problems += QString::fromStdString(server.title + ": partial data: " + warning) + "\n";
        QString state = !server.loaded ? tr("loading…")
                        : server.ok    ? tr("%1 targets").arg(server.targets)
                                       : tr("unreachable");
        if (server.ok && !server.warnings.empty()) state += tr(", partial data");
        m_status->setText(
            m_status->text() +
            QStringLiteral(" · Prometheus %1 (%2)").arg(QString::fromStdString(server.title), state));
    }
    m_status->setToolTip(problems.trimmed());
    if (m_session.isRecording()) checkRecording();
    if (m_session.isRecording())
        m_status->setText(m_status->text() + QStringLiteral(" · ● recording %1 (%2 scrapes)")
                                                 .arg(m_recordingPath)
                                                 .arg(m_session.recordingStats().scrapes));
    m_tabs->setTabText(2, firing > 0 ? tr("&Alerts (%1)").arg(firing) : tr("&Alerts"));
    if (m_desktop) m_desktop->setSnapshot(*m_latest);
    showCurrentPage();
}

void MainWindow::showCurrentPage() {
    if (!m_latest) return;
    m_shown = m_latest;
    // Only the visible page is updated; the others catch up when they are shown.
    QWidget* page = m_tabs->currentWidget();
    if (page == m_dashboard) m_dashboard->setSnapshot(m_latest);
    if (page == m_targetsPage) m_targetsPage->setSnapshot(m_latest);
    if (page == m_alertsPage) m_alertsPage->setSnapshot(m_latest);
    if (page == m_explore && m_explore->browser()->count() == 0) m_explore->refreshMetrics();
}

bool MainWindow::exportPng(const QString& path) {
    // A Grafana page exports itself whole, scrolled-away panels included.
    if (auto* page = qobject_cast<GrafanaPage*>(m_tabs->currentWidget())) return page->exportPng(path);
    m_dashboard->updateAllCharts(); // charts waiting to be seen are drawn current
    return grab().save(path, "PNG");
}

} // namespace dw
