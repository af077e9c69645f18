// 500 loopback targets scraped every second for 60 s by the ScrapeManager on its own thread: fewer than
// 1 % of scrapes late or missed, every target up, and resident memory flat after warm-up.

#include "http_fixture.h"
#include "scrape/scrape_manager.h"

#include <QFile>
#include <QtTest>

using namespace dw;

namespace {
long residentKiB() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}
} // namespace

class ScrapeLoadTest : public QObject {
    Q_OBJECT

private slots:
    void fiveHundredTargetsEverySecond() {
        constexpr int kTargets = 500;
        constexpr int kSeconds = 60;
        HttpFixture server;
        std::vector<TargetSpec> targets;
        for (int i = 0; i < kTargets; ++i) {
            const QByteArray path = "/t/" + QByteArray::number(i);
            QByteArray body = "# TYPE worker_heartbeats_total counter\n";
            for (int s = 0; s < 10; ++s)
                body += "worker_heartbeats_total{worker=\"w" + QByteArray::number(s) + "\"} " +
                        QByteArray::number(i * s) + "\n";
            server.route(path, {200, "text/plain; version=0.0.4", body});
            TargetSpec spec;
            spec.url = QUrl(server.url(path));
            spec.job = "load";
            spec.labels = {{"job", "load"}, {"instance", "target-" + std::to_string(i)}};
            spec.intervalMs = 1000;
            spec.timeoutMs = 900;
            targets.push_back(spec);
        }
        SeriesStore store;
        SystemClock clock;
        ScrapeManager manager(store, clock);
        manager.setTargets(targets);

        QTest::qWait(20'000); // warm-up: connections, caches, chunk buffers
        const long warmRss = residentKiB();
        std::uint64_t warmScrapes = 0;
        for (const auto& status : manager.targets())
            warmScrapes += status.health.scrapes;
        QTest::qWait((kSeconds - 20) * 1000);
        const long finalRss = residentKiB();

        std::uint64_t scrapes = 0, late = 0, missed = 0, down = 0;
        const auto statuses = manager.targets();
        QCOMPARE(int(statuses.size()), kTargets);
        for (const auto& status : statuses) {
            scrapes += status.health.scrapes;
            late += status.health.late;
            missed += status.health.missed;
            down += status.health.state != TargetHealth::State::Up;
        }
        const double scheduled = double(scrapes + missed);
        qInfo("scrapes %llu, late %llu, missed %llu, RSS %ld KiB after warm-up, %ld KiB at the end",
              static_cast<unsigned long long>(scrapes), static_cast<unsigned long long>(late),
              static_cast<unsigned long long>(missed), warmRss, finalRss);
        QCOMPARE(down, std::uint64_t(0));
        QVERIFY(scrapes >= std::uint64_t(kTargets * (kSeconds - 2)));
        QVERIFY2(double(late + missed) / scheduled < 0.01, "more than 1 % of scrapes were late or missed");
        QVERIFY(scrapes > warmScrapes);
        // The store grows by a few bytes per sample; everything else must stay put.
        QVERIFY2(finalRss - warmRss < 16 * 1024,
                 qPrintable(QString("RSS grew by %1 KiB").arg(finalRss - warmRss)));
    }
};

QTEST_GUILESS_MAIN(ScrapeLoadTest)
#include "test_scrape_load.moc"
