#include "recording/recording_queue.h"

namespace dw {

RecordingQueue::RecordingQueue(std::unique_ptr<RecordingWriter> writer, std::size_t capacity)
    : m_writer(std::move(writer)), m_capacity(std::max<std::size_t>(1, capacity)),
      m_thread([this] { run(); }) {}

RecordingQueue::~RecordingQueue() {
    close();
}

void RecordingQueue::push(const TargetSpec& spec, const FetchResult& result, std::int64_t timestampMs) {
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
        if (m_closing && !m_thread.joinable()) return;
        m_closing = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) m_thread.join();
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
        m_changed.notify_all(); // a producer waiting for room
        if (!m_writer->write(item.target, item.result, item.timestampMs)) {
            std::lock_guard lock(m_mutex);
            if (m_error.empty()) m_error = m_writer->error();
        }
    }
    m_writer->sync();
}

RecordingWriter::Stats RecordingQueue::stats() const {
    return m_writer->stats();
}

std::string RecordingQueue::error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

} // namespace dw
