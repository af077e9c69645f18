// The replay timeline driven in the real main window on the offscreen platform: a recording of the
// Compozy demo (bodies from the real demo exporter every 15 s of scenario time) is opened; the markers
// appear where states changed; jumping, seeking backwards, stepping one scrape and playing at 256x show
// the state at the replay time in the health table and the status bar. Recording from the window, and a
// recording whose disk fails under it. Screenshots are kept in the build directory.

#include "exporter/demo_exporter.h"
#include "main_window.h"
#include "recording/recording_reader.h"
#include "recording/recording_writer.h"

#include <QApplication>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/resource.h>

using namespace dw;

namespace {

constexpr std::int64_t kInterval = 15000;
constexpr std::int64_t kStart = 1700000000000;

QString artefact(const QString& name) {
    QDir().mkpath(QStringLiteral(DW_BINARY_DIR "/screenshots"));
    return QStringLiteral(DW_BINARY_DIR "/screenshots/") + name;
}

// Twelve minutes of the Compozy scenario: billing goes stale, emails stops, orders flaps.
void writeDemoRecording(const QString& path) {
    std::string error;
    auto scenario = Scenario::load("compozy", error);
    if (!scenario) qFatal("%s", error.c_str());
    auto clock = std::make_shared<ManualClock>(0);
    DemoExporter exporter(*scenario, clock, {});
    auto writer = RecordingWriter::create(path, error);
    if (!writer) qFatal("%s", error.c_str());
    const TargetSpec spec = DemoExporter::target(QUrl("http://127.0.0.1:5001/metrics"), kInterval);
    const std::uint32_t id = writer->target(spec);
    for (std::int64_t t = 0; t <= 12 * 60000; t += kInterval) {
        clock->setMs(t);
        exporter.simulator().advanceTo(t);
        FetchResult result;
        result.ok = true;
        result.status = 200;
        result.contentType = "text/plain; version=0.0.4";
        result.body = QByteArray::fromStdString(exporter.render());
        result.bodySize = result.body.size();
        writer->write(id, result, kStart + t);
    }
}

} // namespace

class ReplayWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Theme m_theme{Theme::Kind::Light};
    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>(0);
    std::unique_ptr<MonitorSession> m_session;
    std::unique_ptr<MainWindow> m_window;

    const EntityHealth* entity(const std::string& id) const {
        for (const EntityHealth& h : m_window->shownSnapshot()->entities)
            if (h.id == id) return &h;
        return nullptr;
    }

    // Seeks through the bar and waits for the window to show that time. (Snapshots are emitted on the
    // evaluation thread, so QSignalSpy::wait could miss one; the window's queued copy is what counts.)
    void seekAndWait(const std::function<void()>& move) {
        move();
        QTRY_COMPARE_WITH_TIMEOUT(m_window->shownSnapshot()->nowMs, m_window->replayBar()->timeMs(), 10000);
    }

private slots:
    void initTestCase() {
        const QString path = m_dir.filePath("demo.dwrec");
        writeDemoRecording(path);
        m_session = std::make_unique<MonitorSession>(m_clock, ProfileSet::load({}));
        std::string error;
        QVERIFY2(m_session->openRecording(path, m_clock, error), error.c_str());
        m_window = std::make_unique<MainWindow>(*m_session, m_theme, "replay: demo.dwrec");
        QVERIFY(m_window->replayBar());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_session->start();
        QTRY_VERIFY(m_window->shownSnapshot());
        QCOMPARE(m_window->shownSnapshot()->nowMs, kStart);
    }

    // Twelve minutes in fifteen-minute charts: the recording whole, not a sliver at the right edge. In
    // five-minute charts the range follows the replay's time.
    void chartsShowAShortRecordingWhole() {
        QTRY_COMPARE(m_window->shownSnapshot()->fromMs, kStart);
        QCOMPARE(m_window->shownSnapshot()->toMs, kStart + 12 * 60000);
        m_window->setRange(5 * 60000);
        seekAndWait([&] { m_window->replayBar()->jumpToEnd(); });
        QTRY_COMPARE(m_window->shownSnapshot()->fromMs, kStart + 7 * 60000);
        QCOMPARE(m_window->shownSnapshot()->toMs, kStart + 12 * 60000);
        m_window->setRange(15 * 60000);
        seekAndWait([&] { m_window->replayBar()->jumpToStart(); });
        QTRY_COMPARE(m_window->shownSnapshot()->fromMs, kStart);
        QCOMPARE(m_window->shownSnapshot()->toMs, kStart + 12 * 60000);
    }

    void markersShowWhereStatesChanged() {
        QTRY_VERIFY_WITH_TIMEOUT(m_session->replayInfo().incidentsKnown, 20000);
        QTRY_VERIFY(m_window->replayBar()->markerCount() >= 3);
        bool stale = false, stopped = false, alert = false;
        for (const Incident& i : m_session->replayInfo().incidents) {
            const bool entity = i.kind == Incident::Kind::EntityChanged;
            stale |= entity && i.entityId == "dispatcher-acme-billing" && i.to == HealthState::Stale;
            stopped |= entity && i.entityId == "dispatcher-acme-emails" && i.to == HealthState::Stopped;
            alert |= i.kind == Incident::Kind::AlertFiring;
        }
        QVERIFY(stale);
        QVERIFY(stopped);
        QVERIFY(alert);
        QVERIFY(m_window->replayBar()->slider()->toolTip().contains("dispatcher-acme-billing: stale"));
        QCOMPARE(m_window->replayBar()->startText(),
                 QDateTime::fromMSecsSinceEpoch(kStart).toString("HH:mm:ss"));
        QCOMPARE(m_window->replayBar()->endText(),
                 QDateTime::fromMSecsSinceEpoch(kStart + 12 * 60000).toString("HH:mm:ss"));
    }

    void endShowsTheIncidents() {
        seekAndWait([this] { QTest::keyClick(m_window.get(), Qt::Key_End); });
        QCOMPARE(m_window->replayBar()->timeMs(), kStart + 12 * 60000);
        QCOMPARE(entity("dispatcher-acme-billing")->state, HealthState::Stale);
        QCOMPARE(entity("dispatcher-acme-emails")->state, HealthState::Stopped);
        QVERIFY(m_window->replayBar()->timeText().startsWith(
            QDateTime::fromMSecsSinceEpoch(kStart + 12 * 60000).toString("yyyy-MM-dd HH:mm:ss")));
        QVERIFY(m_window->grab().save(artefact("08-replay-end.png")));
    }

    void seekingBackStartsAgain() {
        seekAndWait([this] { m_window->replayBar()->seek(kStart + 2 * 60000); });
        QCOMPARE(entity("dispatcher-acme-billing")->state, HealthState::Healthy);
        QCOMPARE(entity("dispatcher-acme-emails")->state, HealthState::Healthy);
    }

    void arrowKeysStepOneScrape() {
        const std::int64_t before = m_window->replayBar()->timeMs();
        seekAndWait([this] { QTest::keyClick(m_window.get(), Qt::Key_Right); });
        QCOMPARE(m_window->replayBar()->timeMs(), before + kInterval);
        seekAndWait([this] { QTest::keyClick(m_window.get(), Qt::Key_Left); });
        seekAndWait([this] { QTest::keyClick(m_window.get(), Qt::Key_Left); });
        QCOMPARE(m_window->replayBar()->timeMs(), before - kInterval);
        seekAndWait([this] { QTest::keyClick(m_window.get(), Qt::Key_Home); });
        QCOMPARE(m_window->replayBar()->timeMs(), kStart);
    }

    void spacePlaysAtTheChosenSpeed() {
        m_window->replayBar()->setSpeed(256);
        QCOMPARE(m_window->replayBar()->speed(), 256.0);
        QTest::keyClick(m_window.get(), Qt::Key_Space);
        QVERIFY(m_window->replayBar()->playing());
        // 256x: a minute of recording in about a quarter of a second of wall time.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->replayBar()->timeMs() > kStart + 60000, 3000);
        QTRY_VERIFY(m_window->shownSnapshot()->nowMs > kStart + 30000);
        QTest::keyClick(m_window.get(), Qt::Key_Space);
        QVERIFY(!m_window->replayBar()->playing());
        const std::int64_t paused = m_window->replayBar()->timeMs();
        QTest::qWait(300);
        QCOMPARE(m_window->replayBar()->timeMs(), paused);
        QVERIFY(m_window->grab().save(artefact("09-replay-playing.png")));
    }

    // File → Record (or the status bar's button) records the live targets; the file replays.
    void recordingFromTheWindow() {
        std::string error;
        auto scenario = Scenario::load("compozy", error);
        QVERIFY2(scenario, error.c_str());
        DemoExporter exporter(*scenario, std::make_shared<ScaledClock>(60), {});
        QString listenError;
        QVERIFY2(exporter.listen(listenError), qPrintable(listenError));
        MonitorSession live(std::make_shared<SystemClock>(), ProfileSet::load({}));
        live.setTargets({DemoExporter::target(exporter.metricsUrl(), 60000)}); // scraped by scrapeNow below
        MainWindow window(live, m_theme, "demo");
        QVERIFY(window.recordButton() && window.recordButton()->isVisible() == false); // not shown yet
        window.show();
        QVERIFY(window.recordButton()->isVisible());
        QVERIFY(!m_window->recordButton()->isVisible()); // a replay cannot record
        const QString path = m_dir.filePath("from-window.dwrec");
        QVERIFY(window.startRecording(path));
        QVERIFY(live.isRecording());
        QVERIFY(window.recordButton()->text().contains("Stop"));
        int shown = 0; // counted in this thread, where the window receives snapshots
        connect(&live, &MonitorSession::snapshotReady, &window, [&shown] { ++shown; });
        for (int i = 1; i <= 3; ++i) {
            live.scrapeNow();
            QTRY_VERIFY_WITH_TIMEOUT(shown >= i, 10000);
        }
        QApplication::processEvents();
        QVERIFY2(window.statusText().contains("recording " + path), qPrintable(window.statusText()));
        window.stopRecording();
        QVERIFY(!live.isRecording());
        RecordingReader reader;
        QVERIFY2(reader.open(path, error), error.c_str());
        RecordedScrape scrape;
        int scrapes = 0;
        while (reader.next(scrape)) {
            ++scrapes;
            QVERIFY(scrape.ok);
            QVERIFY(scrape.body.find("compozy_dispatcher_heartbeat_total") != std::string::npos);
        }
        QVERIFY(scrapes >= 3);
        QVERIFY(reader.intact());
        QCOMPARE(reader.targets().at(1).job, std::string("demo"));
    }

    // The disk fills (a file size limit) or the file is deleted while the window records: it says so
    // without blocking, stops recording, and goes on watching; a file still there verifies.
    void recordingFailureIsShownAndWatchingGoesOn_data() {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("reason");
        QTest::newRow("size limit") << "size-limit"
                                    << "File too large";
        QTest::newRow("deleted") << "deleted"
                                 << "deleted while recording";
    }
    void recordingFailureIsShownAndWatchingGoesOn() {
        QFETCH(QString, fault);
        QFETCH(QString, reason);
        std::string error;
        auto scenario = Scenario::load("compozy", error);
        QVERIFY2(scenario, error.c_str());
        DemoExporter exporter(*scenario, std::make_shared<ScaledClock>(60), {});
        QString listenError;
        QVERIFY2(exporter.listen(listenError), qPrintable(listenError));
        MonitorSession live(std::make_shared<SystemClock>(), ProfileSet::load({}));
        live.setTargets({DemoExporter::target(exporter.metricsUrl(), 60000)});
        MainWindow window(live, m_theme, "demo");
        window.show();
        int shown = 0;
        connect(&live, &MonitorSession::snapshotReady, &window, [&shown] { ++shown; });
        const QString path = m_dir.filePath("failing-" + fault + ".dwrec");
        QVERIFY(window.startRecording(path));
        live.scrapeNow();
        QTRY_VERIFY_WITH_TIMEOUT(shown >= 1 && live.recordingStats().scrapes >= 1, 10000);

        // As app/main.cpp does: past the limit a write fails with EFBIG instead of killing the program.
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit previousLimit{};
        ::getrlimit(RLIMIT_FSIZE, &previousLimit);
        const qint64 before = QFileInfo(path).size();
        if (fault == "size-limit") {
            const rlimit limit{rlim_t(before + 64), previousLimit.rlim_max};
            QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limit), 0);
        } else {
            QVERIFY(QFile::remove(path)); // the recorder looks at its file before every record
        }
        QMessageBox* box = nullptr;
        for (int i = 0; i < 20 && !box; ++i) {
            const int before = shown;
            live.scrapeNow();
            QTRY_VERIFY_WITH_TIMEOUT(shown > before, 10000);
            box = window.findChild<QMessageBox*>("recordingFailed");
        }
        ::setrlimit(RLIMIT_FSIZE, &previousLimit);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->windowModality() != Qt::ApplicationModal); // other windows stay usable
        QVERIFY2(box->text().contains(path) && box->text().contains(reason), qPrintable(box->text()));
        QVERIFY(!live.isRecording());
        QVERIFY(window.recordButton()->text().contains("Record"));
        QVERIFY(!window.statusText().contains("recording"));
        const int scrapesBefore = shown; // watching goes on
        live.scrapeNow();
        QTRY_VERIFY_WITH_TIMEOUT(shown > scrapesBefore, 10000);
        box->accept();
        if (fault == "size-limit") {
            RecordingReader reader;
            QVERIFY2(reader.open(path, error), error.c_str());
            RecordedScrape scrape;
            int scrapes = 0;
            while (reader.next(scrape))
                ++scrapes;
            QVERIFY(reader.intact());
            QVERIFY(scrapes >= 1);
        }
    }

    // Opening a second recording in the same session (File → Open on a replay, or twice in a row while the
    // first is still being scanned) replaces the first; a file that is no recording is refused at once.
    void openingAgainReplacesTheReplay() {
        auto clock = std::make_shared<ManualClock>(0);
        MonitorSession session(clock, ProfileSet::load({}));
        std::string error;
        const QString path = m_dir.filePath("demo.dwrec");
        QVERIFY2(session.openRecording(path, clock, error), error.c_str());
        QVERIFY2(session.openRecording(path, clock, error), error.c_str()); // before the first scan ended
        QTRY_VERIFY_WITH_TIMEOUT(session.replayInfo().incidentsKnown, 20000);
        QVERIFY(session.replayInfo().opened);
        QCOMPARE(session.replayInfo().startMs, kStart);
        QVERIFY2(session.openRecording(path, clock, error), error.c_str()); // after it
        QTRY_VERIFY_WITH_TIMEOUT(session.replayInfo().incidentsKnown, 20000);
        QVERIFY(!session.replayInfo().incidents.empty());

        QFile notRecording(m_dir.filePath("snapshot.prom"));
        QVERIFY(notRecording.open(QIODevice::WriteOnly));
        notRecording.write("up 1\n");
        notRecording.close();
        QVERIFY(!session.openRecording(notRecording.fileName(), clock, error));
        QVERIFY2(error.find("not a DispatchWatch recording") != std::string::npos, error.c_str());
        QCOMPARE(session.replayInfo().path, path); // the open replay is untouched
    }

    void cleanupTestCase() {
        m_window.reset();
        m_session.reset();
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen"); // GUI tests never need a display
    QApplication app(argc, argv);
    ReplayWindowTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_replay_window.moc"
