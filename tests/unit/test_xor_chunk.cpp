#include "model/sample_value.h"
#include "store/bit_stream.h"
#include "store/xor_chunk.h"

#include <QtTest>
#include <bit>
#include <random>

using namespace dw;

Q_DECLARE_METATYPE(std::vector<dw::Sample>)

namespace {
std::vector<Sample> roundTrip(const std::vector<Sample>& input, std::size_t& bytes) {
    XorChunk chunk;
    for (const Sample& s : input)
        chunk.append(s.t, s.v);
    bytes = chunk.byteSize();
    std::vector<Sample> out;
    XorChunk::Iterator it(chunk);
    Sample s;
    while (it.next(s))
        out.push_back(s);
    return out;
}
} // namespace

class XorChunkTest : public QObject {
    Q_OBJECT

private slots:
    // Reading past the end of a damaged chunk yields zero bits and says so, however many are asked for
    // (64 once shifted a 64-bit value by 64, undefined behaviour UBSan reports in the sanitizer run).
    void readingPastTheEnd_data() {
        QTest::addColumn<int>("available"); // bytes the reader has
        QTest::addColumn<int>("count");     // bits asked for
        QTest::addColumn<quint64>("value");
        QTest::newRow("64 bits of nothing") << 0 << 64 << quint64(0);
        QTest::newRow("1 bit of nothing") << 0 << 1 << quint64(0);
        QTest::newRow("8 bits, then 56 of nothing") << 1 << 64 << (quint64(0xa5) << 56);
        QTest::newRow("63 bits of nothing") << 0 << 63 << quint64(0);
    }
    void readingPastTheEnd() {
        QFETCH(int, available);
        QFETCH(int, count);
        QFETCH(quint64, value);
        const std::uint8_t bytes[] = {0xa5};
        BitReader reader(bytes, std::size_t(available));
        QCOMPARE(quint64(reader.readBits(count)), value);
        QVERIFY(reader.overrun());
    }

    void roundTrip_data() {
        QTest::addColumn<std::vector<Sample>>("samples");
        QTest::addColumn<int>("maxBytes"); // an upper bound that shows the encoding is compact
        std::mt19937_64 random(1);
        std::vector<Sample> regular, jitter, gaps, special, randomBits, negative, constant;
        for (int i = 0; i < 120; ++i) {
            regular.push_back({1'700'000'000'000 + i * 15'000, 100.0 + i});
            jitter.push_back(
                {1'700'000'000'000 + i * 15'000 + std::int64_t(random() % 11) - 5, double(i % 7)});
            gaps.push_back({1'700'000'000'000 + std::int64_t(i) * i * 1'000'003, -1.5 * i});
            randomBits.push_back({i * 1000, std::bit_cast<double>(random() & 0x7fefffffffffffffULL)});
            negative.push_back({-1'000'000 + i * 7, 1e-300 * i});
            constant.push_back({i * 30'000, 1.0});
        }
        const double inf = std::numeric_limits<double>::infinity();
        special = {{0, normalNaN()},
                   {1, staleMarker()},
                   {2, inf},
                   {3, -inf},
                   {4, 0.0},
                   {5, -0.0},
                   {6, 5e-324},
                   {std::int64_t(1) << 50, 1.0},
                   {(std::int64_t(1) << 50) + 1, staleMarker()}};
        QTest::newRow("regular counter") << regular << 120 * 2;
        QTest::newRow("jittered timestamps") << jitter << 120 * 4;
        QTest::newRow("growing gaps") << gaps << 120 * 20;
        QTest::newRow("special values") << special << 200;
        QTest::newRow("random bits") << randomBits << 120 * 20;
        QTest::newRow("negative time") << negative << 120 * 20;
        QTest::newRow("constant gauge") << constant << 48;
    }
    void roundTrip() {
        QFETCH(std::vector<Sample>, samples);
        QFETCH(int, maxBytes);
        std::size_t bytes = 0;
        const auto decoded = ::roundTrip(samples, bytes);
        QCOMPARE(decoded.size(), samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) {
            QCOMPARE(decoded[i].t, samples[i].t);
            QCOMPARE(std::bit_cast<std::uint64_t>(decoded[i].v), std::bit_cast<std::uint64_t>(samples[i].v));
        }
        QVERIFY2(bytes <= std::size_t(maxBytes), qPrintable(QString::number(bytes)));
    }

    // A chunk starts small and its buffer doubles as samples need it: at most three times before it is
    // full, whatever the samples, and never beyond the chunk's capacity.
    void appendsGrowAtMostThreeTimes() {
        std::mt19937_64 random(3);
        XorChunk chunk;
        QCOMPARE(chunk.allocatedBytes(), XorChunk::kInitialBytes);
        std::size_t capacity = chunk.allocatedBytes();
        int growths = 0;
        std::int64_t t = 0;
        while (!chunk.full()) {
            t += std::int64_t(random() % 100'000'000'000ULL); // worst-case timestamps and values
            chunk.append(t, std::bit_cast<double>(random() & 0x7fefffffffffffffULL));
            if (chunk.allocatedBytes() != capacity) ++growths;
            capacity = chunk.allocatedBytes();
        }
        QVERIFY2(growths <= 3, qPrintable(QString::number(growths)));
        QVERIFY(chunk.allocatedBytes() <= XorChunk::kCapacityBytes);
        QVERIFY(chunk.count() > 5);
    }

    // The next chunk of a series reserves what the last one used: a regular series does not grow again,
    // and a constant one holds a few dozen bytes, not the full capacity.
    void successorIsSizedToItsPredecessor() {
        XorChunk constant;
        for (int i = 0; !constant.full(); ++i)
            constant.append(1'700'000'000'000 + i * 15'000, 1.0);
        QVERIFY(constant.successorReserve() >= constant.byteSize());
        QVERIFY2(constant.successorReserve() <= 64, qPrintable(QString::number(constant.successorReserve())));
        XorChunk counter;
        for (int i = 0; !counter.full(); ++i)
            counter.append(1'700'000'000'000 + i * 15'000, double(i * 37 % 1000) + 0.25 * i);
        const std::size_t reserve = counter.successorReserve();
        QVERIFY(reserve >= counter.byteSize() && reserve <= XorChunk::kCapacityBytes);
        XorChunk next(reserve);
        for (int i = 0; !next.full(); ++i) {
            next.append(1'800'000'000'000 + i * 15'000, double(i * 37 % 1000) + 0.25 * i);
            QCOMPARE(next.allocatedBytes(), reserve);
        }
    }

    void fullAfterMaxSamples() {
        XorChunk chunk;
        for (int i = 0; i < XorChunk::kMaxSamples; ++i) {
            QVERIFY(!chunk.full());
            chunk.append(i * 1000, 1.0);
        }
        QVERIFY(chunk.full());
        QCOMPARE(chunk.minTime(), std::int64_t(0));
        QCOMPARE(chunk.maxTime(), std::int64_t((XorChunk::kMaxSamples - 1) * 1000));
    }
};

QTEST_GUILESS_MAIN(XorChunkTest)
#include "test_xor_chunk.moc"
