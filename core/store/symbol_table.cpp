#include "store/symbol_table.h"

namespace dw {

SymbolTable::Id SymbolTable::intern(std::string_view text) {
    if (const auto it = m_ids.find(text); it != m_ids.end()) return it->second;
    const Id id = Id(m_strings.size());
    const std::string& stored = m_strings.emplace_back(text);
    m_ids.emplace(std::string_view(stored), id);
    m_bytes += stored.capacity() + sizeof(std::string) + 32; // the map node, roughly
    return id;
}

SymbolTable::Id SymbolTable::find(std::string_view text) const {
    const auto it = m_ids.find(text);
    return it == m_ids.end() ? kMissing : it->second;
}

} // namespace dw
