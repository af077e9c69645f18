// The file formats people hand DispatchWatch, fed to their readers: prometheus.yml, file_sd files, rule
// files, health profiles, demo scenarios, recordings and Grafana dashboards.
#include "alerts/rule_file.h"
#include "dashboard/dashboard_reader.h"
#include "exporter/scenario.h"
#include "exporter/simulator.h"
#include "fuzz_target.h"
#include "health/profile.h"
#include "recording/crc32c.h"
#include "recording/recording_format.h"
#include "recording/recording_reader.h"
#include "scrape/file_sd.h"
#include "scrape/prometheus_config.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {

using namespace dw;

// A reader that refuses input must say why.
template<class Result> void expectReason(const Result& result, const std::string& error) {
    if (!result && error.empty()) std::abort();
}

void fuzzScenario(std::string_view text) {
    std::string error;
    const auto scenario = Scenario::fromYaml(text, "fuzz.yaml", error);
    expectReason(scenario, error);
    if (!scenario) return;
    // A few minutes of the service it describes, collected and serialised as a scrape would.
    const auto simulator = Simulator::create(*scenario, scenario->seed);
    std::string body;
    for (std::int64_t t = 0; t <= 180'000; t += 60'000) {
        simulator->advanceTo(t);
        simulator->onCollect(t);
        simulator->serialize(body);
    }
}

// Recordings are checksummed, so random bytes rarely get past the framing. When asked, the harness puts
// right the checksum of every record it can frame, so the fuzzer reaches what decodes the payloads.
std::string withChecksums(std::string bytes) {
    using namespace recording;
    std::size_t at = sizeof kFileMagic;
    while (at + 16 <= bytes.size() && std::memcmp(bytes.data() + at, kRecordMagic, 4) == 0) {
        std::uint32_t length = 0;
        for (int i = 0; i < 4; ++i)
            length |= std::uint32_t(std::uint8_t(bytes[at + 8 + std::size_t(i)])) << (8 * i);
        if (length > bytes.size() - at - 16) break;
        std::uint32_t crc = crc32c(bytes.data() + at + 4, 8);
        crc = crc32c(bytes.data() + at + 16, length, crc);
        for (int i = 0; i < 4; ++i)
            bytes[at + 12 + std::size_t(i)] = char(crc >> (8 * i));
        at += 16 + length;
    }
    return bytes;
}

void fuzzRecording(std::string_view text, bool fixChecksums) {
    // The reader maps files; each fuzzing process writes its inputs to a file of its own.
    static const QString path = QDir::tempPath() + QStringLiteral("/dw-fuzz-%1.dwrec").arg(::getpid());
    const std::string bytes = fixChecksums ? withChecksums(std::string(text)) : std::string(text);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) std::abort();
        file.write(bytes.data(), qint64(bytes.size()));
    }
    RecordingReader reader;
    std::string error;
    if (!reader.open(path, error)) {
        if (error.empty()) std::abort();
        return;
    }
    RecordedScrape scrape;
    std::size_t scrapes = 0;
    while (reader.next(scrape))
        if (++scrapes > bytes.size()) std::abort(); // every scrape takes bytes of the file
    for (const RecordingReader::Problem& problem : reader.problems())
        if (problem.offset > bytes.size() || problem.message.empty()) std::abort();
    (void)reader.damageReport();
}

} // namespace

void fuzzFileInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string error;
    switch (data[0] % 8) {
    case 0: {
        const auto config = PrometheusConfig::fromYaml(text, "prometheus.yml", "/nonexistent", error);
        expectReason(config, error);
        if (config) (void)config->staticTargets();
        break;
    }
    case 1:
        expectReason(parseFileSd(text, "targets.json", error), error);
        break;
    case 2:
        expectReason(parseRuleFile(text, "rules.yml", error, 60000, promql::Generation::Prometheus3), error);
        break;
    case 3:
        expectReason(Profile::fromYaml(text, "profile.yaml", error), error);
        break;
    case 4:
        fuzzScenario(text);
        break;
    case 5:
    case 6:
        fuzzRecording(text, data[0] % 8 == 6);
        break;
    case 7:
        expectReason(dashboard::readDashboard(QByteArray(text.data(), qsizetype(text.size())), error), error);
        break;
    }
}
