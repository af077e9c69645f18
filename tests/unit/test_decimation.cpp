// Chart decimation: at most a minimum and a maximum per pixel column, in time order, and a new segment
// wherever the data has a gap, so no line is drawn across missing data.
#include "monitor/decimation.h"

#include <QTest>

using namespace dw;

class DecimationTest : public QObject {
    Q_OBJECT

private slots:
    void keepsEachColumnsMinimumAndMaximum() {
        std::vector<promql::Point> points;
        for (int i = 0; i < 10000; ++i)
            points.push_back({i * 1000, i == 4321 ? 1000.0 : double(i % 7)});
        const auto segments = decimateMinMax(points, 0, 9999000, 100, 2000);
        QCOMPARE(segments.size(), std::size_t(1));
        QVERIFY(segments[0].size() <= 200);
        bool spike = false;
        for (std::size_t i = 1; i < segments[0].size(); ++i)
            QVERIFY(segments[0][i].x() >= segments[0][i - 1].x());
        for (const QPointF& p : segments[0])
            spike |= p.y() == 1000.0 && p.x() == 4321000.0;
        QVERIFY2(spike, "a one-sample spike must survive");
    }

    void splitsAtGaps() {
        const std::vector<promql::Point> points = {{0, 1}, {15000, 2}, {30000, 3}, {400000, 4}, {415000, 5}};
        const auto segments = decimateMinMax(points, 0, 415000, 1000, 30001);
        QCOMPARE(segments.size(), std::size_t(2));
        QCOMPARE(segments[0].size(), std::size_t(3));
        QCOMPARE(segments[1].front(), QPointF(400000, 4));
    }

    void dropsPointsOutsideTheRange() {
        const std::vector<promql::Point> points = {{0, 1}, {1000, 2}, {2000, 3}};
        const auto segments = decimateMinMax(points, 500, 1500, 10, 5000);
        QCOMPARE(segments.size(), std::size_t(1));
        QCOMPARE(segments[0].size(), std::size_t(1));
        QVERIFY(decimateMinMax({}, 0, 10, 10, 5).empty());
    }
};

QTEST_GUILESS_MAIN(DecimationTest)
#include "test_decimation.moc"
