#include "model/number_parser.h"
#include "model/sample_value.h"

#include <QtTest>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <random>

using namespace dw;

class NumberParserTest : public QObject {
    Q_OBJECT

private slots:
    void sampleValue_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("strict");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("expected");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("integer") << "42" << true << true << 42.0;
        QTest::newRow("negative") << "-1.5" << true << true << -1.5;
        QTest::newRow("plus sign") << "+7" << true << true << 7.0;
        QTest::newRow("decimal") << "123456.78" << true << true << 123456.78;
        QTest::newRow("exponent") << "1.5e-3" << true << true << 1.5e-3;
        QTest::newRow("leading zeros")
            << "0000000000000000000000000000000000000000001.2e-1" << true << true << 0.12;
        QTest::newRow("leading dot") << ".5" << true << true << 0.5;
        QTest::newRow("+Inf") << "+Inf" << true << true << inf;
        QTest::newRow("-Inf") << "-Inf" << true << true << -inf;
        QTest::newRow("inf lower") << "inf" << false << true << inf;
        QTest::newRow("17 digits") << "0.30000000000000004" << true << true << 0.30000000000000004;
        QTest::newRow("huge") << "1e400" << false << true << inf;
        QTest::newRow("hex lenient") << "0x1p-3" << false << true << 0.125;
        QTest::newRow("hex strict") << "0x1p-3" << true << false << 0.0;
        QTest::newRow("hex without exponent") << "0x1" << false << false << 0.0;
        QTest::newRow("binary") << "0b1" << true << false << 0.0;
        QTest::newRow("octal") << "0O1" << true << false << 0.0;
        QTest::newRow("underscore") << "1_000" << false << false << 0.0;
        QTest::newRow("double sign") << "+-1" << false << false << 0.0;
        QTest::newRow("empty") << "" << false << false << 0.0;
        QTest::newRow("trailing junk") << "1z" << false << false << 0.0;
        QTest::newRow("word") << "meh" << false << false << 0.0;
    }
    void sampleValue() {
        QFETCH(QString, text);
        QFETCH(bool, strict);
        QFETCH(bool, ok);
        QFETCH(double, expected);
        const QByteArray bytes = text.toLatin1();
        double value = -12345;
        QCOMPARE(parseSampleValue({bytes.constData(), std::size_t(bytes.size())}, strict, value), ok);
        if (ok) QCOMPARE(value, expected);
    }

    void nanIsPrometheusNormalNaN() {
        for (const char* text : {"NaN", "nan", "-NaN"}) {
            double value = 0;
            QVERIFY(parseSampleValue(text, true, value));
            QCOMPARE(std::bit_cast<std::uint64_t>(value), kNormalNaNBits);
            QVERIFY(!isStaleMarker(value));
        }
    }

    // The fast paths must give exactly what a correctly rounded parser gives.
    void agreesWithStrtod() {
        std::mt19937_64 random(7);
        for (int i = 0; i < 20000; ++i) {
            const std::uint64_t mantissa = random() % 1'000'000'000'000'000ULL;
            const int fraction = int(random() % 12);
            std::string text = std::to_string(mantissa);
            if (fraction > 0 && std::size_t(fraction) < text.size()) {
                const std::size_t split = text.size() - std::size_t(fraction);
                text = text.substr(0, split) + '.' + text.substr(split);
            }
            double value = 0;
            QVERIFY(parseSampleValue(text, true, value));
            QCOMPARE(std::bit_cast<std::uint64_t>(value),
                     std::bit_cast<std::uint64_t>(std::strtod(text.c_str(), nullptr)));
        }
    }

    void timestamps_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("text ms") << "1700000000123" << false << true << qint64(1700000000123);
        QTest::newRow("text negative") << "-5" << false << true << qint64(-5);
        QTest::newRow("text fraction") << "1.5" << false << false << qint64(0);
        QTest::newRow("text word") << "z" << false << false << qint64(0);
        QTest::newRow("om seconds") << "1.5" << true << true << qint64(1500);
        QTest::newRow("om integer") << "1700000000" << true << true << qint64(1700000000000);
        QTest::newRow("om exponent") << "1e3" << true << true << qint64(1000000);
        QTest::newRow("om NaN") << "NaN" << true << false << qint64(0);
        QTest::newRow("om Inf") << "Inf" << true << false << qint64(0);
        QTest::newRow("om -Inf") << "-Inf" << true << false << qint64(0);
        // The OpenMetrics suite accepts timestamps beyond int64 milliseconds ("timestamps" case): they
        // saturate, and the scrape ingester drops such samples.
        QTest::newRow("om beyond int64 ms")
            << "12345678901234567890.1234567890" << true << true << qint64(INT64_MAX);
        QTest::newRow("om far before") << "-12345678901234567890" << true << true << qint64(INT64_MIN);
    }
    void timestamps() {
        QFETCH(QString, text);
        QFETCH(bool, openMetrics);
        QFETCH(bool, ok);
        QFETCH(qint64, expectedMs);
        const std::string bytes = text.toStdString();
        std::int64_t ms = 0;
        const bool parsed =
            openMetrics ? parseTimestampSeconds(bytes, true, ms) : parseTimestampMs(bytes, ms);
        QCOMPARE(parsed, ok);
        if (ok) QCOMPARE(qint64(ms), expectedMs);
    }
};

QTEST_GUILESS_MAIN(NumberParserTest)
#include "test_number_parser.moc"
