// The time-series plot: axis ticks, and what its pixels show — lines where data is, nothing across a
// gap, hidden lines gone, the emphasised line wide, the asynchronous image catching up with the data.

#include "chart_panel.h"

#include <QApplication>
#include <QDateTime>
#include <QtTest>

using namespace dw;

namespace {

constexpr std::int64_t kFrom = 1700000000000;
constexpr std::int64_t kTo = kFrom + 600000; // ten minutes

// One line at a constant value, present for [0, 3) and [6, 10) minutes: a gap from 3 to 6.
PanelData gappedLine(double value) {
    PanelData data;
    data.panel.title = "Gapped";
    ChartLine line{"worker-1", "", {{}, {}}};
    for (std::int64_t t = 0; t < 180000; t += 15000)
        line.segments[0].emplace_back(double(kFrom + t), value);
    for (std::int64_t t = 360000; t <= 600000; t += 15000)
        line.segments[1].emplace_back(double(kFrom + t), value);
    ChartLine other{"worker-2", "", {{}}};
    for (std::int64_t t = 0; t <= 600000; t += 15000)
        other.segments[0].emplace_back(double(kFrom + t), 0.0);
    data.lines = {line, other};
    return data;
}

// Whether a pixel is ink of a line: at least half way from the background to the line's colour
// (antialiased edges blend the two).
bool isInk(const QColor& pixel, const QColor& line, const QColor& background) {
    auto distance = [](const QColor& a, const QColor& b) {
        return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
    };
    return distance(pixel, line) <= distance(pixel, background);
}

// How many pixels of a column, within four of y, are ink of the line.
int inkRows(const QImage& image, int x, int y, const Theme& theme) {
    int rows = 0;
    for (int dy = -4; dy <= 4; ++dy)
        rows +=
            isInk(image.pixelColor(x, y + dy), theme.seriesColor(0), theme.palette().color(QPalette::Base));
    return rows;
}

} // namespace

class ChartPanelTest : public QObject {
    Q_OBJECT

private slots:
    void valueAxis_data() {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("axisLo");
        QTest::addColumn<double>("axisHi");
        QTest::addColumn<double>("step");
        QTest::newRow("zero floor") << 0.0 << 10.0 << 0.0 << 12.5 << 2.5;
        QTest::newRow("small rates") << 0.01 << 0.033 << 0.0 << 0.04 << 0.01;
        QTest::newRow("negative") << -4.0 << 4.0 << -6.0 << 6.0 << 2.0;
        QTest::newRow("flat") << 1.0 << 1.0 << 0.0 << 2.5 << 0.5;
        QTest::newRow("flat negative") << -3.0 << -3.0 << -4.5 << -1.5 << 0.5;
        QTest::newRow("no data") << qInf() << -qInf() << 0.0 << 1.25 << 0.25;
        QTest::newRow("large") << 1000.0 << 86400.0 << 0.0 << 100000.0 << 20000.0;
    }
    void valueAxis() {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(double, axisLo);
        QFETCH(double, axisHi);
        QFETCH(double, step);
        const ValueAxis axis = niceValueAxis(lo, hi, 5);
        QCOMPARE(axis.step, step);
        QVERIFY2(qFuzzyCompare(axis.lo + 1, axisLo + 1), qPrintable(QString::number(axis.lo)));
        QVERIFY2(qFuzzyCompare(axis.hi, axisHi), qPrintable(QString::number(axis.hi)));
        if (std::isfinite(lo)) QVERIFY(axis.lo <= lo && axis.hi >= hi);
    }

    void durationAxis_data() {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("axisLo");
        QTest::addColumn<double>("axisHi");
        QTest::addColumn<double>("step");
        QTest::newRow("seconds stay decimal") << 0.0 << 50.0 << 0.0 << 60.0 << 10.0;
        QTest::newRow("half an hour") << 0.0 << 1800.0 << 0.0 << 2100.0 << 300.0;
        QTest::newRow("a day") << 3600.0 << 86400.0 << 0.0 << 97200.0 << 10800.0;
    }
    void durationAxis() {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(double, axisLo);
        QFETCH(double, axisHi);
        QFETCH(double, step);
        const ValueAxis axis = niceDurationAxis(lo, hi, 10);
        QCOMPARE(axis.step, step);
        QCOMPARE(axis.lo, axisLo);
        QCOMPARE(axis.hi, axisHi);
    }

    void timeTicks_data() {
        QTest::addColumn<qint64>("span");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<QString>("format");
        QTest::newRow("1 minute") << qint64(60000) << 7 << qint64(10000) << "HH:mm:ss";
        QTest::newRow("5 minutes") << qint64(300000) << 8 << qint64(60000) << "HH:mm";
        QTest::newRow("1 hour") << qint64(3600000) << 8 << qint64(600000) << "HH:mm";
        QTest::newRow("6 hours") << qint64(21600000) << 8 << qint64(3600000) << "HH:mm";
        QTest::newRow("3 days") << qint64(3 * 86400000LL) << 8 << qint64(43200000) << "MM-dd HH:mm";
        QTest::newRow("10 days") << qint64(10 * 86400000LL) << 8 << qint64(2 * 86400000LL) << "MM-dd HH:mm";
    }
    void timeTicks() {
        QFETCH(qint64, span);
        QFETCH(int, maxTicks);
        QFETCH(qint64, step);
        QFETCH(QString, format);
        const std::int64_t from = kFrom + 1234; // not on a tick
        QString shown;
        const auto ticks = dw::timeTicks(from, from + span, maxTicks, &shown);
        QCOMPARE(shown, format);
        QVERIFY(!ticks.empty() && int(ticks.size()) <= maxTicks);
        QVERIFY(ticks.front() >= from && ticks.front() - from < step);
        for (std::size_t i = 1; i < ticks.size(); ++i)
            QCOMPARE(ticks[i] - ticks[i - 1], step);
        // On round local times: whole seconds, and whole minutes and hours for those steps.
        const QTime at = QDateTime::fromMSecsSinceEpoch(ticks.front()).time();
        QCOMPARE(at.msec(), 0);
        QCOMPARE(std::int64_t(at.msecsSinceStartOfDay()) % std::min<std::int64_t>(step, 86400000), 0);
    }

    void drawsLinesAndNeverAcrossGaps() {
        Theme theme(Theme::Kind::Light);
        ChartPanel chart(theme);
        chart.resize(800, 300);
        chart.show();
        chart.setData(gappedLine(0.9), kFrom, kTo); // 0.9: between grid lines
        chart.renderNow();
        const QImage image = chart.grab().toImage();
        const PlotLayout layout = chart.layout();
        const int y = int(layout.yFor(0.9));
        auto xAt = [&](std::int64_t t) { return int(layout.xFor(kFrom + t, kFrom, kTo)); };
        QVERIFY(inkRows(image, xAt(60000), y, theme) >= 1);
        QVERIFY(inkRows(image, xAt(480000), y, theme) >= 1);
        QCOMPARE(inkRows(image, xAt(270000), y, theme), 0); // inside the gap: nothing drawn across it
        const int thin = inkRows(image, xAt(60000), y, theme);

        chart.setLineHidden("worker-1", true);
        chart.renderNow();
        QCOMPARE(inkRows(chart.grab().toImage(), xAt(60000), int(chart.layout().yFor(0.9)), theme), 0);
        QCOMPARE(chart.penWidth("worker-1"), 0.0);
        chart.setLineHidden("worker-1", false);

        chart.setHighlight("worker-1");
        chart.renderNow();
        const int wide = inkRows(chart.grab().toImage(), xAt(60000), y, theme);
        QVERIFY2(wide > thin && wide >= 3, qPrintable(QStringLiteral("%1 vs %2").arg(wide).arg(thin)));
        QCOMPARE(chart.penWidth("worker-1"), kEmphasisedWidth);
    }

    void legendClickHidesALine() {
        Theme theme(Theme::Kind::Light);
        ChartPanel chart(theme);
        chart.resize(800, 300);
        chart.show();
        chart.setData(gappedLine(1.0), kFrom, kTo);
        const QRectF entry = chart.layout().legend[1];
        QVERIFY(!entry.isNull());
        QTest::mouseClick(&chart, Qt::LeftButton, {}, entry.center().toPoint());
        QVERIFY(chart.isHidden("worker-2"));
        QTest::mouseClick(&chart, Qt::LeftButton, {}, entry.center().toPoint());
        QVERIFY(!chart.isHidden("worker-2"));
    }

    void imageCatchesUpWithNewData() {
        Theme theme(Theme::Kind::Light);
        ChartPanel chart(theme);
        chart.resize(800, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setData(gappedLine(1.0), kFrom, kTo);
        // Drawn on the render thread; the widget repaints when the image arrives.
        QTRY_VERIFY(chart.renderCurrent());
        chart.setData(gappedLine(50.0), kFrom, kTo);
        QTRY_VERIFY(chart.renderCurrent());
        // The widget shows the new image (drawn elsewhere) without drawing on this thread.
        const QImage image = chart.grab().toImage();
        QVERIFY(chart.renderCurrent());
        const int x = int(chart.layout().xFor(kFrom + 60000, kFrom, kTo));
        int ink = 0;
        for (int y = int(chart.layout().plot.top()) + 4; y < int(chart.layout().plot.bottom()) - 4; y += 9)
            ink += inkRows(image, x, y, theme);
        QVERIFY(ink >= 1);
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen"); // GUI tests never need a display
    QApplication app(argc, argv);
    ChartPanelTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_chart_panel.moc"
