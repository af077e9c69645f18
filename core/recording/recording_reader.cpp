#include "recording/recording_reader.h"

#include "recording/byte_codec.h"
#include "recording/crc32c.h"

#include <cstring>
#include <zstd.h>

namespace dw {

using namespace recording;

namespace {

std::uint32_t readU32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= std::uint32_t(std::uint8_t(p[i])) << (8 * i);
    return v;
}

} // namespace

RecordingReader::RecordingReader() : m_zstd(ZSTD_createDCtx()) {}

RecordingReader::~RecordingReader() {
    ZSTD_freeDCtx(m_zstd);
}

bool RecordingReader::open(const QString& path, std::string& error) {
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        error = path.toStdString() + ": " + m_file.errorString().toStdString();
        return false;
    }
    m_size = std::size_t(m_file.size());
    if (m_size > 0) m_data = reinterpret_cast<const char*>(m_file.map(0, qint64(m_size)));
    if (m_size > 0 && !m_data) {
        error = path.toStdString() + ": cannot map the file: " + m_file.errorString().toStdString();
        return false;
    }
    if (m_size < sizeof kFileMagic || std::memcmp(m_data, kFileMagic, sizeof kFileMagic) != 0) {
        error = path.toStdString() + ": not a DispatchWatch recording (the file does not begin with DWREC)";
        return false;
    }
    m_offset = sizeof kFileMagic;
    return true;
}

std::optional<std::size_t> RecordingReader::validRecordAt(std::size_t offset) const {
    if (offset + kHeaderSize > m_size) return std::nullopt;
    const char* p = m_data + offset;
    if (std::memcmp(p, kRecordMagic, 4) != 0) return std::nullopt;
    const std::uint32_t length = readU32(p + 8);
    if (length > kMaxPayload || offset + kHeaderSize + length > m_size) return std::nullopt;
    std::uint32_t crc = crc32c(p + 4, 8);
    crc = crc32c(p + kHeaderSize, length, crc);
    if (crc != readU32(p + 12)) return std::nullopt;
    return kHeaderSize + length;
}

std::optional<std::size_t> RecordingReader::nextValidRecord(std::size_t from) const {
    for (std::size_t at = from; at + kHeaderSize <= m_size; ++at) {
        const void* hit = std::memchr(m_data + at, kRecordMagic[0], m_size - at);
        if (!hit) return std::nullopt;
        at = std::size_t(static_cast<const char*>(hit) - m_data);
        if (validRecordAt(at)) return at;
    }
    return std::nullopt;
}

bool RecordingReader::isTorn(std::size_t offset) const {
    // An interrupted write leaves a short header, or a whole header whose payload the file cannot hold.
    if (offset + kHeaderSize > m_size)
        return std::memcmp(m_data + offset, kRecordMagic, std::min<std::size_t>(4, m_size - offset)) == 0;
    return std::memcmp(m_data + offset, kRecordMagic, 4) == 0 &&
           offset + kHeaderSize + readU32(m_data + offset + 8) > m_size;
}

void RecordingReader::read(const ScrapeHandler& onScrape) {
    RecordedScrape scrape;
    while (next(scrape))
        if (!onScrape(scrape, m_lastOffset)) return;
}

bool RecordingReader::next(RecordedScrape& scrape) {
    while (m_offset < m_size) {
        const std::size_t offset = m_offset;
        const auto length = validRecordAt(offset);
        if (!length) {
            // Damage or a torn end: find the next intact record.
            const auto next = nextValidRecord(offset + 1);
            if (!next) {
                if (isTorn(offset)) {
                    m_tornTail = offset;
                } else {
                    m_problems.push_back({offset, "corrupted record at offset " + std::to_string(offset) +
                                                      ", the last in the file (" +
                                                      std::to_string(m_size - offset) + " bytes)"});
                }
                m_offset = m_size;
                return false;
            }
            m_problems.push_back({offset, "corrupted record at offset " + std::to_string(offset) + ": " +
                                              std::to_string(*next - offset) +
                                              " bytes skipped, reading resumes at offset " +
                                              std::to_string(*next)});
            // Deltas that referred to what was lost find out by their reference's checksum.
            for (auto& [id, reference] : m_references)
                reference.reported = false;
            m_offset = *next;
            continue;
        }
        m_offset += *length;
        const auto type = RecordType(std::uint8_t(m_data[offset + 4]));
        const std::string_view payload(m_data + offset + kHeaderSize, *length - kHeaderSize);
        ByteReader r(payload);
        if (type == RecordType::Info) {
            m_version = r.u32().value_or(0);
            m_createdMs = r.i64().value_or(0);
        } else if (type == RecordType::Target) {
            RecordedTarget t;
            t.id = r.u32().value_or(0);
            t.url = std::string(r.bytes().value_or(""));
            t.job = std::string(r.bytes().value_or(""));
            const std::uint64_t labels = r.varint().value_or(0);
            for (std::uint64_t i = 0; i < labels && i < 1000; ++i) {
                const std::string name(r.bytes().value_or(""));
                t.labels.push_back({name, std::string(r.bytes().value_or(""))});
            }
            t.intervalMs = r.i64().value_or(0);
            t.timeoutMs = r.i64().value_or(0);
            m_targets[t.id] = t;
        } else if (type == RecordType::Scrape) {
            if (decodeScrape(payload, offset, scrape)) {
                m_lastOffset = offset;
                return true;
            }
        } // unknown types are skipped: newer writers may add some
    }
    return false;
}

std::vector<std::string> RecordingReader::damageReport() const {
    std::vector<std::string> out;
    for (const Problem& p : m_problems)
        out.push_back(p.message);
    if (m_tornTail)
        out.push_back("torn record at offset " + std::to_string(*m_tornTail) +
                      ": the end of the file was being written when the recording stopped; everything before "
                      "it is intact");
    return out;
}

bool RecordingReader::decodeScrape(std::string_view payload, std::uint64_t offset, RecordedScrape& out) {
    ByteReader r(payload);
    const auto target = r.u32();
    const auto timestamp = r.i64();
    const auto duration = r.i64();
    const auto status = r.varint();
    const auto flags = r.u8();
    const auto bodySize = r.i64();
    const auto contentType = r.bytes();
    const auto error = r.bytes();
    if (!target || !timestamp || !duration || !status || !flags || !bodySize || !contentType || !error) {
        m_problems.push_back({offset, "scrape record at offset " + std::to_string(offset) + " is truncated"});
        return false;
    }
    out.target = *target;
    out.timestampMs = *timestamp;
    out.durationMs = *duration;
    out.status = int(*status);
    out.ok = *flags & kScrapeOk;
    out.key = *flags & kScrapeKey;
    out.bodySize = *bodySize;
    out.contentType.assign(*contentType);
    out.error.assign(*error);
    out.body.clear();
    if (!(*flags & kScrapeHasBody) || !m_decodeBodies) return true;
    const auto referenceCrc = out.key ? std::optional<std::uint32_t>(0) : r.u32();
    const auto rawSize = r.varint();
    Reference& reference = m_references[out.target];
    if (!out.key && (!reference.valid || reference.crc != referenceCrc)) {
        if (!reference.reported)
            m_problems.push_back(
                {offset, "scrapes of target " + std::to_string(out.target) + " from offset " +
                             std::to_string(offset) +
                             " refer to a lost record and are skipped until its next key record"});
        reference.reported = true;
        return false;
    }
    if (!rawSize || *rawSize > kMaxPayload * 64ull) {
        m_problems.push_back({offset, "scrape record at offset " + std::to_string(offset) + " is truncated"});
        return false;
    }
    const std::string_view compressed = r.rest();
    // The size is believed only as far as the compressed bytes can hold it, so that a damaged record
    // never makes the reader allocate more than a bounded multiple of what the file holds: the frame
    // states its size (the writer always writes it), and a zstd block of at least 3 bytes yields at most
    // 128 KiB.
    const unsigned long long stated = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
    const std::uint64_t mostPossible = (compressed.size() / 3 + 1) * std::uint64_t(ZSTD_BLOCKSIZE_MAX);
    if (stated != *rawSize || *rawSize > mostPossible) {
        m_problems.push_back({offset, "scrape record at offset " + std::to_string(offset) +
                                          " states a body size its compressed bytes cannot hold"});
        reference.valid = false;
        return false;
    }
    out.body.resize(std::size_t(*rawSize));
    ZSTD_DCtx_reset(m_zstd, ZSTD_reset_session_only);
    if (!out.key) ZSTD_DCtx_refPrefix(m_zstd, reference.body.data(), reference.body.size());
    const std::size_t n =
        ZSTD_decompressDCtx(m_zstd, out.body.data(), out.body.size(), compressed.data(), compressed.size());
    if (ZSTD_isError(n) || n != out.body.size()) {
        m_problems.push_back(
            {offset, "scrape record at offset " + std::to_string(offset) +
                         " does not decompress: " + (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "wrong size")});
        reference.valid = false;
        return false;
    }
    reference.body = out.body;
    reference.crc = crc32c(out.body.data(), out.body.size());
    reference.valid = true;
    reference.reported = false;
    return true;
}

} // namespace dw
