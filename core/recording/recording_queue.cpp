#include "recording/recording_queue.h"

namespace dw {

RecordingQueue::RecordingQueue(std::unique_ptr<RecordingWriter> writer, std::size_t capacity)
    : m_writer(std::move(writer)), m_capacity(std::max<std::size_t>(1, capacity)),
      m_thread([this] { run(); }) {}

RecordingQueue::~RecordingQueue() {
    close();
}

void RecordingQueue::push(const TargetSpec& spec, const FetchResult& result, std::int64_t timestampMs) {
    if (m_writer->failed()) return; // error() says why; scraping goes on without the recording
    const std::uint32_t target = m_writer->target(spec);
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_closing || m_items.size() < m_capacity; });
    if (m_closing) return;
    m_items.push_back({target, result, timestampMs});
    m_changed.notify_all();
}

void RecordingQueue::close() {
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_changed.notify_all();
    // Two threads closing at once (the destructor after close(), say) must not both join.
    std::call_once(m_joined, [this] { m_thread.join(); });
}

void RecordingQueue::run() {
    for (;;) {
        Item item;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_closing || !m_items.empty(); });
            if (m_items.empty()) break; // closing, and everything is written
            item = std::move(m_items.front());
            m_items.pop_front();
        }
        m_changed.notify_all();                                      // a producer waiting for room
        m_writer->write(item.target, item.result, item.timestampMs); // a failure stays in the writer
    }
    m_writer->sync();
}

RecordingWriter::Stats RecordingQueue::stats() const {
    return m_writer->stats();
}

std::string RecordingQueue::error() const {
    return m_writer->error();
}

} // namespace dw
