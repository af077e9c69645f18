// The demo exporter's own serializer against prometheus-cpp's TextSerializer: byte for byte, for every
// built-in scenario at every scrape of its timeline, and for the numbers and label values where formatting
// is delicate.

#include "exporter/demo_exporter.h"
#include "exporter/exposition_format.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <prometheus/gauge.h>
#include <prometheus/text_serializer.h>

using namespace dw;

namespace {

std::string collectedText(prometheus::Registry& registry) {
    return prometheus::TextSerializer().Serialize(registry.Collect());
}

// Where two texts first differ, for a failure message a person can act on.
QByteArray firstDifference(const std::string& ours, const std::string& theirs) {
    std::size_t at = 0;
    while (at < ours.size() && at < theirs.size() && ours[at] == theirs[at])
        ++at;
    const std::size_t from = at < 80 ? 0 : at - 80;
    return QByteArray("at byte ") + QByteArray::number(qulonglong(at)) +
           "\nours:   " + QByteArray::fromStdString(ours.substr(from, 160)) +
           "\ntheirs: " + QByteArray::fromStdString(theirs.substr(from, 160));
}

} // namespace

class ExpositionTextTest : public QObject {
    Q_OBJECT

private slots:
    void everyScrapeOfEveryScenarioMatchesTextSerializer_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("stepSeconds");
        for (const std::string& name : Scenario::builtinNames()) {
            QTest::newRow((name + " every 15s").c_str()) << QString::fromStdString(name) << 15;
            // Irregular scrapes see series appear and go at other moments.
            QTest::newRow((name + " every 7s").c_str()) << QString::fromStdString(name) << 7;
        }
    }

    // Two hours of each scenario: dispatchers join, stop, restart, go stale (their health series change
    // labels), traffic adds label sets; every body must be what TextSerializer writes of Collect(). The
    // reference is a second exporter of the same scenario and seed scraped at the same times: collecting a
    // prometheus-cpp summary changes its estimator, so both sides must collect each scrape exactly once.
    void everyScrapeOfEveryScenarioMatchesTextSerializer() {
        QFETCH(QString, scenario);
        QFETCH(int, stepSeconds);
        std::string error;
        const auto loaded = Scenario::load(scenario.toStdString(), error);
        QVERIFY2(loaded, error.c_str());
        auto clock = std::make_shared<ManualClock>(0);
        DemoExporter exporter(*loaded, clock, {});
        DemoExporter reference(*loaded, clock, {});
        int scrapes = 0;
        for (std::int64_t t = 0; t <= 2 * 3600 * 1000; t += stepSeconds * 1000) {
            clock->setMs(t);
            const std::string& ours = exporter.render();
            reference.simulator().advanceTo(t);
            reference.simulator().onCollect(t);
            const std::string theirs = collectedText(reference.simulator().registry());
            if (ours != theirs)
                QFAIL(("scrape at " + std::to_string(t / 1000) +
                       " s: " + firstDifference(ours, theirs).toStdString())
                          .c_str());
            ++scrapes;
        }
        QVERIFY(scrapes > 400);
        // The prepared text was used, not the fallback that calls Collect() itself.
        QVERIFY(!exporter.simulator().exposition().fellBack());
    }

    void values_data() {
        QTest::addColumn<double>("value");
        const double values[] = {0.0,
                                 -0.0,
                                 1.0,
                                 -2.5,
                                 0.1,
                                 1.0 / 3,
                                 0.30000000000000004,
                                 123.456,
                                 9.95,
                                 1234567.0,
                                 999999999999999.0,
                                 1e15,
                                 1e16,
                                 12345678901234567.0,
                                 1e20,
                                 -1e20,
                                 1e-7,
                                 0.0001,
                                 0.00012345,
                                 5e-324,
                                 std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::lowest(),
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN(),
                                 1.7e9 + 0.125,
                                 4.2e-5};
        for (const double value : values)
            QTest::newRow(QByteArray::number(value, 'g', 17).constData()) << value;
    }

    // Each value as a gauge: the line after the name is what TextSerializer writes.
    void values() {
        QFETCH(double, value);
        prometheus::Registry registry;
        prometheus::BuildGauge().Name("g").Register(registry).Add({}).Set(value);
        const std::string theirs = collectedText(registry); // "# TYPE g gauge\ng VALUE\n"
        const std::string expected = theirs.substr(theirs.find("\ng ") + 3);
        std::string ours;
        exposition::appendValue(ours, value);
        QCOMPARE(QByteArray::fromStdString(ours + "\n"), QByteArray::fromStdString(expected));
    }

    void labelValuesAreEscapedAsTextSerializerDoes() {
        const std::string value = "a\\b\n\"c\" d\te";
        prometheus::Registry registry;
        prometheus::BuildGauge().Name("g").Register(registry).Add({{"l", value}}).Set(1);
        const std::string theirs = collectedText(registry);
        std::string ours = "g{l=\"";
        exposition::appendLabelValue(ours, value);
        ours += "\"} 1\n";
        QVERIFY(theirs.size() > ours.size());
        QCOMPARE(QByteArray::fromStdString(theirs.substr(theirs.size() - ours.size())),
                 QByteArray::fromStdString(ours));
    }

    // A series added behind the tracking's back (not through add()) must not be missed: the registry then
    // writes Collect()'s text.
    void anUntrackedFamilyFallsBackToCollect() {
        ExpositionRegistry metrics;
        auto& tracked =
            metrics.track(prometheus::BuildGauge().Name("tracked").Help("h").Register(metrics.registry()));
        metrics.add(tracked, {{"a", "1"}}).Set(2);
        prometheus::BuildGauge().Name("untracked").Help("h").Register(metrics.registry()).Add({}).Set(3);
        std::string ours;
        metrics.serialize(ours);
        QCOMPARE(ours, collectedText(metrics.registry()));
        QVERIFY(metrics.fellBack());
    }

    // Series added and removed after the first scrape change the text of their family only.
    void addedAndRemovedSeriesAppear() {
        ExpositionRegistry metrics;
        auto& counters =
            metrics.track(prometheus::BuildCounter().Name("c_total").Help("c").Register(metrics.registry()));
        auto& gauges =
            metrics.track(prometheus::BuildGauge().Name("g").Help("g").Register(metrics.registry()));
        metrics.add(gauges, {}).Set(1);
        std::string ours;
        metrics.serialize(ours);
        QCOMPARE(ours, collectedText(metrics.registry()));
        auto& counter = metrics.add(counters, {{"x", "1"}});
        counter.Increment(5);
        auto& second = metrics.add(gauges, {{"y", "2"}});
        second.Set(0.5);
        metrics.serialize(ours);
        QCOMPARE(ours, collectedText(metrics.registry()));
        metrics.remove(counters, &counter);
        metrics.serialize(ours);
        QCOMPARE(ours, collectedText(metrics.registry()));
        QVERIFY(ours.find("c_total") == std::string::npos); // an empty family is not written at all
        QVERIFY(!metrics.fellBack());
    }
};

QTEST_GUILESS_MAIN(ExpositionTextTest)
#include "test_exposition_text.moc"
