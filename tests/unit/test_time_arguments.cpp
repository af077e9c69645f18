#include "util/duration.h"
#include "util/timestamp.h"

#include <QtTest>

using namespace dw;

class TimeArgumentsTest : public QObject {
    Q_OBJECT

private slots:
    void durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: invalid
        QTest::newRow("seconds") << "30s" << qint64(30'000);
        QTest::newRow("minutes") << "5m" << qint64(300'000);
        QTest::newRow("compound") << "1h30m" << qint64(5'400'000);
        QTest::newRow("days") << "1d12h" << qint64(129'600'000);
        QTest::newRow("weeks and years") << "1y2w" << qint64((365 + 14) * 86'400'000LL);
        QTest::newRow("milliseconds") << "250ms" << qint64(250);
        QTest::newRow("minute then ms") << "1m500ms" << qint64(60'500);
        QTest::newRow("zero") << "0" << qint64(0);
        QTest::newRow("zero seconds") << "0s" << qint64(0);
        QTest::newRow("wrong order") << "30s1m" << qint64(-1);
        QTest::newRow("repeated unit") << "1m1m" << qint64(-1);
        QTest::newRow("no unit") << "30" << qint64(-1);
        QTest::newRow("fraction") << "1.5s" << qint64(-1);
        QTest::newRow("unknown unit") << "3x" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("negative") << "-1s" << qint64(-1);
        QTest::newRow("overflow") << "99999999999999999999y" << qint64(-1);
    }
    void durations() {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = parseDurationMs(text.toStdString());
        if (ms < 0) {
            QVERIFY(!parsed.has_value());
        } else {
            QVERIFY(parsed.has_value());
            QCOMPARE(qint64(*parsed), ms);
        }
    }

    void formatDurations_data() {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << "0s";
        QTest::newRow("compound") << qint64(5'400'000) << "1h30m";
        QTest::newRow("odd") << qint64(151'000) << "2m31s";
        QTest::newRow("ms") << qint64(1'250) << "1s250ms";
    }
    void formatDurations() {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatDurationMs(ms)), text);
        QCOMPARE(qint64(*parseDurationMs(text.toStdString())), ms);
    }

    void timestamps_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: invalid
        QTest::newRow("unix") << "1700000000" << qint64(1'700'000'000'000);
        QTest::newRow("unix fraction") << "1700000000.25" << qint64(1'700'000'000'250);
        QTest::newRow("rfc3339 utc") << "2023-11-14T22:13:20Z" << qint64(1'700'000'000'000);
        QTest::newRow("rfc3339 ms") << "2023-11-14T22:13:20.500Z" << qint64(1'700'000'000'500);
        QTest::newRow("rfc3339 offset") << "2023-11-15T00:13:20+02:00" << qint64(1'700'000'000'000);
        QTest::newRow("rfc3339 space") << "2023-11-14 22:13:20Z" << qint64(1'700'000'000'000);
        QTest::newRow("no zone") << "2023-11-14T22:13:20" << qint64(-1);
        QTest::newRow("date only") << "2023-11-14" << qint64(-1);
        QTest::newRow("garbage") << "yesterday" << qint64(-1);
    }
    void timestamps() {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = parseTimestampArgument(text.toStdString());
        if (ms < 0) {
            QVERIFY(!parsed.has_value());
        } else {
            QVERIFY(parsed.has_value());
            QCOMPARE(qint64(*parsed), ms);
        }
    }

    void formatsRfc3339() {
        QCOMPARE(QString::fromStdString(formatRfc3339(1'700'000'000'000)), QString("2023-11-14T22:13:20Z"));
        QCOMPARE(QString::fromStdString(formatRfc3339(1'700'000'000'500)),
                 QString("2023-11-14T22:13:20.500Z"));
    }
};

QTEST_GUILESS_MAIN(TimeArgumentsTest)
#include "test_time_arguments.moc"
