// A Prometheus server as a source, against the real Debian Prometheus: it scrapes the demo exporter's
// Compozy, pupsourcing and Daisi scenarios (at 30x, every second) while DispatchWatch scrapes the same
// exporters directly; afterwards DispatchWatch reads the server through its API at every second of the run
// and must judge every entity as it judged it from its own scrapes. Also: check and query through the
// server, importing a span as a recording that replays to the server's own answers, and a server that stops
// and comes back. Everything on 127.0.0.1, started here and stopped by process id.

#include "assessment/assessment.h"
#include "health/reason.h"
#include "promapi/prometheus_source.h"
#include "prometheus_server.h"
#include "scrape/scrape_manager.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <set>

using namespace dw;

namespace {

constexpr int kSpeed = 30;
constexpr std::int64_t kStaleAfterMs = 8000; // wall time; the scenarios' heartbeats come every second or so

struct Exporter {
    QString scenario;
    std::unique_ptr<QProcess> process;
    quint16 port = 0;
};

struct Judged {
    HealthState state;
    Reason::Kind reason;
    bool operator==(const Judged&) const = default;
};
using Timeline = std::map<std::int64_t, std::map<std::string, Judged>>; // time → entity → judgement

std::string entityName(const EntityHealth& e) {
    return e.profile + "/" + e.job + "/" + e.id;
}

QString run(const QStringList& arguments, int* exitCode, QString* errors = nullptr) {
    QProcess process;
    process.start(QStringLiteral(DW_APP_PATH), arguments);
    if (!process.waitForFinished(120000)) {
        process.kill();
        *exitCode = -1;
        return {};
    }
    *exitCode = process.exitCode();
    if (errors) *errors = QString::fromUtf8(process.readAllStandardError());
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Where two JSON texts first differ, with some of each around it: a failure message that fits a screen.
QByteArray firstDifference(const QByteArray& a, const QByteArray& b) {
    qsizetype i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i])
        ++i;
    const qsizetype from = std::max<qsizetype>(0, i - 150);
    return "at byte " + QByteArray::number(i) + ":\n ours:   " + a.mid(from, 300) +
           "\n theirs: " + b.mid(from, 300);
}

void compareJson(const QString& ours, const QByteArray& theirs, const QString& expr) {
    const QByteArray a = QJsonDocument::fromJson(ours.toUtf8()).toJson(QJsonDocument::Compact);
    const QByteArray b = QJsonDocument::fromJson(theirs).toJson(QJsonDocument::Compact);
    QVERIFY2(a == b, qPrintable(expr + " " + firstDifference(a, b)));
}

} // namespace

class PrometheusSourceTest : public QObject {
    Q_OBJECT

    std::vector<Exporter> m_exporters;
    PrometheusServer m_prometheus;
    std::int64_t m_startMs = 0, m_endMs = 0;
    Timeline m_direct;
    QTemporaryDir m_dir;
    SeriesStore m_directStore;

    static std::vector<TargetSpec> directTargets(const std::vector<Exporter>& exporters) {
        std::vector<TargetSpec> out;
        for (const Exporter& e : exporters) {
            TargetSpec spec;
            spec.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(e.port));
            spec.job = e.scenario.toStdString();
            spec.labels = {{"instance", QStringLiteral("127.0.0.1:%1").arg(e.port).toStdString()},
                           {"job", spec.job}};
            spec.intervalMs = 1000;
            spec.timeoutMs = 1000;
            out.push_back(std::move(spec));
        }
        return out;
    }

    static Assessment::Options assessmentOptions() {
        Assessment::Options options;
        options.staleAfter.push_back({"", "", kStaleAfterMs});
        return options;
    }

    static void record(Timeline& timeline, std::int64_t t, const AssessmentResult& result) {
        for (const EntityHealth& e : result.entities)
            timeline[t][entityName(e)] = {e.state, e.reason.kind};
    }

private slots:
    // The scenarios run once, watched by Prometheus and by DispatchWatch's own scraper; the direct
    // judgements are taken every second as the run goes.
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // Prometheus first, already scraping the exporters' ports (and finding them down), so that both
        // watchers see the scenarios from their start: Prometheus applies new targets only every 5 s.
        QString scrapeConfigs;
        for (const char* scenario : {"compozy", "pupsourcing", "daisi"}) {
            Exporter e;
            e.scenario = scenario;
            e.port = PrometheusServer::freePort();
            scrapeConfigs +=
                QStringLiteral("  - job_name: %1\n    static_configs: [{targets: ['127.0.0.1:%2']}]\n")
                    .arg(e.scenario)
                    .arg(e.port);
            m_exporters.push_back(std::move(e));
        }
        const QString error = m_prometheus.start(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n" + scrapeConfigs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(m_prometheus.waitUntilReady().isEmpty(), qPrintable(m_prometheus.output()));
        QTRY_VERIFY_WITH_TIMEOUT(m_prometheus.query("up == 0").size() == 3, 30000);
        for (Exporter& e : m_exporters) {
            e.process = std::make_unique<QProcess>();
            e.process->start(QStringLiteral(DW_APP_PATH),
                             {"serve-demo", "--scenario", e.scenario, "--speed", QString::number(kSpeed),
                              "--listen", QStringLiteral("127.0.0.1:%1").arg(e.port)});
            QVERIFY(e.process->waitForStarted(10000));
            QVERIFY(e.process->waitForReadyRead(10000));
            const QString line = QString::fromUtf8(e.process->readLine()).trimmed();
            QVERIFY2(line.endsWith(QStringLiteral(":%1/metrics").arg(e.port)), qPrintable(line));
        }

        SeriesStore& store = m_directStore;
        SystemClock clock;
        ScrapeManager scrapes(store, clock);
        scrapes.setTargets(directTargets(m_exporters));
        Assessment direct(store, ProfileSet::load({}), assessmentOptions());
        m_startMs = clock.nowMs();
        // Compozy's scenario is the longest: 16 minutes of scenario time.
        const std::int64_t runMs = 16 * 60 * 1000 / kSpeed + 4000;
        QElapsedTimer elapsed;
        elapsed.start();
        std::int64_t next = m_startMs + 1000;
        while (elapsed.elapsed() < runMs) {
            QTest::qWait(int(std::max<std::int64_t>(1, next - clock.nowMs())));
            const std::int64_t t = clock.nowMs();
            record(m_direct, t, direct.evaluate(t, scrapes.targets()));
            next += 1000;
        }
        m_endMs = clock.nowMs();
        scrapes.setTargets({});
        QTest::qWait(2500); // Prometheus commits the last scrapes of the run
    }

    void cleanupTestCase() {
        m_prometheus.stop();
        for (Exporter& e : m_exporters)
            PrometheusServer::stopProcess(*e.process);
    }

    // Every judgement from the server's samples matches the direct one at the same time, up to the second
    // by which the two scrapers' phases differ: where they differ at t, one side showed the other's
    // judgement (state and reason) within 1.5 s of t.
    void sameStatesAsDirectScraping() {
        SeriesStore store;
        QNetworkAccessManager network;
        std::string error;
        PrometheusServerSpec server = *PrometheusServerSpec::fromUrl(m_prometheus.baseUrl(), error);
        const ProfileSet profiles = ProfileSet::load({});
        const Assessment::Options options = assessmentOptions();
        PrometheusSource source(store, server, Assessment::metricsRead(profiles, options));
        Assessment assessment(store, profiles, options);
        Timeline fromServer;
        int firstRequests = 0;
        qint64 lastBody = 0;
        bool laterInOneRequest = true;
        for (const auto& [t, entities] : m_direct) {
            const PrometheusSource::Refresh refresh = source.refreshAndWait(network, t, false);
            QVERIFY2(refresh.ok, refresh.error.c_str());
            if (t == m_direct.begin()->first)
                firstRequests = refresh.requests;
            else
                laterInOneRequest = laterInOneRequest && refresh.requests == 1;
            lastBody = refresh.bodyBytes;
            record(fromServer, t, assessment.evaluate(t, source.targets()));
        }

        // A judgement as (state, reason); (-1, -1) when the entity is not there.
        using Seen = std::pair<int, int>;
        auto at = [](const Timeline& timeline, std::int64_t t, const std::string& entity) -> Seen {
            const auto when = timeline.find(t);
            if (when == timeline.end()) return {-1, -1};
            const auto found = when->second.find(entity);
            if (found == when->second.end()) return {-1, -1};
            return {int(found->second.state), int(found->second.reason)};
        };
        auto near = [&at](const Timeline& timeline, std::int64_t t, const std::string& entity) {
            std::set<Seen> states;
            for (auto it = timeline.lower_bound(t - 1500); it != timeline.end() && it->first <= t + 1500;
                 ++it)
                states.insert(at(timeline, it->first, entity));
            return states;
        };
        auto describe = [](Seen s) {
            return s.first < 0 ? QStringLiteral("absent")
                               : QStringLiteral("%1 (reason %2)")
                                     .arg(healthStateName(HealthState(s.first)).data())
                                     .arg(s.second);
        };
        int compared = 0;
        std::set<std::string> seen; // "entity state" pairs the server's side went through
        for (const auto& [t, entities] : m_direct) {
            if (t < m_startMs + 3000) continue; // both sides still have their first scrapes only
            std::set<std::string> names;
            for (const auto& [entity, judged] : entities)
                names.insert(entity);
            for (const auto& [entity, judged] : fromServer[t]) {
                names.insert(entity);
                seen.insert(entity + " " + std::string(healthStateName(judged.state)));
            }
            for (const std::string& entity : names) {
                const Seen direct = at(m_direct, t, entity), server = at(fromServer, t, entity);
                ++compared;
                if (direct == server) continue;
                // One side shows at t what the other showed within the scrapers' phase difference.
                QVERIFY2(near(fromServer, t, entity).count(direct) || near(m_direct, t, entity).count(server),
                         qPrintable(QStringLiteral("%1 at +%2 ms: directly %3, from the server %4")
                                        .arg(QString::fromStdString(entity))
                                        .arg(t - m_startMs)
                                        .arg(describe(direct), describe(server))));
            }
        }
        QVERIFY(compared > 500);
        // The scenarios' incidents were seen through the server, not only quiet times.
        for (const char* expected :
             {"compozy/compozy/dispatcher-acme-billing stale",
              "compozy/compozy/dispatcher-acme-payments flapping",
              "compozy/compozy/dispatcher-acme-emails stopped",
              "compozy/compozy/dispatcher-acme-orders unknown",
              "pupsourcing/pupsourcing/worker-orders-a2 stale", "daisi/daisi/realtime/company-globex stale"})
            if (!seen.count(expected)) {
                QString all;
                for (const std::string& s : seen)
                    all += QString::fromStdString(s) + "\n";
                QFAIL(qPrintable(QStringLiteral("never seen: %1; seen:\n%2").arg(expected, all)));
            }
        // The first load reads the window in 10-minute slices; after it, each refresh is one request for
        // the new second and the overlap, smaller than the whole window asked again.
        QCOMPARE(firstRequests, 7);
        QVERIFY(laterInOneRequest);
        SeriesStore scratch;
        PrometheusSource full(scratch, server, Assessment::metricsRead(profiles, options));
        const PrometheusSource::Refresh whole = full.refreshAndWait(network, m_direct.rbegin()->first, false);
        QVERIFY2(
            lastBody < whole.bodyBytes,
            qPrintable(
                QStringLiteral("last refresh %1 bytes, whole window %2").arg(lastBody).arg(whole.bodyBytes)));
    }

    // check --prometheus --at: the report of a past time, with its exit code.
    void checkAtPastTimes() {
        int exitCode = 0;
        // Before any incident: all well.
        const QString quiet = run({"check", "--prometheus", m_prometheus.baseUrl(), "--match",
                                   "{job=\"compozy\"}", "--stale-after", "8s", "--at",
                                   QString::number(double(m_startMs + 6000) / 1000.0, 'f', 3), "--json"},
                                  &exitCode);
        QCOMPARE(exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(quiet.toUtf8()).object();
        QCOMPARE(report.value("targets").toArray().size(), 1); // --match left the other jobs out
        QCOMPARE(report.value("entities").toArray().size(), 6);
        // Late in the run billing is stale, payments flapping: exit 1.
        const QString late =
            run({"check", "--prometheus", m_prometheus.baseUrl(), "--match", "{job=\"compozy\"}",
                 "--stale-after", "8s", "--at", QString::number(double(m_endMs - 8000) / 1000.0, 'f', 3)},
                &exitCode);
        QCOMPARE(exitCode, 1);
        QVERIFY2(late.contains(QRegularExpression("dispatcher-acme-payments +flapping")), qPrintable(late));
        // A selector that is not one is a usage error; an unreachable server is exit 2.
        run({"check", "--prometheus", m_prometheus.baseUrl(), "--match", "up{"}, &exitCode);
        QCOMPARE(exitCode, 3);
        QString errors;
        run({"check", "--prometheus",
             QStringLiteral("http://127.0.0.1:%1").arg(PrometheusServer::freePort())},
            &exitCode, &errors);
        QCOMPARE(exitCode, 2);
    }

    // query --prometheus prints what the server answers, in the same JSON as the server's own.
    void queryThroughTheServer() {
        const QString time = QString::number(double(m_endMs - 10000) / 1000.0, 'f', 3);
        for (const QString& expr :
             {QStringLiteral("sum by (job) (rate(compozy_dispatcher_heartbeat_total[30s]))"),
              QStringLiteral("up"), QStringLiteral("1 + 2")}) {
            int exitCode = 0;
            const QString ours = run(
                {"query", "--prometheus", m_prometheus.baseUrl(), expr, "--time", time, "--json"}, &exitCode);
            QCOMPARE(exitCode, 0);
            compareJson(ours, m_prometheus.get("/api/v1/query", {{"query", expr}, {"time", time}}), expr);
            if (QTest::currentTestFailed()) return;
        }
        int exitCode = 0;
        QString errors;
        run({"query", "--prometheus", m_prometheus.baseUrl(), "rate(up)"}, &exitCode, &errors);
        QCOMPARE(exitCode, 1);
        QVERIFY2(errors.contains("bad_data") && errors.contains("rate(up)"), qPrintable(errors));
    }

    // A span imported as a recording answers queries as the server does.
    void importedSpanReplaysAsTheServerAnswers() {
        const QString file = m_dir.filePath("span.dwrec");
        const QString start = QString::number(double(m_startMs + 3000) / 1000.0, 'f', 3);
        const QString end = QString::number(double(m_endMs - 1000) / 1000.0, 'f', 3);
        int exitCode = 0;
        QString errors;
        const QString out =
            run({"recording", "import", "--prometheus", m_prometheus.baseUrl(), "--match",
                 "{job=~\"compozy|pupsourcing\"}", "--start", start, "--end", end, "--out", file},
                &exitCode, &errors);
        QVERIFY2(exitCode == 0, qPrintable(errors));
        QVERIFY2(out.contains("2 targets"), qPrintable(out));
        const QString at =
            QString::number(double(m_endMs - 4000) / 1000.0, 'f', 3); // its 20 s inside the span
        for (const QString& expr :
             {QStringLiteral("compozy_dispatcher_heartbeat_total"),
              QStringLiteral(
                  "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-acme-billing\"}[20s]"),
              QStringLiteral("increase(compozy_dispatcher_heartbeat_total[20s])"),
              QStringLiteral(
                  "count by (job) ({job=~\"compozy|pupsourcing\", __name__!~\"up|scrape_.*\"})")}) {
            const QString ours = run({"query", "--recording", file, expr, "--time", at, "--json"}, &exitCode);
            QCOMPARE(exitCode, 0);
            compareJson(ours, m_prometheus.get("/api/v1/query", {{"query", expr}, {"time", at}}), expr);
            if (QTest::currentTestFailed()) return;
        }
        // The recording is a recording: verify says it is intact.
        run({"recording", "verify", file}, &exitCode);
        QCOMPARE(exitCode, 0);
    }

    // A server that goes away: its targets turn down with the reason, entities unknown; back, it recovers
    // what it missed.
    void serverThatStopsAndComesBack() {
        SeriesStore store;
        QNetworkAccessManager network;
        std::string error;
        PrometheusServerSpec server = *PrometheusServerSpec::fromUrl(m_prometheus.baseUrl(), error);
        server.http.timeoutMs = 3000;
        const ProfileSet profiles = ProfileSet::load({});
        PrometheusSource source(store, server, Assessment::metricsRead(profiles, {}));
        Assessment assessment(store, profiles, {});
        const std::int64_t t0 = m_endMs - 30000;
        QVERIFY(source.refreshAndWait(network, t0, false).ok);
        QCOMPARE(source.targets().size(), std::size_t(3));
        m_prometheus.stop();
        const PrometheusSource::Refresh gone = source.refreshAndWait(network, t0 + 10000, false);
        QVERIFY(!gone.ok);
        QCOMPARE(gone.failure, ApiResponse::Failure::Unreachable);
        QVERIFY2(QString::fromStdString(gone.error).contains("connection refused"), gone.error.c_str());
        for (const TargetStatus& target : source.targets()) {
            QCOMPARE(target.health.state, TargetHealth::State::Down);
            QCOMPARE(target.health.lastError, gone.error);
        }
        for (const EntityHealth& e : assessment.evaluate(t0 + 10000, source.targets()).entities)
            QCOMPARE(e.state, HealthState::Unknown);
        QVERIFY2(m_prometheus.restart().isEmpty(), "prometheus did not start again");
        QVERIFY2(m_prometheus.waitUntilReady().isEmpty(), qPrintable(m_prometheus.output()));
        const PrometheusSource::Refresh back = source.refreshAndWait(network, t0 + 20000, false);
        QVERIFY2(back.ok, back.error.c_str());
        for (const TargetStatus& target : source.targets())
            QCOMPARE(target.health.state, TargetHealth::State::Up);
        // The samples of the ten seconds it was away were loaded too.
        const auto refs = store.seriesWithName("up");
        QCOMPARE(refs.size(), std::size_t(3));
        std::vector<Sample> samples;
        store.samples(refs.front(), t0 + 1000, t0 + 19000, samples);
        QVERIFY2(samples.size() >= 15, qPrintable(QString::number(samples.size())));
    }
};

QTEST_GUILESS_MAIN(PrometheusSourceTest)
#include "test_prometheus_source.moc"
