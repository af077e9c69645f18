#include "cli/watch_session.h"

#include "cli/check_report.h"
#include "cli/command.h"
#include "cli/demo_target.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>

namespace dw::cli {

namespace {
constexpr std::int64_t kDeliveryGraceMs = 3000;
constexpr std::int64_t kMinTimerMs = 50;
} // namespace

WatchSession::WatchSession(Settings settings, const WatchPrinter& printer)
    : m_settings(std::move(settings)), m_printer(printer) {
    // With the demo, time is the scenario's (at --speed), as in record; otherwise the system's.
    if (!m_settings.demoScenario.isEmpty())
        m_demoClock =
            std::make_shared<ScaledClock>(m_settings.demoSpeed, QDateTime::currentMSecsSinceEpoch());
    m_clock = m_demoClock ? static_cast<const Clock*>(m_demoClock.get()) : &m_systemClock;
}

WatchSession::~WatchSession() {
    if (m_targets) m_targets->stop();
}

int WatchSession::start() {
    const auto interval = m_settings.intervalMs;
    m_targets = std::make_unique<LiveTargets>(m_store, *m_clock, [interval](TargetSpec& spec) {
        if (interval) spec.intervalMs = *interval;
    });
    if (!m_targets->open(m_settings.configPath, m_settings.jobs, m_settings.urls, m_settings.timeoutMs))
        return kExitUsageOrConfig;
    if (m_demoClock) {
        int code = kExitOk;
        m_demo = startDemoTarget(m_settings.demoScenario, m_demoClock, interval.value_or(5000),
                                 m_settings.timeoutMs, *m_targets, code);
        if (!m_demo) return code == kExitUsage ? kExitUsageOrConfig : kExitUnhealthy;
    }
    m_targets->settle(m_settings.timeoutMs);
    if (m_targets->size() == 0 && m_settings.servers.empty()) {
        printErr("nothing to watch: give URLs, --config, --demo or --prometheus URL; see --help\n");
        return kExitUsageOrConfig;
    }
    std::vector<std::string> problems;
    AssessmentSetup setup = assessmentSetup(m_settings.health, problems);
    for (const std::string& p : problems)
        printErr(QString::fromStdString(p) + "\n");
    for (const PrometheusServerSpec& server : m_settings.servers) {
        PrometheusSource::Options options;
        options.windowMs = setup.options.model.windowMs + setup.options.model.lookbackMs;
        m_sources.push_back(std::make_unique<PrometheusSource>(
            m_store, server, Assessment::metricsRead(setup.profiles, setup.options), options));
        m_sourceBusy.push_back(false);
    }
    m_assessment = std::make_unique<Assessment>(m_store, std::move(setup.profiles), std::move(setup.options));
    if (!m_settings.recordPath.isEmpty()) {
        std::string error;
        auto writer = RecordingWriter::create(m_settings.recordPath, error);
        if (!writer) {
            printErr(QString::fromStdString(error) + "\n");
            return kExitUnhealthy;
        }
        m_recorder =
            std::make_unique<RecordingQueue>(std::move(writer)); // compresses and syncs off this thread
    }
    AlertNotifier::Options alerting = m_settings.alerting;
    alerting.evaluationIntervalMs = m_settings.refreshMs;
    // The notifier is this session's member, so the clock it points at outlives it.
    alerting.toWallMs = [clock = m_clock](std::int64_t t) { return clock->wallMs(t); };
    alerting.warn = [this](const std::string& text) { notice(text); };
    m_notifier = std::make_unique<AlertNotifier>(std::move(alerting));

    // Recorded from the first scrape; targets that discovery adds later are recorded from then on.
    auto observer = [this](const TargetSpec& target, const FetchResult& result, std::int64_t t) {
        if (!m_recorder) return;
        m_recorder->push(target, result, t);
        checkRecording();
    };
    m_targets->observe(observer);
    if (m_targets->size() > 0) {
        // Two rounds a little apart, so that rates exist and the first state printed is a fair one.
        const std::int64_t gapMs = std::min<std::int64_t>(
            5000, std::int64_t(double(interval.value_or(m_demo ? 5000 : 15'000)) / m_clock->rate()));
        m_targets->scrapeRound();
        waitFor(gapMs);
        m_targets->scrapeRound();
    }
    for (auto& source : m_sources) {
        const PrometheusSource::Refresh done = source->refreshAndWait(m_network, m_clock->nowMs(), true);
        for (const std::string& warning : done.warnings)
            notice("partial data from Prometheus at " + source->server().displayUrl() + ": " + warning);
        m_serverAlerts.insert(m_serverAlerts.end(), source->alerts().begin(), source->alerts().end());
    }
    const std::vector<TargetStatus> targets = statuses();
    AssessmentResult first = m_assessment->evaluate(m_clock->nowMs(), targets);
    m_notifier->update(first.timeMs, first.alerts);
    first.alerts.insert(first.alerts.end(), m_serverAlerts.begin(), m_serverAlerts.end());
    printOut(m_printer.state(targets, first));
    m_targets->startSchedules(observer);
    connect(&m_timer, &QTimer::timeout, this, &WatchSession::refresh);
    // --refresh is session time, as replay's --step: a demo at 60x is judged as often per scenario minute
    // as a live session, up to what a wall-clock timer can do.
    m_timer.start(int(std::max(kMinTimerMs, std::int64_t(double(m_settings.refreshMs) / m_clock->rate()))));
    return kExitAllUp;
}

std::vector<TargetStatus> WatchSession::statuses() const {
    std::vector<TargetStatus> out = m_targets->statuses();
    for (const auto& source : m_sources)
        for (TargetStatus& status : source->targets())
            out.push_back(std::move(status));
    return out;
}

void WatchSession::refresh() {
    const std::int64_t now = m_clock->nowMs();
    for (std::size_t i = 0; i < m_sources.size(); ++i) {
        if (m_sourceBusy[i]) continue; // a slow server is asked again when it has answered
        m_sourceBusy[i] = true;
        // The source is owned by this session and calls back only while it lives.
        m_sources[i]->refresh(m_network, now, true, [this, i](const PrometheusSource::Refresh& done) {
            m_sourceBusy[i] = false;
            if (!done.ok) return; // its targets are down with the error: the next evaluation says so
            m_serverAlerts.clear();
            for (const auto& source : m_sources)
                m_serverAlerts.insert(m_serverAlerts.end(), source->alerts().begin(), source->alerts().end());
        });
    }
    evaluate(now);
}

void WatchSession::evaluate(std::int64_t now) {
    const AssessmentResult& result = m_assessment->evaluate(now, statuses());
    std::vector<Incident> incidents = result.incidents;
    std::stable_sort(incidents.begin(), incidents.end(),
                     [](const Incident& a, const Incident& b) { return a.timeMs < b.timeMs; });
    if (!incidents.empty()) printOut(m_printer.changes(incidents));
    m_notifier->update(now, result.alerts);
}

void WatchSession::notice(const std::string& text) {
    const QString line = m_printer.notice(m_clock->nowMs(), text);
    // JSON Lines readers get notices in the stream; people read them on stderr beside the changes.
    if (m_printer.json())
        printOut(line);
    else
        printErr(line);
}

void WatchSession::checkRecording() {
    if (m_recordingFailed) return;
    const std::string error = m_recorder->error();
    if (error.empty()) return;
    m_recordingFailed = true;
    notice("cannot write the recording " + m_settings.recordPath.toStdString() + ": " + error);
    QCoreApplication::exit(kExitUnhealthy);
}

int WatchSession::finish() {
    m_timer.stop();
    m_targets->stop();
    // A last evaluation with every scrape in: what ends in the recording is also printed.
    evaluate(m_clock->nowMs());
    if (m_recorder) {
        m_recorder->close();
        checkRecording();
        const RecordingWriter::Stats stats = m_recorder->stats();
        printErr(
            QStringLiteral("recorded %1 scrapes into %2\n").arg(stats.scrapes).arg(m_settings.recordPath));
    }
    // What is queued for Alertmanagers goes out before the process ends, if they answer soon.
    QElapsedTimer waited;
    waited.start();
    while (!m_notifier->idle() && waited.elapsed() < kDeliveryGraceMs)
        waitFor(50);
    std::vector<TargetStatus> targets = statuses();
    AssessmentResult last = m_assessment->latest();
    last.alerts.insert(last.alerts.end(), m_serverAlerts.begin(), m_serverAlerts.end());
    const int code = makeCheckReport(targets, last).exitCode;
    return m_recordingFailed ? kExitUnhealthy : code;
}

} // namespace dw::cli
