// The health model end to end: the demo exporter's scenarios served over real HTTP, scraped every 15 s
// of scenario time by the real scraper into the store, judged after every scrape. Every scripted incident
// must be detected with the right state and reason within its threshold plus two scrape intervals.
#include "exporter/demo_exporter.h"
#include "health/health_model.h"
#include "health/profile_set.h"
#include "scrape/target_scraper.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QtTest>
#include <map>

using namespace dw;

namespace {

constexpr std::int64_t kInterval = 15000;

struct Observation {
    std::int64_t t;
    HealthState state;
    std::string reason;
};
using Timeline = std::map<std::string, std::vector<Observation>>; // entity id -> observations

// Runs a built-in scenario for `minutes` of scenario time and records every entity's state after each
// scrape.
Timeline run(const std::string& scenarioName, int minutes) {
    std::string error;
    auto scenario = Scenario::load(scenarioName, error);
    if (!scenario) qFatal("%s", error.c_str());
    auto clock = std::make_shared<ManualClock>(0);
    DemoExporter exporter(*scenario, clock, {});
    QString listenError;
    if (!exporter.listen(listenError)) qFatal("%s", qPrintable(listenError));
    SeriesStore store;
    QNetworkAccessManager network;
    const TargetSpec spec = DemoExporter::target(exporter.metricsUrl(), kInterval);
    TargetScraper scraper(spec, store, network, *clock);
    const ProfileSet profiles = ProfileSet::load({});
    HealthModel model(store, profiles.profiles());
    Timeline timeline;
    for (std::int64_t t = 0; t <= std::int64_t(minutes) * 60000; t += kInterval) {
        clock->setMs(t);
        QEventLoop loop;
        scraper.scrapeNow([&] { loop.quit(); });
        loop.exec();
        model.setTargetError("demo", spec.instance(), scraper.health().lastError);
        for (const EntityHealth& h : model.evaluate(t))
            timeline[h.id].push_back({t, h.state, describe(h.reason)});
    }
    return timeline;
}

// The first time at or after `from` the entity was in `state`, or -1.
std::int64_t firstIn(const Timeline& timeline, const std::string& id, HealthState state,
                     std::int64_t from = 0) {
    const auto it = timeline.find(id);
    if (it == timeline.end()) return -1;
    for (const Observation& o : it->second)
        if (o.t >= from && o.state == state) return o.t;
    return -1;
}

const Observation* at(const Timeline& timeline, const std::string& id, std::int64_t t) {
    const auto it = timeline.find(id);
    if (it == timeline.end()) return nullptr;
    for (const Observation& o : it->second)
        if (o.t == t) return &o;
    return nullptr;
}

QString describe(const Timeline& timeline, const std::string& id) {
    QString out = QString::fromStdString(id) + ":";
    const auto it = timeline.find(id);
    if (it == timeline.end()) return out + " never seen";
    HealthState last = HealthState::Unknown;
    bool first = true;
    for (const Observation& o : it->second) {
        if (!first && o.state == last) continue;
        out += QStringLiteral("\n  %1s %2 (%3)")
                   .arg(o.t / 1000)
                   .arg(QString::fromUtf8(healthStateName(o.state).data()), QString::fromStdString(o.reason));
        last = o.state;
        first = false;
    }
    return out;
}

} // namespace

class HealthDemoTest : public QObject {
    Q_OBJECT

private slots:
    void compozy() {
        const Timeline t = run("compozy", 17);
        const std::int64_t slack = 2 * kInterval;
        // Heartbeats stop at 3m: stale once the last heartbeat is more than 2m old.
        const std::int64_t stale = firstIn(t, "dispatcher-acme-billing", HealthState::Stale);
        QVERIFY2(stale > 3 * 60000 && stale <= 5 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-billing")));
        QVERIFY(at(t, "dispatcher-acme-billing", stale)->reason.find("threshold 2m") != std::string::npos);
        QVERIFY(at(t, "dispatcher-acme-billing", stale)->reason.starts_with("no heartbeat for 2m"));
        // ...and recovers when they resume at 15m.
        const std::int64_t healthyAgain =
            firstIn(t, "dispatcher-acme-billing", HealthState::Healthy, 15 * 60000);
        QVERIFY2(healthyAgain >= 15 * 60000 && healthyAgain <= 15 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-billing")));
        // Restarts every 90 s from 4m: the third, at 7m, makes it flapping.
        const std::int64_t flapping = firstIn(t, "dispatcher-acme-payments", HealthState::Flapping);
        QVERIFY2(flapping >= 7 * 60000 && flapping <= 7 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-payments")));
        QVERIFY(at(t, "dispatcher-acme-payments", flapping)->reason ==
                "3 restarts in the last 10m (threshold 3)");
        // A clean stop at 8m.
        const std::int64_t stopped = firstIn(t, "dispatcher-acme-emails", HealthState::Stopped);
        QVERIFY2(stopped >= 8 * 60000 && stopped <= 8 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-emails")));
        QVERIFY(at(t, "dispatcher-acme-emails", stopped)->reason.ends_with("(stop event)"));
        QCOMPARE(at(t, "dispatcher-acme-emails", 9 * 60000)->state, HealthState::Stopped);
        // The endpoint answers 503 from 10m to 11m: every dispatcher's state is unknown, with the reason.
        const std::int64_t down = firstIn(t, "dispatcher-acme-orders", HealthState::Unknown);
        QVERIFY2(down >= 10 * 60000 && down <= 10 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-orders")));
        QVERIFY2(at(t, "dispatcher-acme-orders", down)
                     ->reason.ends_with(": HTTP 503: Monitoring service not initialized"),
                 at(t, "dispatcher-acme-orders", down)->reason.c_str());
        QCOMPARE(at(t, "dispatcher-acme-orders", 12 * 60000 + 30000)->state, HealthState::Healthy);
        // The dispatcher that joins at 6m is healthy from then on, and an untouched one always is.
        QCOMPARE(firstIn(t, "dispatcher-initech-etl", HealthState::Healthy), 6 * 60000);
        QCOMPARE(firstIn(t, "dispatcher-acme-orders", HealthState::Stale), std::int64_t(-1));
        QCOMPARE(firstIn(t, "dispatcher-acme-orders", HealthState::Flapping), std::int64_t(-1));
    }

    // The older names and labels of Compozy's docs: the same judgement, and the exporter's report read
    // from the health gauge's labels.
    void compozyDocs() {
        const Timeline t = run("compozy-docs", 8);
        const std::int64_t slack = 2 * kInterval;
        const std::int64_t stale = firstIn(t, "dispatcher-acme-billing", HealthState::Stale);
        QVERIFY2(stale > 2 * 60000 && stale <= 4 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-billing")));
        const std::int64_t stopped = firstIn(t, "dispatcher-acme-3f9c2a1b", HealthState::Stopped);
        QVERIFY2(stopped >= 6 * 60000 && stopped <= 6 * 60000 + slack,
                 qPrintable(describe(t, "dispatcher-acme-3f9c2a1b")));
        QCOMPARE(firstIn(t, "dispatcher-acme-orders", HealthState::Stale), std::int64_t(-1));
        QCOMPARE(firstIn(t, "dispatcher-acme-orders", HealthState::Stopped), std::int64_t(-1));
    }

    void pupsourcing() {
        const Timeline t = run("pupsourcing", 10);
        const std::int64_t slack = 2 * kInterval;
        // A worker dies at 2m: the orchestrator marks it stopped 30 s later, counted as a stale worker.
        const std::int64_t stale = firstIn(t, "worker-orders-a2", HealthState::Stale);
        QVERIFY2(stale > 2 * 60000 && stale <= 2 * 60000 + 30000 + slack,
                 qPrintable(describe(t, "worker-orders-a2")));
        // A clean stop at 8m.
        const std::int64_t stopped = firstIn(t, "worker-analytics-b1", HealthState::Stopped);
        QVERIFY2(stopped >= 8 * 60000 && stopped <= 8 * 60000 + slack,
                 qPrintable(describe(t, "worker-analytics-b1")));
        QCOMPARE(firstIn(t, "worker-orders-a1", HealthState::Stale), std::int64_t(-1));
        QVERIFY(firstIn(t, "worker-analytics-b3", HealthState::Healthy) >= 4 * 60000);
    }

    void daisi() {
        const Timeline t = run("daisi", 16);
        // A consumer stops at 10m: no events received for more than 5m makes it stale.
        const std::string id = "realtime/company-globex";
        const std::int64_t stale = firstIn(t, id, HealthState::Stale);
        QVERIFY2(stale > 15 * 60000 - 2 * kInterval && stale <= 15 * 60000 + 2 * kInterval,
                 qPrintable(describe(t, id)));
        QCOMPARE(firstIn(t, "realtime/company-acme", HealthState::Stale), std::int64_t(-1));
    }
};

QTEST_GUILESS_MAIN(HealthDemoTest)
#include "test_health_demo.moc"
