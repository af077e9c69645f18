// AlertNotifier against a real HTTP endpoint on loopback: what it posts and when (Prometheus's notifier
// rules), and what its queue does while an Alertmanager fails (keeps the newest copy of each alert, drops
// the oldest past its capacity with a warning, retries until delivered).

#include "alertmanager/alert_notifier.h"
#include "http_fixture.h"
#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace dw;

namespace {

Alert firing(const std::string& name, std::int64_t firedAtMs, Labels extra = {}) {
    Alert a;
    a.rule = name;
    a.labels = {{"alertname", name}, {"severity", "critical"}};
    a.labels.insert(a.labels.end(), extra.begin(), extra.end());
    sortLabels(a.labels);
    a.annotations = {{"summary", name + " fires"}};
    a.state = Alert::State::Firing;
    a.activeAtMs = a.firedAtMs = firedAtMs;
    a.expr = "up == 0";
    return a;
}

TargetSpec alertmanager(const HttpFixture& server) {
    TargetSpec spec;
    spec.url = QUrl(server.url("/"));
    spec.timeoutMs = 5000;
    return spec;
}

QJsonArray posted(const HttpFixture& server, int i) {
    return QJsonDocument::fromJson(server.requestBodies("/api/v2/alerts").value(i)).array();
}

QString iso(std::int64_t ms) {
    return QString::fromStdString(formatRfc3339(ms));
}

} // namespace

class AlertNotifierTest : public QObject {
    Q_OBJECT

private slots:
    void sendsAsPrometheusDoes() {
        HttpFixture server;
        server.route("/api/v2/alerts", {200, "application/json", ""});
        AlertNotifier::Options options;
        options.alertmanagers = {alertmanager(server)};
        options.externalLabels = {{"cluster", "east"}, {"severity", "none"}};
        options.externalUrl = "http://dw:9090/";
        options.toWallMs = [](std::int64_t t) { return t - 1000; };
        AlertNotifier notifier(options);
        Alert pending = firing("Later", 0);
        pending.state = Alert::State::Pending;

        notifier.update(100'000, {firing("Down", 90'000), pending});
        QTRY_COMPARE(server.requestCount("/api/v2/alerts"), 1);
        const QJsonArray first = posted(server, 0);
        QCOMPARE(first.size(), 1); // pending alerts are not sent
        const QJsonObject alert = first[0].toObject();
        QCOMPARE(alert["labels"].toObject(), (QJsonObject{{"alertname", "Down"},
                                                          {"cluster", "east"},
                                                          {"severity", "critical"}})); // its own label wins
        QCOMPARE(alert["annotations"]["summary"].toString(), QString("Down fires"));
        QCOMPARE(alert["startsAt"].toString(), iso(89'000));
        QCOMPARE(alert["endsAt"].toString(), iso(100'000 + 4 * 60'000 - 1000)); // 4 resend delays ahead
        QCOMPARE(alert["generatorURL"].toString(),
                 QString("http://dw:9090/graph?g0.expr=up%20%3D%3D%200&g0.tab=1"));
        QTRY_VERIFY(notifier.idle());
        QCOMPARE(notifier.deliveredTo(firing("Down", 0).labels),
                 std::vector<std::string>{server.url("/").toStdString()});

        notifier.update(130'000, {firing("Down", 90'000)}); // within the resend delay: nothing
        QTest::qWait(200);
        QCOMPARE(server.requestCount("/api/v2/alerts"), 1);
        notifier.update(160'000, {firing("Down", 90'000)}); // a minute after the last send: again
        QTRY_COMPARE(server.requestCount("/api/v2/alerts"), 2);
        QCOMPARE(posted(server, 1)[0].toObject()["endsAt"].toString(), iso(160'000 + 4 * 60'000 - 1000));
        notifier.update(175'000, {}); // resolved: sent at once, ending now
        QTRY_COMPARE(server.requestCount("/api/v2/alerts"), 3);
        QCOMPARE(posted(server, 2)[0].toObject()["endsAt"].toString(), iso(174'000));
        notifier.update(176'000, {});
        QTest::qWait(200);
        QCOMPARE(server.requestCount("/api/v2/alerts"),
                 3); // resolved alerts are re-sent only after the delay
    }

    void failingAlertmanagerKeepsNewestDropsOldestAndRetries() {
        HttpFixture server;
        server.route("/api/v2/alerts", {503, "text/plain", "overloaded\n"});
        std::vector<std::string> warnings;
        AlertNotifier::Options options;
        options.alertmanagers = {alertmanager(server)};
        options.queueCapacity = 2;
        options.maxBatch = 64;
        options.warn = [&](const std::string& w) { warnings.push_back(w); };
        AlertNotifier notifier(options);

        notifier.update(0, {firing("A", 0)});
        QTRY_VERIFY(!notifier.statuses()[0].lastError.empty());
        QVERIFY2(QString::fromStdString(notifier.statuses()[0].lastError).contains("HTTP 503"),
                 notifier.statuses()[0].lastError.c_str());
        QCOMPARE(warnings.size(), std::size_t(1)); // said once, not at every retry
        QVERIFY(QString::fromStdString(warnings[0]).contains("retrying"));
        // Three more alerts while A waits for its retry: the queue holds two, the oldest goes.
        notifier.update(60'000, {firing("A", 0), firing("B", 60'000), firing("C", 60'000)});
        QCOMPARE(notifier.statuses()[0].queued, std::size_t(2));
        QCOMPARE(notifier.statuses()[0].dropped, std::uint64_t(1));
        QVERIFY(QString::fromStdString(warnings.back()).contains("dropped the 1 oldest"));

        server.route("/api/v2/alerts", {200, "application/json", ""});
        QTRY_VERIFY_WITH_TIMEOUT(notifier.idle(), 10'000);
        QVERIFY(notifier.statuses()[0].lastError.empty());
        // The last request carried the two newest alerts, each once.
        const QJsonArray last = posted(server, server.requestCount("/api/v2/alerts") - 1);
        QStringList names;
        for (const QJsonValue& a : last)
            names << a["labels"]["alertname"].toString();
        names.sort();
        QCOMPARE(names, QStringList({"B", "C"}));
        QCOMPARE(notifier.statuses()[0].sent, std::uint64_t(2));
    }
};

QTEST_GUILESS_MAIN(AlertNotifierTest)
#include "test_alert_notifier.moc"
