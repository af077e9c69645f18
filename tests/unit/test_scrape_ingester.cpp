#include "model/sample_value.h"
#include "scrape/scrape_ingester.h"

#include <QtTest>
#include <bit>

using namespace dw;

namespace {
constexpr std::int64_t kT0 = 1'700'000'000'000;
const Labels kTarget = {{"job", "compozy"}, {"instance", "127.0.0.1:5001"}};

std::optional<SeriesRef> findSeries(const SeriesStore& store, std::vector<LabelView> labels) {
    labels.push_back({"job", "compozy"});
    labels.push_back({"instance", "127.0.0.1:5001"});
    return store.find(labels);
}

const char* kBody = "# TYPE compozy_dispatcher_heartbeat_total counter\n"
                    "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-a-q\"} 10\n"
                    "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-b-q\"} 20\n"
                    "compozy_dispatcher_uptime_seconds{dispatcher_id=\"dispatcher-a-q\"} 300\n";
} // namespace

class ScrapeIngesterTest : public QObject {
    Q_OBJECT

private slots:
    // TYPE, HELP and UNIT reach the store (help unescaped); a failed scrape changes nothing.
    void keepsMetadata() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        const char* good =
            "# TYPE jobs counter\n# UNIT jobs seconds\n# HELP jobs Jobs \\\"done\\\"\\nover time\n"
            "jobs_total 1\n# EOF\n";
        QVERIFY(ingester.ingest(good, ExpositionFormat::OpenMetrics1, 1000).ok);
        auto m = store.metadata("jobs");
        QVERIFY(m);
        QCOMPARE(m->type, MetricType::Counter);
        QCOMPARE(m->unit, std::string("seconds"));
        QCOMPARE(m->help, std::string("Jobs \"done\"\nover time"));
        const char* bad = "# TYPE jobs counter\n# HELP jobs Changed\njobs_total x\n# EOF\n";
        QVERIFY(!ingester.ingest(bad, ExpositionFormat::OpenMetrics1, 2000).ok);
        QCOMPARE(store.metadata("jobs")->help, std::string("Jobs \"done\"\nover time"));
        const char* changed = "# TYPE jobs gauge\n# HELP jobs Changed\njobs 3\n# EOF\n";
        QVERIFY(ingester.ingest(changed, ExpositionFormat::OpenMetrics1, 3000).ok);
        QCOMPARE(store.metadata("jobs")->type, MetricType::Gauge);
        QCOMPARE(store.metadata("jobs")->help, std::string("Changed"));
    }

    void firstAndRepeatedScrape() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        auto result = ingester.ingest(kBody, ExpositionFormat::Text004, kT0);
        QVERIFY(result.ok);
        QCOMPARE(result.samples, std::size_t(3));
        QCOMPARE(result.newSeries, std::size_t(3));
        result = ingester.ingest(kBody, ExpositionFormat::Text004, kT0 + 15'000);
        QVERIFY(result.ok);
        QCOMPARE(result.newSeries, std::size_t(0));
        const auto ref = findSeries(
            store, {{"__name__", "compozy_dispatcher_heartbeat_total"}, {"dispatcher_id", "dispatcher-b-q"}});
        QVERIFY(ref.has_value());
        std::vector<Sample> samples;
        store.samples(*ref, 0, kT0 * 2, samples);
        QCOMPARE(samples.size(), std::size_t(2));
        QCOMPARE(samples[1].t, kT0 + 15'000);
        QCOMPARE(samples[1].v, 20.0);
        QCOMPARE(store.stats().series, std::size_t(3));
    }

    void reorderedBodyStillResolvesSeries() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        QVERIFY(ingester.ingest(kBody, ExpositionFormat::Text004, kT0).ok);
        const char* reordered = "compozy_dispatcher_uptime_seconds{dispatcher_id=\"dispatcher-a-q\"} 315\n"
                                "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-b-q\"} 21\n"
                                "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-a-q\"} 11\n";
        const auto result = ingester.ingest(reordered, ExpositionFormat::Text004, kT0 + 15'000);
        QVERIFY(result.ok);
        QCOMPARE(result.newSeries, std::size_t(0));
        QCOMPARE(result.staleMarkers, std::size_t(0));
    }

    void vanishedSeriesGetStalenessMarkers() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        QVERIFY(ingester.ingest(kBody, ExpositionFormat::Text004, kT0).ok);
        const char* without = "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-a-q\"} 11\n";
        const auto result = ingester.ingest(without, ExpositionFormat::Text004, kT0 + 15'000);
        QCOMPARE(result.staleMarkers, std::size_t(2));
        const auto uptime = findSeries(
            store, {{"__name__", "compozy_dispatcher_uptime_seconds"}, {"dispatcher_id", "dispatcher-a-q"}});
        QVERIFY(store.valueAt(*uptime, kT0 + 14'999).has_value());
        QVERIFY(!store.valueAt(*uptime, kT0 + 15'000).has_value());
        QCOMPARE(std::bit_cast<std::uint64_t>(store.lastSample(*uptime)->v), kStaleMarkerBits);
        // Only once: the next scrape without it writes nothing more.
        QCOMPARE(ingester.ingest(without, ExpositionFormat::Text004, kT0 + 30'000).staleMarkers,
                 std::size_t(0));
    }

    void duplicatesKeepTheFirstSample() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        const char* body = "a{x=\"1\"} 1\na{x=\"1\"} 2\nb 3\n";
        const auto result = ingester.ingest(body, ExpositionFormat::Text004, kT0);
        QVERIFY(result.ok);
        QCOMPARE(result.duplicates, std::size_t(1));
        const auto ref = findSeries(store, {{"__name__", "a"}, {"x", "1"}});
        QCOMPARE(store.lastSample(*ref)->v, 1.0);
    }

    void failedParseStoresNothing() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        QVERIFY(ingester.ingest(kBody, ExpositionFormat::Text004, kT0).ok);
        const auto before = store.stats();
        const char* broken = "compozy_dispatcher_heartbeat_total{dispatcher_id=\"dispatcher-a-q\"} 11\n"
                             "new_series 1\n"
                             "compozy_dispatcher_uptime_seconds{dispatcher_id=\"dispatcher-a-q\" 315\n";
        const auto result = ingester.ingest(broken, ExpositionFormat::Text004, kT0 + 15'000);
        QVERIFY(!result.ok);
        QCOMPARE(result.error.line, 3);
        QVERIFY(result.error.column > 1);
        const auto after = store.stats();
        QCOMPARE(after.samples, before.samples);
        QCOMPARE(after.series, before.series);
        QVERIFY(!findSeries(store, {{"__name__", "new_series"}}).has_value());
        // The next good scrape proceeds normally, and the cache did not keep the failed series.
        const auto next = ingester.ingest(kBody, ExpositionFormat::Text004, kT0 + 30'000);
        QVERIFY(next.ok);
        QCOMPARE(next.newSeries, std::size_t(0));
    }

    void failedScrapeMarksEverythingStale() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        QVERIFY(ingester.ingest(kBody, ExpositionFormat::Text004, kT0).ok);
        QCOMPARE(ingester.markAllStale(kT0 + 15'000), std::size_t(3));
        QCOMPARE(ingester.markAllStale(kT0 + 30'000), std::size_t(0));
        for (const SeriesRef ref : store.allSeries())
            QVERIFY(!store.valueAt(ref, kT0 + 15'000).has_value());
        const auto again = ingester.ingest(kBody, ExpositionFormat::Text004, kT0 + 45'000);
        QVERIFY(again.ok);
        QCOMPARE(again.staleMarkers, std::size_t(0));
    }

    void explicitTimestampsAreHonouredAndNeverMarkedStale() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        QVERIFY(ingester.ingest("a 1 1600000000000\nb 2\n", ExpositionFormat::Text004, kT0).ok);
        const auto a = findSeries(store, {{"__name__", "a"}});
        QCOMPARE(store.lastSample(*a)->t, std::int64_t(1600000000000));
        const auto result = ingester.ingest("c 1\n", ExpositionFormat::Text004, kT0 + 15'000);
        QCOMPARE(result.staleMarkers, std::size_t(1)); // b only
    }

    void targetLabelsWinConflicts() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        QVERIFY(ingester.ingest("a{job=\"inner\"} 1\n", ExpositionFormat::Text004, kT0).ok);
        QVERIFY(findSeries(store, {{"__name__", "a"}, {"exported_job", "inner"}}).has_value());
    }

    void duplicateLabelNamesFailTheScrape() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        const auto result = ingester.ingest("a{x=\"1\",x=\"2\"} 1\n", ExpositionFormat::Text004, kT0);
        QVERIFY(!result.ok);
        QVERIFY(result.error.message.find("appears twice") != std::string::npos);
        QCOMPARE(store.stats().series, std::size_t(0));
    }

    void openMetricsBody() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        const char* body = "# TYPE a counter\na_total 5 1700000000.5\n# EOF\n";
        QVERIFY(ingester.ingest(body, ExpositionFormat::OpenMetrics1, kT0).ok);
        QCOMPARE(store.lastSample(*findSeries(store, {{"__name__", "a_total"}}))->t,
                 std::int64_t(1700000000500));
        QVERIFY(!ingester.ingest("a_total 5\n", ExpositionFormat::OpenMetrics1, kT0).ok); // no # EOF
    }

    // A timestamp beyond what int64 milliseconds hold is valid OpenMetrics, but no store can keep the
    // sample: it is dropped, as Prometheus's storage drops it as out of bounds; the rest is kept.
    void timestampsBeyondInt64AreDropped() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        const char* body = "# TYPE a gauge\na 1 12345678901234567890\nb 2\n# EOF\n";
        QVERIFY(ingester.ingest(body, ExpositionFormat::OpenMetrics1, kT0).ok);
        const auto a = findSeries(store, {{"__name__", "a"}});
        QVERIFY(!a || !store.lastSample(*a));
        QCOMPARE(store.lastSample(*findSeries(store, {{"__name__", "b"}}))->v, 2.0);
    }

    // Retention removed the series while the target kept it in its cache: it is re-created from the
    // cached text, with the same labels.
    void seriesRemovedByRetentionAreRecreated() {
        SeriesStore::Options options;
        options.retentionMs = 60'000;
        SeriesStore store(options);
        ScrapeIngester ingester(store, kTarget);
        const char* body = "a{job=\"inner\",x=\"a\\\"b\"} 1\n";
        QVERIFY(ingester.ingest(body, ExpositionFormat::Text004, kT0).ok);
        store.applyRetention(kT0 + 10 * 60'000);
        QCOMPARE(store.stats().series, std::size_t(0));
        const auto again = ingester.ingest(body, ExpositionFormat::Text004, kT0 + 10 * 60'000);
        QVERIFY(again.ok);
        QCOMPARE(again.newSeries, std::size_t(1));
        const auto ref = findSeries(store, {{"__name__", "a"}, {"exported_job", "inner"}, {"x", "a\"b"}});
        QVERIFY(ref.has_value());
        QCOMPARE(store.lastSample(*ref)->t, kT0 + 10 * 60'000);
    }

    void cacheShrinksWhenSeriesVanish() {
        SeriesStore store;
        ScrapeIngester ingester(store, kTarget);
        std::string many, few;
        for (int i = 0; i < 200; ++i)
            many += "m{i=\"" + std::to_string(i) + "\"} 1\n";
        for (int i = 0; i < 10; ++i)
            few += "m{i=\"" + std::to_string(i) + "\"} 2\n";
        QVERIFY(ingester.ingest(many, ExpositionFormat::Text004, kT0).ok);
        QCOMPARE(ingester.cachedSeries(), std::size_t(200));
        const auto result = ingester.ingest(few, ExpositionFormat::Text004, kT0 + 15'000);
        QCOMPARE(result.staleMarkers, std::size_t(190));
        QCOMPARE(ingester.cachedSeries(), std::size_t(10));
        const auto back = ingester.ingest(many, ExpositionFormat::Text004, kT0 + 30'000);
        QVERIFY(back.ok);
        QCOMPARE(back.newSeries, std::size_t(0)); // the store still knows them
        QCOMPARE(ingester.cachedSeries(), std::size_t(200));
    }
};

QTEST_GUILESS_MAIN(ScrapeIngesterTest)
#include "test_scrape_ingester.moc"
