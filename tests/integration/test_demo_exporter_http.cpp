// The demo exporter over real HTTP on 127.0.0.1: routes, methods, gzip, and the endpoint incidents.

#include "exporter/demo_exporter.h"
#include "exposition_samples.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QtTest>

using namespace dw;

namespace {

struct Response {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray contentEncoding;
    QByteArray allow;
    qint64 elapsedMs = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

// Sends one request and spins the event loop (which also runs the exporter) until the answer.
Response request(const QUrl& url, const QByteArray& verb = "GET", int abortAfterMs = 0) {
    QNetworkAccessManager manager;
    QNetworkRequest req(url);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply* reply = manager.sendCustomRequest(req, verb);
    if (abortAfterMs > 0) QTimer::singleShot(abortAfterMs, reply, &QNetworkReply::abort);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    Response r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.contentType = reply->rawHeader("Content-Type");
    r.contentEncoding = reply->rawHeader("Content-Encoding");
    r.allow = reply->rawHeader("Allow");
    r.error = reply->error();
    r.elapsedMs = timer.elapsed();
    delete reply;
    return r;
}

const char* kScenario = R"(
name: http-test
system: compozy
entities:
  - id: dispatcher-test-a
  - id: dispatcher-test-b
incidents:
  - at: 10m
    action: endpoint_unavailable
    until: 11m
  - at: 11m
    action: endpoint_slow
    delay: 400ms
    until: 12m
)";

} // namespace

class DemoExporterHttpTest : public QObject {
    Q_OBJECT

    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<DemoExporter> m_exporter;

    QUrl url(const QString& path) const {
        QUrl u = m_exporter->metricsUrl();
        u.setPath(path);
        return u;
    }

private slots:
    void init() {
        std::string error;
        const auto scenario = Scenario::fromYaml(kScenario, "test", error);
        QVERIFY2(scenario, error.c_str());
        m_clock = std::make_shared<ManualClock>(60'000);
        m_exporter = std::make_unique<DemoExporter>(*scenario, m_clock, DemoExporter::Options{});
        QString listenError;
        QVERIFY2(m_exporter->listen(listenError), qPrintable(listenError));
        QCOMPARE(m_exporter->metricsUrl().host(), QString("127.0.0.1"));
        QVERIFY(m_exporter->port() > 0);
    }
    void cleanup() { m_exporter.reset(); }

    void servesMetrics() {
        const Response r = request(m_exporter->metricsUrl());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8; escaping=underscores"));
        // Qt asks for gzip itself and unpacks it: the exporter did compress, and the text is intact.
        QCOMPARE(r.contentEncoding, QByteArray("gzip"));
        const ExpositionSamples samples(r.body.toStdString());
        QVERIFY(samples.ok());
        QCOMPARE(samples.matching("compozy_dispatcher_health_status").size(), 2);
        QCOMPARE(m_exporter->scrapesServed(), std::size_t(1));
    }

    void indexPageLinksToMetrics() {
        const Response r = request(url("/"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/html"));
        QVERIFY(r.body.contains("href=\"/metrics\""));
    }

    void otherPathsAndMethods_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<int>("status");
        QTest::newRow("unknown path") << "/api/v1/query" << QByteArray("GET") << 404;
        QTest::newRow("post metrics") << "/metrics" << QByteArray("POST") << 405;
        QTest::newRow("delete index") << "/" << QByteArray("DELETE") << 405;
    }
    void otherPathsAndMethods() {
        QFETCH(QString, path);
        QFETCH(QByteArray, verb);
        QFETCH(int, status);
        const Response r = request(url(path), verb);
        QCOMPARE(r.status, status);
        if (status == 405) QCOMPARE(r.allow, QByteArray("GET"));
        QCOMPARE(m_exporter->scrapesServed(), std::size_t(0));
    }

    void unavailableWindowAnswers503() {
        m_clock->setMs(10 * 60'000 + 30'000);
        const Response r = request(m_exporter->metricsUrl());
        QCOMPARE(r.status, 503);
        QCOMPARE(r.body, QByteArray("Monitoring service not initialized"));
        m_clock->setMs(24 * 60'000); // well after both windows
        QCOMPARE(request(m_exporter->metricsUrl()).status, 200);
    }

    // Qt's server keeps connections open; a client asking to close (a shell script, HTTP/1.0 tools) gets it.
    void closesWhenAsked() {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_exporter->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray reply;
        QTRY_VERIFY_WITH_TIMEOUT(
            (reply += socket.readAll(), socket.state() == QAbstractSocket::UnconnectedState), 5000);
        reply += socket.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.left(80).constData());
        QVERIFY(reply.contains("Connection: close"));
        QVERIFY(reply.contains("compozy_dispatcher_health_status{"));
    }

    void slowWindowDelaysAnswers() {
        m_clock->setMs(11 * 60'000 + 30'000);
        const Response slow = request(m_exporter->metricsUrl());
        QCOMPARE(slow.status, 200);
        QVERIFY2(slow.elapsedMs >= 390, qPrintable(QString::number(slow.elapsedMs)));
        QVERIFY(ExpositionSamples(slow.body.toStdString()).ok());
        // A client that gives up before the answer does no harm; the next scrape is served.
        const Response abandoned = request(m_exporter->metricsUrl(), "GET", 50);
        QCOMPARE(abandoned.error, QNetworkReply::OperationCanceledError);
        QTRY_COMPARE(m_exporter->answersAbandoned(), std::size_t(1)); // its answer came due, for nobody
        m_clock->setMs(13 * 60'000);
        const Response next = request(m_exporter->metricsUrl());
        QCOMPARE(next.status, 200);
        QVERIFY(next.elapsedMs < 390);
    }
};

QTEST_GUILESS_MAIN(DemoExporterHttpTest)
#include "test_demo_exporter_http.moc"
