#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dw {

// Interns label names and values: each distinct string is stored once and named by a 32-bit id, so a
// series' label set is a few integers and repeated strings cost nothing. Strings live as long as the table.
// Thread-safety: none; SeriesStore serialises access.
class SymbolTable {
public:
    using Id = std::uint32_t;
    static constexpr Id kMissing = ~Id(0);

    Id intern(std::string_view text);
    Id find(std::string_view text) const;
    std::string_view text(Id id) const { return m_strings[id]; }
    std::size_t size() const { return m_strings.size(); }
    std::size_t byteSize() const { return m_bytes; }

private:
    std::deque<std::string> m_strings; // a deque keeps the views in m_ids valid as it grows
    std::unordered_map<std::string_view, Id> m_ids;
    std::size_t m_bytes = 0;
};

} // namespace dw
