// Recordings: CRC32C, byte-exact round trips with key and delta records, what a reader recovers from
// corrupted and truncated files (every intact record, the damage reported with its offset), and a writer
// whose disk fills or whose file is deleted or truncated underneath it.

#include "recording/byte_codec.h"
#include "recording/crc32c.h"
#include "recording/recording_queue.h"
#include "recording/recording_reader.h"
#include "recording/recording_writer.h"
#include "recording/snapshot_import.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <set>
#include <sys/resource.h>
#include <thread>

using namespace dw;

namespace {

// A body like an exporter's: the same lines every scrape, numbers moving.
std::string body(int scrape, int series) {
    std::string out = "# HELP work_total Work done.\n# TYPE work_total counter\n";
    for (int i = 0; i < series; ++i)
        out += "work_total{worker=\"w" + std::to_string(i) + "\"} " + std::to_string(scrape * (i + 1)) + "\n";
    return out;
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(bytes);
}

// Writes scrapes of two targets; the second target fails every 7th scrape. Returns what was written.
std::vector<RecordedScrape> writeRecording(const QString& path, int scrapes) {
    std::string error;
    RecordingWriter::Options options;
    options.keyEvery = 8;
    auto writer = RecordingWriter::create(path, options, error);
    if (!writer) qFatal("%s", error.c_str());
    std::vector<RecordedScrape> written;
    for (int target = 1; target <= 2; ++target) {
        RecordedTarget t;
        t.url = "http://127.0.0.1:900" + std::to_string(target) + "/metrics";
        t.job = "job" + std::to_string(target);
        t.labels = {{"instance", "127.0.0.1:900" + std::to_string(target)}, {"job", t.job}};
        t.intervalMs = 1000;
        writer->target(t);
    }
    for (int i = 0; i < scrapes; ++i)
        for (std::uint32_t target = 1; target <= 2; ++target) {
            RecordedScrape s;
            s.target = target;
            s.timestampMs = 1700000000000 + i * 1000;
            s.durationMs = 3;
            s.ok = !(target == 2 && i % 7 == 3);
            s.status = s.ok ? 200 : 503;
            s.error = s.ok ? "" : "HTTP 503: Service Unavailable";
            s.contentType = "text/plain; version=0.0.4";
            if (s.ok) s.body = body(i, 20 * int(target));
            s.bodySize = qint64(s.body.size());
            writer->write(s);
            written.push_back(s);
        }
    return written;
}

std::vector<RecordedScrape> readRecording(const QString& path, RecordingReader& reader) {
    std::string error;
    if (!reader.open(path, error)) qFatal("%s", error.c_str());
    std::vector<RecordedScrape> out;
    RecordedScrape s;
    while (reader.next(s))
        out.push_back(s);
    return out;
}

} // namespace

class RecordingTest : public QObject {
    Q_OBJECT

private slots:
    void crc32cKnownValues() {
        QCOMPARE(crc32c("123456789", 9), 0xE3069283u);
        QCOMPARE(crc32c("", 0), 0u);
        // Incremental equals whole.
        const std::string text = "The quick brown fox jumps over the lazy dog";
        QCOMPARE(crc32c(text.data() + 10, text.size() - 10, crc32c(text.data(), 10)),
                 crc32c(text.data(), text.size()));
    }

    void roundTripIsByteExact() {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.dwrec");
        const auto written = writeRecording(path, 40);
        RecordingReader reader;
        const auto read = readRecording(path, reader);
        QVERIFY(reader.intact());
        QCOMPARE(read.size(), written.size());
        int keys = 0;
        for (std::size_t i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].target, written[i].target);
            QCOMPARE(read[i].timestampMs, written[i].timestampMs);
            QCOMPARE(read[i].ok, written[i].ok);
            QCOMPARE(read[i].status, written[i].status);
            QCOMPARE(read[i].error, written[i].error);
            QCOMPARE(read[i].contentType, written[i].contentType);
            QVERIFY(read[i].body == written[i].body);
            keys += read[i].key;
        }
        QVERIFY(keys >= 80 / 9); // a key record at least every 8 scrapes of a target
        QCOMPARE(reader.targets().size(), std::size_t(2));
        QCOMPARE(reader.targets().at(2).job, std::string("job2"));
        // Deltas against the previous body make the file much smaller than the bodies, even for these
        // small ones with a key record every 8 scrapes (dw_bench recording measures a real demo).
        std::size_t bodies = 0;
        for (const auto& s : written)
            bodies += s.body.size();
        QVERIFY2(std::size_t(QFileInfo(path).size()) * 4 < bodies,
                 qPrintable(QString::number(QFileInfo(path).size())));
    }

    // Two scraping threads push into a queue far smaller than what they push: every scrape is in the file,
    // in each target's order, and nothing pushed after close() is.
    void queueWritesEverythingInOrder() {
        QTemporaryDir dir;
        const QString path = dir.filePath("queued.dwrec");
        std::string error;
        auto writer = RecordingWriter::create(path, error);
        QVERIFY2(writer, error.c_str());
        RecordingQueue queue(std::move(writer), 2);
        constexpr int kScrapes = 300;
        auto produce = [&queue](int target) {
            TargetSpec spec;
            spec.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(9000 + target));
            spec.job = "job" + std::to_string(target);
            spec.labels = {{"instance", spec.url.authority().toStdString()}, {"job", spec.job}};
            for (int i = 0; i < kScrapes; ++i) {
                FetchResult result;
                result.ok = true;
                result.status = 200;
                result.body = QByteArray::fromStdString(body(i, 5 * target));
                result.bodySize = result.body.size();
                queue.push(spec, result, 1700000000000 + i * 1000);
            }
        };
        std::thread first(produce, 1), second(produce, 2);
        first.join();
        second.join();
        queue.close();
        FetchResult late;
        late.ok = true;
        late.body = "late 1\n";
        queue.push(TargetSpec{}, late, 1800000000000); // ignored
        QVERIFY(queue.error().empty());
        QCOMPARE(queue.stats().scrapes, std::uint64_t(2 * kScrapes));
        RecordingReader reader;
        const auto read = readRecording(path, reader);
        QCOMPARE(read.size(), std::size_t(2 * kScrapes));
        std::map<std::uint32_t, int> next;
        for (const RecordedScrape& s : read) {
            const int i = next[s.target]++;
            QCOMPARE(s.timestampMs, std::int64_t(1700000000000 + i * 1000));
            QCOMPARE(s.body, body(i, 5 * int(reader.targets().at(s.target).job.back() - '0')));
        }
        QVERIFY(reader.damageReport().empty());
    }

    // The disk fails under the writer: the write that fails and every later one return false, error()
    // says why, and the file (when it is still there) holds every scrape written before, intact.
    void writerStopsAtTheFirstFailure_data() {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("reason");
        QTest::newRow("file size limit") << "size-limit"
                                         << "File too large";
        QTest::newRow("deleted underneath") << "deleted"
                                            << "deleted while recording";
        QTest::newRow("truncated underneath") << "truncated"
                                              << "changed by another program";
    }
    void writerStopsAtTheFirstFailure() {
        QFETCH(QString, fault);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath("faulty.dwrec");
        std::string error;
        RecordingWriter::Options options;
        options.keyEvery = 4;
        auto writer = RecordingWriter::create(path, options, error);
        QVERIFY2(writer, error.c_str());
        RecordedTarget target;
        target.url = "http://127.0.0.1:9001/metrics";
        const std::uint32_t id = writer->target(target);
        auto scrape = [id](int i) {
            RecordedScrape s;
            s.target = id;
            s.timestampMs = 1700000000000 + i * 1000;
            s.ok = true;
            s.status = 200;
            s.body = body(i, 200);
            s.bodySize = qint64(s.body.size());
            return s;
        };
        int written = 0;
        while (written < 5)
            QVERIFY(writer->write(scrape(written++)));
        const qint64 before = QFileInfo(path).size();
        // What the program does (app/main.cpp): a write past the limit fails instead of killing it.
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit previousLimit{};
        ::getrlimit(RLIMIT_FSIZE, &previousLimit);
        if (fault == "size-limit") {
            const rlimit limit{rlim_t(before + 3000), previousLimit.rlim_max};
            QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limit), 0);
        } else if (fault == "deleted") {
            QVERIFY(QFile::remove(path));
        } else {
            QVERIFY(QFile::resize(path, before / 2));
        }
        bool failed = false;
        // A file changed underneath is noticed before the next record; a full file by the write itself.
        for (int i = 0; i < 400 && !failed; ++i) {
            failed = !writer->write(scrape(written));
            written += !failed;
        }
        ::setrlimit(RLIMIT_FSIZE, &previousLimit);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY(failed);
        if (fault != "size-limit") QCOMPARE(written, 5); // the very next write
        QVERIFY(writer->failed());
        QVERIFY2(QString::fromStdString(writer->error()).contains(reason), writer->error().c_str());
        QVERIFY(!writer->write(scrape(written + 1))); // stays stopped: no hole in the file
        QVERIFY(!writer->sync());
        const qint64 after = QFileInfo(path).size();
        writer.reset();
        if (fault == "size-limit") {
            RecordingReader reader;
            const auto read = readRecording(path, reader);
            QVERIFY(reader.intact()); // the partly written record was cut off again
            QCOMPARE(int(read.size()), written);
            QVERIFY(read.size() > 5); // a few deltas fitted in the last 3000 bytes
        } else if (fault == "truncated") {
            QCOMPARE(after, before / 2); // nothing appended after the cut
        }
    }

    // A queue whose writer failed drops what is pushed (the scrape goes on) and keeps the reason.
    void queueAfterAFailure() {
        QTemporaryDir dir;
        const QString path = dir.filePath("queued.dwrec");
        std::string error;
        auto writer = RecordingWriter::create(path, error);
        QVERIFY2(writer, error.c_str());
        RecordingQueue queue(std::move(writer), 2);
        TargetSpec spec;
        spec.url = QUrl(QStringLiteral("http://127.0.0.1:9001/metrics"));
        FetchResult result;
        result.ok = true;
        result.status = 200;
        result.body = QByteArray::fromStdString(body(1, 10));
        queue.push(spec, result, 1700000000000);
        QTRY_COMPARE(queue.stats().scrapes, std::uint64_t(1));
        QVERIFY(QFile::remove(path)); // noticed before the next record
        for (int i = 2; i < 50 && queue.error().empty(); ++i) {
            queue.push(spec, result, 1700000000000 + i * 1000);
            QTest::qWait(20);
        }
        QVERIFY2(queue.error().find("deleted") != std::string::npos, queue.error().c_str());
        const std::uint64_t scrapes = queue.stats().scrapes;
        queue.push(spec, result, 1800000000000);
        queue.close();
        QCOMPARE(queue.stats().scrapes, scrapes);
    }

    // A record whose checksum is right but whose stated body size is absurd (damage the checksum missed,
    // or a file made by hand) is reported, and the reader does not allocate what it states.
    void absurdBodySizeIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.dwrec");
        std::string error;
        {
            auto writer = RecordingWriter::create(path, error);
            QVERIFY2(writer, error.c_str());
            RecordedTarget target;
            target.url = "http://127.0.0.1:9001/metrics";
            RecordedScrape s;
            s.target = writer->target(target);
            s.ok = true;
            s.body = body(1, 50);
            QVERIFY(writer->write(s));
        }
        const QByteArray file = readFile(path);
        // The records: magic, then header (magic, type, 3 zero bytes, length, checksum) and payload each.
        std::size_t at = sizeof recording::kFileMagic, last = at;
        while (at + 16 <= std::size_t(file.size())) {
            last = at;
            at += 16 + std::uint8_t(file[int(at) + 8]) + (std::uint8_t(file[int(at) + 9]) << 8);
        }
        QCOMPARE(file[int(last) + 4], char(recording::RecordType::Scrape));
        const std::string payload = file.mid(int(last) + 16).toStdString();
        ByteReader r(payload);
        r.u32(), r.i64(), r.i64(), r.varint(), r.u8(), r.i64(), r.bytes(), r.bytes(), r.varint();
        const std::string_view compressed = r.rest();
        std::string patched(payload.data(), payload.size() - compressed.size());
        patched.resize(patched.size() - 2);                 // the size's varint: 2 bytes for this body
        ByteWriter(patched).varint(std::uint64_t(1) << 34); // 16 GiB
        patched.append(compressed);
        std::string record(file.constData() + last, 8);
        ByteWriter w(record);
        w.u32(std::uint32_t(patched.size()));
        w.u32(crc32c(patched.data(), patched.size(), crc32c(record.data() + 4, 8)));
        record += patched;
        writeFile(path, file.left(int(last)) + QByteArray::fromStdString(record));

        RecordingReader reader;
        const auto read = readRecording(path, reader);
        QCOMPARE(read.size(), std::size_t(0));
        QCOMPARE(reader.problems().size(), std::size_t(1));
        QVERIFY2(reader.problems().front().message.find(
                     "states a body size its compressed bytes cannot hold") != std::string::npos,
                 reader.problems().front().message.c_str());
    }

    void neverOverwrites() {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.dwrec");
        writeFile(path, "precious");
        std::string error;
        QVERIFY(!RecordingWriter::create(path, error));
        QVERIFY2(error.find("already exists") != std::string::npos, error.c_str());
        QCOMPARE(readFile(path), QByteArray("precious"));
    }

    void rejectsOtherFiles() {
        QTemporaryDir dir;
        const QString path = dir.filePath("snap.prom");
        writeFile(path, "up 1\n");
        RecordingReader reader;
        std::string error;
        QVERIFY(!reader.open(path, error));
        QVERIFY2(error.find("not a DispatchWatch recording") != std::string::npos, error.c_str());
    }

    // Every truncation point: everything before the cut is read, the cut record is a torn tail.
    void truncationLeavesATornTail() {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.dwrec");
        const auto written = writeRecording(path, 6);
        const QByteArray full = readFile(path);
        // Where records begin: a cut exactly there leaves whole records and nothing torn.
        std::set<std::uint64_t> boundaries = {std::uint64_t(full.size())};
        RecordingReader whole;
        std::string error;
        QVERIFY(whole.open(path, error));
        whole.read([&](const RecordedScrape&, std::uint64_t offset) {
            boundaries.insert(offset);
            return true;
        });
        for (int cut = int(full.size()) - 1; cut > int(full.size()) - 400; cut -= 3) {
            const QString truncated = dir.filePath("t.dwrec");
            writeFile(truncated, full.left(cut));
            RecordingReader reader;
            const auto read = readRecording(truncated, reader);
            QCOMPARE(reader.problems().size(), std::size_t(0));
            QCOMPARE(reader.tornTail().has_value(), !boundaries.count(std::uint64_t(cut)));
            if (reader.tornTail()) QVERIFY(boundaries.count(*reader.tornTail()));
            QVERIFY(read.size() < written.size());
            for (std::size_t i = 0; i < read.size(); ++i)
                QVERIFY(read[i].body == written[i].body);
        }
    }

    // A flipped byte inside one record: reported with that record's offset, every other record read.
    void corruptionIsReportedAndSkipped_data() {
        QTest::addColumn<int>("record");
        for (int r : {3, 10, 17, 30})
            QTest::newRow(qPrintable(QStringLiteral("scrape %1").arg(r))) << r;
    }
    void corruptionIsReportedAndSkipped() {
        QFETCH(int, record);
        QTemporaryDir dir;
        const QString path = dir.filePath("a.dwrec");
        const auto written = writeRecording(path, 20);
        RecordingReader clean;
        std::string error;
        QVERIFY(clean.open(path, error));
        std::vector<std::uint64_t> offsets;
        clean.read([&](const RecordedScrape&, std::uint64_t offset) {
            offsets.push_back(offset);
            return true;
        });
        QByteArray bytes = readFile(path);
        const std::uint64_t damaged = offsets[std::size_t(record)];
        bytes[qsizetype(damaged + 30)] = char(bytes[qsizetype(damaged + 30)] ^ 0x5A);
        writeFile(path, bytes);
        RecordingReader reader;
        const auto read = readRecording(path, reader);
        QVERIFY(!reader.intact());
        QVERIFY(!reader.problems().empty());
        QCOMPARE(reader.problems().front().offset, damaged);
        QVERIFY(reader.problems().front().message.find("offset " + std::to_string(damaged)) !=
                std::string::npos);
        // The damaged scrape is lost, and deltas of its target until that target's next key record;
        // every scrape read is byte-exact and nothing else is missing.
        QVERIFY(read.size() < written.size());
        QVERIFY(read.size() >= written.size() - 1 - 8);
        std::size_t w = 0;
        for (const RecordedScrape& r : read) {
            while (w < written.size() &&
                   (written[w].timestampMs != r.timestampMs || written[w].target != r.target))
                ++w;
            QVERIFY(w < written.size());
            QVERIFY(written[w].body == r.body);
        }
        // The last scrape of each target is always there: reading resumed.
        QCOMPARE(read.back().timestampMs, written.back().timestampMs);
    }

    void timeFromFileName_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("iso utc") << "metrics-2026-11-23T10:15:30Z.prom" << qint64(1795428930000);
        QTest::newRow("iso compact dashes") << "snap_2026-11-23_10-15-30.txt" << qint64(1795428930000);
        QTest::newRow("iso offset") << "m-2026-11-23T11:15:30+01:00.prom" << qint64(1795428930000);
        QTest::newRow("unix seconds") << "compozy-1795428930.prom" << qint64(1795428930000);
        QTest::newRow("unix millis") << "1795428930123.metrics" << qint64(1795428930123);
        QTest::newRow("none") << "metrics.prom" << qint64(-1);
        QTest::newRow("too short a number") << "port-9090.prom" << qint64(-1);
    }
    void timeFromFileName() {
        QFETCH(QString, name);
        QFETCH(qint64, ms);
        const auto t = dw::timeFromFileName(name);
        QCOMPARE(t.value_or(-1), ms);
    }
};

QTEST_GUILESS_MAIN(RecordingTest)
#include "test_recording.moc"
