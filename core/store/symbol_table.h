#pragma once

#include "util/hash_index.h"
#include "util/text_arena.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace dw {

// Interns label names and values: each distinct string is stored once and named by a 32-bit id, so a
// series' label set is a few integers and repeated strings cost nothing. Strings live as long as the table,
// in one arena (no allocation per string) and found through a flat hash index.
// Thread-safety: none; SeriesStore serialises access.
class SymbolTable {
public:
    using Id = std::uint32_t;
    static constexpr Id kMissing = ~Id(0);

    Id intern(std::string_view text);
    Id find(std::string_view text) const;
    std::string_view text(Id id) const { return m_texts[id]; }
    std::size_t size() const { return m_texts.size(); }
    // Bytes held: the arena's blocks, the views and the index.
    std::size_t byteSize() const;

private:
    TextArena m_arena;
    std::vector<std::string_view> m_texts;
    HashIndex m_ids;
};

} // namespace dw
