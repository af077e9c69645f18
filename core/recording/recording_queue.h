#pragma once

#include "recording/recording_writer.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace dw {

// Writes scrapes into a recording on a thread of its own, so zstd compression and fdatasync never delay a
// scrape. The scraping thread only queues the scrape (the body is shared, not copied); when the bounded
// queue is full it waits for the writer rather than drop a scrape. close() — and the destructor — writes
// everything queued, syncs and ends the thread: nothing queued is lost on exit.
// Ownership: owns the RecordingWriter and the thread. Thread-safety: every method may be called from any
// thread; push() after close() is ignored.
class RecordingQueue {
public:
    static constexpr std::size_t kDefaultCapacity = 256;

    explicit RecordingQueue(std::unique_ptr<RecordingWriter> writer, std::size_t capacity = kDefaultCapacity);
    ~RecordingQueue();
    RecordingQueue(const RecordingQueue&) = delete;
    RecordingQueue& operator=(const RecordingQueue&) = delete;

    // Queues one scrape of a target (its target record is written at once, the first time).
    void push(const TargetSpec& spec, const FetchResult& result, std::int64_t timestampMs);
    // Writes what is queued, syncs, and stops; later pushes are ignored.
    void close();
    // What has been written so far.
    RecordingWriter::Stats stats() const;
    // Why the recording stopped ("No space left on device at byte 1234; ..."), or empty. After a
    // failure pushes are dropped: the caller tells the user, and scraping goes on.
    std::string error() const;

private:
    struct Item {
        std::uint32_t target = 0;
        FetchResult result;
        std::int64_t timestampMs = 0;
    };
    void run();

    std::unique_ptr<RecordingWriter> m_writer;
    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Item> m_items; // guarded by m_mutex
    bool m_closing = false;   // guarded by m_mutex
    std::once_flag m_joined;
    std::thread m_thread;
};

} // namespace dw
