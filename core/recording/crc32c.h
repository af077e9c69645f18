#pragma once

#include <cstddef>
#include <cstdint>

namespace dw {

// CRC-32C (Castagnoli), the checksum of every recording record: the one iSCSI, ext4 and LevelDB use,
// stronger than CRC-32 for short messages. crc32c("123456789") == 0xE3069283.
// Thread-safety: a pure function.
std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc = 0);

} // namespace dw
