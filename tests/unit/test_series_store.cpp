#include "model/sample_value.h"
#include "store/series_store.h"

#include <QtTest>
#include <atomic>
#include <bit>
#include <thread>

using namespace dw;

namespace {
constexpr std::int64_t kT0 = 1'700'000'000'000;

SeriesRef makeSeries(SeriesStore& store, std::string_view name, std::string_view id) {
    const LabelView labels[] = {{"__name__", name}, {"id", id}};
    return store.getOrCreate(labels);
}
} // namespace

class SeriesStoreTest : public QObject {
    Q_OBJECT

private slots:
    void internsLabelSets() {
        SeriesStore store;
        const LabelView a[] = {{"__name__", "up"}, {"job", "x"}, {"instance", "h:1"}};
        const LabelView b[] = {{"instance", "h:1"}, {"__name__", "up"}, {"job", "x"}};
        const LabelView c[] = {{"__name__", "up"}, {"job", "y"}, {"instance", "h:1"}};
        const SeriesRef ra = store.getOrCreate(a);
        QCOMPARE(store.getOrCreate(b), ra);
        QVERIFY(store.getOrCreate(c) != ra);
        QCOMPARE(store.find(b).value(), ra);
        const LabelView missing[] = {{"__name__", "up"}, {"job", "z"}};
        QVERIFY(!store.find(missing).has_value());
        const Labels labels = store.labels(ra);
        QCOMPARE(labels.size(), std::size_t(3));
        QCOMPARE(labels[0].name, std::string("__name__")); // sorted by name
        QCOMPARE(labels[1].name, std::string("instance"));
        QCOMPARE(formatLabels(labels), std::string("up{instance=\"h:1\", job=\"x\"}"));
        QCOMPARE(store.seriesWithName("up").size(), std::size_t(2));
        QCOMPARE(store.stats().series, std::size_t(2));
    }

    void appendOrdering() {
        SeriesStore store;
        const SeriesRef ref = makeSeries(store, "m", "1");
        QCOMPARE(store.append(ref, kT0, 1.0), SeriesStore::AppendResult::Ok);
        QCOMPARE(store.append(ref, kT0 - 1, 2.0), SeriesStore::AppendResult::OutOfOrder);
        QCOMPARE(store.append(ref, kT0, 1.0), SeriesStore::AppendResult::Ok); // same sample again: ignored
        QCOMPARE(store.append(ref, kT0, 3.0), SeriesStore::AppendResult::Duplicate); // same time, other value
        QCOMPARE(store.append(9999, kT0, 1.0), SeriesStore::AppendResult::UnknownSeries);
        std::vector<Sample> samples;
        store.samples(ref, kT0 - 10, kT0 + 10, samples);
        QCOMPARE(samples.size(), std::size_t(1));
        QCOMPARE(samples[0].v, 1.0);
    }

    // Ranges are closed at both ends and span many chunks.
    void rangeReads_data() {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<int>("expectedCount");
        QTest::addColumn<qint64>("expectedFirst");
        QTest::newRow("all") << qint64(0) << qint64(kT0 * 2) << 1000 << qint64(kT0);
        QTest::newRow("closed ends") << qint64(kT0 + 15'000) << qint64(kT0 + 45'000) << 3
                                     << qint64(kT0 + 15'000);
        QTest::newRow("across chunk boundary")
            << qint64(kT0 + 119 * 15'000) << qint64(kT0 + 121 * 15'000) << 3 << qint64(kT0 + 119 * 15'000);
        QTest::newRow("between samples") << qint64(kT0 + 1) << qint64(kT0 + 14'999) << 0 << qint64(0);
        QTest::newRow("inverted") << qint64(kT0 + 100'000) << qint64(kT0) << 0 << qint64(0);
    }
    void rangeReads() {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(int, expectedCount);
        QFETCH(qint64, expectedFirst);
        SeriesStore store;
        const SeriesRef ref = makeSeries(store, "m", "1");
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(store.append(ref, kT0 + i * 15'000, i), SeriesStore::AppendResult::Ok);
        std::vector<Sample> samples;
        store.samples(ref, from, to, samples);
        QCOMPARE(int(samples.size()), expectedCount);
        if (expectedCount > 0) QCOMPARE(qint64(samples.front().t), expectedFirst);
        for (std::size_t i = 1; i < samples.size(); ++i)
            QVERIFY(samples[i].t > samples[i - 1].t);
        QVERIFY(store.stats().chunks >= 9);
    }

    // Prometheus 2.x: the last sample in [t - 5m, t], unless it is a staleness marker.
    void lookback_data() {
        QTest::addColumn<qint64>("at");
        QTest::addColumn<bool>("found");
        QTest::addColumn<double>("value");
        QTest::newRow("before first") << qint64(kT0 - 1) << false << 0.0;
        QTest::newRow("exactly first") << qint64(kT0) << true << 1.0;
        QTest::newRow("between") << qint64(kT0 + 59'999) << true << 1.0;
        QTest::newRow("second") << qint64(kT0 + 60'000) << true << 2.0;
        QTest::newRow("lookback edge included") << qint64(kT0 + 60'000 + 300'000) << true << 2.0;
        QTest::newRow("past lookback") << qint64(kT0 + 60'000 + 300'001) << false << 0.0;
        QTest::newRow("stale marker") << qint64(kT0 + 1'000'000) << false << 0.0;
        QTest::newRow("after stale, new sample") << qint64(kT0 + 2'000'000) << true << 5.0;
    }
    // A ref cached before clear() (a scrape cache, a report series) must never write into a series created
    // after it: refs are not reused.
    void clearNeverReusesRefs() {
        SeriesStore store;
        const SeriesRef old = makeSeries(store, "before", "1");
        QCOMPARE(store.append(old, kT0, 1.0), SeriesStore::AppendResult::Ok);
        store.setMetadata("before", {MetricType::Gauge, "help", ""});
        store.clear();
        QCOMPARE(store.stats().series, std::size_t(0));
        QVERIFY(!store.metadata("before"));
        QVERIFY(store.metricNames().empty());
        const SeriesRef fresh = makeSeries(store, "after", "2");
        QVERIFY(fresh != old);
        QCOMPARE(store.append(old, kT0 + 1, 99.0), SeriesStore::AppendResult::UnknownSeries);
        QCOMPARE(store.append(fresh, kT0 + 2, 2.0), SeriesStore::AppendResult::Ok);
        std::vector<Sample> samples;
        store.samples(fresh, kT0, kT0 + 10, samples);
        QCOMPARE(samples.size(), std::size_t(1));
        QCOMPARE(samples[0].v, 2.0);
        // The same labels as before the clear make a new series too, empty of the old samples.
        const SeriesRef again = makeSeries(store, "before", "1");
        QVERIFY(again != old);
        QVERIFY(!store.lastSample(again));
    }

    void lookback() {
        QFETCH(qint64, at);
        QFETCH(bool, found);
        QFETCH(double, value);
        SeriesStore store;
        const SeriesRef ref = makeSeries(store, "m", "1");
        store.append(ref, kT0, 1.0);
        store.append(ref, kT0 + 60'000, 2.0);
        store.append(ref, kT0 + 900'000, 3.0);
        store.append(ref, kT0 + 960'000, staleMarker());
        store.append(ref, kT0 + 1'990'000, 5.0);
        const auto sample = store.valueAt(ref, at);
        QCOMPARE(sample.has_value(), found);
        if (found) QCOMPARE(sample->v, value);
    }

    void staleMarkerKeepsItsBits() {
        SeriesStore store;
        const SeriesRef ref = makeSeries(store, "m", "1");
        store.append(ref, kT0, normalNaN());
        store.append(ref, kT0 + 1, staleMarker());
        std::vector<Sample> samples;
        store.samples(ref, kT0, kT0 + 1, samples);
        QCOMPARE(std::bit_cast<std::uint64_t>(samples[0].v), kNormalNaNBits);
        QCOMPARE(std::bit_cast<std::uint64_t>(samples[1].v), kStaleMarkerBits);
        QCOMPARE(std::bit_cast<std::uint64_t>(store.lastSample(ref)->v), kStaleMarkerBits);
    }

    void retentionByAge() {
        SeriesStore::Options options;
        options.retentionMs = 3600'000;
        SeriesStore store(options);
        const SeriesRef old = makeSeries(store, "m", "old");
        const SeriesRef live = makeSeries(store, "m", "live");
        for (int i = 0; i < 2000; ++i) {
            store.append(live, kT0 + i * 15'000, i);
            if (i < 100) store.append(old, kT0 + i * 15'000, i);
        }
        const std::int64_t now = kT0 + 1999 * 15'000;
        store.applyRetention(now);
        QVERIFY(!store.isLive(old));
        QVERIFY(!store.find(std::array<LabelView, 2>{{{"__name__", "m"}, {"id", "old"}}}).has_value());
        QCOMPARE(store.append(old, now, 1.0), SeriesStore::AppendResult::UnknownSeries);
        std::vector<Sample> samples;
        store.samples(live, 0, now, samples);
        QVERIFY(samples.front().t >= now - 3600'000 - 120 * 15'000); // only whole chunks are dropped
        QVERIFY(samples.front().t > kT0);
        QCOMPARE(samples.back().t, now);
        // A new series with the same labels gets a new ref.
        QVERIFY(makeSeries(store, "m", "old") != old);
    }

    // Nobody calls applyRetention in a live session: a store written to for a day keeps only its
    // retention (plus the 64th it may overshoot and the chunk being filled), in batches and sample by sample.
    void retentionAppliesAsWritesGoOn_data() {
        QTest::addColumn<bool>("batches");
        QTest::newRow("writer batches") << true;
        QTest::newRow("single appends") << false;
    }
    void retentionAppliesAsWritesGoOn() {
        QFETCH(bool, batches);
        SeriesStore::Options options;
        options.retentionMs = 3600'000;
        SeriesStore store(options);
        const SeriesRef gone = makeSeries(store, "m", "gone");
        const SeriesRef live = makeSeries(store, "m", "live");
        const int scrapes = 24 * 240; // a day every 15 s
        std::size_t mostSamples = 0;
        for (int i = 0; i < scrapes; ++i) {
            const std::int64_t t = kT0 + i * 15'000;
            if (batches) {
                SeriesStore::Writer writer(store);
                writer.append(live, t, i);
                if (i < 100) writer.append(gone, t, i);
            } else {
                store.append(live, t, i);
                if (i < 100) store.append(gone, t, i);
            }
            mostSamples = std::max(mostSamples, store.stats().samples);
        }
        QVERIFY(!store.isLive(gone));
        const std::int64_t now = kT0 + (scrapes - 1) * 15'000;
        std::vector<Sample> samples;
        store.samples(live, 0, now, samples);
        QVERIFY2(samples.front().t >= now - 3600'000 - 3600'000 / 64 - 120 * 15'000,
                 qPrintable(QString::number((now - samples.front().t) / 1000)));
        QCOMPARE(samples.back().t, now);
        // Never more than the retention, its 64th and one chunk being filled: memory does not grow with time.
        QVERIFY2(mostSamples <= std::size_t((3600 + 3600 / 64) / 15 + 2 * 120 + 100),
                 qPrintable(QString::number(mostSamples)));
    }

    void memoryBudgetDropsOldestChunks() {
        SeriesStore::Options options;
        options.memoryBudgetBytes = 64 * 1024;
        options.retentionMs = std::int64_t(1) << 60; // only the explicit call below applies the budget
        SeriesStore store(options);
        std::vector<SeriesRef> refs;
        for (int s = 0; s < 20; ++s)
            refs.push_back(makeSeries(store, "m", std::to_string(s)));
        const int scrapes = 2000;
        for (int i = 0; i < scrapes; ++i)
            for (const SeriesRef ref : refs)
                store.append(ref, kT0 + i * 15'000, double(i * (ref + 1)));
        QVERIFY(store.stats().allocatedBytes > options.memoryBudgetBytes);
        store.applyRetention(kT0 + scrapes * 15'000);
        const auto stats = store.stats();
        QVERIFY2(stats.allocatedBytes <= options.memoryBudgetBytes,
                 qPrintable(QString::number(stats.allocatedBytes)));
        for (const SeriesRef ref : refs) {
            QVERIFY(store.isLive(ref));
            QCOMPARE(store.lastSample(ref)->t, kT0 + (scrapes - 1) * 15'000); // newest data kept
        }
    }

    void concurrentReadersAndWriter() {
        SeriesStore store;
        const SeriesRef ref = makeSeries(store, "m", "1");
        std::atomic<bool> done{false};
        std::atomic<bool> readerStarted{false};
        std::thread writer([&] {
            while (!readerStarted)
                std::this_thread::yield();
            for (int i = 0; i < 20000; ++i) {
                store.append(ref, kT0 + i, i);
                if (i % 1000 == 0) makeSeries(store, "n", std::to_string(i));
            }
            done = true;
        });
        std::size_t reads = 0;
        std::int64_t lastSeen = 0;
        readerStarted = true;
        do {
            if (const auto sample = store.lastSample(ref)) {
                QVERIFY(sample->t >= lastSeen); // never goes backwards
                lastSeen = sample->t;
            }
            std::vector<Sample> samples;
            store.samples(ref, kT0, kT0 + 20000, samples);
            for (std::size_t i = 1; i < samples.size(); ++i)
                QCOMPARE(samples[i].t, samples[i - 1].t + 1);
            ++reads;
        } while (!done);
        writer.join();
        QVERIFY(reads > 0);
        QCOMPARE(store.stats().samples, std::size_t(20000));
    }
};

QTEST_GUILESS_MAIN(SeriesStoreTest)
#include "test_series_store.moc"
