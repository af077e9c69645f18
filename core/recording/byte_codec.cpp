#include "recording/byte_codec.h"

namespace dw {

void ByteWriter::u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        m_out.push_back(char((v >> (8 * i)) & 0xFF));
}

void ByteWriter::i64(std::int64_t v) {
    const auto u = std::uint64_t(v);
    for (int i = 0; i < 8; ++i)
        m_out.push_back(char((u >> (8 * i)) & 0xFF));
}

void ByteWriter::varint(std::uint64_t v) {
    while (v >= 0x80) {
        m_out.push_back(char((v & 0x7F) | 0x80));
        v >>= 7;
    }
    m_out.push_back(char(v));
}

void ByteWriter::bytes(std::string_view s) {
    varint(s.size());
    m_out.append(s);
}

std::optional<std::uint8_t> ByteReader::u8() {
    if (m_pos + 1 > m_in.size()) return std::nullopt;
    return std::uint8_t(m_in[m_pos++]);
}

std::optional<std::uint32_t> ByteReader::u32() {
    if (m_pos + 4 > m_in.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= std::uint32_t(std::uint8_t(m_in[m_pos + std::size_t(i)])) << (8 * i);
    m_pos += 4;
    return v;
}

std::optional<std::int64_t> ByteReader::i64() {
    if (m_pos + 8 > m_in.size()) return std::nullopt;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v |= std::uint64_t(std::uint8_t(m_in[m_pos + std::size_t(i)])) << (8 * i);
    m_pos += 8;
    return std::int64_t(v);
}

std::optional<std::uint64_t> ByteReader::varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (m_pos >= m_in.size()) return std::nullopt;
        const auto byte = std::uint8_t(m_in[m_pos++]);
        v |= std::uint64_t(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return v;
    }
    return std::nullopt;
}

std::optional<std::string_view> ByteReader::bytes() {
    const auto size = varint();
    if (!size || *size > m_in.size() - m_pos) return std::nullopt;
    const std::string_view out = m_in.substr(m_pos, std::size_t(*size));
    m_pos += std::size_t(*size);
    return out;
}

} // namespace dw
