// The Prometheus API client against a server that misbehaves on purpose (the project's fault server over
// real sockets): every bad answer becomes the right kind of failure with words a person can act on, and a
// source keeps what it had. And against the real Prometheus behind TLS, basic auth and a route prefix.
// Everything on 127.0.0.1, started here and stopped by process id.

#include "http_fixture.h"
#include "promapi/api_call.h"
#include "promapi/prometheus_source.h"
#include "prometheus_server.h"
#include "test_certificate.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

Q_DECLARE_METATYPE(ApiResponse::Failure)

namespace {

const QByteArray kVector = R"({"status":"success","data":{"resultType":"vector","result":[]}})";

PrometheusServerSpec serverAt(const QString& url) {
    std::string error;
    auto spec = PrometheusServerSpec::fromUrl(url, error);
    if (!spec) qFatal("%s", error.c_str());
    spec->http.timeoutMs = 1000;
    return *spec;
}

int runApp(const QStringList& arguments, QString* output) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(DW_APP_PATH), arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        return -1;
    }
    *output = QString::fromUtf8(process.readAll());
    return process.exitCode();
}

} // namespace

class PrometheusApiTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void faults_data() {
        QTest::addColumn<HttpFixture::Response>("response");
        QTest::addColumn<ApiResponse::Failure>("failure");
        QTest::addColumn<QString>("words");
        using F = ApiResponse::Failure;
        auto answer = [](int status, QByteArray body, QByteArray type = "application/json") {
            HttpFixture::Response r;
            r.status = status;
            r.body = std::move(body);
            r.contentType = std::move(type);
            return r;
        };
        QTest::newRow("401") << answer(401, "Unauthorized\n", "text/plain") << F::Authentication
                             << "authentication failed at http://127.0.0.1";
        QTest::newRow("403") << answer(403, "Forbidden\n", "text/plain") << F::Authentication
                             << "authentication failed";
        QTest::newRow("bad query")
            << answer(
                   400,
                   R"({"status":"error","errorType":"bad_data","error":"1:6: parse error: unexpected end of input"})")
            << F::Query << "bad_data: 1:6: parse error: unexpected end of input (query: up{)";
        QTest::newRow("execution")
            << answer(
                   422,
                   R"({"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"})")
            << F::Query << "execution: query processing would load too many samples";
        QTest::newRow("timeout error")
            << answer(
                   503,
                   R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})")
            << F::Query << "timeout: query timed out";
        QTest::newRow("starting") << answer(503, "Service Unavailable\n", "text/plain") << F::NotReady
                                  << "is not ready yet (HTTP 503)";
        QTest::newRow("proxy error page")
            << answer(502, "<html><body>Bad Gateway</body></html>\n", "text/html") << F::Http
            << "answered HTTP 502: <html><body>Bad Gateway";
        QTest::newRow("wrong path") << answer(404, "404 page not found\n", "text/plain") << F::Http
                                    << "HTTP 404: 404 page not found (is the URL the server's base";
        QTest::newRow("malformed") << answer(200, R"({"status":"success","data":{"resultType":)")
                                   << F::Malformed << "not the API's JSON";
        QTest::newRow("html with 200")
            << answer(200, "<html>login</html>", "text/html") << F::Malformed << "not the API's JSON";
        HttpFixture::Response truncated = answer(200, kVector);
        truncated.announcedLength = kVector.size() + 100;
        truncated.sendBytes = 40;
        QTest::newRow("truncated") << truncated << F::Unreachable
                                   << "closed the connection before the whole response arrived";
        QTest::newRow("truncated JSON")
            << answer(200, kVector.left(40)) << F::Malformed << "it ends early, as if cut short";
        HttpFixture::Response slow = answer(200, kVector);
        slow.delayMs = 3000;
        QTest::newRow("timeout") << slow << F::Unreachable << "timed out after 1s";
        QTest::newRow("over the limit")
            << answer(200, "{\"status\":\"success\",\"data\":\"" + QByteArray(4096, 'x') + "\"}")
            << F::TooLarge << "over the 2 KiB limit: narrow the selectors (--match)";
    }

    void faults() {
        QFETCH(HttpFixture::Response, response);
        QFETCH(ApiResponse::Failure, failure);
        QFETCH(QString, words);
        HttpFixture fixture;
        fixture.route("/api/v1/query", response);
        PrometheusServerSpec server = serverAt(QStringLiteral("http://127.0.0.1:%1").arg(fixture.port()));
        server.http.bodySizeLimit = 2048;
        QNetworkAccessManager network;
        QUrlQuery form;
        form.addQueryItem("query", "up{");
        const ApiResponse answer = api::callAndWait(network, server, "/api/v1/query", form);
        QVERIFY(!answer.ok);
        QCOMPARE(answer.failure, failure);
        QVERIFY2(QString::fromStdString(answer.error).contains(words), answer.error.c_str());
    }

    void refusedConnection() {
        QNetworkAccessManager network;
        const ApiResponse answer = api::callAndWait(
            network, serverAt(QStringLiteral("http://127.0.0.1:%1").arg(PrometheusServer::freePort())),
            "/api/v1/query", {});
        QCOMPARE(answer.failure, ApiResponse::Failure::Unreachable);
        QVERIFY2(QString::fromStdString(answer.error).contains("connection refused"), answer.error.c_str());
    }

    // Partial data (Thanos, Mimir): the answer is used and its warnings are passed on; the request was a
    // POST of the form, with the extra headers, and the path prefix kept.
    void warningsHeadersAndPrefix() {
        HttpFixture fixture;
        HttpFixture::Response partial;
        partial.contentType = "application/json";
        partial.body =
            R"({"status":"success","warnings":["store 10.0.0.7:10901 unavailable"],"data":{"resultType":"matrix","result":[]}})";
        fixture.route("/mimir/prometheus/api/v1/query", partial);
        PrometheusServerSpec server =
            serverAt(QStringLiteral("http://127.0.0.1:%1/mimir/prometheus/").arg(fixture.port()));
        server.http.headers.emplace_back("X-Scope-OrgID", Secret("team-a"));
        SeriesStore store;
        QNetworkAccessManager network;
        PrometheusSource source(store, server, {"compozy_dispatcher_heartbeat_total"});
        const PrometheusSource::Refresh refresh = source.refreshAndWait(network, 1'800'000'000'000, false);
        QVERIFY2(refresh.ok, refresh.error.c_str());
        QCOMPARE(refresh.warnings, std::vector<std::string>{"store 10.0.0.7:10901 unavailable"});
        QVERIFY(fixture.requestCount("/mimir/prometheus/api/v1/query") >=
                7); // the window in 10-minute slices
        const QByteArray headers = fixture.lastRequestHeaders();
        QVERIFY2(headers.startsWith("POST /mimir/prometheus/api/v1/query"), headers.constData());
        QVERIFY2(headers.contains("X-Scope-OrgID: team-a"), headers.constData());
    }

    // A refresh that fails keeps what the store has, and the next one asks again from where the last good
    // one ended.
    void failedRefreshKeepsWhatWasLoaded() {
        HttpFixture fixture;
        HttpFixture::Response one;
        one.contentType = "application/json";
        one.body =
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"j","instance":"i"},"values":[[1799999990,"1"],[1800000000,"1"]]}]}})";
        fixture.route("/api/v1/query", one);
        SeriesStore store;
        QNetworkAccessManager network;
        PrometheusSource source(store, serverAt(QStringLiteral("http://127.0.0.1:%1").arg(fixture.port())),
                                {});
        QVERIFY(source.refreshAndWait(network, 1'800'000'000'000, false).ok);
        QCOMPARE(source.targets().size(), std::size_t(1));
        HttpFixture::Response broken;
        broken.status = 500;
        broken.body = "boom";
        fixture.route("/api/v1/query", broken);
        const PrometheusSource::Refresh failed = source.refreshAndWait(network, 1'800'000'015'000, false);
        QVERIFY(!failed.ok);
        QCOMPARE(source.loadedUntilMs(), std::int64_t(1'800'000'000'000));
        QCOMPARE(source.targets().front().health.state, TargetHealth::State::Down);
        QVERIFY2(QString::fromStdString(source.targets().front().health.lastError).contains("HTTP 500"),
                 source.targets().front().health.lastError.c_str());
        QCOMPARE(store.stats().samples, std::size_t(2));
    }

    // The real Prometheus behind TLS and basic auth, under a route prefix.
    void realServerWithTlsAuthAndPrefix() {
        QVERIFY(m_dir.isValid());
        const QString made = makeSelfSignedCertificate("127.0.0.1", true, m_dir.filePath("key.pem"),
                                                       m_dir.filePath("cert.pem"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        // bcrypt of "s3cret" (cost 4, made once with Python's crypt): Prometheus keeps only hashes.
        QFile web(m_dir.filePath("web.yml"));
        QVERIFY(web.open(QIODevice::WriteOnly));
        web.write(QStringLiteral("tls_server_config:\n  cert_file: %1\n  key_file: %2\nbasic_auth_users:\n"
                                 "  dw: $2b$04$tkn9MHEVhCjlyIN7nQP.Out3vQyVdVz4ecm7/T7Zi20c.gV87bMrm\n")
                      .arg(m_dir.filePath("cert.pem"), m_dir.filePath("key.pem"))
                      .toUtf8());
        web.close();
        PrometheusServer prometheus;
        const QString error =
            prometheus.start("global:\n  scrape_interval: 1s\n",
                             {"--web.config.file=" + web.fileName(), "--web.route-prefix=/prom",
                              "--web.external-url=https://127.0.0.1/prom"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        writeFile("good", "dw:s3cret");
        writeFile("bad", "dw:wrong");
        const QString url = QStringLiteral("https://127.0.0.1:%1/prom").arg(prometheus.port());
        const QStringList tls = {"--ca-file", m_dir.filePath("cert.pem")};
        QString output;
        int code = -1;
        for (int attempt = 0; attempt < 100 && code != 0; ++attempt) {
            code = runApp(QStringList{"query", "--prometheus", url, "--basic-auth-file",
                                      m_dir.filePath("good"), "vector(42)"} +
                              tls,
                          &output);
            if (code != 0) QTest::qWait(200);
        }
        QVERIFY2(code == 0, qPrintable(output + prometheus.output()));
        QVERIFY2(output.contains("42"), qPrintable(output));
        code = runApp(QStringList{"query", "--prometheus", url, "--basic-auth-file", m_dir.filePath("bad"),
                                  "vector(42)"} +
                          tls,
                      &output);
        QVERIFY2(code == 1, qPrintable(output));
        QVERIFY2(output.contains("authentication failed at " + url), qPrintable(output));
        QVERIFY2(!output.contains("wrong"), qPrintable(output)); // the password never shows
        // Without the CA the certificate is not trusted; --insecure-skip-verify accepts it.
        code =
            runApp({"query", "--prometheus", url, "--basic-auth-file", m_dir.filePath("good"), "vector(1)"},
                   &output);
        QVERIFY2(code == 1, qPrintable(output));
        QVERIFY2(output.contains("TLS: certificate not trusted"), qPrintable(output));
        code = runApp({"query", "--prometheus", url, "--basic-auth-file", m_dir.filePath("good"),
                       "--insecure-skip-verify", "vector(1)"},
                      &output);
        QVERIFY2(code == 0, qPrintable(output));
        // check through it: no targets, nothing wrong; exit 0.
        code = runApp(QStringList{"check", "--prometheus", url, "--basic-auth-file", m_dir.filePath("good")} +
                          tls,
                      &output);
        QVERIFY2(code == 0, qPrintable(output));
        prometheus.stop();
    }

private:
    void writeFile(const QString& name, const QByteArray& content) {
        QFile file(m_dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
};

QTEST_GUILESS_MAIN(PrometheusApiTest)
#include "test_prometheus_api.moc"
