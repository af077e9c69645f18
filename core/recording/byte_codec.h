#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dw {

// Little-endian fixed-width integers, LEB128 varints and length-prefixed strings: the fields of a
// recording's records. The writer appends to a std::string; the reader never reads past its end and
// reports a short field as nothing.
// Thread-safety: value types.
class ByteWriter {
public:
    explicit ByteWriter(std::string& out) : m_out(out) {}
    void u8(std::uint8_t v) { m_out.push_back(char(v)); }
    void u32(std::uint32_t v);
    void i64(std::int64_t v);
    void varint(std::uint64_t v);
    void bytes(std::string_view s); // varint length, then the bytes

private:
    std::string& m_out;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : m_in(in) {}
    std::optional<std::uint8_t> u8();
    std::optional<std::uint32_t> u32();
    std::optional<std::int64_t> i64();
    std::optional<std::uint64_t> varint();
    std::optional<std::string_view> bytes();
    std::string_view rest() const { return m_in.substr(m_pos); }

private:
    std::string_view m_in;
    std::size_t m_pos = 0;
};

} // namespace dw
