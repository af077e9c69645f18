// The window sends its alerts to Alertmanager: a real session scraping a target that answers 503 fires
// TargetDown, which reaches a real Alertmanager; the Alerts page says where each alert went and, for an
// Alertmanager that cannot be reached, its last delivery error. Offscreen.
#include "alertmanager_server.h"
#include "http_fixture.h"
#include "main_window.h"
#include "prometheus_server.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace dw;

namespace {

TargetSpec target(const HttpFixture& server) {
    TargetSpec spec;
    spec.url = QUrl(server.url("/metrics"));
    spec.job = "payments";
    spec.labels = {{"instance", spec.url.authority().toStdString()}, {"job", "payments"}};
    spec.intervalMs = 1000;
    spec.timeoutMs = 500;
    return spec;
}

TargetSpec alertmanager(const QString& url) {
    TargetSpec spec;
    spec.url = QUrl(url);
    spec.timeoutMs = 2000;
    return spec;
}

} // namespace

class AlertDeliveryTest : public QObject {
    Q_OBJECT

    Theme m_theme{Theme::Kind::Light};

private slots:
    void alertsPageShowsWhereAlertsWent() {
        AlertmanagerServer am;
        const QString error = am.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(PrometheusServer::freePort());
        HttpFixture server;
        server.route("/metrics", {503, "text/plain", "starting\n"});

        MonitorSession session(std::make_shared<SystemClock>(), ProfileSet::load({}));
        AlertNotifier::Options alerting;
        alerting.alertmanagers = {alertmanager(am.url()), alertmanager(nowhere)};
        alerting.externalUrl = "http://dw.test/";
        session.setAlerting(alerting);
        session.setTargets({target(server)});
        session.setRefreshInterval(250);
        session.start();
        MainWindow window(session, m_theme, "test");
        window.resize(1280, 800);
        window.show();
        window.findChild<QTabWidget*>()->setCurrentWidget(window.alertsPage());

        // TargetDown reaches the Alertmanager that answers.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonValue& a : am.alerts())
                    if (a["labels"]["alertname"] == "TargetDown" && a["labels"]["job"] == "payments")
                        return true;
                return false;
            }(),
            20000);
        // The page names it as the alert's destination, and the other one's failure.
        const QAbstractItemModel* model = window.alertsTable()->model();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < model->rowCount(); ++row)
                    if (model->index(row, AlertsModel::Name).data() == "TargetDown" &&
                        model->index(row, AlertsModel::SentTo).data() == am.url())
                        return true;
                return false;
            }(),
            10000);
        QVERIFY(!window.alertsTable()->isColumnHidden(AlertsModel::SentTo));
        const QLabel* delivery = window.alertsPage()->delivery();
        QTRY_VERIFY_WITH_TIMEOUT(delivery->text().contains("last delivery failed"), 10000);
        QVERIFY2(delivery->text().contains("Alertmanager " + am.url() + ": 1 sent"),
                 qPrintable(delivery->text()));
        QVERIFY2(delivery->text().contains("Alertmanager " + nowhere + ": 0 sent"),
                 qPrintable(delivery->text()));
        QVERIFY2(delivery->text().contains("refused"), qPrintable(delivery->text()));
    }

    // Without Alertmanagers, nothing about delivery is shown.
    void noAlertmanagerNoDeliveryColumn() {
        HttpFixture server;
        server.route("/metrics", {503, "text/plain", "starting\n"});
        MonitorSession session(std::make_shared<SystemClock>(), ProfileSet::load({}));
        session.setTargets({target(server)});
        session.setRefreshInterval(250);
        session.start();
        MainWindow window(session, m_theme, "test");
        window.show();
        window.findChild<QTabWidget*>()->setCurrentWidget(window.alertsPage());
        QTRY_VERIFY_WITH_TIMEOUT(window.alertsTable()->model()->rowCount() > 0, 20000);
        QVERIFY(window.alertsTable()->isColumnHidden(AlertsModel::SentTo));
        QVERIFY(!window.alertsPage()->delivery()->isVisible());
    }
};

QTEST_MAIN(AlertDeliveryTest)
#include "test_alert_delivery.moc"
