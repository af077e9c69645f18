#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace dw {

// A fast 64-bit hash for series keys (not cryptographic). Reads eight bytes at a time and mixes with
// multiply-xorshift steps; good enough distribution for hash tables keyed by label text.
__extension__ using Uint128 = unsigned __int128;

inline std::uint64_t hashMix(std::uint64_t a, std::uint64_t b) {
    const Uint128 product = Uint128(a ^ 0x9e3779b97f4a7c15ULL) * (b ^ 0xd6e8feb86659fd93ULL);
    return std::uint64_t(product) ^ std::uint64_t(product >> 64);
}

inline std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed = 0x243f6a8885a308d3ULL) {
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    std::uint64_t h = seed ^ n;
    while (n >= 16) {
        std::uint64_t a, b;
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + 8, 8);
        h = hashMix(a ^ h, b);
        p += 16;
        n -= 16;
    }
    std::uint64_t a = 0, b = 0;
    if (n >= 8) {
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + n - 8, 8);
    } else if (n > 0) {
        std::memcpy(&a, p, n > 4 ? 4 : n);
        std::memcpy(&b, p + n - (n > 4 ? 4 : n), n > 4 ? 4 : n);
    }
    return hashMix(a ^ h, b ^ (n << 56));
}

} // namespace dw
