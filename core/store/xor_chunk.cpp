#include "store/xor_chunk.h"

#include <algorithm>
#include <bit>

namespace dw {

namespace {

struct DodClass {
    std::uint64_t prefix;
    int prefixBits;
    int valueBits;
};
// A 7-bit class (±64 ms) before Prometheus's 14- and 20-bit ones: real scrapes jitter by a few milliseconds.
constexpr DodClass kDodClasses[] = {{0b10, 2, 7}, {0b110, 3, 14}, {0b1110, 4, 20}};

bool fitsSigned(std::int64_t value, int bits) {
    const std::int64_t limit = std::int64_t(1) << (bits - 1);
    return value >= -limit + 1 && value <= limit;
}

} // namespace

XorChunk::XorChunk(std::size_t reserveBytes) {
    if (reserveBytes) m_bytes.reserve(reserveBytes);
}

std::size_t XorChunk::successorReserve() const {
    // Samples vary a little from chunk to chunk: an eighth more, in whole 16-byte steps.
    const std::size_t wanted = (m_bytes.size() + m_bytes.size() / 8 + 15) / 16 * 16;
    return std::clamp(wanted, kInitialBytes, kCapacityBytes);
}

double XorChunk::lastValue() const {
    return std::bit_cast<double>(m_lastValue);
}

void XorChunk::append(std::int64_t t, double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    if (m_count == 0) {
        BitWriter writer(&m_bytes, m_freeBits);
        writer.writeVarint(t);
        writer.writeBits(bits, 64);
        m_freeBits = writer.freeBits();
        m_minT = t;
    } else {
        writeTimestamp(t);
        writeValue(bits);
    }
    m_lastT = t;
    m_lastValue = bits;
    ++m_count;
}

void XorChunk::writeTimestamp(std::int64_t t) {
    BitWriter writer(&m_bytes, m_freeBits);
    const std::int64_t delta = t - m_lastT;
    if (m_count == 1) {
        writer.writeVarint(delta);
    } else {
        const std::int64_t dod = delta - m_lastDelta;
        const DodClass* chosen = nullptr;
        for (const DodClass& cls : kDodClasses) {
            if (fitsSigned(dod, cls.valueBits)) {
                chosen = &cls;
                break;
            }
        }
        if (dod == 0) {
            writer.writeBit(false);
        } else if (chosen) {
            writer.writeBits(chosen->prefix, chosen->prefixBits);
            writer.writeBits(std::uint64_t(dod) & ((std::uint64_t(1) << chosen->valueBits) - 1),
                             chosen->valueBits);
        } else {
            writer.writeBits(0b1111, 4);
            writer.writeBits(std::uint64_t(dod), 64);
        }
    }
    m_lastDelta = delta;
    m_freeBits = writer.freeBits();
}

void XorChunk::writeValue(std::uint64_t bits) {
    BitWriter writer(&m_bytes, m_freeBits);
    const std::uint64_t x = bits ^ m_lastValue;
    if (x == 0) {
        writer.writeBit(false);
    } else {
        writer.writeBit(true);
        int leading = std::countl_zero(x);
        const int trailing = std::countr_zero(x);
        if (leading >= 32) leading = 31; // five bits hold the count
        if (m_leading != 0xff && leading >= m_leading && trailing >= m_trailing) {
            writer.writeBit(false);
            const int significant = 64 - m_leading - m_trailing;
            writer.writeBits(x >> m_trailing, significant);
        } else {
            m_leading = std::uint8_t(leading);
            m_trailing = std::uint8_t(trailing);
            writer.writeBit(true);
            writer.writeBits(std::uint64_t(leading), 5);
            const int significant = 64 - leading - trailing;
            writer.writeBits(std::uint64_t(significant & 63), 6); // 64 is written as 0
            writer.writeBits(x >> trailing, significant);
        }
    }
    m_freeBits = writer.freeBits();
}

XorChunk::Iterator::Iterator(const XorChunk& chunk)
    : m_reader(chunk.m_bytes.data(), chunk.m_bytes.size()), m_remaining(chunk.m_count) {}

bool XorChunk::Iterator::next(Sample& out) {
    if (m_remaining == 0 || m_reader.overrun()) return false;
    if (m_index == 0) {
        m_t = m_reader.readVarint();
        m_value = m_reader.readBits(64);
    } else {
        if (m_index == 1) {
            m_delta = m_reader.readVarint();
        } else {
            int ones = 0;
            while (ones < 4 && m_reader.readBit())
                ++ones;
            std::int64_t dod = 0;
            if (ones == 4) {
                dod = std::int64_t(m_reader.readBits(64));
            } else if (ones > 0) {
                const int bits = kDodClasses[ones - 1].valueBits;
                const std::uint64_t raw = m_reader.readBits(bits);
                // Sign-extend, accepting the one extra positive value the encoder allows.
                dod = std::int64_t(raw);
                if (raw > (std::uint64_t(1) << (bits - 1))) dod -= std::int64_t(1) << bits;
            }
            m_delta += dod;
        }
        m_t += m_delta;
        if (m_reader.readBit()) {
            if (m_reader.readBit()) {
                m_leading = int(m_reader.readBits(5));
                int significant = int(m_reader.readBits(6));
                if (significant == 0) significant = 64;
                m_trailing = 64 - m_leading - significant;
            }
            const int significant = 64 - m_leading - m_trailing;
            m_value ^= m_reader.readBits(significant) << m_trailing;
        }
    }
    if (m_reader.overrun()) return false;
    ++m_index;
    --m_remaining;
    out.t = m_t;
    out.v = std::bit_cast<double>(m_value);
    return true;
}

} // namespace dw
