// dw_bench soak [--minutes N] [--speed S] [--check]: DispatchWatch left open for days, compressed into
// minutes. The window (offscreen) watches the demo's Compozy scenario with 100 dispatchers at S times
// real time, its incidents repeating for ever, and three targets of a fault server that flap between up
// and down, with one hour of retention so that it is reached early; `dispatchwatch record` records the
// same demo in a process of its own. Once retention is reached and at the end: resident memory, threads
// and open files; from then on: the UI thread's longest stall (how late a 10 ms timer fires) and the
// scrapes missed (those missed while starting are reported apart: at 240x a scrape slot is 62 ms of wall
// time, and a cold start's first library loads and connections are not what a soak is about); at the end:
// whether the recording verifies. --check exits 1 when a goal is missed.

#include "bench_report.h"
#include "exporter/demo_exporter.h"
#include "health/profile_set.h"
#include "main_window.h"
#include "threaded_http_fixture.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <csignal>
#include <cstdio>

namespace dw::bench {

namespace {

constexpr std::int64_t kIntervalMs = 15'000;     // scenario time between scrapes
constexpr std::int64_t kRetentionMs = 3'600'000; // reached after an hour of scenario time

struct ProcessFigures {
    double rssMiB = 0;
    int threads = 0;
    int openFiles = 0;
};

ProcessFigures processFigures() {
    ProcessFigures figures;
    figures.rssMiB = residentMiB();
    QFile status("/proc/self/status");
    if (status.open(QIODevice::ReadOnly))
        for (const QByteArray& line : status.readAll().split('\n'))
            if (line.startsWith("Threads:")) figures.threads = line.mid(8).trimmed().toInt();
    figures.openFiles = int(QDir("/proc/self/fd").entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size());
    return figures;
}

// Compozy with its dispatchers misbehaving again and again, for as long as the soak runs: every tenth
// stops heartbeating for 10 minutes of each hour, every seventh restarts every 3 minutes for a quarter of
// each two hours (flapping) for a week, and the endpoint is down for a minute every 6 hours for a month.
std::optional<Scenario> soakScenario(int dispatchers) {
    auto scenario = compozyWithDispatchers(dispatchers);
    if (!scenario) return std::nullopt;
    constexpr std::int64_t kMinute = 60'000;
    for (int i = 0; i < dispatchers; ++i) {
        const std::string& id = scenario->entities[std::size_t(i)].id;
        if (i % 10 == 3) {
            scenario->incidents.push_back(
                {5 * kMinute + i * 1000, "stop_heartbeats", id, -1, 60 * kMinute, 0});
            scenario->incidents.push_back(
                {15 * kMinute + i * 1000, "resume_heartbeats", id, -1, 60 * kMinute, 0});
        }
        if (i % 7 == 5)
            for (std::int64_t start = 20 * kMinute; start < 7 * 24 * 60 * kMinute; start += 120 * kMinute)
                scenario->incidents.push_back({start, "restart", id, start + 15 * kMinute, 3 * kMinute, 0});
    }
    for (std::int64_t start = 6 * 60 * kMinute; start < 30 * 24 * 60 * kMinute; start += 6 * 60 * kMinute)
        scenario->incidents.push_back({start, "endpoint_unavailable", "", start + kMinute, 0, 0});
    std::stable_sort(scenario->incidents.begin(), scenario->incidents.end(),
                     [](const ScenarioIncident& a, const ScenarioIncident& b) { return a.atMs < b.atMs; });
    return scenario;
}

// The demo exporter and the flapping targets, served on the fault server's thread so that serving never
// occupies the UI thread being measured. The exporter and the flapping timer live and die on that thread.
class Servers {
public:
    Servers(const Scenario& scenario, std::shared_ptr<const ScaledClock> clock) {
        m_faults.run([&] {
            DemoExporter::Options options;
            options.scenarioStartMs = clock->originMs();
            m_demo = std::make_unique<DemoExporter>(scenario, clock, options);
            m_demo->listen(m_error);
            m_flapper = std::make_unique<QTimer>();
            m_flapper->setInterval(700); // wall time: a few scrapes up, a few down, over and over
            QObject::connect(m_flapper.get(), &QTimer::timeout, [this] { flap(); });
            flap();
            m_flapper->start();
        });
    }
    ~Servers() {
        m_faults.run([this] {
            m_flapper.reset();
            m_demo.reset();
        });
    }
    Servers(const Servers&) = delete;
    Servers& operator=(const Servers&) = delete;

    const QString& error() const { return m_error; }
    QUrl demoUrl() const { return m_demo->metricsUrl(); }
    QString faultUrl(int i) const { return m_faults.url("/flap" + QByteArray::number(i)); }

private:
    // On the fault server's thread.
    void flap() {
        ++m_flips;
        for (int i = 0; i < 3; ++i) {
            HttpFixture::Response response;
            const bool up = (m_flips + i) % 3 != 0;
            response.status = up ? 200 : 503;
            response.body = up ? "flapping_up 1\n" : "down for now\n";
            m_faults.fixture().route("/flap" + QByteArray::number(i), response);
        }
    }

    ThreadedHttpFixture m_faults;
    std::unique_ptr<DemoExporter> m_demo;
    std::unique_ptr<QTimer> m_flapper;
    QString m_error;
    int m_flips = 0;
};

TargetSpec flappingTarget(const QString& url) {
    TargetSpec spec;
    spec.url = QUrl(url);
    spec.job = "flapping";
    spec.labels = {{"instance", spec.url.authority().toStdString() + spec.url.path().toStdString()},
                   {"job", "flapping"}};
    spec.intervalMs = kIntervalMs;
    return spec;
}

// Runs the event loop for ms of wall time.
void runFor(std::int64_t ms) {
    QEventLoop loop;
    QTimer::singleShot(int(ms), &loop, &QEventLoop::quit);
    loop.exec();
}

// Scrapes missed so far, over every target, as the latest snapshot counts them.
std::uint64_t missedScrapes(const MonitorSession& session, std::uint64_t* scrapes = nullptr) {
    std::uint64_t missed = 0;
    if (const auto latest = session.latest())
        for (const TargetRow& target : latest->targets) {
            missed += target.health.missed;
            if (scrapes) *scrapes += target.health.scrapes;
        }
    return missed;
}

// The process's figures over a second of running, at their lowest: a scrape's connection or a pool thread
// that happens to exist at one instant is not a leak (one was once counted as such); a leak stays.
ProcessFigures settledFigures() {
    ProcessFigures lowest = processFigures();
    for (int i = 0; i < 5; ++i) {
        runFor(200);
        const ProcessFigures now = processFigures();
        lowest.threads = std::min(lowest.threads, now.threads);
        lowest.openFiles = std::min(lowest.openFiles, now.openFiles);
    }
    return lowest;
}

} // namespace

int runSoakBench(const QStringList& arguments) {
    double minutes = 10, speed = 120;
    bool check = false;
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == "--minutes" && i + 1 < arguments.size()) minutes = arguments[++i].toDouble();
        if (arguments[i] == "--speed" && i + 1 < arguments.size()) speed = arguments[++i].toDouble();
        if (arguments[i] == "--check") check = true;
    }
    const auto scenario = soakScenario(100);
    if (!scenario || minutes <= 0 || speed <= 0) return 2;
    const auto clock = std::make_shared<ScaledClock>(speed, QDateTime::currentMSecsSinceEpoch());
    Servers servers(*scenario, clock);
    if (!servers.error().isEmpty()) {
        std::fprintf(stderr, "soak: the demo could not listen: %s\n", qPrintable(servers.error()));
        return 2;
    }

    SeriesStore::Options storeOptions;
    storeOptions.retentionMs = kRetentionMs;
    MonitorSession session(clock, ProfileSet::load({}), storeOptions);
    std::vector<TargetSpec> targets{DemoExporter::target(servers.demoUrl(), kIntervalMs)};
    for (int i = 0; i < 3; ++i)
        targets.push_back(flappingTarget(servers.faultUrl(i)));
    session.setTargets(targets);
    Theme theme(Theme::Kind::Light);
    MainWindow window(session, theme, "soak");
    window.resize(1400, 900);
    window.show();
    session.start();

    // `record` as a user runs it beside the window, scraping the same demo every second of wall time.
    QTemporaryDir dir;
    const QString recording = dir.filePath("soak.dwrec");
    QProcess record;
    record.start(QStringLiteral(DW_APP_PATH),
                 {"record", "--out", recording, "--interval", "1s", servers.demoUrl().toString()});
    record.waitForStarted(10000);

    // The UI thread's stalls: how late a 10 ms timer fires, measured once warm.
    QElapsedTimer sinceTick;
    sinceTick.start();
    double worstStallMs = 0;
    bool measuring = false;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double late = double(sinceTick.nsecsElapsed()) / 1e6 - 10;
        sinceTick.restart();
        if (measuring) worstStallMs = std::max(worstStallMs, late);
    });
    tick.start();

    // When scrapes are missed, so that a failing run says whether it was while starting or once warm.
    const Stopwatch wall;
    std::uint64_t missedSeen = 0;
    QTimer missWatch;
    missWatch.setInterval(500);
    QObject::connect(&missWatch, &QTimer::timeout, [&] {
        const std::uint64_t missed = missedScrapes(session);
        if (missed > missedSeen)
            std::fprintf(stderr, "soak: %llu scrape(s) missed by %.1f s of wall time\n",
                         static_cast<unsigned long long>(missed - missedSeen), wall.seconds());
        missedSeen = std::max(missedSeen, missed);
    });
    missWatch.start();

    // Warm: retention reached (an hour of scenario time) and a little more for the first drops.
    const std::int64_t warmUpMs = std::int64_t(double(kRetentionMs) * 1.2 / speed) + 10'000;
    const std::int64_t totalMs = std::max<std::int64_t>(std::int64_t(minutes * 60'000), warmUpMs + 30'000);
    runFor(warmUpMs);
    measuring = true;
    const ProcessFigures warm = settledFigures();
    const std::uint64_t missedWarmingUp = missedScrapes(session);
    runFor(totalMs - warmUpMs - 1000);
    const ProcessFigures end = settledFigures();
    measuring = false;

    std::uint64_t scrapes = 0;
    const std::uint64_t missed = missedScrapes(session, &scrapes) - missedWarmingUp;
    ::kill(pid_t(record.processId()), SIGINT);
    record.waitForFinished(30000);
    QProcess verify;
    verify.start(QStringLiteral(DW_APP_PATH), {"recording", "verify", recording});
    verify.waitForFinished(120000);
    const bool verified = record.exitStatus() == QProcess::NormalExit && verify.exitCode() == 0;
    if (!verified)
        std::fprintf(stderr, "soak: record: %s\nverify: %s%s\n", record.readAllStandardError().constData(),
                     verify.readAllStandardOutput().constData(), verify.readAllStandardError().constData());

    const double growth = (end.rssMiB - warm.rssMiB) / warm.rssMiB * 100;
    report("soak_wall_minutes", wall.seconds() / 60, "min");
    report("soak_scenario_days", wall.seconds() * speed / 86400, "days");
    report("soak_rss_warm_mib", warm.rssMiB, "MiB");
    report("soak_rss_end_mib", end.rssMiB, "MiB");
    report("soak_rss_growth_percent", growth, "%");
    report("soak_threads_warm", warm.threads, "");
    report("soak_threads_end", end.threads, "");
    report("soak_open_files_warm", warm.openFiles, "");
    report("soak_open_files_end", end.openFiles, "");
    report("soak_ui_stall_max_ms", worstStallMs, "ms");
    report("soak_scrapes", double(scrapes), "");
    report("soak_missed_scrapes_warming_up", double(missedWarmingUp), "");
    report("soak_missed_scrapes", double(missed), "");
    std::printf("soak_recording_verified: %s\n", verified ? "yes" : "no");
    std::fflush(stdout);
    if (!check) return 0;
    const bool met = growth <= 5 && end.threads == warm.threads && end.openFiles == warm.openFiles &&
                     worstStallMs <= 100 && missed == 0 && verified;
    return met ? 0 : 1;
}

} // namespace dw::bench
