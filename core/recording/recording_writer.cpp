#include "recording/recording_writer.h"

#include "recording/byte_codec.h"
#include "recording/crc32c.h"

#include <QDateTime>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <zstd.h>

namespace dw {

using namespace recording;

std::unique_ptr<RecordingWriter> RecordingWriter::create(const QString& path, std::string& error) {
    return create(path, Options{}, error);
}

std::unique_ptr<RecordingWriter> RecordingWriter::create(const QString& path, const Options& options,
                                                         std::string& error) {
    const QByteArray name = path.toLocal8Bit();
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = path.toStdString() + ": " +
                (errno == EEXIST ? std::string("already exists; recordings are never overwritten")
                                 : std::string(std::generic_category().message(errno)));
        return nullptr;
    }
    std::unique_ptr<RecordingWriter> writer(new RecordingWriter(fd, options));
    std::string info;
    ByteWriter w(info);
    w.u32(kVersion);
    w.i64(QDateTime::currentMSecsSinceEpoch());
    w.bytes("dispatchwatch " DW_VERSION);
    const bool headerWritten = ::write(fd, kFileMagic, sizeof kFileMagic) == ssize_t(sizeof kFileMagic);
    if (!headerWritten || !writer->append(RecordType::Info, info)) {
        error = path.toStdString() + ": " +
                (headerWritten ? writer->m_error : std::string(std::generic_category().message(errno)));
        ::unlink(name.constData()); // ours (O_EXCL), and holds nothing worth keeping
        return nullptr;
    }
    return writer;
}

RecordingWriter::RecordingWriter(int fd, const Options& options)
    : m_fd(fd), m_options(options), m_zstd(ZSTD_createCCtx()) {
    m_stats.bytes = sizeof kFileMagic;
}

RecordingWriter::~RecordingWriter() {
    if (!m_failed) ::fdatasync(m_fd);
    ::close(m_fd);
    ZSTD_freeCCtx(m_zstd);
}

namespace {

// What a person can act on: the system's words, and for the common causes what they mean here.
std::string describeWriteError(int error, std::uint64_t offset) {
    std::string text = std::generic_category().message(error);
    if (error == EFBIG) text += " (the file reached the size limit set for this process)";
    return text + " at byte " + std::to_string(offset);
}

} // namespace

void RecordingWriter::fail(std::string why) {
    if (m_failed) return;
    m_failed = true;
    m_error = std::move(why) + "; the recording holds every scrape written before";
}

bool RecordingWriter::append(RecordType type, const std::string& payload) {
    if (m_failed || !fileIntact()) return false;
    m_record.clear();
    m_record.append(kRecordMagic, 4);
    ByteWriter w(m_record);
    w.u8(std::uint8_t(type));
    w.u8(0);
    w.u8(0);
    w.u8(0);
    w.u32(std::uint32_t(payload.size()));
    std::uint32_t crc = crc32c(m_record.data() + 4, 8);
    crc = crc32c(payload.data(), payload.size(), crc);
    w.u32(crc);
    m_record.append(payload);
    // One write() per record: a kill leaves whole records and at most one torn one at the end.
    const char* p = m_record.data();
    std::size_t left = m_record.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            // Cut the partial record off (a full disk still allows shrinking a file), so the file ends
            // with a whole record; if even that fails the reader reports one torn record at the end.
            if (left != m_record.size()) (void)::ftruncate(m_fd, off_t(m_stats.bytes));
            fail(describeWriteError(error, m_stats.bytes));
            return false;
        }
        p += n;
        left -= std::size_t(n);
    }
    m_stats.bytes += m_record.size();
    return true;
}

std::uint32_t RecordingWriter::target(const TargetSpec& spec) {
    RecordedTarget t;
    t.url = spec.url.toString(QUrl::RemoveUserInfo).toStdString();
    t.job = spec.job;
    t.labels = spec.labels;
    t.intervalMs = spec.intervalMs;
    t.timeoutMs = spec.timeoutMs;
    std::lock_guard lock(m_mutex);
    return targetLocked(t);
}

std::uint32_t RecordingWriter::target(const RecordedTarget& target) {
    std::lock_guard lock(m_mutex);
    return targetLocked(target);
}

std::uint32_t RecordingWriter::targetLocked(const RecordedTarget& target) {
    std::string key = target.url;
    for (const Label& l : target.labels)
        key += "\n" + l.name + "=" + l.value;
    if (const auto it = m_targetIds.find(key); it != m_targetIds.end()) return it->second;
    const auto id = std::uint32_t(m_targetIds.size() + 1);
    std::string payload;
    ByteWriter w(payload);
    w.u32(id);
    w.bytes(target.url);
    w.bytes(target.job);
    w.varint(target.labels.size());
    for (const Label& l : target.labels) {
        w.bytes(l.name);
        w.bytes(l.value);
    }
    w.i64(target.intervalMs);
    w.i64(target.timeoutMs);
    append(RecordType::Target, payload);
    m_targetIds.emplace(std::move(key), id);
    return id;
}

bool RecordingWriter::write(std::uint32_t target, const FetchResult& result, std::int64_t timestampMs) {
    RecordedScrape s;
    s.target = target;
    s.timestampMs = timestampMs;
    s.durationMs = result.durationMs;
    s.status = result.status;
    s.ok = result.ok;
    s.bodySize = result.bodySize;
    s.contentType = result.contentType.toStdString();
    s.error = result.error;
    if (result.ok) s.body.assign(result.body.constData(), std::size_t(result.body.size()));
    return write(s);
}

bool RecordingWriter::write(const RecordedScrape& scrape) {
    std::lock_guard lock(m_mutex);
    if (m_failed) return false;
    TargetState& state = m_targets[scrape.target];
    const bool hasBody = scrape.ok || !scrape.body.empty();
    const bool key = !state.hasPrevious || state.sinceKey >= m_options.keyEvery ||
                     scrape.timestampMs - state.lastKeyMs >= m_options.keyEveryMs;
    std::string payload;
    ByteWriter w(payload);
    w.u32(scrape.target);
    w.i64(scrape.timestampMs);
    w.i64(scrape.durationMs);
    w.varint(std::uint64_t(std::max(0, scrape.status)));
    w.u8(std::uint8_t((scrape.ok ? kScrapeOk : 0) | (key ? kScrapeKey : 0) | (hasBody ? kScrapeHasBody : 0)));
    w.i64(scrape.bodySize);
    w.bytes(scrape.contentType);
    w.bytes(scrape.error);
    if (hasBody) {
        // A delta names its reference by checksum, so a reader knows whether it holds that body.
        if (!key) w.u32(state.previousCrc);
        w.varint(scrape.body.size());
        m_compressed.resize(ZSTD_compressBound(scrape.body.size()));
        ZSTD_CCtx_reset(m_zstd, ZSTD_reset_session_only);
        ZSTD_CCtx_setParameter(m_zstd, ZSTD_c_compressionLevel, m_options.level);
        // The previous body as a prefix: what did not change costs a match, not its bytes.
        if (!key) ZSTD_CCtx_refPrefix(m_zstd, state.previousBody.data(), state.previousBody.size());
        const std::size_t n = ZSTD_compress2(m_zstd, m_compressed.data(), m_compressed.size(),
                                             scrape.body.data(), scrape.body.size());
        if (ZSTD_isError(n)) {
            fail(std::string("compressing a scrape: ") + ZSTD_getErrorName(n));
            return false;
        }
        payload.append(m_compressed.data(), n);
    }
    if (!append(RecordType::Scrape, payload)) return false;
    if (hasBody) {
        state.previousBody = scrape.body;
        state.previousCrc = crc32c(scrape.body.data(), scrape.body.size());
        state.hasPrevious = true;
    }
    if (key) {
        state.sinceKey = 0;
        state.lastKeyMs = scrape.timestampMs;
    } else {
        ++state.sinceKey;
    }
    ++m_stats.scrapes;
    m_stats.bodyBytes += scrape.body.size();
    // Killed processes lose nothing written; a power cut loses at most the last second.
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastSyncMs >= 1000) {
        m_lastSyncMs = now;
        return syncLocked();
    }
    return true;
}

bool RecordingWriter::fileIntact() {
    // Writes to a deleted or truncated file succeed and go nowhere useful (after a truncation, O_APPEND
    // would put records after a hole): look before every record. One fstat per scrape costs nothing.
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) return true; // nothing to learn; the write will tell
    if (info.st_nlink == 0) {
        fail("the file was deleted while recording");
        return false;
    }
    if (std::uint64_t(info.st_size) != m_stats.bytes) {
        fail("the file was changed by another program while recording (" + std::to_string(info.st_size) +
             " bytes where " + std::to_string(m_stats.bytes) + " were written; truncated or appended to)");
        return false;
    }
    return true;
}

bool RecordingWriter::syncLocked() {
    if (m_failed || !fileIntact()) return false;
    if (::fdatasync(m_fd) != 0) {
        fail(std::string("syncing to disk: ") + std::generic_category().message(errno));
        return false;
    }
    return true;
}

std::string RecordingWriter::error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

bool RecordingWriter::sync() {
    std::lock_guard lock(m_mutex);
    return syncLocked();
}

bool RecordingWriter::failed() const {
    std::lock_guard lock(m_mutex);
    return m_failed;
}

RecordingWriter::Stats RecordingWriter::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace dw
