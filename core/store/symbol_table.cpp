#include "store/symbol_table.h"

#include "util/hash.h"

namespace dw {

SymbolTable::Id SymbolTable::find(std::string_view text) const {
    const std::uint32_t id =
        m_ids.find(hashBytes(text), [&](std::uint32_t candidate) { return m_texts[candidate] == text; });
    return id == HashIndex::kNone ? kMissing : id;
}

SymbolTable::Id SymbolTable::intern(std::string_view text) {
    const std::uint64_t hash = hashBytes(text);
    const std::uint32_t existing =
        m_ids.find(hash, [&](std::uint32_t candidate) { return m_texts[candidate] == text; });
    if (existing != HashIndex::kNone) return existing;
    const Id id = Id(m_texts.size());
    m_texts.push_back(m_arena.store(text));
    m_ids.insert(hash, id);
    return id;
}

std::size_t SymbolTable::byteSize() const {
    return m_arena.capacity() + m_texts.capacity() * sizeof(std::string_view) + m_ids.byteSize();
}

} // namespace dw
