#pragma once

#include "recording/recording_format.h"
#include "scrape/scrape_request.h"
#include "scrape/target_spec.h"

#include <QString>
#include <map>
#include <memory>
#include <mutex>

struct ZSTD_CCtx_s;

namespace dw {

// Appends scrapes to a recording file. Each body is compressed with zstd against the previous body of
// the same target (consecutive scrapes differ mostly in numbers), with a key record every keyEvery
// scrapes or keyEveryMs so that reading can start again after damage and seeking stays cheap. Every
// record goes to the file in one write(): a process killed at any moment leaves complete records and at
// most one torn record at the end. The data is synced to disk every second and on close.
// When the disk fails (full, a size limit, an I/O error) or the file is deleted or changed underneath it
// (looked at before every record), the writer stops for good: a partly written record is cut off again
// where it can be, every later write returns false, and error() says what happened. What was written
// before verifies.
// Thread-safety: every method may be called from any thread (a mutex inside).
class RecordingWriter {
public:
    struct Options {
        int keyEvery = 64;
        std::int64_t keyEveryMs = 60000;
        int level = 6;
    };
    struct Stats {
        std::uint64_t scrapes = 0;
        std::uint64_t bytes = 0;     // of the file
        std::uint64_t bodyBytes = 0; // uncompressed
    };

    // Creates a new file; never overwrites one (error says why it could not).
    static std::unique_ptr<RecordingWriter> create(const QString& path, std::string& error);
    static std::unique_ptr<RecordingWriter> create(const QString& path, const Options& options,
                                                   std::string& error);
    ~RecordingWriter();
    RecordingWriter(const RecordingWriter&) = delete;
    RecordingWriter& operator=(const RecordingWriter&) = delete;

    // The target's id, writing its record the first time it is seen.
    std::uint32_t target(const TargetSpec& spec);
    std::uint32_t target(const RecordedTarget& target);
    bool write(std::uint32_t target, const FetchResult& result, std::int64_t timestampMs);
    bool write(const RecordedScrape& scrape);
    // Syncs to disk now, and checks that the file is still there and whole.
    bool sync();
    Stats stats() const;
    // Why the writer stopped, or empty; a copy taken under the lock (another thread may be writing).
    std::string error() const;
    bool failed() const;

private:
    RecordingWriter(int fd, const Options& options);
    bool append(recording::RecordType type, const std::string& payload);
    bool syncLocked();
    bool fileIntact();
    void fail(std::string why);
    std::uint32_t targetLocked(const RecordedTarget& target);

    struct TargetState {
        std::string previousBody;
        std::uint32_t previousCrc = 0;
        int sinceKey = 0;
        std::int64_t lastKeyMs = 0;
        bool hasPrevious = false;
    };
    mutable std::mutex m_mutex;
    int m_fd;
    Options m_options;
    ZSTD_CCtx_s* m_zstd;
    std::map<std::string, std::uint32_t> m_targetIds; // by url and labels
    std::map<std::uint32_t, TargetState> m_targets;
    std::string m_record; // reused buffers: no allocation per scrape once warm
    std::string m_compressed;
    std::int64_t m_lastSyncMs = 0;
    Stats m_stats;
    std::string m_error;
    bool m_failed = false; // nothing is written after a failure, so the file never holds a hole
};

} // namespace dw
