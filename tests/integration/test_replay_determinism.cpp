// Replay shows what live monitoring showed: the Compozy demo served over real HTTP is scraped live (every
// 15 s of scenario time) while every scrape is recorded; the health of every entity and target is
// judged live after each scrape. The recording is then replayed through the replay engine and judged at
// the same times: states, reasons, since-times and target states must be identical, through the
// scenario's stale, flapping, stopped and endpoint-down incidents.

#include "assessment/replay_assessment.h"
#include "exporter/demo_exporter.h"
#include "health/health_model.h"
#include "health/profile_set.h"
#include "recording/recording_writer.h"
#include "scrape/target_scraper.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace dw;

namespace {

constexpr std::int64_t kInterval = 15000;
constexpr std::int64_t kMinutes = 13;

// One moment's judgement, as text: every entity's state, reason and since, and the target's state.
QString judgement(const std::vector<EntityHealth>& entities, const TargetHealth& target) {
    QString out = QStringLiteral("target %1 %2\n")
                      .arg(targetStateName(target.state), QString::fromStdString(target.lastError));
    for (const EntityHealth& e : entities)
        out += QStringLiteral("%1 %2 since %3: %4\n")
                   .arg(QString::fromStdString(e.id),
                        QString::fromStdString(std::string(healthStateName(e.state))))
                   .arg(e.sinceMs)
                   .arg(QString::fromStdString(describe(e.reason)));
    return out;
}

} // namespace

class ReplayDeterminismTest : public QObject {
    Q_OBJECT

private slots:
    void replayJudgesAsLiveDid() {
        std::string error;
        auto scenario = Scenario::load("compozy", error);
        QVERIFY2(scenario, error.c_str());
        auto clock = std::make_shared<ManualClock>(0);
        DemoExporter exporter(*scenario, clock, {});
        QString listenError;
        QVERIFY2(exporter.listen(listenError), qPrintable(listenError));
        QTemporaryDir dir;
        const QString path = dir.filePath("live.dwrec");
        auto writer = RecordingWriter::create(path, error);
        QVERIFY2(writer, error.c_str());

        SeriesStore store;
        QNetworkAccessManager network;
        const TargetSpec spec = DemoExporter::target(exporter.metricsUrl(), kInterval);
        TargetScraper scraper(spec, store, network, *clock);
        const std::uint32_t id = writer->target(spec);
        scraper.setObserver([&](const TargetSpec&, const FetchResult& result, std::int64_t t) {
            QVERIFY(writer->write(id, result, t));
        });
        Assessment live(store, ProfileSet::load({}));
        std::map<std::int64_t, QString> seen;
        std::set<std::string> states;
        for (std::int64_t t = 0; t <= kMinutes * 60000; t += kInterval) {
            clock->setMs(t);
            QEventLoop loop;
            scraper.scrapeNow([&] { loop.quit(); });
            loop.exec();
            const auto entities = live.evaluate(t, {{scraper.spec(), scraper.health()}}).entities;
            for (const EntityHealth& e : entities)
                states.insert(std::string(healthStateName(e.state)));
            seen[t] = judgement(entities, scraper.health());
        }
        writer.reset();
        // The scenario went through every kind of incident.
        for (const char* state : {"healthy", "stale", "flapping", "stopped", "unknown"})
            QVERIFY2(states.count(state), state);

        ReplayAssessment replayed(ProfileSet::load({}), {}, kInterval);
        QVERIFY2(replayed.open(path, error), error.c_str());
        const Replay& replay = replayed.replay();
        QVERIFY(replay.reader().intact());
        QCOMPARE(replay.startMs(), 0);
        QCOMPARE(replay.endMs(), kMinutes * 60000);
        for (const auto& [t, expected] : seen) {
            const AssessmentResult& result = replayed.runTo(t);
            const auto targets = replay.targets();
            QCOMPARE(targets.size(), std::size_t(1));
            QCOMPARE(judgement(result.entities, targets[0].health), expected);
        }
        QCOMPARE(replay.scrapesReplayed(), std::uint64_t(seen.size()));
        // Every kind of incident was found, as typed incidents.
        std::set<Incident::Kind> kinds;
        std::set<HealthState> reached;
        for (const Incident& i : replayed.incidents()) {
            kinds.insert(i.kind);
            if (i.kind == Incident::Kind::EntityChanged) reached.insert(i.to);
        }
        for (const Incident::Kind kind : {Incident::Kind::EntityChanged, Incident::Kind::TargetDown,
                                          Incident::Kind::TargetUp, Incident::Kind::AlertFiring})
            QVERIFY(kinds.count(kind));
        for (const HealthState state : {HealthState::Stale, HealthState::Flapping, HealthState::Stopped})
            QVERIFY(reached.count(state));
    }
};

QTEST_GUILESS_MAIN(ReplayDeterminismTest)
#include "test_replay_determinism.moc"
