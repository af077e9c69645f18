// The scrape manager's target list changing while scrapes are in flight, over real loopback sockets.
// Built and run under AddressSanitizer too (label "asan"): removing a target whose scrape has not answered
// yet used to free the scraper while its request still called back into it.

#include "http_fixture.h"
#include "scrape/scrape_manager.h"

#include <QtTest>
#include <atomic>

using namespace dw;

namespace {

const QByteArray kBody = "# TYPE dispatcher_heartbeat_total counter\ndispatcher_heartbeat_total 1\n";

TargetSpec specFor(const QString& url, const char* job) {
    TargetSpec spec;
    spec.url = QUrl(url);
    spec.job = job;
    spec.labels = {{"job", job}, {"instance", spec.url.authority().toStdString()}};
    spec.intervalMs = 60000; // one scheduled scrape at most during a test: the rest are scrapeAllNow
    spec.timeoutMs = 5000;
    return spec;
}

// Series of a job in the store (report series included).
std::size_t seriesOfJob(const SeriesStore& store, const std::string& job) {
    std::size_t count = 0;
    for (const SeriesRef ref : store.allSeries())
        if (labelValue(store.labels(ref), "job") == job) ++count;
    return count;
}

} // namespace

class ScrapeManagerTest : public QObject {
    Q_OBJECT

private slots:
    // The removal happens at several points of a slow answer: before the headers, and while the body
    // trickles in. Each time the removed target leaves nothing in the store and the program survives.
    void removingATargetWithAScrapeInFlight_data() {
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("trickleMs");
        QTest::newRow("waiting for headers") << 400 << 0;
        QTest::newRow("body trickling") << 0 << 20;
    }
    void removingATargetWithAScrapeInFlight() {
        QFETCH(int, delayMs);
        QFETCH(int, trickleMs);
        HttpFixture server;
        server.route("/slow", {200, "text/plain; version=0.0.4", kBody, delayMs, {}, trickleMs});
        server.route("/fast", {200, "text/plain; version=0.0.4", kBody});
        SeriesStore store;
        SystemClock clock;
        ScrapeManager manager(store, clock);
        manager.setTargets({specFor(server.url("/slow"), "slow"), specFor(server.url("/fast"), "fast")});
        manager.scrapeAllNow({});
        QTRY_VERIFY(server.requestCount("/slow") >= 1); // the slow scrape is now in flight
        manager.setTargets({specFor(server.url("/fast"), "fast")});
        QCOMPARE(manager.targets().size(), std::size_t(1)); // gone on return, not later
        // Let the slow answer arrive in full: nothing may call back into the destroyed scraper.
        QTest::qWait(delayMs + trickleMs * kBody.size() + 200);
        QCOMPARE(seriesOfJob(store, "slow"), std::size_t(0));
        // The remaining target goes on being scraped.
        QTRY_VERIFY(seriesOfJob(store, "fast") > 0);
        const int before = server.requestCount("/fast");
        std::atomic<bool> done = false; // set on the scrape thread (ThreadSanitizer found it a plain bool)
        manager.scrapeAllNow([&done] { done = true; });
        QTRY_VERIFY(done.load());
        QVERIFY(server.requestCount("/fast") > before);
    }

    // Destroying the whole manager with scrapes in flight is as safe.
    void destroyingTheManagerWithScrapesInFlight() {
        HttpFixture server;
        server.route("/slow", {200, "text/plain; version=0.0.4", kBody, 300});
        SeriesStore store;
        SystemClock clock;
        {
            ScrapeManager manager(store, clock);
            manager.setTargets({specFor(server.url("/slow"), "slow")});
            manager.scrapeAllNow({});
            QTRY_VERIFY(server.requestCount("/slow") >= 1);
        }
        QTest::qWait(500);
        QCOMPARE(seriesOfJob(store, "slow"), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(ScrapeManagerTest)
#include "test_scrape_manager.moc"
