#include "recording/crc32c.h"

#include <array>
#include <cstring>

namespace dw {

namespace {

// Slicing-by-8 tables for the reflected Castagnoli polynomial 0x82F63B78.
constexpr std::array<std::array<std::uint32_t, 256>, 8> makeTables() {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        t[0][i] = c;
    }
    for (std::size_t n = 1; n < 8; ++n)
        for (std::size_t i = 0; i < 256; ++i)
            t[n][i] = (t[n - 1][i] >> 8) ^ t[0][t[n - 1][i] & 0xFF];
    return t;
}

constexpr auto kTables = makeTables();

#if defined(__x86_64__)
// SSE 4.2 has a CRC-32C instruction: ten times the table's speed, which replay feels (every decoded
// body is checked against the reference its successor names).
__attribute__((target("sse4.2"))) std::uint32_t crc32cHardware(const unsigned char* p, std::size_t size,
                                                               std::uint32_t crc) {
    std::uint64_t c = ~crc;
    while (size >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        size -= 8;
    }
    auto c32 = std::uint32_t(c);
    while (size--)
        c32 = __builtin_ia32_crc32qi(c32, *p++);
    return ~c32;
}

const bool kHardware = __builtin_cpu_supports("sse4.2");
#endif

std::uint32_t crc32cTable(const unsigned char* p, std::size_t size, std::uint32_t crc) {
    crc = ~crc;
    while (size >= 8) {
        const std::uint32_t lo = crc ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 |
                                        std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24);
        crc = kTables[7][lo & 0xFF] ^ kTables[6][(lo >> 8) & 0xFF] ^ kTables[5][(lo >> 16) & 0xFF] ^
              kTables[4][lo >> 24] ^ kTables[3][p[4]] ^ kTables[2][p[5]] ^ kTables[1][p[6]] ^
              kTables[0][p[7]];
        p += 8;
        size -= 8;
    }
    while (size--)
        crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xFF];
    return ~crc;
}

} // namespace

std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc) {
    const auto* p = static_cast<const unsigned char*>(data);
#if defined(__x86_64__)
    if (kHardware) return crc32cHardware(p, size, crc);
#endif
    return crc32cTable(p, size, crc);
}

} // namespace dw
