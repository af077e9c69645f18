#pragma once

#include <cstdint>
#include <vector>

namespace dw {

// Most-significant-bit-first bit packing for chunk encoding. BitWriter appends to a byte vector the
// caller has reserved, so appends within that capacity do not allocate. Thread-safety: none.
class BitWriter {
public:
    explicit BitWriter(std::vector<std::uint8_t>* bytes = nullptr, int freeBitsInLastByte = 0)
        : m_bytes(bytes), m_free(freeBitsInLastByte) {}

    [[gnu::always_inline]] void writeBit(bool bit) {
        if (m_free == 0) {
            m_bytes->push_back(0);
            m_free = 8;
        }
        --m_free;
        if (bit) m_bytes->back() |= std::uint8_t(1u << m_free);
    }

    void writeBits(std::uint64_t value, int count) {
        while (count > 0) {
            if (m_free == 0) {
                m_bytes->push_back(0);
                m_free = 8;
            }
            const int take = count < m_free ? count : m_free;
            const auto chunk = std::uint8_t((value >> (count - take)) & ((1u << take) - 1));
            m_free -= take;
            m_bytes->back() |= std::uint8_t(chunk << m_free);
            count -= take;
        }
    }

    void writeVarint(std::int64_t value) {
        writeUvarint((std::uint64_t(value) << 1) ^ std::uint64_t(value >> 63));
    }
    void writeUvarint(std::uint64_t value) {
        while (value >= 0x80) {
            writeBits((value & 0x7f) | 0x80, 8);
            value >>= 7;
        }
        writeBits(value, 8);
    }

    int freeBits() const { return m_free; }

private:
    std::vector<std::uint8_t>* m_bytes;
    int m_free;
};

// Reads what BitWriter wrote. Reading past the end yields zero bits and sets overrun().
class BitReader {
public:
    BitReader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

    bool readBit() {
        if (m_byte >= m_size) {
            m_overrun = true;
            return false;
        }
        const bool bit = (m_data[m_byte] >> (7 - m_bit)) & 1;
        if (++m_bit == 8) {
            m_bit = 0;
            ++m_byte;
        }
        return bit;
    }

    std::uint64_t readBits(int count) {
        std::uint64_t value = 0;
        while (count > 0) {
            if (m_byte >= m_size) {
                m_overrun = true;
                return count >= 64 ? 0 : value << count;
            }
            const int available = 8 - m_bit;
            if (available < 1 || available > 8) __builtin_unreachable(); // m_bit is 0..7 (for the analyzer)
            const int take = count < available ? count : available;
            const std::uint64_t bits = (m_data[m_byte] >> (available - take)) & ((1u << take) - 1);
            value = (value << take) | bits;
            m_bit += take;
            count -= take;
            if (m_bit == 8) {
                m_bit = 0;
                ++m_byte;
            }
        }
        return value;
    }

    std::int64_t readVarint() {
        const std::uint64_t raw = readUvarint();
        return std::int64_t(raw >> 1) ^ -std::int64_t(raw & 1);
    }
    std::uint64_t readUvarint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const std::uint64_t byte = readBits(8);
            value |= (byte & 0x7f) << shift;
            if (!(byte & 0x80) || m_overrun) break;
        }
        return value;
    }

    bool overrun() const { return m_overrun; }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_byte = 0;
    int m_bit = 0;
    bool m_overrun = false;
};

} // namespace dw
