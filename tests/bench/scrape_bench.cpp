// dw_bench scrape N M [SECONDS] [INTERVAL_MS]: N loopback targets with M series each, scraped by the
// ScrapeManager; CPU seconds per million samples ingested and resident memory. A child process serves the
// targets so that only scraping is measured. dw_bench scrape-memory N M: resident memory with one hour of
// retention at a 15 s interval, filled through the scrape ingester without the network.

#include "bench_report.h"
#include "scrape/scrape_ingester.h"
#include "scrape/scrape_manager.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <array>
#include <cstdio>
#include <sys/resource.h>

namespace dw::bench {

namespace {

QByteArray targetBody(int target, int series, int variant) {
    QByteArray body = "# HELP bench_events_total Events.\n# TYPE bench_events_total counter\n";
    body.reserve(series * 64);
    for (int s = 0; s < series; ++s)
        body += "bench_events_total{target=\"t" + QByteArray::number(target) + "\",series=\"s" +
                QByteArray::number(s) + "\"} " + QByteArray::number(1000 + s * 3 + variant * (s % 7)) + "\n";
    return body;
}

} // namespace

// The child: serves /t/<i> for i < N, alternating two bodies per target so values change between scrapes.
int runServeTargets(const QStringList& arguments) {
    const int targets = arguments.value(0).toInt();
    const int series = arguments.value(1).toInt();
    std::vector<std::array<QByteArray, 2>> bodies{std::size_t(targets)};
    for (int t = 0; t < targets; ++t)
        bodies[std::size_t(t)] = {targetBody(t, series, 0), targetBody(t, series, 1)};
    std::vector<int> served(std::size_t(targets), 0); // requests per target
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    std::printf("%d\n", server.serverPort());
    std::fflush(stdout);
    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
                const QByteArray request = socket->readAll();
                const int target = request.split(' ').value(1).mid(3).toInt();
                if (target < 0 || target >= targets) return;
                const QByteArray& body =
                    bodies[std::size_t(target)][std::size_t(served[std::size_t(target)]++ % 2)];
                socket->write(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n");
                socket->write(body);
            });
        }
    });
    return QCoreApplication::exec();
}

int runScrapeBench(const QStringList& arguments) {
    const int targets = arguments.value(0, "100").toInt();
    const int series = arguments.value(1, "1000").toInt();
    const double seconds = arguments.value(2, "20").toDouble();
    const std::int64_t intervalMs = arguments.value(3, "1000").toLongLong();

    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {"serve-targets", QString::number(targets), QString::number(series)});
    if (!child.waitForReadyRead(60000)) {
        std::fprintf(stderr, "the target server did not start\n");
        return 1;
    }
    const int port = child.readLine().trimmed().toInt();

    SeriesStore store;
    SystemClock clock;
    ScrapeManager manager(store, clock);
    std::vector<TargetSpec> specs;
    for (int t = 0; t < targets; ++t) {
        TargetSpec spec;
        spec.url = QUrl(QStringLiteral("http://127.0.0.1:%1/t/%2").arg(port).arg(t));
        spec.job = "bench";
        spec.labels = {{"instance", "t" + std::to_string(t)}, {"job", "bench"}};
        spec.intervalMs = intervalMs;
        spec.timeoutMs = intervalMs;
        specs.push_back(spec);
    }
    // Warm up for two intervals (connections, first-scrape series creation), then measure.
    manager.setTargets(specs);
    QEventLoop loop;
    QTimer::singleShot(int(2 * intervalMs + 500), &loop, &QEventLoop::quit);
    loop.exec();
    auto totalScrapes = [&] {
        std::uint64_t scrapes = 0, failures = 0, late = 0, missed = 0;
        for (const auto& status : manager.targets()) {
            scrapes += status.health.scrapes;
            failures += status.health.failures;
            late += status.health.late;
            missed += status.health.missed;
        }
        return std::array<std::uint64_t, 4>{scrapes, failures, late, missed};
    };
    const auto before = totalScrapes();
    const double cpuBefore = cpuSeconds();
    Stopwatch watch;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    const double cpu = cpuSeconds() - cpuBefore;
    const double elapsed = watch.seconds();
    const auto after = totalScrapes();
    const double samples = double(after[0] - before[0] - (after[1] - before[1])) * series;
    child.kill();
    child.waitForFinished();

    const double cpuPerMillion = cpu / (samples / 1e6);
    report("scrape_samples_per_second", samples / elapsed, "samples/s");
    report("scrape_cpu_seconds_per_million_samples", cpuPerMillion, "s");
    report("scrape_cpu_share", cpu / elapsed * 100, "% of one core");
    // The goal's load: 1,000 targets x 1,000 series every 15 s = 66,667 samples per second.
    report("scrape_goal_cpu_share", cpuPerMillion * (1e6 / 15.0) / 1e6 * 100, "% of one core");
    report("scrape_failed_scrapes", double(after[1] - before[1]), "scrapes");
    report("scrape_late_or_missed", double(after[2] - before[2] + after[3] - before[3]), "scrapes");
    report("scrape_resident", residentMiB(), "MiB");
    return 0;
}

int runScrapeMemoryBench(const QStringList& arguments) {
    const int targets = arguments.value(0, "1000").toInt();
    const int series = arguments.value(1, "1000").toInt();
    const int scrapes = arguments.value(2, "240").toInt(); // one hour at 15 s
    SeriesStore::Options options;
    options.retentionMs = 3600'000;
    options.memoryBudgetBytes = std::size_t(4) << 30;
    SeriesStore store(options);
    std::vector<std::unique_ptr<ScrapeIngester>> ingesters;
    std::vector<std::array<std::string, 2>> bodies;
    for (int t = 0; t < targets; ++t) {
        ingesters.push_back(std::make_unique<ScrapeIngester>(
            store, Labels{{"instance", "t" + std::to_string(t)}, {"job", "bench"}}));
        bodies.push_back({targetBody(t, series, 0).toStdString(), targetBody(t, series, 1).toStdString()});
    }
    const double baseline = residentMiB();
    std::int64_t t0 = 1'700'000'000'000;
    Stopwatch watch;
    for (int s = 0; s < scrapes; ++s)
        for (int t = 0; t < targets; ++t)
            ingesters[std::size_t(t)]->ingest(bodies[std::size_t(t)][std::size_t(s % 2)],
                                              ExpositionFormat::Text004, t0 + std::int64_t(s) * 15'000);
    store.applyRetention(t0 + std::int64_t(scrapes) * 15'000);
    const auto stats = store.stats();
    report("scrape_memory_series", double(stats.series), "series");
    report("scrape_memory_samples", double(stats.samples), "samples");
    report("scrape_memory_store_allocated", double(stats.allocatedBytes) / (1 << 20), "MiB");
    report("scrape_memory_resident", residentMiB(), "MiB");
    report("scrape_memory_resident_without_bodies", residentMiB() - baseline, "MiB");
    report("scrape_memory_fill_seconds", watch.seconds(), "s");
    return 0;
}

} // namespace dw::bench
