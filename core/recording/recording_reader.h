#pragma once

#include "recording/recording_format.h"

#include <QFile>
#include <QString>
#include <functional>
#include <map>
#include <optional>
#include <vector>

struct ZSTD_DCtx_s;

namespace dw {

// Reads a recording from start to end, recovering every intact record. A record whose checksum or
// framing is wrong is reported with its offset and reading resumes at the next intact record; scrapes
// stored against a body that was lost cannot be decoded and are reported until the target's next key
// record; an incomplete record at the end (a write interrupted by a crash) is reported as a torn tail.
// Thread-safety: one reader per thread.
class RecordingReader {
public:
    struct Problem {
        std::uint64_t offset = 0;
        std::string message;
    };
    // Return false to stop reading.
    using ScrapeHandler = std::function<bool(const RecordedScrape&, std::uint64_t offset)>;

    RecordingReader();
    ~RecordingReader();
    RecordingReader(const RecordingReader&) = delete;
    RecordingReader& operator=(const RecordingReader&) = delete;

    // Opens and checks the file magic; error says what is wrong.
    bool open(const QString& path, std::string& error);
    // Reads every remaining record in file order.
    void read(const ScrapeHandler& onScrape);
    // The next scrape in file order (targets are collected on the way); false at the end.
    bool next(RecordedScrape& scrape);
    // Without bodies a pass over a file only decodes the records' fields: fast, for summaries.
    void setDecodeBodies(bool decode) { m_decodeBodies = decode; }
    std::uint64_t offset() const { return m_offset; }

    const std::vector<Problem>& problems() const { return m_problems; }
    // Where a torn record begins, when the file ends in one.
    std::optional<std::uint64_t> tornTail() const { return m_tornTail; }
    std::uint64_t fileSize() const { return m_size; }
    std::uint32_t version() const { return m_version; }
    std::int64_t createdMs() const { return m_createdMs; }
    const std::map<std::uint32_t, RecordedTarget>& targets() const { return m_targets; }
    bool intact() const { return m_problems.empty() && !m_tornTail; }
    // The problems and the torn tail, as sentences for a person, in file order.
    std::vector<std::string> damageReport() const;

private:
    // The length of a valid record at offset, or nothing.
    std::optional<std::size_t> validRecordAt(std::size_t offset) const;
    std::optional<std::size_t> nextValidRecord(std::size_t from) const;
    bool isTorn(std::size_t offset) const;
    bool decodeScrape(std::string_view payload, std::uint64_t offset, RecordedScrape& out);

    QFile m_file;
    const char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_offset = 0;
    std::size_t m_lastOffset = 0;
    bool m_decodeBodies = true;
    ZSTD_DCtx_s* m_zstd;
    std::vector<Problem> m_problems;
    std::optional<std::uint64_t> m_tornTail;
    std::uint32_t m_version = 0;
    std::int64_t m_createdMs = 0;
    std::map<std::uint32_t, RecordedTarget> m_targets;
    struct Reference {
        std::string body;
        std::uint32_t crc = 0;
        bool valid = false; // false after a lost record: deltas cannot be decoded until a key record
        bool reported = false;
    };
    std::map<std::uint32_t, Reference> m_references;
};

} // namespace dw
