#pragma once

#include "store/bit_stream.h"

#include <cstdint>
#include <vector>

namespace dw {

struct Sample {
    std::int64_t t = 0; // milliseconds since the epoch
    double v = 0;
};

// One compressed run of samples of a series, encoded like Prometheus's XOR chunks: the first timestamp as
// a varint and value as raw bits, then timestamps as delta-of-delta in 1/9/17/24/68-bit classes and values
// as XOR with the previous value, reusing the previous window of meaningful bits when it fits. A regular
// scrape costs 1 bit per timestamp and a repeated value 1 bit. Values keep their exact bits, so staleness
// markers survive. Appends within the reserved capacity allocate nothing. Thread-safety: none.
class XorChunk {
public:
    static constexpr std::size_t kCapacityBytes = 256;
    static constexpr std::uint16_t kMaxSamples = 120;
    // The largest a single sample can encode to, rounded up.
    static constexpr std::size_t kMaxSampleBytes = 20;

    // What a new series' first chunk reserves; the buffer doubles as samples need (at most three times
    // before a chunk is full). A series' next chunk reserves what its last one used, so a regular series
    // does not grow again, and a constant series does not hold 256 bytes for 20.
    static constexpr std::size_t kInitialBytes = 32;

    explicit XorChunk(std::size_t reserveBytes = kInitialBytes);
    // The reservation for the chunk that follows this one in its series.
    std::size_t successorReserve() const;

    void append(std::int64_t t, double v);
    // True when the next sample might not fit in the reserved capacity or the sample count is reached.
    bool full() const { return m_count >= kMaxSamples || m_bytes.size() + kMaxSampleBytes > kCapacityBytes; }
    // Shrinks the buffer to its size; the chunk must not be appended to afterwards.
    void seal() { m_bytes.shrink_to_fit(); }

    std::uint16_t count() const { return m_count; }
    bool empty() const { return m_count == 0; }
    std::int64_t minTime() const { return m_minT; }
    std::int64_t maxTime() const { return m_lastT; }
    double lastValue() const;
    std::size_t byteSize() const { return m_bytes.size(); }
    std::size_t allocatedBytes() const { return m_bytes.capacity(); }

    // Decodes the samples in order.
    class Iterator {
    public:
        explicit Iterator(const XorChunk& chunk);
        bool next(Sample& out);

    private:
        BitReader m_reader;
        std::uint16_t m_remaining;
        std::uint16_t m_index = 0;
        std::int64_t m_t = 0;
        std::int64_t m_delta = 0;
        std::uint64_t m_value = 0;
        int m_leading = 0;
        int m_trailing = 0;
    };

private:
    void writeTimestamp(std::int64_t t);
    void writeValue(std::uint64_t bits);

    std::vector<std::uint8_t> m_bytes;
    int m_freeBits = 0;
    std::uint16_t m_count = 0;
    std::int64_t m_minT = 0;
    std::int64_t m_lastT = 0;
    std::int64_t m_lastDelta = 0;
    std::uint64_t m_lastValue = 0;
    std::uint8_t m_leading = 0xff;
    std::uint8_t m_trailing = 0;
};

} // namespace dw
