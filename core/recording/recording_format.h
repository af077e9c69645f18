#pragma once

#include "model/labels.h"

#include <cstdint>
#include <string>

namespace dw {

// The recording file format, version 1 (docs/recording-format.md is the specification for other tools).
// A file is the 8-byte file magic, then records. Each record is a 16-byte header — magic "DWRR", type
// (u8), three zero bytes, payload length (u32 LE), CRC-32C (u32 LE) of header bytes 4..11 and the
// payload — then the payload. Records are only ever appended.
namespace recording {
constexpr char kFileMagic[8] = {'D', 'W', 'R', 'E', 'C', '\r', '\n', '\x1a'};
constexpr char kRecordMagic[4] = {'D', 'W', 'R', 'R'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderSize = 16;
constexpr std::uint32_t kMaxPayload = 512u << 20; // larger lengths are corruption
enum class RecordType : std::uint8_t { Info = 1, Target = 2, Scrape = 3 };
// Scrape flags.
constexpr std::uint8_t kScrapeOk = 1;      // the fetch succeeded (HTTP 2xx, body read)
constexpr std::uint8_t kScrapeKey = 2;     // the body is compressed alone, not against the previous
constexpr std::uint8_t kScrapeHasBody = 4; // a body follows (failed fetches have none)
} // namespace recording

// A target as recorded: never its credentials.
struct RecordedTarget {
    std::uint32_t id = 0;
    std::string url; // without user information
    std::string job;
    Labels labels; // target labels, job and instance included
    std::int64_t intervalMs = 0;
    std::int64_t timeoutMs = 0;
};

// One scrape as received.
struct RecordedScrape {
    std::uint32_t target = 0;
    std::int64_t timestampMs = 0; // when the scrape started (the samples' timestamp)
    std::int64_t durationMs = 0;
    int status = 0; // HTTP status; 0 when no response
    bool ok = false;
    std::int64_t bodySize = 0; // as reported by the scrape (-1: the body limit was hit)
    std::string contentType;
    std::string error;
    std::string body; // decompressed, byte for byte as the target sent it
    bool key = false; // stored as a key record (no reference to the previous body)
};

} // namespace dw
