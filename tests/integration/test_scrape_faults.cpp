// Scraping against a misbehaving server over real loopback sockets: every fault gives up 0 and a message a
// person understands, stores nothing from the body, marks the previous scrape's series stale, and never
// disturbs a healthy target scraped at the same time.

#include "exporter/gzip.h"
#include "http_fixture.h"
#include "model/sample_value.h"
#include "scrape/target_scraper.h"
#include "test_certificate.h"

#include <QProcess>
#include <QSslKey>
#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

namespace {

const QByteArray kGoodBody = "# TYPE dispatch_jobs_total counter\ndispatch_jobs_total{queue=\"a\"} 1\n"
                             "dispatch_jobs_total{queue=\"b\"} 2\nworkers 3\n";

TargetSpec specFor(const QString& url, const char* job) {
    TargetSpec spec;
    spec.url = QUrl(url);
    spec.job = job;
    spec.labels = {{"job", job}, {"instance", spec.url.authority().toStdString()}};
    spec.timeoutMs = 1000;
    spec.bodySizeLimit = 1 << 20;
    spec.sampleLimit = 100;
    return spec;
}

// Scraped series of a target other than the four report series.
std::size_t scrapedSeries(const SeriesStore& store, const std::string& job) {
    std::size_t count = 0;
    for (const SeriesRef ref : store.allSeries()) {
        const Labels labels = store.labels(ref);
        const auto name = labelValue(labels, "__name__");
        if (labelValue(labels, "job") != job) continue;
        if (name == "up" || name.starts_with("scrape_")) continue;
        ++count;
    }
    return count;
}

double latest(const SeriesStore& store, const char* metric, const std::string& job) {
    for (const SeriesRef ref : store.seriesWithName(metric))
        if (labelValue(store.labels(ref), "job") == job) return store.lastSample(ref)->v;
    return -1;
}

} // namespace

class ScrapeFaultsTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QSslConfiguration m_tls;

private slots:
    void initTestCase() {
        // A self-signed certificate for 127.0.0.1, made fresh for this run.
        const QString made = makeSelfSignedCertificate("127.0.0.1", true, m_dir.filePath("key.pem"),
                                                       m_dir.filePath("cert.pem"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QFile key(m_dir.filePath("key.pem"));
        QVERIFY(key.open(QIODevice::ReadOnly));
        m_tls = QSslConfiguration::defaultConfiguration();
        m_tls.setLocalCertificate(QSslCertificate::fromPath(m_dir.filePath("cert.pem")).value(0));
        m_tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
        m_tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        // A second, self-signed certificate for the client side.
        const QString client = makeSelfSignedCertificate(
            "dispatchwatch", false, m_dir.filePath("client-key.pem"), m_dir.filePath("client-cert.pem"));
        QVERIFY2(client.isEmpty(), qPrintable(client));
    }

    void faults_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("scrapedBefore"); // the same target scraped fine once before the fault
        QTest::newRow("connection refused") << "refused"
                                            << "connection refused" << true;
        QTest::newRow("name does not resolve") << "unresolvable"
                                               << "cannot resolve host" << false;
        QTest::newRow("timeout") << "/slow"
                                 << "timed out after 1s" << true;
        QTest::newRow("trickle") << "/trickle"
                                 << "timed out after 1s" << true;
        QTest::newRow("404") << "/missing"
                             << "HTTP 404: not found" << true;
        QTest::newRow("500") << "/error"
                             << "HTTP 500: internal error" << true;
        QTest::newRow("503 with body") << "/unavailable"
                                       << "HTTP 503: Monitoring service not initialized" << true;
        QTest::newRow("redirect loop") << "/loop"
                                       << "too many redirects (more than 10)" << true;
        QTest::newRow("gzip bomb") << "/bomb"
                                   << "body over the 1 MiB limit" << true;
        QTest::newRow("body over limit") << "/big"
                                         << "body over the 1 MiB limit" << true;
        QTest::newRow("truncated body") << "/truncated"
                                        << "closed the connection before the whole response arrived" << true;
        QTest::newRow("truncated gzip") << "/truncated-gzip"
                                        << "closed the connection before the whole response arrived" << true;
        QTest::newRow("invalid utf-8")
            << "/bad-utf8"
            << "parse error at line 2, column 12: label value is not valid UTF-8" << true;
        QTest::newRow("binary garbage") << "/garbage"
                                        << "parse error at line 1, column 1: invalid metric name" << true;
        QTest::newRow("too many samples") << "/many"
                                          << "sample limit of 100 exceeded" << true;
        QTest::newRow("untrusted certificate") << "tls"
                                               << "TLS: certificate not trusted" << false;
    }
    void faults() {
        QFETCH(QString, path);
        QFETCH(QString, message);
        QFETCH(bool, scrapedBefore);
        QHash<QByteArray, HttpFixture::Response> faults;
        faults.insert("/slow", {200, "text/plain", kGoodBody, 3000});
        faults.insert("/trickle", {200, "text/plain", kGoodBody, 0, {}, 100});
        faults.insert("/missing", {404, "text/plain", "not found\n"});
        faults.insert("/error", {500, "text/plain", "internal error\nstack trace...\n"});
        faults.insert("/unavailable",
                      {503, "text/plain; charset=utf-8", "Monitoring service not initialized"});
        faults.insert("/loop", {302, "text/plain", "", 0, "Location: /loop\r\n"});
        faults.insert("/bomb", {200, "text/plain", dw::gzipCompress(QByteArray(64 << 20, '\n'), 9), 0,
                                "Content-Encoding: gzip\r\n"});
        faults.insert("/big", {200, "text/plain", QByteArray(2 << 20, '\n')});
        faults.insert("/truncated", {200, "text/plain", kGoodBody, 0, {}, 0, -1, 20});
        const QByteArray gz = dw::gzipCompress(kGoodBody);
        faults.insert("/truncated-gzip",
                      {200, "text/plain", gz, 0, "Content-Encoding: gzip\r\n", 0, -1, gz.size() / 2});
        faults.insert("/bad-utf8", {200, "text/plain", "ok 1\nbad{label=\"\xff\xfe\"} 1\n"});
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage.append(char((i * 7919) % 256));
        faults.insert("/garbage", {200, "application/octet-stream", garbage});
        QByteArray many;
        for (int i = 0; i < 150; ++i)
            many += "m{i=\"" + QByteArray::number(i) + "\"} 1\n";
        faults.insert("/many", {200, "text/plain", many});

        auto server = std::make_unique<HttpFixture>();
        server->route("/ok", {200, "text/plain; version=0.0.4", kGoodBody});
        HttpFixture tlsServer(m_tls);
        tlsServer.route("/metrics", {200, "text/plain", kGoodBody});
        QString url = server->url(path == "refused" ? "/ok" : path.toLatin1());
        if (path == "unresolvable")
            url = "http://bad..name/metrics"; // fails without a DNS query leaving the machine
        if (path == "tls") url = tlsServer.url("/metrics");

        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetScraper faulty(specFor(url, "faulty"), store, network, clock);
        if (scrapedBefore) {
            // First the target answers well, so there are series a failure must mark stale.
            server->route(path.toLatin1(), {200, "text/plain; version=0.0.4", kGoodBody});
            bool warmed = false;
            faulty.scrapeNow([&] { warmed = true; });
            QTRY_VERIFY(warmed);
            QCOMPARE(faulty.health().state, TargetHealth::State::Up);
            QCOMPARE(scrapedSeries(store, "faulty"), std::size_t(3));
            QTest::qWait(5); // a later timestamp for the failed scrape
            if (path == "refused")
                server.reset(); // the port closes: nothing listens any more
            else
                server->route(path.toLatin1(), faults.value(path.toLatin1()));
        }
        HttpFixture other;
        other.route("/ok", {200, "text/plain; version=0.0.4", kGoodBody});
        TargetScraper concurrent(specFor(other.url("/ok"), "concurrent"), store, network, clock);

        bool faultyDone = false, healthyDone = false;
        faulty.scrapeNow([&] { faultyDone = true; });
        concurrent.scrapeNow([&] { healthyDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(faultyDone && healthyDone, 15000);

        const TargetHealth health = faulty.health();
        QCOMPARE(health.state, TargetHealth::State::Down);
        QVERIFY2(QString::fromStdString(health.lastError).contains(message), health.lastError.c_str());
        QVERIFY(!QString::fromStdString(health.lastError).contains("127.0.0.1")); // messages never carry URLs
        QCOMPARE(latest(store, "up", "faulty"), 0.0);
        QCOMPARE(latest(store, "scrape_samples_scraped", "faulty"), 0.0);
        // Nothing from the faulty body was stored, and the series of the last good scrape are now stale.
        QCOMPARE(scrapedSeries(store, "faulty"), std::size_t(scrapedBefore ? 3 : 0));
        for (const SeriesRef ref : store.allSeries()) {
            const Labels labels = store.labels(ref);
            if (labelValue(labels, "job") != "faulty" || labelValue(labels, "__name__") == "up" ||
                labelValue(labels, "__name__").starts_with("scrape_"))
                continue;
            QVERIFY2(isStaleMarker(store.lastSample(ref)->v), formatLabels(labels).c_str());
        }
        // The healthy target scraped at the same time is untouched.
        QCOMPARE(concurrent.health().state, TargetHealth::State::Up);
        QCOMPARE(latest(store, "up", "concurrent"), 1.0);
        QCOMPARE(latest(store, "scrape_samples_scraped", "concurrent"), 3.0);
        QCOMPARE(scrapedSeries(store, "concurrent"), std::size_t(3));
    }

    // With no body size limit but a sample limit, a body of far more samples is not read whole: counting
    // sample lines as they arrive stops it (a 190 MB body would hold the scrape thread for a second).
    void sampleLimitStopsReadingEarly() {
        QByteArray many;
        for (int i = 0; i < 400'000; ++i)
            many += "m{i=\"" + QByteArray::number(i) + "\"} 1\n"; // about 6 MB
        HttpFixture server;
        server.route("/many", {200, "text/plain; version=0.0.4", "# HELP m Many.\n# TYPE m gauge\n" + many});
        TargetSpec spec = specFor(server.url("/many"), "many");
        spec.bodySizeLimit = 0;
        spec.sampleLimit = 1000;
        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetScraper scraper(spec, store, network, clock);
        qint64 wireBytes = -1;
        scraper.setObserver([&](const TargetSpec&, const FetchResult& result, std::int64_t) {
            wireBytes = result.wireBytes;
        });
        bool done = false;
        scraper.scrapeNow([&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        QCOMPARE(scraper.health().state, TargetHealth::State::Down);
        QVERIFY2(QString::fromStdString(scraper.health().lastError).contains("sample limit of 1000 exceeded"),
                 scraper.health().lastError.c_str());
        QVERIFY2(wireBytes > 0 && wireBytes < 1 << 20, qPrintable(QString::number(wireBytes)));
        QCOMPARE(scrapedSeries(store, "many"), std::size_t(0));
        // Exactly at the limit is still fine: only lines that are samples count, not comments.
        server.route("/many",
                     {200, "text/plain; version=0.0.4",
                      "# HELP m Many.\n# TYPE m gauge\n" + many.left(many.indexOf("m{i=\"1000\"}"))});
        done = false;
        scraper.scrapeNow([&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        QVERIFY2(scraper.health().state == TargetHealth::State::Up, scraper.health().lastError.c_str());
        QCOMPARE(scrapedSeries(store, "many"), std::size_t(1000));
    }

    void tlsWithTheRightAuthorityOrVerificationOff() {
        HttpFixture tlsServer(m_tls);
        tlsServer.route("/metrics", {200, "text/plain", kGoodBody});
        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetSpec withCa = specFor(tlsServer.url("/metrics"), "ca");
        withCa.tlsCaFile = m_dir.filePath("cert.pem").toStdString();
        TargetSpec insecure = specFor(tlsServer.url("/metrics"), "insecure");
        insecure.tlsInsecureSkipVerify = true;
        TargetScraper a(withCa, store, network, clock), b(insecure, store, network, clock);
        bool aDone = false, bDone = false;
        a.scrapeNow([&] { aDone = true; });
        b.scrapeNow([&] { bDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(aDone && bDone, 15000);
        QVERIFY2(a.health().state == TargetHealth::State::Up, a.health().lastError.c_str());
        QVERIFY2(b.health().state == TargetHealth::State::Up, b.health().lastError.c_str());
    }

    // A server that demands a client certificate it trusts: with it the scrape succeeds, without it fails.
    void clientCertificate() {
        QSslConfiguration demanding = m_tls;
        demanding.setPeerVerifyMode(QSslSocket::VerifyPeer);
        demanding.setCaCertificates(QSslCertificate::fromPath(m_dir.filePath("client-cert.pem")));
        HttpFixture tlsServer(demanding);
        tlsServer.route("/metrics", {200, "text/plain", kGoodBody});
        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetSpec withCertificate = specFor(tlsServer.url("/metrics"), "with");
        withCertificate.tlsCaFile = m_dir.filePath("cert.pem").toStdString();
        withCertificate.tlsCertFile = m_dir.filePath("client-cert.pem").toStdString();
        withCertificate.tlsKeyFile = m_dir.filePath("client-key.pem").toStdString();
        TargetSpec without = specFor(tlsServer.url("/metrics"), "without");
        without.tlsCaFile = withCertificate.tlsCaFile;
        // Separate network managers: a shared one would resume the first TLS session and skip the check.
        QNetworkAccessManager otherNetwork;
        TargetScraper a(withCertificate, store, network, clock), b(without, store, otherNetwork, clock);
        bool aDone = false, bDone = false;
        a.scrapeNow([&] { aDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(aDone, 15000);
        b.scrapeNow([&] { bDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(bDone, 15000);
        QVERIFY2(a.health().state == TargetHealth::State::Up, a.health().lastError.c_str());
        QCOMPARE(b.health().state, TargetHealth::State::Down);
        QVERIFY(!b.health().lastError.empty());
    }

    void requestHeadersAndAuthentication() {
        HttpFixture server;
        server.route("/metrics", {200, "application/openmetrics-text; version=1.0.0", "up_like 1\n# EOF\n"});
        SeriesStore store;
        SystemClock clock;
        QNetworkAccessManager network;
        TargetSpec spec = specFor(server.url("/metrics"), "auth");
        spec.basicAuthUser = "support";
        spec.basicAuthPassword = Secret("s3cret!");
        spec.timeoutMs = 2500;
        TargetScraper scraper(spec, store, network, clock);
        bool done = false;
        scraper.scrapeNow([&] { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(scraper.health().state, TargetHealth::State::Up);
        const QByteArray headers = server.lastRequestHeaders();
        QVERIFY(headers.contains(
            "Accept: application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
            "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"));
        QVERIFY(headers.contains("Accept-Encoding: gzip"));
        QVERIFY(headers.contains("X-Prometheus-Scrape-Timeout-Seconds: 2.5"));
        QVERIFY(headers.contains("User-Agent: DispatchWatch/"));
        QVERIFY(headers.contains("Authorization: Basic " + QByteArray("support:s3cret!").toBase64()));

        TargetSpec bearer = specFor(server.url("/metrics"), "bearer");
        bearer.bearerToken = Secret("tok-123");
        TargetScraper second(bearer, store, network, clock);
        done = false;
        second.scrapeNow([&] { done = true; });
        QTRY_VERIFY(done);
        QVERIFY(server.lastRequestHeaders().contains("Authorization: Bearer tok-123"));
    }
};

QTEST_GUILESS_MAIN(ScrapeFaultsTest)
#include "test_scrape_faults.moc"
