// The window (offscreen) watching targets that a monitoring tool must survive, beside a healthy one: ten
// million series, a label value of 1 MB, a scrape that never ends. Limits hold, with DispatchWatch's and
// Prometheus's defaults and with the user's own sample_limit, body_size_limit and
// label_value_length_limit; each such target is down with the reason on the Targets page; the healthy
// target goes on being scraped; and the UI thread never stalls (a 10 ms timer's lateness, measured).
// The faulty server runs on a thread of its own, as a remote exporter would.

#include "main_window.h"
#include "threaded_http_fixture.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QtTest>

using namespace dw;

namespace {

const QByteArray kGoodBody = "# TYPE dispatch_jobs_total counter\ndispatch_jobs_total{queue=\"a\"} 1\n"
                             "dispatch_jobs_total{queue=\"b\"} 2\nworkers 3\n";

// About 190 MB: "s{i="N"} 1" for N below ten million.
QByteArray tenMillionSeries() {
    QByteArray body;
    body.reserve(200 << 20);
    for (int i = 0; i < 10'000'000; ++i) {
        body += "s{i=\"";
        body += QByteArray::number(i);
        body += "\"} 1\n";
    }
    return body;
}

struct FaultyTarget {
    const char* job;
    QByteArray path;
    std::size_t bodySizeLimit; // DispatchWatch's default is 16 MiB; 0: none, as the user may set
    std::size_t sampleLimit;
    std::size_t labelValueLengthLimit;
    std::int64_t timeoutMs;
    QString reason; // on the Targets page, and in the target's health
};

TargetSpec specFor(const QString& url, const std::string& job, std::int64_t intervalMs) {
    TargetSpec spec;
    spec.url = QUrl(url);
    spec.job = job;
    spec.labels = {{"instance", spec.url.authority().toStdString()}, {"job", job}};
    spec.intervalMs = intervalMs;
    spec.timeoutMs = 4000;
    return spec;
}

} // namespace

class WindowFaultsTest : public QObject {
    Q_OBJECT

private slots:
    void limitsHoldAndTheWindowStaysResponsive() {
        ThreadedHttpFixture server;
        server.run([&] {
            HttpFixture& fixture = server.fixture();
            fixture.route("/ok", {200, "text/plain; version=0.0.4", kGoodBody});
            fixture.route("/ten-million", {200, "text/plain; version=0.0.4", tenMillionSeries()});
            const QByteArray longValue(1'000'000, 'x');
            fixture.route("/long-label",
                          {200, "text/plain; version=0.0.4", "m{v=\"" + longValue + "\"} 1\n"});
            // A body of a megabyte sent a byte every 50 ms: it never ends in any timeout.
            fixture.route("/endless",
                          {200, "text/plain; version=0.0.4", QByteArray(1 << 20, '\n'), 0, {}, 50});
        });
        const std::vector<FaultyTarget> faulty = {
            {"ten-million", "/ten-million", 16u << 20, 0, 0, 4000, "body over the 16 MiB limit"},
            {"ten-million-sample-limit", "/ten-million", 0, 1000, 0, 4000, "sample limit of 1000 exceeded"},
            {"long-label", "/long-label", 16u << 20, 0, 0, 4000,
             "label value is longer than the limit of 65536"},
            {"long-label-user-limit", "/long-label", 16u << 20, 0, 2048, 4000,
             "label value is longer than the limit of 2048"},
            {"endless", "/endless", 16u << 20, 0, 0, 2000, "timed out after 2s"},
        };
        std::vector<TargetSpec> targets{specFor(server.url("/ok"), "healthy", 1000)};
        for (const FaultyTarget& f : faulty) {
            TargetSpec spec = specFor(server.url(f.path), f.job, 3000);
            spec.bodySizeLimit = f.bodySizeLimit;
            spec.sampleLimit = f.sampleLimit;
            spec.labelValueLengthLimit = f.labelValueLengthLimit;
            spec.timeoutMs = f.timeoutMs;
            targets.push_back(spec);
        }

        auto clock = std::make_shared<SystemClock>();
        MonitorSession session(clock, ProfileSet::load({}));
        session.setRefreshInterval(1000);
        session.setTargets(targets);
        Theme theme(Theme::Kind::Light);
        MainWindow window(session, theme, "faults");
        window.resize(1280, 800);
        window.show();

        double worstStallMs = 0;
        QElapsedTimer sinceTick;
        sinceTick.start();
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(10);
        connect(&tick, &QTimer::timeout, [&] {
            worstStallMs = std::max(worstStallMs, double(sinceTick.nsecsElapsed()) / 1e6 - 10);
            sinceTick.restart();
        });
        tick.start();
        session.start();

        // Every faulty target has failed at least twice, and the healthy one kept its schedule meanwhile.
        auto settled = [&] {
            const auto shown = window.shownSnapshot();
            if (!shown || shown->targets.size() != targets.size()) return false;
            for (const TargetRow& row : shown->targets)
                if (row.spec.job != "healthy" && row.health.failures < 2) return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(settled(), 60000);
        tick.stop();
        qInfo("longest UI stall: %.1f ms", worstStallMs);
        QVERIFY2(worstStallMs < 250, qPrintable(QString::number(worstStallMs)));

        const auto shown = window.shownSnapshot();
        for (const TargetRow& row : shown->targets)
            qInfo("%s: %lld ms, %llu scrapes, %llu missed, %llu late", row.spec.job.c_str(),
                  (long long)row.health.lastDurationMs, (unsigned long long)row.health.scrapes,
                  (unsigned long long)row.health.missed, (unsigned long long)row.health.late);
        for (const TargetRow& row : shown->targets) {
            if (row.spec.job == "healthy") {
                QCOMPARE(row.health.state, TargetHealth::State::Up);
                QVERIFY2(row.health.scrapes >= 4, qPrintable(QString::number(row.health.scrapes)));
                QCOMPARE(row.health.failures, std::uint64_t(0));
                QCOMPARE(row.health.missed, std::uint64_t(0));
                continue;
            }
            const auto f = std::find_if(faulty.begin(), faulty.end(),
                                        [&](const FaultyTarget& t) { return row.spec.job == t.job; });
            QVERIFY(f != faulty.end());
            QCOMPARE(row.health.state, TargetHealth::State::Down);
            QVERIFY2(QString::fromStdString(row.health.lastError).contains(f->reason),
                     qPrintable(QString::fromStdString(row.spec.job + ": " + row.health.lastError)));
        }
        // Nothing of the faulty bodies was stored: only the report series of those jobs exist.
        for (const SeriesRef ref : session.store().allSeries()) {
            const Labels labels = session.store().labels(ref);
            const auto job = labelValue(labels, "job");
            const auto name = labelValue(labels, "__name__");
            if (job == "healthy") continue;
            QVERIFY2(name == "up" || name.starts_with("scrape_"), formatLabels(labels).c_str());
        }
        // The Targets page says why each is down.
        window.tabs()->setCurrentWidget(window.targetsPage());
        QApplication::processEvents();
        const QAbstractItemModel* model = window.targetsTable()->model();
        QString page;
        for (int row = 0; row < model->rowCount(); ++row)
            for (int column = 0; column < model->columnCount(); ++column)
                page += model->index(row, column).data().toString() + " ";
        for (const FaultyTarget& f : faulty)
            QVERIFY2(page.contains(f.reason), qPrintable(f.reason + " not in: " + page.left(2000)));
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen"); // GUI tests never need a display
    QApplication app(argc, argv);
    WindowFaultsTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_window_faults.moc"
